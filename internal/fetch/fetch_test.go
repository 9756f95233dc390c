package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/news"
)

// Every test talks to httptest servers on 127.0.0.1 only; none reaches the
// network. Redirect targets outside loopback are refused before any packet
// leaves (the guard runs before connect), which is what those tests check.

// words returns n words of article-like filler starting with marker.
func words(marker string, n int) string {
	var b strings.Builder
	b.WriteString(marker)
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, " word%d", i)
		if i%12 == 0 {
			b.WriteString(".")
		}
	}
	return b.String()
}

func page(title, body string) string {
	return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><article><p>" + body + "</p></article></body></html>"
}

// quick returns options for a test: private addresses allowed (the servers
// are on loopback) and no per-host interval, unless the test sets them.
func quick(o Options) Options {
	o.AllowPrivate = true
	if o.PerHostInterval == 0 {
		o.PerHostInterval = -1
	}
	return o
}

// collect fetches u and returns the documents and per-entry failures.
func collect(t *testing.T, f *Fetcher, u string) ([]news.RawDoc, []error, error) {
	t.Helper()
	var docs []news.RawDoc
	var fails []error
	err := f.Fetch(context.Background(), u, func(d news.RawDoc) error {
		docs = append(docs, d)
		return nil
	}, func(err error) { fails = append(fails, err) })
	return docs, fails, err
}

func TestFetchPage(t *testing.T) {
	var mu sync.Mutex
	var agents []string
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page("Hello", "Marker alpha"))
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte("<html><body><p>Caf\xe9 cr\xe8me</p></body></html>"))
	})
	mux.HandleFunc("/late-meta", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		// "Привет" in windows-1251, declared after 2 KB of script.
		w.Write([]byte("<html><head><script>" + strings.Repeat("var x = 1;\n", 200) + "</script><meta charset=\"windows-1251\"></head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2</p></body></html>"))
	})
	mux.HandleFunc("/r", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		http.Redirect(w, r, "/a", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	const ua = "TestAgent/1.0 (+https://example.org)"
	f := New(quick(Options{UserAgent: ua}))
	tests := []struct {
		name, path, wantURL, want string
		wantAgents                int
	}{
		{"direct", "/a", "/a", "Marker alpha", 1},
		{"after a redirect", "/r", "/a", "Marker alpha", 2},
		{"fragment dropped", "/a#top", "/a", "Marker alpha", 1},
		{"declared charset decoded", "/latin1", "/latin1", "Café crème", 0},
		{"charset declared late in the page", "/late-meta", "/late-meta", "Привет", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			agents = nil
			mu.Unlock()
			docs, fails, err := collect(t, f, srv.URL+tc.path)
			if err != nil || len(fails) > 0 {
				t.Fatalf("Fetch: %v, fails %v", err, fails)
			}
			if len(docs) != 1 {
				t.Fatalf("got %d docs, want 1", len(docs))
			}
			d := docs[0]
			if d.Kind != news.KindHTML || d.URL != srv.URL+tc.wantURL || d.Source != srv.URL+tc.path {
				t.Errorf("doc = kind %q url %q source %q; want html, %q, %q", d.Kind, d.URL, d.Source, srv.URL+tc.wantURL, srv.URL+tc.path)
			}
			if !strings.Contains(string(d.Content), tc.want) {
				t.Errorf("content %q lacks %q", d.Content, tc.want)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(agents) != tc.wantAgents {
				t.Fatalf("server saw %d requests, want %d", len(agents), tc.wantAgents)
			}
			for _, a := range agents {
				if a != ua {
					t.Errorf("User-Agent %q, want %q", a, ua)
				}
			}
		})
	}
}

func TestDefaultUserAgent(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.UserAgent()
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("t", "x"))
	}))
	defer srv.Close()
	if _, _, err := collect(t, New(quick(Options{})), srv.URL); err != nil {
		t.Fatal(err)
	}
	if ua := <-got; ua != UserAgent("dev") || !strings.HasPrefix(ua, "Triangulate/dev (+https://") {
		t.Errorf("default User-Agent %q", ua)
	}
}

