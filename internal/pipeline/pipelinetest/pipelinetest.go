// Package pipelinetest gives tests the bundled example corpus
// (examples/iran-russia): as raw documents, and as the report the real
// pipeline makes of it. Stages test their behaviour on real articles
// through it, from external test packages (package foo_test), since the
// pipeline imports the stages.
//
// Only test files import it; it must not be used by the program itself.
package pipelinetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
)

// Dir returns the example corpus's folder, found by walking up from the
// working directory to the module root.
func Dir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "examples", "iran-russia"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("pipelinetest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Docs returns the five seed articles as scraped-text documents, with
// Source "examples/iran-russia/<file>".
func Docs() ([]news.RawDoc, error) {
	dir, err := Dir()
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) != 5 {
		return nil, fmt.Errorf("pipelinetest: %d seed files in %s (%v)", len(files), dir, err)
	}
	docs := make([]news.RawDoc, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		docs = append(docs, news.RawDoc{Source: "examples/iran-russia/" + filepath.Base(f), Kind: news.KindText, Content: b})
	}
	return docs, nil
}

// Report runs the whole pipeline over the seeds with cfg; a document
// error is an error.
func Report(cfg pipeline.Config) (*news.Report, error) {
	docs, err := Docs()
	if err != nil {
		return nil, err
	}
	rep, errs, err := pipeline.Analyze(context.Background(), docs, cfg)
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("pipelinetest: seed documents failed: %v", errs)
	}
	return rep, nil
}

// SeedDocs is Docs for a test: an error fails it.
func SeedDocs(tb testing.TB) []news.RawDoc {
	tb.Helper()
	docs, err := Docs()
	if err != nil {
		tb.Fatal(err)
	}
	return docs
}

// SeedReport is Report for a test: an error fails it.
func SeedReport(tb testing.TB, cfg pipeline.Config) *news.Report {
	tb.Helper()
	rep, err := Report(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}
