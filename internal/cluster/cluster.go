// Package cluster groups articles into stories: sets of articles about the
// same real-world happening, not merely the same topic.
//
// It is incremental: articles arrive one by one and each joins the most
// similar story above a threshold or starts a new one, so the same code
// serves the batch CLI and the streaming server. Similarity is the cosine
// between an article's TF-IDF vector (sublinear tf, stop words removed;
// content words plus capitalised names and numbers, weighted up because
// they are what tell two same-kind events apart) and a story's centroid,
// damped by the distance in publication dates. Candidate stories come from
// a bounded inverted index over the stories' strongest terms, so the cost
// per article does not grow with the number of stories. Refinement cuts a
// story that holds two same-kind events (bisect.go): their names, years
// and numbers occur together in two groups of members, far more than
// chance allows.
//
// It must not do I/O and must not import another stage's package.
package cluster

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/triangulate/triangulate/internal/par"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/zeebo/xxh3"
)

// Defaults, tuned on the ECB+ train topics (1–35 minus the dev topics);
// see docs/clustering.md.
const (
	DefaultThreshold      = 0.20
	DefaultWindow         = 14 * 24 * time.Hour
	DefaultNameWeight     = 2.0
	DefaultNumberWeight   = 2.5
	DefaultMaxTerms       = 200
	DefaultMaxCandidates  = 8
	DefaultPostingLimit   = 64
	DefaultMergeThreshold = 0.6
	DefaultRefineEvery    = 64
	DefaultRefinePasses   = 3
	DefaultSplitThreshold = 2.6
	DefaultMinSplit       = 2
)

// Options tunes the clusterer. The zero value is usable: every zero field
// takes its default.
type Options struct {
	// Threshold is the least similarity (0–1) at which an article joins a
	// story rather than starting one.
	Threshold float64
	// Window is how far apart in publication date an article and a story
	// may be and still be joined; a negative Window disables the check.
	// Articles without a date are never excluded by it.
	Window time.Duration
	// NameWeight and NumberWeight multiply the weight of capitalised names
	// and of numbers relative to content words.
	NameWeight, NumberWeight float64
	// MaxTerms bounds an article vector to its strongest terms.
	MaxTerms int
	// MaxCandidates bounds the stories scored exactly for each article.
	MaxCandidates int
	// MergeThreshold is the least centroid similarity at which two stories
	// are merged during refinement.
	MergeThreshold float64
	// MoveMargin is how much closer another story must be before
	// refinement moves an article to it.
	MoveMargin float64
	// RefineEvery is how many additions pass between refinements of the
	// touched stories; negative disables the periodic refinement.
	RefineEvery int
	// RefinePasses bounds the passes of one refinement.
	RefinePasses int
	// SplitThreshold is how many times more of a story's variance its
	// first principal component must hold than it would if the story's
	// terms were dealt to its members at random, for refinement to cut the
	// story in two along that component (see bisect.go); MinSplit is the
	// least size of either part.
	SplitThreshold float64
	MinSplit       int
	// PostingLimit bounds the stories remembered per term (the most
	// recent are kept), which keeps the cost per article flat.
	PostingLimit int
}

func (o Options) withDefaults() Options {
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Window == 0 {
		o.Window = DefaultWindow
	}
	if o.NameWeight <= 0 {
		o.NameWeight = DefaultNameWeight
	}
	if o.NumberWeight <= 0 {
		o.NumberWeight = DefaultNumberWeight
	}
	if o.MaxTerms <= 0 {
		o.MaxTerms = DefaultMaxTerms
	}
	if o.MaxCandidates <= 0 {
		o.MaxCandidates = DefaultMaxCandidates
	}
	if o.MergeThreshold <= 0 {
		o.MergeThreshold = DefaultMergeThreshold
	}
	if o.RefineEvery == 0 {
		o.RefineEvery = DefaultRefineEvery
	}
	if o.SplitThreshold <= 0 {
		o.SplitThreshold = DefaultSplitThreshold
	}
	if o.MinSplit <= 0 {
		o.MinSplit = DefaultMinSplit
	}
	if o.RefinePasses <= 0 {
		o.RefinePasses = DefaultRefinePasses
	}
	if o.PostingLimit <= 0 {
		o.PostingLimit = DefaultPostingLimit
	}
	return o
}

