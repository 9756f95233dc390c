package eval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// NERResult is the entity-level score of a tagger on a CoNLL file: exact
// span and type, micro-averaged, as conlleval computes it.
type NERResult struct {
	F1        float64                  `json:"f1"`
	Precision float64                  `json:"precision"`
	Recall    float64                  `json:"recall"`
	PerType   map[string]NERTypeResult `json:"per_type"`
	Sentences int                      `json:"sentences"`
	Tokens    int                      `json:"tokens"`
	Scheme    string                   `json:"scheme"` // the tag set the file was read as: conll, re3d or triangulate
}

// NERTypeResult is the score of one of the file's types.
type NERTypeResult struct {
	F1        float64 `json:"f1"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
}

// NERSentence is one sentence of a CoNLL file.
type NERSentence struct {
	Tokens []string
	Tags   []string
	Doc    int // index of the document (between -DOCSTART- lines), from 0
}

// ReadCoNLL reads a file of `token TAG` lines (the last field is the tag),
// blank lines between sentences and -DOCSTART- lines between documents.
// IO tags are read as IOB2 would: a mention starts wherever the type changes.
func ReadCoNLL(r io.Reader) ([]NERSentence, error) {
	var out []NERSentence
	var cur NERSentence
	doc := 0
	flush := func() {
		if len(cur.Tokens) > 0 {
			cur.Doc = doc
			out = append(out, cur)
		}
		cur = NERSentence{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			flush()
			continue
		}
		f := strings.Fields(line)
		if f[0] == "-DOCSTART-" {
			flush()
			if len(out) > 0 && out[len(out)-1].Doc == doc {
				doc++
			}
			continue
		}
		tag := f[len(f)-1]
		tok := f[0]
		if len(f) < 2 {
			// A token of only Unicode spaces (seen in tweet corpora)
			// vanishes from the fields; keep its place.
			raw := strings.TrimRight(sc.Text(), "\r\n")
			if !strings.ContainsAny(raw, " \t") {
				return nil, fmt.Errorf("line %d: want `token TAG`, got %q", n, line)
			}
			tok = "_"
		}
		if tag != "O" && (len(tag) < 3 || (tag[0] != 'B' && tag[0] != 'I') || tag[1] != '-') {
			return nil, fmt.Errorf("line %d: bad tag %q", n, tag)
		}
		cur.Tokens = append(cur.Tokens, tok)
		cur.Tags = append(cur.Tags, tag)
	}
	flush()
	return out, sc.Err()
}

// NER scores tag, a tagger producing Triangulate's types (PERSON, ORG, GPE,
// LOC, FACILITY, WEAPON, EVENT, MISC), on the CoNLL file at path. Predicted
// types are mapped onto the file's tag set (see nerScheme); gold types the
// tagger has no counterpart for are left out of the score.
func NER(ctx context.Context, path string, tag func(tokens []string) []string) (*NERResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval ner: %w", err)
	}
	defer f.Close()
	sents, err := ReadCoNLL(f)
	if err != nil {
		return nil, fmt.Errorf("eval ner: %s: %w", path, err)
	}
	res, err := ScoreNER(ctx, sents, tag)
	if err != nil {
		return nil, fmt.Errorf("eval ner: %s: %w", path, err)
	}
	return res, nil
}

// NERDocs is NER for a tagger that reads a whole document at once (its
// features look at how a word is written and tagged elsewhere in the
// document): tagDoc gets every sentence of one document and returns their
// tags.
func NERDocs(ctx context.Context, path string, tagDoc func(sents [][]string) [][]string) (*NERResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval ner: %w", err)
	}
	defer f.Close()
	sents, err := ReadCoNLL(f)
	if err != nil {
		return nil, fmt.Errorf("eval ner: %s: %w", path, err)
	}
	pred := make([][]string, len(sents))
	for start := 0; start < len(sents); {
		end := start
		var doc [][]string
		for end < len(sents) && sents[end].Doc == sents[start].Doc {
			doc = append(doc, sents[end].Tokens)
			end++
		}
		tags := tagDoc(doc)
		for i := start; i < end && i-start < len(tags); i++ {
			pred[i] = tags[i-start]
		}
		start = end
	}
	next := 0
	res, err := ScoreNER(ctx, sents, func([]string) []string { next++; return pred[next-1] })
	if err != nil {
		return nil, fmt.Errorf("eval ner: %s: %w", path, err)
	}
	return res, nil
}

// ScoreNER is NER over sentences already read.
func ScoreNER(ctx context.Context, sents []NERSentence, tag func(tokens []string) []string) (*NERResult, error) {
	scheme := detectScheme(sents)
	type count struct{ gold, pred, correct int }
	counts := map[string]*count{}
	get := func(t string) *count {
		c, ok := counts[t]
		if !ok {
			c = &count{}
			counts[t] = c
		}
		return c
	}
	res := &NERResult{Scheme: scheme.name, PerType: map[string]NERTypeResult{}}
	for i, s := range sents {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		pred := tag(s.Tokens)
		if len(pred) != len(s.Tokens) {
			return nil, fmt.Errorf("sentence %d: tagger returned %d tags for %d tokens", i+1, len(pred), len(s.Tokens))
		}
		res.Sentences++
		res.Tokens += len(s.Tokens)
		gold := spans(s.Tags, scheme.gold)
		guess := spans(pred, scheme.pred)
		for _, g := range gold {
			get(g.typ).gold++
		}
		for _, p := range guess {
			c := get(p.typ)
			c.pred++
			if slices.Contains(gold, p) {
				c.correct++
			}
		}
	}
	var tg, tp, tc int
	for t, c := range counts {
		p, r, f := prf(c.correct, c.pred, c.gold)
		res.PerType[t] = NERTypeResult{F1: f, Precision: p, Recall: r, Gold: c.gold, Predicted: c.pred, Correct: c.correct}
		tg, tp, tc = tg+c.gold, tp+c.pred, tc+c.correct
	}
	res.Precision, res.Recall, res.F1 = prf(tc, tp, tg)
	return res, nil
}

func prf(correct, pred, gold int) (p, r, f float64) {
	if pred > 0 {
		p = float64(correct) / float64(pred)
	}
	if gold > 0 {
		r = float64(correct) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

type span struct {
	start, end int
	typ        string
}

// spans reads mentions from BIO (or IO) tags, renaming types with rename;
// a type renamed to "" is dropped.
func spans(tags []string, rename map[string]string) []span {
	var out []span
	open := false
	for i, t := range tags {
		typ := ""
		if t != "O" && len(t) > 2 {
			typ = t[2:]
			if r, ok := rename[typ]; ok {
				typ = r
			}
		}
		if typ == "" {
			open = false
			continue
		}
		if open && t[0] == 'I' && out[len(out)-1].typ == typ && out[len(out)-1].end == i {
			out[len(out)-1].end = i + 1
			continue
		}
		out = append(out, span{i, i + 1, typ})
		open = true
	}
	return out
}

// nerScheme maps gold and predicted types onto one tag set.
type nerScheme struct {
	name       string
	gold, pred map[string]string
}

// The tag sets NER knows, and how Triangulate's types map onto each.
//
//   - conll (wikigold, CoNLL-style PER/ORG/LOC/MISC): PERSON→PER, ORG→ORG,
//     GPE/LOC/FACILITY→LOC, WEAPON/EVENT/MISC→MISC.
//   - re3d: PERSON→Person, ORG→Organisation, GPE/LOC/FACILITY→Location,
//     MISC→Nationality, WEAPON→Weapon, and gold MilitaryPlatform is scored
//     as Weapon (we have one type for both). Gold Temporal, Quantity, Money
//     and DocumentReference are left out: no named-entity tagger of ours
//     produces them, and counting them would only measure that.
//   - triangulate: the file uses our own types; nothing is renamed.
var (
	conllScheme = nerScheme{
		name: "conll",
		gold: map[string]string{},
		pred: map[string]string{
			"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC",
			"FACILITY": "LOC", "WEAPON": "MISC", "EVENT": "MISC", "MISC": "MISC",
		},
	}
	re3dScheme = nerScheme{
		name: "re3d",
		gold: map[string]string{
			"MilitaryPlatform": "Weapon", "Temporal": "", "Quantity": "",
			"Money": "", "DocumentReference": "",
		},
		pred: map[string]string{
			"PERSON": "Person", "ORG": "Organisation", "GPE": "Location",
			"LOC": "Location", "FACILITY": "Location", "MISC": "Nationality",
			"WEAPON": "Weapon", "EVENT": "",
		},
	}
	ourScheme = nerScheme{name: "triangulate", gold: map[string]string{}, pred: map[string]string{}}
)

// detectScheme chooses the mapping from the gold types present.
func detectScheme(sents []NERSentence) nerScheme {
	seen := map[string]bool{}
	for _, s := range sents {
		for _, t := range s.Tags {
			if len(t) > 2 {
				seen[t[2:]] = true
			}
		}
	}
	for _, t := range []string{"Person", "Organisation", "Location", "Nationality", "Weapon", "MilitaryPlatform"} {
		if seen[t] {
			return re3dScheme
		}
	}
	for _, t := range []string{"PERSON", "GPE", "FACILITY", "WEAPON", "EVENT"} {
		if seen[t] {
			return ourScheme
		}
	}
	return conllScheme
}

// FormatNER renders a result as a table, per type then overall.
func FormatNER(r *NERResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %9s %9s %9s %6s %6s %6s\n", "type", "precision", "recall", "f1", "gold", "pred", "ok")
	types := make([]string, 0, len(r.PerType))
	for t := range r.PerType {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, t := range types {
		x := r.PerType[t]
		fmt.Fprintf(&b, "%-14s %9.4f %9.4f %9.4f %6d %6d %6d\n", t, x.Precision, x.Recall, x.F1, x.Gold, x.Predicted, x.Correct)
	}
	fmt.Fprintf(&b, "%-14s %9.4f %9.4f %9.4f   (%d sentences, %d tokens, %s tags)\n", "overall", r.Precision, r.Recall, r.F1, r.Sentences, r.Tokens, r.Scheme)
	return b.String()
}
