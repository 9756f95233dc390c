package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/triangulate/triangulate/internal/news"
)

//go:embed templates/report.html.tmpl
var templates embed.FS

// page is parsed once; html/template escapes every article-derived string,
// so hostile text (script tags, javascript: URLs) renders inert.
var page = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"label":     func(r *news.Report, id string) string { return label(r, id) },
	"excerpt":   func(r *news.Report, s news.SourceSpan) string { return excerpt(r, s) },
	"entity":    func(r *news.Report, id string) string { return entityName(r, id) },
	"words":     wordCount,
	"published": published,
	"paras": func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, "\n") {
			if strings.TrimSpace(p) != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"cites": func(spans []news.SourceSpan) []string {
		seen := map[string]bool{}
		var ids []string
		for _, s := range spans {
			if !seen[s.Article] {
				seen[s.Article] = true
				ids = append(ids, s.Article)
			}
		}
		return ids
	},
	"join": strings.Join,
}).ParseFS(templates, "templates/report.html.tmpl"))

// WriteHTML writes one self-contained page (inline CSS, no scripts, no
// external assets) so a report can be mailed or archived as a single file.
func WriteHTML(w io.Writer, r *news.Report) error {
	r.Normalize()
	if err := page.Execute(w, r); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}
