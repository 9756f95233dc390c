package dedupe

import (
	"math"
	"slices"
	"sync"
	"time"

	"github.com/triangulate/triangulate/internal/news"
)

// LSH layout: 16 bands of 2 rows. Two rows make the banding threshold low
// (a pair with shingle Jaccard 0.4 collides in some band with probability
// 0.94), which partial copies need: an excerpt of 40% of an article has a
// Jaccard of only about 0.4 with it. Unrelated articles almost never share
// a 5-word shingle, so the low threshold costs few false candidates, and
// copied sentences also share sentence keys, a second way in.
const (
	numBands  = 16
	bandRows  = 2
	numHashes = numBands * bandRows
)

var minhashSeeds = func() [numHashes]uint64 {
	var s [numHashes]uint64
	x := uint64(0x243f6a8885a308d3) // digits of pi: any fixed value works
	for i := range s {
		x = mix64(x + 0x9e3779b97f4a7c15)
		s[i] = x
	}
	return s
}()

// Options tunes detection. The zero value gives the defaults documented on
// each field, which docs/dedupe.md justifies.
type Options struct {
	// DuplicateContainment is the share of the shorter article's shingles
	// that must occur in the other for a duplicate (default 0.7).
	DuplicateContainment float64
	// SharedPassageWords is the length in words of the longest identical
	// unquoted passage that makes two otherwise different articles
	// shared-source (default 40: about two sentences, longer than any
	// stock phrase).
	SharedPassageWords int
	// RewriteSentenceSim is the weighted overlap of content words above
	// which two sentences count as saying the same thing (default 0.35).
	RewriteSentenceSim float64
	// RewriteCoverage is the share of the shorter article's alignable
	// sentences that the rewrite run must cover (default 0.25).
	RewriteCoverage float64
	// RewriteDensity is the least share of the sentences between a rewrite
	// run's first and last pair, on each side, that must be aligned
	// (default 0.3): a paraphrase retells sentence after sentence.
	RewriteDensity float64
	// RewriteMinAligned is the least number of aligned sentence pairs for a
	// rewrite (default 5).
	RewriteMinAligned int
	// MaxCandidates bounds the candidates checked for each article (default
	// 64); it keeps the cost per article flat when one text has hundreds of
	// copies.
	MaxCandidates int
	// MaxLinks bounds the links reported for each new article (default 32).
	// Groups stay exact: a copy linked to some members of a group joins it.
	MaxLinks int
	// Workers is the number of goroutines Detect uses to read articles
	// (default GOMAXPROCS).
	Workers int
	// Window is the longest time between the publications of two articles
	// that may be linked (default 30 days; negative: no limit). Copies of
	// news follow their original within days: wire reprints the same day,
	// rewrites within the week, a late pickup within weeks. A month keeps
	// these and lets the batch detector hold only the articles of the last
	// month, not the whole feed. Undated articles are compared with all
	// others. See docs/dedupe.md.
	Window time.Duration
}

// defaultWindow is Options.Window's default.
const defaultWindow = 30 * 24 * time.Hour

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	defi := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.DuplicateContainment, 0.7)
	defi(&o.SharedPassageWords, 40)
	def(&o.RewriteSentenceSim, 0.35)
	def(&o.RewriteCoverage, 0.25)
	def(&o.RewriteDensity, 0.3)
	defi(&o.RewriteMinAligned, 5)
	defi(&o.MaxCandidates, 64)
	defi(&o.MaxLinks, 32)
	if o.Window == 0 {
		o.Window = defaultWindow // negative stays: no limit
	}
	return o
}

// minCandidateScore is the least evidence for a candidate: one LSH band,
// or three sentence keys.
const minCandidateScore = 3

// postingCap bounds one posting list. A key shared by more articles than
// this is either a huge family of copies (whose new members still find the
// first ones) or noise; scanning further would make the cost quadratic.
const postingCap = 256

// postings is a hash multimap from key to article numbers, stored as linked
// lists in one arena: a few bytes an entry instead of a slice header each.
type postings struct {
	head  map[uint64]uint64 // key → (count<<32 | 1+index of the newest node)
	nodes []node
}

type node struct{ doc, next int32 }

func newPostings() postings { return postings{head: make(map[uint64]uint64)} }

func (p *postings) add(key uint64, doc int32) {
	h := p.head[key]
	cnt, top := h>>32, int32(uint32(h))
	if cnt >= postingCap {
		return
	}
	p.nodes = append(p.nodes, node{doc: doc, next: top - 1})
	p.head[key] = (cnt+1)<<32 | uint64(len(p.nodes))
}

