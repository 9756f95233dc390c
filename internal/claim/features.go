package claim

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
	"github.com/triangulate/triangulate/internal/timeline"
)

// sent is one sentence of one article with what a claim is made of: the
// entities it names (as comparison keys), its content words (stemmed,
// paraphrases folded into concepts), its numbers and its dates.
type sent struct {
	art   int // index of the article in the input
	group int // source group
	span  news.Span
	text  string

	words []string  // lower-cased tokens
	offs  [][2]int  // their byte offsets in the article
	ents  []entRef  // entity mentions, in order
	keys  []string  // distinct entity keys, sorted
	stems []string  // distinct content stems and "@concept"s, sorted
	preds []predRef // predicate concepts with their token positions
	qs    []Quantity
	dates []timeline.Expr // resolved date expressions

	sups []superlative

	// stemW are the IDF weights of stems and stemSum their sum, in stems
	// order, set by newIDF so that matching does no map look-ups.
	stemW   []float64
	stemSum float64

	aggregate bool // "in total", "so far": a running total, not one happening
	quoted    bool // starts inside a quotation
	skip      bool // question, boilerplate, opinion or fragment: never a claim
	worthy    bool // names something and states a number, a date or an event
}

type entRef struct {
	key        string
	id         string
	typ        string
	start, end int // byte offsets in the article
	tok        int // first token index in the sentence
}

type predRef struct {
	concept string
	tok     int
}

// mention is an entity mention with the entity's comparison key.
type mention struct {
	start, end int
	key, id    string
	typ        string
}

// keyer gives entities comparison keys in which a country, its capital,
// its government seat and its demonym are one ("Tehran", "Iranian",
// "Iran"), since news uses them interchangeably for the same actor.
type keyer struct {
	gz *gazetteer.Gazetteer
}

func (k keyer) key(e news.Entity) string {
	n := strings.ToLower(strings.TrimSpace(e.Name))
	if c, ok := capitals[n]; ok {
		return "gpe:" + c
	}
	if c, ok := demonyms[n]; ok {
		return "gpe:" + c
	}
	switch e.Type {
	case "GPE":
		return "gpe:" + n
	case "MISC", "NORP":
		if c := k.country(e.Name); c != "" {
			return "gpe:" + c
		}
	}
	return "e:" + e.ID
}

// country derives the country of a demonym by its common suffixes
// ("Ukrainian" → Ukraine, "Russian" → Russia, "Chinese" → China), checked
// against the gazetteer so that a guess never invents a country.
func (k keyer) country(name string) string {
	if k.gz == nil || strings.ContainsRune(name, ' ') {
		return ""
	}
	name = strings.TrimSuffix(name, "s")
	type rule struct{ cut, add string }
	rules := []rule{{"ian", ""}, {"ian", "e"}, {"ian", "a"}, {"ian", "ia"}, {"n", ""}, {"an", ""}, {"an", "a"},
		{"ese", ""}, {"ese", "a"}, {"i", ""}, {"ish", "ey"}, {"ish", "land"}, {"ish", ""}, {"", "y"}, {"ean", "ea"}}
	for _, r := range rules {
		if !strings.HasSuffix(name, r.cut) || len(name)-len(r.cut) < 3 {
			continue
		}
		c := name[:len(name)-len(r.cut)] + r.add
		if kind, ok := k.gz.Lookup(c); ok && kind == gazetteer.GPE {
			return strings.ToLower(c)
		}
	}
	return ""
}

var (
	reBoilerplate = foldRegexp{regexp.MustCompile(`(?i)\b(for comment|request comment|sign up|subscribe|newsletter|click here|read more|all rights reserved|copyright|follow us|contributed to this report|did not immediately respond|could not be reached|has contacted|getty images|photo:|image:|updated:|published:)`),
		[]string{"for comment", "request comment", "sign up", "subscribe", "newsletter", "click here", "read more", "all rights reserved", "copyright", "follow us", "contributed to this report", "did not immediately respond", "could not be reached", "has contacted", "getty images", "photo:", "image:", "updated:", "published:"}}
	reOpinion = foldRegexp{regexp.MustCompile(`(?i)\b(i think|i believe|i suspect|i hope|i feel|in my (view|opinion)|we must|we should|we need to|frankly)\b`),
		[]string{"i think", "i believe", "i suspect", "i hope", "i feel", "in my view", "in my opinion", "we must", "we should", "we need to", "frankly"}}
	reAggregate = foldRegexp{regexp.MustCompile(`(?i)\b(in total|a total of|total of|cumulative|altogether|all told|overall|so far|to date|since (19|20)\d\d|since the (start|beginning))\b`),
		[]string{"in total", "total of", "cumulative", "altogether", "all told", "overall", "so far", "to date", "since 19", "since 20", "since the start", "since the beginning"}}
)

// foldRegexp is a case-insensitive regexp with the lower-case literals one
// of which every match contains. Most sentences contain none, and testing
// that with strings.Contains is two orders of magnitude cheaper than the
// backtracker, which is tried only when a literal is there; the answer is
// always the regexp's.
type foldRegexp struct {
	re   *regexp.Regexp
	lits []string // lower-case ASCII
}

