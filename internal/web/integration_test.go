package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/web"
)

// TestIntegrationAPI runs every read route against the example corpus in a
// real SQLite store.
func TestIntegrationAPI(t *testing.T) {
	sd := seedStore(t)
	h := web.NewServer(sd.st, web.Config{})
	rep := restrict(sd.report, sd.story)
	a := rep.Articles[0]
	var entity string
	if len(rep.Entities) > 0 {
		entity = rep.Entities[0].ID
	}
	for _, c := range []struct {
		path string
		want int
		key  string // a key the JSON object must hold
	}{
		{"/healthz", 200, "status"},
		{"/api/stories", 200, "stories"},
		{"/api/stories/" + sd.story.ID, 200, "source_groups"},
		{"/api/stories/missing", 404, "error"},
		{"/api/articles/" + url.PathEscape(a.ID), 200, "text"},
		{"/api/articles/missing", 404, "error"},
		{"/api/search?q=" + url.QueryEscape(searchWord(rep)), 200, "hits"},
		{"/api/search?q=", 400, "error"},
		{"/api/entities/" + url.PathEscape(entity), map[bool]int{true: 200, false: 404}[entity != ""], map[bool]string{true: "entity", false: "error"}[entity != ""]},
		{"/api/entities/missing", 404, "error"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
		var body map[string]json.RawMessage
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != c.want {
			t.Errorf("GET %s: %d (want %d), %v: %.200s", c.path, rec.Code, c.want, err, rec.Body)
			continue
		}
		if _, ok := body[c.key]; !ok {
			t.Errorf("GET %s: no %q key", c.path, c.key)
		}
	}
	// The served report is the stored one, article for article.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/stories/"+sd.story.ID, nil))
	var got news.Report
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Articles) != len(rep.Articles) || got.Articles[0].Text != rep.Articles[0].Text || len(got.SourceGroups) != len(rep.SourceGroups) {
		t.Errorf("served report: %d articles, %d groups; stored %d, %d", len(got.Articles), len(got.SourceGroups), len(rep.Articles), len(rep.SourceGroups))
	}
}

// hostileHTML is a page whose body tries every way to run script once
// shown: script elements, event handlers, javascript: links, and markup
// spelled out in text.
const hostileHTML = `<!doctype html><html><head><title>Drones &lt;script&gt;alert(1)&lt;/script&gt; over Kyiv</title>
<script>alert("head")</script></head><body><article>
<h1>Drones &lt;script&gt;alert(1)&lt;/script&gt; over Kyiv</h1>
<p>Russia launched Iranian-made drones at Kyiv on Monday, officials said. <img src=x onerror="alert(2)"> The attack hit power stations across the city.</p>
<p>Witnesses described the strikes as relentless. <a href="javascript:alert(3)" onclick="alert(4)">Read more</a> about the drones.</p>
<p>A spokesman wrote &lt;img src=x onerror=alert(5)&gt; in a message that officials quoted verbatim to reporters on Monday evening.</p>
<p>Ukraine's air force said it shot down most of the drones before they reached the capital, according to the statement.</p>
<script>document.write("<b>owned</b>")</script>
</article></body></html>`

// TestIntegrationHostileArticle posts a hostile page through the API with
// an Ingest that runs the real pipeline and the real SQLite store, then
// checks that every page showing it is inert.
func TestIntegrationHostileArticle(t *testing.T) {
	sd := seedStore(t)
	st := sd.st
	ingest := func(ctx context.Context, d news.RawDoc) (news.Article, error) {
		rep, errs, err := pipeline.Analyze(ctx, []news.RawDoc{d}, pipeline.Config{})
		if err != nil {
			return news.Article{}, err
		}
		if len(errs) > 0 || len(rep.Articles) == 0 {
			return news.Article{}, fmt.Errorf("extract: %v: %w", errs, web.ErrInvalid)
		}
		a, _, err := st.PutArticle(ctx, rep.Articles[0])
		if err != nil {
			return news.Article{}, err
		}
		for _, s := range rep.Stories {
			if err := st.PutStory(ctx, s, restrict(rep, s)); err != nil {
				return news.Article{}, err
			}
		}
		return a, nil
	}
	h := web.NewServer(st, web.Config{Token: "tok", Ingest: ingest})
	body, _ := json.Marshal(map[string]string{"url": "https://evil.example/x", "html": hostileHTML})
	req := httptest.NewRequest("POST", "/api/articles", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("post: %d %s", rec.Code, rec.Body)
	}
	var a news.Article
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "drones") {
		t.Fatalf("extracted text %q", a.Text)
	}
	for _, path := range []string{
		"/", "/articles/" + url.PathEscape(a.ID), "/articles/" + url.PathEscape(a.ID) + "?start=0&end=40",
		"/stories/" + url.PathEscape(a.Story), "/search?q=drones", "/search?q=onerror",
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			t.Errorf("GET %s: %d", path, rec.Code)
			continue
		}
		doc, err := html.Parse(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		web.AssertInert(t, path, doc)
	}
	// Markup that was text in the page stays visible text.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/articles/"+url.PathEscape(a.ID), nil))
	doc, _ := html.Parse(rec.Body)
	if txt := web.TextOf(doc); !strings.Contains(txt, "onerror=alert(5)") {
		t.Errorf("escaped markup in the text is not shown as text")
	}
}