// term is one weighted dimension of a sparse vector.
type term struct {
	id tid
	w  float32
}

// tid is a term id: the feature's kind in the top two bits and 30 bits of
// a hash of its text. Hashing instead of numbering keeps no vocabulary of
// strings, which grows without end on a feed (every name, every number);
// at a few million distinct terms, collisions in 2³⁰ values per kind
// touch a few thousandths of them, far below what moves a cosine.
type tid = uint32

const kindShift = 30

func termKey(kind uint8, key string) tid {
	return tid(kind)<<kindShift | tid(xxh3.HashString(key))&(1<<kindShift-1)
}

func termBytes(kind uint8, key []byte) tid {
	return tid(kind)<<kindShift | tid(xxh3.Hash(key))&(1<<kindShift-1)
}

func kindOf(id tid) uint8 { return uint8(id >> kindShift) }

type member struct {
	id    string
	title string
	vec   []term // unit length, strongest first
	day   int    // publication day, or noDay
}

type story struct {
	founder  string // id of the article that started it: the story's id derives from it
	members  []member
	centroid vecMap  // sum of the members' unit vectors
	norm2    float64 // squared length of centroid, kept up to date
	minDay   int     // publication day range; noDay when no member is dated
	maxDay   int
	indexed  map[tid]struct{} // terms under which the story is posted
	splitAt  int              // size at which a split is next tried
	// closed: the story lies beyond the window of every article still to
	// come (see Clusterer.close); its vectors are dropped and only its
	// members' ids and its title (fixed at closing) remain.
	closed      bool
	closedTitle string
}

// open reports whether articles may still join, leave or merge into st.
func (st *story) open() bool { return len(st.members) > 0 && !st.closed }

const noDay = math.MinInt32

// Clusterer assigns articles to stories one at a time. It is not safe for
// concurrent use: a caller that adds from several goroutines must hold a
// lock, because the order of arrival decides the stories.
type Clusterer struct {
	opts     Options
	df       dfCounts
	docs     int
	primed   bool // document frequencies came from Prime, not from Add
	stories  []*story
	postings map[tid][]int32

	alive fenwick          // live stories by slot
	dirty []int32          // stories touched since the last refinement
	where map[string]int32 // article id → story slot

	newest   int     // latest publication day added, or noDay
	swept    int     // newest when stories were last closed
	openList []int32 // slots of stories that may be open, oldest first

	// scratch space reused by Add
	acc     map[int32]float32
	touched []int32
}

// New returns an empty Clusterer.
func New(opts Options) *Clusterer {
	return &Clusterer{
		opts:     opts.withDefaults(),
		df:       newDFCounts(),
		postings: make(map[tid][]int32),
		acc:      make(map[int32]float32),
		where:    make(map[string]int32),
		newest:   noDay,
		swept:    noDay,
	}
}

// Prime counts document frequencies over articles before any is added, so
// that the first articles are weighted with the whole collection's IDF
// rather than with a handful of documents'. After Prime, Add no longer
// updates the counts. It is optional; Cluster does it.
func (c *Clusterer) Prime(articles []news.Article) {
	for i := range articles {
		c.count(extract(articles[i].Title, articles[i].Text))
	}
	c.primed = true
}

// counted is a feature list as term ids: what the clusterer keeps of an
// article between counting and adding it. A batch of 100k articles held
// as strings cost more memory than all the clusterer's stories.
type counted []termTF

type termTF struct {
	id tid
	tf float32
}

func (c *Clusterer) count(fs counted) {
	c.docs++
	for _, f := range fs {
		c.df.add(f.id)
	}
}

// Add assigns a to the most similar story above the threshold, or to a new
// story, and returns that story's index in Stories().
func (c *Clusterer) Add(a news.Article) int {
	fs := extract(a.Title, a.Text)
	if !c.primed {
		c.count(fs)
	}
	return c.addFeatures(a, fs)
}

