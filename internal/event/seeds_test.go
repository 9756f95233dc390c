package event_test

import (
	"testing"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/pipeline/pipelinetest"
)

// seedReport runs the real pipeline over the example corpus to get the
// clean article bodies the event coder sees in production.
func seedReport(t testing.TB) *news.Report {
	t.Helper()
	return pipelinetest.SeedReport(t, pipeline.Config{Workers: 1})
}
