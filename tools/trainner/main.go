// Command trainner trains the named-entity tagger of internal/entity/ner
// from the openly licensed corpora in tools/trainner/data and writes the
// model that the package embeds. With -cv it instead cross-validates by
// document on wikigold and re3d and prints the scores of eval ner.
//
//	go run ./tools/trainner -out internal/entity/ner/model.bin.gz
//	go run ./tools/trainner -cv 5
//	go run ./tools/trainner -wordnet /usr/share/wordnet   # rebuild the lexicon
//
// The data, their licences and the tag mappings are listed in
// internal/entity/ner/PROVENANCE.md.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/eval"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "trainner:", err)
		os.Exit(1)
	}
}

// corpus is one training file and how its tags map onto ours.
type corpus struct {
	file   string
	scheme string // conll, btc, re3d, wnut, docred, crossner or uner
	repeat int    // times the corpus is given per epoch (in-domain weight)
}

var corpora = []corpus{
	{"wikigold_dev.conll.gz", "conll", 2},
	{"re3d_open_dev.conll.gz", "re3d", 2},
	{"btc.conll.gz", "btc", 1},
	{"wnut17_train_dev.conll.gz", "wnut", 1},
	{"redocred_dev.conll.gz", "docred", 1},
	{"crossner_train_dev.conll.gz", "crossner", 1},
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("trainner", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", "tools/trainner/data", "directory of the training corpora")
	out := fs.String("out", "internal/entity/ner/model.bin.gz", "where to write the model")
	epochs := fs.Int("epochs", 10, "training epochs")
	minCount := fs.Int("mincount", 1, "drop features seen fewer times")
	cv := fs.Int("cv", 0, "cross-validate with this many folds by document instead of training")
	only := fs.String("only", "", "comma-separated corpus files to use (default all)")
	dump := fs.String("dump", "", "with -cv, write token, gold and predicted tag of every held-out token to this file prefix")
	wordnet := fs.String("wordnet", "", "build the tagger's lexicon from this WordNet 3.0 directory (e.g. /usr/share/wordnet) into -lexicon, and exit")
	lexOut := fs.String("lexicon", "internal/entity/ner/lexicon.txt.gz", "where -wordnet writes the lexicon")
	inDomain := fs.Int("repeat", 0, "times wikigold and re3d are given per epoch (0: the default in corpora)")
	bySentence := fs.Bool("sentences", false, "with -cv, tag held-out sentences one by one (as Tag and eval ner do) instead of whole documents")
	mask := fs.Bool("mask", true, "treat untagged name-like words of the tweet corpora as unknown (O or MISC) rather than O")
	imp := fs.String("import", "", "convert the upstream files named as arguments from this format (docred, crossner or uner) into gzipped CoNLL at -importout, and exit")
	impOut := fs.String("importout", "", "where -import writes")
	add := fs.String("add", "", "comma-separated FILE=SCHEME: corpora of -data to train on besides the shipped ones, given once an epoch (for trying a new corpus; SCHEME as in mapping.go, e.g. uner)")
	weights := fs.String("weight", "", "comma-separated FILE=N: times each named corpus is given per epoch (overrides -repeat and the defaults)")
	score := fs.String("score", "wikigold,re3d", "with -cv, the corpora (file-name prefixes) to cross-validate and score")
	heldOut := fs.Bool("heldout", false, "with -cv, score each -score corpus with a model trained on the other corpora only, not on any of its folds")
	headlines := fs.Bool("headlines", true, "give half the documents of the edited corpora a title-cased copy of a short sentence as a headline (augment.go)")
	show := fs.Bool("show", false, "print the mentions the embedded model finds in the files named as arguments, and exit")
	showModel := fs.String("model", "", "with -show, use this model file instead of the embedded one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *inDomain > 0 {
		for i := range corpora {
			if strings.HasPrefix(corpora[i].file, "wikigold") || strings.HasPrefix(corpora[i].file, "re3d") {
				corpora[i].repeat = *inDomain
			}
		}
	}
	for _, kv := range strings.Split(*add, ",") {
		if kv == "" {
			continue
		}
		name, scheme, ok := strings.Cut(kv, "=")
		if !ok || name == "" || !strings.Contains(" conll btc re3d wnut docred crossner uner ", " "+scheme+" ") {
			return fmt.Errorf("-add: want FILE=SCHEME with a scheme of mapping.go, got %q", kv)
		}
		corpora = append(corpora, corpus{name, scheme, 1})
	}
	for _, kv := range strings.Split(*weights, ",") {
		if kv == "" {
			continue
		}
		name, n, ok := strings.Cut(kv, "=")
		r, err := strconv.Atoi(n)
		if !ok || err != nil || r < 1 {
			return fmt.Errorf("-weight: want FILE=N with N ≥ 1, got %q", kv)
		}
		found := false
		for i := range corpora {
			if corpora[i].file == name {
				corpora[i].repeat, found = r, true
			}
		}
		if !found {
			return fmt.Errorf("-weight: no corpus %q", name)
		}
	}
	if *wordnet != "" {
		return buildLexicon(*wordnet, *lexOut)
	}
	if *imp != "" {
		if *impOut == "" || fs.NArg() == 0 {
			return fmt.Errorf("-import needs -importout and input files")
		}
		return importCorpus(*imp, fs.Args(), *impOut)
	}
	if *show {
		return showMentions(*showModel, fs.Args(), stdout)
	}
	g, err := gazetteer.Default()
	if err != nil {
		return err
	}
	// Words the tweet corpora write in lower case somewhere: a capitalised
	// word that never is looks like a name, and where such a tweet word is
	// untagged, its tag is treated as unknown (mapping.go, maskUntyped).
	var lowerSeen map[string]bool
	if *mask {
		lowerSeen = map[string]bool{}
		for _, c := range corpora {
			if !isTweets(c.file) {
				continue
			}
			sents, err := open(filepath.Join(*dataDir, c.file))
			if err != nil {
				return err
			}
			for _, s := range sents {
				for _, t := range s.Tokens {
					if isLowerWord(t) {
						lowerSeen[t] = true
					}
				}
			}
		}
	}
	var docs [][]doc
	var names []string
	for _, c := range corpora {
		if *only != "" && !strings.Contains(","+*only+",", ","+c.file+",") {
			continue
		}
		d, err := readCorpus(filepath.Join(*dataDir, c.file), c.scheme, g, lowerSeen)
		if err != nil {
			return err
		}
		docs = append(docs, d)
		names = append(names, c.file)
	}
	opt := ner.TrainOptions{Epochs: *epochs, MinCount: *minCount, Seed: 1,
		Progress: func(e, errs, toks int) {
			fmt.Fprintf(stderr, "epoch %d: %d/%d tokens wrong (%.2f%%)\n", e, errs, toks, 100*float64(errs)/float64(toks))
		}}
	if *cv > 1 {
		return crossValidate(ctx, *dataDir, names, docs, *cv, opt, *dump, *bySentence, strings.Split(*score, ","), *heldOut, *headlines, stdout, stderr)
	}
	var train [][]ner.Sentence
	for i, d := range docs {
		train = append(train, expand(augment(d, names[i], *headlines), repeatOf(names[i]))...)
	}
	start := time.Now()
	m, err := ner.TrainDocs(ctx, train, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "trained on %d sentences in %s; wrote %s (%d bytes)\n", len(train), time.Since(start).Round(time.Second), *out, buf.Len())
	return nil
}

func repeatOf(name string) int {
	for _, c := range corpora {
		if c.file == name {
			return max(1, c.repeat)
		}
	}
	return 1
}

// doc is one document's sentences, in our types.
type doc []ner.Sentence

// augment adds headlines to a corpus's training documents when on and the
// corpus is edited prose. Held-out documents are never augmented: only
// training folds pass through here.
func augment(docs []doc, name string, on bool) []doc {
	if !on || !headlinesFor(name) {
		return docs
	}
	return withHeadlines(docs)
}

func expand(docs []doc, repeat int) [][]ner.Sentence {
	var out [][]ner.Sentence
	for range repeat {
		for _, d := range docs {
			out = append(out, d)
		}
	}
	return out
}

// crossValidate trains k models, each without one fold of the wikigold and
// re3d documents (the other corpora are always in), tags the held-out fold
// and scores the pooled predictions with eval's scorer against the
// original tags of each file.
//
// With heldOut, each scored corpus is instead tagged whole by one model
// trained on the other corpora only (none of its documents), which
// measures transfer from the other data alone.
func crossValidate(ctx context.Context, dataDir string, names []string, docs [][]doc, k int, opt ner.TrainOptions, dump string, bySentence bool, score []string, heldOut, headlines bool, stdout, stderr io.Writer) error {
	report := map[string]*eval.NERResult{}
	for ci, name := range names {
		scored := false
		for _, p := range score {
			scored = scored || p != "" && strings.HasPrefix(name, p)
		}
		if !scored {
			continue
		}
		// The gold tags in the file's own tag set, for scoring.
		raw, err := open(filepath.Join(dataDir, name))
		if err != nil {
			return err
		}
		pred := make([][]string, len(raw))
		folds := k
		if heldOut {
			folds = 1
		}
		for f := 0; f < folds; f++ {
			var train [][]ner.Sentence
			for cj, d := range docs {
				if cj == ci && heldOut {
					continue
				}
				if cj == ci {
					var keep []doc
					for di, dd := range d {
						if di%k != f {
							keep = append(keep, dd)
						}
					}
					train = append(train, expand(augment(keep, names[cj], headlines), repeatOf(names[cj]))...)
					continue
				}
				train = append(train, expand(augment(d, names[cj], headlines), repeatOf(names[cj]))...)
			}
			m, err := ner.TrainDocs(ctx, train, opt)
			if err != nil {
				return err
			}
			// Tag each held-out document whole, as Entities does.
			for lo := 0; lo < len(raw); {
				hi := lo
				for hi < len(raw) && raw[hi].Doc == raw[lo].Doc {
					hi++
				}
				held := raw[lo].Doc%k == f || heldOut
				if held && bySentence {
					for si := lo; si < hi; si++ {
						pred[si] = m.Tag(raw[si].Tokens)
					}
				} else if held {
					var sents [][]string
					for _, s := range raw[lo:hi] {
						sents = append(sents, s.Tokens)
					}
					copy(pred[lo:hi], m.TagDocument(sents))
				}
				lo = hi
			}
			fmt.Fprintf(stderr, "%s: fold %d/%d done\n", name, f+1, folds)
		}
		if dump != "" {
			var b strings.Builder
			for si, s := range raw {
				for i, t := range s.Tokens {
					fmt.Fprintf(&b, "%s %s %s\n", t, s.Tags[i], pred[si][i])
				}
				b.WriteString("\n")
			}
			if err := os.WriteFile(dump+name+".txt", []byte(b.String()), 0o644); err != nil {
				return err
			}
		}
		next := 0
		res, err := eval.ScoreNER(ctx, raw, func([]string) []string { next++; return pred[next-1] })
		if err != nil {
			return err
		}
		report[name] = res
		how := fmt.Sprintf("%d-fold cross-validation by document", k)
		if heldOut {
			how = "trained on the other corpora only"
		}
		fmt.Fprintf(stdout, "== %s, %s\n%s\n", name, how, eval.FormatNER(res))
	}
	b, err := json.Marshal(report)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, string(b))
	return nil
}

