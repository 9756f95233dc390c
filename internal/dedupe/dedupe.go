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
// Detect and DetectSource work on a whole batch, in parallel, and keep
// their per-article data coded and off the Go heap (see docs/dedupe.md);
// Index adds articles one at a time. Dated articles are compared only
// with those published within Options.Window of them (30 days by
// default), so that a feed is held a window at a time, never whole.
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
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/triangulate/triangulate/internal/par"

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
	return DetectSource(ctx, sliceSource(articles), opts)
}

// Source serves a batch of articles by position to DetectSource. It must
// be safe for concurrent use and return the same article for a position
// every time.
type Source interface {
	Len() int
	Article(i int) (news.Article, error)
}

type sliceSource []news.Article

func (s sliceSource) Len() int                            { return len(s) }
func (s sliceSource) Article(i int) (news.Article, error) { return s[i], nil }

// DetectSource is Detect over the articles of src. It reads each article
// once to index it, and again only for the articles whose text a
// comparison re-reads (to find an identical passage or to quote evidence),
// and keeps no text: the texts of a large batch can stay in a store or a
// file rather than in memory. The results are those of Detect over the
// same articles.
//
// With dated articles spread over more than Options.Window, it works in
// time blocks and holds only the articles of the last Window (see
// detectWindowed).
func DetectSource(ctx context.Context, src Source, opts Options) ([]news.CopyLink, [][]string, error) {
	links, groups, _, err := detectSource(ctx, src, opts)
	return links, groups, err
}

// detectAll is DetectSource over the whole batch at once: every article
// is held until the end. metas, when not nil, are the IDs read before,
// which the articles must still have.
func detectAll(ctx context.Context, src Source, opts Options, metas []meta) ([]news.CopyLink, [][]string, error) {
	shared := newKeySketch(src.Len())
	docs, arenas, keyArenas, err := prepareAll(ctx, src, opts.Workers, shared)
	// The docs' coded sets and features are in the arenas: nothing may
	// read them once these are freed, and nothing returned refers to them.
	defer func() {
		for _, a := range slices.Concat(arenas, keyArenas) {
			a.free()
		}
	}()
	if err != nil {
		return nil, nil, err
	}
	seen := make(map[string]bool, len(docs))
	for i, d := range docs {
		if metas != nil && d.id != metas[i].id {
			return nil, nil, fmt.Errorf("dedupe: article %d is %q, was %q", i, d.id, metas[i].id)
		}
		if seen[d.id] {
			return nil, nil, fmt.Errorf("dedupe: %w: %q", ErrDuplicateID, d.id)
		}
		seen[d.id] = true
	}
	seen = nil
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
	ix.freeze()
	ix.renumber(docs, opts.Workers)
	off, cands, err := ix.batchCandidates(ctx, docs, shared, nil, 0, false, 0)
	if err != nil {
		return nil, nil, err
	}
	// The keys are not needed any more: free them now, not at the end.
	for _, a := range keyArenas {
		a.free()
	}
	shared = nil
	releaseUncompared(docs, off, cands)
	found, err := ix.confirmAll(ctx, src, off, cands, opts.Workers)
	if err != nil {
		return nil, nil, err
	}
	links := []news.CopyLink{}
	for i, ls := range found {
		for _, l := range ls {
			ix.union(ix.byID[otherID(l, docs[i].id)], int32(i))
		}
		links = append(links, ls...)
	}
	slices.SortFunc(links, func(x, y news.CopyLink) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return links, ix.Groups(), nil
}

// freeze marks the document frequencies final and fills the log table
// they need, so that idf only reads the index from then on.
func (ix *Index) freeze() {
	ix.frozen = true
	top := int32(0)
	for _, n := range ix.df {
		top = max(top, n)
	}
	for k := len(ix.logs); k <= int(top)+1; k++ {
		ix.logs = append(ix.logs, math.Log(float64(k+1)))
	}
}

// releaseUncompared drops the features of the docs that no comparison
// will read (those with no candidate that are no other's candidate): in a
// large batch most articles have no copy, and only their IDs are needed
// from now on.
func releaseUncompared(docs []*doc, off, cands []int32) {
	used := make([]bool, len(docs))
	for _, c := range cands {
		used[c] = true
	}
	for i, d := range docs {
		if !used[i] && off[i] == off[i+1] {
			d.shset, d.packed, d.sents, d.sentCode, d.shingles, d.feats = riceSet{}, nil, nil, nil, nil, nil
		}
	}
}

// renumber replaces the stem hashes in the docs' features by their ranks
// among the batch's stems, and the df map by an array: ranks keep the
// order of the hashes, so every merge of features visits the stems in the
// same order and the results are unchanged, while the features take about
// a third less memory (their stem gaps are small) and a document
// frequency is an array read instead of a map lookup.
func (ix *Index) renumber(docs []*doc, workers int) {
	stems := make([]uint32, 0, len(ix.df))
	for st := range ix.df {
		stems = append(stems, st)
	}
	slices.Sort(stems)
	dfByID := make([]int32, len(stems))
	for id, st := range stems {
		dfByID[id] = ix.df[st]
		ix.df[st] = int32(id) // the map now gives ranks
	}
	stems = nil
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf []uint64
			for {
				i := int(next.Add(1)) - 1
				if i >= len(docs) {
					return
				}
				d := docs[i]
				feats := d.features(&buf)
				for k, f := range feats {
					feats[k] = uint64(uint32(ix.df[uint32(f>>32)]))<<32 | f&0xffffffff
				}
				// In place: a rank is at most its hash and rank gaps at
				// most hash gaps, so the new coding is never longer and
				// stays in the arena.
				d.packed = appendFeats(d.packed[:0], feats)
			}
		})
	}
	wg.Wait()
	ix.df, ix.dfByID = nil, dfByID
}

