package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/news"
)

const testToken = "s3cret-token"

// fakeIngest stores the posted document's content as an article, as the
// real ingest would after extraction; "EMPTY" stands for a document that
// extraction rejects.
func fakeIngest(st *fakeStore) func(context.Context, news.RawDoc) (news.Article, error) {
	return func(ctx context.Context, d news.RawDoc) (news.Article, error) {
		if string(d.Content) == "EMPTY" {
			return news.Article{}, fmt.Errorf("extract %s: no text: %w", d.Source, ErrInvalid)
		}
		if string(d.Content) == "CRASH" {
			return news.Article{}, fmt.Errorf("store: %w", errBroken)
		}
		a := news.Article{ID: "p" + fmt.Sprint(len(d.Content)), Source: d.Source, URL: d.URL, Title: d.Title, Published: d.Published, Text: string(d.Content)}
		stored, _, err := st.PutArticle(ctx, a)
		return stored, err
	}
}

type apiCase struct {
	name       string
	method     string
	path       string
	body       string
	header     map[string]string
	want       int
	wantInBody string // a substring of the response body
}

func runAPICases(t *testing.T, h http.Handler, cases []apiCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.want {
				t.Fatalf("%s %s: status %d, want %d; body %s", c.method, c.path, rec.Code, c.want, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("content type %q, want JSON", ct)
			}
			if rec.Header().Get("Content-Security-Policy") == "" {
				t.Error("no Content-Security-Policy header")
			}
			var body map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("body is not a JSON object: %v: %s", err, rec.Body)
			}
			if c.want >= 400 {
				msg, _ := body["error"].(string)
				if msg == "" {
					t.Errorf("error response without an error message: %s", rec.Body)
				}
			}
			if c.wantInBody != "" && !strings.Contains(rec.Body.String(), c.wantInBody) {
				t.Errorf("body %s does not contain %q", rec.Body, c.wantInBody)
			}
		})
	}
}

func TestAPIRoutes(t *testing.T) {
	st := storeWith(t)
	h := NewServer(st, Config{Token: testToken, Ingest: fakeIngest(st), MaxBody: 1024})
	auth := map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}
	runAPICases(t, h, []apiCase{
		{name: "health", method: "GET", path: "/healthz", want: 200, wantInBody: `"ok"`},
		{name: "stories", method: "GET", path: "/api/stories", want: 200, wantInBody: `"id":"s1"`},
		{name: "stories bad limit", method: "GET", path: "/api/stories?limit=ten", want: 400, wantInBody: "limit"},
		{name: "stories negative offset", method: "GET", path: "/api/stories?offset=-1", want: 400, wantInBody: "offset"},
		{name: "story", method: "GET", path: "/api/stories/s1", want: 200, wantInBody: `"schema_version": 1`},
		{name: "story missing", method: "GET", path: "/api/stories/nope", want: 404},
		{name: "story wrong method", method: "DELETE", path: "/api/stories/s1", want: 405},
		{name: "article", method: "GET", path: "/api/articles/a2", want: 200, wantInBody: `"outlet":"Second Post"`},
		{name: "article missing", method: "GET", path: "/api/articles/zz", want: 404},
		{name: "article wrong method", method: "PUT", path: "/api/articles/a2", want: 405},
		{name: "search", method: "GET", path: "/api/search?q=power+grid", want: 200, wantInBody: `"id":"a2"`},
		{name: "search empty", method: "GET", path: "/api/search?q=+", want: 400, wantInBody: "q parameter"},
		{name: "search bad page", method: "GET", path: "/api/search?q=x&limit=-3", want: 400},
		{name: "entity", method: "GET", path: "/api/entities/e3", want: 200, wantInBody: `"stories":["s1"]`},
		{name: "entity missing", method: "GET", path: "/api/entities/e99", want: 404},
		{name: "unknown api route", method: "GET", path: "/api/nothing", want: 404},
		{name: "list wrong method", method: "POST", path: "/api/stories", want: 405},
		{name: "articles list not a route", method: "GET", path: "/api/articles", want: 405},

		{name: "post no token", method: "POST", path: "/api/articles", body: `{"text":"x"}`, header: map[string]string{"Content-Type": "application/json"}, want: 401},
		{name: "post wrong token", method: "POST", path: "/api/articles", body: `{"text":"x"}`, header: map[string]string{"Authorization": "Bearer nope"}, want: 401},
		{name: "post wrong scheme", method: "POST", path: "/api/articles", body: `{"text":"x"}`, header: map[string]string{"Authorization": "Basic " + testToken}, want: 401},
		{name: "post ok", method: "POST", path: "/api/articles", body: `{"url":"https://x.example/a","title":"T","published":"2022-10-01","text":"Drones over Kyiv."}`, header: auth, want: 201, wantInBody: `"title":"T"`},
		{name: "post html", method: "POST", path: "/api/articles", body: `{"html":"<p>Hello there</p>"}`, header: auth, want: 201},
		{name: "post too large", method: "POST", path: "/api/articles", body: `{"text":"` + strings.Repeat("x", 2000) + `"}`, header: auth, want: 413, wantInBody: "1024 bytes"},
		{name: "post not json", method: "POST", path: "/api/articles", body: `text=hello`, header: auth, want: 400},
		{name: "post two values", method: "POST", path: "/api/articles", body: `{"text":"a"} {"text":"b"}`, header: auth, want: 400, wantInBody: "more than one"},
		{name: "post unknown field", method: "POST", path: "/api/articles", body: `{"text":"a","body":"b"}`, header: auth, want: 400},
		{name: "post no body field", method: "POST", path: "/api/articles", body: `{"title":"only"}`, header: auth, want: 400, wantInBody: "no body"},
		{name: "post html and text", method: "POST", path: "/api/articles", body: `{"html":"<p>a</p>","text":"a"}`, header: auth, want: 400},
		{name: "post javascript url", method: "POST", path: "/api/articles", body: `{"url":"javascript:alert(1)","text":"a"}`, header: auth, want: 400, wantInBody: "http or https"},
		{name: "post wrong content type", method: "POST", path: "/api/articles", body: `{"text":"a"}`, header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "text/plain"}, want: 400},
		{name: "post extraction rejects", method: "POST", path: "/api/articles", body: `{"text":"EMPTY"}`, header: auth, want: 400, wantInBody: "no text"},
		{name: "post store fails", method: "POST", path: "/api/articles", body: `{"text":"CRASH"}`, header: auth, want: 500},
	})
}

