package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/news"
)

func changedWords(segs []seg) []string {
	var out []string
	for _, s := range segs {
		if s.Changed {
			out = append(out, strings.TrimSpace(s.Text))
		}
	}
	return out
}

func joinSegs(segs []seg) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

func TestWordDiff(t *testing.T) {
	for _, c := range []struct {
		a, b         string
		wantA, wantB []string
	}{
		{"We will never surrender.", "We will never surrender.", nil, nil},
		{"We will never surrender our land", "We will not surrender our homeland", []string{"never", "land"}, []string{"not", "homeland"}},
		{"Russia fired 20 missiles", "Russia fired 30 cruise missiles", []string{"20"}, []string{"30 cruise"}},
		// Case and surrounding punctuation are not changes.
		{"“Moscow, they said,", "moscow they said", nil, nil},
		{"", "entirely new words", nil, []string{"entirely new words"}},
		{"old words here", "", []string{"old words here"}, nil},
		{"  spaced   out  ", "spaced out", nil, nil},
		{"Größe über alles", "Größe unter alles", []string{"über"}, []string{"unter"}},
	} {
		sa, sb := wordDiff(c.a, c.b)
		if joinSegs(sa) != c.a || joinSegs(sb) != c.b {
			t.Errorf("diff(%q, %q) loses text: %q / %q", c.a, c.b, joinSegs(sa), joinSegs(sb))
		}
		if ga, gb := changedWords(sa), changedWords(sb); !reflect.DeepEqual(ga, c.wantA) || !reflect.DeepEqual(gb, c.wantB) {
			t.Errorf("diff(%q, %q) = %q / %q, want %q / %q", c.a, c.b, ga, gb, c.wantA, c.wantB)
		}
	}
}

func TestWordDiffLongInputIsBounded(t *testing.T) {
	a := strings.Repeat("alpha beta ", 2000)
	b := strings.Repeat("gamma delta ", 2000)
	t0 := time.Now()
	sa, sb := wordDiff(a, b)
	if time.Since(t0) > 2*time.Second {
		t.Errorf("diff of two 4000-word texts took %v", time.Since(t0))
	}
	if joinSegs(sa) != a || joinSegs(sb) != b || len(changedWords(sa)) == 0 {
		t.Error("long diff lost text or marked nothing")
	}
}

func FuzzWordDiff(f *testing.F) {
	f.Add("We will never surrender", "We will not surrender")
	f.Add("a\xffb c", "a b\u00a0c")
	f.Fuzz(func(t *testing.T, a, b string) {
		sa, sb := wordDiff(a, b)
		if joinSegs(sa) != a || joinSegs(sb) != b {
			t.Fatalf("segments do not reassemble the input")
		}
	})
}

func TestGraphLayout(t *testing.T) {
	_, r := richReport(t)
	names := map[string]string{}
	for _, e := range r.Entities {
		names[e.ID] = e.Name
	}
	lookup := func(id string) (string, string) {
		if n, ok := names[id]; ok {
			return n, "GPE"
		}
		return id, ""
	}
	g := buildGraph(r, lookup)
	if len(g.Nodes) != 4 || len(g.Edges) != 3 {
		t.Fatalf("%d nodes, %d edges, want 4 and 3", len(g.Nodes), len(g.Edges))
	}
	// Deterministic: the same report in another event order draws the same.
	r2 := *r
	r2.Events = append([]news.Event(nil), r.Events...)
	for i, j := 0, len(r2.Events)-1; i < j; i, j = i+1, j-1 {
		r2.Events[i], r2.Events[j] = r2.Events[j], r2.Events[i]
	}
	if g2 := buildGraph(&r2, lookup); !reflect.DeepEqual(g, g2) {
		t.Error("layout depends on event order")
	}
	// The most connected actors come first; every node is on the circle
	// and inside the drawing.
	if g.Nodes[0].Label != "Iran" && g.Nodes[0].Label != "Russia" {
		t.Errorf("first node %s, want the most connected", g.Nodes[0].Label)
	}
	for _, n := range g.Nodes {
		d := math.Hypot(n.X-float64(g.Width)/2, n.Y-float64(g.Height)/2)
		if math.Abs(d-g.Radius) > 1 || n.X < 0 || n.Y < 0 || n.X > float64(g.Width) || n.Y > float64(g.Height) {
			t.Errorf("node %s at (%v,%v), %v from the centre", n.Label, n.X, n.Y, d)
		}
	}
	for _, e := range g.Edges {
		if !strings.HasPrefix(e.Path, "M") || !strings.Contains(e.Path, "Q") {
			t.Errorf("edge path %q", e.Path)
		}
	}

	// Many actors: the drawing keeps the most connected ones.
	big := news.NewReport()
	for i := range 40 {
		big.Events = append(big.Events, news.Event{Type: "FIGHT", Actor: "hub", Target: fmt.Sprint("t", i)})
	}
	gb := buildGraph(big, func(id string) (string, string) { return id, "" })
	if len(gb.Nodes) != maxGraphNodes || gb.Hidden != 41-maxGraphNodes || gb.Nodes[0].ID != "hub" {
		t.Errorf("big graph: %d nodes, %d hidden, first %s", len(gb.Nodes), gb.Hidden, gb.Nodes[0].ID)
	}
	// Every node has a slot of its own.
	at := map[[2]float64]string{}
	for _, n := range gb.Nodes {
		if other, ok := at[[2]float64{n.X, n.Y}]; ok {
			t.Errorf("%s and %s share a slot", n.ID, other)
		}
		at[[2]float64{n.X, n.Y}] = n.ID
	}
	if g := buildGraph(news.NewReport(), lookup); len(g.Nodes) != 0 || len(g.Edges) != 0 {
		t.Error("graph of no events is not empty")
	}
}

