package web

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

// The view types turn a report into what the templates show. They hold no
// HTML: every string here is escaped by html/template when rendered.

// articleRef names an article the way the story page cites it: by its
// number in the story and its outlet.
type articleRef struct {
	ID     string
	Num    int
	Label  string // outlet, or title, or ID
	Title  string
	Href   string
	Copy   string // the kind of copy this article is, "" for an original
	CopyOf int    // number of the article it copies, 0 if none
}

// cite is one citation: an article number linking to the cited passage.
type cite struct {
	Num     int
	Href    string
	Title   string // outlet and the passage, for hover and screen readers
	Article string
}

type summaryView struct {
	Sentence string
	Cites    []cite
}

// sourceGroup is one column of the corroboration matrix: articles that are
// not independent of one another, the original first and copies folded
// under it.
type sourceGroup struct {
	Num     int
	Members []articleRef
	Copies  int
}

type matrixRow struct {
	Claim  news.Claim
	Cells  []matrixCell
	Groups int // groups that state the claim, as counted here
}

type matrixCell struct {
	Present bool
	Cites   []cite
}

type conflictSide struct {
	Ref  articleRef
	Cite cite
	Segs []seg
}

type conflictView struct {
	Kind        string
	Explanation string
	A, B        conflictSide
}

type timelineView struct {
	Date      string
	Precision string
	Text      string
	Cites     []cite
}

type quoteView struct {
	Text   string
	Direct bool
	Cite   cite
}

type speakerView struct {
	Name     string
	EntityID string
	Href     string
	Quotes   []quoteView
}

type eventView struct {
	Type, Mode                    string
	Actor, Target                 string
	ActorHref, TargetHref         string
	Object, Quantity, Date, Place string
	Cites                         []cite
}

type entityChip struct {
	ID, Name, Href string
	Mentions       int
}

type entityTypeGroup struct {
	Type     string
	Entities []entityChip
}

type copyView struct {
	A, B       articleRef
	Kind       string
	Similarity string
	Evidence   string
}

type articleView struct {
	Ref     articleRef
	Article news.Article
	Group   int
	Paras   []para
	Words   int
}

// para is one paragraph of an article, split where a highlighted passage
// starts and ends.
type para struct {
	ID   string
	Segs []paraSeg
}

type paraSeg struct {
	Text string
	Mark bool
}

// storyView is everything the story page shows.
type storyView struct {
	Story     news.Story
	Title     string
	APIHref   string
	Articles  []articleView
	Summary   []summaryView
	Groups    []sourceGroup
	Matrix    []matrixRow
	Copies    []copyView
	Conflicts []conflictView
	Timeline  []timelineView
	Speakers  []speakerView
	Events    []eventView
	Graph     actorGraph
	Entities  []entityTypeGroup
	Outlets   int
}

func pathEscape(s string) string { return url.PathEscape(s) }

// passageHref links to a span of an article: the article page marks it and
// scrolls to it.
func passageHref(article string, start, end int) string {
	return fmt.Sprintf("/articles/%s?start=%d&end=%d#passage", pathEscape(article), start, end)
}

// spanText returns the cited text of a span: its own copy when the stage
// gave one, else the article's bytes, or "" when the offsets do not fit the
// article (a stage's bug, never a reason to fail the page).
func spanText(r *news.Report, s news.SourceSpan) string {
	if s.Text != "" {
		return s.Text
	}
	a := r.Article(s.Article)
	if a == nil || s.Start < 0 || s.End > len(a.Text) || s.Start >= s.End {
		return ""
	}
	return strings.ToValidUTF8(a.Text[s.Start:s.End], "")
}

