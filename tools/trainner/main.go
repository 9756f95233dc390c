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
	scheme string // conll, btc, re3d or wnut
	repeat int    // times the corpus is given per epoch (in-domain weight)
}

var corpora = []corpus{
	{"wikigold_dev.conll.gz", "conll", 2},
	{"re3d_open_dev.conll.gz", "re3d", 2},
	{"btc.conll.gz", "btc", 1},
	{"wnut17_train_dev.conll.gz", "wnut", 1},
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
	show := fs.Bool("show", false, "print the mentions the embedded model finds in the files named as arguments, and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *inDomain > 0 {
		for i := range corpora {
			if !isTweets(corpora[i].file) {
				corpora[i].repeat = *inDomain
			}
		}
	}
	if *wordnet != "" {
		return buildLexicon(*wordnet, *lexOut)
	}
	if *show {
		return showMentions(fs.Args(), stdout)
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
		return crossValidate(ctx, *dataDir, names, docs, *cv, opt, *dump, *bySentence, stdout, stderr)
	}
	var train [][]ner.Sentence
	for i, d := range docs {
		train = append(train, expand(d, repeatOf(names[i]))...)
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
func crossValidate(ctx context.Context, dataDir string, names []string, docs [][]doc, k int, opt ner.TrainOptions, dump string, bySentence bool, stdout, stderr io.Writer) error {
	report := map[string]*eval.NERResult{}
	for ci, name := range names {
		if !strings.HasPrefix(name, "wikigold") && !strings.HasPrefix(name, "re3d") {
			continue
		}
		// The gold tags in the file's own tag set, for scoring.
		raw, err := open(filepath.Join(dataDir, name))
		if err != nil {
			return err
		}
		pred := make([][]string, len(raw))
		for f := 0; f < k; f++ {
			var train [][]ner.Sentence
			for cj, d := range docs {
				if cj == ci {
					var keep []doc
					for di, dd := range d {
						if di%k != f {
							keep = append(keep, dd)
						}
					}
					train = append(train, expand(keep, repeatOf(names[cj]))...)
					continue
				}
				train = append(train, expand(d, repeatOf(names[cj]))...)
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
				if raw[lo].Doc%k == f && bySentence {
					for si := lo; si < hi; si++ {
						pred[si] = m.Tag(raw[si].Tokens)
					}
				} else if raw[lo].Doc%k == f {
					var sents [][]string
					for _, s := range raw[lo:hi] {
						sents = append(sents, s.Tokens)
					}
					copy(pred[lo:hi], m.TagDocument(sents))
				}
				lo = hi
			}
			fmt.Fprintf(stderr, "%s: fold %d/%d done\n", name, f+1, k)
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
		fmt.Fprintf(stdout, "== %s, %d-fold cross-validation by document\n%s\n", name, k, eval.FormatNER(res))
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

// showMentions prints the mentions the embedded model finds, one a line:
// file, byte offsets, type and text. It is for checking a model by eye.
func showMentions(files []string, stdout io.Writer) error {
	m, err := ner.Load()
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
