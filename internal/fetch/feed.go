package fetch

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/triangulate/triangulate/internal/news"
)

type docKind int

const (
	kindOther docKind = iota
	kindPage
	kindFeed
)

// sniffLen is how much of a body is looked at to tell a feed from a page,
// the window gofeed itself detects in.
const sniffLen = 4096

// classify tells a feed from a page. The content type decides when it is
// specific; servers label feeds text/xml, text/html or text/plain often
// enough that an XML body is sniffed whatever its label.
func classify(res *response) docKind {
	head := res.body[:min(len(res.body), sniffLen)]
	switch res.contentType {
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml",
		"application/xml", "text/xml", "text/html", "text/plain", "application/xhtml+xml", "application/octet-stream", "":
		switch gofeed.DetectFeedType(bytes.NewReader(head)) {
		case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
			return kindFeed
		}
	case "application/feed+json", "application/json":
		// Any JSON object passes gofeed's detection; a JSON Feed names its
		// version by URL.
		if gofeed.DetectFeedType(bytes.NewReader(head)) == gofeed.FeedTypeJSON && bytes.Contains(head, []byte("jsonfeed.org/version")) {
			return kindFeed
		}
		return kindOther
	}
	switch res.contentType {
	case "application/rss+xml", "application/atom+xml":
		// Labelled a feed but not recognised in its head: let the parser
		// say what is wrong with it.
		return kindFeed
	case "text/html", "application/xhtml+xml":
		return kindPage
	case "", "application/octet-stream":
		// No usable label: believe the bytes, as a browser would.
		if strings.HasPrefix(http.DetectContentType(head), "text/html") {
			return kindPage
		}
	}
	return kindOther
}

var metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([-a-zA-Z0-9_.:+]+)`)

// decodeHTML returns a page as UTF-8, decoding the charset its header, byte
// order mark or meta tag declares.
func decodeHTML(body []byte, contentType string) ([]byte, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, ErrEmpty
	}
	if bytes.IndexByte(body, 0) >= 0 && !bytes.HasPrefix(body, []byte{0xff, 0xfe}) && !bytes.HasPrefix(body, []byte{0xfe, 0xff}) {
		return nil, fmt.Errorf("%w (NUL bytes), not an HTML page", ErrBinary)
	}
	if _, params, err := mime.ParseMediaType(contentType); err != nil || params["charset"] == "" {
		// The x/net prescan stops at 1024 bytes; pages with long inline
		// scripts declare their charset later, so look further first.
		if m := metaCharsetRE.FindSubmatch(body[:min(len(body), 64<<10)]); m != nil {
			contentType = "text/html; charset=" + string(m[1])
		}
	}
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return nil, fmt.Errorf("decoding the page's charset: %w", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("decoding the page's charset: %w", err)
	}
	out = bytes.TrimPrefix(out, []byte("\uFEFF"))
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	if bytes.IndexByte(out, 0) >= 0 {
		return nil, fmt.Errorf("%w (NUL characters), not an HTML page", ErrBinary)
	}
	return out, nil
}

// readFeed emits the entries of a fetched feed.
func (f *Fetcher) readFeed(ctx context.Context, feedURL string, res *response, emit func(news.RawDoc) error, fail func(error)) error {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(res.body))
	if err != nil {
		return &Error{URL: feedURL, Err: fmt.Errorf("parsing the feed: %w", err)}
	}
	base, _ := url.Parse(res.finalURL)
	if len(feed.Items) == 0 {
		fail(&Error{URL: feedURL, Err: ErrNoEntries})
	}
	items := feed.Items
	if len(items) > f.opts.MaxEntries {
		fail(&Error{URL: feedURL, Err: fmt.Errorf("%w: read the first %d of %d entries", ErrEntryLimit, f.opts.MaxEntries, len(items))})
		items = items[:f.opts.MaxEntries]
	}
	for i, item := range items {
		if item == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return &Error{URL: feedURL, Err: err}
		}
		n := i + 1
		link := resolveLink(base, item)
		title := strings.TrimSpace(item.Title)
		published := itemDate(item)

		body := item.Content
		if wordCount(item.Description) > wordCount(body) {
			body = item.Description
		}
		if wordCount(body) >= FullArticleWords {
			doc := news.RawDoc{
				Source:    fmt.Sprintf("%s#%d", feedURL, n),
				Kind:      news.KindHTML,
				Content:   entryPage(title, body),
				URL:       link,
				Title:     title,
				Published: published,
			}
			if err := emit(doc); err != nil {
				return err
			}
			continue
		}
		if link == "" {
			fail(&Error{URL: fmt.Sprintf("%s#%d", feedURL, n), Err: ErrEntry})
			continue
		}
		page, err := f.get(ctx, link)
		if err == nil {
			switch classify(page) {
			case kindPage:
			case kindFeed:
				err = fmt.Errorf("%w: the entry's link is itself a feed", ErrNotHTML)
			default:
				err = notHTML(page)
			}
		}
		var doc news.RawDoc
		if err == nil {
			doc, err = pageDoc(link, page)
		}
		if err != nil {
			if ctx.Err() != nil {
				return &Error{URL: feedURL, Err: ctx.Err()}
			}
			fail(&Error{URL: link, Feed: feedURL, Entry: n, Err: err})
			continue
		}
		doc.Title, doc.Published = title, published
		if err := emit(doc); err != nil {
			return err
		}
	}
	return nil
}

// resolveLink returns the entry's article address, absolute, or "" when it
// has no usable http(s) link.
func resolveLink(base *url.URL, item *gofeed.Item) string {
	cands := append([]string{item.Link}, item.Links...)
	if strings.HasPrefix(item.GUID, "http://") || strings.HasPrefix(item.GUID, "https://") {
		cands = append(cands, item.GUID) // RSS permalinks often live only in <guid>
	}
	for _, c := range cands {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		u, err := url.Parse(c)
		if err != nil {
			continue
		}
		if base != nil {
			u = base.ResolveReference(u)
		}
		if u.Scheme == "http" || u.Scheme == "https" {
			return u.String()
		}
	}
	return ""
}

// itemDate gives the entry's publication (or, failing that, update) date as
// the publisher's calendar day, which is what a report dates an article by.
// gofeed converts the dates it parses to UTC, which can move an evening
// article in the Americas to the next day, so the common layouts are parsed
// here in the zone they are written in first.
func itemDate(item *gofeed.Item) string {
	for _, c := range []struct {
		raw    string
		parsed *time.Time
	}{{item.Published, item.PublishedParsed}, {item.Updated, item.UpdatedParsed}} {
		raw := strings.TrimSpace(c.raw)
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, raw); err == nil {
				return t.Format("2006-01-02")
			}
		}
		if c.parsed != nil {
			return c.parsed.Format("2006-01-02")
		}
		if raw != "" {
			return raw // extraction normalises what it can read
		}
	}
	return ""
}

var dateLayouts = []string{
	time.RFC3339, time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", "2006-01-02T15:04:05-0700",
}

// entryPage wraps a feed entry's HTML fragment into a page, so that
// extraction sees the title and the body where a page has them.
func entryPage(title, body string) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</title></head><body><article>\n")
	if !strings.Contains(body, "<") {
		// Plain text: keep its paragraphs apart.
		for _, p := range strings.Split(body, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
			}
		}
	} else {
		b.WriteString(body)
	}
	b.WriteString("\n</article></body></html>\n")
	return b.Bytes()
}

// wordCount counts the words of an HTML fragment's text, leaving out
// scripts and styles.
func wordCount(fragment string) int {
	if !strings.Contains(fragment, "<") {
		return len(strings.Fields(html.UnescapeString(fragment)))
	}
	z := xhtml.NewTokenizer(strings.NewReader(fragment))
	n, skip := 0, 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return n
		case xhtml.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
		case xhtml.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		case xhtml.TextToken:
			if skip == 0 {
				n += len(strings.Fields(string(z.Text())))
			}
		}
	}
}
