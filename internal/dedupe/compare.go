package dedupe

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

// minSharedShingles is the least number of shared shingles for any
// shingle-based link: below it a "copy" is a stock phrase.
const minSharedShingles = 8

// minSentFeats is the least number of content stems a sentence needs to be
// aligned: shorter ones ("He said so.") match anything.
const minSentFeats = 3

// compare decides whether old and d are copies and builds the link, with
// the original as A. old was added before d; cur holds d decoded (once
// for all its candidates). sc is the caller's scratch space: compare
// only reads the index, so that the batch detector can run it on several
// goroutines.
func (ix *Index) compare(sc *scratch, old, d *doc, cur *current) (news.CopyLink, bool) {
	so, sd, fd := old.shingleSet(&sc.sa), cur.shingles, cur.feats
	inter := intersectCount(so, sd)
	small := min(len(so), len(sd))
	shared := small > 0 && inter >= min(minSharedShingles, small)
	var cOld, cNew float64
	if shared {
		cOld = float64(inter) / float64(len(so))
		cNew = float64(inter) / float64(len(sd))
		if c := max(cOld, cNew); c >= ix.opts.DuplicateContainment {
			a, b := orient(old, d, cOld, cNew)
			return news.CopyLink{A: a.id, B: b.id, Kind: news.CopyDuplicate,
				Similarity: round3(c), Evidence: shingleEvidence(&sc.seqs, a, b, c)}, true
		}
	}
	// Below duplicate level the sentence alignment decides between a
	// rewrite (the whole text retold in order) and a shared source (one
	// identical passage in otherwise different texts). A rewrite keeps most
	// content words, so texts sharing few are not aligned at all: that
	// spares most of the cost of candidates that only share names.
	fo := old.features(&sc.fa)
	var al alignment
	if stemOverlap(fo, fd, int(old.nstems), int(d.nstems)) >= minStemOverlap {
		al = ix.align(sc, old, d, fo, fd, cur.weights(ix, d))
	}
	i, j, ok := ix.rewriteRun(al, old, d, false)
	// The longest identical passage needs both texts re-read, so it is
	// looked for only when it can change the outcome: a rewrite run over
	// the whole text is a rewrite whether or not a passage is identical.
	whole := ok && float64(j-i+1) >= wholeTextCoverage*float64(min(ix.alignable(old), ix.alignable(d)))
	var run sharedRun
	if !whole && shared && inter >= ix.opts.SharedPassageWords-shingleSize+1 &&
		maxStreak(sc.seqs.get(d).seq, so)+shingleSize-1 >= ix.opts.SharedPassageWords {
		// The streak bounds the run and needs only d's sequence, which
		// serves all of d's candidates; the old text is re-read only
		// when the bound allows a passage long enough.
		run, _ = longestSharedRun(&sc.seqs, old, d)
	}
	hasRun := run.words >= ix.opts.SharedPassageWords
	if ok && hasRun && !whole {
		// The aligned run may be just the shared passage: count only the
		// paraphrased pairs.
		i, j, ok = ix.rewriteRun(al, old, d, true)
	}
	if ok {
		al = al.sub(i, j, min(ix.alignable(old), ix.alignable(d)))
		a, b := old, d
		if rewriteOriginalIsNew(old, d) {
			a, b = d, old
			al = al.swap()
		}
		return news.CopyLink{A: a.id, B: b.id, Kind: news.CopyRewrite,
			Similarity: round3(min(1, al.coverage)), Evidence: alignEvidence(a, b, sc.seqs.textOf(a), sc.seqs.textOf(b), al)}, true
	}
	if hasRun {
		a, b := orient(old, d, cOld, cNew)
		if a != old {
			run = run.swap()
		}
		sim := float64(inter) / float64(small)
		return news.CopyLink{A: a.id, B: b.id, Kind: news.CopySharedSource,
			Similarity: round3(sim), Evidence: runEvidence(&sc.seqs, a, b, run)}, true
	}
	return news.CopyLink{}, false
}

