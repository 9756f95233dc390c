// Package storetest is the conformance suite every news.Store must pass:
// the contracts written on news.Store, checked the same way against each
// implementation (SQLite always, PostgreSQL when a server is given).
//
// It holds tests only and must not depend on any implementation: a store
// is reached through the open functions its caller passes.
package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

// Highlight marks the suite expects around matched words in snippets
// (the values of store.MarkStart and store.MarkEnd; repeated here because
// storetest must not import an implementation).
const (
	markStart = "\u27E6"
	markEnd   = "\u27E7"
)

// Run checks a store against every contract of news.Store. open must
// return a new, empty store for each call; Run closes it.
func Run(t *testing.T, open func(t *testing.T) news.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s news.Store)
	}{
		{"ArticleRoundTrip", testArticleRoundTrip},
		{"Idempotency", testIdempotency},
		{"NotFound", testNotFound},
		{"ArticleOrderAndPaging", testArticleOrder},
		{"StoryOrder", testStoryOrder},
		{"PutStoryReplaces", testPutStoryReplaces},
		{"EntityMerge", testEntityMerge},
		{"Search", testSearch},
		{"Cancelled", testCancelled},
		{"ConcurrentPut", testConcurrentPut},
		{"Invalid", testInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// RunPersistence checks what survives closing a store: open returns an
// empty store and a function that opens another store on the same
// database (running the migrations again). It also checks writers in two
// stores racing on the same articles, as two ingest processes would.
func RunPersistence(t *testing.T, open func(t *testing.T) (news.Store, func() news.Store)) {
	ctx := context.Background()
	first, reopen := open(t)
	arts := corpus()
	for _, a := range arts {
		mustPut(t, first, a, true)
	}
	st := news.Story{ID: "s1", Title: "Drones", Articles: []string{arts[0].ID, arts[1].ID}}
	rep := reportFor(st, arts[:2], entity("e1", "Tehran", "GPE", nil, news.Mention{Article: arts[0].ID, Start: 0, End: 6}))
	if err := first.PutStory(ctx, st, rep); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	for round := range 2 { // the second round re-runs migrations on an up-to-date schema
		s := reopen()
		for _, a := range arts {
			got, err := s.Article(ctx, a.ID)
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			if a.ID == arts[0].ID || a.ID == arts[1].ID {
				a.Story = "s1"
			}
			if !reflect.DeepEqual(got, a) {
				t.Errorf("round %d: article %s = %+v, want %+v", round, a.ID, got, a)
			}
		}
		gotSt, gotRep, err := s.Story(ctx, "s1")
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if !reflect.DeepEqual(gotSt, st) || jsonOf(t, gotRep) != jsonOf(t, rep) {
			t.Errorf("round %d: story = %+v, %s", round, gotSt, jsonOf(t, gotRep))
		}
		if _, created, err := s.PutArticle(ctx, arts[2]); err != nil || created {
			t.Errorf("round %d: re-put after reopen: created=%v err=%v", round, created, err)
		}
		if hits, err := s.Search(ctx, "Shahed", news.Page{}); err != nil || len(hits) == 0 {
			t.Errorf("round %d: search after reopen: %d hits, %v", round, len(hits), err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}

	// Two stores on one database, four writers each, all putting the same
	// articles: every article stored once, created reported once.
	a, b := reopen(), reopen()
	defer a.Close()
	defer b.Close()
	batch := make([]news.Article, 20)
	for i := range batch {
		batch[i] = news.Article{ID: fmt.Sprintf("race%02d", i), URL: fmt.Sprintf("https://example.org/race/%d", i),
			Text: fmt.Sprintf("Race article number %d about a disputed convoy.", i)}
	}
	var created sync.Map
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		s := a
		if w%2 == 1 {
			s = b
		}
		wg.Go(func() {
			for i := range batch {
				x := batch[(i+w*3)%len(batch)]
				_, c, err := s.PutArticle(ctx, x)
				if err != nil {
					errs <- err
					return
				}
				if c {
					if _, dup := created.LoadOrStore(x.ID, true); dup {
						errs <- fmt.Errorf("%s created twice", x.ID)
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	n := 0
	created.Range(func(_, _ any) bool { n++; return true })
	if n != len(batch) {
		t.Errorf("%d articles reported created, want %d", n, len(batch))
	}
	all, err := a.Articles(ctx, news.Page{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(arts)+len(batch) {
		t.Errorf("%d articles stored, want %d", len(all), len(arts)+len(batch))
	}
}

// corpus is a handful of articles with every field set and text that
// search tests can reason about.
func corpus() []news.Article {
	return []news.Article{
		{ID: "a1", Source: "seeds/1.txt", URL: "https://example.org/1", Title: "Iran ships Shahed drones",
			Outlet: "Example Times", Published: "2022-10-17", Byline: "A. Writer", Language: "en",
			Text: "Tehran sent hundreds of Shahed-136 drones to Moscow, officials said.\n\nThe drones struck Kyiv."},
		{ID: "a2", Source: "seeds/2.txt", URL: "https://example.org/2", Title: "Kyiv under attack",
			Outlet: "Daily Example", Published: "2022-10-18", Language: "en",
			Text: "Explosions shook the capital on Monday morning as kamikaze drones hit the centre."},
		{ID: "a3", Source: "seeds/3.txt", Title: "Sanctions debated",
			Outlet: "Weekly Example", Language: "en",
			Text: "European ministers debated new sanctions on Iranian manufacturers — «a necessary step»."},
	}
}

func mustPut(t *testing.T, s news.Store, a news.Article, wantCreated bool) news.Article {
	t.Helper()
	got, created, err := s.PutArticle(context.Background(), a)
	if err != nil {
		t.Fatalf("put %s: %v", a.ID, err)
	}
	if created != wantCreated {
		t.Fatalf("put %s: created = %v, want %v", a.ID, created, wantCreated)
	}
	return got
}

func entity(id, name, typ string, aliases []string, ms ...news.Mention) news.Entity {
	if aliases == nil {
		aliases = []string{}
	}
	if ms == nil {
		ms = []news.Mention{}
	}
	return news.Entity{ID: id, Name: name, Type: typ, Aliases: aliases, Mentions: ms}
}

func reportFor(st news.Story, arts []news.Article, es ...news.Entity) *news.Report {
	r := news.NewReport()
	r.Stories = []news.Story{st}
	r.Articles = arts
	r.Entities = es
	r.SourceGroups = [][]string{st.Articles}
	r.Claims = []news.Claim{{ID: "c1", Text: "Tehran sent drones", Status: news.StatusSingleSource, IndependentSources: 1,
		Sources: []news.SourceSpan{{Article: st.Articles[0], Start: 0, End: 18}}}}
	return r
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func ids(as []news.Article) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

// everyField returns an article with every string field set, found by
// reflection, so that a field added to news.Article later is covered
// without editing this suite.
func everyField() news.Article {
	var a news.Article
	v := reflect.ValueOf(&a).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String && f.CanSet() {
			f.SetString("value of " + v.Type().Field(i).Name + " é中")
		}
	}
	a.ID = "every-field"
	return a
}

func testArticleRoundTrip(t *testing.T, s news.Store) {
	ctx := context.Background()
	for _, a := range append(corpus(), everyField()) {
		in := a
		in.Sentences = []news.Span{{Start: 0, End: 10}} // derived data: not stored
		in.Tokens = []news.Token{{Start: 0, End: 6}}
		got := mustPut(t, s, in, true)
		if !reflect.DeepEqual(got, a) {
			t.Errorf("PutArticle returned %+v, want %+v", got, a)
		}
		back, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, a) {
			t.Errorf("Article(%s) = %+v, want %+v", a.ID, back, a)
		}
	}
}

func testIdempotency(t *testing.T, s news.Store) {
	ctx := context.Background()
	orig := news.Article{ID: "orig", URL: "https://example.org/story", Title: "Original",
		Text: "The minister said: \u201cWe will respond.\u201d Forty drones were launched."}
	mustPut(t, s, orig, true)
	plain := news.Article{ID: "plain", Text: "An article without a URL, stored once."}
	mustPut(t, s, plain, true)

	tests := []struct {
		name    string
		in      news.Article
		created bool
		want    string // ID of the article returned
	}{
		{"same id", news.Article{ID: "orig", URL: "https://example.org/other", Text: "Entirely different text."}, false, "orig"},
		{"same url", news.Article{ID: "copy1", URL: "https://example.org/story", Text: "Another text at that URL."}, false, "orig"},
		{"same normalised text", news.Article{ID: "copy2", URL: "https://mirror.example.net/x",
			Text: "  THE MINISTER SAID: \"We will respond.\"\n\nForty drones   were launched.  "}, false, "orig"},
		{"same text without url", news.Article{ID: "copy3", Text: "an article without a url, stored once."}, false, "plain"},
		{"empty url is no key", news.Article{ID: "n1", Text: "First unrelated body."}, true, "n1"},
		{"empty url is no key again", news.Article{ID: "n2", Text: "Second unrelated body."}, true, "n2"},
		{"empty text is no key", news.Article{ID: "e1", Title: "Only a title"}, true, "e1"},
		{"empty text is no key again", news.Article{ID: "e2", Title: "Another title", Text: " \n "}, true, "e2"},
		{"different text", news.Article{ID: "n3", Text: "The minister said: \u201cWe will not respond.\u201d"}, true, "n3"},
	}
	for _, tc := range tests {
		got, created, err := s.PutArticle(ctx, tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if created != tc.created || got.ID != tc.want {
			t.Errorf("%s: got %s created=%v, want %s created=%v", tc.name, got.ID, created, tc.want, tc.created)
		}
		if !tc.created {
			stored, err := s.Article(ctx, tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, stored) {
				t.Errorf("%s: returned %+v, stored %+v", tc.name, got, stored)
			}
		}
	}
	all, err := s.Articles(ctx, news.Page{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"e1", "e2", "n1", "n2", "n3", "orig", "plain"}
	if got := ids(all); !reflect.DeepEqual(got, want) {
		t.Errorf("stored %v, want %v", got, want)
	}
	for _, id := range []string{"copy1", "copy2", "copy3"} {
		if _, err := s.Article(ctx, id); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("duplicate %s was stored (err %v)", id, err)
		}
	}
}

func testNotFound(t *testing.T, s news.Store) {
	ctx := context.Background()
	mustPut(t, s, corpus()[0], true)
	if _, err := s.Article(ctx, "missing"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Article: %v, want ErrNotFound", err)
	}
	if _, _, err := s.Story(ctx, "missing"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Story: %v, want ErrNotFound", err)
	}
	if _, _, err := s.Entity(ctx, "missing"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Entity: %v, want ErrNotFound", err)
	}
	hits, err := s.Search(ctx, "nonexistentword", news.Page{})
	if err != nil || len(hits) != 0 {
		t.Errorf("Search for an absent word: %v, %v; want no hits, no error", hits, err)
	}
}

func testArticleOrder(t *testing.T, s news.Store) {
	ctx := context.Background()
	// Inserted in an order unrelated to the expected one.
	in := []struct{ id, date string }{
		{"b", "2022-10-17"}, {"x", ""}, {"a", "2022-10-17"}, {"c", "2023-01-02"},
		{"w", ""}, {"d", "2021-05-30"}, {"B", "2022-10-17"},
	}
	for i, a := range in {
		mustPut(t, s, news.Article{ID: a.id, Published: a.date, Text: fmt.Sprintf("Body number %d.", i)}, true)
	}
	// Newest first; the same date by ID (byte order: upper case first);
	// undated last, by ID.
	want := []string{"c", "B", "a", "b", "d", "w", "x"}
	tests := []struct {
		page news.Page
		want []string
	}{
		{news.Page{}, want},
		{news.Page{Limit: 3}, want[:3]},
		{news.Page{Limit: 3, Offset: 3}, want[3:6]},
		{news.Page{Limit: 3, Offset: 6}, want[6:]},
		{news.Page{Limit: 3, Offset: 7}, []string{}},
		{news.Page{Limit: -1, Offset: -5}, want},
		{news.Page{Limit: 5000}, want},
	}
	for _, tc := range tests {
		got, err := s.Articles(ctx, tc.page)
		if err != nil {
			t.Fatal(err)
		}
		if got == nil {
			t.Errorf("%+v: nil slice, want empty", tc.page)
		}
		if g := ids(got); !slices.Equal(g, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.page, g, tc.want)
		}
	}
}

func testStoryOrder(t *testing.T, s news.Store) {
	ctx := context.Background()
	for _, id := range []string{"s2", "s1", "s3"} {
		if err := s.PutStory(ctx, news.Story{ID: id, Title: "Story " + id, Articles: []string{}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutStory(ctx, news.Story{ID: "s2", Title: "Story s2, updated", Articles: []string{}}, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		page news.Page
		want []string
	}{
		{news.Page{}, []string{"s2", "s3", "s1"}},
		{news.Page{Limit: 2}, []string{"s2", "s3"}},
		{news.Page{Limit: 2, Offset: 2}, []string{"s1"}},
	}
	for _, tc := range tests {
		got, err := s.Stories(ctx, tc.page)
		if err != nil {
			t.Fatal(err)
		}
		var g []string
		for _, st := range got {
			g = append(g, st.ID)
			if st.Articles == nil {
				t.Errorf("story %s: nil Articles, want empty", st.ID)
			}
		}
		if !slices.Equal(g, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.page, g, tc.want)
		}
	}
	if got, _ := s.Stories(ctx, news.Page{Limit: 1}); len(got) == 1 && got[0].Title != "Story s2, updated" {
		t.Errorf("updated title %q", got[0].Title)
	}
}

func testPutStoryReplaces(t *testing.T, s news.Store) {
	ctx := context.Background()
	arts := corpus()
	for _, a := range arts {
		mustPut(t, s, a, true)
	}
	first := news.Story{ID: "s1", Title: "First", Articles: []string{"a1", "a2", "a1"}}
	r1 := reportFor(news.Story{ID: "s1", Title: "First", Articles: []string{"a1", "a2"}}, arts[:2],
		entity("e-old", "Moscow", "GPE", nil, news.Mention{Article: "a1", Start: 58, End: 64}))
	if err := s.PutStory(ctx, first, r1); err != nil {
		t.Fatal(err)
	}
	st, rep, err := s.Story(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Articles, []string{"a1", "a2"}) || st.Title != "First" {
		t.Errorf("story = %+v, want members [a1 a2] (repeat dropped)", st)
	}
	if jsonOf(t, rep) != jsonOf(t, r1) {
		t.Errorf("report round trip:\n got %s\nwant %s", jsonOf(t, rep), jsonOf(t, r1))
	}

	second := news.Story{ID: "s1", Title: "Second", Articles: []string{"a3", "a2"}}
	r2 := reportFor(second, []news.Article{arts[2], arts[1]},
		entity("e-new", "European ministers", "ORG", nil, news.Mention{Article: "a3", Start: 0, End: 18}))
	if err := s.PutStory(ctx, second, r2); err != nil {
		t.Fatal(err)
	}
	st, rep, err = s.Story(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(st, second) {
		t.Errorf("story = %+v, want %+v", st, second)
	}
	if jsonOf(t, rep) != jsonOf(t, r2) {
		t.Errorf("report not replaced:\n got %s\nwant %s", jsonOf(t, rep), jsonOf(t, r2))
	}
	// A store that serves reports as stored JSON serves the same report.
	if raw, ok := s.(interface {
		ReportJSON(ctx context.Context, id string) (json.RawMessage, error)
	}); ok {
		b, err := raw.ReportJSON(ctx, "s1")
		if err != nil {
			t.Fatal(err)
		}
		var back news.Report
		if err := json.Unmarshal(b, &back); err != nil || jsonOf(t, &back) != jsonOf(t, r2) {
			t.Errorf("ReportJSON = %s (%v), want the stored report", b, err)
		}
		if _, err := raw.ReportJSON(ctx, "missing"); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("ReportJSON of a missing story: %v, want ErrNotFound", err)
		}
	}

	wantStory := map[string]string{"a1": "", "a2": "s1", "a3": "s1"}
	for id, want := range wantStory {
		a, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Story != want {
			t.Errorf("article %s story = %q, want %q", id, a.Story, want)
		}
	}
	if _, _, err := s.Entity(ctx, "e-old"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("entity of the replaced report: %v, want ErrNotFound", err)
	}
	if e, stories, err := s.Entity(ctx, "e-new"); err != nil || e.Name != "European ministers" || !slices.Equal(stories, []string{"s1"}) {
		t.Errorf("entity of the new report: %+v %v %v", e, stories, err)
	}

	// No report: an empty one comes back, never nil.
	if err := s.PutStory(ctx, news.Story{ID: "s2", Articles: []string{"a1"}}, nil); err != nil {
		t.Fatal(err)
	}
	_, rep, err = s.Story(ctx, "s2")
	if err != nil {
		t.Fatal(err)
	}
	if rep == nil || rep.Claims == nil || rep.SchemaVersion != news.SchemaVersion {
		t.Errorf("story without report: %+v", rep)
	}
}

func testEntityMerge(t *testing.T, s news.Store) {
	ctx := context.Background()
	m := func(a string, start, end int) news.Mention { return news.Mention{Article: a, Start: start, End: end} }
	rep1 := reportFor(news.Story{ID: "s1", Articles: []string{"a1"}}, nil,
		entity("e1", "Volodymyr Zelenskyy", "PERSON", []string{"Zelensky"}, m("a1", 40, 49), m("a1", 10, 19)),
		entity("e2", "Kyiv", "GPE", nil, m("a1", 0, 4)))
	rep2 := reportFor(news.Story{ID: "s2", Articles: []string{"a4"}}, nil,
		entity("e1", "Zelenskyy", "PERSON", []string{"Volodymyr Zelenskyy", "President Zelenskyy"}, m("a4", 0, 9), m("a1", 10, 19)))
	// Stored in the order s2, s1 so that the merge cannot lean on it.
	if err := s.PutStory(ctx, news.Story{ID: "s2", Articles: []string{"a4"}}, rep2); err != nil {
		t.Fatal(err)
	}
	if err := s.PutStory(ctx, news.Story{ID: "s1", Articles: []string{"a1"}}, rep1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id      string
		want    news.Entity
		stories []string
	}{
		{"e1", news.Entity{ID: "e1", Name: "Volodymyr Zelenskyy", Type: "PERSON",
			Aliases:  []string{"President Zelenskyy", "Zelensky", "Zelenskyy"},
			Mentions: []news.Mention{m("a1", 10, 19), m("a1", 40, 49), m("a4", 0, 9)}},
			[]string{"s1", "s2"}},
		{"e2", news.Entity{ID: "e2", Name: "Kyiv", Type: "GPE", Aliases: []string{}, Mentions: []news.Mention{m("a1", 0, 4)}},
			[]string{"s1"}},
	}
	for _, tc := range tests {
		got, stories, err := s.Entity(ctx, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.want) || !slices.Equal(stories, tc.stories) {
			t.Errorf("Entity(%s) = %+v in %v,\nwant %+v in %v", tc.id, got, stories, tc.want, tc.stories)
		}
	}
}

func testSearch(t *testing.T, s news.Store) {
	ctx := context.Background()
	arts := append(corpus(),
		news.Article{ID: "a4", Title: "Night raid", Text: "A drone strike on the power station left the city dark."},
		news.Article{ID: "a5", Title: "Strike talks", Text: "Unions said a strike was possible; a drone show was cancelled."},
	)
	for _, a := range arts {
		mustPut(t, s, a, true)
	}
	tests := []struct {
		query string
		want  []string // IDs expected, in any order
		mark  string   // a word the first hit's snippet must highlight
	}{
		{"Moscow", []string{"a1"}, "Moscow"},                          // body only
		{"attack", []string{"a2"}, "attack"},                          // title only
		{"sanctions", []string{"a3"}, "sanctions"},                    // title and body
		{"kamikaze explosions", []string{"a2"}, "kamikaze"},           // AND
		{"drone", []string{"a1", "a2", "a4", "a5"}, ""},               // stemming: drones
		{`"drone strike"`, []string{"a4"}, ""},                        // phrase
		{"strike -unions", []string{"a4"}, ""},                        // exclusion
		{"ministers or kamikaze", []string{"a2", "a3"}, ""},           // OR
		{"Shahed-136", []string{"a1"}, ""},                            // punctuation inside a word
		{`"unbalanced AND ( NOT * : ^`, []string{}, ""},               // syntax characters are text
		{"", []string{}, ""},                                          // nothing to look for
		{"nonexistentword", []string{}, ""},                           // no match
		{"Tehran' OR 1=1 --", []string{"a1"}, ""},                     // an injection attempt is words
		{"MOSCOW", []string{"a1"}, "Moscow"},                          // case-insensitive
		{"Iranian manufacturers", []string{"a3"}, "manufacturers"},    // two words in a body
		{"capital -capital", []string{}, ""},                          // excluded entirely
		{"sanctions or nonexistentword", []string{"a3"}, "sanctions"}, // OR with a miss
		{"drone\x00 \xff", []string{"a1", "a2", "a4", "a5"}, ""},      // NUL and invalid UTF-8 are not errors
	}
	for _, tc := range tests {
		hits, err := s.Search(ctx, tc.query, news.Page{})
		if err != nil {
			t.Errorf("Search(%q): %v", tc.query, err)
			continue
		}
		if hits == nil {
			t.Errorf("Search(%q): nil, want empty slice", tc.query)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Article.ID)
			if h.Article.Text == "" {
				t.Errorf("Search(%q): hit %s without its article", tc.query, h.Article.ID)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("Search(%q) = %v, want %v", tc.query, got, tc.want)
			continue
		}
		if tc.mark != "" {
			sn := hits[0].Snippet
			t.Logf("Search(%q) snippet: %s", tc.query, sn)
			if !strings.Contains(strings.ToLower(sn), strings.ToLower(markStart+tc.mark+markEnd)) {
				t.Errorf("Search(%q): snippet %q does not highlight %q", tc.query, sn, tc.mark)
			}
		}
	}

	// Best first: the article with the word in its title and body twice
	// outranks the one with it once in the body; paging splits that order.
	all, err := s.Search(ctx, "drones", news.Page{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Score > all[i-1].Score {
			t.Errorf("hits not ordered by score: %v then %v", all[i-1].Score, all[i].Score)
		}
	}
	if len(all) > 0 && all[0].Article.ID != "a1" {
		t.Errorf("best hit for drones = %s, want a1", all[0].Article.ID)
	}
	var paged []string
	for off := 0; off < len(all); off++ {
		page, err := s.Search(ctx, "drones", news.Page{Limit: 1, Offset: off})
		if err != nil || len(page) != 1 {
			t.Fatalf("page %d: %d hits, %v", off, len(page), err)
		}
		paged = append(paged, page[0].Article.ID)
	}
	var whole []string
	for _, h := range all {
		whole = append(whole, h.Article.ID)
	}
	if !slices.Equal(paged, whole) {
		t.Errorf("paged search %v, whole %v", paged, whole)
	}

	// Equal scores come in the order the articles were stored (here not
	// the order of their IDs), on every page.
	for _, a := range []news.Article{
		{ID: "t3", Text: "Zebra crossing seen near alpha."},
		{ID: "t1", Text: "Zebra crossing seen near bravo."},
		{ID: "t2", Text: "Zebra crossing seen near delta."},
	} {
		mustPut(t, s, a, true)
	}
	for _, p := range []news.Page{{}, {Limit: 2}, {Limit: 2, Offset: 2}} {
		hits, err := s.Search(ctx, "zebra", p)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Article.ID)
		}
		want := []string{"t3", "t1", "t2"}
		want = want[min(p.Offset, 3):min(p.Offset+cmp.Or(p.Limit, 3), 3)]
		if !slices.Equal(got, want) {
			t.Errorf("ties %+v: %v, want %v", p, got, want)
		}
	}
}

func testCancelled(t *testing.T, s news.Store) {
	mustPut(t, s, corpus()[0], true)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := map[string]func() error{
		"PutArticle": func() error { _, _, err := s.PutArticle(ctx, corpus()[1]); return err },
		"Article":    func() error { _, err := s.Article(ctx, "a1"); return err },
		"Articles":   func() error { _, err := s.Articles(ctx, news.Page{}); return err },
		"PutStory":   func() error { return s.PutStory(ctx, news.Story{ID: "s1"}, nil) },
		"Story":      func() error { _, _, err := s.Story(ctx, "s1"); return err },
		"Stories":    func() error { _, err := s.Stories(ctx, news.Page{}); return err },
		"Entity":     func() error { _, _, err := s.Entity(ctx, "e1"); return err },
		"Search":     func() error { _, err := s.Search(ctx, "drones", news.Page{}); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v, want context.Canceled", name, err)
		}
	}
	// Nothing was written.
	if _, err := s.Article(context.Background(), "a2"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("article put with a cancelled context is stored (%v)", err)
	}
	if _, _, err := s.Story(context.Background(), "s1"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("story put with a cancelled context is stored (%v)", err)
	}
}

func testConcurrentPut(t *testing.T, s news.Store) {
	ctx := context.Background()
	a := corpus()[0]
	type result struct {
		id      string
		created bool
		err     error
	}
	results := make(chan result, 8)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			x := a
			if i%2 == 1 {
				x.ID = fmt.Sprintf("%s-copy%d", a.ID, i) // same URL and text under another ID
			}
			got, created, err := s.PutArticle(ctx, x)
			results <- result{got.ID, created, err}
		})
	}
	wg.Wait()
	close(results)
	created := 0
	var winner string
	for r := range results {
		if r.err != nil {
			t.Fatal(r.err)
		}
		if r.created {
			created++
			winner = r.id
		}
	}
	if created != 1 {
		t.Fatalf("%d goroutines created the article, want 1", created)
	}
	all, err := s.Articles(ctx, news.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].ID != winner {
		t.Errorf("stored %v, want only %s", ids(all), winner)
	}
}

func testInvalid(t *testing.T, s news.Store) {
	ctx := context.Background()
	bad := []news.Article{
		{Text: "no id"},
		{ID: "nul", Text: "a NUL \x00 byte"},
		{ID: "utf8", Text: "bad \xff bytes"},
	}
	for _, a := range bad {
		if _, _, err := s.PutArticle(ctx, a); err == nil {
			t.Errorf("PutArticle(%q) accepted invalid input", a.ID)
		}
	}
	if err := s.PutStory(ctx, news.Story{Title: "no id"}, nil); err == nil {
		t.Error("PutStory accepted a story without an ID")
	}
	if all, err := s.Articles(ctx, news.Page{}); err != nil || len(all) != 0 {
		t.Errorf("invalid articles stored: %v %v", ids(all), err)
	}
}
