package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/store/internal/core"
)

// crashEnv names the database a child test process ingests into; set, the
// test runs as that child.
const crashEnv = "TRIANGULATE_STORE_CRASH_CHILD"

const crashTotal = 500

// crashArticle is the i-th article of the crash test's ingest: a few
// kilobytes, so that a commit takes long enough for a kill to land inside
// one now and then; every other one has a URL.
func crashArticle(i int) news.Article {
	var b strings.Builder
	for p := range 12 {
		fmt.Fprintf(&b, "Paragraph %d of report %d: officials in region %d described convoy %d moving %d vehicles at dawn, "+
			"and witnesses counted %d explosions near depot %d before noon.\n\n", p, i, i%17, i*7+p, 10+i%90, p+i%5, i*3+p)
	}
	a := news.Article{ID: fmt.Sprintf("crash%03d", i), Title: fmt.Sprintf("Report %d", i), Text: b.String(),
		Published: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28)}
	if i%2 == 0 {
		a.URL = fmt.Sprintf("https://example.org/crash/%d", i)
	}
	return a
}

// ingestCrashArticles stores every crash article, pausing between them so
// that the parent's kill lands mid-ingest on any machine, and returns how
// many were new.
func ingestCrashArticles(ctx context.Context, s *Store, pause time.Duration) (int, error) {
	created := 0
	for i := range crashTotal {
		_, c, err := s.PutArticle(ctx, crashArticle(i))
		if err != nil {
			return created, err
		}
		if c {
			created++
		}
		time.Sleep(pause)
	}
	return created, nil
}

// TestCrashDuringIngest kills (SIGKILL) a process in the middle of an
// ingest and checks that the store opens, holds only whole articles, and
// that a second run stores the rest exactly once.
func TestCrashDuringIngest(t *testing.T) {
	ctx := context.Background()
	if path := os.Getenv(crashEnv); path != "" {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ingestCrashArticles(ctx, s, 2*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		s.Close()
		return
	}
	if testing.Short() {
		t.Skip("-short: skipping the subprocess crash test")
	}

	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDuringIngest$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill() //nolint:errcheck // cleanup after a failure
			cmd.Wait()         //nolint:errcheck
		}
	}()

	// Watch the file from a connection of our own until some articles
	// are in, then kill the writer without warning.
	watch, err := sql.Open("sqlite", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	deadline := time.Now().Add(60 * time.Second)
	seen := 0
	for seen < 25 {
		if time.Now().After(deadline) {
			t.Fatalf("child stored %d articles in 60 s", seen)
		}
		time.Sleep(5 * time.Millisecond)
		// Errors are expected until the child has created the table.
		_ = watch.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&seen)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed = true
	err = cmd.Wait()
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child was not killed (it finished first?): %v", err)
	}
	watch.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("store does not open after the kill: %v", err)
	}
	defer s.Close()
	var check string
	if err := s.DB().QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("full-text index inconsistent with articles: %v", err)
	}

	// Every stored article is whole: exactly what the child meant to store,
	// with the hash of its text.
	rows, err := s.DB().QueryContext(ctx, `SELECT id, url, title, published, text, text_hash FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	before := 0
	for rows.Next() {
		var id, url, title, published, body, hash string
		if err := rows.Scan(&id, &url, &title, &published, &body, &hash); err != nil {
			t.Fatal(err)
		}
		before++
		i, err := strconv.Atoi(strings.TrimPrefix(id, "crash"))
		if err != nil {
			t.Fatalf("unexpected article %q", id)
		}
		want := crashArticle(i)
		if url != want.URL || title != want.Title || published != want.Published || body != want.Text {
			t.Errorf("article %s is not whole", id)
		}
		if hash != core.TextHash(body) {
			t.Errorf("article %s: stored hash %s does not match its text", id, hash)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if before < 25 || before >= crashTotal {
		t.Fatalf("%d articles survived the kill, want between 25 and %d", before, crashTotal-1)
	}

	// A re-run completes the ingest without duplicating anything.
	created, err := ingestCrashArticles(ctx, s, 0)
	if err != nil {
		t.Fatal(err)
	}
	var n, distinct int
	if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT text_hash) FROM articles`).Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if created != crashTotal-before || n != crashTotal || distinct != crashTotal {
		t.Errorf("re-run created %d (want %d); %d stored, %d distinct texts (want %d)",
			created, crashTotal-before, n, distinct, crashTotal)
	}
	t.Logf("killed after %d of %d articles; the re-run stored the other %d", before, crashTotal, created)
}