func (p *postings) each(key uint64, f func(doc int32)) {
	h, ok := p.head[key]
	if !ok {
		return
	}
	for i := int32(uint32(h)) - 1; i >= 0; i = p.nodes[i].next {
		f(p.nodes[i].doc)
	}
}

// Index finds copy links incrementally: each added article is compared with
// the articles added before it, through candidate indexes, never with all
// of them. It is safe for concurrent use.
type Index struct {
	mu    sync.Mutex
	opts  Options
	docs  []*doc
	byID  map[string]int32
	bands postings
	sents postings
	// df counts the articles each content stem occurs in; it weights
	// sentence similarity so that the words a whole story shares (its
	// names, its subject) count for less than the words of one telling.
	df  map[uint32]int32
	ndf int // articles counted in df
	// dfByID replaces df in the batch detector once the batch is counted:
	// stems are then numbered in the order of their hashes (see
	// Index.renumber) and the features hold the numbers.
	dfByID []int32
	// sentCount counts, per hash slot, the articles holding a sentence
	// (saturating at 255): a fixed 4 MB whatever the corpus size, and at
	// 100k articles a slot still rarely sums unrelated sentences to the
	// boilerplate threshold.
	sentCount []uint8
	frozen    bool // df was set for the whole batch by Detect
	// score and touched are scratch space for candidate counting.
	score   []int32
	touched []int32
	logs    []float64 // logs[k] = ln(k+1), for idf; complete once frozen
	uf      []int32
	// newest is the latest publication time added (undatedAt before any);
	// held lists the dated docs not yet dropped for being older than the
	// window before it, and dropped counts those dropped since the
	// postings were last compacted (see Index.evictOld).
	newest  int64
	held    []int32
	scanAt  int // len(held) after the last scan
	dropped int
	sc      scratch  // for Add; Detect gives each goroutine its own
	fd      []uint64 // decoded features of the article being counted
	cur     current  // the article being added
}

// scratch is the reusable working memory of comparisons. Comparing only
// reads the index, so goroutines with a scratch each can compare at once.
type scratch struct {
	m, dp []float64
	seqs  seqCache // shingle sequences of recently compared docs
	fa    []uint64 // decoded features of the older doc of the pair
	sa    []uint32 // and its decoded shingle set
	wa    []float64
}

// current holds the decoded features and shingle set of the article being
// compared with its candidates.
type current struct {
	feats    []uint64
	shingles []uint32
	wb       []float64 // sentence weights, when hasW
	hasW     bool
}

// load decodes d into c's buffers.
func (c *current) load(d *doc) {
	c.feats = d.features(&c.feats)
	c.shingles = d.shingleSet(&c.shingles)
	c.hasW = false
}

// weights returns the sentence weights of d, the doc loaded, computing
// them on first need: document frequencies do not change while one
// article is compared with its candidates.
func (c *current) weights(ix *Index, d *doc) []float64 {
	if !c.hasW {
		c.wb = ix.sentWeights(&c.wb, d, c.feats)
		c.hasW = true
	}
	return c.wb
}

// NewIndex returns an empty index.
func NewIndex(opts Options) *Index {
	return &Index{
		opts:      opts.withDefaults(),
		byID:      make(map[string]int32),
		bands:     newPostings(),
		sents:     newPostings(),
		df:        make(map[uint32]int32),
		sentCount: make([]uint8, sentCountMask+1),
		newest:    undatedAt,
	}
}

// Len returns the number of articles added, including those dropped for
// being older than the window (they keep their ID and group).
func (ix *Index) Len() int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return len(ix.docs)
}

// Add indexes an article and returns its copy links to the articles added
// before it and published within Options.Window of it (all of them when
// either is undated). Adding an ID a second time changes nothing and
// returns nil, so that re-ingesting a document is harmless. Articles
// published more than the window before the newest one added are dropped
// from time to time (see evictOld).
func (ix *Index) Add(a news.Article) []news.CopyLink {
	d := prepare(a, true)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.addPrepared(d)
}

