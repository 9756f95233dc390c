package event_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
)

// seedReport runs the real pipeline over the example corpus to get the
// clean article bodies the event coder sees in production.
func seedReport(t testing.TB) *news.Report {
	t.Helper()
	files, _ := filepath.Glob("../../examples/iran-russia/*.txt")
	if len(files) == 0 {
		t.Skip("example corpus not found")
	}
	var docs []news.RawDoc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, news.RawDoc{Source: f, Kind: news.KindText, Content: b})
	}
	rep, _, err := pipeline.Analyze(context.Background(), docs, pipeline.Config{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
