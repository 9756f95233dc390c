// Package core holds what the SQLite and PostgreSQL stores share so that
// they behave alike: the text hash that makes ingest idempotent, article
// validation, page bounds, the search query syntax, the highlight marks of
// snippets, the merge of an entity's per-story rows and the shape of a
// schema migration.
//
// It must not import a database driver or talk to a database: each store
// turns these decisions into its own SQL.
package core

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
	"github.com/zeebo/xxh3"
)

// Highlight marks around the matched words of a search snippet. They are
// characters news text practically never holds, so the UI can turn them
// into <mark> after escaping the snippet.
const (
	MarkStart = "\u27E6" // ⟦
	MarkEnd   = "\u27E7" // ⟧
)

// OneLine folds every run of white space in a snippet (paragraph breaks
// included) into one space: a snippet is a one-line preview.
func OneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// ErrInvalid is returned for an article or story a store cannot keep as
// given (no ID, text that is not valid UTF-8 or holds NUL bytes, which
// PostgreSQL rejects and which would make the two stores disagree).
var ErrInvalid = errors.New("invalid input")

// Page bounds.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Bounds turns a page into a LIMIT and OFFSET: 0 (or less) means the
// default, more than MaxLimit is capped, a negative offset is 0.
func Bounds(p news.Page) (limit, offset int) {
	limit, offset = p.Limit, p.Offset
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	return limit, max(offset, 0)
}

// TextHash is the key that finds the same article under another ID or URL:
// xxh3-128 of the normalised text, so re-wrapped or re-quoted copies of a
// body collide. It is "" for a body that normalises to nothing, which the
// stores keep as NULL: empty bodies are not all the same article.
func TextHash(body string) string {
	n := text.Normalize(body)
	if n == "" {
		return ""
	}
	b := xxh3.HashString128(n).Bytes()
	return fmt.Sprintf("%x", b[:])
}

// ValidateArticle says whether a store can keep a as given.
func ValidateArticle(a *news.Article) error {
	if strings.TrimSpace(a.ID) == "" {
		return fmt.Errorf("article without id: %w", ErrInvalid)
	}
	fields := []struct{ name, v string }{
		{"id", a.ID}, {"source", a.Source}, {"url", a.URL}, {"title", a.Title},
		{"outlet", a.Outlet}, {"published", a.Published}, {"byline", a.Byline},
		{"language", a.Language}, {"text", a.Text}, {"story", a.Story},
	}
	for _, f := range fields {
		if err := validString(f.v); err != nil {
			return fmt.Errorf("article %s: %s %w", a.ID, f.name, err)
		}
	}
	return nil
}

// ValidateStory says whether a store can keep s as given.
func ValidateStory(s *news.Story) error {
	if strings.TrimSpace(s.ID) == "" {
		return fmt.Errorf("story without id: %w", ErrInvalid)
	}
	for _, v := range append([]string{s.ID, s.Title}, s.Articles...) {
		if err := validString(v); err != nil {
			return fmt.Errorf("story %s: %w", s.ID, err)
		}
	}
	return nil
}

func validString(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("is not valid UTF-8: %w", ErrInvalid)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("holds a NUL byte: %w", ErrInvalid)
	}
	return nil
}

// Members returns the story's article IDs without repeats or blanks, in
// their first order: membership is a set, but the order the analysis gave
// is kept for display.
func Members(ids []string) []string {
	out := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	return out
}

// Stripped returns the article as a store keeps it: Sentences and Tokens
// are derived data (text.Analyze recomputes them) and are not stored, so
// what PutArticle returns equals what Article reads back.
func Stripped(a news.Article) news.Article {
	a.Sentences, a.Tokens = nil, nil
	return a
}