// MatchString reports whether re matches s; low is asciiLower(s).
func (f foldRegexp) MatchString(s, low string) bool {
	// (?i) folds 'k' with U+212A KELVIN SIGN and 's' with U+017F LONG S,
	// which ASCII lowering leaves alone: then only the regexp can tell.
	if strings.Contains(s, "\u212a") || strings.Contains(s, "\u017f") {
		return f.re.MatchString(s)
	}
	for _, l := range f.lits {
		if strings.Contains(low, l) {
			return f.re.MatchString(s)
		}
	}
	return false
}

// asciiLower lower-cases the ASCII letters of s and leaves every other
// byte as it is, so that offsets and non-ASCII text are unchanged.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// apostrophes folds typographic apostrophes into ASCII ones; built once
// because building a Replacer costs more than running it.
var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

// analyse builds the sentences of every article.
func analyse(in Input, k keyer) []sent {
	groupOf := map[string]int{}
	for g, ids := range in.Groups {
		for _, id := range ids {
			groupOf[id] = g
		}
	}
	ments := map[string][]mention{}
	for _, e := range in.Entities {
		key := k.key(e)
		for _, m := range e.Mentions {
			ments[m.Article] = append(ments[m.Article], mention{m.Start, m.End, key, e.ID, e.Type})
		}
	}
	for id := range ments {
		ms := ments[id]
		sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	}
	var out []sent
	next := len(in.Groups)
	for ai, a := range in.Articles {
		g, ok := groupOf[a.ID]
		if !ok { // an article no group names stands alone
			g = next
			next++
		}
		ref := in.Ref[a.ID]
		exprs := timeline.Find(a.Text, ref)
		spans := a.Sentences
		if len(spans) == 0 {
			spans = text.Sentences(a.Text)
		}
		ms := ments[a.ID]
		for _, sp := range spans {
			if sp.Start < 0 || sp.End > len(a.Text) || sp.Start >= sp.End {
				continue
			}
			out = append(out, buildSent(a.Text, sp, ai, g, exprs, ms, k))
			last := &out[len(out)-1]
			last.sups = superlatives(len(out)-1, last, a.Text)
		}
	}
	return out
}

func buildSent(doc string, sp news.Span, ai, g int, exprs []timeline.Expr, ms []mention, k keyer) sent {
	s := sent{art: ai, group: g, span: sp, text: doc[sp.Start:sp.End]}
	toks := text.TokensIn(doc, sp)
	s.words = make([]string, len(toks))
	s.offs = make([][2]int, len(toks))
	for i, t := range toks {
		w := strings.ToLower(doc[t.Start:t.End])
		if strings.IndexByte(w, 0xE2) >= 0 { // the lead byte of ’ and ‘
			w = apostrophes.Replace(w)
		}
		s.words[i], s.offs[i] = w, [2]int{t.Start, t.End}
	}
	inDate := make([]bool, len(toks))
	for _, e := range exprs {
		if e.Start >= sp.End || e.End <= sp.Start {
			continue
		}
		if e.Date != "" {
			s.dates = append(s.dates, e)
		}
		for i, o := range s.offs {
			if o[0] < e.End && o[1] > e.Start {
				inDate[i] = true
			}
		}
	}
	for i, w := range s.words { // bare years are dates even where Find declined them
		if len(w) == 4 && w >= "1800" && w <= "2100" && w[0] <= '2' && allDigits(w) {
			inDate[i] = true
		}
	}
	inEnt := make([]bool, len(toks))
	keys := map[string]bool{}
	lo := sort.Search(len(ms), func(i int) bool { return ms[i].end > sp.Start })
	for _, m := range ms[lo:] {
		if m.start >= sp.End {
			break
		}
		if m.start < sp.Start || m.end > sp.End {
			continue
		}
		ti := -1
		for i, o := range s.offs {
			if o[0] < m.end && o[1] > m.start {
				inEnt[i] = true
				if ti < 0 {
					ti = i
				}
			}
		}
		s.ents = append(s.ents, entRef{key: m.key, id: m.id, typ: m.typ, start: m.start, end: m.end, tok: max(ti, 0)})
		keys[m.key] = true
	}
	// Places and nationalities the tagger missed ("the Ukrainian air
	// force") still say what a sentence is about: the gazetteer supplies
	// them as keys, never as entities.
	if k.gz != nil {
		orig := make([]string, len(toks))
		for i, t := range toks {
			orig[i] = doc[t.Start:t.End]
		}
		for _, m := range k.gz.Match(orig) {
			if m.Ambiguous || (m.Kind != gazetteer.GPE && m.Kind != gazetteer.NORP) || inEnt[m.Start] {
				continue
			}
			name := doc[toks[m.Start].Start:toks[m.End-1].End]
			typ := "GPE"
			if m.Kind == gazetteer.NORP {
				typ = "NORP"
			}
			if key := k.key(news.Entity{Name: name, Type: typ}); strings.HasPrefix(key, "gpe:") {
				keys[key] = true
				s.ents = append(s.ents, entRef{key: key, typ: typ, start: toks[m.Start].Start, end: toks[m.End-1].End, tok: m.Start})
				for i := m.Start; i < m.End; i++ {
					inEnt[i] = true
				}
			}
		}
		sort.SliceStable(s.ents, func(i, j int) bool { return s.ents[i].start < s.ents[j].start })
	}
	s.keys = sortedKeys(keys)

	stems := map[string]bool{}
	for i, w := range s.words {
		if inDate[i] || inEnt[i] || !isWord(w) || len(w) < 3 {
			continue
		}
		c := conceptOf(w)
		switch {
		case w == "down": // only "shot down", "brought down"
			c = ""
			if i > 0 && (stem(s.words[i-1]) == "shoot" || stem(s.words[i-1]) == "bring") {
				c = "down"
			}
		case w == "back" || w == "free" || w == "fire" && i > 0 && (s.words[i-1] == "a" || s.words[i-1] == "the"):
			c = "" // adverb, adjective or noun far more often than the event
		case stem(w) == "shoot" && i+1 < len(s.words) && s.words[i+1] == "down":
			c = "down"
		}
		if c != "" {
			stems["@"+c] = true
			s.preds = append(s.preds, predRef{c, i})
			continue
		}
		if stopwords[w] {
			continue
		}
		stems[stem(w)] = true
	}
	s.stems = sortedKeys(stems)
	s.qs = quantities(s.words, s.offs, inDate)
	low := asciiLower(s.text)
	s.aggregate = reAggregate.MatchString(s.text, low)
	s.quoted = strings.HasPrefix(s.text, "“") || strings.HasPrefix(s.text, "\"")
	s.skip = skipSentence(s, low)
	s.worthy = !s.skip && len(s.keys) > 0 && (len(s.qs) > 0 || len(s.dates) > 0 || len(s.preds) > 0)
	return s
}