func (ix *Index) addPrepared(d *doc) []news.CopyLink {
	if _, ok := ix.byID[d.id]; ok {
		return nil
	}
	n := int32(len(ix.docs))
	if !ix.frozen {
		ix.countDF(d)
	}
	cands := ix.candidates(d)
	ix.uf = append(ix.uf, n)
	ix.cur.load(d)
	links := ix.confirm(&ix.sc, d, &ix.cur, cands)
	for _, l := range links {
		ix.union(ix.byID[otherID(l, d.id)], n)
	}
	ix.docs = append(ix.docs, d)
	ix.byID[d.id] = n
	ix.score = append(ix.score, 0)
	for _, k := range d.bandKeys {
		ix.bands.add(k, n)
	}
	for _, k := range d.sentKeys {
		ix.sents.add(k, n)
	}
	// The keys are only needed to find candidates; drop them to save memory.
	d.bandKeys = nil
	d.sentKeys = nil
	d.pack()
	if d.at != undatedAt && ix.opts.Window > 0 {
		ix.held = append(ix.held, n)
		ix.newest = max(ix.newest, d.at)
		ix.evictOld()
	}
	return links
}

// evictOld drops the data of the dated docs published more than the
// window before the newest one: no article added later within the window
// of the newest can be compared with them. Only their IDs and group stay.
// It scans the held docs once they have grown by half since the last
// scan, and rebuilds the posting lists without the dropped docs once
// these are as many as the held ones, so that both costs stay linear.
func (ix *Index) evictOld() {
	if len(ix.held) < ix.scanAt+max(1024, ix.scanAt/2) {
		return
	}
	cut := ix.newest - windowSeconds(ix.opts)
	kept := ix.held[:0]
	for _, i := range ix.held {
		d := ix.docs[i]
		if d.at >= cut {
			kept = append(kept, i)
			continue
		}
		ix.uncountDF(d)
		*d = doc{id: d.id, published: d.published, at: d.at, gone: true}
		ix.dropped++
	}
	clear(ix.held[len(kept):])
	ix.held = kept
	ix.scanAt = len(kept)
	if ix.dropped >= max(1024, len(ix.held)) {
		keep := func(c int32) bool { return !ix.docs[c].gone }
		ix.bands.compact(keep)
		ix.sents.compact(keep)
		ix.dropped = 0
	}
}

// compact rebuilds the lists with only the docs keep accepts, in the same
// order, and forgets the keys left with none.
func (p *postings) compact(keep func(int32) bool) {
	nodes := make([]node, 0, len(p.nodes)/2)
	var chain []int32
	for k, h := range p.head {
		chain = chain[:0]
		for i := int32(uint32(h)) - 1; i >= 0; i = p.nodes[i].next {
			if c := p.nodes[i].doc; keep(c) {
				chain = append(chain, c)
			}
		}
		if len(chain) == 0 {
			delete(p.head, k)
			continue
		}
		top := int32(0)
		for j := len(chain) - 1; j >= 0; j-- { // oldest first: the newest heads the list
			nodes = append(nodes, node{doc: chain[j], next: top - 1})
			top = int32(len(nodes))
		}
		p.head[k] = uint64(len(chain))<<32 | uint64(top)
	}
	p.nodes = slices.Clip(nodes)
}

// confirm compares d with its candidates, best first, and returns the
// links found, at most MaxLinks. cur holds d decoded.
func (ix *Index) confirm(sc *scratch, d *doc, cur *current, cands []int32) []news.CopyLink {
	var links []news.CopyLink
	for _, c := range cands {
		if len(links) >= ix.opts.MaxLinks {
			break
		}
		if l, ok := ix.compare(sc, ix.docs[c], d, cur); ok {
			links = append(links, l)
		}
	}
	return links
}

// otherID returns the end of l that is not id.
func otherID(l news.CopyLink, id string) string {
	if l.A == id {
		return l.B
	}
	return l.A
}

func bandKey(sig []uint64, b int) uint64 {
	h := uint64(b+1) * 0x9e3779b97f4a7c15
	for _, v := range sig[b*bandRows : (b+1)*bandRows] {
		h = mix64(h ^ v)
	}
	return h
}

// candidates returns earlier articles worth comparing with d, best first:
// those sharing LSH bands (likely duplicates) and those sharing several
// sentence keys (possible rewrites).
func (ix *Index) candidates(d *doc) []int32 {
	ix.touched = ix.touched[:0]
	bump := func(w int32) func(int32) {
		return func(c int32) {
			if ix.score[c] == 0 {
				ix.touched = append(ix.touched, c)
			}
			ix.score[c] += w
		}
	}
	if w := windowSeconds(ix.opts); w > 0 {
		bump = func(wt int32) func(int32) {
			return func(c int32) {
				if o := ix.docs[c]; o.gone || outside(o, d, w) {
					return
				}
				if ix.score[c] == 0 {
					ix.touched = append(ix.touched, c)
				}
				ix.score[c] += wt
			}
		}
	}
	band, sent := bump(minCandidateScore), bump(1)
	for _, k := range d.bandKeys {
		ix.bands.each(k, band)
	}
	for _, k := range d.sentKeys {
		ix.sents.each(k, sent)
	}
	return ix.rankCandidates(nil, ix.touched, ix.score)
}

