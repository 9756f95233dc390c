package web

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/triangulate/triangulate/internal/news"
)

// Hostile strings an article, a stage or a search snippet may carry.
const (
	evilTitle = `<script>alert("title")</script>`
	evilText  = `Hello <img src=x onerror=alert(2)> and <a href="javascript:alert(3)">click</a> "><svg onload=alert(4)></svg> '); alert(5); //`
	evilURL   = `javascript:alert(6)`
	evilName  = `Mallory" onmouseover="alert(7)`
)

// assertInert fails if the page could run anything: a script element, an
// event-handler attribute, a javascript: URL, or an element that only
// hostile input could have put there.
func assertInert(t *testing.T, path string, doc *html.Node) {
	t.Helper()
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "script", "img", "iframe", "object", "embed":
			t.Errorf("%s: <%s> element on the page", path, n.Data)
		case "svg":
			if !hasClass(n, "actor-graph") && !hasClass(n, "logo") {
				t.Errorf("%s: foreign <svg> on the page", path)
			}
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: event handler %s=%q on <%s>", path, a.Key, a.Val, n.Data)
			}
			switch a.Key {
			case "href", "src", "action", "xlink:href", "formaction":
				if v := strings.ToLower(strings.TrimSpace(a.Val)); strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") {
					t.Errorf("%s: %s=%q on <%s>", path, a.Key, a.Val, n.Data)
				}
			}
		}
	}
}

func TestHostileTextRendersInert(t *testing.T) {
	st := newFakeStore()
	h := NewServer(st, Config{Token: testToken, Ingest: fakeIngest(st)})

	// One article through the API, as a client would post it.
	body, _ := json.Marshal(map[string]string{"title": evilTitle, "text": evilText})
	req := httptest.NewRequest("POST", "/api/articles", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 201 {
		t.Fatalf("post: %d %s", rec.Code, rec.Body)
	}
	var posted news.Article
	if err := json.Unmarshal(rec.Body.Bytes(), &posted); err != nil {
		t.Fatal(err)
	}

	// One put directly, as ingest from a feed would: a javascript: URL
	// and hostile text in every section of a report.
	evil := news.Article{ID: "x1", Title: evilTitle, Outlet: evilName, URL: evilURL, Byline: evilName, Source: evilText, Text: evilText + "\n" + evilTitle, Story: "sx"}
	st.PutArticle(t.Context(), evil)
	sp := news.SourceSpan{Article: "x1", Start: 6, End: 40}
	r := news.NewReport()
	r.Articles = []news.Article{evil, posted}
	r.Copies = []news.CopyLink{{A: "x1", B: posted.ID, Kind: evilName, Evidence: evilText}}
	r.SourceGroups = [][]string{{"x1", posted.ID}}
	r.Entities = []news.Entity{{ID: "ex", Name: evilName, Type: `"><b>`, Aliases: []string{evilTitle + " (" + evilText + ")"}, Mentions: []news.Mention{{Article: "x1", Start: 6, End: 40}}}}
	r.Quotes = []news.Quote{{ID: "q", Text: evilText, Speaker: "ex", SpeakerName: evilName, Article: "x1", Start: 6, End: 40}}
	r.Events = []news.Event{{ID: "v", Type: evilTitle, Mode: evilName, Actor: "ex", Target: evilName, Object: evilText, Date: evilTitle, Place: evilURL, Sources: []news.SourceSpan{sp}}}
	r.Claims = []news.Claim{{ID: "c", Text: evilText, Sources: []news.SourceSpan{sp}, Status: evilName}}
	r.Conflicts = []news.Conflict{{Kind: evilName, A: news.SourceSpan{Article: "x1", Text: evilText}, B: news.SourceSpan{Article: posted.ID, Text: evilTitle}, Explanation: evilText}}
	r.Timeline = []news.TimelineEntry{{Date: evilName, Precision: evilTitle, Text: evilText, Sources: []news.SourceSpan{sp}}}
	r.Summary = []news.SummarySentence{{Sentence: evilText, Sources: []news.SourceSpan{{Article: evilURL, Start: 1, End: 2}}}}
	st.PutStory(t.Context(), news.Story{ID: "sx", Title: evilTitle, Articles: []string{"x1", posted.ID}}, r)

	for _, path := range []string{
		"/", "/stories/sx", "/articles/x1", "/articles/x1?start=6&end=40", "/articles/" + posted.ID,
		"/entities/ex", "/search?q=" + "onerror", "/search?q=%3Cscript%3E",
	} {
		t.Run(path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			if rec.Code != 200 {
				t.Fatalf("%d: %.300s", rec.Code, rec.Body)
			}
			csp := rec.Header().Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP %q", csp)
			}
			doc, err := html.Parse(strings.NewReader(rec.Body.String()))
			if err != nil {
				t.Fatal(err)
			}
			assertInert(t, path, doc)
			// Shown, not dropped: the reader sees what the source said.
			if path != "/" && !strings.Contains(textOf(doc), "alert(") {
				t.Errorf("hostile text not shown as text")
			}
		})
	}

	// The stored javascript: URL is shown as text, never as a link.
	doc := getPage(t, h, "/articles/x1", 200)
	if !strings.Contains(textOf(doc), evilURL) {
		t.Error("javascript: URL not shown as text")
	}
}