func (c *Clusterer) addFeatures(a news.Article, fs counted) int {
	m := member{id: a.ID, title: a.Title, vec: c.vector(fs), day: parseDay(a.Published)}
	best, _ := c.best(m, -1, c.opts.Threshold)
	if best < 0 {
		best = int(c.newStory(a.ID, len(m.vec)))
	}
	c.join(int32(best), m)
	c.dirty = append(c.dirty, int32(best))
	if c.opts.RefineEvery > 0 && len(c.dirty) >= c.opts.RefineEvery {
		c.refine(false)
	}
	if m.day != noDay && (c.newest == noDay || m.day > c.newest) {
		c.newest = m.day
		c.close()
	}
	return c.alive.prefix(int(c.where[a.ID]))
}

// newStory starts an empty story founded by article id.
func (c *Clusterer) newStory(founder string, terms int) int32 {
	s := int32(len(c.stories))
	c.stories = append(c.stories, &story{
		founder:  founder,
		centroid: newVecMap(terms),
		minDay:   noDay,
		maxDay:   noDay,
		indexed:  make(map[tid]struct{}),
	})
	c.alive.add(int(s), 1)
	c.openList = append(c.openList, s)
	return s
}

// close retires the stories whose latest article is more than two windows
// older than the newest article: no article within a window of the newest
// can join them, and no story it could join can merge with them. Their
// centroids, postings and member vectors are freed, which is what keeps
// a feed's memory bounded by the articles of the last few weeks rather
// than by all it has seen. Undated stories never close. Articles added
// out of order (older than the newest by more than two windows) simply
// start a story of their own.
func (c *Clusterer) close() {
	if c.opts.Window < 0 || c.newest-c.swept < 1 {
		return
	}
	c.swept = c.newest
	horizon := c.newest - 2*int(c.opts.Window.Hours()/24)
	keep := c.openList[:0]
	for _, s := range c.openList {
		st := c.stories[s]
		if len(st.members) == 0 {
			continue // merged away: nothing to keep open
		}
		if st.maxDay == noDay || st.maxDay >= horizon {
			keep = append(keep, s)
			continue
		}
		st.closedTitle = st.title()
		st.closed = true
		for id := range st.indexed {
			p := slices.DeleteFunc(c.postings[id], func(x int32) bool { return x == s })
			if len(p) == 0 {
				delete(c.postings, id)
			} else {
				c.postings[id] = p
			}
		}
		st.indexed, st.centroid, st.norm2 = nil, vecMap{}, 0
		for i := range st.members {
			st.members[i].vec = nil
		}
	}
	clear(c.openList[len(keep):])
	c.openList = keep
}

// best returns the story most similar to m above floor, other than skip,
// or -1.
func (c *Clusterer) best(m member, skip int32, floor float64) (int, float64) {
	best, bestSim := -1, floor
	for _, s := range c.candidates(m.vec) {
		if s == skip {
			continue
		}
		st := c.stories[s]
		sim := c.timed(similarity(m.vec, st), m.day, st)
		if sim > bestSim || (sim == bestSim && best >= 0 && int(s) < best) {
			best, bestSim = int(s), sim
		}
	}
	return best, bestSim
}

// timed damps a similarity by the gap between a date and a story's dates,
// and rules it out (-1) beyond the window.
func (c *Clusterer) timed(sim float64, day int, st *story) float64 {
	if day == noDay || st.minDay == noDay || c.opts.Window < 0 {
		return sim
	}
	gap := 0
	if day < st.minDay {
		gap = st.minDay - day
	} else if day > st.maxDay {
		gap = day - st.maxDay
	}
	window := c.opts.Window.Hours() / 24
	if float64(gap) > window {
		return -1
	}
	// Nearness in time is evidence, not proof: a story a window away
	// needs a quarter more similarity to be joined.
	return sim * (1 - 0.2*float64(gap)/window)
}