func TestRefusesLoopback(t *testing.T) {
	var hits int
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("t", "secret"))
	}))
	defer srv.Close()
	port := srv.Listener.Addr().(*net.TCPAddr).Port

	tests := []struct {
		name, url, wantAddr string
	}{
		{"literal address", srv.URL + "/x", fmt.Sprintf("127.0.0.1:%d", port)},
		// localhost is a name: refusing it proves the check is on the
		// resolved address, not on the URL's text.
		{"host name resolving to loopback", fmt.Sprintf("http://localhost:%d/x", port), fmt.Sprintf(":%d", port)},
	}
	f := New(Options{PerHostInterval: -1})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, _, err := collect(t, f, tc.url)
			if err == nil {
				t.Fatalf("fetched %d docs from loopback without AllowPrivate", len(docs))
			}
			var ae *AddrError
			if !errors.Is(err, ErrRefused) || !errors.As(err, &ae) || ae.Class != "loopback" {
				t.Fatalf("error %v is not a loopback refusal", err)
			}
			msg := err.Error()
			for _, want := range []string{"fetch " + tc.url + ": ", "refusing to connect to", tc.wantAddr, "loopback", "--allow-private"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
		})
	}
	mu.Lock()
	if hits != 0 {
		t.Errorf("the server was reached %d times", hits)
	}
	mu.Unlock()
	// The same server with the flag: the refusal above was the guard's.
	if docs, _, err := collect(t, New(quick(Options{})), srv.URL+"/x"); err != nil || len(docs) != 1 {
		t.Fatalf("with AllowPrivate: %d docs, %v", len(docs), err)
	}
}

func TestRedirectToPrivateRefused(t *testing.T) {
	var mu sync.Mutex
	innerHits := 0
	inner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		innerHits++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("internal", "admin panel"))
	}))
	defer inner.Close()
	outer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	}))
	defer outer.Close()

	// The outer server stands for a public site: the test guard calls its
	// address public and judges every other address as the real one does.
	public := netip.MustParseAddrPort(outer.Listener.Addr().String())
	g := guard{classify: func(ap netip.AddrPort) string {
		if ap == public {
			return ""
		}
		return addrClass(ap.Addr())
	}}
	f := newFetcher(Options{PerHostInterval: -1}, g)

	tests := []struct {
		name, to, class, addr string
	}{
		{"loopback server", inner.URL + "/admin", "loopback", inner.Listener.Addr().String()},
		// Refused before connecting: no packet leaves the machine.
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", "link-local", "169.254.169.254:80"},
		{"private network", "http://10.1.2.3:8080/", "private", "10.1.2.3:8080"},
		{"CGNAT", "http://100.64.0.1/", "shared (CGNAT)", "100.64.0.1:80"},
		{"IPv6 loopback", "http://[::1]:9/", "loopback", "[::1]:9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := outer.URL + "/go?to=" + url.QueryEscape(tc.to)
			_, _, err := collect(t, f, u)
			var ae *AddrError
			if !errors.As(err, &ae) || ae.Class != tc.class || ae.Addr != tc.addr {
				t.Fatalf("error %v, want a %s refusal of %s", err, tc.class, tc.addr)
			}
			if msg := err.Error(); !strings.Contains(msg, "redirected to "+tc.to) {
				t.Errorf("error %q does not say where the redirect led", msg)
			}
		})
	}
	mu.Lock()
	if innerHits != 0 {
		t.Errorf("the private server was reached %d times", innerHits)
	}
	mu.Unlock()
	// The public server itself is fetched: the guard refused only the hop.
	if _, _, err := collect(t, f, outer.URL+"/go?to=/"); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("a redirect loop on the public server: %v, want ErrTooManyRedirects", err)
	}
}

func TestRedirectLimitAndScheme(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/hop/%d", &n); err == nil && n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusMovedPermanently)
			return
		}
		if r.URL.Path == "/file" {
			w.Header().Set("Location", "file:///etc/passwd")
			w.WriteHeader(http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("end", "arrived"))
	}))
	defer srv.Close()
	tests := []struct {
		name    string
		max     int
		path    string
		wantErr error
	}{
		{"within the default limit", 0, "/hop/5", nil},
		{"over the default limit", 0, "/hop/6", ErrTooManyRedirects},
		{"at a set limit", 2, "/hop/2", nil},
		{"over a set limit", 2, "/hop/3", ErrTooManyRedirects},
		{"none allowed", -1, "/hop/1", ErrTooManyRedirects},
		{"none allowed, none made", -1, "/hop/0", nil},
		{"redirect to file://", 0, "/file", ErrScheme},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := New(quick(Options{MaxRedirects: tc.max}))
			docs, _, err := collect(t, f, srv.URL+tc.path)
			if tc.wantErr == nil {
				if err != nil || len(docs) != 1 || docs[0].URL != srv.URL+"/hop/0" {
					t.Fatalf("got %d docs, %v", len(docs), err)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			var fe *Error
			if !errors.As(err, &fe) || fe.URL != srv.URL+tc.path {
				t.Errorf("error %v does not name the URL", err)
			}
		})
	}
}