// orient returns (original, copy). The earlier publication is the original;
// without dates, the more complete text is: the one that contains more of
// the other, then the longer one. Ties keep the article seen first.
func orient(old, d *doc, cOld, cNew float64) (*doc, *doc) {
	if old.published != "" && d.published != "" && old.published != d.published {
		if d.published < old.published {
			return d, old
		}
		return old, d
	}
	// cNew is the share of d found in old: high when old contains d.
	switch {
	case cNew > cOld+0.05:
		return old, d
	case cOld > cNew+0.05:
		return d, old
	case d.words > old.words*11/10:
		return d, old
	case old.published == "" && d.published != "":
		// A tie between a dated and an undated text goes to the dated
		// one whatever the order they were compared in (the batch reads
		// undated articles last, its time blocks first).
		return d, old
	}
	return old, d
}

// identicalSim is the sentence similarity above which an aligned pair is
// a copied sentence rather than a paraphrased one.
const identicalSim = 0.9

// rewriteRun finds the rewrite evidence in an alignment: the longest run
// of aligned pairs [i, j] that is dense on both sides (the pairs are at
// least RewriteDensity of the alignable sentences each text has between the
// run's ends). A rewrite retells a text paragraph by paragraph, so its pairs
// are dense; two independent reports of one story match on their ledes and
// on a few facts far apart, which a global count would add up. When the
// texts share an identical passage, only paraphrased pairs count, so that
// two articles reprinting one press release verbatim are a shared source,
// not a rewrite.
func (ix *Index) rewriteRun(al alignment, a, b *doc, hasRun bool) (int, int, bool) {
	var idx []int
	for k, s := range al.sims {
		if !hasRun || s < identicalSim {
			idx = append(idx, k)
		}
	}
	den := min(ix.alignable(a), ix.alignable(b))
	if len(idx) == 0 || den == 0 {
		return 0, 0, false
	}
	cumA, cumB := ix.alignablePrefix(a), ix.alignablePrefix(b)
	bi, bj, best := 0, -1, 0
	for x := range idx {
		for y := len(idx) - 1; y >= x && y-x+1 > best; y-- {
			p, q := al.pairs[idx[x]], al.pairs[idx[y]]
			n := y - x + 1
			spanA := cumA[q[0]+1] - cumA[p[0]]
			spanB := cumB[q[1]+1] - cumB[p[1]]
			if float64(n) >= ix.opts.RewriteDensity*float64(max(spanA, spanB)) {
				bi, bj, best = idx[x], idx[y], n
			}
		}
	}
	cov := float64(best) / float64(den)
	ok := best >= ix.opts.RewriteMinAligned && cov >= ix.opts.RewriteCoverage ||
		best >= 4 && cov >= shortRewriteCoverage
	return bi, bj, ok
}

// wholeTextCoverage is the coverage at which an alignment spans the whole
// text, so that an identical passage inside it is part of the rewrite and
// not a shared source.
const wholeTextCoverage = 0.5

// shortRewriteCoverage is the coverage that makes a rewrite of a text too
// short to reach RewriteMinAligned pairs.
const shortRewriteCoverage = 0.75

// alignablePrefix returns the running count of alignable sentences:
// out[i] is the number among the first i.
func (ix *Index) alignablePrefix(d *doc) []int {
	out := make([]int, d.nsents()+1)
	for i := range d.nsents() {
		out[i+1] = out[i]
		if ix.usable(d.sent(i)) {
			out[i+1]++
		}
	}
	return out
}

func rewriteOriginalIsNew(old, d *doc) bool {
	if old.published != "" && d.published != "" && old.published != d.published {
		return d.published < old.published
	}
	return d.words > old.words*11/10 ||
		old.words <= d.words*11/10 && old.published == "" && d.published != "" // the tie rule of orient
}

// minStemOverlap is the least share of the smaller text's content stems
// that the other must have for a sentence alignment to be tried. Rewrites
// measured keep 0.35 (seed 003) to 0.8 and more; unrelated texts share
// under 0.1.
const minStemOverlap = 0.2

