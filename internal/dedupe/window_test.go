package dedupe

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/dedupe/copygen"
	"github.com/triangulate/triangulate/internal/news"
)

// day returns the date d days after 2024-01-01.
func day(d int) string {
	return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d).Format(time.DateOnly)
}

// TestWindow checks that two copies published more than Options.Window
// apart are not linked and that copies inside it are, in the batch
// detector (time blocks) and in Index.Add, and that an undated copy is
// compared with everything.
func TestWindow(t *testing.T) {
	base := seedArticles(t, false)
	dup := *seedByID(base, "002")
	dup.ID, dup.Text = "002b", hardWrap(dup.Text, 60)
	base = append(base, dup)
	// Days of 000, 001, 002, 003, 004, 002b; -1 is undated. 000 and 004
	// stretch the batch over more than the window, so that it runs in
	// time blocks.
	tests := []struct {
		name   string
		days   [6]int
		window time.Duration
		want   []string // links as "A→B"
	}{
		{"both copies inside the window", [6]int{0, 10, 12, 25, 90, 20}, 0, []string{"001→003", "002→002b"}},
		{"rewrite 31 days later", [6]int{0, 10, 12, 41, 90, 20}, 0, []string{"002→002b"}},
		{"rewrite exactly 30 days later", [6]int{0, 10, 12, 40, 90, 20}, 0, []string{"001→003", "002→002b"}},
		{"duplicate 45 days later", [6]int{0, 10, 12, 25, 90, 57}, 0, []string{"001→003"}},
		{"copy published before its original, beyond the window", [6]int{0, 50, 12, 5, 90, 20}, 0, []string{"002→002b"}},
		{"undated copy meets everything", [6]int{0, 10, 12, -1, 90, 20}, 0, []string{"001→003", "002→002b"}},
		// A dated text wins a tie on length against an undated one.
		{"undated original meets everything", [6]int{0, -1, 12, 80, 90, 20}, 0, []string{"002→002b", "003→001"}},
		{"a week's window", [6]int{0, 10, 12, 18, 90, 19}, 7 * 24 * time.Hour, []string{"002→002b"}},
		{"no window", [6]int{0, 10, 12, 300, 90, 400}, -1, []string{"001→003", "002→002b"}},
	}
	ids := []string{"000", "001", "002", "003", "004", "002b"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			arts := slices.Clone(base)
			for k, id := range ids {
				a := seedByID(arts, id)
				a.Published = ""
				if tc.days[k] >= 0 {
					a.Published = day(tc.days[k])
				}
			}
			opts := Options{Window: tc.window, Workers: 2}
			links, groups, st, err := detectSource(t.Context(), sliceSource(arts), opts)
			if err != nil {
				t.Fatal(err)
			}
			if tc.window >= 0 && !st.windowed {
				t.Errorf("ran on the whole batch, want time blocks")
			}
			if got := linkNames(links); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Detect links = %v, want %v", got, tc.want)
			}
			if want := groupsOfLinks(ids, links); !reflect.DeepEqual(groups, want) {
				t.Errorf("groups = %v, want %v", groups, want)
			}
			// Index.Add, in the order of the IDs, finds the same links.
			ix := NewIndex(opts)
			var added []news.CopyLink
			for _, id := range ids {
				added = append(added, ix.Add(*seedByID(arts, id))...)
			}
			if got := linkNames(added); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Index.Add links = %v, want %v", got, tc.want)
			}
		})
	}
}

// linkNames returns the links as sorted "A→B" strings.
func linkNames(links []news.CopyLink) []string {
	out := []string{}
	for _, l := range links {
		out = append(out, l.A+"→"+l.B)
	}
	slices.Sort(out)
	return out
}

// groupsOfLinks returns the connected components of links over ids, as
// Detect sorts them.
func groupsOfLinks(ids []string, links []news.CopyLink) [][]string {
	ix := &Index{}
	pos := map[string]int32{}
	for i, id := range ids {
		ix.uf = append(ix.uf, int32(i))
		ix.docs = append(ix.docs, &doc{id: id})
		pos[id] = int32(i)
	}
	for _, l := range links {
		ix.union(pos[l.A], pos[l.B])
	}
	return ix.Groups()
}

