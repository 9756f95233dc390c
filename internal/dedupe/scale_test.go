package dedupe

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/dedupe/copygen"
	"github.com/triangulate/triangulate/internal/news"
)

// TestDumpScaleLinks writes the links and groups Detect finds in the
// benchmark corpus to the file named by TRIANGULATE_DEDUPE_DUMP, so that
// a speed or memory change can be checked to leave the output
// byte-identical (diff two dumps). TRIANGULATE_DEDUPE_DUMP_N sets the
// corpus size (default 10000). TRIANGULATE_DEDUPE_DUMP_PERDAY dates the
// corpus as a feed (copygen.ScaleOptions.PerDay) and
// TRIANGULATE_DEDUPE_DUMP_WINDOW sets Options.Window (a Go duration,
// "-1s" for none), to compare the windowed detector with the whole batch.
func TestDumpScaleLinks(t *testing.T) {
	path := os.Getenv("TRIANGULATE_DEDUPE_DUMP")
	if path == "" {
		t.Skip("link dump: set TRIANGULATE_DEDUPE_DUMP=file to write one")
	}
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("TRIANGULATE_DEDUPE_DUMP_N")); err == nil && v > 0 {
		n = v
	}
	so := scaleOpts
	if v, err := strconv.Atoi(os.Getenv("TRIANGULATE_DEDUPE_DUMP_PERDAY")); err == nil && v > 0 {
		so.PerDay = v
	}
	var opts Options
	if v := os.Getenv("TRIANGULATE_DEDUPE_DUMP_WINDOW"); v != "" {
		w, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("TRIANGULATE_DEDUPE_DUMP_WINDOW: %v", err)
		}
		opts.Window = w
	}
	arts := copygen.Scale(copygen.BenchBodies(t, 150), n, 42, so)
	links, groups, st, err := detectSource(t.Context(), sliceSource(arts), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("windowed %v: %d blocks, at most %d articles held", st.windowed, st.blocks, st.maxLive)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for _, l := range links {
		fmt.Fprintf(w, "%s\t%s\t%s\t%.3f\t%s\n", l.A, l.B, l.Kind, l.Similarity, l.Evidence)
	}
	for _, g := range groups {
		if len(g) > 1 {
			fmt.Fprintf(w, "group\t%s\n", strings.Join(g, " "))
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d articles: %d links, %d groups written to %s", n, len(links), len(groups), path)
}

// BenchmarkDetectStream is BenchmarkDetect with the corpus read from a
// file through DetectSource instead of held in memory: its peak-RSS-MB is
// the detector's (plus the benchmark's offsets, 8 bytes an article), not
// the texts'. Sizes: 10k plus TRIANGULATE_DEDUPE_BENCH_SIZES;
// TRIANGULATE_DEDUPE_BENCH_MEMLIMIT sets a soft memory limit as in
// BenchmarkDetect. gen-peak-RSS-MB is the peak before detection started
// (writing the corpus), so that peak-RSS-MB is the detector's when larger.
func BenchmarkDetectStream(b *testing.B) {
	sizes := copygen.Sizes("TRIANGULATE_DEDUPE_BENCH_SIZES", 10000)
	if v, err := strconv.ParseInt(os.Getenv("TRIANGULATE_DEDUPE_BENCH_MEMLIMIT"), 10, 64); err == nil && v > 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(v))
	}
	for _, n := range sizes {
		perDay := 1000
		if v, err := strconv.Atoi(os.Getenv("TRIANGULATE_DEDUPE_BENCH_PERDAY")); err == nil && v > 0 {
			perDay = v
		}
		for _, perDay := range []int{0, perDay} {
			benchmarkDetectStream(b, n, perDay)
		}
	}
}

// benchmarkDetectStream runs BenchmarkDetectStream at n articles, undated
// ("n=…") or dated perDay a day ("dated-n=…": at 1000 a day, the
// default, a 100k feed spans 100 days and the detector holds about the
// last 30; TRIANGULATE_DEDUPE_BENCH_PERDAY sets another rate). held-articles
// is the most articles the detector held at once.
func benchmarkDetectStream(b *testing.B, n, perDay int) {
	name := fmt.Sprintf("n=%d", n)
	so := scaleOpts
	if perDay > 0 {
		name = fmt.Sprintf("dated-n=%d", n)
		so.PerDay = perDay
	}
	b.Run(name, func(b *testing.B) {
		src, textBytes := copygen.WriteScale(b, b.TempDir(), copygen.BenchBodies(b, 150), n, 42, so)
		genRSS := copygen.PeakRSS()
		runtime.GC()
		debug.FreeOSMemory()
		b.ResetTimer()
		cpu0 := copygen.CPUTime()
		var links int
		var st runStats
		for b.Loop() {
			l, _, s, err := detectSource(b.Context(), src, Options{})
			if err != nil {
				b.Fatal(err)
			}
			links, st = len(l), s
		}
		cpu := copygen.CPUTime() - cpu0
		copygen.ReportScale(b, n, cpu, int64(textBytes))
		b.ReportMetric(float64(links), "links")
		b.ReportMetric(float64(genRSS)/1e6, "gen-peak-RSS-MB")
		b.ReportMetric(float64(st.maxLive), "held-articles")
	})
}

// flakySource serves articles, failing on one position or, once every
// article has been read once, renaming them (a source that changed).
type flakySource struct {
	arts   []news.Article
	failAt int // -1: never
	rename bool
	reads  atomic.Int64
}

var errFlaky = errors.New("flaky source")

func (s *flakySource) Len() int { return len(s.arts) }

func (s *flakySource) Article(i int) (news.Article, error) {
	n := s.reads.Add(1)
	if i == s.failAt {
		return news.Article{}, errFlaky
	}
	a := s.arts[i]
	if s.rename && n > int64(len(s.arts)) {
		a.ID += "-changed"
	}
	return a, nil
}

func TestDetectSource(t *testing.T) {
	arts := seedArticles(t, false)
	wantLinks, wantGroups, err := Detect(t.Context(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(wantLinks) == 0 {
		t.Fatal("the seeds give no link: the test would prove little")
	}
	tests := []struct {
		name    string
		src     *flakySource
		wantErr error // nil: same output as Detect
	}{
		{"same as Detect", &flakySource{arts: arts, failAt: -1}, nil},
		{"read fails", &flakySource{arts: arts, failAt: 2}, errFlaky},
		{"source changed between reads", &flakySource{arts: arts, failAt: -1, rename: true}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			links, groups, err := DetectSource(t.Context(), tc.src, Options{Workers: 2})
			switch {
			case tc.src.rename:
				// The link's evidence re-reads a text and must notice.
				if err == nil || !strings.Contains(err.Error(), "-changed") {
					t.Fatalf("err = %v, want a changed-article error", err)
				}
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(links, wantLinks) || !reflect.DeepEqual(groups, wantGroups) {
					t.Errorf("DetectSource gave %v %v, Detect %v %v", links, groups, wantLinks, wantGroups)
				}
			}
		})
	}
}