// vector weights features by sublinear tf × IDF × kind weight, keeps the
// strongest MaxTerms and scales to unit length.
func (c *Clusterer) vector(fs counted) []term {
	vec := make([]term, 0, len(fs))
	n := float64(c.docs)
	for _, f := range fs {
		id := f.id
		df := float64(c.df.get(id))
		if df < 1 {
			df = 1 // a term seen only by Add after Prime
		}
		// The pseudo-documents keep a small batch (five articles on one
		// story) from treating every shared word as worthless: with few
		// documents, df says little about how common a word is.
		idf := math.Log((n + 1 + priorDocs) / (df + 1))
		if idf <= 0 {
			continue
		}
		w := sublinear(f.tf) * idf
		switch kindOf(id) {
		case kindName:
			w *= c.opts.NameWeight
		case kindNumber:
			w *= c.opts.NumberWeight
		}
		vec = append(vec, term{id, float32(w)})
	}
	slices.SortFunc(vec, func(x, y term) int {
		if x.w != y.w {
			return cmp.Compare(y.w, x.w)
		}
		return cmp.Compare(y.id, x.id)
	})
	if len(vec) > c.opts.MaxTerms {
		vec = vec[:c.opts.MaxTerms]
	}
	var norm float64
	for _, t := range vec {
		norm += float64(t.w) * float64(t.w)
	}
	if norm == 0 {
		return nil
	}
	norm = math.Sqrt(norm)
	for i := range vec {
		vec[i].w = float32(float64(vec[i].w) / norm)
	}
	return vec
}

// priorDocs is the number of imagined documents, none holding the term,
// added to the collection when computing IDF.
const priorDocs = 20

// probeTerms is how many of an article's strongest terms look up
// candidate stories; the rest only count when scoring exactly.
const probeTerms = 30

// candidates returns the stories sharing the most weight with vec among
// its strongest terms, best first, at most MaxCandidates of them.
func (c *Clusterer) candidates(vec []term) []int32 {
	c.touched = c.touched[:0]
	clear(c.acc)
	for i, t := range vec {
		if i == probeTerms {
			break
		}
		for _, s := range c.postings[t.id] {
			if !c.stories[s].open() {
				continue // merged away or closed
			}
			if _, ok := c.acc[s]; !ok {
				c.touched = append(c.touched, s)
			}
			c.acc[s] += t.w
		}
	}
	slices.SortFunc(c.touched, func(x, y int32) int {
		if c.acc[x] != c.acc[y] {
			return cmp.Compare(c.acc[y], c.acc[x])
		}
		return cmp.Compare(x, y)
	})
	if len(c.touched) > c.opts.MaxCandidates {
		c.touched = c.touched[:c.opts.MaxCandidates]
	}
	return c.touched
}

// similarity is the cosine between a unit vector and a story's centroid.
func similarity(vec []term, st *story) float64 {
	if st.norm2 == 0 {
		return 0
	}
	var dot float64
	for _, t := range vec {
		dot += float64(t.w) * float64(st.centroid.get(t.id))
	}
	return dot / math.Sqrt(st.norm2)
}

func (c *Clusterer) join(s int32, m member) {
	st := c.stories[s]
	st.members = append(st.members, m)
	c.where[m.id] = s
	// |S+v|² = |S|² + 2 S·v + |v|², so the norm never needs a full pass.
	var dot float64
	for _, t := range m.vec {
		old := st.centroid.get(t.id)
		dot += float64(old) * float64(t.w)
		st.centroid.set(t.id, old+t.w)
	}
	st.norm2 += 2*dot + 1
	if m.day != noDay {
		if st.minDay == noDay || m.day < st.minDay {
			st.minDay = m.day
		}
		if st.maxDay == noDay || m.day > st.maxDay {
			st.maxDay = m.day
		}
	}
	c.post(s, m.vec)
}

