package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

func TestAssignIDs(t *testing.T) {
	mk := func(src, text string) news.Article { return news.Article{Source: src, Text: text} }
	a := []news.Article{mk("z.txt", "same wire story"), mk("b.txt", "other"), mk("a.txt", "same wire story")}
	b := []news.Article{mk("a.txt", "same wire story"), mk("z.txt", "same wire story"), mk("b.txt", "other")}
	AssignIDs(a)
	AssignIDs(b)
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Source != b[i].Source {
			t.Errorf("order-dependent: %s/%s vs %s/%s", a[i].Source, a[i].ID, b[i].Source, b[i].ID)
		}
	}
	if a[0].Source != "a.txt" || a[2].Source != "z.txt" {
		t.Errorf("not sorted by source: %v", a)
	}
	if a[2].ID != a[0].ID+"-2" {
		t.Errorf("identical content: ids %s and %s, want a -2 suffix on the later source", a[0].ID, a[2].ID)
	}
	seen := map[string]bool{}
	for _, x := range a {
		if seen[x.ID] || !strings.HasPrefix(x.ID, "a") {
			t.Errorf("bad or repeated id %q", x.ID)
		}
		seen[x.ID] = true
	}
}

func seedDocs(t *testing.T) []news.RawDoc {
	t.Helper()
	files, _ := filepath.Glob("../../examples/iran-russia/*.txt")
	var docs []news.RawDoc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, news.RawDoc{Source: f, Kind: news.KindText, Content: b})
	}
	if len(docs) != 5 {
		t.Fatalf("%d seed docs", len(docs))
	}
	return docs
}

func TestAnalyzeSeeds(t *testing.T) {
	docs := append(seedDocs(t), news.RawDoc{Source: "blank.txt", Kind: news.KindText, Content: []byte("   \n")})
	calls := 0
	rep, errs, err := Analyze(context.Background(), docs, Config{Workers: 2, Progress: func() { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Articles) != 5 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "blank.txt") {
		t.Fatalf("%d articles, errs %v", len(rep.Articles), errs)
	}
	if calls != len(docs) {
		t.Errorf("progress called %d times for %d docs", calls, len(docs))
	}
	if len(rep.Stories) != 1 {
		t.Errorf("%d stories, want the seeds as one", len(rep.Stories))
	}
	// 003 rewrites 001; the other pairs report the story independently.
	if len(rep.Copies) != 1 || len(rep.SourceGroups) != 4 {
		t.Fatalf("copies %+v, groups %v: want one link and four groups", rep.Copies, rep.SourceGroups)
	}
	c := rep.Copies[0]
	if src := rep.Article(c.A).Source + " " + rep.Article(c.B).Source; !strings.Contains(src, "001_") ||
		!strings.Contains(src, "003_") || c.Kind != news.CopyRewrite {
		t.Errorf("copy link %s (%s), want 001 ↔ 003 rewrite", src, c.Kind)
	}
	// The drone's three names are one entity (alias patterns in 001, 004).
	var drone *news.Entity
	for i, e := range rep.Entities {
		if e.Name == "Shahed-136" {
			drone = &rep.Entities[i]
		}
	}
	if drone == nil || drone.Type != "WEAPON" || len(drone.Aliases) < 2 {
		t.Errorf("Shahed-136 entity = %+v, want a WEAPON with the Geran-2 and Geranium-2 aliases", drone)
	}
	// Key events with their sources: the $275M package is reported by two
	// independent outlets and the EU sanctions are only being considered.
	var aid, eu bool
	for _, e := range rep.Events {
		if e.Type == "AID" && e.Quantity == "$275 million" && len(e.Sources) >= 2 {
			aid = true
		}
		if e.Type == "SANCTION" && e.Hypothetical {
			eu = true
		}
	}
	if !aid || !eu || len(rep.ActorGraph) == 0 {
		t.Errorf("events: $275M aid with two sources %v, hypothetical sanction %v, %d graph edges", aid, eu, len(rep.ActorGraph))
	}
	// Corroboration counts source groups: the drones claim is in 001 and
	// its rewrite 003 (one source), the $275M package in 000 and 001 (two).
	claims := map[string]news.Claim{}
	for _, c := range rep.Claims {
		switch {
		case strings.Contains(c.Text, "10 of 15"):
			claims["drones"] = c
		case strings.Contains(c.Text, "$275 million"):
			claims["aid"] = c
		}
	}
	if c := claims["drones"]; len(c.Sources) != 2 || c.IndependentSources != 1 {
		t.Errorf("10 of 15 drones claim = %+v, want two articles, one independent source", c)
	}
	if c := claims["aid"]; c.IndependentSources != 2 || c.Status != news.StatusCorroborated {
		t.Errorf("$275M claim = %+v, want corroborated by two", c)
	}
	// 003 alters two quotations of 001; shortened quotes are not flagged.
	altered := 0
	for _, c := range rep.Conflicts {
		if c.Kind == news.ConflictQuote {
			altered++
		}
	}
	speakers := map[string]bool{}
	for _, q := range rep.Quotes {
		speakers[q.SpeakerName] = true
	}
	if altered != 2 || !speakers["Colin Kahl"] || !speakers["Roula Khalaf"] || !speakers["Penny Wong"] {
		t.Errorf("%d altered quotes (want 2); speakers %v", altered, speakers)
	}
	for _, a := range rep.Articles {
		if a.Story == "" || len(a.Sentences) == 0 || len(a.Tokens) == 0 {
			t.Errorf("%s: story %q, %d sentences, %d tokens", a.Source, a.Story, len(a.Sentences), len(a.Tokens))
		}
		for _, s := range a.Sentences {
			if s.Start < 0 || s.End > len(a.Text) || s.Start >= s.End {
				t.Fatalf("%s: bad sentence span %v", a.Source, s)
			}
		}
	}
}

func TestAnalyzeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := Analyze(ctx, seedDocs(t), Config{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// BenchmarkAnalyze measures the whole analysis per article on the seeds
// (scraped text); see docs/quality.md.
func BenchmarkAnalyze(b *testing.B) {
	files, _ := filepath.Glob("../../examples/iran-russia/*.txt")
	var docs []news.RawDoc
	for _, f := range files {
		c, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, news.RawDoc{Source: f, Kind: news.KindText, Content: c})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := Analyze(context.Background(), docs, Config{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "articles/s")
}

// TestWorkersDoNotChangeTheReport: per-article stages run on a pool; the
// report must be the same whatever the number of workers.
func TestWorkersDoNotChangeTheReport(t *testing.T) {
	var outs []string
	for _, w := range []int{1, 4} {
		rep, _, err := Analyze(context.Background(), seedDocs(t), Config{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, string(b))
	}
	if outs[0] != outs[1] {
		t.Error("the report differs between 1 and 4 workers")
	}
}
