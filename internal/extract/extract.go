// Package extract turns a raw document (an HTML page, or plain text as
// scraped from one) into an Article: the clean body of the article and its
// title, outlet, publication date, byline and language.
//
// HTML goes through a cascade: go-trafilatura first; readability's body
// instead when trafilatura finds too little, else the two merged paragraph
// by paragraph; then a cleanup of headline, dateline and call-to-action
// lines. Plain text is handed to the scraped subpackage.
//
// It must not fetch anything (ingest does I/O), must not assign article
// IDs or stories (later stages do), and must not panic on any input.
package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/extract/scraped"
	"github.com/triangulate/triangulate/internal/news"
)

// ErrNoText is returned, wrapped with the document's source, when a
// document has no article body; the caller reports "no article text found".
var ErrNoText = errors.New("no article text found")

// Options tunes extraction. The zero value is the recommended setting.
type Options struct {
	// MinText is the body length, in characters, below which
	// trafilatura's result is considered too little and readability's
	// replaces it (when longer). Zero means 250 characters, trafilatura's
	// own threshold for a usable extraction.
	MinText int

	// MaxInput is the largest document, in bytes, that is parsed whole;
	// longer ones are cut there, since article text sits well before the
	// end of any real page and parse time grows with size. Zero means 32 MiB.
	MaxInput int

	// TrafilaturaOnly turns the cascade off and returns go-trafilatura's
	// body as it is (rendered to paragraphs). It exists to measure what
	// the cascade adds.
	TrafilaturaOnly bool
}

const (
	defaultMinText  = 250
	defaultMaxInput = 32 << 20
)

// Extractor extracts articles. After the last Observe call it is safe for
// concurrent use by several goroutines.
type Extractor struct {
	opts Options

	mu     sync.RWMutex // guards corpus against an Observe racing an Extract
	corpus *scraped.Corpus
}

// New returns an Extractor with opts, zero fields taking their defaults.
func New(opts Options) *Extractor {
	if opts.MinText <= 0 {
		opts.MinText = defaultMinText
	}
	if opts.MaxInput <= 0 {
		opts.MaxInput = defaultMaxInput
	}
	return &Extractor{opts: opts, corpus: scraped.NewCorpus()}
}

// Observe feeds one document of the run to the corpus statistics that
// recognise site furniture repeated across documents. Call it for every
// document before the first Extract. HTML needs no corpus: its structure
// tells furniture from text.
func (e *Extractor) Observe(doc news.RawDoc) {
	if kindOf(doc) != news.KindText {
		return
	}
	text := validText(doc.Content, e.opts.MaxInput)
	e.mu.Lock()
	e.corpus.Add(text)
	e.mu.Unlock()
}

// Extract returns the article in doc. It fills Source, URL, Title, Outlet,
// Published, Byline, Language and Text; the hints carried by doc (Title,
// Published, URL) win over what the content says. A document without body
// text yields an error wrapping ErrNoText.
func (e *Extractor) Extract(ctx context.Context, doc news.RawDoc) (news.Article, error) {
	art := news.Article{Source: doc.Source, URL: strings.TrimSpace(doc.URL)}
	if err := ctx.Err(); err != nil {
		return art, fmt.Errorf("extract %s: %w", doc.Source, err)
	}
	var fd found
	switch kind := kindOf(doc); kind {
	case news.KindText:
		text := validText(doc.Content, e.opts.MaxInput)
		e.mu.RLock()
		r, err := cleanScraped(text, e.corpus)
		e.mu.RUnlock()
		if err != nil {
			return art, fmt.Errorf("extract %s: %w", doc.Source, err)
		}
		fd = found{body: r.Body, title: r.Title, siteName: r.Outlet, published: r.Published, byline: r.Byline}
	case news.KindHTML:
		var err error
		fd, err = e.extractHTML(ctx, doc)
		if err != nil {
			return art, fmt.Errorf("extract %s: %w", doc.Source, err)
		}
	default:
		return art, fmt.Errorf("extract %s: unknown document kind %q", doc.Source, kind)
	}

	art.Text = tidyBody(fd.body)
	if art.Text == "" {
		return art, fmt.Errorf("extract %s: %w", doc.Source, ErrNoText)
	}
	if art.URL == "" {
		art.URL = fd.url
	}
	art.Published = firstNonEmpty(normaliseDate(doc.Published), normaliseDate(fd.published))
	// The outlet the page declares (og:site_name) comes first; then the
	// table of known outlets, which is curated and so more reliable than a
	// name derived from JSON-LD or the page title ("usatoday", "Hosted").
	art.Outlet = firstNonEmpty(cleanSpace(fd.siteName), outletFromHost(art.URL), cleanSpace(fd.outlet))
	art.Title = cleanSpace(doc.Title)
	if art.Title == "" {
		art.Title = stripSiteName(cleanSpace(fd.title), art.Outlet, art.URL)
	}
	art.Byline = cleanByline(fd.byline, art.Outlet)
	art.Language = detectLanguage(art.Text)
	return art, nil
}

// found is what one extraction path read from a document, before the
// hints are applied and the fields normalised.
type found struct {
	body, title, published, byline, url string
	siteName                            string // declared by the page (og:site_name)
	outlet                              string // derived (JSON-LD publisher, trafilatura, readability)
}

// kindOf trusts the declared kind and sniffs only when ingest left it
// empty: a document that opens with markup is HTML.
func kindOf(doc news.RawDoc) news.DocKind {
	if doc.Kind != "" {
		return doc.Kind
	}
	head := doc.Content[:min(len(doc.Content), 512)]
	s := strings.ToLower(strings.TrimSpace(string(head)))
	if strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html") ||
		(strings.HasPrefix(s, "<") && (strings.Contains(s, "<head") || strings.Contains(s, "<body") || strings.Contains(s, "<p"))) {
		return news.KindHTML
	}
	return news.KindText
}

// validText cuts content to limit bytes on a character boundary and
// replaces invalid UTF-8, so nothing downstream sees broken text.
func validText(b []byte, limit int) string {
	if len(b) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
		b = b[:cut]
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// cleanScraped calls the scraped cleaner, turning a panic into an error so
// that one odd document cannot stop a run.
func cleanScraped(text string, c *scraped.Corpus) (r scraped.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("scraped text cleaner failed: %v", p)
		}
	}()
	return scraped.Clean(text, c), nil
}

// tidyBody enforces the Article.Text form whatever path produced it: valid
// UTF-8, one paragraph a line, no blank lines, no surrounding space.
func tidyBody(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	lines := strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