// post makes story s a candidate for the strongest terms of vec.
func (c *Clusterer) post(s int32, vec []term) {
	st := c.stories[s]
	for i, t := range vec {
		if i == probeTerms {
			break
		}
		if _, ok := st.indexed[t.id]; ok {
			continue
		}
		st.indexed[t.id] = struct{}{}
		p := append(c.postings[t.id], s)
		if len(p) > c.opts.PostingLimit {
			// Forget the oldest story under this term; its map entry stays
			// so that it is not re-posted, which would only evict another.
			p = p[len(p)-c.opts.PostingLimit:]
		}
		c.postings[t.id] = p
	}
}

// leave takes member i out of story s.
func (c *Clusterer) leave(s int32, i int) member {
	st := c.stories[s]
	m := st.members[i]
	st.members = slices.Delete(st.members, i, i+1)
	var dot float64
	for _, t := range m.vec {
		old := st.centroid.get(t.id)
		dot += float64(old) * float64(t.w)
		if nw := old - t.w; nw > 1e-6 {
			st.centroid.set(t.id, nw)
		} else {
			st.centroid.del(t.id)
		}
	}
	// |S-v|² = |S|² - 2 S·v + |v|²
	st.norm2 -= 2*dot - 1
	if len(st.members) == 0 {
		st.norm2 = 0
		c.alive.add(int(s), -1)
	}
	st.minDay, st.maxDay = noDay, noDay
	for _, o := range st.members {
		if o.day != noDay {
			if st.minDay == noDay || o.day < st.minDay {
				st.minDay = o.day
			}
			if st.maxDay == noDay || o.day > st.maxDay {
				st.maxDay = o.day
			}
		}
	}
	return m
}

// selfSimilarity is the cosine between member i and the rest of its story:
// the bar another story must clear to take the member away.
func selfSimilarity(st *story, i int) float64 {
	if len(st.members) < 2 {
		return 0
	}
	var dot float64
	for _, t := range st.members[i].vec {
		dot += float64(t.w) * float64(st.centroid.get(t.id))
	}
	// S' = S - v: S'·v = S·v - 1, |S'|² = |S|² - 2 S·v + 1.
	rest := st.norm2 - 2*dot + 1
	if rest <= 1e-9 {
		return 0
	}
	return (dot - 1) / math.Sqrt(rest)
}

// Refine revisits the stories touched since the last refinement: it merges
// stories whose centroids have grown alike and moves articles that now sit
// closer to another story than to the rest of their own. Single-pass
// assignment is order-dependent, and the first articles of two same-kind
// events often land together before either story has enough members to
// tell them apart; refinement undoes that once the evidence is in. Add
// calls it every Options.RefineEvery articles; Cluster calls it at the end.
// It may renumber stories (story ids do not change).
func (c *Clusterer) Refine() { c.refine(true) }

func (c *Clusterer) refine(final bool) {
	var todo []int32
	if final {
		for s, st := range c.stories {
			if st.open() {
				todo = append(todo, int32(s))
			}
		}
	} else {
		todo = slices.DeleteFunc(slices.Clone(c.dirty), func(s int32) bool { return c.stories[s].closed })
		slices.Sort(todo)
		todo = slices.Compact(todo)
	}
	c.dirty = c.dirty[:0]
	for range c.opts.RefinePasses {
		moved := 0
		for _, s := range todo {
			st := c.stories[s]
			for i := 0; i < len(st.members); i++ {
				own := selfSimilarity(st, i)
				m := st.members[i]
				to, sim := c.best(m, s, c.opts.Threshold)
				if to < 0 || sim <= own+c.opts.MoveMargin {
					continue
				}
				c.leave(s, i)
				i--
				c.join(int32(to), m)
				moved++
			}
		}
		merged := c.merge(todo)
		split := 0
		for k := 0; k < len(todo); k++ {
			if ns := c.split(todo[k]); ns >= 0 {
				// The new part is refined with the rest, and may split again.
				todo = append(todo, ns)
				split++
			}
		}
		if moved == 0 && merged == 0 && split == 0 {
			break
		}
	}
}

