// Package scraped turns plain text as scraped from a web page (title, menus,
// cookie banners, captions, related links, author boxes and comment forms
// mixed with the article) into the article body and the metadata found in
// its header and footer areas.
//
// It works on lines and their features only: it does no I/O, keeps no
// package-level mutable state, and must not rewrite the article's words.
// Every line of Result.Body is a whole (trimmed) line of the input, so that
// later stages can trust the body as something the page really said. It
// must not guess metadata from the article's own sentences: a date or an
// outlet named in the body is news, not metadata.
//
// The method, in order:
//
//  1. Lines are grouped into units: a line that ends mid-sentence (a comma,
//     a dash, a function word, or a next line that starts in lower case)
//     is joined with the next one, so "In effect, Kirby said," stays with
//     the block quote it introduces.
//  2. Each unit is classified from its features: known site furniture
//     (a short, documented phrase list), captions (photo credits, lines
//     printed twice in a row), menus and links, header meta lines (date,
//     outlet, byline), reporting credits, author boxes (a name line and a
//     biography), lines repeated in other documents of the corpus, and
//     otherwise by length, terminal punctuation and the share of
//     capitalised words (prose, short sentence, heading).
//  3. The body is the densest run of prose: the maximum-sum run of unit
//     scores (prose scores its word count, headings and furniture score
//     below zero), never crossing an end-of-article marker (a credit line,
//     an author box, "Related Articles", a comment form, a copyright line).
//     The run is then extended over neighbours that continue it.
//  4. Inside the run, furniture, captions and subheadings are dropped.
//     Before it, the header gives the title, the standfirst, a masthead
//     (outlet), and a date/byline line; after it, the footer gives the
//     credit line and the author box.
//
// Decisions on lines that could go either way:
//
//   - Subheadings inside the article ("Russia war crimes") are dropped:
//     they are labels, not sentences, and a body of sentences is what
//     the later stages parse. A short line after a lead-in ("he said:")
//     or one that runs on into the next line is kept.
//   - A reporting credit ("X contributed to this report. Some information
//     came from Reuters.") is kept out of Body and returned in Credit; a
//     known outlet it starts with ("VOA White House Bureau Chief ...") is
//     the outlet.
//   - A standfirst under the headline is kept out of Body and returned in
//     Standfirst.
//   - An author box at the end (a name line, then a biography) gives the
//     byline when the header has none, or the outlet when the name is an
//     outlet's ("VOA News"). It is not body.
//   - Dates come from header meta lines only (and, failing those, from a
//     meta line below the article), never from captions or prose.
//   - A line other pages of the run share is furniture unless it reads
//     as a paragraph: wire copies share paragraphs, and those are news.
package scraped

import (
	"crypto/sha256"
	"strings"
	"unicode/utf8"
)

// Corpus counts lines across the documents of one run, so that site
// furniture repeated in many documents can be recognised.
//
// Add must not run concurrently with Add or Clean; once every document is
// added, Clean may be called from several goroutines.
type Corpus struct {
	docs  int
	lines map[string]int
	// seen holds a hash of each document added, so that the same page
	// ingested twice does not make its own title look like site furniture.
	seen map[[32]byte]bool
}

// NewCorpus returns an empty corpus.
func NewCorpus() *Corpus {
	return &Corpus{lines: map[string]int{}, seen: map[[32]byte]bool{}}
}

// Add counts the distinct lines of one document. Adding a text already
// added has no effect.
func (c *Corpus) Add(text string) {
	if c == nil {
		return
	}
	if c.lines == nil {
		c.lines = map[string]int{}
	}
	if c.seen == nil {
		c.seen = map[[32]byte]bool{}
	}
	text = validUTF8(text)
	h := sha256.Sum256([]byte(strings.TrimSpace(text)))
	if c.seen[h] {
		return
	}
	c.seen[h] = true
	c.docs++
	seen := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !seen[l] {
			seen[l] = true
			c.lines[l]++
		}
	}
}

// repeated reports whether line occurs in another document of the corpus.
func (c *Corpus) repeated(line string) bool {
	return c != nil && c.docs >= 2 && c.lines[line] >= 2
}

// Result is the article found in a scraped text.
type Result struct {
	Body      string // paragraphs separated by "\n", each a trimmed line of the input
	Title     string
	Outlet    string
	Published string // ISO YYYY-MM-DD or ""
	Byline    string // author names, comma separated

	// Standfirst is the summary line printed under the title. It is the
	// editor's teaser, not a sentence of the report, so it is kept out of
	// Body.
	Standfirst string
	// Credit holds reporting credits found at the end of the article
	// ("X contributed to this report. Some information came from
	// Reuters."), one a line. They say who reported and which wire was
	// reused, which matters for independence, but they are not news, so
	// they are kept out of Body.
	Credit string
}

// Clean extracts the article from text. c may be nil.
func Clean(text string, c *Corpus) Result {
	d := parse(validUTF8(text), c)
	return d.result()
}

// validUTF8 replaces invalid bytes, so that Body is always valid UTF-8.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