func TestSpreadStep(t *testing.T) {
	for n := 1; n <= 60; n++ {
		s, seen := spreadStep(n), map[int]bool{}
		for i := range n {
			seen[i*s%n] = true
		}
		if len(seen) != n {
			t.Errorf("n=%d step %d visits %d slots", n, s, len(seen))
		}
	}
}

func TestParseAlias(t *testing.T) {
	for _, c := range []struct {
		in   string
		want alias
	}{
		{"Zelensky (variant spelling)", alias{"Zelensky", "variant spelling"}},
		{"Zelenskyy", alias{"Zelenskyy", ""}},
		{"Islamic Revolutionary Guard Corps (IRGC) (acronym)", alias{"Islamic Revolutionary Guard Corps (IRGC)", "acronym"}},
		{"(odd)", alias{"(odd)", ""}},
		{"  Kyiv (transliteration of Київ)  ", alias{"Kyiv", "transliteration of Київ"}},
	} {
		if got := parseAlias(c.in); got != c.want {
			t.Errorf("parseAlias(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	text := "First para.\n\nSecond para has words.\nThird."
	for _, c := range []struct {
		start, end int
		want       []string // paragraphs with the mark in [brackets]
	}{
		{-1, -1, []string{"First para.", "Second para has words.", "Third."}},
		{13, 19, []string{"First para.", "[Second] para has words.", "Third."}},
		// A span across paragraphs marks its part of each.
		{6, 19, []string{"First [para.]", "[Second] para has words.", "Third."}},
		{0, 999, []string{"First para.", "Second para has words.", "Third."}},
		{9, 3, []string{"First para.", "Second para has words.", "Third."}},
	} {
		var got []string
		for _, p := range paragraphs(text, c.start, c.end) {
			var b strings.Builder
			for _, s := range p.Segs {
				if s.Mark {
					b.WriteString("[" + s.Text + "]")
				} else {
					b.WriteString(s.Text)
				}
			}
			got = append(got, b.String())
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("paragraphs(%d,%d) = %q, want %q", c.start, c.end, got, c.want)
		}
	}
	// A span inside a multi-byte character does not split it.
	ps := paragraphs("naïve", 3, 5)
	for _, s := range ps[0].Segs {
		if !strings.Contains("naïve", s.Text) || strings.ContainsRune(s.Text, '\uFFFD') {
			t.Errorf("split rune: %q", s.Text)
		}
	}
}

func TestSnippetSegs(t *testing.T) {
	got := snippetSegs("the ⟦drones⟧ hit ⟦Kyiv")
	want := []paraSeg{{"the ", false}, {"drones", true}, {" hit ", false}, {"Kyiv", true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("snippetSegs = %+v", got)
	}
}

func TestServeShutsDownOnCancel(t *testing.T) {
	st := storeWith(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback listener: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- serveListener(ctx, ln, st, Config{}) }()

	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "ok") {
		t.Fatalf("healthz: %d %s", resp.StatusCode, b)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("still serving after shutdown")
	}

	// A bad address is an error naming it, not a hang.
	err = Serve(t.Context(), st, Config{Addr: "256.0.0.1:-1"})
	if err == nil || !strings.Contains(err.Error(), "256.0.0.1") {
		t.Errorf("Serve on a bad address: %v", err)
	}
	if errors.Is(err, context.Canceled) {
		t.Error("bad address reported as cancellation")
	}
}

func TestOneLineKeepsEdgeSpace(t *testing.T) {
	for in, want := range map[string]string{
		"drones as the ": "drones as the ",
		" is the\nmost ": " is the most ",
		"word":           "word",
		"   ":            "",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