// split cuts story s in two when bisect finds two groups of members
// whose terms occur together far more than chance allows (see bisect.go)
// and each group has at least MinSplit members. The part holding the
// founder keeps the story's slot and id. It returns the new story's slot,
// or -1.
func (c *Clusterer) split(s int32) int32 {
	st := c.stories[s]
	n := len(st.members)
	if st.closed || n < 2*c.opts.MinSplit || n < st.splitAt {
		return -1
	}
	// Revisit a story only when it has grown by a quarter since it was
	// last found whole, so a large story does not cost a pass per add.
	st.splitAt = n + n/4 + 1
	vecs := make([][]term, n)
	for i, m := range st.members {
		vecs[i] = m.vec
	}
	b := bisect(vecs)
	if b.gap < c.opts.SplitThreshold {
		return -1
	}
	count := 0
	for _, x := range b.side {
		if x {
			count++
		}
	}
	if count < c.opts.MinSplit || n-count < c.opts.MinSplit {
		return -1
	}
	// The founder's part stays.
	keep := b.side[0]
	for i, m := range st.members {
		if m.id == st.founder {
			keep = b.side[i]
		}
	}
	var moving []member
	for i := n - 1; i >= 0; i-- {
		if b.side[i] != keep {
			moving = append(moving, c.leave(s, i))
		}
	}
	slices.Reverse(moving)
	ns := c.newStory(moving[0].id, 0)
	for _, m := range moving {
		c.join(ns, m)
	}
	// Both parts were just found whole enough not to be cut again until
	// they grow.
	st.splitAt = len(st.members) + len(st.members)/4 + 1
	c.stories[ns].splitAt = len(moving) + len(moving)/4 + 1
	return ns
}

// twoEvents reports whether the members of stories a and b together hold
// two events by bisect's measure: such stories are not merged, or a merge
// would undo the split that separated them.
func (c *Clusterer) twoEvents(a, b *story) bool {
	vecs := make([][]term, 0, len(a.members)+len(b.members))
	for _, m := range a.members {
		vecs = append(vecs, m.vec)
	}
	for _, m := range b.members {
		vecs = append(vecs, m.vec)
	}
	return bisect(vecs).gap >= c.opts.SplitThreshold
}

// merge joins into each story of todo the candidate stories whose centroid
// is at least MergeThreshold alike; the older story absorbs the younger.
func (c *Clusterer) merge(todo []int32) int {
	merged := 0
	for _, s := range todo {
		st := c.stories[s]
		if !st.open() {
			continue
		}
		vec := centroidVector(st, probeTerms)
		for _, t := range c.candidates(vec) {
			if t == s || !c.stories[t].open() {
				continue
			}
			o := c.stories[t]
			if !c.overlapInTime(st, o) || centroidCosine(st, o) < c.opts.MergeThreshold || c.twoEvents(st, o) {
				continue
			}
			dst, src := s, t
			if src < dst {
				dst, src = src, dst
			}
			for len(c.stories[src].members) > 0 {
				m := c.leave(src, len(c.stories[src].members)-1)
				c.join(dst, m)
			}
			merged++
			if dst != s {
				break // s is gone; its absorber is revisited on its own turn
			}
		}
	}
	return merged
}

func (c *Clusterer) overlapInTime(a, b *story) bool {
	if a.minDay == noDay || b.minDay == noDay || c.opts.Window < 0 {
		return true
	}
	window := int(c.opts.Window.Hours() / 24)
	return a.minDay-window <= b.maxDay && b.minDay-window <= a.maxDay
}

// centroidVector is a story's centroid as a unit vector of its k
// strongest terms, strongest first, for looking up candidate stories
// (which reads only the first probeTerms). A bounded heap picks them: a
// full sort of a large story's centroid cost a tenth of a feed's time.
func centroidVector(st *story, k int) []term {
	stronger := func(x, y term) bool {
		if x.w != y.w {
			return x.w > y.w
		}
		return x.id > y.id // as in vector: numbers, then names, then words
	}
	// h is a min-heap by strength: h[0] is the weakest term kept.
	h := make([]term, 0, k)
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			m := l
			if r := l + 1; r < len(h) && stronger(h[l], h[r]) {
				m = r
			}
			if !stronger(h[i], h[m]) {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	st.centroid.each(func(id tid, w float32) {
		t := term{id, w}
		if len(h) < k {
			h = append(h, t)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !stronger(h[p], h[i]) {
					break
				}
				h[p], h[i] = h[i], h[p]
				i = p
			}
			return
		}
		if stronger(t, h[0]) {
			h[0] = t
			down(0)
		}
	})
	slices.SortFunc(h, func(x, y term) int {
		if stronger(x, y) {
			return -1
		}
		if stronger(y, x) {
			return 1
		}
		return 0
	})
	n := float32(math.Sqrt(st.norm2))
	for i := range h {
		h[i].w /= n
	}
	return h
}

