// Package store opens the news.Store a DSN names: PostgreSQL for a
// postgres:// or postgresql:// URL, otherwise an SQLite file at that path
// (./triangulate.db when the DSN is empty).
//
// The implementations live in store/sqlite and store/postgres and both pass
// the one conformance suite in store/storetest. This package only chooses
// between them; callers program against news.Store and must not depend on
// which one they got.
package store

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/store/internal/core"
	"github.com/triangulate/triangulate/internal/store/postgres"
	"github.com/triangulate/triangulate/internal/store/sqlite"
)

// DefaultDSN is the SQLite file used when no DSN is given.
const DefaultDSN = "./triangulate.db"

// Highlight marks around matched words in news.SearchHit.Snippet. The
// snippet is plain text: escape it, then replace the marks by <mark> and
// </mark>.
const (
	MarkStart = core.MarkStart
	MarkEnd   = core.MarkEnd
)

// ErrInvalid is wrapped by PutArticle and PutStory errors for input a
// store cannot keep (no ID, invalid UTF-8, NUL bytes); the web layer maps
// it to 400.
var ErrInvalid = core.ErrInvalid

// RawReports is implemented by both stores: a story's report as stored
// JSON ("null" when stored without one; news.ErrNotFound for no story),
// for a handler that serves it as is. It is not part of news.Store because
// it is an optimisation (it skips the decoding that is most of the cost of
// Story), not a capability.
type RawReports interface {
	ReportJSON(ctx context.Context, id string) (json.RawMessage, error)
}

var (
	_ RawReports = (*sqlite.Store)(nil)
	_ RawReports = (*postgres.Store)(nil)
)

// Open opens the store dsn names and brings its schema up to date.
func Open(ctx context.Context, dsn string) (news.Store, error) {
	// Each branch returns a nil interface on error, never a nil *Store
	// inside a non-nil interface.
	if IsPostgres(dsn) {
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	if dsn == "" {
		dsn = DefaultDSN
	}
	s, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	d := strings.ToLower(strings.TrimSpace(dsn))
	return strings.HasPrefix(d, "postgres://") || strings.HasPrefix(d, "postgresql://")
}
