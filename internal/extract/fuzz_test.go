package extract

import (
	"context"
	"errors"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

// FuzzExtractHTML checks that no HTML makes extraction panic or return
// text outside the Article.Text form.
func FuzzExtractHTML(f *testing.F) {
	f.Add(page(`<meta property="og:site_name" content="Gazette"><meta name="author" content="By A B">`, articleBody("")))
	f.Add("<p>short</p>")
	f.Add("")
	f.Add("<html><body><article><h1>T</h1><p>" + prose[0] + "</p><p>" + prose[1])
	f.Add("<table><tr><td>" + prose[2] + "<td><pre>a\n\nb</pre></table>")
	f.Add("\xff\xfe<p>\x00" + prose[3] + "</p>")
	e := New(Options{MaxInput: 1 << 20})
	f.Fuzz(func(t *testing.T, s string) {
		a, err := e.Extract(context.Background(), news.RawDoc{Source: "fuzz.html", Kind: news.KindHTML, Content: []byte(s)})
		if err != nil {
			if !errors.Is(err, ErrNoText) {
				t.Logf("error (allowed): %v", err)
			}
			return
		}
		checkArticle(t, a)
	})
}
