package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/triangulate/triangulate/internal/news"
)

// getPage fetches path and parses it as HTML.
func getPage(t *testing.T, h http.Handler, path string, want int) *html.Node {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	if rec.Code != want {
		t.Fatalf("GET %s: %d, want %d: %.300s", path, rec.Code, want, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET %s: content type %q", path, ct)
	}
	doc, err := html.Parse(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, c string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), c)
}

func byClass(c string) func(*html.Node) bool {
	return func(n *html.Node) bool { return hasClass(n, c) }
}

func byTag(tag string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == tag }
}

func byID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attr(n, "id") == id }
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func one(t *testing.T, n *html.Node, what string, match func(*html.Node) bool) *html.Node {
	t.Helper()
	all := findAll(n, match)
	if len(all) != 1 {
		t.Fatalf("%d %s, want 1", len(all), what)
	}
	return all[0]
}

func TestStoryPage(t *testing.T) {
	st := storeWith(t)
	_, r := richReport(t)
	doc := getPage(t, NewServer(st, Config{}), "/stories/s1", 200)

	// Landmarks and the heading outline.
	for _, tag := range []string{"header", "main", "footer"} {
		if len(findAll(doc, byTag(tag))) == 0 {
			t.Errorf("no <%s> landmark", tag)
		}
	}
	if h1 := one(t, doc, "h1", byTag("h1")); textOf(h1) != "Iranian drones for Russia" {
		t.Errorf("h1 %q", textOf(h1))
	}
	if len(findAll(doc, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == "site-q" })) != 1 {
		t.Error("search box without a label")
	}

	t.Run("summary cites passages", func(t *testing.T) {
		sec := one(t, doc, "summary section", byID("summary"))
		cites := findAll(sec, byClass("cite"))
		if len(cites) != len(r.Summary) {
			t.Fatalf("%d citations, want %d", len(cites), len(r.Summary))
		}
		for i, c := range cites {
			u, err := url.Parse(attr(c, "href"))
			if err != nil {
				t.Fatal(err)
			}
			src := r.Summary[i].Sources[0]
			if u.Path != "/articles/"+src.Article || u.Query().Get("start") != fmt.Sprint(src.Start) ||
				u.Query().Get("end") != fmt.Sprint(src.End) || u.Fragment != "passage" {
				t.Errorf("citation %d links to %s, want %s [%d,%d)", i, u, src.Article, src.Start, src.End)
			}
		}
	})

	t.Run("matrix folds copies", func(t *testing.T) {
		table := one(t, doc, "matrix", byClass("matrix"))
		groups := findAll(table, byClass("group"))
		if len(groups) != len(r.SourceGroups) {
			t.Fatalf("%d group columns, want %d", len(groups), len(r.SourceGroups))
		}
		// a3 rewrites a1: both in the first column, a3 marked as the copy.
		first := groups[0]
		copies := findAll(first, byClass("copy"))
		if len(findAll(first, byTag("li"))) != 2 || len(copies) != 1 || !strings.Contains(textOf(copies[0]), "Daily Echo") ||
			!strings.Contains(textOf(copies[0]), "rewrite of [1]") {
			t.Errorf("first group %q: want Wire One with Daily Echo folded in as a rewrite", textOf(first))
		}
		rows := findAll(table, byClass("claim"))
		if len(rows) != len(r.Claims) {
			t.Fatalf("%d claim rows, want %d", len(rows), len(r.Claims))
		}
		// c1 is stated in groups 1 (twice: a1 and its copy a3) and 2.
		cells := findAll(rows[0], byClass("cell"))
		var present []int
		for i, c := range cells {
			if hasClass(c, "yes") {
				present = append(present, i)
			}
		}
		if !slices.Equal(present, []int{0, 1}) || len(findAll(cells[0], byClass("cite"))) != 2 {
			t.Errorf("claim 1 present in columns %v, want [0 1] with two citations in the first", present)
		}
		if !hasClass(rows[2], "s-contested") {
			t.Errorf("contested claim row class %q", attr(rows[2], "class"))
		}
	})

	t.Run("conflict diff", func(t *testing.T) {
		sec := one(t, doc, "conflicts section", byID("conflicts"))
		sides := findAll(sec, byClass("side"))
		if len(sides) != 2 {
			t.Fatalf("%d sides, want 2", len(sides))
		}
		var changed [2][]string
		for i, s := range sides {
			for _, m := range findAll(s, byClass("chg")) {
				changed[i] = append(changed[i], textOf(m))
			}
		}
		if !slices.Equal(changed[0], []string{"never", "land"}) || !slices.Equal(changed[1], []string{"not", "homeland"}) {
			t.Errorf("changed words %q / %q, want [never land] / [not homeland]", changed[0], changed[1])
		}
	})

	t.Run("timeline in date order", func(t *testing.T) {
		var dates []string
		for _, tm := range findAll(one(t, doc, "timeline", byClass("timeline")), byTag("time")) {
			dates = append(dates, attr(tm, "datetime"))
		}
		if !slices.Equal(dates, []string{"2022-10-17", "2022-12"}) {
			t.Errorf("timeline dates %v", dates)
		}
	})

	t.Run("quotes by speaker", func(t *testing.T) {
		sp := findAll(doc, byClass("speaker"))
		if len(sp) != 2 {
			t.Fatalf("%d speakers, want 2", len(sp))
		}
		h := one(t, sp[0], "speaker heading", byTag("h3"))
		if !strings.Contains(textOf(h), "Volodymyr Zelensky") || len(findAll(sp[0], byTag("blockquote"))) != 2 {
			t.Errorf("first speaker %q with %d quotes, want Zelensky with 2", textOf(h), len(findAll(sp[0], byTag("blockquote"))))
		}
		if !strings.Contains(textOf(sp[1]), "A spokesman") || !strings.Contains(textOf(sp[1]), "(reported)") {
			t.Errorf("second speaker %q", textOf(sp[1]))
		}
	})

	t.Run("articles with text", func(t *testing.T) {
		arts := findAll(doc, byClass("art"))
		if len(arts) != len(r.Articles) {
			t.Fatalf("%d articles, want %d", len(arts), len(r.Articles))
		}
		if !strings.Contains(textOf(arts[1]), "Russia attacked Ukraine's power grid.") {
			t.Errorf("article 2 text not shown: %q", textOf(arts[1]))
		}
	})
}

