package web

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/report"
)

// storyData is one story as the handlers use it: the decoded report for
// the UI and its rendered JSON for the API. It is shared between requests
// and must be treated as read-only.
type storyData struct {
	story  news.Story
	report *news.Report
	json   []byte
	etag   string
}

// reportCache keeps recently read stories in memory. Reading a report means
// a row read, a JSON decode and (for the API) an encode, which for a story
// of a few articles costs far more than serving the bytes; readers of one
// story far outnumber writers. Concurrent misses of one story share one
// load. Entries expire after ttl, because news.Store has no change feed and
// another process (triangulate ingest) may write the same database;
// writes through this server empty the cache at once.
type reportCache struct {
	st      news.Store
	ttl     time.Duration
	mu      sync.Mutex
	entries map[string]*cacheEntry
}

type cacheEntry struct {
	done   chan struct{} // closed when val/err are set
	val    *storyData
	err    error
	loaded time.Time
}

// maxCached bounds memory: a report with its article texts and JSON is a
// few hundred kilobytes at most for a typical story.
const maxCached = 256

// loadTimeout bounds a shared load, which runs detached from the request
// that started it so that one client hanging up does not fail the others.
const loadTimeout = 30 * time.Second

func newReportCache(st news.Store, ttl time.Duration) *reportCache {
	return &reportCache{st: st, ttl: ttl, entries: map[string]*cacheEntry{}}
}

// get returns the story id, from memory when fresh.
func (c *reportCache) get(ctx context.Context, id string) (*storyData, error) {
	if c.ttl < 0 {
		return load(ctx, c.st, id)
	}
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[id]
	if ok {
		select {
		case <-e.done:
			if e.err != nil || now.Sub(e.loaded) > c.ttl {
				ok = false
			}
		default: // a load is under way: wait for it
		}
	}
	if !ok {
		e = &cacheEntry{done: make(chan struct{})}
		c.evictLocked(now)
		c.entries[id] = e
		go c.fill(ctx, id, e)
	}
	c.mu.Unlock()

	select {
	case <-e.done:
		return e.val, e.err
	case <-ctx.Done():
		return nil, fmt.Errorf("story %s: %w", id, ctx.Err())
	}
}

func (c *reportCache) fill(ctx context.Context, id string, e *cacheEntry) {
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), loadTimeout)
	defer cancel()
	e.val, e.err = load(lctx, c.st, id)
	e.loaded = time.Now()
	close(e.done)
	if e.err != nil {
		// Errors are not kept: the next request asks the store again.
		c.mu.Lock()
		if c.entries[id] == e {
			delete(c.entries, id)
		}
		c.mu.Unlock()
	}
}

// evictLocked makes room for one entry: expired ones go first, then any.
func (c *reportCache) evictLocked(now time.Time) {
	if len(c.entries) < maxCached {
		return
	}
	for id, e := range c.entries {
		select {
		case <-e.done:
			if now.Sub(e.loaded) > c.ttl {
				delete(c.entries, id)
			}
		default:
		}
	}
	for id := range c.entries {
		if len(c.entries) < maxCached {
			break
		}
		delete(c.entries, id)
	}
}

// invalidate forgets every story, after a write through this server.
func (c *reportCache) invalidate() {
	c.mu.Lock()
	c.entries = map[string]*cacheEntry{}
	c.mu.Unlock()
}

// load reads one story and renders its report the way analyze --format
// json does, so the API serves the same contract byte for byte.
func load(ctx context.Context, st news.Store, id string) (*storyData, error) {
	s, r, err := st.Story(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	if r == nil {
		r = news.NewReport()
	}
	r.Normalize()
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, r); err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	b := buf.Bytes()
	return &storyData{story: s, report: r, json: b, etag: fmt.Sprintf(`"%016x"`, xxh3.Hash(b))}, nil
}
