package dedupe

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/triangulate/triangulate/internal/par"

	"github.com/triangulate/triangulate/internal/news"
)

// undatedAt is doc.at for an article with no usable date: it sorts before
// every date, and the window never applies to it.
const undatedAt = math.MinInt64

// publishedAt parses a Published value (ISO date, or a date and time)
// into Unix seconds; undatedAt when it is empty or not a date.
func publishedAt(s string) int64 {
	if s == "" {
		return undatedAt
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339, time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Unix()
		}
	}
	if len(s) > len(time.DateOnly) {
		if t, err := time.Parse(time.DateOnly, s[:len(time.DateOnly)]); err == nil {
			return t.Unix()
		}
	}
	return undatedAt
}

// outside reports whether two docs are both dated and published more
// than window seconds apart: they are never compared.
func outside(a, b *doc, window int64) bool {
	if a.at == undatedAt || b.at == undatedAt {
		return false
	}
	d := a.at - b.at
	return d > window || -d > window
}

// windowSeconds returns the window of o (defaults applied) in seconds, 0
// for none.
func windowSeconds(o Options) int64 {
	if o.Window <= 0 {
		return 0
	}
	return max(1, int64(o.Window/time.Second))
}

// runStats describes how a DetectSource call ran, for tests and
// benchmarks.
type runStats struct {
	windowed bool // in time blocks
	blocks   int
	maxLive  int // most articles held at once
}

// detectSource is DetectSource, also returning how it ran. It holds the
// whole batch at once (detectAll) unless its dated articles span more
// than the window, since then all pairs are inside it and the results
// are exactly those of the whole-batch detector.
func detectSource(ctx context.Context, src Source, opts Options) ([]news.CopyLink, [][]string, runStats, error) {
	var metas []meta
	if w := windowSeconds(opts.withDefaults()); w > 0 {
		var err error
		metas, err = readMeta(ctx, src, opts.Workers)
		if err != nil {
			return nil, nil, runStats{}, err
		}
		lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
		for _, m := range metas {
			if m.at != undatedAt {
				lo, hi = min(lo, m.at), max(hi, m.at)
			}
		}
		if hi > lo && hi-lo > w {
			return detectWindowed(ctx, src, opts, metas, w)
		}
	}
	links, groups, err := detectAll(ctx, src, opts, metas)
	return links, groups, runStats{blocks: 1, maxLive: src.Len()}, err
}

// meta is what the windowed detector knows of an article before reading
// it for good: enough to put the batch in date order.
type meta struct {
	id string
	at int64
}

