package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

func sample() *news.Report {
	r := news.NewReport()
	r.Articles = []news.Article{
		{ID: "a1", Source: "x/1.txt", Title: "Drones | missiles", Outlet: "VOA", Published: "2022-12-10", Text: "Iran sent drones.\nRussia used them."},
		{ID: "a2", Source: "x/2.txt", Title: `<script>alert(1)</script>`, URL: "javascript:alert(2)",
			Text: `<img src=x onerror="alert(3)"> was in the body`},
	}
	r.Claims = []news.Claim{{ID: "c1", Text: "Iran sent drones.", Status: news.StatusSingleSource, IndependentSources: 1,
		Sources: []news.SourceSpan{{Article: "a1", Start: 0, End: 17}}}}
	r.Conflicts = []news.Conflict{{Kind: news.ConflictNumber, Explanation: "hundreds vs 6,000",
		A: news.SourceSpan{Article: "a1", Start: 0, End: 4}, B: news.SourceSpan{Article: "a2", Start: 0, End: 999}}}
	return r
}

func TestJSONHasEveryKey(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, &news.Report{}, "json"); err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema_version", "articles", "stories", "copies", "source_groups", "entities",
		"quotes", "events", "claims", "conflicts", "timeline", "summary", "actor_graph"} {
		v, ok := m[k]
		if !ok {
			t.Errorf("key %q missing", k)
			continue
		}
		if k != "schema_version" && string(v) != "[]" {
			t.Errorf("key %q = %s, want []", k, v)
		}
	}
	if string(m["schema_version"]) != "1" {
		t.Errorf("schema_version = %s", m["schema_version"])
	}
}

func TestMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample(), "md"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"| a1 | Drones \\| missiles | VOA | 2022-12-10 |", // pipe escaped inside a cell
		"[single-source, 1 independent] Iran sent drones. [a1]",
		"a1 (VOA, 2022-12-10): “Iran”", // the conflict's span text is cut from the article
		"a2: “”",                       // an out-of-range span renders empty rather than failing
		"## Quotes\n\nNone found.",
		"> Russia used them.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestHTMLIsInertAndSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample(), "html"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<script", "<img", `href="javascript:`, "http://", "https://"} {
		if strings.Contains(out, bad) {
			t.Errorf("html contains %q", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", `<details id="a1">`, "Iran sent drones."} {
		if !strings.Contains(out, want) {
			t.Errorf("html lacks %q", want)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, news.NewReport(), "pdf")
	if err == nil || !strings.Contains(err.Error(), `"pdf"`) {
		t.Fatalf("err = %v", err)
	}
}