func open(path string) ([]eval.NERSentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, err := eval.ReadCoNLL(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// readCorpus reads a corpus and maps its tags onto ours, grouped by document.
// Files without -DOCSTART- lines (the tweets) have one document a sentence.
func readCorpus(path, scheme string, g *gazetteer.Gazetteer, lowerSeen map[string]bool) ([]doc, error) {
	sents, err := open(path)
	if err != nil {
		return nil, err
	}
	var docs []doc
	last := -1
	for _, s := range sents {
		tags := mapTags(s.Tokens, s.Tags, scheme, g, lowerSeen)
		if s.Doc != last || isTweets(path) {
			docs = append(docs, nil)
			last = s.Doc
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], ner.Sentence{Tokens: s.Tokens, Tags: tags})
	}
	return docs, nil
}

func isTweets(path string) bool {
	b := filepath.Base(path)
	return strings.HasPrefix(b, "btc") || strings.HasPrefix(b, "wnut")
}

// showMentions prints the mentions a model (the embedded one when
// modelPath is "") finds, one a line: file, byte offsets, type and text.
// It is for checking a model by eye, and for comparing two models before
// one of them is shipped.
func showMentions(modelPath string, files []string, stdout io.Writer) error {
	m, err := ner.Load()
	if modelPath != "" {
		var f *os.File
		if f, err = os.Open(modelPath); err != nil {
			return err
		}
		defer f.Close()
		m, err = ner.Read(f)
	}
	if err != nil {
		return err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, mn := range m.Entities(string(b)) {
			fmt.Fprintf(stdout, "%s\t%d\t%d\t%s\t%s\n", filepath.Base(f), mn.Start, mn.End, mn.Type, mn.Text)
		}
	}
	return nil
}