// TestWindowOnGeneratedFeed runs a generated corpus dated as a feed
// (copies on their original's day) with a window much shorter than the
// feed: the time blocks must find the copies the whole batch finds, make
// no link across more than the window, and never hold more articles than
// the window and one block contain. Undated, the default window must not
// change the output.
func TestWindowOnGeneratedFeed(t *testing.T) {
	if testing.Short() {
		t.Skip("generated feed: skipped in -short mode")
	}
	bodies := copygen.BenchBodies(t, 150)
	const n, perDay = 1200, 24 // 50 days
	const window = 10 * 24 * time.Hour
	so := scaleOpts
	so.PerDay = perDay
	arts := copygen.Scale(bodies, n, 7, so)
	whole, _, st, err := detectSource(t.Context(), sliceSource(arts), Options{Window: -1})
	if err != nil {
		t.Fatal(err)
	}
	if st.windowed || st.maxLive != n {
		t.Fatalf("no window: ran %+v, want the whole batch", st)
	}
	blocks, groups, st, err := detectSource(t.Context(), sliceSource(arts), Options{Window: window})
	if err != nil {
		t.Fatal(err)
	}
	if !st.windowed {
		t.Fatalf("a 50-day feed with a 10-day window ran on the whole batch")
	}
	date := map[string]int64{}
	for _, a := range arts {
		date[a.ID] = publishedAt(a.Published)
	}
	w := int64(window / time.Second)
	// Every link of the whole batch inside the window is found, with its
	// kind (window-local document frequencies may tip a borderline
	// alignment: allow 2%).
	pairs := map[string]string{}
	for _, l := range blocks {
		if d := date[l.B] - date[l.A]; d > w || -d > w {
			t.Errorf("link %s→%s spans %v, more than the window", l.A, l.B, time.Duration(d)*time.Second)
		}
		pairs[l.A+" "+l.B] = l.Kind
	}
	inside, missed := 0, 0
	for _, l := range whole {
		if d := date[l.B] - date[l.A]; d > w || -d > w {
			continue
		}
		inside++
		if pairs[l.A+" "+l.B] != l.Kind {
			missed++
		}
	}
	if inside < n/4 || missed*50 > inside {
		t.Errorf("time blocks found %d of the whole batch's %d links inside the window differently", missed, inside)
	}
	if len(groups) >= n || len(blocks) == 0 {
		t.Errorf("%d links, %d groups of %d articles", len(blocks), len(groups), n)
	}
	// Held articles: at most those published within the window before a
	// block and in the block, never the feed.
	step := w / blockFraction
	bound := 0
	for _, a := range arts {
		t0, c := date[a.ID], 0
		for _, b := range arts {
			if date[b.ID] >= t0-w && date[b.ID] < t0+step {
				c++
			}
		}
		bound = max(bound, c)
	}
	if st.maxLive > bound || bound >= n/2 {
		t.Errorf("held %d articles at most, want ≤ %d (of %d)", st.maxLive, bound, n)
	}
	t.Logf("%d links inside the window, %d found differently; %d blocks, %d articles held at most (bound %d)", inside, missed, st.blocks, st.maxLive, bound)

	// Undated, the default window changes nothing.
	undated := copygen.Scale(bodies, 300, 7, scaleOpts)
	l1, g1, err := Detect(t.Context(), undated, Options{})
	if err != nil {
		t.Fatal(err)
	}
	l2, g2, err := Detect(t.Context(), undated, Options{Window: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l1, l2) || !reflect.DeepEqual(g1, g2) || len(l1) == 0 {
		t.Errorf("undated: %d links with the window, %d without", len(l1), len(l2))
	}
}

// TestIndexEvicts feeds an Index a long dated feed and checks that the
// docs older than the window are dropped (their data and postings) while
// copies inside the window are still linked.
func TestIndexEvicts(t *testing.T) {
	if testing.Short() {
		t.Skip("index eviction: skipped in -short mode")
	}
	bodies := copygen.BenchBodies(t, 150)
	const n, perDay = 1500, 25 // 60 days
	so := scaleOpts
	so.PerDay = perDay
	arts := copygen.Scale(bodies, n, 11, so)
	window := 5 * 24 * time.Hour
	ix := NewIndex(Options{Window: window})
	links := 0
	for _, a := range arts {
		links += len(ix.Add(a))
	}
	gone := 0
	for _, d := range ix.docs {
		if d.gone {
			gone++
			if d.packed != nil || d.shset.n != 0 || d.sentCode != nil || d.sents != nil {
				t.Fatalf("%s dropped but keeps its data", d.id)
			}
		}
	}
	held := n - gone
	// Held: the window (5 days of 50) plus what accumulates between
	// scans (half the held docs, at least 1024).
	if bound := 5*perDay + max(1024, held/2) + perDay; held > bound || gone == 0 {
		t.Errorf("%d of %d docs held, want ≤ %d", held, n, bound)
	}
	nodes := len(ix.bands.nodes) + len(ix.sents.nodes)
	for _, p := range []postings{ix.bands, ix.sents} {
		for k := range p.head {
			p.each(k, func(c int32) {
				if ix.docs[c].gone && ix.dropped == 0 {
					t.Fatalf("posting of dropped doc %d after compaction", c)
				}
			})
		}
	}
	if links < n/4 {
		t.Errorf("%d links in %d articles: copies inside the window were lost", links, n)
	}
	if len(ix.Groups()) >= n {
		t.Errorf("no group joins two articles")
	}
	t.Logf("%d links, %d docs held, %d dropped, %d posting nodes", links, held, gone, nodes)
}
