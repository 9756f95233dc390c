package cluster

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/dedupe/copygen"
	"github.com/triangulate/triangulate/internal/news"
)

// seedArticles reads the five Iran–Russia examples; the lines of at least
// 80 characters stand in for the body, as extraction would give it.
func seedArticles(t testing.TB) []news.Article {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "iran-russia", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skip("examples/iran-russia not present")
	}
	var out []news.Article
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var body []string
		for _, line := range strings.Split(string(b), "\n") {
			if len(line) >= 80 {
				body = append(body, line)
			}
		}
		out = append(out, news.Article{ID: filepath.Base(f)[:3], Text: strings.Join(body, "\n"), Title: body[0]})
	}
	return out
}

func TestSeedsFormOneStory(t *testing.T) {
	arts := seedArticles(t)
	stories, err := Cluster(context.Background(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) != 1 {
		for _, s := range stories {
			t.Logf("story %s: %v", s.ID, s.Articles)
		}
		t.Fatalf("got %d stories, want 1", len(stories))
	}
	if len(stories[0].Articles) != len(arts) {
		t.Errorf("story holds %v", stories[0].Articles)
	}
}

// Articles about two same-kind events (two earthquakes) share the
// vocabulary of the kind; the names, places, dates and numbers must keep
// them apart, and a third, unrelated story must stay alone.
func TestSeparatesSameKindEvents(t *testing.T) {
	quakeA := []string{
		"A magnitude 6.1 earthquake struck near Bam in southeastern Iran on Tuesday, killing 12 people, the Iranian Red Crescent said. Rescuers searched the rubble in Kerman province.",
		"Rescue teams in Kerman province dug through collapsed houses after the 6.1 quake near Bam. Iranian officials said 12 died and 80 were injured.",
		"The earthquake near Bam, Iran, measured 6.1 and destroyed villages in Kerman province; the Red Crescent sent tents as the toll rose to 12.",
	}
	quakeB := []string{
		"A magnitude 7.3 earthquake hit off the coast of Sumatra, Indonesia, on Friday, and officials in Padang said 40 people were killed.",
		"Indonesian rescuers in Padang pulled survivors from a collapsed hotel after the 7.3 quake off Sumatra; the toll reached 40.",
		"The 7.3 earthquake off Sumatra shook Padang, where Indonesia's disaster agency counted 40 dead and hundreds of damaged buildings.",
	}
	other := []string{"Apple unveiled a new iPhone in Cupertino, California, with a faster chip and a better camera, priced from $799."}
	var arts []news.Article
	want := map[string]string{}
	for name, texts := range map[string][]string{"a": quakeA, "b": quakeB, "c": other} {
		for i, tx := range texts {
			id := fmt.Sprintf("%s%d", name, i)
			arts = append(arts, news.Article{ID: id, Text: tx, Published: "2024-03-0" + fmt.Sprint(i+1)})
			want[id] = name
		}
	}
	stories, err := Cluster(context.Background(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range stories {
		labels := map[string]bool{}
		for _, id := range s.Articles {
			labels[want[id]] = true
			got[id] = s.ID
		}
		if len(labels) != 1 {
			t.Errorf("story %s mixes events: %v", s.ID, s.Articles)
		}
	}
	for _, g := range []string{"a", "b"} {
		if got[g+"0"] != got[g+"1"] || got[g+"0"] != got[g+"2"] {
			t.Errorf("event %s split: %v", g, stories)
		}
	}
}

func TestTimeWindow(t *testing.T) {
	text := "Flooding in Valencia, Spain: the river Turia burst its banks and 7 people died, the regional government said."
	tests := []struct {
		name     string
		dates    [2]string
		window   int // days; 0 = default
		together bool
	}{
		{"same day", [2]string{"2024-10-30", "2024-10-30"}, 0, true},
		{"undated", [2]string{"", "2024-10-30"}, 0, true},
		{"a year apart", [2]string{"2023-10-30", "2024-10-30"}, 0, false},
		{"a year apart, no window", [2]string{"2023-10-30", "2024-10-30"}, -1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{}
			if tc.window < 0 {
				opts.Window = -1
			}
			c := New(opts)
			i := c.Add(news.Article{ID: "x", Text: text, Published: tc.dates[0]})
			j := c.Add(news.Article{ID: "y", Text: text, Published: tc.dates[1]})
			if (i == j) != tc.together {
				t.Errorf("stories %d and %d, want together=%v", i, j, tc.together)
			}
		})
	}
}

// The batch result must not depend on input order, and story ids and
// titles must be stable.
func TestClusterDeterministic(t *testing.T) {
	arts := append(seedArticles(t), news.Article{ID: "zz", Title: "Apple unveils iPhone", Text: "Apple unveiled a new iPhone in Cupertino with a faster chip."})
	ctx := context.Background()
	first, err := Cluster(ctx, arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	// 40 runs: map order, which once leaked into term ids, varies per run.
	for range 40 {
		shuffled := slices.Clone(arts)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again, err := Cluster(ctx, shuffled, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(again) != fmt.Sprint(first) {
			t.Fatalf("order changed the result:\n%v\n%v", first, again)
		}
	}
	for _, s := range first {
		if !strings.HasPrefix(s.ID, "s") || len(s.ID) != 13 || s.Title == "" || !slices.IsSorted(s.Articles) {
			t.Errorf("story %+v: want an s-id, a title and sorted articles", s)
		}
	}
}

// Add's index must point at the article's story in Stories() even after
// refinement has merged or split stories.
func TestAddIndex(t *testing.T) {
	c := New(Options{RefineEvery: 2})
	for _, a := range seedArticles(t) {
		i := c.Add(a)
		st := c.Stories()
		if i < 0 || i >= len(st) || !slices.Contains(st[i].Articles, a.ID) {
			t.Fatalf("Add(%s) = %d, stories %v", a.ID, i, st)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Cluster(ctx, []news.Article{{ID: "a", Text: "x"}}, Options{}); err == nil {
		t.Error("want an error from a cancelled context")
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Iran's 6.1 quake, 2,500 km", []string{"Iran", "6.1", "quake", "2,500", "km"}},
		{"Shahed-136 drones.", []string{"Shahed", "136", "drones"}},
		{"“Kirby” said", []string{"Kirby", "said"}},
	}
	for _, tc := range tests {
		var got []string
		for _, w := range tokenize(tc.in) {
			got = append(got, w.text)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNamesAndNumbersAreFeatures(t *testing.T) {
	fs := extract("", "Rescuers said the quake near Bam killed 12 of the people in the old town. Officials in the province of Kerman confirmed that John Kirby spoke about it to the press. Kerman is far from Bam.")
	tf := map[tid]float32{}
	for _, f := range fs {
		tf[f.id] = f.tf
	}
	tests := []struct {
		kind uint8
		key  string
		want float32 // 0: must be absent
	}{
		{kindName, "bam", 2},
		{kindName, "kerman", 2},
		{kindName, "john_kirby", 1},
		{kindName, "kirby", 1},
		{kindNumber, "12", 1},
		{kindWord, "quak", 1},
		{kindWord, "bam", 2}, // a name is also a word
		{kindName, "rescuers", 0},
		{kindName, "officials", 0}, // sentence-initial capitals are not names
		{kindWord, "the", 0},       // stop word
		{kindName, "quak", 0},      // kinds are apart
	}
	for _, tc := range tests {
		if got := tf[termKey(tc.kind, tc.key)]; got != tc.want {
			t.Errorf("kind %d %q: tf %v, want %v", tc.kind, tc.key, got, tc.want)
		}
	}
}

// synthArticles makes n articles in n/5 stories from a random vocabulary:
// each story has its own names and numbers and draws on a shared pool of
// common words, as news does.
func synthArticles(n int) []news.Article {
	r := rand.New(rand.NewPCG(7, 11))
	common := make([]string, 3000)
	for i := range common {
		common[i] = fmt.Sprintf("word%d", i)
	}
	out := make([]news.Article, n)
	for i := range out {
		s := i / 5
		var b strings.Builder
		for range 300 {
			switch x := r.IntN(10); {
			case x < 2:
				fmt.Fprintf(&b, "Name%d ", s*7+r.IntN(7))
			case x < 3:
				fmt.Fprintf(&b, "%d ", s*3+r.IntN(3))
			case x < 5:
				fmt.Fprintf(&b, "topic%d ", (s%50)*20+r.IntN(20))
			default:
				b.WriteString(common[r.IntN(len(common))] + " ")
			}
		}
		out[i] = news.Article{ID: fmt.Sprintf("a%06d", i), Text: "Report. " + b.String(),
			Published: fmt.Sprintf("2024-%02d-%02d", 1+s%12, 1+s%28)}
	}
	return out
}

// datedFeed is synthArticles published in order, perDay articles a day
// from 2024-01-01: a feed, as the streaming server sees it.
func datedFeed(n, perDay int) []news.Article {
	arts := synthArticles(n)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range arts {
		arts[i].Published = start.AddDate(0, 0, i/perDay).Format(time.DateOnly)
		arts[i].Title = fmt.Sprintf("Headline %d", i)
	}
	return arts
}

// A feed's stories close two windows after their last article: their
// vectors are freed, they are off the candidate index, they keep their
// members and title, and an article arriving later starts a new story
// rather than joining one.
func TestStoriesCloseBeyondTheWindow(t *testing.T) {
	arts := datedFeed(1200, 25) // 48 days; a window is 14
	c := New(Options{})
	for _, a := range arts {
		c.Add(a)
	}
	open, closed := 0, 0
	for _, st := range c.stories {
		switch {
		case len(st.members) == 0:
		case st.closed:
			closed++
			if st.centroid.keys != nil || st.indexed != nil || st.members[0].vec != nil {
				t.Fatalf("closed story %s keeps its vectors", st.founder)
			}
			if st.maxDay >= c.newest-28 {
				t.Errorf("story closed at day %d, newest %d: inside two windows", st.maxDay, c.newest)
			}
		default:
			open++
			if st.maxDay < c.newest-28 {
				t.Errorf("story of day %d left open, newest %d", st.maxDay, c.newest)
			}
		}
	}
	if closed == 0 || open == 0 {
		t.Fatalf("open %d, closed %d: want both", open, closed)
	}
	for id, p := range c.postings {
		for _, s := range p {
			if c.stories[s].closed {
				t.Fatalf("closed story %d still posted under term %d", s, id)
			}
		}
	}
	stories := c.Stories()
	total := 0
	for _, s := range stories {
		if s.Title == "" {
			t.Errorf("story %s lost its title", s.ID)
		}
		total += len(s.Articles)
	}
	if total != len(arts) {
		t.Errorf("stories hold %d articles, want %d", total, len(arts))
	}

	// The first article again, published now: its old story is closed,
	// so it starts a new one.
	again := arts[0]
	again.ID, again.Published = "again", arts[len(arts)-1].Published
	before := len(c.Stories())
	c.Add(again)
	if got := len(c.Stories()); got != before+1 {
		t.Errorf("stories %d -> %d: a copy of a closed story's article must start a new story", before, got)
	}
}

func BenchmarkCluster(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		arts := synthArticles(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Cluster(context.Background(), arts, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

// BenchmarkFeed adds a dated feed one article at a time, as the streaming
// server does (1,000 articles a day), at 10k articles plus the sizes in
// TRIANGULATE_CLUSTER_BENCH_SIZES (comma-separated, e.g. "100000"). It
// reports the heap the clusterer holds at the end (after a collection):
// stories closed beyond the window keep only ids and titles, so it grows
// with the articles of the last weeks, not with the feed.
func BenchmarkFeed(b *testing.B) {
	for _, n := range copygen.Sizes("TRIANGULATE_CLUSTER_BENCH_SIZES", 10000) {
		arts := datedFeed(n, 1000)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var heap uint64
			for b.Loop() {
				var m0, m1 runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m0)
				c := New(Options{})
				for _, a := range arts {
					c.Add(a)
				}
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&m1)
				heap = m1.HeapAlloc - min(m0.HeapAlloc, m1.HeapAlloc)
				runtime.KeepAlive(c)
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
			b.ReportMetric(float64(heap)/float64(n), "heap-B/article")
		})
	}
}

// failingSource fails at one position, or serves another article there on
// the second read (a source that changed under the clusterer).
type failingSource struct {
	sliceSource
	at      int
	swap    bool
	reads   []int
	readsMu sync.Mutex
}

func (s *failingSource) Article(i int) (news.Article, error) {
	s.readsMu.Lock()
	defer s.readsMu.Unlock()
	if s.reads == nil {
		s.reads = make([]int, len(s.sliceSource))
	}
	s.reads[i]++
	if i == s.at && !s.swap {
		return news.Article{}, errors.New("disk on fire")
	}
	if i == s.at && s.reads[i] > 1 {
		a := s.sliceSource[i]
		a.ID += "-changed"
		return a, nil
	}
	return s.sliceSource[i], nil
}

// ClusterSource reads its batch through a Source and must give Cluster's
// stories, whatever order the source serves; a read error or a source
// that changed between the two reads is an error naming the position.
func TestClusterSourceMatchesCluster(t *testing.T) {
	arts := datedFeed(600, 40)
	// Undated articles and ties in date go through the same order.
	for i := range arts {
		if i%7 == 0 {
			arts[i].Published = ""
		}
	}
	want, err := Cluster(context.Background(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	shuffled := slices.Clone(arts)
	rand.New(rand.NewPCG(9, 9)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	got, err := ClusterSource(context.Background(), sliceSource(shuffled), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ClusterSource gave %d stories, Cluster %d, or other members", len(got), len(want))
	}

	for _, swap := range []bool{false, true} {
		src := &failingSource{sliceSource: sliceSource(arts), at: 123, swap: swap}
		_, err := ClusterSource(context.Background(), src, Options{})
		if err == nil || !strings.Contains(err.Error(), "123") {
			t.Errorf("swap=%v: err = %v, want one naming article 123", swap, err)
		}
	}
}