func centroidCosine(a, b *story) float64 {
	if a.norm2 == 0 || b.norm2 == 0 {
		return 0
	}
	if a.centroid.len() > b.centroid.len() {
		a, b = b, a
	}
	// Map order changes from run to run, and float addition in another
	// order can flip a near-tie, which once made titles and merges differ
	// between identical runs. Integer addition does not depend on order,
	// so the products are summed in fixed point (2⁻³² is far below any
	// difference that matters) rather than sorted first, which cost a
	// third of the clustering time.
	var fixed int64
	a.centroid.each(func(id tid, w float32) {
		if v, ok := b.centroid.lookup(id); ok {
			fixed += int64(math.Round(float64(w) * float64(v) * fixedOne))
		}
	})
	dot := float64(fixed) / fixedOne
	return dot / math.Sqrt(a.norm2*b.norm2)
}

// fenwick counts live stories by slot so that a slot's position among
// the live stories is found in O(log n) when stories have been merged away.
type fenwick struct {
	tree []int
	val  []int
}

func (f *fenwick) add(i, d int) {
	for len(f.val) <= i {
		// A new node j sums the slots j&(j+1) … j; all but j exist already.
		j := len(f.val)
		f.val = append(f.val, 0)
		sum := 0
		for k := j & (j + 1); k < j; k++ {
			sum += f.val[k]
		}
		f.tree = append(f.tree, sum)
	}
	f.val[i] += d
	for ; i < len(f.tree); i |= i + 1 {
		f.tree[i] += d
	}
}

// prefix returns the number of live slots before i.
func (f *fenwick) prefix(i int) int {
	n := 0
	for i--; i >= 0; i = i&(i+1) - 1 {
		n += f.tree[i]
	}
	return n
}

// Stories returns the stories so far, in the order they were started. The
// index Add returned points into it until the next Add or Refine, which
// may merge stories and so renumber the later ones.
func (c *Clusterer) Stories() []news.Story {
	out := make([]news.Story, 0, len(c.stories))
	for _, st := range c.stories {
		if len(st.members) == 0 {
			continue // merged into another
		}
		ids := make([]string, len(st.members))
		for j, m := range st.members {
			ids[j] = m.id
		}
		slices.Sort(ids)
		out = append(out, news.Story{ID: storyID(st.founder), Title: st.title(), Articles: ids})
	}
	return out
}

// title is the headline of the member closest to the centroid: the most
// central headline describes the story best. Ties go to the earlier member.
func (st *story) title() string {
	if st.closed {
		return st.closedTitle
	}
	best, bestDot := "", -1.0
	for _, m := range st.members {
		if m.title == "" {
			continue
		}
		var dot float64
		for _, t := range m.vec {
			dot += float64(t.w) * float64(st.centroid.get(t.id))
		}
		if dot > bestDot {
			best, bestDot = m.title, dot
		}
	}
	return best
}

// storyID derives from the founding article's id so that it is the same on
// every run over the same input and does not change as the story grows.
func storyID(founder string) string {
	h := sha256.Sum256([]byte(founder))
	return "s" + hex.EncodeToString(h[:6])
}

// parseDay returns the days since the Unix epoch of an ISO date
// (YYYY-MM-DD, or a longer timestamp starting with one), or noDay.
func parseDay(s string) int {
	if len(s) < 10 {
		return noDay
	}
	t, err := time.Parse(time.DateOnly, s[:10])
	if err != nil {
		return noDay
	}
	return int(t.Unix() / 86400)
}

