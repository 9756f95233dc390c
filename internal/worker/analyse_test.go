package worker

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
)

func TestParseStage(t *testing.T) {
	tests := []struct {
		in      string
		want    Stage
		wantErr bool
	}{
		{"", StageAll, false},
		{"all", StageAll, false},
		{"extract", StageExtract, false},
		{"analyze", StageAnalyze, false},
		{"analyse", "", true},
		{"EXTRACT", "", true},
	}
	for _, tt := range tests {
		got, err := ParseStage(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseStage(%q) = %q, %v", tt.in, got, err)
		}
	}
}

// TestReanalyseRetiresStale: a story an earlier analysis stored and this
// one no longer has is emptied, so no article is listed in two stories.
func TestReanalyseRetiresStale(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "t.db"))
	arts, _, err := pipeline.Extract(ctx, genDocs(12, 7), pipeline.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if _, _, err := st.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	// What an analysis of an earlier, smaller corpus might have left.
	stale := news.Story{ID: "s-stale", Title: "old", Articles: []string{arts[0].ID, arts[1].ID}}
	if err := st.PutStory(ctx, stale, news.NewReport()); err != nil {
		t.Fatal(err)
	}
	res, err := Reanalyse(ctx, st, NewLocalLocker(), pipeline.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != len(arts) || res.Stories == 0 || res.Retired != 1 {
		t.Errorf("Reanalyse = %+v, want %d articles, some stories, 1 retired", res, len(arts))
	}
	got, _, err := st.Story(ctx, stale.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Articles) != 0 {
		t.Errorf("stale story still lists %v", got.Articles)
	}
	in := map[string]int{}
	stories, err := st.Stories(ctx, news.Page{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stories {
		for _, id := range s.Articles {
			in[id]++
		}
	}
	for _, a := range arts {
		if in[a.ID] != 1 {
			t.Errorf("article %s listed in %d stories, want 1", a.ID, in[a.ID])
		}
	}
	// Nothing changed: a second run retires nothing.
	if res, err := Reanalyse(ctx, st, nil, pipeline.Config{}); err != nil || res.Retired != 0 {
		t.Errorf("second Reanalyse = %+v, %v; want nothing retired", res, err)
	}
}

// TestLockers: a held lock keeps others waiting until released, across
// stores (pools) on one PostgreSQL schema, and not across schemas.
func TestLockers(t *testing.T) {
	type pair struct {
		name         string
		a, b, other  Locker
		otherBlocked bool
	}
	local := NewLocalLocker()
	cases := []pair{{name: "local", a: local, b: local, other: NewLocalLocker()}}
	if dsn := pgDSN(t); dsn != "" {
		cases = append(cases, pair{name: "postgres", a: LockerFor(openStore(t, dsn)), b: LockerFor(openStore(t, dsn)),
			other: LockerFor(openStore(t, pgDSN(t)))})
	} else {
		t.Log("TRIANGULATE_TEST_POSTGRES not set: advisory locks not tested")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			unlock, err := c.a.Lock(ctx)
			if err != nil {
				t.Fatal(err)
			}
			short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			defer cancel()
			if u, err := c.b.Lock(short); err == nil {
				_ = u()
				t.Fatal("second holder got the lock while the first held it")
			} else if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("waiting for a held lock: %v, want the context's deadline", err)
			}
			if u, err := c.other.Lock(ctx); err != nil {
				t.Errorf("an unrelated lock (other schema or process): %v", err)
			} else if err := u(); err != nil {
				t.Error(err)
			}
			if err := unlock(); err != nil {
				t.Fatal(err)
			}
			u, err := c.b.Lock(ctx)
			if err != nil {
				t.Fatalf("after release: %v", err)
			}
			if err := u(); err != nil {
				t.Error(err)
			}
		})
	}
}
