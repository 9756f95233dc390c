// Package fetch is the network and archive half of ingest: it turns article
// URLs, RSS/Atom feeds and WARC files into news.RawDoc values, the same
// values internal/ingest makes from files, folders and standard input.
//
// Every HTTP request goes through one guarded client: a timeout, a body size
// limit, a redirect limit, a clear User-Agent, a minimum interval between
// requests to one host, and a dialer that refuses loopback, private,
// link-local and other non-public addresses on every connection (so that a
// redirect or a DNS answer cannot steer it into the local network) unless
// the user allows it.
//
// It must not interpret the documents it fetches beyond telling a feed from a
// page: extracting the article body, title or date is the extract stage's
// job, and fetch must not import any other stage's package.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/triangulate/triangulate/internal/ingest"
	"github.com/triangulate/triangulate/internal/news"
)

// Defaults applied when the matching Options field is zero.
const (
	DefaultTimeout            = 20 * time.Second
	DefaultMaxBytes     int64 = 16 << 20
	DefaultMaxRedirects       = 5
	// DefaultPerHostInterval keeps a crawl of one site to one request a
	// second, a rate no publisher's server notices.
	DefaultPerHostInterval = time.Second
	// DefaultMaxEntries bounds the entries read from one feed, so that a
	// feed of thousands of items does not turn into thousands of requests.
	DefaultMaxEntries = 50
)

// FullArticleWords is how many words a feed entry's own content needs to be
// taken as the article; shorter content is a teaser, and the entry's link
// is fetched instead.
const FullArticleWords = 150

// UserAgent returns the User-Agent this program sends: it names the program
// and where to read about it, so that a site operator can tell who calls.
func UserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return "Triangulate/" + version + " (+https://github.com/triangulate/triangulate)"
}

// Options tune fetching. The zero value is ready to use.
type Options struct {
	// Timeout bounds one request, from connecting to the last byte of the
	// body, redirects included. 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxBytes bounds one response body (after decompression) and, for
	// WARC files, one record's payload. 0 means DefaultMaxBytes.
	MaxBytes int64
	// MaxRedirects is how many redirects one request may follow. 0 means
	// DefaultMaxRedirects; a negative value follows none.
	MaxRedirects int
	// UserAgent is sent with every request. "" means UserAgent("dev").
	UserAgent string
	// PerHostInterval is the least time between the starts of two requests
	// to one host name, shared by every goroutine using the Fetcher.
	// 0 means DefaultPerHostInterval; a negative value disables the limit.
	PerHostInterval time.Duration
	// MaxEntries bounds how many entries of one feed are read.
	// 0 means DefaultMaxEntries.
	MaxEntries int
	// AllowPrivate permits connections to loopback, private, link-local,
	// unspecified, multicast and shared (CGNAT) addresses, which are
	// refused by default so that a URL from outside cannot reach services
	// on this machine or its network (SSRF).
	AllowPrivate bool
	// Client replaces the guarded HTTP client, for tests. Its Transport is
	// used as it is, so the address checks are then the caller's business;
	// the redirect limit, User-Agent and per-host interval still apply.
	Client *http.Client
}

func (o Options) normalised() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	switch {
	case o.MaxRedirects == 0:
		o.MaxRedirects = DefaultMaxRedirects
	case o.MaxRedirects < 0:
		o.MaxRedirects = 0
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent("")
	}
	switch {
	case o.PerHostInterval == 0:
		o.PerHostInterval = DefaultPerHostInterval
	case o.PerHostInterval < 0:
		o.PerHostInterval = 0
	}
	if o.MaxEntries <= 0 {
		o.MaxEntries = DefaultMaxEntries
	}
	return o
}

// Sentinel errors, for errors.Is. Errors about the address refused also
// match *AddrError with errors.As.
var (
	ErrRefused          = errors.New("address refused")
	ErrScheme           = errors.New("not an http or https URL")
	ErrStatus           = errors.New("unexpected HTTP status")
	ErrNotHTML          = errors.New("not an HTML page or a feed")
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrTooLarge is ingest's, so that a caller handles an oversized file
	// and an oversized download alike.
	ErrTooLarge = ingest.ErrTooLarge
	ErrBinary   = ingest.ErrBinary
	ErrEmpty    = ingest.ErrEmpty
	// ErrEntry is a feed entry with neither a full article nor a link.
	ErrEntry = errors.New("feed entry has neither a full article nor a link")
	// ErrNoEntries reports a feed that holds no entries.
	ErrNoEntries = errors.New("the feed has no entries")
	// ErrEntryLimit reports the entries of a feed left unread.
	ErrEntryLimit = errors.New("feed entry limit reached")
)

