package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/triangulate/triangulate/internal/news"
)

//go:embed templates/*.html.tmpl
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var funcs = template.FuncMap{
	"add":   func(a, b int) int { return a + b },
	"lower": strings.ToLower,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return strconv.Itoa(n) + " " + one
		}
		return strconv.Itoa(n) + " " + many
	},
}

// pages are parsed once at start: each page file with the shared layout.
// html/template escapes every value by its context (text, attribute, URL),
// which is what keeps hostile article text inert.
var pages = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range []string{"index", "story", "article", "entity", "search", "error"} {
		out[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html.tmpl", "templates/"+name+".html.tmpl"))
	}
	return out
}()

func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed directive guarantees the folder
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// layoutData is what the layout needs besides the page's own data.
type layoutData struct {
	Title string
	Query string
	Page  any
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, code int, name, title, query string, data any) {
	var buf bytes.Buffer
	if err := pages[name].ExecuteTemplate(&buf, "layout", layoutData{Title: title, Query: query, Page: data}); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

type errorPage struct {
	Code    int
	Status  string
	Message string
}

// pageError answers a UI request with an HTML page whose status status()
// decides, as the API does.
func (s *server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	msg := publicMessage(err, code)
	if code == http.StatusNotFound {
		msg = "There is nothing at this address. It may have been a story or article that was never stored."
	}
	text := http.StatusText(code)
	if text == "" {
		text = "Error"
	}
	s.render(w, r, code, "error", text, "", errorPage{Code: code, Status: text, Message: msg})
}

// pager is the previous/next navigation of a list page.
type pager struct {
	Prev, Next string
}

func makePager(r *http.Request, p news.Page, n int) pager {
	var pg pager
	link := func(off int) string {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(off))
		if p.Limit != defaultLimit {
			q.Set("limit", strconv.Itoa(p.Limit))
		} else {
			q.Del("limit")
		}
		return r.URL.Path + "?" + q.Encode()
	}
	if p.Offset > 0 {
		pg.Prev = link(max(p.Offset-p.Limit, 0))
	}
	if n >= p.Limit {
		pg.Next = link(p.Offset + p.Limit)
	}
	return pg
}

type indexPage struct {
	Stories []news.Story
	Pager   pager
	Offset  int
}

func (s *server) pageIndex(w http.ResponseWriter, r *http.Request) {
	p, err := page(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	stories, err := s.st.Stories(r.Context(), p)
	if err != nil {
		s.pageError(w, r, fmt.Errorf("list stories: %w", err))
		return
	}
	s.render(w, r, http.StatusOK, "index", "Stories", "", indexPage{Stories: liveStories(stories), Pager: makePager(r, p, len(stories)), Offset: p.Offset})
}

func (s *server) pageStory(w http.ResponseWriter, r *http.Request) {
	d, err := s.cache.get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := buildStory(d.story, d.report)
	s.render(w, r, http.StatusOK, "story", v.Title, "", v)
}

type articlePage struct {
	Article news.Article
	Paras   []para
	Marked  bool
	Words   int
	URL     string // only http(s): anything else is shown as text, not linked
}

func (s *server) pageArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, err := s.st.Article(r.Context(), id)
	if err != nil {
		s.pageError(w, r, fmt.Errorf("article %s: %w", id, err))
		return
	}
	start, end := -1, -1
	q := r.URL.Query()
	if q.Has("start") || q.Has("end") {
		var e1, e2 error
		start, e1 = strconv.Atoi(q.Get("start"))
		end, e2 = strconv.Atoi(q.Get("end"))
		if e1 != nil || e2 != nil {
			s.pageError(w, r, fmt.Errorf("passage start=%q end=%q: want byte offsets: %w", q.Get("start"), q.Get("end"), ErrInvalid))
			return
		}
	}
	v := articlePage{Article: a, Paras: paragraphs(a.Text, start, end), Words: len(strings.Fields(a.Text)), URL: safeURL(a.URL)}
	for _, p := range v.Paras {
		for _, sg := range p.Segs {
			v.Marked = v.Marked || sg.Mark
		}
	}
	title := a.Title
	if title == "" {
		title = "Article " + a.ID
	}
	s.render(w, r, http.StatusOK, "article", title, "", v)
}

// safeURL returns u when it is an http(s) address a link may point at.
// html/template would neutralise a javascript: URL in href anyway; not
// linking it at all is clearer for the reader.
func safeURL(u string) string {
	l := strings.ToLower(strings.TrimSpace(u))
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return u
	}
	return ""
}

