package web

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

// Page bounds of list endpoints. The store caps a limit at 1000 too; the
// web layer states its own default so that it can say where the next page
// starts.
const (
	defaultLimit = 50
	maxLimit     = 1000
)

// writeJSON writes v with the given status.
func writeJSON(w http.ResponseWriter, code int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		code = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"Internal Server Error"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

// apiError answers err as {"error": "..."} with the status status() maps
// it to; server errors are logged with their whole chain.
func (s *server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="triangulate"`)
	}
	writeJSON(w, code, map[string]string{"error": publicMessage(err, code)})
}

// page reads ?limit= and ?offset=.
func page(r *http.Request) (news.Page, error) {
	p := news.Page{Limit: defaultLimit}
	q := r.URL.Query()
	for _, f := range []struct {
		name string
		dst  *int
	}{{"limit", &p.Limit}, {"offset", &p.Offset}} {
		v := q.Get(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, fmt.Errorf("%s=%q: want a whole number ≥ 0: %w", f.name, v, ErrInvalid)
		}
		*f.dst = n
	}
	if p.Limit == 0 {
		p.Limit = defaultLimit
	}
	p.Limit = min(p.Limit, maxLimit)
	return p, nil
}

// listing is the envelope of every list: the items under their own key,
// the page, and the link to the next page when this one was full.
func listing(r *http.Request, key string, items any, n int, p news.Page) map[string]any {
	out := map[string]any{key: items, "limit": p.Limit, "offset": p.Offset}
	if n >= p.Limit {
		q := r.URL.Query()
		q.Set("limit", strconv.Itoa(p.Limit))
		q.Set("offset", strconv.Itoa(p.Offset+p.Limit))
		out["next"] = r.URL.Path + "?" + q.Encode()
	}
	return out
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	// One cheap read proves the store answers, not just the process.
	if _, err := s.st.Stories(r.Context(), news.Page{Limit: 1}); err != nil {
		s.log.Error("health check", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": "store unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *server) apiStories(w http.ResponseWriter, r *http.Request) {
	p, err := page(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	stories, err := s.st.Stories(r.Context(), p)
	if err != nil {
		s.apiError(w, r, fmt.Errorf("list stories: %w", err))
		return
	}
	n := len(stories) // the page's size decides "next", before filtering
	stories = liveStories(stories)
	writeJSON(w, http.StatusOK, listing(r, "stories", stories, n, p))
}

// apiStory serves the story's stored report, the same contract as
// analyze --format json, from the cache, with an ETag so that pollers can
// revalidate for free.
func (s *server) apiStory(w http.ResponseWriter, r *http.Request) {
	d, err := s.cache.get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("ETag", d.etag)
	h.Set("Cache-Control", "no-cache")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, d.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(d.json)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(d.json)
	}
}

func (s *server) apiArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.st.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, fmt.Errorf("article %s: %w", r.PathValue("id"), err))
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		s.apiError(w, r, fmt.Errorf("search: the q parameter is empty: %w", ErrInvalid))
		return
	}
	p, err := page(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	hits, err := s.st.Search(r.Context(), q, p)
	if err != nil {
		s.apiError(w, r, fmt.Errorf("search %q: %w", q, err))
		return
	}
	if hits == nil {
		hits = []news.SearchHit{}
	}
	out := listing(r, "hits", hits, len(hits), p)
	out["query"] = q
	writeJSON(w, http.StatusOK, out)
}

func (s *server) apiEntity(w http.ResponseWriter, r *http.Request) {
	e, stories, err := s.st.Entity(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, fmt.Errorf("entity %s: %w", r.PathValue("id"), err))
		return
	}
	if stories == nil {
		stories = []string{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entity": e, "stories": stories})
}

// postedArticle is the body of POST /api/articles: one JSON Lines record of
// the ingest format, with the body as HTML or as plain text.
type postedArticle struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	HTML      string `json:"html"`
	Text      string `json:"text"`
}

// doc validates the record and turns it into a raw document.
func (p postedArticle) doc() (news.RawDoc, error) {
	d := news.RawDoc{URL: p.URL, Title: p.Title, Published: p.Published}
	switch {
	case p.HTML != "" && p.Text != "":
		return d, fmt.Errorf("give the body as html or as text, not both: %w", ErrInvalid)
	case strings.TrimSpace(p.HTML) != "":
		d.Kind, d.Content = news.KindHTML, []byte(p.HTML)
	case strings.TrimSpace(p.Text) != "":
		d.Kind, d.Content = news.KindText, []byte(p.Text)
	default:
		return d, fmt.Errorf("the record has no body: set html or text: %w", ErrInvalid)
	}
	for name, v := range map[string]string{"url": p.URL, "title": p.Title, "published": p.Published} {
		if strings.IndexByte(v, 0) >= 0 || !utf8.ValidString(v) {
			return d, fmt.Errorf("%s is not clean UTF-8 text: %w", name, ErrInvalid)
		}
	}
	if p.URL != "" {
		u, err := url.Parse(p.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return d, fmt.Errorf("url %q: want an absolute http or https address: %w", p.URL, ErrInvalid)
		}
	}
	d.Source = p.URL
	if d.Source == "" {
		d.Source = "POST /api/articles"
	}
	return d, nil
}

// apiPostArticle ingests one article. The order of the checks is the order
// a client must fix them in: writes enabled, credentials, body.
func (s *server) apiPostArticle(w http.ResponseWriter, r *http.Request) {
	if err := s.authorize(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	if s.cfg.Ingest == nil {
		s.apiError(w, r, errNoIngest)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		s.apiError(w, r, fmt.Errorf("content type %q: want application/json: %w", ct, ErrInvalid))
		return
	}
	body := http.MaxBytesReader(w, r.Body, s.maxBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	var rec postedArticle
	if err := dec.Decode(&rec); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.apiError(w, r, fmt.Errorf("post article: %w", err))
			return
		}
		s.apiError(w, r, fmt.Errorf("post article: body is not one JSON record: %v: %w", err, ErrInvalid))
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.apiError(w, r, fmt.Errorf("post article: %w", err))
			return
		}
		s.apiError(w, r, fmt.Errorf("post article: body holds more than one JSON value: %w", ErrInvalid))
		return
	}
	doc, err := rec.doc()
	if err != nil {
		s.apiError(w, r, fmt.Errorf("post article: %w", err))
		return
	}
	a, err := s.cfg.Ingest(r.Context(), doc)
	if err != nil {
		s.apiError(w, r, fmt.Errorf("post article %s: %w", doc.Source, err))
		return
	}
	s.cache.invalidate()
	s.log.Info("ingested", "article_id", a.ID, "source", doc.Source)
	w.Header().Set("Location", "/api/articles/"+url.PathEscape(a.ID))
	writeJSON(w, http.StatusCreated, a)
}

// authorize checks the bearer token in constant time.
func (s *server) authorize(r *http.Request) error {
	if s.cfg.Token == "" {
		return errWritesOff
	}
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return errUnauthorized
	}
	if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.cfg.Token)) != 1 {
		return errUnauthorized
	}
	return nil
}

// liveStories drops stories that a later analysis emptied (their articles
// joined other stories): the store keeps them, having no delete, but a
// reader has nothing to see there.
func liveStories(in []news.Story) []news.Story {
	out := make([]news.Story, 0, len(in))
	for _, st := range in {
		if len(st.Articles) > 0 {
			out = append(out, st)
		}
	}
	return out
}