// Error says which URL (and, for a feed entry, which feed and entry) a
// problem is in.
type Error struct {
	URL   string
	Feed  string // the feed the URL came from, or ""
	Entry int    // 1-based entry number in Feed, or 0
	Err   error
}

func (e *Error) Error() string {
	if e.Feed != "" {
		return fmt.Sprintf("fetch %s (entry %d of feed %s): %v", e.URL, e.Entry, e.Feed, e.Err)
	}
	return fmt.Sprintf("fetch %s: %v", e.URL, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// IsURL reports whether a command-line argument names a web address rather
// than a path: it starts with http:// or https://, in any letter case.
func IsURL(arg string) bool {
	l := strings.ToLower(arg)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// Fetcher fetches URLs. It is safe for concurrent use; the per-host
// interval is shared by all its callers.
type Fetcher struct {
	opts    Options
	client  *http.Client
	limiter *hostLimiter
}

// New returns a Fetcher with opts' defaults filled in.
func New(opts Options) *Fetcher {
	return newFetcher(opts, guard{allowPrivate: opts.AllowPrivate})
}

func newFetcher(opts Options, g guard) *Fetcher {
	opts = opts.normalised()
	f := &Fetcher{opts: opts, limiter: newHostLimiter(opts.PerHostInterval)}
	var base http.RoundTripper
	if opts.Client != nil {
		c := *opts.Client
		f.client = &c
		base = c.Transport
		if base == nil {
			base = http.DefaultTransport
		}
	} else {
		f.client = &http.Client{}
		base = newGuardedTransport(opts, g)
	}
	f.client.Transport = &politeTransport{next: base, limiter: f.limiter, userAgent: opts.UserAgent}
	f.client.CheckRedirect = f.checkRedirect
	return f
}

// newGuardedTransport is http.DefaultTransport's configuration with the
// address guard in the dialer and no proxy: through a proxy the dialer would
// check the proxy's address, not the target's.
func newGuardedTransport(opts Options, g guard) *http.Transport {
	dialer := &net.Dialer{
		Timeout:   min(opts.Timeout, 30*time.Second),
		KeepAlive: 30 * time.Second,
		Control:   g.control,
	}
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, f.opts.MaxRedirects)
	}
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return fmt.Errorf("redirected to %s: %w", req.URL.Redacted(), ErrScheme)
	}
	return nil
}

// response is a fetched body with what is needed to read it.
type response struct {
	finalURL    string
	contentType string // the media type, lower case, without parameters
	header      string // the whole Content-Type header, for the charset
	body        []byte
}

// Accept states what this program can read, best first.
const accept = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json;q=0.9,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"

// get fetches one URL with every guard and returns its 200 response's
// body. The error does not name the URL; the caller wraps it.
func (f *Fetcher) get(ctx context.Context, rawURL string) (*response, error) {
	u, err := checkURL(rawURL)
	if err != nil {
		return nil, err
	}
	// The wait for the host's turn comes before the timeout starts, so that
	// queueing behind other requests to a slow-paced host is not a timeout.
	if err := f.limiter.wait(ctx, hostKey(u)); err != nil {
		return nil, err
	}
	tctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	tctx = withWaited(tctx, hostKey(u))

	req, err := http.NewRequestWithContext(tctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", accept)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.requestError(ctx, tctx, u.String(), err)
	}
	defer resp.Body.Close()

	final := resp.Request.URL.String()
	if resp.StatusCode != http.StatusOK {
		return nil, withRedirect(u.String(), final, fmt.Errorf("%w %s", ErrStatus, statusText(resp)))
	}
	limit := f.opts.MaxBytes
	if resp.ContentLength > limit {
		return nil, withRedirect(u.String(), final, fmt.Errorf("%w: Content-Length %d exceeds the %d-byte limit", ErrTooLarge, resp.ContentLength, limit))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, withRedirect(u.String(), final, f.requestError(ctx, tctx, final, fmt.Errorf("reading the body: %w", err)))
	}
	if int64(len(body)) > limit {
		return nil, withRedirect(u.String(), final, fmt.Errorf("%w: the body exceeds the %d-byte limit", ErrTooLarge, limit))
	}
	header := resp.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(header)
	return &response{finalURL: final, contentType: strings.ToLower(mt), header: header, body: body}, nil
}