// skipSentence reports sentences that are not checkable statements:
// questions, site boilerplate, first-person opinion and fragments.
// low is asciiLower(s.text).
func skipSentence(s sent, low string) bool {
	t := strings.TrimRight(s.text, "”\"’' )")
	nWords := 0
	for _, w := range s.words {
		if isWord(w) {
			nWords++
		}
	}
	switch {
	case nWords < 6 || nWords > 90:
		return true
	case strings.HasSuffix(t, "?"), strings.HasSuffix(t, ","):
		return true
	case reBoilerplate.MatchString(s.text, low):
		return true
	case reOpinion.MatchString(s.text, low):
		return true
	}
	if r, _ := utf8.DecodeRuneInString(s.text); unicode.IsLower(r) {
		return true // a fragment split off a longer sentence
	}
	return false
}

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// intersect counts the common elements of two sorted lists.
func intersect(a, b []string) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// idf weighs content stems by how rare they are among the story's
// sentences, so that sharing "drone" in a story about drones says less
// than sharing "generator".
type idf map[string]float64

// newIDF also stores each sentence's stem weights in it (stemW,
// stemSum) for lexSimSent.
func newIDF(ss []sent) idf {
	df := map[string]int{}
	for _, s := range ss {
		for _, st := range s.stems {
			df[st]++
		}
	}
	w := make(idf, len(df))
	n := float64(len(ss))
	for st, d := range df {
		w[st] = math.Log(1 + n/float64(d))
	}
	for i := range ss {
		s := &ss[i]
		s.stemW = make([]float64, len(s.stems))
		s.stemSum = 0
		for k, x := range s.stems {
			s.stemW[k] = w[x]
			s.stemSum += w[x]
		}
	}
	return w
}

// lexSimSent is lexSim(a.stems, b.stems) from the weights newIDF stored:
// the same sums in the same order, so the same value to the last bit.
func (w idf) lexSimSent(a, b *sent) float64 {
	if len(a.stemW) != len(a.stems) || len(b.stemW) != len(b.stems) {
		return w.lexSim(a.stems, b.stems) // weights not stored: not from newIDF
	}
	var both float64
	i, j := 0, 0
	for i < len(a.stems) && j < len(b.stems) {
		switch {
		case a.stems[i] == b.stems[j]:
			both += a.stemW[i]
			i++
			j++
		case a.stems[i] < b.stems[j]:
			i++
		default:
			j++
		}
	}
	if a.stemSum+b.stemSum == 0 {
		return 0
	}
	return 2 * both / (a.stemSum + b.stemSum)
}

// lexSim is the weighted Dice overlap of two sentences' content stems.
func (w idf) lexSim(a, b []string) float64 {
	var sa, sb, both float64
	for _, x := range a {
		sa += w[x]
	}
	for _, x := range b {
		sb += w[x]
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			both += w[a[i]]
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	if sa+sb == 0 {
		return 0
	}
	return 2 * both / (sa + sb)
}