func TestWritesDisabled(t *testing.T) {
	st := storeWith(t)
	runAPICases(t, NewServer(st, Config{Ingest: fakeIngest(st)}), []apiCase{
		{name: "no token configured", method: "POST", path: "/api/articles", body: `{"text":"x"}`, header: map[string]string{"Authorization": "Bearer "}, want: 403, wantInBody: "writes are disabled: start serve with --token"},
		{name: "no token configured, credentials given", method: "POST", path: "/api/articles", body: `{"text":"x"}`, header: map[string]string{"Authorization": "Bearer anything"}, want: 403},
	})
	runAPICases(t, NewServer(st, Config{Token: testToken}), []apiCase{
		{name: "no ingest", method: "POST", path: "/api/articles", body: `{"text":"x"}`, header: map[string]string{"Authorization": "Bearer " + testToken}, want: 503},
		{name: "no ingest, wrong token", method: "POST", path: "/api/articles", body: `{"text":"x"}`, header: map[string]string{"Authorization": "Bearer x"}, want: 401},
	})
}

func TestUnauthorizedHeaderAndNoLeak(t *testing.T) {
	st := storeWith(t)
	h := NewServer(st, Config{Token: testToken, Ingest: fakeIngest(st)})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/articles", strings.NewReader(`{"text":"x"}`)))
	if rec.Code != 401 || !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("status %d, WWW-Authenticate %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("DELETE", "/api/stories/s1", nil))
	if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "GET") {
		t.Errorf("405 without Allow: %q", allow)
	}

	// A store failure is a 500 whose body does not show the chain (paths,
	// SQL); the healthz check reports it as 503.
	st.setFail(errBroken)
	for path, want := range map[string]int{"/api/stories": 500, "/api/articles/a1": 500, "/healthz": 503, "/": 500} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != want {
			t.Errorf("%s with a failing store: %d, want %d", path, rec.Code, want)
		}
		if strings.Contains(rec.Body.String(), "secret.db") {
			t.Errorf("%s leaks the error chain: %s", path, rec.Body)
		}
	}
}