func TestActorGraphSVG(t *testing.T) {
	st := storeWith(t)
	doc := getPage(t, NewServer(st, Config{}), "/stories/s1", 200)
	svg := one(t, doc, "graph svg", func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "actor-graph") })
	if attr(svg, "role") != "img" || len(findAll(svg, byTag("title"))) == 0 {
		t.Error("graph is not labelled for assistive technology")
	}
	nodes := findAll(svg, byClass("node"))
	var names []string
	for _, n := range nodes {
		names = append(names, textOf(one(t, n, "node label", byTag("text"))))
	}
	slices.Sort(names)
	// Iran, Russia, Ukraine, EU are actors or targets; Zelensky is neither;
	// Russia's CONSULT with itself draws no edge.
	if !slices.Equal(names, []string{"European Union", "Iran", "Russia", "Ukraine"}) {
		t.Errorf("nodes %v", names)
	}
	var labels []string
	for _, e := range findAll(svg, byClass("edge-label")) {
		labels = append(labels, textOf(e))
	}
	slices.Sort(labels)
	if !slices.Equal(labels, []string{"AID ×2", "ASSAULT", "SANCTION"}) {
		t.Errorf("edge labels %v", labels)
	}
	if rows := findAll(one(t, doc, "events table", byClass("events")), byTag("tr")); len(rows) != 1+5 {
		t.Errorf("events table has %d rows, want a header and 5", len(rows))
	}
}

