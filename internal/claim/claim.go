package claim

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
	"github.com/triangulate/triangulate/internal/news"
)

// Options tunes claim matching. The zero value is the tested default.
type Options struct {
	// MatchLex is the weighted content-word overlap (Dice, 0–1) two
	// sentences that share an entity and an event concept need to state
	// the same thing. 0 means 0.3.
	MatchLex float64
	// CopyLex is the overlap at which two sentences sharing an entity are
	// the same statement whatever their verbs. 0 means 0.55.
	CopyLex float64
	// MaxClaims caps the claims returned for one call (one story): the
	// best supported are kept. 0 means 10 + 5 per article, at most 150.
	MaxClaims int
	// Gazetteer holds the known names misspellings are checked against;
	// nil means gazetteer.Default(), and name checks against known names
	// are skipped if that fails.
	Gazetteer *gazetteer.Gazetteer
}

func (o Options) withDefaults(nArticles int) Options {
	if o.MatchLex <= 0 {
		o.MatchLex = 0.3
	}
	if o.CopyLex <= 0 {
		o.CopyLex = 0.55
	}
	if o.MaxClaims <= 0 {
		o.MaxClaims = min(10+5*nArticles, 150)
	}
	if o.Gazetteer == nil {
		if g, err := gazetteer.Default(); err == nil {
			o.Gazetteer = g
		}
	}
	return o
}

// Input is one story's articles with what earlier stages found in them.
type Input struct {
	Articles []news.Article // ID and Text set; Sentences used when filled
	// Groups are the source groups: corroboration counts groups, not
	// articles. An article in no group is a group of its own.
	Groups   [][]string
	Entities []news.Entity // resolved entities with their mentions
	// Ref is each article's reference day for relative dates ("on
	// Monday"); an article missing here resolves only absolute dates.
	Ref map[string]time.Time
}

// Analyze extracts the claims of a story's articles, matches those that
// state the same thing across articles, and finds the conflicts between
// articles. Claims come sorted by support (independent sources, then
// numbers and dates stated), conflicts by kind and position. The result
// depends only on the input.
func Analyze(in Input, opts Options) (claims []news.Claim, conflicts []news.Conflict) {
	opts = opts.withDefaults(len(in.Articles))
	k := keyer{gz: opts.Gazetteer}
	ss := analyse(in, k)
	w := newIDF(ss)
	clusters := cluster(ss, w, opts)

	conflicts = append(conflicts, numberConflicts(in, ss, w)...)
	conflicts = append(conflicts, dateConflicts(in, ss, clusters)...)
	conflicts = append(conflicts, statementConflicts(in, ss)...)
	contested := map[int]bool{} // sentence indices a conflict touches
	for _, c := range conflicts {
		for i, s := range ss {
			if touches(in, s, c.A) || touches(in, s, c.B) {
				contested[i] = true
			}
		}
	}
	conflicts = append(conflicts, nameConflicts(in, opts.Gazetteer)...)
	sortConflicts(conflicts)

	claims = buildClaims(in, ss, clusters, contested, opts)
	return claims, conflicts
}

func touches(in Input, s sent, sp news.SourceSpan) bool {
	return in.Articles[s.art].ID == sp.Article && sp.Start < s.span.End && sp.End > s.span.Start
}

// pair is a candidate match between two sentences.
type pair struct {
	i, j  int
	score float64
}

// match decides whether two sentences of different articles state the
// same thing, and how strongly. The rules, any of which suffices, all
// need a shared entity (a claim is about something):
//   - the same number of the same unit, and the same event concept or some
//     shared wording ("shot down 10 of 15 drones" ≈ "10 out of 15 drones
//     were downed");
//   - the same event concept and MatchLex of the content words;
//   - CopyLex of the content words (a sentence copied or lightly edited).
//
// Numbers of the same unit that cannot agree veto a match: they are a
// conflict, not a paraphrase.
func match(a, b *sent, w idf, o Options) (float64, bool) {
	if a.art == b.art {
		return 0, false
	}
	ke := intersect(a.keys, b.keys)
	if ke == 0 {
		return 0, false
	}
	sameNum, clash := numbersAgree(a, b)
	if clash {
		return 0, false
	}
	for _, x := range a.sups {
		for _, y := range b.sups {
			if x.qualified != y.qualified && x.subject == y.subject && x.possessor == y.possessor && x.head == y.head {
				return 0, false // "one of the top backers" is not "the top backer"
			}
		}
	}
	sharedPred := sharesPred(a, b)
	lexv := w.lexSimSent(a, b)
	entv := float64(ke) / float64(max(min(len(a.keys), len(b.keys)), 1))
	jacc := float64(ke) / float64(len(a.keys)+len(b.keys)-ke)
	score := lexv + 0.3*entv
	switch {
	case sameNum && (sharedPred || lexv >= 0.15):
		return score + 0.5, true
	case sharedPred && lexv >= o.MatchLex && jacc >= 0.5 && sharedWords(a, b) >= 2:
		return score + 0.2, true
	case lexv >= o.CopyLex:
		return score, true
	}
	return 0, false
}

