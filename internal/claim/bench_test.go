package claim_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/claim"
	"github.com/triangulate/triangulate/internal/dedupe"
	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/entity/resolve"
	"github.com/triangulate/triangulate/internal/eval"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

func BenchmarkAnalyze(b *testing.B) {
	in, err := seedInput()
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, a := range in.Articles {
		size += len(a.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		claim.Analyze(in, claim.Options{})
	}
}

// TestECBConflicts runs claims and conflicts over same-story article sets
// from ECB+ (each topic half is one story) and prints every conflict, so
// that false conflicts can be counted by reading them. It is heavy (NER
// over a few hundred documents) and runs only with CLAIM_ECB set to a
// comma-separated list of topics ("1,2,3").
func TestECBConflicts(t *testing.T) {
	topics := os.Getenv("CLAIM_ECB")
	if topics == "" {
		t.Skip("set CLAIM_ECB=1,2,… to measure conflicts on ECB+ topic halves")
	}
	dir := filepath.Join("..", "..", "..", "shared", "bench", "ecbplus")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/bench/ecbplus not present")
	}
	ctx := context.Background()
	docs, gold, err := eval.LoadECBPlus(ctx, dir, strings.Split(topics, ","))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ner.Load()
	if err != nil {
		t.Fatal(err)
	}
	halves := map[string][]news.Article{}
	for _, d := range docs {
		text.Analyze(&d)
		halves[gold[d.ID]] = append(halves[gold[d.ID]], d)
	}
	names := make([]string, 0, len(halves))
	for h := range halves {
		names = append(names, h)
	}
	sort.Strings(names)
	total, nConf, nClaims, corrob := 0, 0, 0, 0
	kinds := map[string]int{}
	for _, h := range names {
		arts := halves[h]
		_, groups, err := dedupe.Detect(ctx, arts, dedupe.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rd := make([]resolve.Doc, len(arts))
		for i, a := range arts {
			rd[i] = resolve.Doc{ID: a.ID, Text: a.Text, Mentions: m.Entities(a.Text)}
		}
		ents, _ := resolve.Resolve(rd, resolve.Options{})
		claims, conflicts := claim.Analyze(claim.Input{Articles: arts, Groups: groups, Entities: ents}, claim.Options{})
		total += len(arts)
		nConf += len(conflicts)
		nClaims += len(claims)
		for _, c := range claims {
			if c.IndependentSources >= 2 {
				corrob++
			}
		}
		for _, c := range conflicts {
			kinds[c.Kind]++
			t.Logf("%s %s: %s\n   A %s: %s\n   B %s: %s", h, c.Kind, c.Explanation, c.A.Article, c.A.Text, c.B.Article, c.B.Text)
		}
	}
	t.Logf("%d articles in %d stories: %d claims (%d corroborated), %d conflicts %v = %.1f per 100 articles",
		total, len(names), nClaims, corrob, nConf, kinds, 100*float64(nConf)/float64(max(total, 1)))
}