func TestEmptySectionsSaySo(t *testing.T) {
	st := newFakeStore()
	a := news.Article{ID: "a1", Title: "Lonely", Text: "Nothing happened."}
	st.PutArticle(t.Context(), a)
	r := news.NewReport()
	r.Articles = []news.Article{a}
	st.PutStory(t.Context(), news.Story{ID: "s9", Articles: []string{"a1"}}, r)
	doc := getPage(t, NewServer(st, Config{}), "/stories/s9", 200)
	for _, id := range []string{"summary", "conflicts", "timeline", "graph", "quotes", "entities"} {
		sec := one(t, doc, id, byID(id))
		if len(findAll(sec, byClass("none"))) != 1 {
			t.Errorf("empty section %s does not say so: %q", id, textOf(sec))
		}
	}
	// The matrix still shows the sources as columns and says there are no claims.
	m := one(t, doc, "matrix", byClass("matrix"))
	if len(findAll(m, byClass("group"))) != 1 || len(findAll(m, byClass("none-row"))) != 1 {
		t.Errorf("matrix without claims: %q", textOf(m))
	}
	if h1 := textOf(one(t, doc, "h1", byTag("h1"))); h1 != "Untitled story s9" {
		t.Errorf("h1 %q", h1)
	}
}

func TestPages(t *testing.T) {
	st := storeWith(t)
	h := NewServer(st, Config{})
	for _, c := range []struct {
		path     string
		want     int
		contains []string
	}{
		{"/", 200, []string{"Iranian drones for Russia", "4 articles"}},
		{"/stories/nope", 404, []string{"404 Not Found"}},
		{"/articles/a2", 200, []string{"Second Post", "Russia attacked Ukraine's power grid.", "2022-10-19"}},
		{"/articles/a2?start=0&end=9", 200, []string{"cited passage is highlighted"}},
		{"/articles/a2?start=zero&end=9", 400, []string{"byte offsets"}},
		{"/articles/missing", 404, nil},
		{"/entities/e3", 200, []string{"Volodymyr Zelensky", "Zelensky", "variant spelling", "Zelenskyy", "no evidence recorded", "Iranian drones for Russia"}},
		{"/entities/e1", 200, []string{"Tehran", "capital as metonym", "2 mentions in 2 articles, 1 story"}},
		{"/entities/none", 404, nil},
		{"/search", 200, []string{"Words to find"}},
		{"/search?q=power+grid", 200, []string{"Drone deliveries confirmed", "power grid"}},
		{"/search?q=zebra", 200, []string{"No article matches"}},
		{"/search?q=x&offset=-2", 400, nil},
		{"/nowhere", 404, nil},
	} {
		t.Run(c.path, func(t *testing.T) {
			doc := getPage(t, h, c.path, c.want)
			text := textOf(doc)
			for _, s := range c.contains {
				if !strings.Contains(text, s) {
					t.Errorf("page lacks %q", s)
				}
			}
		})
	}

	// The search marks the match; the article page marks the passage.
	doc := getPage(t, h, "/search?q=power+grid", 200)
	if m := findAll(doc, byTag("mark")); len(m) != 1 || textOf(m[0]) != "power grid" {
		t.Errorf("search marks %d", len(m))
	}
	doc = getPage(t, h, "/articles/a2?start=10&end=19", 200)
	if m := one(t, doc, "passage", byID("passage")); textOf(m) != "confirmed" {
		t.Errorf("passage %q, want the bytes [10,19)", textOf(m))
	}
	// Offsets outside the text mark nothing rather than fail.
	doc = getPage(t, h, "/articles/a2?start=5&end=99999", 200)
	if len(findAll(doc, byID("passage"))) != 0 {
		t.Error("out-of-range passage marked")
	}

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/stories/s1", nil))
	if rec.Code != 405 {
		t.Errorf("POST to a page: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/static/style.css", nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}
