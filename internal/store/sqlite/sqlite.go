// Package sqlite is the default news.Store: one SQLite file (modernc.org/sqlite,
// pure Go) in WAL mode, with an FTS5 index over article titles and bodies.
//
// It holds the SQLite dialect of the store only; the decisions both stores
// share (text hash, query syntax, entity merge, page bounds) live in
// store/internal/core, and its behaviour is fixed by store/storetest. It
// must not import any pipeline stage.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/store/internal/core"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Store is a news.Store over one SQLite file.
type Store struct {
	db *sql.DB
	// write admits one writing transaction of this process at a time.
	// SQLite allows one writer anyway; queueing here rather than in
	// SQLite's busy handler (which sleeps and retries) keeps concurrent
	// ingest fast and lets a waiting writer honour its ctx. busy_timeout
	// still covers writers in other processes.
	write chan struct{}
}

var _ news.Store = (*Store)(nil)

// Open opens (creating if needed) the SQLite database at path and brings
// its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	// A file: URI so that any character of the path is escaped rather
	// than read as a parameter. IMMEDIATE transactions take the write lock
	// at BEGIN: a deferred transaction that reads then writes can fail
	// with SQLITE_BUSY at its first write, which busy_timeout cannot
	// retry. synchronous=NORMAL in WAL mode loses no committed transaction
	// when the process is killed (only, at worst, the last ones on power
	// loss) and never corrupts the file.
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "1")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	return &Store{db: db, write: make(chan struct{}, 1)}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB returns the underlying database, for tests and maintenance tools
// that must look beneath the Store interface.
func (s *Store) DB() *sql.DB { return s.db }

// writeTx runs fn in one IMMEDIATE transaction, committed when fn returns
// nil.
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	select {
	case s.write <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.write }()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

const articleCols = core.ArticleCols

type scanner interface{ Scan(dest ...any) error }

func scanArticle(r scanner, extra ...any) (news.Article, error) {
	var row core.ArticleRow
	if err := r.Scan(append(row.Dest(), extra...)...); err != nil {
		return news.Article{}, err
	}
	return row.Article()
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// PutArticle stores a unless an article with its ID, URL or text hash is
// already stored, in which case it returns that one.
func (s *Store) PutArticle(ctx context.Context, a news.Article) (news.Article, bool, error) {
	if err := ctx.Err(); err != nil {
		return news.Article{}, false, err
	}
	if err := core.ValidateArticle(&a); err != nil {
		return news.Article{}, false, err
	}
	a = core.Stripped(a)
	hash := core.TextHash(a.Text)
	data, err := core.ArticleData(a)
	if err != nil {
		return news.Article{}, false, err
	}
	var stored news.Article
	created := false
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		// ON CONFLICT DO NOTHING covers all three unique keys at once; the
		// unique indexes, not this code, are what guarantee one copy.
		res, err := tx.ExecContext(ctx, `INSERT INTO articles (`+articleCols+`, text_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			a.ID, a.Source, a.URL, a.Title, a.Outlet, a.Published, a.Byline, a.Language, a.Text, a.Story, data, nullable(hash))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
			stored, created = a, true
			return nil
		}
		stored, err = scanArticle(tx.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles
			WHERE id = ?1 OR (?2 <> '' AND url = ?2) OR text_hash = ?3
			ORDER BY id = ?1 DESC, url = ?2 DESC LIMIT 1`, a.ID, a.URL, nullable(hash)))
		return err
	})
	if err != nil {
		return news.Article{}, false, fmt.Errorf("sqlite: put article %s: %w", a.ID, err)
	}
	return stored, created, nil
}

