package pipeline

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"

	"github.com/triangulate/triangulate/internal/cluster"
	"github.com/triangulate/triangulate/internal/dedupe"
	"github.com/triangulate/triangulate/internal/dedupe/copygen"
	"github.com/triangulate/triangulate/internal/news"
)

// BenchmarkCopiesAndStories is issue 4's scale figure: copy detection and
// story clustering over a generated feed (the bench bodies, disguised per
// universe, half of them with one copy of a random kind; 1,000 articles a
// day), the two stages side by side as AnalyzeArticles runs them. The
// articles are read back from a file through the stages' Source, as a
// store would serve them, so peak-RSS-MB is the stages' memory, not the
// texts' (text-MB says how much that is). Sizes: 10k, plus those in
// TRIANGULATE_SCALE_BENCH_SIZES (e.g. "100000"). Writing the corpus is not
// timed; articles/CPU-s is per second of user+system CPU of the timed
// part, the figure to read on a shared machine.
func BenchmarkCopiesAndStories(b *testing.B) {
	opts := copygen.ScaleOptions{Keep: dedupe.IsStopWord, PerDay: 1000}
	for _, n := range copygen.Sizes("TRIANGULATE_SCALE_BENCH_SIZES", 10000) {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			src, textBytes := copygen.WriteScale(b, b.TempDir(), copygen.BenchBodies(b, 150), n, 42, opts)
			genRSS := copygen.PeakRSS()
			runtime.GC()
			debug.FreeOSMemory()
			var links, stories int
			b.ResetTimer()
			cpu0 := copygen.CPUTime()
			for b.Loop() {
				l, s, err := copiesAndStories(b, src)
				if err != nil {
					b.Fatal(err)
				}
				links, stories = len(l), len(s)
			}
			cpu := copygen.CPUTime() - cpu0
			copygen.ReportScale(b, n, cpu, int64(textBytes))
			b.ReportMetric(float64(links), "links")
			b.ReportMetric(float64(stories), "stories")
			b.ReportMetric(float64(genRSS)/1e6, "gen-peak-RSS-MB")
		})
	}
}

// copiesAndStories runs the two corpus-wide stages over src side by side.
func copiesAndStories(b *testing.B, src *copygen.FileSource) ([]news.CopyLink, []news.Story, error) {
	var (
		links   []news.CopyLink
		copyErr error
		wg      sync.WaitGroup
		ctx     = b.Context()
	)
	wg.Go(func() { links, _, copyErr = dedupe.DetectSource(ctx, src, dedupe.Options{}) })
	stories, err := cluster.ClusterSource(ctx, src, cluster.Options{})
	wg.Wait()
	if copyErr != nil {
		return nil, nil, copyErr
	}
	return links, stories, err
}
