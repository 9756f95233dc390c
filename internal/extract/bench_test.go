package extract

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/markusmobius/go-trafilatura"
	"github.com/triangulate/triangulate/internal/eval"
	"github.com/triangulate/triangulate/internal/news"
)

// TestBenchmarkQuality holds the cascade to its measured quality on the
// extraction benchmark, and to beating go-trafilatura alone. It extracts
// 362 pages, so it is skipped with -short.
func TestBenchmarkQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("extraction benchmark skipped in -short mode")
	}
	dir := benchDir(t)
	ctx := context.Background()
	cascade, err := eval.Extraction(ctx, dir, New(Options{}).Extract)
	if err != nil {
		t.Fatal(err)
	}
	alone, err := eval.Extraction(ctx, dir, New(Options{TrafilaturaOnly: true}).Extract)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("cascade:          F1 %.4f P %.4f R %.4f (%d items)", cascade.F1, cascade.Precision, cascade.Recall, cascade.Items)
	t.Logf("trafilatura only: F1 %.4f P %.4f R %.4f", alone.F1, alone.Precision, alone.Recall)
	if cascade.F1 < 0.96 {
		t.Errorf("cascade F1 %.4f < 0.96", cascade.F1)
	}
	if cascade.F1 <= alone.F1 {
		t.Errorf("cascade F1 %.4f does not beat trafilatura alone (%.4f)", cascade.F1, alone.F1)
	}
}

type benchPage struct {
	html []byte
	url  string
}

func loadBenchPages(b *testing.B) []benchPage {
	dir := benchDir(b)
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		b.Fatal(err)
	}
	var gt map[string]struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	pages := make([]benchPage, 0, len(ids))
	for _, id := range ids {
		f, err := os.Open(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			b.Fatal(err)
		}
		page, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, benchPage{html: page, url: gt[id].URL})
	}
	return pages
}

// BenchmarkExtractHTML measures the whole cascade, one page an iteration,
// cycling through the benchmark's pages.
func BenchmarkExtractHTML(b *testing.B) {
	pages := loadBenchPages(b)
	e := New(Options{})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		p := pages[i%len(pages)]
		i++
		_, _ = e.Extract(ctx, news.RawDoc{Source: "bench", Kind: news.KindHTML, Content: p.html, URL: p.url})
	}
}

// BenchmarkTrafilaturaOnly is go-trafilatura's own Extract on the same
// pages, as a user of the library would call it, for the ratio.
func BenchmarkTrafilaturaOnly(b *testing.B) {
	pages := loadBenchPages(b)
	urls := make([]*url.URL, len(pages))
	for i, p := range pages {
		urls[i], _ = url.Parse(p.url)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		j := i % len(pages)
		i++
		_, _ = trafilatura.Extract(bytes.NewReader(pages[j].html), trafilatura.Options{OriginalURL: urls[j], ExcludeComments: true})
	}
}