// buildStory assembles the story page from a stored report. It reads r and
// never changes it (r is shared through the cache).
func buildStory(s news.Story, r *news.Report) *storyView {
	v := &storyView{Story: s, Title: s.Title, APIHref: "/api/stories/" + pathEscape(s.ID)}
	if strings.TrimSpace(v.Title) == "" {
		v.Title = "Untitled story " + s.ID
	}

	// Number the story's articles in report order; citations use numbers.
	refs := map[string]*articleRef{}
	var order []string
	addRef := func(id string) *articleRef {
		if id == "" {
			// A span with no article is a reference fact (the known
			// spelling "Iskander"), not a source: no number, no column.
			return &articleRef{Label: "reference"}
		}
		if ref, ok := refs[id]; ok {
			return ref
		}
		ref := &articleRef{ID: id, Num: len(order) + 1, Label: id, Href: "/articles/" + pathEscape(id)}
		if a := r.Article(id); a != nil {
			ref.Title = a.Title
			switch {
			case a.Outlet != "":
				ref.Label = a.Outlet
			case a.Title != "":
				ref.Label = truncate(a.Title, 40)
			}
		}
		refs[id] = ref
		order = append(order, id)
		return ref
	}
	for _, a := range r.Articles {
		addRef(a.ID)
	}
	for _, id := range s.Articles {
		addRef(id)
	}
	for _, c := range r.Copies {
		ra, rb := addRef(c.A), addRef(c.B)
		if rb.Copy == "" {
			rb.Copy, rb.CopyOf = c.Kind, ra.Num
		}
	}
	citeOf := func(sp news.SourceSpan) cite {
		ref := addRef(sp.Article)
		title := ref.Label
		if t := spanText(r, sp); t != "" {
			title += ": " + truncate(t, 240)
		}
		return cite{Num: ref.Num, Href: passageHref(sp.Article, sp.Start, sp.End), Title: title, Article: sp.Article}
	}
	citesOf := func(spans []news.SourceSpan) []cite {
		out := make([]cite, 0, len(spans))
		for _, sp := range spans {
			out = append(out, citeOf(sp))
		}
		return out
	}

	for _, ss := range r.Summary {
		v.Summary = append(v.Summary, summaryView{Sentence: ss.Sentence, Cites: citesOf(ss.Sources)})
	}

	// Source groups: the report's, then any article left out of them as a
	// group of its own, so every source has a column.
	groupOf := map[string]int{}
	var groups [][]string
	for _, g := range r.SourceGroups {
		var members []string
		for _, id := range g {
			if _, dup := groupOf[id]; dup || id == "" {
				continue
			}
			groupOf[id] = len(groups)
			members = append(members, id)
		}
		if len(members) > 0 {
			groups = append(groups, members)
		}
	}
	for _, id := range order {
		if _, ok := groupOf[id]; !ok {
			groupOf[id] = len(groups)
			groups = append(groups, []string{id})
		}
	}
	for gi, g := range groups {
		sg := sourceGroup{Num: gi + 1}
		for _, id := range g {
			sg.Members = append(sg.Members, *refs[id])
		}
		// Originals first, then copies; by number within each.
		slices.SortStableFunc(sg.Members, func(a, b articleRef) int {
			return cmp.Or(cmp.Compare(boolInt(a.Copy != ""), boolInt(b.Copy != "")), cmp.Compare(a.Num, b.Num))
		})
		for _, m := range sg.Members {
			if m.Copy != "" {
				sg.Copies++
			}
		}
		v.Groups = append(v.Groups, sg)
	}

	for _, c := range r.Claims {
		row := matrixRow{Claim: c, Cells: make([]matrixCell, len(groups))}
		for _, sp := range c.Sources {
			gi, ok := groupOf[sp.Article]
			if !ok {
				continue
			}
			row.Cells[gi].Present = true
			row.Cells[gi].Cites = append(row.Cells[gi].Cites, citeOf(sp))
		}
		for _, cell := range row.Cells {
			if cell.Present {
				row.Groups++
			}
		}
		v.Matrix = append(v.Matrix, row)
	}

	for _, c := range r.Copies {
		v.Copies = append(v.Copies, copyView{
			A: *refs[c.A], B: *refs[c.B], Kind: c.Kind,
			Similarity: strconv.FormatFloat(c.Similarity, 'f', 2, 64), Evidence: c.Evidence,
		})
	}

	for _, c := range r.Conflicts {
		ta, tb := spanText(r, c.A), spanText(r, c.B)
		sa, sb := wordDiff(ta, tb)
		v.Conflicts = append(v.Conflicts, conflictView{
			Kind: c.Kind, Explanation: c.Explanation,
			A: conflictSide{Ref: *addRef(c.A.Article), Cite: citeOf(c.A), Segs: sa},
			B: conflictSide{Ref: *addRef(c.B.Article), Cite: citeOf(c.B), Segs: sb},
		})
	}

	tl := slices.Clone(r.Timeline)
	slices.SortStableFunc(tl, func(a, b news.TimelineEntry) int { return cmp.Compare(a.Date, b.Date) })
	for _, t := range tl {
		v.Timeline = append(v.Timeline, timelineView{Date: t.Date, Precision: t.Precision, Text: t.Text, Cites: citesOf(t.Sources)})
	}

	entities := map[string]*news.Entity{}
	for i := range r.Entities {
		entities[r.Entities[i].ID] = &r.Entities[i]
	}
	entityName := func(id string) (name, typ string) {
		if e, ok := entities[id]; ok {
			return e.Name, e.Type
		}
		return id, "" // a stage gave a name, not an ID
	}
	entityHref := func(id string) string {
		if _, ok := entities[id]; ok {
			return "/entities/" + pathEscape(id)
		}
		return ""
	}

	v.Speakers = speakers(r, entityName, entityHref, citeOf)

	for _, e := range r.Events {
		actor, _ := entityName(e.Actor)
		target, _ := entityName(e.Target)
		v.Events = append(v.Events, eventView{
			Type: e.Type, Mode: e.Mode, Actor: actor, Target: target,
			ActorHref: entityHref(e.Actor), TargetHref: entityHref(e.Target),
			Object: e.Object, Quantity: e.Quantity, Date: e.Date, Place: e.Place,
			Cites: citesOf(e.Sources),
		})
	}
	v.Graph = buildGraph(r, entityName)

	byType := map[string][]entityChip{}
	for _, e := range r.Entities {
		byType[e.Type] = append(byType[e.Type], entityChip{ID: e.ID, Name: e.Name, Href: "/entities/" + pathEscape(e.ID), Mentions: len(e.Mentions)})
	}
	for _, t := range sortedKeys(byType) {
		chips := byType[t]
		slices.SortStableFunc(chips, func(a, b entityChip) int {
			return cmp.Or(cmp.Compare(b.Mentions, a.Mentions), cmp.Compare(a.Name, b.Name))
		})
		name := t
		if name == "" {
			name = "OTHER"
		}
		v.Entities = append(v.Entities, entityTypeGroup{Type: name, Entities: chips})
	}

	outlets := map[string]bool{}
	for _, id := range order {
		ref := refs[id]
		av := articleView{Ref: *ref, Group: groupOf[id] + 1}
		if a := r.Article(id); a != nil {
			av.Article = *a
			av.Paras = paragraphs(a.Text, -1, -1)
			av.Words = len(strings.Fields(a.Text))
			if a.Outlet != "" {
				outlets[a.Outlet] = true
			}
		} else {
			av.Article = news.Article{ID: id}
		}
		v.Articles = append(v.Articles, av)
	}
	v.Outlets = len(outlets)
	return v
}

