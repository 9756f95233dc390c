package timeline_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/pipeline/pipelinetest"
	"github.com/triangulate/triangulate/internal/timeline"
)

// seeds runs the real pipeline over the example corpus once and returns
// the clean articles by file-name prefix ("000" … "004") and the raw
// scraped pages likewise.
var seeds = sync.OnceValues(func() (map[string]news.Article, map[string]string) {
	raw := map[string]string{}
	docs, err := pipelinetest.Docs()
	if err != nil {
		return nil, raw
	}
	for _, d := range docs {
		raw[filepath.Base(d.Source)[:3]] = string(d.Content)
	}
	rep, _, err := pipeline.Analyze(context.Background(), docs, pipeline.Config{})
	clean := map[string]news.Article{}
	if err != nil {
		return clean, raw
	}
	for _, a := range rep.Articles {
		clean[filepath.Base(a.Source)[:3]] = a
	}
	return clean, raw
})

func seedArticles(t testing.TB) (map[string]news.Article, map[string]string) {
	t.Helper()
	clean, raw := seeds()
	if len(clean) != 5 {
		t.Fatalf("pipeline gave %d seed articles, want 5", len(clean))
	}
	return clean, raw
}

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// findDate returns the date of the first expression whose text is expr.
func findDate(es []timeline.Expr, expr string) (string, bool) {
	for _, e := range es {
		if e.Text == expr {
			return e.Date, true
		}
	}
	return "", false
}

func TestSeedsFind(t *testing.T) {
	clean, _ := seedArticles(t)
	pub001, prec, ok := timeline.InferPublished(clean["001"].Text)
	if !ok || prec != timeline.Day || pub001.Format("2006-01-02") != "2022-12-10" {
		t.Fatalf("001: inferred %v %q %v, want 2022-12-10 day", pub001, prec, ok)
	}
	tests := []struct {
		seed string
		ref  time.Time
		expr string
		want string
	}{
		{"002", day("2023-01-17"), "Monday", "2023-01-16"},
		{"002", day("2023-01-17"), "February 24", "2022-02-24"},
		{"002", day("2023-01-17"), "Sunday", "2023-01-15"},
		{"002", day("2023-01-17"), "September", "2022-09"},
		{"001", pub001, "Friday, December 9th", "2022-12-09"},
		{"001", pub001, "October 17th", "2022-10-17"},
		{"001", pub001, "Saturday, December 10", "2022-12-10"},
		{"001", pub001, "Friday", "2022-12-09"},
		{"001", pub001, "Monday", "2022-12-12"}, // "expect these new sanctions to be adopted on Monday"
		{"001", time.Time{}, "Friday, December 9th", "2022-12-09"},
		{"004", time.Time{}, "2014", "2014"},
	}
	for _, tc := range tests {
		got, found := findDate(timeline.Find(clean[tc.seed].Text, tc.ref), tc.expr)
		if !found || got != tc.want {
			t.Errorf("%s: %q → %q (found %v), want %q", tc.seed, tc.expr, got, found, tc.want)
		}
	}
	// Nothing in the seeds that is not a date is taken for one.
	for seed, a := range clean {
		for _, e := range timeline.Find(a.Text, day("2023-01-17")) {
			for _, bad := range []string{"Su-35", "SS-26", "10 of 15", "275", "155", "1/2", "27th", "136"} {
				if strings.Contains(e.Text, bad) {
					t.Errorf("%s: %q found as a date", seed, e.Text)
				}
			}
		}
	}
}

