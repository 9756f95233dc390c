package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/web"
)

// chromium finds Debian's chromium, or "" when it is not installed.
func chromium() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// TestBrowserStoryPage drives a real headless Chromium over the example
// corpus: the story page renders its matrix, timeline and actor graph as
// the report allows, and the search form (no script involved) finds an
// article. With TRIANGULATE_SCREENSHOT=1 it refreshes
// docs/screenshot-story.png.
func TestBrowserStoryPage(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium()
	if exe == "" {
		t.Skip("chromium not installed (apt-get install chromium)")
	}
	sd := seedStore(t)
	srv := httptest.NewServer(web.NewServer(sd.st, web.Config{}))
	defer srv.Close()

	// Chromium may still be writing its profile for a moment after it is
	// told to stop, which makes t.TempDir's cleanup fail the test; the
	// profile is removed by hand, after the browser, and errors ignored.
	profile, err := os.MkdirTemp("", "triangulate-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 10 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	story := sd.story
	rep := restrict(sd.report, story)
	var (
		groupCols, copyRows, claimRows, timelineItems, edges, nodes, articles []*cdp.Node
		h1                                                                    string
	)
	all := func(sel string, dst *[]*cdp.Node) chromedp.Action {
		return chromedp.Nodes(sel, dst, chromedp.ByQueryAll, chromedp.AtLeast(0))
	}
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/stories/"+story.ID),
		chromedp.WaitVisible("table.matrix", chromedp.ByQuery),
		chromedp.Text("h1", &h1, chromedp.ByQuery),
		all("table.matrix th.group", &groupCols),
		all("table.matrix th.group li.copy", &copyRows),
		all("table.matrix tr.claim", &claimRows),
		all("ol.timeline > li", &timelineItems),
		all("svg.actor-graph g.edge", &edges),
		all("svg.actor-graph g.node", &nodes),
		all("details.art", &articles),
	)
	if err != nil {
		t.Fatalf("story page: %v", err)
	}
	t.Logf("story %s %q: %d source columns, %d folded copies, %d claims, %d timeline entries, %d actors, %d graph edges, %d articles",
		story.ID, h1, len(groupCols), len(copyRows), len(claimRows), len(timelineItems), len(nodes), len(edges), len(articles))

	if strings.TrimSpace(h1) == "" {
		t.Error("story page without a heading")
	}
	if len(groupCols) != len(rep.SourceGroups) || len(copyRows) != len(rep.Copies) {
		t.Errorf("matrix: %d columns and %d folded copies, want %d and %d", len(groupCols), len(copyRows), len(rep.SourceGroups), len(rep.Copies))
	}
	if len(claimRows) != len(rep.Claims) || len(timelineItems) != len(rep.Timeline) || len(articles) != len(rep.Articles) {
		t.Errorf("%d claim rows, %d timeline items, %d articles; the report has %d, %d, %d",
			len(claimRows), len(timelineItems), len(articles), len(rep.Claims), len(rep.Timeline), len(rep.Articles))
	}
	if want := drawableEvents(rep); (want > 0) != (len(edges) > 0) {
		t.Errorf("%d graph edges for %d drawable events", len(edges), want)
	}
	// Sections the stages have not filled yet say so instead of vanishing.
	for sec, empty := range map[string]bool{"#timeline": len(rep.Timeline) == 0, "#graph": drawableEvents(rep) == 0, "#summary": len(rep.Summary) == 0} {
		if !empty {
			continue
		}
		var none []*cdp.Node
		if err := chromedp.Run(bctx, all(sec+" p.none", &none)); err != nil || len(none) != 1 {
			t.Errorf("empty section %s: %d notices, %v", sec, len(none), err)
		}
	}

	if os.Getenv("TRIANGULATE_SCREENSHOT") == "1" {
		var png []byte
		if err := chromedp.Run(bctx, chromedp.FullScreenshot(&png, 100)); err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		out := filepath.Join("..", "..", "docs", "screenshot-story.png")
		if err := os.WriteFile(out, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", out, len(png))
	}

	// Search through the form, as a person would: type, press the button.
	word := searchWord(rep)
	var hits []*cdp.Node
	var firstHit string
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#site-q", chromedp.ByQuery),
		chromedp.SendKeys("#site-q", word, chromedp.ByQuery),
		chromedp.Click("header form.search button", chromedp.ByQuery),
		chromedp.WaitVisible("ol.hits", chromedp.ByQuery),
		all("ol.hits li.hit", &hits),
		chromedp.Text("ol.hits li.hit a.hit-title", &firstHit, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("search for %q: %v", word, err)
	}
	found := false
	for _, a := range rep.Articles {
		found = found || (a.Title != "" && strings.TrimSpace(firstHit) == a.Title) || strings.TrimSpace(firstHit) == "Article "+a.ID
	}
	if len(hits) == 0 || !found {
		t.Errorf("search %q: %d hits, first %q is not an article of the story", word, len(hits), firstHit)
	}
}

// drawableEvents counts the events the actor graph can draw.
func drawableEvents(r *news.Report) int {
	n := 0
	for _, e := range r.Events {
		if e.Actor != "" && e.Target != "" && e.Actor != e.Target {
			n++
		}
	}
	return n
}

// searchWord picks a long word of the first article's title (or text),
// which a full-text search must find.
func searchWord(r *news.Report) string {
	a := r.Articles[0]
	for _, src := range []string{a.Title, a.Text} {
		for _, w := range strings.FieldsFunc(src, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) >= 6 {
				return w
			}
		}
	}
	return "the"
}
