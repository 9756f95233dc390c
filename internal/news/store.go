package news

import (
	"context"
	"errors"
)

// ErrNotFound is returned by a Store when the requested item does not
// exist. Callers test it with errors.Is; the web layer maps it to 404.
var ErrNotFound = errors.New("not found")

// Store persists articles and their analyses. Implementations live in
// internal/store/sqlite and internal/store/postgres and must pass the one
// conformance suite in internal/store/storetest.
//
// Contracts every implementation keeps:
//   - Every method honours ctx cancellation.
//   - PutArticle is idempotent: an article whose ID, URL (when not empty)
//     or normalised text hash is already stored is not stored again, and
//     the stored one is returned. Each call commits in its own transaction,
//     so a process killed mid-ingest leaves only whole articles behind.
//   - PutStory replaces the story's membership and its report atomically.
//   - Lists are ordered deterministically (newest first where a date
//     exists, then by ID) and bounded by the limit given (0 means a
//     default of 50; implementations cap it at 1000).
type Store interface {
	// PutArticle stores a (extracted, ID-assigned) article. It returns the
	// stored article (the existing one when a duplicate) and whether it
	// was newly created.
	PutArticle(ctx context.Context, a Article) (stored Article, created bool, err error)
	// Article returns one article, or ErrNotFound.
	Article(ctx context.Context, id string) (Article, error)
	// Articles lists articles, newest first.
	Articles(ctx context.Context, p Page) ([]Article, error)

	// PutStory stores a story with the report of its analysis (the same
	// contract as `analyze --format json`, restricted to the story).
	PutStory(ctx context.Context, s Story, r *Report) error
	// Story returns a story and its stored report, or ErrNotFound.
	Story(ctx context.Context, id string) (Story, *Report, error)
	// Stories lists stories, most recently updated first.
	Stories(ctx context.Context, p Page) ([]Story, error)

	// Entity returns an entity as stored in the report of the stories that
	// mention it, merged by ID, with the IDs of those stories.
	Entity(ctx context.Context, id string) (Entity, []string, error)

	// Search runs a full-text query over article titles and bodies.
	Search(ctx context.Context, query string, p Page) ([]SearchHit, error)

	// Close releases the store's resources.
	Close() error
}

// Page bounds a list: Limit items (0 = default) after skipping Offset.
type Page struct {
	Limit  int
	Offset int
}

// SearchHit is one article matching a search, with a highlighted snippet
// (plain text; the UI escapes it).
type SearchHit struct {
	Article Article `json:"article"`
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}
