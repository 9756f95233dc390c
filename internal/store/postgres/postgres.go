// Package postgres is the news.Store for a PostgreSQL server (pgx/v5 with
// a connection pool), for deployments with several ingest processes and
// servers sharing one database. Full-text search uses a tsvector column
// with a GIN index, websearch_to_tsquery and ts_headline.
//
// It holds the PostgreSQL dialect of the store only; the decisions both
// stores share live in store/internal/core, and its behaviour is fixed by
// store/storetest. It must not import any pipeline stage.
package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/store/internal/core"
)

// Store is a news.Store over a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
}

var _ news.Store = (*Store)(nil)

// Open connects to the database named by dsn (a postgres:// URL or a
// key=value string; a search_path parameter selects a schema) and brings
// its schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password included; do not wrap.
		return nil, errors.New("postgres: invalid DSN")
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect %s: %w", cfg.ConnConfig.Host, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &Store{pool: pool}, nil
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Pool returns the underlying pool, for tests and maintenance tools that
// must look beneath the Store interface.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

const articleCols = core.ArticleCols

func scanArticle(r pgx.Row, extra ...any) (news.Article, error) {
	var row core.ArticleRow
	if err := r.Scan(append(row.Dest(), extra...)...); err != nil {
		return news.Article{}, err
	}
	return row.Article()
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// PutArticle stores a unless an article with its ID, URL or text hash is
// already stored, in which case it returns that one. The INSERT is one
// statement, so one transaction; with ON CONFLICT DO NOTHING, a writer
// racing another on the same article waits for the other's commit and
// then inserts nothing, and the re-select sees the winner's row.
func (s *Store) PutArticle(ctx context.Context, a news.Article) (news.Article, bool, error) {
	if err := ctx.Err(); err != nil {
		return news.Article{}, false, err
	}
	if err := core.ValidateArticle(&a); err != nil {
		return news.Article{}, false, err
	}
	a = core.Stripped(a)
	hash := nullable(core.TextHash(a.Text))
	data, err := core.ArticleData(a)
	if err != nil {
		return news.Article{}, false, err
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO articles (`+articleCols+`, text_hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12) ON CONFLICT DO NOTHING`,
		a.ID, a.Source, a.URL, a.Title, a.Outlet, a.Published, a.Byline, a.Language, a.Text, a.Story, data, hash)
	if err != nil {
		return news.Article{}, false, fmt.Errorf("postgres: put article %s: %w", a.ID, err)
	}
	if tag.RowsAffected() == 1 {
		return a, true, nil
	}
	stored, err := scanArticle(s.pool.QueryRow(ctx, `SELECT `+articleCols+` FROM articles
		WHERE id = $1 OR ($2 <> '' AND url = $2) OR text_hash = $3
		ORDER BY id = $1 DESC, url = $2 DESC LIMIT 1`, a.ID, a.URL, hash))
	if err != nil {
		// No row here would mean the conflicting row vanished; the store
		// never deletes articles, so report it rather than loop.
		return news.Article{}, false, fmt.Errorf("postgres: put article %s: read existing: %w", a.ID, err)
	}
	return stored, false, nil
}

// Article returns one article.
func (s *Store) Article(ctx context.Context, id string) (news.Article, error) {
	a, err := scanArticle(s.pool.QueryRow(ctx, `SELECT `+articleCols+` FROM articles WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return news.Article{}, fmt.Errorf("postgres: article %s: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return news.Article{}, fmt.Errorf("postgres: article %s: %w", id, err)
	}
	return a, nil
}

// Articles lists articles, newest first, then by ID.
func (s *Store) Articles(ctx context.Context, p news.Page) ([]news.Article, error) {
	limit, offset := core.Bounds(p)
	rows, err := s.pool.Query(ctx, `SELECT `+articleCols+` FROM articles
		ORDER BY published DESC, id LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("postgres: articles: %w", err)
	}
	defer rows.Close()
	out, err := core.Collect(rows, func() (news.Article, error) { return scanArticle(rows) })
	if err != nil {
		return nil, fmt.Errorf("postgres: articles: %w", err)
	}
	return out, nil
}

// PutStory replaces the story, its membership, its report and its entity
// rows in one transaction. The upsert locks the story's row first, so
// concurrent writers of one story apply whole, one after the other.
func (s *Store) PutStory(ctx context.Context, st news.Story, r *news.Report) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := core.ValidateStory(&st); err != nil {
		return err
	}
	var report []byte // NULL when there is no report
	var entities []news.Entity
	if r != nil {
		var err error
		if report, err = json.Marshal(r); err != nil {
			return fmt.Errorf("postgres: put story %s: encode report: %w", st.ID, err)
		}
		entities = core.GroupEntities(r.Entities)
	}
	members := core.Members(st.Articles)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO stories (id, title, report, updated_seq)
			VALUES ($1, $2, $3::jsonb, nextval('story_updates'))
			ON CONFLICT (id) DO UPDATE SET title = excluded.title, report = excluded.report,
				updated_seq = excluded.updated_seq, updated_at = now()`,
			st.ID, st.Title, nullableJSON(report)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET story = '' WHERE story = $1 AND NOT (id = ANY($2))`,
			st.ID, members); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM story_articles WHERE story_id = $1`, st.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO story_articles (story_id, position, article_id)
			SELECT $1, m.ord - 1, m.id FROM unnest($2::text[]) WITH ORDINALITY AS m (id, ord)`,
			st.ID, members); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET story = $1 WHERE id = ANY($2)`, st.ID, members); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM entities WHERE story_id = $1`, st.ID); err != nil {
			return err
		}
		if len(entities) == 0 {
			return nil
		}
		rows := make([][]any, 0, len(entities))
		for _, e := range entities {
			b, err := json.Marshal(e)
			if err != nil {
				return fmt.Errorf("encode entity %s: %w", e.ID, err)
			}
			rows = append(rows, []any{e.ID, st.ID, e.Name, e.Type, string(b)})
		}
		// Inserted in a batch: a report can name hundreds of entities.
		batch := &pgx.Batch{}
		for _, row := range rows {
			batch.Queue(`INSERT INTO entities (id, story_id, name, type, data) VALUES ($1, $2, $3, $4, $5::jsonb)`, row...)
		}
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		return fmt.Errorf("postgres: put story %s: %w", st.ID, err)
	}
	return nil
}

func nullableJSON(b []byte) *string {
	if b == nil {
		return nil
	}
	s := string(b)
	return &s
}

const storyCols = `s.id, s.title, COALESCE((SELECT array_agg(article_id ORDER BY position)
	FROM story_articles WHERE story_id = s.id), '{}')`

// Story returns a story and its report. A story stored without a report
// comes back with an empty one, so callers need no nil check.
func (s *Store) Story(ctx context.Context, id string) (news.Story, *news.Report, error) {
	var st news.Story
	var report []byte
	err := s.pool.QueryRow(ctx, `SELECT `+storyCols+`, s.report FROM stories s WHERE s.id = $1`, id).
		Scan(&st.ID, &st.Title, &st.Articles, &report)
	if errors.Is(err, pgx.ErrNoRows) {
		return news.Story{}, nil, fmt.Errorf("postgres: story %s: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return news.Story{}, nil, fmt.Errorf("postgres: story %s: %w", id, err)
	}
	r := news.NewReport()
	if report != nil {
		if err := json.Unmarshal(report, r); err != nil {
			return news.Story{}, nil, fmt.Errorf("postgres: story %s: decode report: %w", id, err)
		}
		r.Normalize()
	}
	if st.Articles == nil {
		st.Articles = []string{}
	}
	return st, r, nil
}

// ReportJSON returns a story's report as stored, JSON-encoded (null when
// it was stored without one), for handlers that serve it without decoding
// it: decoding is most of the cost of Story. jsonb does not keep the key
// order of the stored text; the content is the same.
func (s *Store) ReportJSON(ctx context.Context, id string) (json.RawMessage, error) {
	var report []byte
	err := s.pool.QueryRow(ctx, `SELECT report::text FROM stories WHERE id = $1`, id).Scan(&report)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: story %s: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: story %s: %w", id, err)
	}
	if report == nil {
		return json.RawMessage("null"), nil
	}
	return json.RawMessage(report), nil
}

// Stories lists stories, most recently updated first, then by ID.
func (s *Store) Stories(ctx context.Context, p news.Page) ([]news.Story, error) {
	limit, offset := core.Bounds(p)
	rows, err := s.pool.Query(ctx, `SELECT `+storyCols+` FROM stories s
		ORDER BY s.updated_seq DESC, s.id LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("postgres: stories: %w", err)
	}
	defer rows.Close()
	out, err := core.Collect(rows, func() (news.Story, error) {
		var st news.Story
		if err := rows.Scan(&st.ID, &st.Title, &st.Articles); err != nil {
			return st, err
		}
		if st.Articles == nil {
			st.Articles = []string{}
		}
		return st, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: stories: %w", err)
	}
	return out, nil
}

// Entity merges an entity's rows across the stories that hold it.
func (s *Store) Entity(ctx context.Context, id string) (news.Entity, []string, error) {
	rows, err := s.pool.Query(ctx, `SELECT story_id, data FROM entities WHERE id = $1 ORDER BY story_id`, id)
	if err != nil {
		return news.Entity{}, nil, fmt.Errorf("postgres: entity %s: %w", id, err)
	}
	defer rows.Close()
	es, err := core.Collect(rows, func() (core.EntityRow, error) {
		var story string
		var data []byte
		if err := rows.Scan(&story, &data); err != nil {
			return core.EntityRow{}, err
		}
		return core.DecodeEntity(story, data)
	})
	if err != nil {
		return news.Entity{}, nil, fmt.Errorf("postgres: entity %s: %w", id, err)
	}
	e, stories, err := core.MergeEntityRows(id, es)
	if err != nil {
		return news.Entity{}, nil, fmt.Errorf("postgres: entity %s: %w", id, err)
	}
	return e, stories, nil
}

// headlineOpts shape ts_headline's snippets like SQLite's snippet(): a
// fragment or two of about a dozen words, matches between the marks.
var headlineOpts = `StartSel="` + core.MarkStart + `", StopSel="` + core.MarkEnd +
	`", MaxWords=20, MinWords=8, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`

// Search runs query (websearch syntax: words, "phrases", or, -exclusions)
// over titles and bodies, best match first (ts_rank_cd; titles weigh
// more), equal scores in the order the articles were stored. The snippet comes from the
// body when the body matches (the body-weighted lexemes, tsv's weight B),
// else from the title, and is computed only for the page of hits returned,
// since ts_headline re-parses the text.
func (s *Store) Search(ctx context.Context, query string, p news.Page) ([]news.SearchHit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	query = core.CleanQuery(query)
	if len(core.ParseQuery(query)) == 0 {
		return []news.SearchHit{}, nil
	}
	limit, offset := core.Bounds(p)
	rows, err := s.pool.Query(ctx, `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS q),
		hits AS (
			SELECT a.seq, ts_rank_cd(a.tsv, q.q) AS score
			FROM articles a, q WHERE a.tsv @@ q.q
			ORDER BY score DESC, a.seq LIMIT $2 OFFSET $3)
		SELECT `+core.Prefixed("a.", articleCols)+`,
			ts_headline('english', CASE WHEN ts_filter(a.tsv, '{b}') @@ q.q THEN a.text ELSE a.title END, q.q, $4),
			hits.score
		FROM hits JOIN articles a ON a.seq = hits.seq, q
		ORDER BY hits.score DESC, hits.seq`, query, limit, offset, headlineOpts)
	if err != nil {
		return nil, fmt.Errorf("postgres: search %q: %w", query, err)
	}
	defer rows.Close()
	out, err := core.Collect(rows, func() (news.SearchHit, error) {
		var h news.SearchHit
		var err error
		var score float32
		if h.Article, err = scanArticle(rows, &h.Snippet, &score); err != nil {
			return h, err
		}
		h.Score = float64(score)
		h.Snippet = core.OneLine(h.Snippet)
		return h, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: search %q: %w", query, err)
	}
	return out, nil
}
