package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/triangulate/triangulate/internal/news"
)

// WriteMarkdown writes a readable report: the articles table, then each
// section in the order of the contract. Empty sections say so rather than
// disappear, so a reader can tell "nothing found" from "not shown".
func WriteMarkdown(w io.Writer, r *news.Report) error {
	r.Normalize()
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	p("# Triangulate report\n\n")
	p("%d articles, %d stories, %d source groups.\n\n", len(r.Articles), len(r.Stories), len(r.SourceGroups))

	p("## Articles\n\n")
	p("| id | title | outlet | published | byline | lang | words |\n")
	p("|---|---|---|---|---|---|---|\n")
	for _, a := range r.Articles {
		p("| %s | %s | %s | %s | %s | %s | %d |\n", a.ID, cell(a.Title), cell(a.Outlet), cell(published(a)),
			cell(a.Byline), cell(a.Language), wordCount(a.Text))
	}
	p("\n")

	section := func(title string, n int) bool {
		p("## %s\n\n", title)
		if n == 0 {
			p("None found.\n\n")
			return false
		}
		return true
	}

	if section("Summary", len(r.Summary)) {
		for _, s := range r.Summary {
			p("- %s %s\n", s.Sentence, cites(s.Sources))
		}
		p("\n")
	}
	if section("Stories", len(r.Stories)) {
		for _, s := range r.Stories {
			p("- **%s** %s: %s\n", s.ID, cell(s.Title), strings.Join(s.Articles, ", "))
		}
		p("\n")
	}
	if section("Copies", len(r.Copies)) {
		for _, c := range r.Copies {
			p("- %s → %s: %s (similarity %.2f). %s\n", label(r, c.A), label(r, c.B), c.Kind, c.Similarity, c.Evidence)
		}
		p("\n")
	}
	if section("Independent source groups", len(r.SourceGroups)) {
		for i, g := range r.SourceGroups {
			p("%d. %s\n", i+1, strings.Join(g, ", "))
		}
		p("\n")
	}
	if section("Claims", len(r.Claims)) {
		for _, c := range r.Claims {
			p("- [%s, %d independent] %s %s\n", c.Status, c.IndependentSources, c.Text, cites(c.Sources))
		}
		p("\n")
	}
	if section("Conflicts", len(r.Conflicts)) {
		for _, c := range r.Conflicts {
			p("- **%s**: %s\n  - %s: “%s”\n  - %s: “%s”\n", c.Kind, c.Explanation,
				label(r, c.A.Article), excerpt(r, c.A), label(r, c.B.Article), excerpt(r, c.B))
		}
		p("\n")
	}
	if section("Timeline", len(r.Timeline)) {
		for _, t := range r.Timeline {
			p("- **%s** (%s) %s %s\n", t.Date, t.Precision, t.Text, cites(t.Sources))
		}
		p("\n")
	}
	if section("Entities", len(r.Entities)) {
		p("| name | type | aliases | mentions |\n|---|---|---|---|\n")
		for _, e := range r.Entities {
			p("| %s | %s | %s | %d |\n", cell(e.Name), e.Type, cell(strings.Join(e.Aliases, "; ")), len(e.Mentions))
		}
		p("\n")
	}
	if section("Quotes", len(r.Quotes)) {
		for _, q := range r.Quotes {
			kind := "reported"
			if q.Direct {
				kind = "direct"
			}
			speaker := q.SpeakerName
			if speaker == "" {
				speaker = "(unattributed)"
			}
			p("- **%s** (%s, %s): “%s”\n", speaker, kind, label(r, q.Article), q.Text)
		}
		p("\n")
	}
	if section("Events", len(r.Events)) {
		for _, e := range r.Events {
			p("- %s %s", e.Type, e.Mode)
			if e.Negated {
				p(" (denied)")
			}
			if e.Hypothetical {
				p(" (hypothetical)")
			}
			p(": %s → %s", entityName(r, e.Actor), entityName(r, e.Target))
			for _, f := range [][2]string{{"object", e.Object}, {"quantity", e.Quantity}, {"date", e.Date}, {"place", e.Place}} {
				if f[1] != "" {
					p("; %s %s", f[0], f[1])
				}
			}
			p(" %s\n", cites(e.Sources))
		}
		p("\n")
	}

	p("## Article texts\n\n")
	for _, a := range r.Articles {
		title := a.Title
		if title == "" {
			title = "(untitled)"
		}
		p("### %s: %s\n\n", a.ID, title)
		p("Source: `%s`", a.Source)
		if a.URL != "" {
			p(" · <%s>", a.URL)
		}
		p("\n\n")
		for _, para := range strings.Split(a.Text, "\n") {
			if strings.TrimSpace(para) != "" {
				p("> %s\n>\n", para)
			}
		}
		p("\n")
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}

// cell makes s safe inside a Markdown table cell.
func cell(s string) string {
	if s == "" {
		return "–"
	}
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

func cites(spans []news.SourceSpan) string {
	if len(spans) == 0 {
		return ""
	}
	seen := map[string]bool{}
	var ids []string
	for _, s := range spans {
		if !seen[s.Article] {
			seen[s.Article] = true
			ids = append(ids, s.Article)
		}
	}
	return "[" + strings.Join(ids, ", ") + "]"
}
