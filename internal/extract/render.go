package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags start a new paragraph. Both go-trafilatura and readability
// return an HTML tree; the text they render themselves either runs
// paragraphs together (trafilatura joins with spaces) or differs between
// the two, so both trees are rendered here, the same way, to lines.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Caption: true, atom.Dd: true, atom.Details: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true,
	atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Ul: true,
}

// skipTags never hold article prose.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Input: true, atom.Iframe: true, atom.Object: true,
	atom.Head: true, atom.Title: true,
}

// paragraph is one line of rendered text with the tag that opened it, so
// that the cascade can tell headings from prose.
type paragraph struct {
	text    string
	heading bool // opened inside h1–h6
	item    bool // opened inside a list item
	caption bool // opened inside a figure or its caption
	linked  int  // bytes of text inside links (readability keeps links, trafilatura drops them)
}

// renderParagraphs turns an extracted tree into paragraphs: block elements
// break lines, whitespace inside a paragraph collapses to one space, and
// preformatted text keeps its own line breaks.
//
// trimmed says the tree's text nodes were stripped of their surrounding
// whitespace, as go-trafilatura does ("<b>Vernon’s</b> injury" comes out as
// "Vernon’s" + "injury"); a space is then put back at inline element
// boundaries unless punctuation shows the words were joined.
func renderParagraphs(n *html.Node, trimmed bool) []paragraph {
	if n == nil {
		return nil
	}
	r := &renderer{trimmed: trimmed}
	r.walk(n, ctxFlags{})
	r.flush()
	return r.out
}

// ctxFlags are the enclosing elements that matter to a paragraph.
type ctxFlags struct {
	pre, heading, item, link, caption bool
}

type renderer struct {
	out    []paragraph
	cur    strings.Builder
	first  ctxFlags // flags of the paragraph's first word
	linked int
	space  bool // a space is pending before the next word

	trimmed bool // see renderParagraphs
	soft    bool // an inline element boundary lies before the next word
}

func (r *renderer) flush() {
	s := strings.TrimSpace(r.cur.String())
	if s != "" {
		r.out = append(r.out, paragraph{text: s, heading: r.first.heading, item: r.first.item, caption: r.first.caption, linked: r.linked})
	}
	r.cur.Reset()
	r.first = ctxFlags{}
	r.linked = 0
	r.space = false
}

func (r *renderer) walk(n *html.Node, f ctxFlags) {
	switch n.Type {
	case html.TextNode:
		r.text(n.Data, f)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	a := tagAtom(n)
	if skipTags[a] {
		return
	}
	switch a {
	case atom.Br:
		r.flush()
		return
	case atom.Pre:
		f.pre = true
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		f.heading = true
	case atom.Li:
		f.item = true
	case atom.A:
		f.link = true
	case atom.Figure, atom.Figcaption:
		f.caption = true
	case atom.Td, atom.Th:
		r.space = true
	}
	block := blockTags[a]
	if block {
		r.flush()
	}
	// Superscripts and subscripts are glued to their word ("20th", "CO2").
	soft := r.trimmed && !block && n.Type == html.ElementNode && a != atom.Sup && a != atom.Sub
	if soft {
		r.soft = true
	} else if a == atom.Sup || a == atom.Sub {
		r.soft = false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c, f)
	}
	if block {
		r.flush()
	} else if a == atom.Td || a == atom.Th {
		r.space = true
	}
	if soft {
		r.soft = true
	}
}

func (r *renderer) text(s string, f ctxFlags) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if f.pre {
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				r.flush()
			}
			r.words(line, f)
		}
		return
	}
	r.words(s, f)
}

// words appends s with its whitespace collapsed.
func (r *renderer) words(s string, f ctxFlags) {
	start := -1
	for i, c := range s {
		if unicode.IsSpace(c) || c == '\u200b' || c == '\ufeff' {
			if start >= 0 {
				r.word(s[start:i], f)
				start = -1
			}
			r.space = true
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		r.word(s[start:], f)
	}
}

func (r *renderer) word(w string, f ctxFlags) {
	if r.cur.Len() == 0 {
		r.first = f
	} else if r.space || (r.soft && spaceAtBoundary(r.cur.String(), w)) {
		r.cur.WriteByte(' ')
	}
	r.soft = false
	r.cur.WriteString(w)
	if f.link {
		r.linked += len(w)
	}
	r.space = false
}

// spaceAtBoundary decides whether text joined at an inline element
// boundary needs a space: not before closing punctuation, not after
// opening punctuation.
func spaceAtBoundary(before, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(before)
	first, _ := utf8.DecodeRuneInString(next)
	return !strings.ContainsRune(".,;:!?)]}’”»%…'\"-–—/", first) &&
		!strings.ContainsRune("([{‘“«$#@'\"-–—/", last)
}

// tagAtom is n's tag as an atom. Trees built by go-trafilatura and
// go-shiori/dom create elements by name only, leaving DataAtom zero.
func tagAtom(n *html.Node) atom.Atom {
	if n.Type != html.ElementNode {
		return 0
	}
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

// joinParagraphs is the Article.Text form: one paragraph a line.
func joinParagraphs(ps []paragraph) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.text)
	}
	return b.String()
}