// readMeta reads the IDs and dates of src's articles on a few goroutines.
func readMeta(ctx context.Context, src Source, workers int) ([]meta, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	n := src.Len()
	metas := make([]meta, n)
	err := par.For(ctx, n, workers, 64, func(_, i int) error {
		a, err := src.Article(i)
		if err != nil {
			return fmt.Errorf("reading article %d: %w", i, err)
		}
		// A clone: the ID may be a slice of a large buffer.
		metas[i] = meta{id: strings.Clone(a.ID), at: publishedAt(a.Published)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dedupe: %w", err)
	}
	return metas, nil
}

// blockFraction divides the window into the time blocks the windowed
// detector reads at once: the articles held are those of the last window
// and of the block, so smaller blocks hold fewer, but each block re-sorts
// the candidate keys of all the articles held.
const blockFraction = 8

// heldBlock is the memory of one time block: its arenas are freed once
// every article in it is older than the window.
type heldBlock struct {
	arenas []*arena
	last   int64 // the latest publication time in the block
}

// detectWindowed is DetectSource for dated articles spread over more than
// window seconds. The batch is put in date order (undated articles first:
// they are compared with everything and held to the end) and read in time
// blocks of window/blockFraction. Each block is compared with itself and
// with the articles held from earlier blocks, those published within the
// window before it; articles older than that are dropped, and a block's
// memory is freed with its last article. Document frequencies and the
// boilerplate counts are those of the articles held, so they too follow
// the window. Memory is that of the window and one block, not of the
// batch; only the IDs and the union-find of the groups grow with it.
func detectWindowed(ctx context.Context, src Source, opts Options, metas []meta, window int64) ([]news.CopyLink, [][]string, runStats, error) {
	st := runStats{windowed: true}
	n := len(metas)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(metas[a].at, metas[b].at), cmp.Compare(metas[a].id, metas[b].id))
	})
	byID := make(map[string]int32, n) // ID → position in order
	for p, i := range order {
		if _, dup := byID[metas[i].id]; dup {
			return nil, nil, st, fmt.Errorf("dedupe: %w: %q", ErrDuplicateID, metas[i].id)
		}
		byID[metas[i].id] = int32(p)
	}
	// groups joins links across blocks, by position in order.
	groups := &Index{uf: make([]int32, n)}
	for i := range groups.uf {
		groups.uf[i] = int32(i)
	}

	ix := NewIndex(opts)
	ix.frozen = true
	var held []heldBlock
	defer func() {
		for _, b := range held {
			for _, a := range b.arenas {
				a.free()
			}
		}
	}()
	var live []*doc // undated first, then by date
	nUndated := 0
	step := max(1, window/blockFraction)
	links := []news.CopyLink{}
	for p := 0; p < n; {
		first := metas[order[p]].at
		q := p + 1
		for q < n && (first == undatedAt && metas[order[q]].at == undatedAt ||
			first != undatedAt && metas[order[q]].at < first+step) {
			q++
		}
		if first != undatedAt {
			live = evict(ix, live, nUndated, first-window)
			k := 0
			for k < len(held) && held[k].last != undatedAt && held[k].last < first-window {
				for _, a := range held[k].arenas {
					a.free()
				}
				k++
			}
			held = slices.Delete(held, 0, k)
		}
		pos := make([]int, q-p)
		for k := range pos {
			pos[k] = int(order[p+k])
		}
		docs, arenas, keyArenas, err := prepareList(ctx, src, pos, opts.Workers, nil)
		held = append(held, heldBlock{arenas: slices.Concat(arenas, keyArenas), last: metas[order[q-1]].at})
		if err != nil {
			return nil, nil, st, err
		}
		for k, d := range docs {
			if d.id != metas[pos[k]].id {
				return nil, nil, st, fmt.Errorf("dedupe: article %d is %q, was %q", pos[k], d.id, metas[pos[k]].id)
			}
			ix.countDF(d)
		}
		if first == undatedAt {
			nUndated = len(docs)
		}
		for k := len(ix.logs); k <= ix.ndf+1; k++ {
			ix.logs = append(ix.logs, math.Log(float64(k+1)))
		}
		all := append(live, docs...)
		sk := newKeySketch(len(all))
		for _, d := range all {
			for j := range len(d.keyCode) / keyRecord {
				sk.mark(d.key(j), j < int(d.nband))
			}
		}
		ix.docs, ix.uf = ix.docs[:0], ix.uf[:0]
		clear(ix.byID)
		need := newKeySketch(len(docs))
		for _, d := range docs {
			for j := range len(d.keyCode) / keyRecord {
				need.mark(d.key(j), j < int(d.nband))
			}
		}
		off, cands, err := ix.batchCandidates(ctx, all, sk, need, len(live), true, window)
		if err != nil {
			return nil, nil, st, err
		}
		found, err := ix.confirmAll(ctx, src, off, cands, opts.Workers)
		if err != nil {
			return nil, nil, st, err
		}
		for _, ls := range found {
			for _, l := range ls {
				groups.union(byID[l.A], byID[l.B])
			}
			links = append(links, ls...)
		}
		live = all
		st.blocks++
		st.maxLive = max(st.maxLive, len(live))
		p = q
	}
	slices.SortFunc(links, func(x, y news.CopyLink) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return links, groups.groupsOf(n, func(p int) string { return metas[order[p]].id }), st, nil
}

// evict drops from live (nUndated undated docs, then dated ones by date)
// the dated docs published before cut, and takes them out of ix's
// document frequencies.
func evict(ix *Index, live []*doc, nUndated int, cut int64) []*doc {
	k := nUndated
	for k < len(live) && live[k].at < cut {
		ix.uncountDF(live[k])
		k++
	}
	if k == nUndated {
		return live
	}
	m := len(live)
	live = append(live[:nUndated], live[k:]...)
	clear(live[len(live):m]) // no stale pointers past the end
	return live
}

// uncountDF undoes countDF for a doc leaving the window. A sentence count
// that reached 255 stays there: it is boilerplate whatever happens.
func (ix *Index) uncountDF(d *doc) {
	feats := d.features(&ix.fd)
	for i := 0; i < len(feats); i = nextStem(feats, i) {
		st := uint32(feats[i] >> 32)
		if ix.df[st] <= 1 {
			delete(ix.df, st)
		} else {
			ix.df[st]--
		}
	}
	ix.ndf--
	for _, h := range d.sentCountKeys() {
		if c := ix.sentCount[h]; c > 0 && c < 255 {
			ix.sentCount[h]--
		}
	}
}
