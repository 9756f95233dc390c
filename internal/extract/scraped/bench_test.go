package scraped

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// benchDir is the article-extraction benchmark, beside the repository.
const benchDir = "../../../../shared/bench/extraction"

// TestExtractionBenchmarkAsText runs the cleaner on the extraction
// benchmark's pages rendered to plain text the way a scraper copies a page
// (every visible text, menus, footers and all, one block a line), and
// checks that cleaning raises the benchmark's shingle F1 well above the
// uncleaned text. It measures how the line heuristics generalise beyond
// the five seeds they were written against; the floors sit a little below
// the figures measured when they were set (see the log output).
func TestExtractionBenchmarkAsText(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 181 pages; skipped in -short mode")
	}
	gtBytes, err := os.ReadFile(filepath.Join(benchDir, "ground-truth.json"))
	if err != nil {
		t.Skip("extraction benchmark not found beside the repository")
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(gtBytes, &gt); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	corpus := NewCorpus()
	for id := range gt {
		s, err := renderText(filepath.Join(benchDir, "html", id+".html.gz"))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		texts[id] = s
		corpus.Add(s)
	}
	var raw, clean, cleanNoCorpus score
	for id, want := range gt {
		raw.add(texts[id], want.ArticleBody)
		clean.add(Clean(texts[id], corpus).Body, want.ArticleBody)
		cleanNoCorpus.add(Clean(texts[id], nil).Body, want.ArticleBody)
	}
	for _, c := range []struct {
		name  string
		s     *score
		floor float64
	}{{"raw text", &raw, 0}, {"cleaned", &clean, 0.80}, {"cleaned, no corpus", &cleanNoCorpus, 0.80}} {
		p, r, f := c.s.result()
		t.Logf("%-20s F1 %.3f  P %.3f  R %.3f  (%d pages)", c.name, f, p, r, c.s.items)
		if f < c.floor {
			t.Errorf("%s: F1 %.3f below the floor %.2f", c.name, f, c.floor)
		}
	}
}

// renderText reads a gzipped HTML page and returns its visible text, a
// line per block element, as copying from a browser gives.
func renderText(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return "", err
	}
	doc, err := html.Parse(strings.NewReader(string(b)))
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Head, atom.Iframe:
				return
			}
		}
		if n.Type == html.TextNode {
			sb.WriteString(strings.Join(strings.Fields(n.Data), " "))
			sb.WriteString(" ")
		}
		block := n.Type == html.ElementNode && isBlock(n.DataAtom)
		if block {
			sb.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			sb.WriteString("\n")
		}
	}
	walk(doc)
	return sb.String(), nil
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li,
		atom.Ul, atom.Ol, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav,
		atom.Aside, atom.Br, atom.Tr, atom.Figure, atom.Figcaption, atom.Blockquote,
		atom.Pre, atom.Main, atom.Table, atom.Dt, atom.Dd, atom.Hr, atom.Form, atom.Title:
		return true
	}
	return false
}

// score accumulates the benchmark's metric: bags of word 4-grams, TP, FP
// and FN normalised per page, precision and recall macro-averaged, F1 the
// harmonic mean of the averages.
type score struct {
	items      int
	pSum, rSum float64
	pN, rN     int
	wordRE     *regexp.Regexp
}

func (s *score) add(pred, truth string) {
	if s.wordRE == nil {
		s.wordRE = regexp.MustCompile(`[\p{L}\p{N}_]+`)
	}
	s.items++
	ps, ts := shingles(s.wordRE, pred), shingles(s.wordRE, truth)
	var tp, fp, fn float64
	for k, n := range ps {
		m := ts[k]
		tp += float64(min(n, m))
		fp += float64(max(n-m, 0))
	}
	for k, m := range ts {
		fn += float64(max(m-ps[k], 0))
	}
	if sum := tp + fp + fn; sum > 0 {
		tp, fp, fn = tp/sum, fp/sum, fn/sum
	}
	if tp+fp > 0 {
		s.pSum += tp / (tp + fp)
		s.pN++
	}
	if tp+fn > 0 {
		s.rSum += tp / (tp + fn)
		s.rN++
	}
}

func (s *score) result() (p, r, f float64) {
	if s.pN > 0 {
		p = s.pSum / float64(s.pN)
	}
	if s.rN > 0 {
		r = s.rSum / float64(s.rN)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func shingles(re *regexp.Regexp, s string) map[string]int {
	toks := re.FindAllString(s, -1)
	out := map[string]int{}
	if len(toks) == 0 {
		return out
	}
	if len(toks) < 4 {
		out[strings.Join(toks, " ")]++
		return out
	}
	for i := 0; i+4 <= len(toks); i++ {
		out[strings.Join(toks[i:i+4], " ")]++
	}
	return out
}