// stemOverlap takes the two articles' features and their numbers of
// distinct stems.
func stemOverlap(a, b []uint64, na, nb int) float64 {
	n := min(na, nb)
	if n == 0 {
		return 0
	}
	return float64(intersectStems(a, b)) / float64(n)
}

// nextStem returns the index of the first feature after i with another
// stem: feats are sorted by stem, each stem's sentences in one run.
func nextStem(feats []uint64, i int) int {
	s := feats[i] >> 32
	for i++; i < len(feats) && feats[i]>>32 == s; i++ {
	}
	return i
}

// distinctStems counts the distinct stems of sorted features: the
// article's content-stem set, which is not stored separately.
func distinctStems(feats []uint64) int {
	n := 0
	for i := 0; i < len(feats); i = nextStem(feats, i) {
		n++
	}
	return n
}

// intersectStems counts the stems two sorted feature lists share.
func intersectStems(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		sa, sb := a[i]>>32, b[j]>>32
		switch {
		case sa < sb:
			i = nextStem(a, i)
		case sa > sb:
			j = nextStem(b, j)
		default:
			n++
			i, j = nextStem(a, i), nextStem(b, j)
		}
	}
	return n
}

func intersectCount(a, b []uint32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// maxStreak returns the length of the longest stretch of seq whose
// shingles all belong to the sorted set: an upper bound on the shingles of
// an identical passage, which must also be consecutive in the other text.
func maxStreak(seq, set []uint32) int {
	best, cur := 0, 0
	for _, h := range seq {
		if _, ok := slices.BinarySearch(set, h); ok {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

func (r sharedRun) swap() sharedRun {
	return sharedRun{words: r.words, aStart: r.bStart, aEnd: r.bEnd, bStart: r.aStart, bEnd: r.aEnd}
}

type sharedRun struct {
	words        int
	aStart, aEnd int // byte offsets in a.text
	bStart, bEnd int // byte offsets in b.text
}

// longestSharedRun finds the longest passage of b whose consecutive
// shingles all occur, consecutively, in a: an identical stretch of text.
func longestSharedRun(c *seqCache, a, b *doc) (sharedRun, bool) {
	qa, qb := c.get(a), c.get(b)
	sa, atA, endA := qa.seq, qa.at, qa.end
	sb, atB, endB := qb.seq, qb.at, qb.end
	pos := qa.firstIndex()
	var best sharedRun
	found := false
	for i := 0; i < len(sb); {
		p, ok := pos[sb[i]]
		if !ok {
			i++
			continue
		}
		j := i + 1
		q := p + 1
		for j < len(sb) && int(q) < len(sa) && sa[q] == sb[j] {
			j++
			q++
		}
		if w := j - i + shingleSize - 1; w > best.words {
			best = sharedRun{words: w,
				aStart: int(atA[p]), aEnd: int(endA[q-1]),
				bStart: int(atB[i]), bEnd: int(endB[j-1])}
			found = true
		}
		i = j
	}
	return best, found
}

// alignment is a monotone alignment of sentences of a with sentences of b.
type alignment struct {
	pairs    [][2]int32 // sentence indexes (a, b), in order
	sims     []float64
	coverage float64 // aligned pairs / alignable sentences of the shorter text
	score    float64 // summed similarity of the pairs / the same denominator
}

// sub keeps the pairs i..j (those of the rewrite run) and recomputes the
// coverage over den alignable sentences.
func (al alignment) sub(i, j, den int) alignment {
	out := alignment{pairs: al.pairs[i : j+1], sims: al.sims[i : j+1]}
	if den > 0 {
		out.coverage = float64(len(out.pairs)) / float64(den)
	}
	return out
}

func (al alignment) swap() alignment {
	out := al
	out.pairs = make([][2]int32, len(al.pairs))
	for i, p := range al.pairs {
		out.pairs[i] = [2]int32{p[1], p[0]}
	}
	return out
}

// align computes the best monotone alignment of the sentences of a and b,
// a pair counting when the idf-weighted overlap of its content stems
// reaches RewriteSentenceSim. Quoted words are not features, so two
// articles quoting the same statement do not align on it.
// fa and fb are the features of a and b, wb the sentence weights of b.
func (ix *Index) align(sc *scratch, a, b *doc, fa, fb []uint64, wb []float64) alignment {
	na, nb := a.nsents(), b.nsents()
	if na == 0 || nb == 0 {
		return alignment{}
	}
	wa := ix.sentWeights(&sc.wa, a, fa)
	m := grow(&sc.m, na*nb)
	// Merge the (stem, sentence) lists: equal stems add their weight to
	// every sentence pair holding them. The run lengths are the numbers of
	// sentences holding the stem in each text.
	i, j := 0, 0
	touched := false
	for i < len(fa) && j < len(fb) {
		sa, sb := fa[i]>>32, fb[j]>>32
		switch {
		case sa < sb:
			i++
		case sa > sb:
			j++
		default:
			i2, j2 := i, j
			for i2 < len(fa) && fa[i2]>>32 == sa {
				i2++
			}
			for j2 < len(fb) && fb[j2]>>32 == sb {
				j2++
			}
			w := ix.idf(uint32(sa))
			for _, fa := range fa[i:i2] {
				ra := int(uint32(fa))
				for _, fb := range fb[j:j2] {
					m[ra*nb+int(uint32(fb))] += w
					touched = true
				}
			}
			i, j = i2, j2
		}
	}
	if !touched {
		return alignment{}
	}
	tau := ix.opts.RewriteSentenceSim
	for r := 0; r < na; r++ {
		for c := 0; c < nb; c++ {
			v := m[r*nb+c]
			if v == 0 {
				continue
			}
			if !ix.usable(a.sent(r)) || !ix.usable(b.sent(c)) {
				m[r*nb+c] = 0
				continue
			}
			s := 2 * v / (wa[r] + wb[c])
			if s < tau {
				s = 0
			}
			m[r*nb+c] = s
		}
	}
	// Weighted longest common subsequence over the matching pairs.
	dp := grow(&sc.dp, (na+1)*(nb+1))
	w := nb + 1
	for r := 1; r <= na; r++ {
		for c := 1; c <= nb; c++ {
			best := dp[(r-1)*w+c]
			if v := dp[r*w+c-1]; v > best {
				best = v
			}
			if s := m[(r-1)*nb+c-1]; s > 0 {
				if v := dp[(r-1)*w+c-1] + s; v > best {
					best = v
				}
			}
			dp[r*w+c] = best
		}
	}
	var al alignment
	for r, c := na, nb; r > 0 && c > 0; {
		s := m[(r-1)*nb+c-1]
		switch {
		case s > 0 && dp[r*w+c] == dp[(r-1)*w+c-1]+s:
			al.pairs = append(al.pairs, [2]int32{int32(r - 1), int32(c - 1)})
			al.sims = append(al.sims, s)
			r--
			c--
		case dp[r*w+c] == dp[(r-1)*w+c]:
			r--
		default:
			c--
		}
	}
	for x, y := 0, len(al.pairs)-1; x < y; x, y = x+1, y-1 {
		al.pairs[x], al.pairs[y] = al.pairs[y], al.pairs[x]
		al.sims[x], al.sims[y] = al.sims[y], al.sims[x]
	}
	den := min(ix.alignable(a), ix.alignable(b))
	if den > 0 {
		al.coverage = float64(len(al.pairs)) / float64(den)
		al.score = min(1, dp[na*w+nb]/float64(den))
	}
	return al
}

// sentWeights returns each sentence's total feature weight.
// grow returns (*buf)[:n] zeroed, reallocating only when too small.
func grow(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	b := (*buf)[:n]
	clear(b)
	return b
}

func (ix *Index) sentWeights(buf *[]float64, d *doc, feats []uint64) []float64 {
	ws := grow(buf, d.nsents())
	for i := 0; i < len(feats); {
		j := i
		for j < len(feats) && feats[j]>>32 == feats[i]>>32 {
			j++
		}
		w := ix.idf(uint32(feats[i] >> 32))
		for _, f := range feats[i:j] {
			ws[uint32(f)] += w
		}
		i = j
	}
	return ws
}

// usable reports whether a sentence can be aligned: long enough to mean
// something, and not boilerplate seen in many articles (a site's "Read
// more" line, a spinner's stock sentence), which would align unrelated
// texts.
func (ix *Index) usable(s sentence) bool {
	return s.nfeat >= minSentFeats && ix.sentCount[s.hash&sentCountMask] < boilerplateDF
}

func (ix *Index) alignable(d *doc) int {
	n := 0
	for i := range d.nsents() {
		if ix.usable(d.sent(i)) {
			n++
		}
	}
	return n
}

func round3(x float64) float64 {
	return float64(int(x*1000+0.5)) / 1000
}

// paraIndex returns the index of the paragraph a sentence starting at off
// belongs to: the first ending after off (the last when none does).
func paraIndex(paras []news.Span, off int) int {
	if len(paras) == 0 {
		return 0
	}
	return paraOf(paras, off) - 1
}

// paraOf returns the 1-based paragraph number holding byte offset off.
func paraOf(paras []news.Span, off int) int {
	i := sort.Search(len(paras), func(i int) bool { return paras[i].End > off })
	if i == len(paras) {
		i = len(paras) - 1
	}
	return i + 1
}

// excerpt returns the first words of s[start:end], cut at a word boundary.
func excerpt(s string, start, end int) string {
	const maxBytes = 60
	t := strings.Join(strings.Fields(s[start:end]), " ")
	if len(t) <= maxBytes {
		return t
	}
	cut := maxBytes
	for cut > 0 && !utf8.RuneStart(t[cut]) {
		cut--
	}
	if sp := strings.LastIndexByte(t[:cut], ' '); sp > maxBytes/2 {
		cut = sp
	}
	return t[:cut] + "…"
}

// paraPairs renders a sequence of (paragraph of a, paragraph of b) pairs,
// merging runs that advance together: "¶1–¶4 ↔ ¶2–¶5".
func paraPairs(pairs [][2]int, limit int) string {
	type run struct{ a0, a1, b0, b1 int }
	var runs []run
	for _, p := range pairs {
		if n := len(runs); n > 0 {
			r := &runs[n-1]
			if p[0] == r.a1 && p[1] == r.b1 {
				continue
			}
			if p[0] == r.a1+1 && p[1] == r.b1+1 {
				r.a1, r.b1 = p[0], p[1]
				continue
			}
		}
		runs = append(runs, run{p[0], p[0], p[1], p[1]})
	}
	span := func(x, y int) string {
		if x == y {
			return fmt.Sprintf("¶%d", x)
		}
		return fmt.Sprintf("¶%d–¶%d", x, y)
	}
	var parts []string
	for i, r := range runs {
		if i == limit {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, span(r.a0, r.a1)+" ↔ "+span(r.b0, r.b1))
	}
	return strings.Join(parts, ", ")
}

// shingleEvidence explains a duplicate: which paragraphs of a reappear in
// which paragraphs of b, with the opening words of the first match.
func shingleEvidence(sc *seqCache, a, b *doc, c float64) string {
	qa, qb := sc.get(a), sc.get(b)
	atA := qa.at
	sb, atB := qb.seq, qb.at
	first := qa.firstIndex()
	var pairs [][2]int
	ex := ""
	for i, h := range sb {
		p, ok := first[h]
		if !ok {
			continue
		}
		pa, pb := paraOf(qa.paras, int(atA[p])), paraOf(qb.paras, int(atB[i]))
		pairs = append(pairs, [2]int{pa, pb})
		if ex == "" {
			ea, eb := qa.paras[pa-1], qb.paras[pb-1]
			ex = fmt.Sprintf(" (%q ↔ %q)", excerpt(qa.text, int(atA[p]), ea.End), excerpt(qb.text, int(atB[i]), eb.End))
		}
	}
	return fmt.Sprintf("%.0f%% of the shorter text's 5-word shingles occur in the other; %s%s",
		100*c, paraPairs(pairs, 8), ex)
}

// runEvidence explains a shared-source link by its longest identical passage.
func runEvidence(sc *seqCache, a, b *doc, r sharedRun) string {
	qa, pb := sc.get(a), sc.get(b).paras
	return fmt.Sprintf("identical passage of %d words outside quotations: ¶%d ↔ ¶%d (%q)",
		r.words, paraOf(qa.paras, r.aStart), paraOf(pb, r.bStart), excerpt(qa.text, r.aStart, r.aEnd))
}

// alignEvidence explains a rewrite by its aligned paragraphs, quoting the
// first aligned sentences; ta and tb are the texts of a and b.
func alignEvidence(a, b *doc, ta, tb string, al alignment) string {
	pa, pb := text.Paragraphs(ta), text.Paragraphs(tb)
	pairs := make([][2]int, len(al.pairs))
	for i, p := range al.pairs {
		pairs[i] = [2]int{paraIndex(pa, int(a.sent(int(p[0])).start)) + 1, paraIndex(pb, int(b.sent(int(p[1])).start)) + 1}
	}
	var ex []string
	for _, p := range al.pairs[:min(2, len(al.pairs))] {
		sa, sb := a.sent(int(p[0])), b.sent(int(p[1]))
		ex = append(ex, fmt.Sprintf("%q ↔ %q", excerpt(ta, int(sa.start), int(sa.end)), excerpt(tb, int(sb.start), int(sb.end))))
	}
	return fmt.Sprintf("%d sentences paraphrased in the same order (%.0f%% of the shorter text): %s; e.g. %s",
		len(al.pairs), 100*al.coverage, paraPairs(pairs, 8), strings.Join(ex, "; "))
}

// seqData is a doc's shingle sequence (see shingleSeq) and, built on
// first need, the index in seq of each hash's first occurrence.
type seqData struct {
	text    string
	seq     []uint32
	at, end []int32
	paras   []news.Span
	first   map[uint32]int32
}

// firstIndex maps each shingle hash to its first position in seq.
func (q *seqData) firstIndex() map[uint32]int32 {
	if q.first == nil {
		q.first = make(map[uint32]int32, len(q.seq))
		for i := len(q.seq) - 1; i >= 0; i-- {
			q.first[q.seq[i]] = int32(i)
		}
	}
	return q.first
}

// seqCacheSize bounds the shingle sequences kept: about 12 bytes a word
// plus the first-index map, a few MB in all. The sequence of a new article
// is compared with every candidate, and an original with each of its
// copies as they arrive, so a small cache saves most of the recomputing.
const seqCacheSize = 128

// seqCache keeps the shingle sequences of the docs compared last. It only
// saves work: a sequence is the same whether cached or recomputed.
type seqCache struct {
	// fetch returns a doc's text when docs do not hold it (the batch
	// detector reads texts from its Source); nil means d.text.
	fetch func(*doc) string
	m     map[*doc]*seqData
	ring  [seqCacheSize]*doc // insertion order, for eviction
	next  int
}

func (c *seqCache) get(d *doc) *seqData {
	if q, ok := c.m[d]; ok {
		return q
	}
	if c.m == nil {
		c.m = make(map[*doc]*seqData, seqCacheSize)
	}
	if old := c.ring[c.next]; old != nil {
		delete(c.m, old)
	}
	q := &seqData{text: c.textOf(d)}
	q.paras = text.Paragraphs(q.text)
	q.seq, q.at, q.end = d.shingleSeqIn(q.text, q.paras)
	c.m[d] = q
	c.ring[c.next] = d
	c.next = (c.next + 1) % seqCacheSize
	return q
}

// textOf returns d's text, from the doc or from fetch.
func (c *seqCache) textOf(d *doc) string {
	if c.fetch == nil {
		return d.text
	}
	if q, ok := c.m[d]; ok {
		return q.text
	}
	return c.fetch(d)
}
