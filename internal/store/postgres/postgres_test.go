package postgres

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/store/storetest"
)

// testDSN returns the server to test against, or skips: these tests need
// a real PostgreSQL (.ci/postgres.sh starts one and prints the variable).
func testDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("TRIANGULATE_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("TRIANGULATE_TEST_POSTGRES not set; eval \"$(.ci/postgres.sh)\" to run against a real server")
	}
	return dsn
}

// schemaDSN creates an empty schema of its own for one test, dropped when
// the test ends, and returns a DSN whose connections use it.
func schemaDSN(t *testing.T) string {
	t.Helper()
	return storetest.PostgresSchema(t, testDSN(t), "t_")
}

func open(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) news.Store { return open(t, schemaDSN(t)) })
}

func TestPersistence(t *testing.T) {
	testDSN(t)
	storetest.RunPersistence(t, func(t *testing.T) (news.Store, func() news.Store) {
		dsn := schemaDSN(t)
		return open(t, dsn), func() news.Store { return open(t, dsn) }
	})
}

// TestMigrations checks the version table: one row per step however often
// (and however concurrently) the schema is opened, and a refusal to open a
// schema from a newer program.
func TestMigrations(t *testing.T) {
	dsn := schemaDSN(t)
	ctx := context.Background()
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := Open(ctx, dsn)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent open: %v", err)
		}
	}
	s := open(t, dsn)
	var n, max int
	if err := s.Pool().QueryRow(ctx, `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &max); err != nil {
		t.Fatal(err)
	}
	if n != len(steps) || max != len(steps) {
		t.Errorf("%d migrations recorded, max %d; want %d", n, max, len(steps))
	}
	if _, err := s.Pool().Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, 'future')`, len(steps)+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(ctx, dsn); err == nil {
		s.Close()
		t.Error("opened a schema with a newer version")
	}
}

// TestOpenErrors checks that a bad DSN fails without echoing a password.
func TestOpenErrors(t *testing.T) {
	for _, dsn := range []string{
		"postgres://u:secretpw@127.0.0.1:1/db?sslmode=disable&connect_timeout=2",
		"postgres://u:secretpw@[::1/db",
	} {
		s, err := Open(context.Background(), dsn)
		if err == nil {
			s.Close()
			t.Errorf("%s: opened", dsn)
			continue
		}
		if strings.Contains(err.Error(), "secretpw") {
			t.Errorf("error shows the password: %v", err)
		}
		t.Logf("%s: %v", dsn, err)
	}
}