// Cluster groups a batch of articles into stories. The result does not
// depend on the order of articles: they are added oldest first (undated
// first), ties broken by id, after document frequencies are counted over
// the whole batch.
func Cluster(ctx context.Context, articles []news.Article, opts Options) ([]news.Story, error) {
	return clusterBatch(ctx, sliceSource(articles), true, opts)
}

// Source serves a batch of articles by position. It must be safe for
// concurrent use and return the same article for a position every time.
// dedupe.Source has the same methods, so one source serves both stages.
type Source interface {
	Len() int
	Article(i int) (news.Article, error)
}

type sliceSource []news.Article

func (s sliceSource) Len() int                            { return len(s) }
func (s sliceSource) Article(i int) (news.Article, error) { return s[i], nil }

// ClusterSource is Cluster over the articles of src, holding no text: it
// reads every article twice, once to count document frequencies and once,
// oldest first, to add it, and keeps only the clusterer's state (with
// dated articles, bounded by the stories still open). A batch too large to
// hold in memory, or one a store serves, is clustered this way; the
// stories are those Cluster gives for the same articles.
func ClusterSource(ctx context.Context, src Source, opts Options) ([]news.Story, error) {
	return clusterBatch(ctx, src, false, opts)
}

// clusterBatch is Cluster and ClusterSource. Features are extracted on
// every core a chunk at a time (extraction is most of the per-article
// cost); counting and adding stay in order. keep holds each article's
// features from the counting pass to the adding pass, as Cluster can
// afford for a batch already in memory; without it the adding pass reads
// and extracts again, which holds no more than a chunk.
func clusterBatch(ctx context.Context, src Source, keep bool, opts Options) ([]news.Story, error) {
	n := src.Len()
	c := New(opts)
	type key struct {
		published, id string
		at            int
	}
	keys := make([]key, n)
	var kept []counted
	if keep {
		kept = make([]counted, n)
	}
	const chunk = 512
	arts := make([]news.Article, chunk)
	fs := make([]counted, chunk)
	// read fills arts and fs for the positions at(lo) … at(hi-1).
	read := func(lo, hi int, at func(int) int) error {
		return par.For(ctx, hi-lo, 0, 1, func(_, k int) error {
			a, err := src.Article(at(lo + k))
			if err != nil {
				return fmt.Errorf("article %d: %w", at(lo+k), err)
			}
			arts[k], fs[k] = a, extract(a.Title, a.Text)
			return nil
		})
	}
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		if err := read(lo, hi, func(i int) int { return i }); err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
		for k := range hi - lo {
			keys[lo+k] = key{arts[k].Published, arts[k].ID, lo + k}
			c.count(fs[k])
			if keep {
				kept[lo+k] = fs[k]
			}
		}
	}
	c.primed = true
	// Oldest first, then by id; equal keys keep their position.
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.published, b.published), cmp.Compare(a.id, b.id), cmp.Compare(a.at, b.at))
	})
	for lo := 0; lo < n; lo += chunk {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
		hi := min(lo+chunk, n)
		if keep {
			for k := range hi - lo {
				at := keys[lo+k].at
				a, err := src.Article(at)
				if err != nil {
					return nil, fmt.Errorf("cluster: article %d: %w", at, err)
				}
				arts[k], fs[k], kept[at] = a, kept[at], nil
			}
		} else if err := read(lo, hi, func(i int) int { return keys[i].at }); err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
		for k := range hi - lo {
			if arts[k].ID != keys[lo+k].id || arts[k].Published != keys[lo+k].published {
				return nil, fmt.Errorf("cluster: article %d changed between reads (%s, then %s)", keys[lo+k].at, keys[lo+k].id, arts[k].ID)
			}
			c.addFeatures(arts[k], fs[k])
			arts[k], fs[k] = news.Article{}, nil
		}
	}
	c.Refine()
	return c.Stories(), nil
}

// fixedOne is the scale of the fixed-point sums that keep results
// independent of map order.
const fixedOne = 1 << 32
