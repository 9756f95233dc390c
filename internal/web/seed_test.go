package web_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/pipeline/pipelinetest"
	"github.com/triangulate/triangulate/internal/store"
)

// seeded is a real SQLite store holding the example corpus as the ingest
// command leaves it: every article, and each story with its report.
type seeded struct {
	st     news.Store
	report *news.Report // the whole run's report
	story  news.Story   // the largest story
}

// seedStore runs the real pipeline over examples/iran-russia and stores the
// result in a fresh SQLite file.
func seedStore(tb testing.TB) seeded {
	tb.Helper()
	ctx := context.Background()
	rep := pipelinetest.SeedReport(tb, pipeline.Config{})
	st, err := store.Open(ctx, filepath.Join(tb.TempDir(), "t.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	for _, a := range rep.Articles {
		if _, _, err := st.PutArticle(ctx, a); err != nil {
			tb.Fatal(err)
		}
	}
	var biggest news.Story
	for _, s := range rep.Stories {
		if err := st.PutStory(ctx, s, restrict(rep, s)); err != nil {
			tb.Fatal(err)
		}
		if len(s.Articles) > len(biggest.Articles) {
			biggest = s
		}
	}
	if biggest.ID == "" {
		tb.Fatal("the example corpus gave no story")
	}
	return seeded{st: st, report: rep, story: biggest}
}

// restrict returns the part of r about story s: what cites only articles
// outside it is left out. It stands in for the per-story analysis that the
// ingest command stores.
func restrict(r *news.Report, s news.Story) *news.Report {
	in := func(id string) bool { return slices.Contains(s.Articles, id) }
	anyIn := func(spans []news.SourceSpan) bool {
		return slices.ContainsFunc(spans, func(sp news.SourceSpan) bool { return in(sp.Article) })
	}
	out := news.NewReport()
	out.Stories = []news.Story{s}
	for _, a := range r.Articles {
		if in(a.ID) {
			out.Articles = append(out.Articles, a)
		}
	}
	for _, c := range r.Copies {
		if in(c.A) && in(c.B) {
			out.Copies = append(out.Copies, c)
		}
	}
	for _, g := range r.SourceGroups {
		if g = slices.DeleteFunc(slices.Clone(g), func(id string) bool { return !in(id) }); len(g) > 0 {
			out.SourceGroups = append(out.SourceGroups, g)
		}
	}
	for _, e := range r.Entities {
		if slices.ContainsFunc(e.Mentions, func(m news.Mention) bool { return in(m.Article) }) {
			out.Entities = append(out.Entities, e)
		}
	}
	for _, q := range r.Quotes {
		if in(q.Article) {
			out.Quotes = append(out.Quotes, q)
		}
	}
	for _, e := range r.Events {
		if anyIn(e.Sources) {
			out.Events = append(out.Events, e)
		}
	}
	for _, c := range r.Claims {
		if anyIn(c.Sources) {
			out.Claims = append(out.Claims, c)
		}
	}
	for _, c := range r.Conflicts {
		if in(c.A.Article) || in(c.B.Article) {
			out.Conflicts = append(out.Conflicts, c)
		}
	}
	for _, t := range r.Timeline {
		if anyIn(t.Sources) {
			out.Timeline = append(out.Timeline, t)
		}
	}
	for _, ss := range r.Summary {
		if anyIn(ss.Sources) {
			out.Summary = append(out.Summary, ss)
		}
	}
	out.Normalize()
	return out
}