func statusText(resp *http.Response) string {
	if resp.Status != "" {
		return resp.Status
	}
	return fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
}

// checkURL accepts absolute http and https URLs with a host, and drops the
// fragment, which names a place in the page and is never sent.
func checkURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, fmt.Errorf("bad URL: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, ErrScheme
	}
	if u.Hostname() == "" {
		return nil, errors.New("bad URL: no host")
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// requestError turns what the HTTP client returns into a message that says
// what went wrong in the user's terms: the refused address, the redirect
// that led there, the timeout.
func (f *Fetcher) requestError(parent, tctx context.Context, asked string, err error) error {
	at := asked
	var ue *url.Error
	if errors.As(err, &ue) {
		at = ue.URL
		err = ue.Err
	}
	var ae *AddrError
	switch {
	case errors.As(err, &ae):
		err = ae
	case errors.Is(err, ErrTooManyRedirects), errors.Is(err, ErrScheme):
		// checkRedirect's message already says what the redirect was.
		return err
	case parent.Err() != nil:
		err = parent.Err()
	case errors.Is(tctx.Err(), context.DeadlineExceeded):
		err = fmt.Errorf("timed out after %s: %w", f.opts.Timeout, context.DeadlineExceeded)
	}
	return withRedirect(asked, at, err)
}

// withRedirect says where a redirect led when the problem is there, not at
// the URL the user gave.
func withRedirect(asked, at string, err error) error {
	if at == "" || at == asked {
		return err
	}
	return fmt.Errorf("redirected to %s: %w", at, err)
}

// hostKey is what the per-host interval is counted on: the host name, so
// that two ports of one server share it.
func hostKey(u *url.URL) string { return strings.ToLower(u.Hostname()) }

// Fetch gets one URL and emits what it holds. A page (HTML or XHTML) is one
// news.KindHTML document whose URL is the address after redirects. A feed
// (RSS, Atom or JSON Feed, told by its content type or by sniffing) is one
// document per entry, up to Options.MaxEntries: the entry's own content when
// it holds a full article (FullArticleWords or more), else the page its link
// points to, fetched with the same guards; the entry's title and date are
// passed on as hints.
//
// A problem with one feed entry goes to fail (which may be nil) as an *Error
// and the feed carries on. A problem with the URL itself is returned as an
// *Error. An error from emit stops and is returned as it is.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, emit func(news.RawDoc) error, fail func(error)) error {
	if fail == nil {
		fail = func(error) {}
	}
	if err := ctx.Err(); err != nil {
		return &Error{URL: rawURL, Err: err}
	}
	res, err := f.get(ctx, rawURL)
	if err != nil {
		return &Error{URL: rawURL, Err: err}
	}
	switch kind := classify(res); kind {
	case kindFeed:
		return f.readFeed(ctx, rawURL, res, emit, fail)
	case kindPage:
		doc, err := pageDoc(rawURL, res)
		if err != nil {
			return &Error{URL: rawURL, Err: err}
		}
		return emit(doc)
	default:
		return &Error{URL: rawURL, Err: notHTML(res)}
	}
}

func notHTML(res *response) error {
	ct := res.contentType
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Errorf("%w (%s)", ErrNotHTML, ct)
}

// pageDoc makes the document of a fetched HTML page.
func pageDoc(source string, res *response) (news.RawDoc, error) {
	content, err := decodeHTML(res.body, res.header)
	if err != nil {
		return news.RawDoc{}, err
	}
	return news.RawDoc{Source: source, Kind: news.KindHTML, Content: content, URL: res.finalURL}, nil
}