type mentionView struct {
	Article news.Article
	Href    string
	Count   int
	Context []contextView
}

type contextView struct {
	Before, Match, After string
	Href                 string
}

type storyLink struct {
	ID, Title, Href string
}

type entityPage struct {
	Entity   news.Entity
	Aliases  []alias
	Mentions []mentionView
	Stories  []storyLink
	Articles int
	Hidden   int
}

// Bounds of the entity page: an entity named in hundreds of articles
// should not make one page read them all.
const (
	maxEntityArticles = 20
	maxContexts       = 3
	contextBytes      = 90
)

func (s *server) pageEntity(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	e, storyIDs, err := s.st.Entity(r.Context(), id)
	if err != nil {
		s.pageError(w, r, fmt.Errorf("entity %s: %w", id, err))
		return
	}
	v := entityPage{Entity: e}
	for _, a := range e.Aliases {
		v.Aliases = append(v.Aliases, parseAlias(a))
	}
	for _, sid := range storyIDs {
		link := storyLink{ID: sid, Title: sid, Href: "/stories/" + pathEscape(sid)}
		if len(v.Stories) < maxEntityArticles {
			if d, err := s.cache.get(r.Context(), sid); err == nil && d.story.Title != "" {
				link.Title = d.story.Title
			}
		}
		v.Stories = append(v.Stories, link)
	}
	byArticle := map[string][]news.Mention{}
	var order []string
	for _, m := range e.Mentions {
		if _, ok := byArticle[m.Article]; !ok {
			order = append(order, m.Article)
		}
		byArticle[m.Article] = append(byArticle[m.Article], m)
	}
	v.Articles = len(order)
	if len(order) > maxEntityArticles {
		v.Hidden = len(order) - maxEntityArticles
		order = order[:maxEntityArticles]
	}
	for _, aid := range order {
		ms := byArticle[aid]
		mv := mentionView{Href: "/articles/" + pathEscape(aid), Count: len(ms)}
		a, err := s.st.Article(r.Context(), aid)
		if err != nil {
			mv.Article = news.Article{ID: aid}
			v.Mentions = append(v.Mentions, mv)
			continue
		}
		mv.Article = a
		for _, m := range ms[:min(len(ms), maxContexts)] {
			if m.Start < 0 || m.End > len(a.Text) || m.Start >= m.End {
				continue
			}
			bs := runeStart(a.Text, max(m.Start-contextBytes, 0))
			ae := runeStart(a.Text, min(m.End+contextBytes, len(a.Text)))
			if ae < m.End {
				ae = m.End
			}
			ms, me := runeStart(a.Text, m.Start), runeStart(a.Text, m.End)
			if me < ms {
				me = ms
			}
			mv.Context = append(mv.Context, contextView{
				Before: oneLine(a.Text[bs:ms]), Match: oneLine(a.Text[ms:me]), After: oneLine(a.Text[me:ae]),
				Href: passageHref(aid, m.Start, m.End),
			})
		}
		v.Mentions = append(v.Mentions, mv)
	}
	s.render(w, r, http.StatusOK, "entity", e.Name, "", v)
}

// oneLine folds white space to single spaces, keeping one at either end
// when the text had some there: the context around a highlighted mention
// must not glue "the" to "Shahed-136".
func oneLine(s string) string {
	out := strings.Join(strings.Fields(s), " ")
	if out != "" && strings.TrimLeftFunc(s, unicode.IsSpace) != s {
		out = " " + out
	}
	if out != "" && strings.TrimRightFunc(s, unicode.IsSpace) != s {
		out += " "
	}
	return strings.ToValidUTF8(out, "\uFFFD")
}

type searchHit struct {
	Article news.Article
	Href    string
	Snippet []paraSeg
}

type searchPage struct {
	Query  string
	Hits   []searchHit
	Pager  pager
	Offset int
}

func (s *server) pageSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	v := searchPage{Query: q}
	if q == "" {
		s.render(w, r, http.StatusOK, "search", "Search", q, v)
		return
	}
	p, err := page(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	hits, err := s.st.Search(r.Context(), q, p)
	if err != nil {
		s.pageError(w, r, fmt.Errorf("search %q: %w", q, err))
		return
	}
	for _, h := range hits {
		v.Hits = append(v.Hits, searchHit{Article: h.Article, Href: "/articles/" + pathEscape(h.Article.ID), Snippet: snippetSegs(h.Snippet)})
	}
	v.Pager, v.Offset = makePager(r, p, len(hits)), p.Offset
	s.render(w, r, http.StatusOK, "search", "Search: "+q, q, v)
}
