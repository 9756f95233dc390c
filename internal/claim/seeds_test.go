package claim_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/claim"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/pipeline/pipelinetest"
	"github.com/triangulate/triangulate/internal/timeline"
)

// seedInput runs the real pipeline over the five seed articles and turns
// its report into claim's input, the way the pipeline will.
var seedInput = sync.OnceValues(func() (claim.Input, error) {
	rep, err := pipelinetest.Report(pipeline.Config{})
	if err != nil {
		return claim.Input{}, err
	}
	return inputOf(rep), nil
})

func inputOf(rep *news.Report) claim.Input {
	ref := map[string]time.Time{}
	for _, a := range rep.Articles {
		d := a.Published
		if d == "" && a.PublishedPrecision == timeline.Day {
			d = a.PublishedInferred
		}
		if t, err := time.Parse("2006-01-02", d); err == nil {
			ref[a.ID] = t
		}
	}
	return claim.Input{Articles: rep.Articles, Groups: rep.SourceGroups, Entities: rep.Entities, Ref: ref}
}

// seedNo maps an article id to the seed's file number ("001").
func seedNo(in claim.Input, id string) string {
	for _, a := range in.Articles {
		if a.ID == id {
			return filepath.Base(a.Source)[:3]
		}
	}
	return "---"
}

func TestSeedsDump(t *testing.T) {
	if os.Getenv("CLAIM_DUMP") == "" {
		t.Skip("set CLAIM_DUMP=1 to print the seeds' claims and conflicts")
	}
	in, err := seedInput()
	if err != nil {
		t.Fatal(err)
	}
	claims, conflicts := claim.Analyze(in, claim.Options{})
	for _, c := range claims {
		var srcs []string
		for _, s := range c.Sources {
			srcs = append(srcs, seedNo(in, s.Article))
		}
		t.Logf("[%s %d %s] %s", c.Status, c.IndependentSources, strings.Join(srcs, ","), c.Text)
		if len(c.Sources) > 1 && os.Getenv("CLAIM_DUMP") == "2" {
			for _, s := range c.Sources {
				t.Logf("      · %s %s", seedNo(in, s.Article), s.Text)
			}
		}
	}
	for _, c := range conflicts {
		t.Logf("CONFLICT %s %s↔%s: %s\n   A: %s\n   B: %s", c.Kind, seedNo(in, c.A.Article), seedNo(in, c.B.Article), c.Explanation, c.A.Text, c.B.Text)
	}
}

// TestSeeds checks the seeds' claims and conflicts named in the issue.
func TestSeeds(t *testing.T) {
	in, err := seedInput()
	if err != nil {
		t.Fatal(err)
	}
	claims, conflicts := claim.Analyze(in, claim.Options{})
	find := func(sub string) *news.Claim {
		for i := range claims {
			for _, s := range claims[i].Sources {
				if strings.Contains(s.Text, sub) {
					return &claims[i]
				}
			}
		}
		return nil
	}
	checks := []struct {
		sub   string
		seeds string
		indep int
	}{
		{"10 of 15", "001,003", 1},     // 003 rewrites 001: one independent source
		{"$275 million", "000,001", 2}, // two independent outlets
		{"Russia’s top military backer", "001,004", 2},
	}
	for _, c := range checks {
		cl := find(c.sub)
		if cl == nil {
			t.Errorf("no claim with %q", c.sub)
			continue
		}
		var got []string
		for _, s := range cl.Sources {
			got = append(got, seedNo(in, s.Article))
		}
		if strings.Join(got, ",") != c.seeds || cl.IndependentSources != c.indep {
			t.Errorf("claim %q: sources %v, %d independent; want %s, %d", cl.Text, got, cl.IndependentSources, c.seeds, c.indep)
		}
	}
	want := []struct{ kind, a, b string }{
		{news.ConflictNumber, "hundreds of drones", "6,000 drones"},
		{news.ConflictName, "Cleverly", "Cleverley"},
		{news.ConflictName, "SS-26 Islander", "Iskander"},
		{news.ConflictStatement, "one of Russia’s top military backers", "Russia’s top military backer"},
	}
	used := map[int]bool{}
	for _, w := range want {
		found := false
		for i, c := range conflicts {
			if c.Kind == w.kind && (strings.Contains(c.A.Text, w.a) && strings.Contains(c.B.Text, w.b) ||
				strings.Contains(c.Explanation, w.a) && strings.Contains(c.Explanation, w.b)) {
				found, used[i] = true, true
			}
		}
		if !found {
			t.Errorf("no %s conflict %q vs %q", w.kind, w.a, w.b)
		}
	}
	// Every other conflict is a candidate false one: the issue allows two.
	if extra := len(conflicts) - len(used); extra > 2 {
		t.Errorf("%d conflicts beyond the expected ones: %+v", extra, conflicts)
	}
}
