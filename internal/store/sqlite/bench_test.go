package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

// benchWords is the vocabulary of generated articles: a few hundred
// invented words plus the ones the search benchmark looks for, so that
// term frequencies vary as in news text.
var benchWords = func() []string {
	r := rand.New(rand.NewPCG(1, 2))
	syll := []string{"ka", "ro", "mi", "tan", "del", "vor", "shi", "pu", "len", "gar", "os", "tri", "ne", "bas"}
	var w []string
	for range 600 {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		w = append(w, b.String())
	}
	return append(w, "drones", "convoy", "ministry", "ceasefire", "sanctions", "missile", "Kyiv", "Tehran")
}()

// benchArticle is the i-th generated article: about 400 words (a typical
// news body) in paragraphs.
func benchArticle(i int) news.Article {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	var b strings.Builder
	for p := range 8 {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for w := range 50 {
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(benchWords[r.IntN(len(benchWords))])
		}
		b.WriteByte('.')
	}
	return news.Article{ID: fmt.Sprintf("bench%07d", i), URL: fmt.Sprintf("https://example.org/%d", i),
		Title:     benchWords[r.IntN(len(benchWords))] + " " + benchWords[r.IntN(len(benchWords))],
		Published: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), Text: b.String()}
}

// BenchmarkPutArticle stores new articles one transaction each, as ingest
// does (FTS indexing included).
func BenchmarkPutArticle(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	i := 0
	for b.Loop() {
		if _, created, err := s.PutArticle(ctx, benchArticle(i)); err != nil || !created {
			b.Fatalf("put %d: created=%v %v", i, created, err)
		}
		i++
	}
}

// BenchmarkSearch runs a two-word query with snippets over 5,000 stored
// articles, first page of 20.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tx, err := s.DB().BeginTx(ctx, nil) // one transaction: setup speed only
	if err != nil {
		b.Fatal(err)
	}
	for i := range 5000 {
		a := benchArticle(i)
		if _, err := tx.ExecContext(ctx, `INSERT INTO articles (id, url, title, published, text) VALUES (?, ?, ?, ?, ?)`,
			a.ID, a.URL, a.Title, a.Published, a.Text); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	hits, err := s.Search(ctx, "drones ceasefire", news.Page{Limit: 20})
	if err != nil || len(hits) != 20 {
		b.Fatalf("%d hits, %v", len(hits), err)
	}
	for b.Loop() {
		if _, err := s.Search(ctx, "drones ceasefire", news.Page{Limit: 20}); err != nil {
			b.Fatal(err)
		}
	}
}
