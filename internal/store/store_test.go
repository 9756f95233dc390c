package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/pipeline/pipelinetest"
	"github.com/triangulate/triangulate/internal/store"
)

func TestIsPostgres(t *testing.T) {
	tests := []struct {
		dsn  string
		want bool
	}{
		{"postgres://u@h/db", true},
		{"postgresql://u@h/db", true},
		{" POSTGRES://u@h/db", true},
		{"", false},
		{"./triangulate.db", false},
		{"/var/lib/postgres/triangulate.db", false},
		{"postgres.db", false},
		{"host=localhost dbname=x", false}, // key=value DSNs are not recognised: a file of that name
	}
	for _, tc := range tests {
		if got := store.IsPostgres(tc.dsn); got != tc.want {
			t.Errorf("IsPostgres(%q) = %v, want %v", tc.dsn, got, tc.want)
		}
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Chdir(t.TempDir())

	s, err := store.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(store.DefaultDSN); err != nil {
		t.Errorf("empty DSN did not create %s: %v", store.DefaultDSN, err)
	}

	path := filepath.Join("sub", "named.db")
	if err := os.Mkdir("sub", 0o755); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("no SQLite file at %s: %v", path, err)
	}

	// A PostgreSQL URL goes to PostgreSQL (and fails fast here, with a nil
	// store), never to a file named after it.
	s, err = store.Open(ctx, "postgres://nobody:pw@127.0.0.1:1/x?sslmode=disable&connect_timeout=2")
	if err == nil || s != nil {
		t.Errorf("unreachable server: store %v, err %v", s, err)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 2 {
		t.Errorf("files after opening a postgres URL: %v", entries)
	}

	if _, _, err := mustOpen(t, ctx, "x.db").PutArticle(ctx, news.Article{Text: "no id"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("article without id: %v, want ErrInvalid", err)
	}
}

func mustOpen(t *testing.T, ctx context.Context, dsn string) news.Store {
	t.Helper()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestSeeds stores the analysis of the example corpus as ingest will, and
// reads it back: what the seeds yield in a store.
func TestSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the pipeline run over the example corpus")
	}
	ctx := context.Background()
	rep := pipelinetest.SeedReport(t, pipeline.Config{})
	s := mustOpen(t, ctx, filepath.Join(t.TempDir(), "seeds.db"))
	for round := range 2 {
		created := 0
		for _, a := range rep.Articles {
			_, c, err := s.PutArticle(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			if c {
				created++
			}
		}
		if want := []int{len(rep.Articles), 0}[round]; created != want {
			t.Errorf("round %d: %d articles created, want %d", round, created, want)
		}
	}
	for _, st := range rep.Stories {
		if err := s.PutStory(ctx, st, rep); err != nil {
			t.Fatal(err)
		}
	}
	stories, err := s.Stories(ctx, news.Page{})
	if err != nil || len(stories) != len(rep.Stories) {
		t.Fatalf("%d stories read back, want %d (%v)", len(stories), len(rep.Stories), err)
	}
	_, got, err := s.Story(ctx, rep.Stories[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Articles) != len(rep.Articles) || len(got.Entities) != len(rep.Entities) || len(got.Claims) != len(rep.Claims) {
		t.Errorf("report read back with %d articles, %d entities, %d claims; stored %d, %d, %d",
			len(got.Articles), len(got.Entities), len(got.Claims), len(rep.Articles), len(rep.Entities), len(rep.Claims))
	}
	for _, e := range rep.Entities {
		if _, in, err := s.Entity(ctx, e.ID); err != nil || len(in) == 0 {
			t.Errorf("entity %s (%s): %v", e.ID, e.Name, err)
		}
	}
	hits, err := s.Search(ctx, "Shahed drones", news.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Error("no article found for \"Shahed drones\"")
	}
	for _, h := range hits {
		if !strings.Contains(h.Snippet, store.MarkStart) {
			t.Errorf("snippet of %s has no highlight: %q", h.Article.ID, h.Snippet)
		}
		t.Logf("hit %s score %.2f: %s", h.Article.ID, h.Score, h.Snippet)
	}
	t.Logf("seeds: %d articles, %d stories, %d entities stored; %d hits for \"Shahed drones\"",
		len(rep.Articles), len(rep.Stories), len(rep.Entities), len(hits))
}

// BenchmarkStory reads the example corpus's story and report back, as
// GET /api/stories/{id} does for every request: decoded (Story) and as
// stored JSON (ReportJSON).
func BenchmarkStory(b *testing.B) {
	ctx := context.Background()
	rep, err := pipelinetest.Report(pipeline.Config{})
	if err != nil || len(rep.Stories) == 0 {
		b.Fatalf("analyze: %v", err)
	}
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.PutStory(ctx, rep.Stories[0], rep); err != nil {
		b.Fatal(err)
	}
	id := rep.Stories[0].ID
	b.Run("decoded", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.Story(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		raw := s.(store.RawReports)
		for b.Loop() {
			if _, err := raw.ReportJSON(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
}