// rankCandidates appends to out the touched docs whose score reaches
// minCandidateScore, best first (ties by index), at most MaxCandidates,
// and zeroes score for the next article.
func (ix *Index) rankCandidates(out, touched, score []int32) []int32 {
	base := len(out)
	for _, c := range touched {
		// A shared sentence key or two is what a common pair of names or
		// numbers gives; a rewrite shares many.
		if score[c] >= minCandidateScore {
			out = append(out, c)
		}
	}
	slices.SortFunc(out[base:], func(a, b int32) int {
		if score[a] != score[b] {
			return int(score[b] - score[a])
		}
		return int(a - b)
	})
	for _, c := range touched {
		score[c] = 0
	}
	if len(out)-base > ix.opts.MaxCandidates {
		out = out[:base+ix.opts.MaxCandidates]
	}
	return out
}

func (ix *Index) find(x int32) int32 {
	for ix.uf[x] != x {
		ix.uf[x] = ix.uf[ix.uf[x]]
		x = ix.uf[x]
	}
	return x
}

func (ix *Index) union(a, b int32) {
	ra, rb := ix.find(a), ix.find(b)
	if ra == rb {
		return
	}
	if ra < rb {
		ix.uf[rb] = ra
	} else {
		ix.uf[ra] = rb
	}
}

// Groups returns the source groups of the indexed articles: the connected
// components of the copy links, every article in exactly one group, members
// sorted by ID and groups by their first member.
func (ix *Index) Groups() [][]string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.groupsOf(len(ix.docs), func(i int) string { return ix.docs[i].id })
}

// groupsOf returns the groups of the n articles of ix.uf, named by id.
func (ix *Index) groupsOf(n int, id func(int) string) [][]string {
	byRoot := make(map[int32][]string)
	for i := range n {
		r := ix.find(int32(i))
		byRoot[r] = append(byRoot[r], id(i))
	}
	groups := make([][]string, 0, len(byRoot))
	for _, g := range byRoot {
		slices.Sort(g)
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b []string) int { return compareStrings(a[0], b[0]) })
	return groups
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// idfPrior is a number of background articles added to the count: without
// it, in a batch of a few articles on one story every shared word would
// weigh almost nothing and a rewrite would look like a mere retelling. 100
// keeps the seed rewrite's alignment the same in a batch of 5 and of 190.
const idfPrior = 100

// idf weights a content stem.
func (ix *Index) idf(stem uint32) float64 {
	var df int
	if ix.dfByID != nil {
		df = int(ix.dfByID[stem])
	} else {
		df = int(ix.df[stem])
	}
	if df >= len(ix.logs) {
		for k := len(ix.logs); k <= df+64; k++ {
			ix.logs = append(ix.logs, math.Log(float64(k+1)))
		}
	}
	return math.Log(float64(ix.ndf)+idfPrior+1) - ix.logs[df]
}

func (ix *Index) countDF(d *doc) {
	feats := d.features(&ix.fd)
	for i := 0; i < len(feats); i = nextStem(feats, i) {
		ix.df[uint32(feats[i]>>32)]++
	}
	ix.ndf++
	for _, h := range d.sentCountKeys() {
		if ix.sentCount[h] < 255 {
			ix.sentCount[h]++
		}
	}
}

// sentCountMask sizes Index.sentCount (4M slots).
const sentCountMask = 1<<22 - 1

// boilerplateDF is the number of articles holding one sentence that makes
// it boilerplate. Copies of one text reach it only in families of five or
// more, and those are linked by their shingles anyway.
const boilerplateDF = 5

// sentCountKeys returns the distinct keys under which d's sentences long
// enough to mark boilerplate are counted (Index.sentCount), sorted.
func (d *doc) sentCountKeys() []uint32 {
	hs := make([]uint32, 0, d.nsents())
	for i := range d.nsents() {
		if s := d.sent(i); s.nfeat >= minSentFeats {
			hs = append(hs, s.hash&sentCountMask)
		}
	}
	slices.Sort(hs)
	return slices.Compact(hs)
}
