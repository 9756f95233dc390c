package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/triangulate/triangulate/internal/store/internal/core"
)

// steps is the schema, one small step at a time. Append new steps; never
// edit or renumber an applied one. The PostgreSQL store has the same steps
// in its own dialect.
var steps = []core.Step{
	{Version: 1, Name: "articles", Statements: []string{
		// seq is the rowid the full-text index points at; id is the
		// content-derived key callers use. text_hash is NULL for an empty
		// body (NULLs never collide in a UNIQUE index).
		`CREATE TABLE articles (
			seq        INTEGER PRIMARY KEY AUTOINCREMENT,
			id         TEXT NOT NULL UNIQUE,
			url        TEXT NOT NULL DEFAULT '',
			text_hash  TEXT UNIQUE,
			source     TEXT NOT NULL DEFAULT '',
			title      TEXT NOT NULL DEFAULT '',
			outlet     TEXT NOT NULL DEFAULT '',
			published  TEXT NOT NULL DEFAULT '',
			byline     TEXT NOT NULL DEFAULT '',
			language   TEXT NOT NULL DEFAULT '',
			text       TEXT NOT NULL DEFAULT '',
			story      TEXT NOT NULL DEFAULT '',
			created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
		)`,
		`CREATE UNIQUE INDEX articles_url ON articles (url) WHERE url <> ''`,
		`CREATE INDEX articles_order ON articles (published DESC, id)`,
	}},
	{Version: 2, Name: "articles_fts", Statements: []string{
		// An external-content index: the text is stored once, in articles.
		// Porter stemming so that "drone" finds "drones", as PostgreSQL's
		// english configuration does.
		`CREATE VIRTUAL TABLE articles_fts USING fts5 (
			title, text,
			content = 'articles', content_rowid = 'seq',
			tokenize = 'porter unicode61 remove_diacritics 2'
		)`,
		`CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
			INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
		END`,
		`CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
			INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
		END`,
		`CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
			INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
			INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
		END`,
		// Rebuild covers a database whose articles predate the index.
		`INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')`,
	}},
	{Version: 3, Name: "stories", Statements: []string{
		// updated_seq orders stories by last update without depending on
		// clock resolution; report is the story's news.Report as JSON.
		`CREATE TABLE stories (
			id          TEXT PRIMARY KEY,
			title       TEXT NOT NULL DEFAULT '',
			report      TEXT,
			updated_seq INTEGER NOT NULL,
			updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
		)`,
		`CREATE INDEX stories_order ON stories (updated_seq DESC, id)`,
		// No foreign key to articles: a story may be stored before, or
		// without, some of its articles.
		`CREATE TABLE story_articles (
			story_id   TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
			position   INTEGER NOT NULL,
			article_id TEXT NOT NULL,
			PRIMARY KEY (story_id, article_id)
		)`,
		`CREATE INDEX story_articles_article ON story_articles (article_id)`,
	}},
	{Version: 4, Name: "entities", Statements: []string{
		// One row per entity per story, as the story's report has it;
		// Entity merges the rows of an ID across stories.
		`CREATE TABLE entities (
			id       TEXT NOT NULL,
			story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
			name     TEXT NOT NULL DEFAULT '',
			type     TEXT NOT NULL DEFAULT '',
			data     TEXT NOT NULL,
			PRIMARY KEY (id, story_id)
		)`,
		`CREATE INDEX entities_story ON entities (story_id)`,
	}},
	{Version: 5, Name: "articles_data", Statements: []string{
		// The whole article as JSON (without its text, which has its own
		// column), so that fields added to news.Article round-trip without
		// a migration each; the columns stay authoritative for the fields
		// they hold.
		`ALTER TABLE articles ADD COLUMN data TEXT NOT NULL DEFAULT '{}'`,
	}},
}

// migrate applies the steps the database lacks, each in its own IMMEDIATE
// transaction (the DSN sets _txlock), so two processes opening one new
// file at once apply every step exactly once: the second waits for the
// first and then finds the version row.
func migrate(ctx context.Context, db *sql.DB) error {
	if err := core.CheckSteps(steps); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var have int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if have > len(steps) {
		return fmt.Errorf("database schema version %d is newer than this program's %d", have, len(steps))
	}
	for _, s := range steps[have:] {
		if err := apply(ctx, db, s); err != nil {
			return fmt.Errorf("migration %d %s: %w", s.Version, s.Name, err)
		}
	}
	return nil
}

func apply(ctx context.Context, db *sql.DB, s core.Step) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, s.Version).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil // another process applied it while we waited
	}
	for _, q := range s.Statements {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, s.Version, s.Name); err != nil {
		return err
	}
	return tx.Commit()
}