func TestSchemes(t *testing.T) {
	f := New(Options{})
	for _, u := range []string{"ftp://example.org/a", "file:///etc/passwd", "gopher://x", "http://"} {
		_, _, err := collect(t, f, u)
		if err == nil || !strings.Contains(err.Error(), "fetch "+u) {
			t.Errorf("Fetch(%q) = %v, want an error naming it", u, err)
		}
	}
	if _, _, err := collect(t, f, "file:///etc/passwd"); !errors.Is(err, ErrScheme) {
		t.Errorf("file URL: %v, want ErrScheme", err)
	}
}

func TestIsURL(t *testing.T) {
	tests := map[string]bool{
		"http://example.org":    true,
		"HTTPS://example.org/a": true,
		"https://":              true,
		"example.org":           false,
		"ftp://example.org":     false,
		"./http:/x":             false,
		"/tmp/http://x":         false,
		"-":                     false,
		"file.warc.gz":          false,
	}
	for arg, want := range tests {
		if got := IsURL(arg); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", arg, got, want)
		}
	}
}

func TestSizeLimit(t *testing.T) {
	body := page("big", strings.Repeat("x", 2000))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/chunked" {
			// No Content-Length: the limit must hold on the bytes read.
			for i := 0; i < len(body); i += 100 {
				w.Write([]byte(body[i:min(i+100, len(body))]))
				w.(http.Flusher).Flush()
			}
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	tests := []struct {
		name  string
		max   int64
		path  string
		large bool
	}{
		{"declared length over", 1000, "/", true},
		{"streamed body over", 1000, "/chunked", true},
		{"at the limit", int64(len(body)), "/chunked", false},
		{"under the default", 0, "/", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, _, err := collect(t, New(quick(Options{MaxBytes: tc.max})), srv.URL+tc.path)
			if tc.large {
				if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), fmt.Sprint(tc.max)) {
					t.Fatalf("error %v, want ErrTooLarge naming the limit", err)
				}
				return
			}
			if err != nil || len(docs) != 1 || len(docs[0].Content) != len(body) {
				t.Fatalf("got %d docs, %v", len(docs), err)
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/slow-body" {
			fmt.Fprint(w, "<html><body>")
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	const timeout = 150 * time.Millisecond
	f := New(quick(Options{Timeout: timeout}))
	for _, path := range []string{"/slow-headers", "/slow-body"} {
		t.Run(path, func(t *testing.T) {
			start := time.Now()
			_, _, err := collect(t, f, srv.URL+path)
			if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out after 150ms") {
				t.Fatalf("error %v, want a timeout", err)
			}
			if took := time.Since(start); took < timeout {
				t.Errorf("gave up after %v, before the %v timeout", took, timeout)
			}
		})
	}
	// The caller's own cancellation is reported as such, not as a timeout.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := f.Fetch(ctx, srv.URL+"/slow-headers", func(news.RawDoc) error { return nil }, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestStatusAndContentType(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/404":
			http.NotFound(w, r)
		case "/500":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "/204":
			w.WriteHeader(http.StatusNoContent)
		case "/pdf":
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4 ...")
		case "/png":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n\x1a\n...."))
		case "/json":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"a": 1}`)
		case "/unlabelled":
			w.Header()["Content-Type"] = nil // stop net/http from sniffing
			fmt.Fprint(w, page("t", "unlabelled page"))
		case "/empty":
			w.Header().Set("Content-Type", "text/html")
		}
	}))
	defer srv.Close()
	tests := []struct {
		path    string
		wantErr error
		wantMsg string
	}{
		{"/404", ErrStatus, "404 Not Found"},
		{"/500", ErrStatus, "500 Internal Server Error"},
		{"/204", ErrStatus, "204 No Content"},
		{"/pdf", ErrNotHTML, "application/pdf"},
		{"/png", ErrNotHTML, "image/png"},
		{"/json", ErrNotHTML, "application/json"},
		{"/empty", ErrEmpty, "empty"},
		{"/unlabelled", nil, ""},
	}
	f := New(quick(Options{}))
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			docs, _, err := collect(t, f, srv.URL+tc.path)
			if tc.wantErr == nil {
				if err != nil || len(docs) != 1 {
					t.Fatalf("got %d docs, %v", len(docs), err)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), tc.wantMsg) || !strings.HasPrefix(err.Error(), "fetch "+srv.URL+tc.path+": ") {
				t.Fatalf("error %v, want %v mentioning %q", err, tc.wantErr, tc.wantMsg)
			}
			if len(docs) != 0 {
				t.Errorf("emitted %d docs", len(docs))
			}
		})
	}
}

func TestPerHostInterval(t *testing.T) {
	var mu sync.Mutex
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("t", r.URL.Path))
	}))
	defer srv.Close()

	const interval = 200 * time.Millisecond
	const n = 4
	f := New(Options{AllowPrivate: true, PerHostInterval: interval})
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := collect(t, f, fmt.Sprintf("%s/p%d", srv.URL, i))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(arrivals) != n {
		t.Fatalf("%d requests arrived, want %d", len(arrivals), n)
	}
	slices.SortFunc(arrivals, func(a, b time.Time) int { return a.Compare(b) })
	// Requests leave spaced by the interval; arrival adds network jitter,
	// so each gap is only held to half of it, and the whole run to all of
	// it less one jitter allowance.
	for i := 1; i < n; i++ {
		if gap := arrivals[i].Sub(arrivals[i-1]); gap < interval/2 {
			t.Errorf("requests %d and %d arrived %v apart, want ≥ %v", i-1, i, gap, interval/2)
		}
	}
	if span := arrivals[n-1].Sub(arrivals[0]); span < (n-1)*interval-interval/2 {
		t.Errorf("%d requests spanned %v, want ≥ %v", n, span, (n-1)*interval-interval/2)
	}
}

func TestHostLimiterSlots(t *testing.T) {
	const iv = time.Second
	l := newHostLimiter(iv)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	steps := []struct {
		host string
		at   time.Time
		want time.Time
	}{
		{"a", t0, t0},
		{"a", t0, t0.Add(iv)},
		{"a", t0.Add(iv / 2), t0.Add(2 * iv)},
		{"b", t0, t0}, // another host is not held up
		{"a", t0.Add(10 * iv), t0.Add(10 * iv)},
	}
	for i, s := range steps {
		if got := l.reserve(s.host, s.at); !got.Equal(s.want) {
			t.Errorf("step %d: reserve(%s) = %v, want %v", i, s.host, got.Sub(t0), s.want.Sub(t0))
		}
	}
}

func TestAddrClass(t *testing.T) {
	tests := map[string]string{
		"127.0.0.1":        "loopback",
		"127.255.0.9":      "loopback",
		"::1":              "loopback",
		"::ffff:127.0.0.1": "loopback",
		"10.1.2.3":         "private",
		"172.16.0.1":       "private",
		"172.31.255.255":   "private",
		"192.168.1.1":      "private",
		"fc00::1":          "private",
		"fd12:3456::1":     "private",
		"64:ff9b::a01:203": "private", // NAT64 of 10.1.2.3
		"169.254.169.254":  "link-local",
		"fe80::1":          "link-local",
		"0.0.0.0":          "unspecified",
		"0.1.2.3":          "unspecified",
		"::":               "unspecified",
		"224.0.0.1":        "multicast",
		"ff02::1":          "multicast",
		"255.255.255.255":  "multicast",
		"100.64.0.1":       "shared (CGNAT)",
		"100.127.255.254":  "shared (CGNAT)",
		"100.128.0.1":      "",
		"172.32.0.1":       "",
		"8.8.8.8":          "",
		"2001:4860::8888":  "",
		"64:ff9b::808:808": "", // NAT64 of 8.8.8.8
	}
	for s, want := range tests {
		if got := addrClass(netip.MustParseAddr(s)); got != want {
			t.Errorf("addrClass(%s) = %q, want %q", s, got, want)
		}
	}
}
