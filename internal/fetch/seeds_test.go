package fetch_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/fetch"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
)

// The seed corpus is scraped text; served as HTML pages (one <p> per
// paragraph, the site furniture kept) from a feed and archived in a WARC, it
// must come out of the pipeline as the same five articles as the text files
// do, with the feed's titles and dates as hints.

type seed struct {
	name, text string
}

func seeds(t *testing.T) []seed {
	t.Helper()
	files, _ := filepath.Glob("../../examples/iran-russia/*.txt")
	if len(files) != 5 {
		t.Fatalf("%d seed files, want 5", len(files))
	}
	var out []seed
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, seed{strings.TrimSuffix(filepath.Base(f), ".txt"), string(b)})
	}
	return out
}

func asHTML(title, text string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(title) + "</title></head><body><main><article>\n")
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		}
	}
	b.WriteString("</article></main></body></html>\n")
	return b.String()
}

func analyze(t *testing.T, docs []news.RawDoc) *news.Report {
	t.Helper()
	rep, errs, err := pipeline.Analyze(context.Background(), docs, pipeline.Config{Workers: 1})
	if err != nil || len(errs) > 0 {
		t.Fatalf("Analyze: %v, %v", err, errs)
	}
	return rep
}

func TestSeedsThroughFeedAndWARC(t *testing.T) {
	ss := seeds(t)
	var textDocs []news.RawDoc
	for _, s := range ss {
		textDocs = append(textDocs, news.RawDoc{Source: s.name, Kind: news.KindText, Content: []byte(s.text)})
	}
	want := analyze(t, textDocs)
	// A real page's <title> is its headline: take the one found in the text.
	titles := map[string]string{}
	for _, a := range want.Articles {
		titles[a.Source] = a.Title
	}

	// A feed of link-only entries, each pointing at a seed page.
	mux := http.NewServeMux()
	var items strings.Builder
	for i, s := range ss {
		fmt.Fprintf(&items, "<item><title>%s</title><link>/a/%s</link><pubDate>Mon, 0%d Jan 2024 12:00:00 +0000</pubDate><description>teaser</description></item>\n", html.EscapeString(titles[s.name]), s.name, i+1)
		page := asHTML(titles[s.name], s.text)
		mux.HandleFunc("/a/"+s.name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
		})
	}
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>seeds</title><link>/</link><description>d</description>%s</channel></rss>`, items.String())
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := fetch.New(fetch.Options{AllowPrivate: true, PerHostInterval: -1})
	var fed []news.RawDoc
	if err := f.Fetch(context.Background(), srv.URL+"/feed", func(d news.RawDoc) error { fed = append(fed, d); return nil }, func(err error) { t.Error(err) }); err != nil {
		t.Fatal(err)
	}

	// The same pages archived in a gzipped WARC.
	var warc bytes.Buffer
	for _, s := range ss {
		body := asHTML(titles[s.name], s.text)
		block := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
		rec := fmt.Sprintf("WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://seed.example/%s\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", s.name, len(block), block)
		zw := gzip.NewWriter(&warc)
		zw.Write([]byte(rec))
		zw.Close()
	}
	path := filepath.Join(t.TempDir(), "seeds.warc.gz")
	if err := os.WriteFile(path, warc.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var archived []news.RawDoc
	if err := fetch.ReadWARC(context.Background(), path, fetch.Options{}, func(d news.RawDoc) error { archived = append(archived, d); return nil }, func(err error) { t.Error(err) }); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		docs []news.RawDoc
	}{{"feed", fed}, {"WARC", archived}} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.docs) != 5 {
				t.Fatalf("%d docs, want 5", len(tc.docs))
			}
			got := analyze(t, tc.docs)
			for _, a := range got.Articles {
				t.Logf("%s: title %q, published %q, %d body bytes", filepath.Base(a.Source), a.Title, a.Published, len(a.Text))
			}
			// Story count is the extract and cluster stages' business (HTML
			// without date metadata gets dates guessed from the text), so it
			// is logged, not asserted.
			if len(got.Articles) != len(want.Articles) {
				t.Fatalf("%d articles, want %d", len(got.Articles), len(want.Articles))
			}
			// Each article's body is close to the one extracted from the
			// text file: the HTML wrapping neither loses nor adds much.
			byLen := func(r *news.Report) (n int) {
				for _, a := range r.Articles {
					n += len(a.Text)
				}
				return n
			}
			g, w := byLen(got), byLen(want)
			t.Logf("%s: %d articles, %d stories, %d body bytes (text files: %d)", tc.name, len(got.Articles), len(got.Stories), g, w)
			if g < w*8/10 || g > w*12/10 {
				t.Errorf("bodies total %d bytes, text files give %d", g, w)
			}
			if tc.name == "feed" {
				for _, a := range got.Articles {
					if (a.Title == "") != (titles[strings.TrimPrefix(a.URL, srv.URL+"/a/")] == "") || !strings.HasPrefix(a.Published, "2024-01-0") || !strings.HasPrefix(a.URL, srv.URL+"/a/") {
						t.Errorf("feed hints lost: title %q published %q url %q", a.Title, a.Published, a.URL)
					}
				}
			}
		})
	}
}
