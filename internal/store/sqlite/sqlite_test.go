package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/store/storetest"
)

func openTemp(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store {
		return openTemp(t, filepath.Join(t.TempDir(), "test.db"))
	})
}

func TestPersistence(t *testing.T) {
	storetest.RunPersistence(t, func(t *testing.T) (news.Store, func() news.Store) {
		path := filepath.Join(t.TempDir(), "persist.db")
		return openTemp(t, path), func() news.Store { return openTemp(t, path) }
	})
}

// TestSchema checks the settings and the version table that the
// conformance suite cannot see: WAL, foreign keys, one row per migration
// however often the file is opened, and a refusal to open a file from a
// newer program.
func TestSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "schema.db")
	for range 3 {
		s := openTemp(t, path)
		var mode string
		var fk, n, max int
		db := s.DB()
		if err := db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &max); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || fk != 1 || n != len(steps) || max != len(steps) {
			t.Errorf("journal_mode=%s foreign_keys=%d migrations=%d max=%d, want wal 1 %d %d", mode, fk, n, max, len(steps), len(steps))
		}
		s.Close()
	}

	s := openTemp(t, path)
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, 'future')`, len(steps)+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(ctx, path); err == nil {
		s.Close()
		t.Error("opened a database with a newer schema")
	}
}

// TestOpenPaths checks that a path with URI syntax in it names a file, not
// parameters.
func TestOpenPaths(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"plain.db", "with space.db", "q?mode=ro.db", "hash#frag.db", "pct%20.db"} {
		path := filepath.Join(dir, name)
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if _, _, err := s.PutArticle(context.Background(), news.Article{ID: "x", Text: "body"}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		s.Close()
		if m, _ := filepath.Glob(path); len(m) != 1 {
			t.Errorf("%s: no file at that path", name)
		}
	}
	if _, err := Open(context.Background(), ""); err == nil {
		t.Error("opened an empty path")
	}
}

// FuzzSearch checks that no query, however malformed, is an SQL or FTS5
// syntax error: user input reaches MATCH only as quoted strings.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"drones", `"unclosed`, "a OR", "NOT b", "-", `""`, "x*", "col:word", "(a", "a) OR (b",
		"^start", "NEAR(a b)", "\x00", "\xff\xfe", "a\"b\"c", "- -x", "title:drones", "'; DROP TABLE articles; --"} {
		f.Add(q)
	}
	s, err := Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	if _, _, err := s.PutArticle(context.Background(), news.Article{ID: "a1", Title: "Drones over Kyiv",
		Text: "Shahed-136 drones struck the power station; officials said NEAR the river."}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.Search(context.Background(), q, news.Page{Limit: 5}); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	})
}
