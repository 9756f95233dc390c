package extract

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/markusmobius/go-htmldate"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/triangulate/triangulate/internal/news"
)

// extractHTML runs the cascade on one page.
func (e *Extractor) extractHTML(ctx context.Context, doc news.RawDoc) (found, error) {
	src := validText(doc.Content, e.opts.MaxInput)
	root, err := parseHTML(src)
	if err != nil {
		return found{}, err
	}
	pageURL := parseURL(doc.URL)
	meta := readPageMeta(root)
	hintDate := normaliseDate(doc.Published)

	topts := trafilaturaOptions(pageURL)
	if hintDate != "" {
		// The hint wins anyway; skip htmldate's page scan.
		topts.HtmlDateMode = trafilatura.Disabled
	}
	tr, terr := runTrafilatura(root, topts)
	if err := ctx.Err(); err != nil {
		return found{}, err
	}

	var f found
	f.title = meta.title
	f.siteName = meta.siteName
	var body []paragraph
	if tr != nil {
		m := tr.Metadata
		f.title = firstNonEmpty(cleanSpace(m.Title), f.title)
		if !isHostLike(m.Sitename, firstNonEmpty(doc.URL, m.URL)) {
			f.outlet = m.Sitename
		}
		f.byline = m.Author
		if !m.Date.IsZero() {
			f.published = m.Date.Format("2006-01-02")
		}
		f.url = m.URL
		body = renderParagraphs(tr.ContentNode, true)
	}

	if !e.opts.TrafilaturaOnly {
		body = e.cascade(ctx, root, pageURL, body, &f)
		desc := ""
		if tr != nil {
			desc = tr.Metadata.Description
		}
		body = cleanParagraphs(body, f.title, desc)
	}
	if terr != nil && len(body) == 0 {
		return f, fmt.Errorf("%w (%w)", ErrNoText, terr)
	}
	f.body = joinParagraphs(body)

	if f.published == "" && hintDate == "" {
		f.published = findDate(root, firstNonEmpty(doc.URL, f.url))
	}
	return f, nil
}

// cascade improves on trafilatura's body with readability's: readability
// stands in when trafilatura found less than MinText, and otherwise the two
// are merged paragraph by paragraph (see merge). Readability is run on
// every page, not only on short ones, because where the two agree and
// disagree is what tells article from furniture; it adds under a tenth to
// the time of a page.
func (e *Extractor) cascade(ctx context.Context, root *html.Node, pageURL *url.URL, body []paragraph, f *found) []paragraph {
	if ctx.Err() != nil {
		return body
	}
	rd, ok := runReadability(root, pageURL)
	if !ok {
		return body
	}
	if f.byline == "" {
		f.byline = rd.Byline()
	}
	if f.outlet == "" && !isHostLike(rd.SiteName(), f.url) {
		f.outlet = rd.SiteName()
	}
	f.title = firstNonEmpty(f.title, rd.Title())
	alt := renderParagraphs(rd.Node, false)
	if bodyRunes(body) < e.opts.MinText {
		if bodyRunes(alt) > bodyRunes(body) {
			body = alt
		}
		return body
	}
	return merge(body, alt)
}

func trafilaturaOptions(pageURL *url.URL) trafilatura.Options {
	return trafilatura.Options{
		OriginalURL:     pageURL,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
	}
}

// parseHTML parses a page. The HTML parser accepts any input, but it is a
// third-party body of code run on untrusted bytes, so a panic is turned
// into an error naming the problem.
func parseHTML(src string) (root *html.Node, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("HTML parser failed: %v", p)
		}
	}()
	root, err = html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	return root, nil
}

func parseURL(s string) *url.URL {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	u, err := url.ParseRequestURI(s)
	if err != nil || u.Host == "" {
		return nil
	}
	return u
}

// runTrafilatura extracts with go-trafilatura, which clones the tree it is
// given, so root stays usable for the fallbacks.
func runTrafilatura(root *html.Node, opts trafilatura.Options) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("go-trafilatura failed: %v", p)
		}
	}()
	res, err = trafilatura.ExtractDocument(root, opts)
	if err != nil {
		return nil, fmt.Errorf("go-trafilatura: %w", err)
	}
	return res, nil
}

// runReadability extracts with readability on a clone of root.
func runReadability(root *html.Node, pageURL *url.URL) (art readability.Article, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			ok = false
		}
	}()
	p := readability.NewParser()
	art, err := p.ParseDocument(root, pageURL)
	if err != nil || art.Node == nil {
		return art, false
	}
	return art, true
}

// findDate asks go-htmldate for the publication date when trafilatura's
// metadata had none. Only the markup is read (meta tags, <time>, JSON-LD,
// the URL): htmldate's extensive search guesses from dates written in the
// text and turns "the happenings of 2022" into 2022-01-01, and a guessed
// date would both mislead the reader and split stories by time.
func findDate(root *html.Node, pageURL string) (date string) {
	defer func() {
		if p := recover(); p != nil {
			date = ""
		}
	}()
	res, err := htmldate.FromDocument(root, htmldate.Options{URL: pageURL, UseOriginalDate: true, SkipExtensiveSearch: true})
	if err != nil || res.IsZero() {
		return ""
	}
	return res.DateTime.Format("2006-01-02")
}

func bodyRunes(ps []paragraph) int {
	n := 0
	for _, p := range ps {
		n += utf8.RuneCountInString(p.text)
	}
	return n
}