// speakers groups the quotes by who said them: by entity when resolved,
// else by the name the quote gives; the most quoted first.
func speakers(r *news.Report, entityName func(string) (string, string), entityHref func(string) string, citeOf func(news.SourceSpan) cite) []speakerView {
	idx := map[string]int{}
	var out []speakerView
	for _, q := range r.Quotes {
		key, name, id := "n:"+q.SpeakerName, q.SpeakerName, ""
		if q.Speaker != "" {
			key, id = "e:"+q.Speaker, q.Speaker
			if n, typ := entityName(q.Speaker); typ != "" || name == "" {
				name = n
			}
		}
		if strings.TrimSpace(name) == "" {
			key, name = "?", "Unattributed"
		}
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			sv := speakerView{Name: name, EntityID: id}
			if id != "" {
				sv.Href = entityHref(id)
			}
			out = append(out, sv)
		}
		out[i].Quotes = append(out[i].Quotes, quoteView{
			Text: q.Text, Direct: q.Direct,
			Cite: citeOf(news.SourceSpan{Article: q.Article, Start: q.Start, End: q.End}),
		})
	}
	slices.SortStableFunc(out, func(a, b speakerView) int {
		return cmp.Or(cmp.Compare(len(b.Quotes), len(a.Quotes)), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// paragraphs splits text at newlines into paragraphs, marking the bytes
// [start, end) when they are a valid span. Paragraph IDs carry their byte
// offset so that a link can point at one.
func paragraphs(text string, start, end int) []para {
	if start < 0 || end > len(text) || start >= end {
		start, end = -1, -1
	}
	var out []para
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		ls, le := off, off+len(line)
		off = le
		body := strings.TrimRight(line, "\r\n")
		if strings.TrimSpace(body) == "" {
			continue
		}
		le = ls + len(body)
		p := para{ID: "p" + strconv.Itoa(ls)}
		if start < 0 || end <= ls || start >= le {
			p.Segs = []paraSeg{{Text: strings.ToValidUTF8(body, "\uFFFD")}}
		} else {
			ms, me := max(start, ls), min(end, le)
			ms, me = runeStart(text, ms), runeStart(text, me)
			if pre := text[ls:ms]; pre != "" {
				p.Segs = append(p.Segs, paraSeg{Text: strings.ToValidUTF8(pre, "\uFFFD")})
			}
			p.Segs = append(p.Segs, paraSeg{Text: strings.ToValidUTF8(text[ms:me], "\uFFFD"), Mark: true})
			if post := text[me:le]; post != "" {
				p.Segs = append(p.Segs, paraSeg{Text: strings.ToValidUTF8(post, "\uFFFD")})
			}
		}
		out = append(out, p)
	}
	return out
}

// runeStart moves i back to the start of the rune it falls in, so a span
// from a buggy stage never splits a character.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// alias is one alias of an entity with the evidence that merged it, which
// the resolver writes in parentheses: "Zelensky (variant spelling)".
type alias struct {
	Name     string
	Evidence string
}

func parseAlias(s string) alias {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			return alias{Name: s[:i], Evidence: s[i+2 : len(s)-1]}
		}
	}
	return alias{Name: s}
}

// snippetSegs turns a store's search snippet, whose matches sit between
// ⟦ and ⟧ (store/internal/core), into runs the template marks up.
func snippetSegs(s string) []paraSeg {
	var out []paraSeg
	for s != "" {
		i := strings.Index(s, "\u27E6")
		if i < 0 {
			out = append(out, paraSeg{Text: s})
			break
		}
		if i > 0 {
			out = append(out, paraSeg{Text: s[:i]})
		}
		s = s[i+len("\u27E6"):]
		j := strings.Index(s, "\u27E7")
		if j < 0 {
			out = append(out, paraSeg{Text: s, Mark: true})
			break
		}
		out = append(out, paraSeg{Text: s[:j], Mark: true})
		s = s[j+len("\u27E7"):]
	}
	return out
}
