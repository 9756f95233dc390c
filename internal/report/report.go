// Package report renders a news.Report as JSON (the contract in
// docs/report.md), Markdown or one self-contained HTML page.
//
// It only formats: it never changes the analysis and does no I/O beyond the
// writer it is given.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/triangulate/triangulate/internal/news"
)

// Formats lists the output formats Write accepts.
var Formats = []string{"json", "md", "html"}

// Write renders r in format to w.
func Write(w io.Writer, r *news.Report, format string) error {
	r.Normalize()
	switch format {
	case "json":
		return WriteJSON(w, r)
	case "md", "markdown":
		return WriteMarkdown(w, r)
	case "html":
		return WriteHTML(w, r)
	default:
		return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
	}
}

// WriteJSON writes r as indented JSON with every key of the contract.
func WriteJSON(w io.Writer, r *news.Report) error {
	r.Normalize()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// excerpt returns the text of a source span, or "" if it does not fit
// the article (which would be a bug in a stage, never a reason to fail
// rendering).
func excerpt(r *news.Report, s news.SourceSpan) string {
	if s.Text != "" {
		return s.Text
	}
	a := r.Article(s.Article)
	if a == nil || s.Start < 0 || s.End > len(a.Text) || s.Start > s.End {
		return ""
	}
	return a.Text[s.Start:s.End]
}

// label names an article for a reader: outlet and date when known.
func label(r *news.Report, id string) string {
	if id == "" {
		return "reference" // a known name or fact, not an article
	}
	a := r.Article(id)
	if a == nil {
		return id
	}
	parts := []string{}
	if a.Outlet != "" {
		parts = append(parts, a.Outlet)
	}
	if d := published(*a); d != "" {
		parts = append(parts, d)
	}
	if len(parts) == 0 {
		return id
	}
	return id + " (" + strings.Join(parts, ", ") + ")"
}

func entityName(r *news.Report, id string) string {
	for _, e := range r.Entities {
		if e.ID == id {
			return e.Name
		}
	}
	return id
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// published shows the stated date, or the inferred one marked as such.
func published(a news.Article) string {
	if a.Published != "" || a.PublishedInferred == "" {
		return a.Published
	}
	return a.PublishedInferred + " (inferred)"
}