// ArticleData is the JSON a store keeps beside an article's columns: the
// whole article but its text and story (columns of their own), so that
// fields added to news.Article later are kept without a migration.
func ArticleData(a news.Article) (string, error) {
	a.Text, a.Story = "", ""
	b, err := json.Marshal(a)
	if err != nil {
		return "", fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	return string(b), nil
}

// ArticleRow is an article as read from a store: its columns and its
// data JSON.
type ArticleRow struct {
	ID, Source, URL, Title, Outlet, Published, Byline, Language, Text, Story string
	Data                                                                     []byte
}

// Dest returns pointers to the row's fields in the order of the stores'
// article column list (ArticleCols).
func (r *ArticleRow) Dest() []any {
	return []any{&r.ID, &r.Source, &r.URL, &r.Title, &r.Outlet, &r.Published,
		&r.Byline, &r.Language, &r.Text, &r.Story, &r.Data}
}

// ArticleCols is the column list Dest scans.
const ArticleCols = `id, source, url, title, outlet, published, byline, language, text, story, data`

// Article rebuilds the article: the data JSON first (empty for rows
// written before it existed), then the columns, which are authoritative
// (story changes with PutStory).
func (r *ArticleRow) Article() (news.Article, error) {
	var a news.Article
	if len(r.Data) > 0 {
		if err := json.Unmarshal(r.Data, &a); err != nil {
			return news.Article{}, fmt.Errorf("decode article %s: %w", r.ID, err)
		}
	}
	a.ID, a.Source, a.URL, a.Title, a.Outlet = r.ID, r.Source, r.URL, r.Title, r.Outlet
	a.Published, a.Byline, a.Language, a.Text, a.Story = r.Published, r.Byline, r.Language, r.Text, r.Story
	a.Sentences, a.Tokens = nil, nil
	return a, nil
}

// MergeEntities merges the rows one entity ID has in several stories'
// reports into one entity: the most frequent name (ties: the longest, then
// the first in byte order), the most frequent type, every other name and
// alias as an alias, and the union of the mentions. The result does not
// depend on the order of rows.
func MergeEntities(id string, rows []news.Entity) news.Entity {
	out := news.Entity{ID: id, Aliases: []string{}, Mentions: []news.Mention{}}
	out.Name = mostFrequent(rows, func(e news.Entity) string { return e.Name }, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b))
	})
	out.Type = mostFrequent(rows, func(e news.Entity) string { return e.Type }, strings.Compare)
	aliases := map[string]bool{}
	mentions := map[news.Mention]bool{}
	for _, e := range rows {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if n != "" && n != out.Name {
				aliases[n] = true
			}
		}
		for _, m := range e.Mentions {
			mentions[m] = true
		}
	}
	for n := range aliases {
		out.Aliases = append(out.Aliases, n)
	}
	slices.Sort(out.Aliases)
	for m := range mentions {
		out.Mentions = append(out.Mentions, m)
	}
	slices.SortFunc(out.Mentions, func(a, b news.Mention) int {
		return cmp.Or(strings.Compare(a.Article, b.Article), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	return out
}

// mostFrequent returns the non-empty value of field seen most often across
// rows; tie breaks between equally frequent values.
func mostFrequent(rows []news.Entity, field func(news.Entity) string, tie func(a, b string) int) string {
	counts := map[string]int{}
	for _, e := range rows {
		if v := field(e); v != "" {
			counts[v]++
		}
	}
	best, n := "", 0
	for v, c := range counts {
		if c > n || (c == n && tie(v, best) < 0) {
			best, n = v, c
		}
	}
	return best
}

// GroupEntities merges the entities of one report by ID, so that a report
// listing an entity twice still gives one row per story.
func GroupEntities(es []news.Entity) []news.Entity {
	byID := map[string][]news.Entity{}
	var order []string
	for _, e := range es {
		if e.ID == "" {
			continue
		}
		if _, ok := byID[e.ID]; !ok {
			order = append(order, e.ID)
		}
		byID[e.ID] = append(byID[e.ID], e)
	}
	out := make([]news.Entity, 0, len(order))
	for _, id := range order {
		if g := byID[id]; len(g) == 1 {
			out = append(out, g[0])
		} else {
			out = append(out, MergeEntities(id, g))
		}
	}
	return out
}

// Term is one element of a search query, in the syntax of PostgreSQL's
// websearch_to_tsquery (which the PostgreSQL store uses directly): words,
// "quoted phrases", "or" between alternatives, and "-" before an excluded
// word or phrase.
type Term struct {
	Text   string // a word or a phrase, as typed
	Phrase bool
	Not    bool
	Or     bool // joined to the previous term by OR rather than AND
}

// CleanQuery makes a query safe to hand to a database as text: invalid
// UTF-8 becomes U+FFFD and NUL bytes spaces (FTS5 reads its expression as
// a C string; PostgreSQL refuses both in text).
func CleanQuery(q string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(q, "\uFFFD"), "\x00", " ")
}

// ParseQuery splits a search query (after CleanQuery) into terms. Terms
// with no letter or digit are dropped: they can match nothing.
func ParseQuery(q string) []Term {
	q = CleanQuery(q)
	var terms []Term
	or := false
	for i := 0; i < len(q); {
		r, n := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		not := false
		if r == '-' {
			not = true
			i += n
			if i >= len(q) {
				break
			}
			r, n = utf8.DecodeRuneInString(q[i:])
		}
		var t Term
		if r == '"' {
			end := strings.IndexByte(q[i+1:], '"')
			if end < 0 {
				end = len(q) - i - 1
			}
			t = Term{Text: q[i+1 : i+1+end], Phrase: true}
			i += 1 + end + 1
		} else {
			end := strings.IndexFunc(q[i:], func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
			if end < 0 {
				end = len(q) - i
			}
			t = Term{Text: q[i : i+end]}
			i += end
		}
		if !t.Phrase && !not && strings.EqualFold(t.Text, "or") {
			or = len(terms) > 0
			continue
		}
		if !strings.ContainsFunc(t.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		t.Not, t.Or = not, or && !not
		or = false
		terms = append(terms, t)
	}
	return terms
}

// FTS5Query writes terms as an SQLite FTS5 query expression: every term a
// quoted string (so no character of user input is FTS5 syntax), AND by
// default, OR where asked, and NOT for exclusions. It returns "" when no
// term can match, which the caller answers with no results rather than an
// FTS5 syntax error.
func FTS5Query(terms []Term) string {
	var b strings.Builder
	var pending []string // exclusions seen before any positive term
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	for _, t := range terms {
		switch {
		case t.Not && b.Len() == 0:
			pending = append(pending, quote(t.Text))
		case t.Not:
			b.WriteString(" NOT " + quote(t.Text))
		default:
			if b.Len() > 0 {
				if t.Or {
					b.WriteString(" OR ")
				} else {
					b.WriteString(" AND ")
				}
			}
			b.WriteString(quote(t.Text))
			for _, p := range pending {
				b.WriteString(" NOT " + p)
			}
			pending = nil
		}
	}
	return b.String()
}

// Step is one schema migration: a version (1, 2, … in order, never
// renumbered), a name for the version table, and statements run in one
// transaction together with the version row, so a step is applied whole
// or not at all.
type Step struct {
	Version    int
	Name       string
	Statements []string
}

// CheckSteps verifies that steps are numbered 1..n in order, so that a
// misnumbered list fails at the first open rather than corrupting a
// database.
func CheckSteps(steps []Step) error {
	for i, s := range steps {
		if s.Version != i+1 {
			return fmt.Errorf("migration %q has version %d, want %d", s.Name, s.Version, i+1)
		}
	}
	return nil
}

// Rows is what the result sets of both drivers (database/sql, pgx) offer
// for iteration.
type Rows interface {
	Next() bool
	Err() error
}

// Collect reads every row with scan, which reads the current row. It
// returns an empty, non-nil slice when there are no rows, and the first
// scan error or the iteration error.
func Collect[T any](rows Rows, scan func() (T, error)) ([]T, error) {
	out := []T{}
	for rows.Next() {
		v, err := scan()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// EntityRow is one story's copy of an entity.
type EntityRow struct {
	Story  string
	Entity news.Entity
}

// DecodeEntity decodes an entity row's JSON, naming the story when it
// fails.
func DecodeEntity(story string, data []byte) (EntityRow, error) {
	var e news.Entity
	if err := json.Unmarshal(data, &e); err != nil {
		return EntityRow{}, fmt.Errorf("in story %s: %w", story, err)
	}
	return EntityRow{Story: story, Entity: e}, nil
}

// MergeEntityRows merges an entity's rows across stories and lists the
// stories, or reports news.ErrNotFound when there are none.
func MergeEntityRows(id string, rows []EntityRow) (news.Entity, []string, error) {
	if len(rows) == 0 {
		return news.Entity{}, nil, news.ErrNotFound
	}
	es := make([]news.Entity, len(rows))
	stories := make([]string, len(rows))
	for i, r := range rows {
		es[i], stories[i] = r.Entity, r.Story
	}
	return MergeEntities(id, es), stories, nil
}

// Prefixed qualifies each column of a comma-separated list with p ("a.").
func Prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}