// sharedWords counts the content stems (not concepts) two sentences share.
func sharedWords(a, b *sent) int {
	n := 0
	for _, x := range a.stems {
		if !strings.HasPrefix(x, "@") && slices.Contains(b.stems, x) {
			n++
		}
	}
	return n
}

func sharesPred(a, b *sent) bool {
	for _, p := range a.preds {
		for _, q := range b.preds {
			if p.concept == q.concept {
				return true
			}
		}
	}
	return false
}

// numbersAgree reports whether two sentences state an identical number
// of the same unit, and whether some number of the same unit cannot agree
// with any of the other's.
func numbersAgree(a, b *sent) (same, clash bool) {
	units := 0
	agree := 0
	for _, p := range a.qs {
		if p.Unit == "" || p.Partial || p.Age {
			continue
		}
		found, ok := false, false
		for _, q := range b.qs {
			if q.Unit != p.Unit || (p.Of > 0) != (q.Of > 0) || q.Partial || q.Age || p.Rate != q.Rate {
				continue
			}
			found = true
			if overlaps(p, q) {
				ok = true
				if p.exact() && q.exact() && p.Lo == q.Lo && p.Of == q.Of {
					same = true
				}
			}
		}
		if found {
			units++
			if ok {
				agree++
			}
		}
	}
	return same, units > 0 && agree == 0
}

// overlaps reports whether two quantities can describe the same value:
// their intervals meet, exact values within 1% (rounding), and the wholes
// of partitives likewise.
func overlaps(p, q Quantity) bool {
	tol := func(x Quantity) (float64, float64) {
		if x.exact() {
			return x.Lo * 0.99, x.Hi * 1.01
		}
		return x.Lo, x.Hi
	}
	plo, phi := tol(p)
	qlo, qhi := tol(q)
	if phi < qlo || qhi < plo {
		return false
	}
	if p.Of > 0 && q.Of > 0 && math.Abs(p.Of-q.Of) > 0.01*math.Max(p.Of, q.Of) {
		return false
	}
	return true
}

