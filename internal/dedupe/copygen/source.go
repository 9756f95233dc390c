package copygen

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/news"
)

// FileSource serves a Scale corpus written to one file, by position, as a
// store would serve it: a benchmark that reads articles through it holds
// the stage under test in memory and not the texts. It is safe for
// concurrent use (ReadAt).
type FileSource struct {
	f    *os.File
	off  []int64 // article i is bytes off[i]:off[i+1]
	opts ScaleOptions
}

// Len is the number of articles.
func (s *FileSource) Len() int { return len(s.off) - 1 }

// Article reads article i back.
func (s *FileSource) Article(i int) (news.Article, error) {
	if i < 0 || i >= s.Len() {
		return news.Article{}, fmt.Errorf("copygen: article %d of %d", i, s.Len())
	}
	buf := make([]byte, s.off[i+1]-s.off[i])
	if _, err := s.f.ReadAt(buf, s.off[i]); err != nil {
		return news.Article{}, fmt.Errorf("copygen: reading article %d: %w", i, err)
	}
	return news.Article{ID: ScaleID(i), Text: string(buf), Published: s.opts.published(i)}, nil
}

// WriteScale writes Scale(bodies, n, seed, opts) to a file in dir, one
// article at a time, and returns it as a FileSource with the text bytes
// written. The file is closed when the test or benchmark ends.
func WriteScale(tb testing.TB, dir string, bodies []Body, n int, seed uint64, opts ScaleOptions) (*FileSource, int64) {
	tb.Helper()
	f, err := os.Create(filepath.Join(dir, "corpus.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	w := bufio.NewWriter(f)
	src := &FileSource{f: f, off: []int64{0}, opts: opts}
	var pos int64
	ScaleTo(bodies, n, seed, opts, func(a news.Article) {
		k, err := w.WriteString(a.Text)
		if err != nil {
			tb.Fatal(err)
		}
		pos += int64(k)
		src.off = append(src.off, pos)
	})
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return src, pos
}

// Sizes returns defaults followed by the corpus sizes listed in the
// environment variable env (comma-separated, e.g. "100000"), so that a
// benchmark's large run is one variable away and off by default.
func Sizes(env string, defaults ...int) []int {
	sizes := slices.Clone(defaults)
	for _, f := range strings.Split(os.Getenv(env), ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			sizes = append(sizes, n)
		}
	}
	return sizes
}

// ReportScale reports the figures every scale benchmark gives for n
// articles an iteration: articles per second of wall clock and of CPU
// time (cpu: the CPUTime the timed loop used), the corpus's text in MB
// and the process's peak RSS in MB.
func ReportScale(b *testing.B, n int, cpu time.Duration, textBytes int64) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	if cpu > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "articles/CPU-s")
	}
	b.ReportMetric(float64(textBytes)/1e6, "text-MB")
	b.ReportMetric(float64(PeakRSS())/1e6, "peak-RSS-MB")
}
