// Package web serves Triangulate's stored analyses: a JSON API under /api/
// and a server-rendered web UI (html/template over embed.FS, one stylesheet,
// no JavaScript, nothing from another origin).
//
// It reads through news.Store and writes only through the Ingest function
// its caller supplies; it must not import a store implementation or any
// pipeline stage, and it must never write article-derived text into a page
// except through html/template's contextual escaping.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/triangulate/triangulate/internal/news"
)

// Config holds what the server needs besides the store.
type Config struct {
	// Addr is the listen address of Serve, e.g. "127.0.0.1:8080".
	Addr string
	// Token is the bearer token that POST /api/articles requires. Empty
	// refuses every write: a server started without one is read-only.
	Token string
	// MaxBody bounds a request body in bytes; 0 means DefaultMaxBody.
	MaxBody int64
	// Logger receives one line per request and server events; nil discards.
	Logger *slog.Logger
	// Ingest extracts, stores and re-analyses one posted document and
	// returns the stored article. Nil refuses POST /api/articles with 503.
	// Errors about the document itself (it cannot be extracted, it is
	// empty) should wrap ErrInvalid so that the client gets 400, not 500.
	Ingest func(ctx context.Context, doc news.RawDoc) (news.Article, error)
	// CacheTTL bounds how long a story's report is served from memory
	// after it was read from the store: 0 means DefaultCacheTTL, a
	// negative value disables the cache. A successful POST empties it at
	// once; the TTL covers writers in other processes (triangulate ingest).
	CacheTTL time.Duration
}

// Defaults for the zero Config.
const (
	DefaultMaxBody  = 8 << 20
	DefaultCacheTTL = 2 * time.Second
)

// Server timeouts: a slow client cannot hold a connection open forever,
// and a report page (the largest response) still has ample time.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	shutdownTimeout   = 10 * time.Second
)

// NewServer returns the handler of the API and the UI over st.
func NewServer(st news.Store, cfg Config) http.Handler {
	return newServer(st, cfg).handler()
}

// Serve listens on cfg.Addr and serves until ctx is done, then shuts down
// gracefully: in-flight requests get shutdownTimeout to finish.
func Serve(ctx context.Context, st news.Store, cfg Config) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: listen %s: %w", cfg.Addr, err)
	}
	return serveListener(ctx, ln, st, cfg)
}

// serveListener is Serve on a listener the caller opened (tests use port 0).
// It closes ln.
func serveListener(ctx context.Context, ln net.Listener, st news.Store, cfg Config) error {
	s := newServer(st, cfg)
	srv := &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String(), "writes", cfg.Token != "" && cfg.Ingest != nil)

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	s.log.Info("stopped")
	return nil
}

// server holds the handler's dependencies; it has no mutable state but the
// report cache, which guards itself.
type server struct {
	st      news.Store
	cfg     Config
	log     *slog.Logger
	cache   *reportCache
	maxBody int64
}

func newServer(st news.Store, cfg Config) *server {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	maxBody := cfg.MaxBody
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	ttl := cfg.CacheTTL
	if ttl == 0 {
		ttl = DefaultCacheTTL
	}
	return &server{st: st, cfg: cfg, log: log, cache: newReportCache(st, ttl), maxBody: maxBody}
}

func (s *server) handler() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /api/stories", s.apiStories)
	mux.HandleFunc("GET /api/stories/{id}", s.apiStory)
	mux.HandleFunc("GET /api/articles/{id}", s.apiArticle)
	mux.HandleFunc("POST /api/articles", s.apiPostArticle)
	mux.HandleFunc("GET /api/search", s.apiSearch)
	mux.HandleFunc("GET /api/entities/{id}", s.apiEntity)
	// The same paths without a method catch every other method, so that a
	// 405 carries a JSON body and an Allow header like any other API error.
	for path, allow := range map[string]string{
		"/healthz": "GET, HEAD", "/api/stories": "GET, HEAD", "/api/stories/{id}": "GET, HEAD",
		"/api/articles": "POST", "/api/articles/{id}": "GET, HEAD", "/api/search": "GET, HEAD",
		"/api/entities/{id}": "GET, HEAD",
	} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			s.apiError(w, r, fmt.Errorf("%s %s: %w", r.Method, r.URL.Path, errMethod))
		})
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.apiError(w, r, fmt.Errorf("no API route %s: %w", r.URL.Path, news.ErrNotFound))
	})

	mux.HandleFunc("GET /{$}", s.pageIndex)
	mux.HandleFunc("GET /stories/{id}", s.pageStory)
	mux.HandleFunc("GET /articles/{id}", s.pageArticle)
	mux.HandleFunc("GET /entities/{id}", s.pageEntity)
	mux.HandleFunc("GET /search", s.pageSearch)
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			s.pageError(w, r, errMethod)
			return
		}
		s.pageError(w, r, fmt.Errorf("no page %s: %w", r.URL.Path, news.ErrNotFound))
	})

	return s.recoverer(s.logged(securityHeaders(mux)))
}

// securityHeaders sets the headers every response carries. The CSP allows
// nothing but this origin's own stylesheet and images: no script runs at
// all, so even text that escaped escaping could not execute.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes),
			slog.Int64("took_us", time.Since(t0).Microseconds()))
	})
}

// recoverer turns a panic in a handler into a 500 and a log line instead of
// a dropped connection; handlers are not meant to panic, this is the net.
func (s *server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