func TestStatusMapping(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{fmt.Errorf("story x: %w", news.ErrNotFound), 404},
		{fmt.Errorf("post: %w", &http.MaxBytesError{Limit: 5}), 413},
		{fmt.Errorf("limit: %w", ErrInvalid), 400},
		{errUnauthorized, 401},
		{errWritesOff, 403},
		{errMethod, 405},
		{errNoIngest, 503},
		{fmt.Errorf("read: %w", context.DeadlineExceeded), 504},
		{errors.New("boom"), 500},
	} {
		if got := status(c.err); got != c.want {
			t.Errorf("status(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

// TestEmptiedStoriesHidden: a story a later analysis emptied is not listed.
func TestEmptiedStoriesHidden(t *testing.T) {
	st := newFakeStore()
	for _, s := range []news.Story{{ID: "live", Articles: []string{"a1"}}, {ID: "gone"}} {
		if err := st.PutStory(t.Context(), s, news.NewReport()); err != nil {
			t.Fatal(err)
		}
	}
	rec := httptest.NewRecorder()
	NewServer(st, Config{}).ServeHTTP(rec, httptest.NewRequest("GET", "/api/stories", nil))
	if body := rec.Body.String(); !strings.Contains(body, `"live"`) || strings.Contains(body, `"gone"`) {
		t.Errorf("stories = %s", body)
	}
}

func TestPaging(t *testing.T) {
	st := newFakeStore()
	const n = 7
	for i := range n {
		r := news.NewReport()
		if err := st.PutStory(t.Context(), news.Story{ID: fmt.Sprintf("s%d", i), Title: fmt.Sprint("story ", i), Articles: []string{fmt.Sprintf("a%d", i)}}, r); err != nil {
			t.Fatal(err)
		}
	}
	h := NewServer(st, Config{})
	seen := map[string]bool{}
	next := "/api/stories?limit=3"
	pages := 0
	for next != "" && pages < 10 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", next, nil))
		var body struct {
			Stories []news.Story `json:"stories"`
			Limit   int          `json:"limit"`
			Next    string       `json:"next"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 200 {
			t.Fatalf("%s: %d %v", next, rec.Code, err)
		}
		if body.Limit != 3 || len(body.Stories) > 3 {
			t.Fatalf("%s: limit %d, %d stories", next, body.Limit, len(body.Stories))
		}
		for _, s := range body.Stories {
			if seen[s.ID] {
				t.Errorf("story %s on two pages", s.ID)
			}
			seen[s.ID] = true
		}
		next = body.Next
		pages++
	}
	if len(seen) != n || pages != 3 {
		t.Errorf("saw %d stories in %d pages, want %d in 3", len(seen), pages, n)
	}

	// The UI pages through the same list.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/?limit=3&offset=3", nil))
	body := rec.Body.String()
	if !strings.Contains(body, `rel="prev"`) || !strings.Contains(body, `rel="next"`) || !strings.Contains(body, `start="4"`) {
		t.Errorf("middle page lacks prev/next links or numbering")
	}
}

func TestStoryCache(t *testing.T) {
	st := storeWith(t)
	h := NewServer(st, Config{Token: testToken, Ingest: fakeIngest(st), CacheTTL: time.Hour})
	get := func(hdr ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/api/stories/s1", nil)
		if len(hdr) == 2 {
			req.Header.Set(hdr[0], hdr[1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	first := get()
	reads := st.storyReads()
	for range 5 {
		if rec := get(); rec.Body.String() != first.Body.String() {
			t.Fatal("cached body differs")
		}
	}
	if st.storyReads() != reads {
		t.Errorf("store read %d more times within the TTL", st.storyReads()-reads)
	}
	etag := first.Header().Get("ETag")
	if rec := get("If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("revalidation with the ETag: %d, %d bytes", rec.Code, rec.Body.Len())
	}

	// A write through the server empties the cache: the changed report is
	// served at once, with a new ETag.
	s, r := richReport(t)
	r.Summary = r.Summary[:1]
	if err := st.PutStory(t.Context(), s, r); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/api/articles", strings.NewReader(`{"text":"new"}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 201 {
		t.Fatalf("post: %d %s", rec.Code, rec.Body)
	}
	after := get()
	if after.Body.String() == first.Body.String() || after.Header().Get("ETag") == etag {
		t.Error("report after a write is the cached one")
	}
	var got news.Report
	if err := json.Unmarshal(after.Body.Bytes(), &got); err != nil || len(got.Summary) != 1 {
		t.Errorf("report after write: %v, %d summary sentences, want 1", err, len(got.Summary))
	}

	// With a short TTL, a write by another process shows after it.
	st2 := storeWith(t)
	h2 := NewServer(st2, Config{CacheTTL: time.Millisecond})
	rec = httptest.NewRecorder()
	h2.ServeHTTP(rec, httptest.NewRequest("GET", "/api/stories/s1", nil))
	if err := st2.PutStory(t.Context(), s, r); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	rec2 := httptest.NewRecorder()
	h2.ServeHTTP(rec2, httptest.NewRequest("GET", "/api/stories/s1", nil))
	if rec.Body.String() == rec2.Body.String() {
		t.Error("report not re-read after the TTL")
	}
}

func TestStoryJSONIsTheContract(t *testing.T) {
	st := storeWith(t)
	rec := httptest.NewRecorder()
	NewServer(st, Config{}).ServeHTTP(rec, httptest.NewRequest("GET", "/api/stories/s1", nil))
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema_version", "articles", "stories", "copies", "source_groups", "entities", "quotes", "events", "claims", "conflicts", "timeline", "summary"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("report lacks key %q", k)
		}
	}
	var r news.Report
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	_, want := richReport(t)
	if len(r.Claims) != len(want.Claims) || len(r.Events) != len(want.Events) || r.Articles[0].Text != want.Articles[0].Text {
		t.Errorf("served report differs from the stored one")
	}
}