// Article returns one article.
func (s *Store) Article(ctx context.Context, id string) (news.Article, error) {
	a, err := scanArticle(s.db.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return news.Article{}, fmt.Errorf("sqlite: article %s: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return news.Article{}, fmt.Errorf("sqlite: article %s: %w", id, err)
	}
	return a, nil
}

// Articles lists articles, newest first, then by ID.
func (s *Store) Articles(ctx context.Context, p news.Page) ([]news.Article, error) {
	limit, offset := core.Bounds(p)
	rows, err := s.db.QueryContext(ctx, `SELECT `+articleCols+` FROM articles
		ORDER BY published DESC, id LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("sqlite: articles: %w", err)
	}
	defer rows.Close()
	out, err := core.Collect(rows, func() (news.Article, error) { return scanArticle(rows) })
	if err != nil {
		return nil, fmt.Errorf("sqlite: articles: %w", err)
	}
	return out, nil
}

// PutStory replaces the story, its membership, its report and its entity
// rows in one transaction.
func (s *Store) PutStory(ctx context.Context, st news.Story, r *news.Report) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := core.ValidateStory(&st); err != nil {
		return err
	}
	var report any // NULL when there is no report
	var entities []news.Entity
	if r != nil {
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("sqlite: put story %s: encode report: %w", st.ID, err)
		}
		report = string(b)
		entities = core.GroupEntities(r.Entities)
	}
	members := core.Members(st.Articles)
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stories (id, title, report, updated_seq)
			VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(updated_seq), 0) + 1 FROM stories))
			ON CONFLICT (id) DO UPDATE SET title = excluded.title, report = excluded.report,
				updated_seq = excluded.updated_seq,
				updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
			st.ID, st.Title, report); err != nil {
			return err
		}
		// Articles that left the story no longer name it.
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET story = '' WHERE story = ?1
			AND id NOT IN (SELECT value FROM json_each(?2))`, st.ID, jsonArray(members)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM story_articles WHERE story_id = ?`, st.ID); err != nil {
			return err
		}
		for i, id := range members {
			if _, err := tx.ExecContext(ctx, `INSERT INTO story_articles (story_id, position, article_id) VALUES (?, ?, ?)`,
				st.ID, i, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET story = ?1
			WHERE id IN (SELECT value FROM json_each(?2))`, st.ID, jsonArray(members)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM entities WHERE story_id = ?`, st.ID); err != nil {
			return err
		}
		for _, e := range entities {
			b, err := json.Marshal(e)
			if err != nil {
				return fmt.Errorf("encode entity %s: %w", e.ID, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO entities (id, story_id, name, type, data) VALUES (?, ?, ?, ?, ?)`,
				e.ID, st.ID, e.Name, e.Type, string(b)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: put story %s: %w", st.ID, err)
	}
	return nil
}

func jsonArray(ids []string) string {
	b, _ := json.Marshal(ids) // []string always encodes
	return string(b)
}

// storyCols reads a story with its members in order, as one JSON array.
const storyCols = `s.id, s.title, (SELECT json_group_array(article_id) FROM
	(SELECT article_id FROM story_articles WHERE story_id = s.id ORDER BY position))`

func scanStory(r scanner, extra ...any) (news.Story, error) {
	var st news.Story
	var members string
	if err := r.Scan(append([]any{&st.ID, &st.Title, &members}, extra...)...); err != nil {
		return st, err
	}
	st.Articles = []string{}
	if err := json.Unmarshal([]byte(members), &st.Articles); err != nil {
		return st, fmt.Errorf("decode members: %w", err)
	}
	return st, nil
}

// Story returns a story and its report. A story stored without a report
// comes back with an empty one, so callers need no nil check.
func (s *Store) Story(ctx context.Context, id string) (news.Story, *news.Report, error) {
	var report sql.NullString
	st, err := scanStory(s.db.QueryRowContext(ctx, `SELECT `+storyCols+`, s.report FROM stories s WHERE s.id = ?`, id), &report)
	if errors.Is(err, sql.ErrNoRows) {
		return news.Story{}, nil, fmt.Errorf("sqlite: story %s: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return news.Story{}, nil, fmt.Errorf("sqlite: story %s: %w", id, err)
	}
	r := news.NewReport()
	if report.Valid {
		if err := json.Unmarshal([]byte(report.String), r); err != nil {
			return news.Story{}, nil, fmt.Errorf("sqlite: story %s: decode report: %w", id, err)
		}
		r.Normalize()
	}
	return st, r, nil
}

// ReportJSON returns a story's report as stored, JSON-encoded (null when
// it was stored without one), for handlers that serve it without decoding
// it: decoding is most of the cost of Story.
func (s *Store) ReportJSON(ctx context.Context, id string) (json.RawMessage, error) {
	var report sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT report FROM stories WHERE id = ?`, id).Scan(&report)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: story %s: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: story %s: %w", id, err)
	}
	if !report.Valid {
		return json.RawMessage("null"), nil
	}
	return json.RawMessage(report.String), nil
}

// Stories lists stories, most recently updated first, then by ID.
func (s *Store) Stories(ctx context.Context, p news.Page) ([]news.Story, error) {
	limit, offset := core.Bounds(p)
	rows, err := s.db.QueryContext(ctx, `SELECT `+storyCols+` FROM stories s
		ORDER BY s.updated_seq DESC, s.id LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	defer rows.Close()
	out, err := core.Collect(rows, func() (news.Story, error) { return scanStory(rows) })
	if err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	return out, nil
}

// Entity merges an entity's rows across the stories that hold it.
func (s *Store) Entity(ctx context.Context, id string) (news.Entity, []string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT story_id, data FROM entities WHERE id = ? ORDER BY story_id`, id)
	if err != nil {
		return news.Entity{}, nil, fmt.Errorf("sqlite: entity %s: %w", id, err)
	}
	defer rows.Close()
	es, err := core.Collect(rows, func() (core.EntityRow, error) {
		var story string
		var data string
		if err := rows.Scan(&story, &data); err != nil {
			return core.EntityRow{}, err
		}
		return core.DecodeEntity(story, []byte(data))
	})
	if err != nil {
		return news.Entity{}, nil, fmt.Errorf("sqlite: entity %s: %w", id, err)
	}
	e, stories, err := core.MergeEntityRows(id, es)
	if err != nil {
		return news.Entity{}, nil, fmt.Errorf("sqlite: entity %s: %w", id, err)
	}
	return e, stories, nil
}

// Search runs query (words, "phrases", or, -exclusions) over titles and
// bodies, best match first (BM25; titles weigh twice as much as bodies),
// equal scores in the order the articles were stored.
func (s *Store) Search(ctx context.Context, query string, p news.Page) ([]news.SearchHit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	match := core.FTS5Query(core.ParseQuery(query))
	if match == "" {
		return []news.SearchHit{}, nil
	}
	limit, offset := core.Bounds(p)
	// ORDER BY rank is FTS5's fast path: it ranks every match but
	// computes snippet() only for the rows it returns (an ORDER BY on
	// bm25() computes every column of every match first, 2.5 times
	// slower). FTS5 sorts equal ranks in rowid order, that is in the
	// order articles were stored; the outer ORDER BY restates that order.
	rows, err := s.db.QueryContext(ctx, `WITH page AS MATERIALIZED (
			SELECT rowid AS seq, -rank AS score, snippet(articles_fts, -1, ?1, ?2, '…', 16) AS snippet
			FROM articles_fts
			WHERE articles_fts MATCH ?3 AND rank MATCH 'bm25(2.0, 1.0)'
			ORDER BY rank LIMIT ?4 OFFSET ?5)
		SELECT `+core.Prefixed("a.", articleCols)+`, page.snippet, page.score
		FROM page JOIN articles a ON a.seq = page.seq
		ORDER BY page.score DESC, page.seq`,
		core.MarkStart, core.MarkEnd, match, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("sqlite: search %q: %w", query, err)
	}
	defer rows.Close()
	out, err := core.Collect(rows, func() (news.SearchHit, error) {
		var h news.SearchHit
		var err error
		if h.Article, err = scanArticle(rows, &h.Snippet, &h.Score); err != nil {
			return h, err
		}
		h.Snippet = core.OneLine(h.Snippet)
		return h, nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: search %q: %w", query, err)
	}
	return out, nil
}
