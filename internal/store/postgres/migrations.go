package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/triangulate/triangulate/internal/store/internal/core"
)

// steps is the schema, in the same steps as the SQLite store's. Append new
// steps; never edit or renumber an applied one. Keys and dates use the "C"
// collation so that lists sort byte-wise, as SQLite sorts them, whatever
// the server's locale.
var steps = []core.Step{
	{Version: 1, Name: "articles", Statements: []string{
		`CREATE TABLE articles (
			seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			id         TEXT COLLATE "C" NOT NULL UNIQUE,
			url        TEXT NOT NULL DEFAULT '',
			text_hash  TEXT UNIQUE,
			source     TEXT NOT NULL DEFAULT '',
			title      TEXT NOT NULL DEFAULT '',
			outlet     TEXT NOT NULL DEFAULT '',
			published  TEXT COLLATE "C" NOT NULL DEFAULT '',
			byline     TEXT NOT NULL DEFAULT '',
			language   TEXT NOT NULL DEFAULT '',
			text       TEXT NOT NULL DEFAULT '',
			story      TEXT COLLATE "C" NOT NULL DEFAULT '',
			created_at TIMESTAMPTZ NOT NULL DEFAULT now()
		)`,
		`CREATE UNIQUE INDEX articles_url ON articles (url) WHERE url <> ''`,
		`CREATE INDEX articles_order ON articles (published DESC, id)`,
		`CREATE INDEX articles_story ON articles (story) WHERE story <> ''`,
	}},
	{Version: 2, Name: "articles_fts", Statements: []string{
		// A stored generated column keeps the vector in step with the
		// text without triggers; the title weighs more (A) than the body.
		`ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
			setweight(to_tsvector('english'::regconfig, title), 'A') ||
			setweight(to_tsvector('english'::regconfig, text), 'B')) STORED`,
		`CREATE INDEX articles_tsv ON articles USING gin (tsv)`,
	}},
	{Version: 3, Name: "stories", Statements: []string{
		// updated_seq orders stories by last update without depending on
		// clock resolution or on which writer's clock.
		`CREATE SEQUENCE story_updates`,
		`CREATE TABLE stories (
			id          TEXT COLLATE "C" PRIMARY KEY,
			title       TEXT NOT NULL DEFAULT '',
			report      JSONB,
			updated_seq BIGINT NOT NULL,
			updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
		)`,
		`CREATE INDEX stories_order ON stories (updated_seq DESC, id)`,
		`CREATE TABLE story_articles (
			story_id   TEXT COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
			position   INTEGER NOT NULL,
			article_id TEXT COLLATE "C" NOT NULL,
			PRIMARY KEY (story_id, article_id)
		)`,
		`CREATE INDEX story_articles_article ON story_articles (article_id)`,
	}},
	{Version: 4, Name: "entities", Statements: []string{
		`CREATE TABLE entities (
			id       TEXT COLLATE "C" NOT NULL,
			story_id TEXT COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
			name     TEXT NOT NULL DEFAULT '',
			type     TEXT NOT NULL DEFAULT '',
			data     JSONB NOT NULL,
			PRIMARY KEY (id, story_id)
		)`,
		`CREATE INDEX entities_story ON entities (story_id)`,
	}},
	{Version: 5, Name: "articles_data", Statements: []string{
		// The whole article as JSON (without its text, which has its own
		// column), so that fields added to news.Article round-trip without
		// a migration each; the columns stay authoritative for the fields
		// they hold.
		`ALTER TABLE articles ADD COLUMN data JSONB NOT NULL DEFAULT '{}'`,
	}},
}

// migrateLock is the advisory lock key (any constant) that serialises
// migrations of one schema across processes.
const migrateLock = 0x7472_6961_6e67 // "triang"

// migrate applies the steps the database lacks, each in its own
// transaction that first takes a transaction-scoped advisory lock: two
// processes starting against one new database apply every step once (the
// second waits, then finds the version row), and CREATE TABLE IF NOT
// EXISTS never races.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := core.CheckSteps(steps); err != nil {
		return err
	}
	for i := 0; i <= len(steps); i++ {
		done, err := applyNext(ctx, pool)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
	return fmt.Errorf("migrations did not converge")
}

// applyNext applies the first step the database lacks and reports whether
// none was left.
func applyNext(ctx context.Context, pool *pgxpool.Pool) (done bool, err error) {
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// The key includes the schema so tests in separate schemas do not
		// wait for one another.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, int32(migrateLock&0x7fffffff)); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
		)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		var have int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if have > len(steps) {
			return fmt.Errorf("database schema version %d is newer than this program's %d", have, len(steps))
		}
		if have == len(steps) {
			done = true
			return nil
		}
		s := steps[have]
		for _, q := range s.Statements {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("migration %d %s: %w", s.Version, s.Name, err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, s.Version, s.Name); err != nil {
			return fmt.Errorf("migration %d %s: %w", s.Version, s.Name, err)
		}
		return nil
	})
	return done, err
}