// cluster groups matching sentences: best pairs first, by complete
// linkage, so that single links never chain a paraphrase of a paraphrase
// into a different statement.
func cluster(ss []sent, w idf, o Options) [][]int {
	byKey := map[string][]int{}
	for i := range ss {
		if ss[i].skip {
			continue
		}
		for _, k := range ss[i].keys {
			byKey[k] = append(byKey[k], i)
		}
	}
	// Every pair i < j sharing a key is tried once: mark[j] == i+1 says
	// j was tried with i already (a pair often shares several keys).
	matched := map[[2]int]bool{}
	var pairs []pair
	mark := make([]int, len(ss))
	for i := range ss {
		if ss[i].skip {
			continue
		}
		for _, k := range ss[i].keys {
			idx := byKey[k]
			for _, j := range idx[sort.SearchInts(idx, i+1):] {
				if mark[j] == i+1 {
					continue
				}
				mark[j] = i + 1
				if sc, ok := match(&ss[i], &ss[j], w, o); ok {
					pairs = append(pairs, pair{i, j, sc})
					matched[[2]int{i, j}] = true
				}
			}
		}
	}
	sort.Slice(pairs, func(x, y int) bool {
		if pairs[x].score != pairs[y].score {
			return pairs[x].score > pairs[y].score
		}
		if pairs[x].i != pairs[y].i {
			return pairs[x].i < pairs[y].i
		}
		return pairs[x].j < pairs[y].j
	})
	parent := make([]int, len(ss))
	members := make([][]int, len(ss))
	for i := range parent {
		parent[i] = i
		members[i] = []int{i}
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, p := range pairs {
		ri, rj := find(p.i), find(p.j)
		if ri == rj || !compatible(matched, ss, members[ri], members[rj]) {
			continue
		}
		if len(members[ri]) < len(members[rj]) {
			ri, rj = rj, ri
		}
		parent[rj] = ri
		members[ri] = append(members[ri], members[rj]...)
		members[rj] = nil
	}
	var out [][]int
	for i := range ss {
		if find(i) == i && !ss[i].skip {
			m := members[i]
			sort.Ints(m)
			out = append(out, m)
		}
	}
	return out
}

// compatible is complete linkage: two groups merge only when every pair
// across them matches, and a claim cites one sentence per article.
func compatible(matched map[[2]int]bool, ss []sent, a, b []int) bool {
	for _, i := range a {
		for _, j := range b {
			if ss[i].art == ss[j].art || !matched[[2]int{min(i, j), max(i, j)}] {
				return false
			}
		}
	}
	return true
}

// buildClaims turns clusters into claims: the worthy ones, best supported
// first, at most MaxClaims.
func buildClaims(in Input, ss []sent, clusters [][]int, contested map[int]bool, o Options) []news.Claim {
	type cand struct {
		c     news.Claim
		score float64
		first int
	}
	var cands []cand
	for _, m := range clusters {
		worthy, hot := false, false
		groups := map[int]bool{}
		nums, dates := 0, 0
		for _, i := range m {
			worthy = worthy || ss[i].worthy
			hot = hot || contested[i]
			groups[ss[i].group] = true
			nums = max(nums, len(ss[i].qs))
			dates = max(dates, len(ss[i].dates))
		}
		if !worthy {
			continue
		}
		best := clearest(ss, m)
		c := news.Claim{Text: ss[best].text, IndependentSources: len(groups)}
		h := xxh3.New()
		for _, i := range m {
			s := ss[i]
			id := in.Articles[s.art].ID
			c.Sources = append(c.Sources, news.SourceSpan{Article: id, Start: s.span.Start, End: s.span.End, Text: s.text})
			fmt.Fprintf(h, "%s:%d:%d;", id, s.span.Start, s.span.End)
		}
		c.ID = fmt.Sprintf("c%010x", h.Sum64()>>24)
		switch {
		case hot:
			c.Status = news.StatusContested
		case len(groups) >= 2:
			c.Status = news.StatusCorroborated
		default:
			c.Status = news.StatusSingleSource
		}
		score := 3*float64(len(groups)-1) + 1.5*float64(min(nums, 2)) + 0.7*float64(min(dates, 1)) +
			0.3*float64(min(len(ss[best].keys), 3))
		if hot {
			score += 4
		}
		cands = append(cands, cand{c, score, m[0]})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].first < cands[j].first
	})
	if len(cands) > o.MaxClaims {
		cands = cands[:o.MaxClaims]
	}
	out := make([]news.Claim, len(cands))
	for i, c := range cands {
		out[i] = c.c
	}
	return out
}

// clearest picks the member sentence a reader should see: a plain
// statement (not a quotation, not opening with a pronoun) of moderate
// length that carries the cluster's entities and numbers.
func clearest(ss []sent, m []int) int {
	best, bestScore := m[0], math.Inf(-1)
	for _, i := range m {
		s := &ss[i]
		n := float64(len(s.words))
		sc := 0.4*float64(min(len(s.keys), 4)) + 0.6*float64(min(len(s.qs), 2)) + 0.3*float64(min(len(s.dates), 1))
		sc -= 0.03 * math.Abs(n-28)
		if s.quoted || strings.ContainsAny(s.text, "“”\"") {
			sc -= 1
		}
		first := strings.ToLower(strings.SplitN(s.text, " ", 2)[0])
		switch first {
		case "he", "she", "it", "they", "this", "that", "these", "those", "his", "her", "its", "their":
			sc -= 1
		}
		if s.skip {
			sc -= 3
		}
		if sc > bestScore {
			best, bestScore = i, sc
		}
	}
	return best
}

func sortConflicts(cs []news.Conflict) {
	rank := map[string]int{news.ConflictNumber: 0, news.ConflictDate: 1, news.ConflictStatement: 2, news.ConflictName: 3}
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if rank[a.Kind] != rank[b.Kind] {
			return rank[a.Kind] < rank[b.Kind]
		}
		if a.A.Article != b.A.Article {
			return a.A.Article < b.A.Article
		}
		if a.A.Start != b.A.Start {
			return a.A.Start < b.A.Start
		}
		if a.B.Article != b.B.Article {
			return a.B.Article < b.B.Article
		}
		return a.B.Start < b.B.Start
	})
}
