package summary_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/eval"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/pipeline/pipelinetest"
	"github.com/triangulate/triangulate/internal/summary"
	"github.com/triangulate/triangulate/internal/text"
)

// seeds runs the real pipeline over the example corpus and returns the
// clean articles with the source groups the copies issue expects: 003
// rewrites 001, the others stand alone.
func seeds(tb testing.TB) ([]news.Article, [][]string) {
	tb.Helper()
	rep := pipelinetest.SeedReport(tb, pipeline.Config{Workers: 1})
	var rewrite []string
	var groups [][]string
	for _, a := range rep.Articles {
		base := filepath.Base(a.Source)
		if strings.HasPrefix(base, "001") || strings.HasPrefix(base, "003") {
			rewrite = append(rewrite, a.ID)
			continue
		}
		groups = append(groups, []string{a.ID})
	}
	if len(rewrite) != 2 {
		tb.Fatalf("001/003 not found among %d articles", len(rep.Articles))
	}
	return rep.Articles, append(groups, rewrite)
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	}) {
		m[w] = true
	}
	return m
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	if u := len(a) + len(b) - inter; u > 0 {
		return float64(inter) / float64(u)
	}
	return 0
}

func TestSeedsSummary(t *testing.T) {
	arts, groups := seeds(t)
	sum := summary.Summarize(arts, groups, summary.Options{Words: 150})
	if len(sum) < 3 {
		t.Fatalf("%d summary sentences", len(sum))
	}
	byID := map[string]*news.Article{}
	for i := range arts {
		byID[arts[i].ID] = &arts[i]
	}
	words := 0
	lastDate, lastStart, lastArt := "", -1, ""
	for i, s := range sum {
		t.Logf("%d. %s  %v", i+1, s.Sentence, s.Sources)
		words += len(strings.Fields(s.Sentence))
		if !eval.CitationValid(arts, s) {
			t.Errorf("sentence %d: citation does not contain it: %q %v", i+1, s.Sentence, s.Sources)
			continue
		}
		// Verbatim: the sentence is one of its article's sentences.
		a := byID[s.Sources[0].Article]
		found := false
		for _, sp := range text.Sentences(a.Text) {
			if a.Text[sp.Start:sp.End] == s.Sentence {
				found = true
			}
		}
		if !found {
			t.Errorf("sentence %d is not a sentence of %s: %q", i+1, a.ID, s.Sentence)
		}
		// Time order: by publication date (undated last), then position.
		d := a.Published
		if d == "" {
			d = "~"
		}
		if d < lastDate || a.ID == lastArt && s.Sources[0].Start < lastStart {
			t.Errorf("sentence %d out of time order", i+1)
		}
		lastDate, lastStart, lastArt = d, s.Sources[0].Start, a.ID
	}
	if words > 150 {
		t.Errorf("%d words, budget 150", words)
	}
	for i := range sum {
		for j := i + 1; j < len(sum); j++ {
			if jac := jaccard(wordSet(sum[i].Sentence), wordSet(sum[j].Sentence)); jac > 0.5 {
				t.Errorf("near-duplicates (Jaccard %.2f): %q / %q", jac, sum[i].Sentence, sum[j].Sentence)
			}
		}
	}
}

func BenchmarkSummarize(b *testing.B) {
	arts, groups := seeds(b)
	b.ResetTimer()
	for b.Loop() {
		summary.Summarize(arts, groups, summary.Options{})
	}
}
