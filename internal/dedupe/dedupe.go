// Package dedupe holds copy detection: it finds which articles duplicate,
// rewrite or share a source text with one another, and groups articles
// that are not independent into source groups, so that corroboration
// counts groups rather than articles.
//
// Duplicates and shared passages are found with MinHash over 5-word
// shingles (xxh3) and LSH banding, confirmed by exact containment;
// rewrites by a monotone alignment of sentences compared on content words,
// names and numbers, with candidates from an inverted index of sentence
// keys. Text in quotation marks and block quotes is discounted: outlets
// quoting the same statement have not copied one another.
//
// It must not do I/O, must not compare all pairs of articles, and must not
// depend on story clustering or any later stage: it reads only
// news.Article values and returns news.CopyLink values.
package dedupe

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/triangulate/triangulate/internal/news"
)

// ErrDuplicateID is returned by Detect when two articles share an ID: links
// and groups name articles by ID, so they would be ambiguous.
var ErrDuplicateID = errors.New("duplicate article id")

// Detect finds copy links among articles and their source groups.
//
// Each link has the original as A when the direction can be told (earlier
// Published, else the more complete text), a Kind of news.CopyDuplicate,
// news.CopyRewrite or news.CopySharedSource, a Similarity in [0,1] and
// Evidence naming the aligned paragraphs. Groups are the connected
// components of the links; every article is in exactly one. Links are
// sorted by (A, B), group members by ID and groups by their first member,
// so the output does not depend on the order of articles.
func Detect(ctx context.Context, articles []news.Article, opts Options) ([]news.CopyLink, [][]string, error) {
	seen := make(map[string]bool, len(articles))
	for _, a := range articles {
		if seen[a.ID] {
			return nil, nil, fmt.Errorf("dedupe: %w: %q", ErrDuplicateID, a.ID)
		}
		seen[a.ID] = true
	}
	docs, err := prepareAll(ctx, articles, opts.Workers)
	if err != nil {
		return nil, nil, err
	}
	// Chronological order, so that each article meets its possible
	// originals already indexed, and a fixed order, so that the bounded
	// candidate lists (and so the links) are the same on every run.
	slices.SortStableFunc(docs, func(a, b *doc) int {
		return cmp.Or(cmp.Compare(publishedKey(a), publishedKey(b)), cmp.Compare(a.id, b.id))
	})
	ix := NewIndex(opts)
	// Document frequencies from the whole batch weight the sentence
	// comparisons the same way whatever the order.
	for _, d := range docs {
		ix.countDF(d)
	}
	ix.frozen = true
	links := []news.CopyLink{}
	for i, d := range docs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, fmt.Errorf("dedupe: %w", err)
			}
		}
		links = append(links, ix.addPrepared(d)...)
	}
	slices.SortFunc(links, func(x, y news.CopyLink) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return links, ix.Groups(), nil
}

// publishedKey sorts undated articles after dated ones.
func publishedKey(d *doc) string {
	if d.published == "" {
		return "\xff"
	}
	return d.published
}

// prepareAll computes every article's features on a few goroutines; it is
// most of the work and needs no shared state.
func prepareAll(ctx context.Context, articles []news.Article, workers int) ([]*doc, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	docs := make([]*doc, len(articles))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				// Packed at once: the batch holds every doc before
				// indexing starts, so this sets the peak memory.
				docs[i] = prepare(articles[i], true)
				docs[i].pack()
			}
		})
	}
	var err error
	for i := range articles {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("dedupe: %w", err)
	}
	return docs, nil
}