func TestSeedsInferPublished(t *testing.T) {
	clean, raw := seedArticles(t)
	tests := []struct {
		name, text string
		date, prec string // date "" = no evidence
	}{
		// The scraped VOA page keeps its photo caption "Dec. 3, 2022";
		// "posted on Twitter Saturday" then gives the first Saturday after.
		{"000 raw", raw["000"], "2022-12-10", timeline.Day},
		// Extraction drops the caption: only "the happenings of 2022" is left.
		{"000 clean", clean["000"].Text, "2022-01-01", timeline.Year},
		{"001 clean", clean["001"].Text, "2022-12-10", timeline.Day},
		{"001 raw", raw["001"], "2022-12-10", timeline.Day},
		// Newsweek's byline line "Newsweek 1/17/2023 David Brennan".
		{"002 raw", raw["002"], "2023-01-17", timeline.Day},
		{"003 clean", clean["003"].Text, "", ""},
	}
	for _, tc := range tests {
		d, p, ok := timeline.InferPublished(tc.text)
		if tc.date == "" {
			if ok {
				t.Errorf("%s: inferred %s %s, want no evidence", tc.name, d.Format("2006-01-02"), p)
			}
			continue
		}
		if !ok || d.Format("2006-01-02") != tc.date || p != tc.prec {
			t.Errorf("%s: inferred %s %q ok=%v, want %s %s", tc.name, d.Format("2006-01-02"), p, ok, tc.date, tc.prec)
		}
	}
}

func TestSeedsBuild(t *testing.T) {
	clean, raw := seedArticles(t)
	var arts []news.Article
	for _, k := range []string{"000", "001", "002", "003", "004"} {
		arts = append(arts, clean[k])
	}
	// The VOA page's date inferred from its scraped page, as a caller with
	// the raw document can do.
	pub := map[string]time.Time{}
	if d, p, ok := timeline.InferPublished(raw["000"]); ok && p == timeline.Day {
		pub[clean["000"].ID] = d
	}
	tl := timeline.Build(arts, pub)

	seedOf := map[string]string{}
	for k, a := range clean {
		seedOf[a.ID] = k
	}
	type want struct {
		date, has string
		seeds     string // the seeds its sources come from, in order
	}
	for _, w := range []want{
		{"2022-02-24", "full-scale invasion began", "002"},
		{"2022-10-17", "from October 17th onwards", "001"},
		{"2022-12-09", "Kirby noted", "001"},
		{"2022-12-09", "$275 million", "000,001"}, // VOA and the Kirby piece, merged
		{"2022-12-10", "downed 10 of 15", "001"},
		{"2023-01-16", "told journalists on Monday", "002"},
	} {
		found := false
		for _, e := range tl {
			if e.Date != w.date {
				continue
			}
			first := e.Sources[0]
			if !strings.Contains(clean[seedOf[first.Article]].Text[first.Start:first.End], w.has) {
				continue
			}
			var ss []string
			for _, s := range e.Sources {
				ss = append(ss, seedOf[s.Article])
			}
			if strings.Join(ss, ",") != w.seeds {
				t.Errorf("%s %q: sources from %v, want %s", w.date, w.has, ss, w.seeds)
			}
			found = true
		}
		if !found {
			t.Errorf("no entry %s containing %q", w.date, w.has)
		}
	}
	for i, e := range tl {
		if i > 0 && (tl[i-1].Date > e.Date || tl[i-1].Date == e.Date && tl[i-1].Text > e.Text) {
			t.Errorf("entries %d and %d out of order", i-1, i)
		}
		if utf8.RuneCountInString(e.Text) > timeline.MaxText || len(e.Sources) == 0 {
			t.Errorf("entry %d: %d runes, %d sources", i, utf8.RuneCountInString(e.Text), len(e.Sources))
		}
		for _, s := range e.Sources {
			a := clean[seedOf[s.Article]]
			if s.Start < 0 || s.End > len(a.Text) || s.Start >= s.End {
				t.Errorf("entry %d: bad span %+v", i, s)
			}
		}
	}
	if testing.Verbose() {
		for _, e := range tl {
			var ss []string
			for _, s := range e.Sources {
				ss = append(ss, seedOf[s.Article])
			}
			t.Logf("%-10s %-5s %v %.90q", e.Date, e.Precision, ss, e.Text)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	clean, _ := seedArticles(b)
	ref := day("2023-01-17")
	n := 0
	for _, a := range clean {
		n += len(a.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range clean {
			timeline.Find(a.Text, ref)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	clean, _ := seedArticles(b)
	var arts []news.Article
	n := 0
	for _, a := range clean {
		arts = append(arts, a)
		n += len(a.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		timeline.Build(arts, nil)
	}
}
