package web

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/triangulate/triangulate/internal/news"
)

// fakeStore is a small in-memory news.Store for the handler tests: enough
// of the contract (not found, paging, search snippets with ⟦⟧ marks) to
// drive every route. The real stores are tested by store/storetest.
type fakeStore struct {
	mu       sync.Mutex
	articles map[string]news.Article
	stories  map[string]news.Story
	reports  map[string]*news.Report
	order    []string // story IDs, most recently put last
	fail     error    // when set, every call returns it
	storyGet int      // Story calls, to see the cache at work
}

var _ news.Store = (*fakeStore)(nil)

func newFakeStore() *fakeStore {
	return &fakeStore{articles: map[string]news.Article{}, stories: map[string]news.Story{}, reports: map[string]*news.Report{}}
}

func (f *fakeStore) PutArticle(ctx context.Context, a news.Article) (news.Article, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return news.Article{}, false, f.fail
	}
	if old, ok := f.articles[a.ID]; ok {
		return old, false, nil
	}
	a.Sentences, a.Tokens = nil, nil
	f.articles[a.ID] = a
	return a, true, nil
}

func (f *fakeStore) Article(ctx context.Context, id string) (news.Article, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return news.Article{}, f.fail
	}
	a, ok := f.articles[id]
	if !ok {
		return news.Article{}, news.ErrNotFound
	}
	return a, nil
}

func (f *fakeStore) Articles(ctx context.Context, p news.Page) ([]news.Article, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	var out []news.Article
	for _, a := range f.articles {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b news.Article) int {
		return cmp.Or(cmp.Compare(b.Published, a.Published), cmp.Compare(a.ID, b.ID))
	})
	return pageOf(out, p), nil
}

func (f *fakeStore) PutStory(ctx context.Context, s news.Story, r *news.Report) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.stories[s.ID] = s
	f.reports[s.ID] = r
	f.order = slices.DeleteFunc(f.order, func(id string) bool { return id == s.ID })
	f.order = append(f.order, s.ID)
	return nil
}

func (f *fakeStore) Story(ctx context.Context, id string) (news.Story, *news.Report, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.storyGet++
	if f.fail != nil {
		return news.Story{}, nil, f.fail
	}
	s, ok := f.stories[id]
	if !ok {
		return news.Story{}, nil, news.ErrNotFound
	}
	// A copy, as a real store decodes a fresh one on every read.
	r := *f.reports[id]
	return s, &r, nil
}

func (f *fakeStore) Stories(ctx context.Context, p news.Page) ([]news.Story, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	var out []news.Story
	for i := len(f.order) - 1; i >= 0; i-- {
		out = append(out, f.stories[f.order[i]])
	}
	return pageOf(out, p), nil
}

func (f *fakeStore) Entity(ctx context.Context, id string) (news.Entity, []string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return news.Entity{}, nil, f.fail
	}
	var found *news.Entity
	var stories []string
	for _, sid := range f.order {
		for _, e := range f.reports[sid].Entities {
			if e.ID == id {
				if found == nil {
					e := e
					found = &e
				}
				stories = append(stories, sid)
			}
		}
	}
	if found == nil {
		return news.Entity{}, nil, news.ErrNotFound
	}
	return *found, stories, nil
}

func (f *fakeStore) Search(ctx context.Context, q string, p news.Page) ([]news.SearchHit, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	q = strings.ToLower(strings.TrimSpace(q))
	var out []news.SearchHit
	for _, a := range f.articles {
		i := strings.Index(strings.ToLower(a.Text), q)
		if i < 0 && !strings.Contains(strings.ToLower(a.Title), q) {
			continue
		}
		snip := a.Title
		if i >= 0 {
			s := max(i-20, 0)
			e := min(i+len(q)+20, len(a.Text))
			snip = a.Text[s:i] + "\u27E6" + a.Text[i:i+len(q)] + "\u27E7" + a.Text[i+len(q):e]
		}
		out = append(out, news.SearchHit{Article: a, Snippet: snip, Score: 1})
	}
	slices.SortFunc(out, func(a, b news.SearchHit) int { return cmp.Compare(a.Article.ID, b.Article.ID) })
	return pageOf(out, p), nil
}

func (f *fakeStore) Close() error { return nil }

func (f *fakeStore) setFail(err error) {
	f.mu.Lock()
	f.fail = err
	f.mu.Unlock()
}

func (f *fakeStore) storyReads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.storyGet
}

func pageOf[T any](items []T, p news.Page) []T {
	limit := p.Limit
	if limit <= 0 {
		limit = 50
	}
	if p.Offset >= len(items) {
		return []T{}
	}
	items = items[p.Offset:]
	return items[:min(limit, len(items))]
}

var errBroken = errors.New("disk on fire at /var/lib/secret.db")