// batchCandidates indexes docs in order and returns each one's candidates
// among those before it (those of docs[i] are cands[off[i]:off[i+1]]):
// exactly what addPrepared would compare it with. Knowing the whole batch,
// it builds the posting lists by sorting (key, doc) entries instead of
// hashing them: 16 bytes a key instead of a map entry and a node. The keys
// that sk has seen once only (most of them) are never shared: they are
// left out from the start.
//
// Only docs[from:] get candidates (the others had theirs in an earlier
// time block, see detectWindowed); with keep, the docs keep their keys for
// the next block; with window > 0 (seconds), a dated candidate published
// more than window before the doc is left out.
//
// need, when not nil, marks the keys of docs[from:]: the keys of earlier
// docs that it has not seen cannot give a candidate to any doc that
// queries, and are left out.
func (ix *Index) batchCandidates(ctx context.Context, docs []*doc, sk, need *keySketch, from int, keep bool, window int64) ([]int32, []int32, error) {
	wanted := func(i int, k uint64, band bool) bool {
		return sk.shared(k, band) && (need == nil || i >= from || need.marked(k, band))
	}
	total := 0
	for i, d := range docs {
		for j := range len(d.keyCode) / keyRecord {
			if wanted(i, d.key(j), j < int(d.nband)) {
				total++
			}
		}
	}
	entries := make([]keyEntry, 0, total)
	for i, d := range docs {
		n := int32(i)
		ix.uf = append(ix.uf, n)
		ix.docs = append(ix.docs, d)
		ix.byID[d.id] = n
		for j := range len(d.keyCode) / keyRecord {
			k, band := d.key(j), j < int(d.nband)
			if wanted(i, k, band) {
				entries = append(entries, keyEntry{key: k, doc: n, band: band})
			}
		}
		if !keep {
			d.keyCode = nil
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("dedupe: %w", err)
	}
	// Stable on doc: the entries of one key keep the order in which
	// addPrepared would have added them.
	slices.SortFunc(entries, func(a, b keyEntry) int {
		if a.band != b.band {
			if a.band {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.doc, b.doc))
	})
	// Posting lists of the keys held more than once, capped as
	// postings.add caps them, and per doc the lists it queries.
	var lists []postingList
	var members []int32
	nq := make([]int32, len(docs)+1)
	// Only docs[from:] query, and a list none of them is in is never read.
	queried := func(g []keyEntry) bool { return g[len(g)-1].doc >= int32(from) }
	forGroups(entries, func(g []keyEntry) {
		if !queried(g) {
			return
		}
		for _, e := range g {
			if e.doc >= int32(from) {
				nq[e.doc+1]++
			}
		}
	})
	for i := 1; i < len(nq); i++ {
		nq[i] += nq[i-1]
	}
	queries := make([]int32, nq[len(docs)])
	fill := slices.Clone(nq[:len(docs)])
	forGroups(entries, func(g []keyEntry) {
		if !queried(g) {
			return
		}
		l := postingList{start: int32(len(members)), weight: 1}
		if g[0].band {
			l.weight = minCandidateScore
		}
		for _, e := range g[:min(len(g), postingCap)] {
			members = append(members, e.doc)
		}
		l.end = int32(len(members))
		for _, e := range g {
			if e.doc >= int32(from) {
				queries[fill[e.doc]] = int32(len(lists))
				fill[e.doc]++
			}
		}
		lists = append(lists, l)
	})
	entries, fill = nil, nil

	off := make([]int32, from+1, len(docs)+1)
	var cands []int32
	score := make([]int32, len(docs))
	var touched []int32
	for i := from; i < len(docs); i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, fmt.Errorf("dedupe: %w", err)
			}
		}
		touched = touched[:0]
		d := docs[i]
		for _, q := range queries[nq[i]:nq[i+1]] {
			l := lists[q]
			for _, c := range members[l.start:l.end] {
				if c >= int32(i) {
					break // members are in doc order: the rest came later
				}
				if window > 0 && outside(docs[c], d, window) {
					continue
				}
				if score[c] == 0 {
					touched = append(touched, c)
				}
				score[c] += l.weight
			}
		}
		cands = ix.rankCandidates(cands, touched, score)
		off = append(off, int32(len(cands)))
	}
	return off, slices.Clone(cands), nil
}

// keyEntry is one candidate key of one doc, for batchCandidates.
type keyEntry struct {
	key  uint64
	doc  int32
	band bool // an LSH band key; else a sentence key
}

// postingList is members[start:end] in batchCandidates, with the score a
// shared key adds.
type postingList struct{ start, end, weight int32 }

// forGroups calls f with each run of entries sharing a key and kind that
// is longer than one: a key held once is never shared.
func forGroups(entries []keyEntry, f func([]keyEntry)) {
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && entries[j].key == entries[i].key && entries[j].band == entries[i].band {
			j++
		}
		if j-i > 1 {
			f(entries[i:j])
		}
		i = j
	}
}

// confirmAll compares every indexed doc with its candidates on a few
// goroutines: the comparisons only read the index, and each goroutine has
// its own scratch space. found[i] holds the links of ix.docs[i], in the
// order addPrepared would find them.
func (ix *Index) confirmAll(ctx context.Context, src Source, off, cands []int32, workers int) ([][]news.CopyLink, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	n := len(ix.docs)
	found := make([][]news.CopyLink, n)
	const chunk = 32
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			var sc scratch
			sc.seqs.fetch = func(d *doc) string {
				a, err := src.Article(int(d.src))
				if err == nil && a.ID != d.id {
					err = fmt.Errorf("article %d is %q, was %q", d.src, a.ID, d.id)
				}
				if err != nil && errs[w] == nil {
					errs[w] = fmt.Errorf("dedupe: reading article %d again: %w", d.src, err)
				}
				return a.Text
			}
			var cur current
			for ctx.Err() == nil && errs[w] == nil {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					if off[i] == off[i+1] {
						continue
					}
					d := ix.docs[i]
					cur.load(d)
					found[i] = ix.confirm(&sc, d, &cur, cands[off[i]:off[i+1]])
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("dedupe: %w", err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return found, nil
}

// publishedKey sorts undated articles after dated ones.
func publishedKey(d *doc) string {
	if d.published == "" {
		return "\xff"
	}
	return d.published
}

// prepareAll reads every article of src and computes its features on a
// few goroutines; it is most of the work and needs no shared state. The
// docs keep no text.
// Every candidate key is marked in sk. The coded sets, features and
// sentences are in the first arenas returned, the candidate keys in the
// second (one arena a goroutine each), which the caller frees, also on
// error.
func prepareAll(ctx context.Context, src Source, workers int, sk *keySketch) ([]*doc, []*arena, []*arena, error) {
	return prepareList(ctx, src, nil, workers, sk)
}

// prepareList is prepareAll over the articles at the positions pos of src
// (all of them when pos is nil), docs[i] being article pos[i]; sk may be
// nil.
func prepareList(ctx context.Context, src Source, pos []int, workers int, sk *keySketch) ([]*doc, []*arena, []*arena, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	n := src.Len()
	if pos != nil {
		n = len(pos)
	}
	docs := make([]*doc, n)
	arenas, keyArenas := make([]*arena, workers), make([]*arena, workers)
	for w := range arenas {
		arenas[w], keyArenas[w] = &arena{}, &arena{}
	}
	err := par.For(ctx, n, workers, 16, func(w, i int) error {
		p := i
		if pos != nil {
			p = pos[i]
		}
		a, err := src.Article(p)
		if err != nil {
			return fmt.Errorf("reading article %d: %w", p, err)
		}
		// Packed at once: the batch holds every doc before indexing
		// starts, so this sets the peak memory.
		d := prepare(a, true)
		d.packIn(arenas[w])
		d.codeSents(arenas[w])
		if sk != nil {
			for _, k := range d.bandKeys {
				sk.mark(k, true)
			}
			for _, k := range d.sentKeys {
				sk.mark(k, false)
			}
		}
		d.codeKeys(keyArenas[w])
		d.src = int32(p)
		d.text = ""
		docs[i] = d
		return nil
	})
	if err != nil {
		return nil, arenas, keyArenas, fmt.Errorf("dedupe: %w", err)
	}
	return docs, arenas, keyArenas, nil
}

// keySketch tells the candidate keys seen more than once in a batch from
// those (most of them) seen once, which can never make a candidate: two
// bitsets over hashed slots, "seen" and "seen again". A slot shared by two
// keys only makes a key look shared, which costs an entry and changes no
// result. It is safe for concurrent use.
type keySketch struct {
	seen, again []atomic.Uint64
	mask        uint64
}

// newKeySketch sizes a sketch for the keys of n articles (about 80 each)
// at 512 slots an article: about one single key in seven then shares a
// slot, for 128 bytes an article.
func newKeySketch(n int) *keySketch {
	slots := uint64(1) << 16
	for slots < uint64(n)*512 {
		slots <<= 1
	}
	return &keySketch{seen: make([]atomic.Uint64, slots/64), again: make([]atomic.Uint64, slots/64), mask: slots - 1}
}

func (s *keySketch) slot(k uint64, band bool) (int, uint64) {
	h := mix64(k ^ 0x5851f42d4c957f2d)
	if band {
		h = mix64(h ^ 0x14057b7ef767814f)
	}
	h &= s.mask
	return int(h >> 6), 1 << (h & 63)
}

func (s *keySketch) mark(k uint64, band bool) {
	w, bit := s.slot(k, band)
	if s.seen[w].Or(bit)&bit != 0 {
		s.again[w].Or(bit)
	}
}

// marked reports whether k may have been marked; false means never.
func (s *keySketch) marked(k uint64, band bool) bool {
	w, bit := s.slot(k, band)
	return s.seen[w].Load()&bit != 0
}

// shared reports whether k may have been marked more than once; false
// means it was marked once at most.
func (s *keySketch) shared(k uint64, band bool) bool {
	w, bit := s.slot(k, band)
	return s.again[w].Load()&bit != 0
}
