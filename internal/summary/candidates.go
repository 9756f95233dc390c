package summary

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

// candidate is one distinct sentence of the story: every verbatim copy of
// it (in copies of one article, or repeated in one article) is folded in,
// so that it is counted once and cites each copy.
type candidate struct {
	text    string
	sources []news.SourceSpan // every span whose text is exactly text
	art     int               // index of the article it first appears in (time order)
	pos     int               // its rank among the kept sentences of that article, from 0
	start   int               // byte offset in that article, for ordering
	words   int               // white-space separated words, as ROUGE and readers count them
	arts    []int             // the articles that carry it (normalised text equal)
	groups  []int             // the source groups of those articles
	terms   []int             // content-word ids, one per occurrence
	bigrams []int             // bigram ids (both words stemmed; not both stop words)
	uterms  []int             // terms without repeats, for marginal gains
	ubigram []int             // bigrams without repeats
	vec     sparse            // unit TF-IDF vector over terms
	// dangling: the sentence opens with a pronoun or a connective that
	// points at a sentence before it, which the summary may not carry.
	dangling bool
}

// sparse is a vector over term ids: ids ascending, w the weights.
type sparse struct {
	ids []int
	w   []float64
}

// vocab gives dense ids to stems and bigrams within one story.
type vocab struct{ ids map[string]int }

func (v *vocab) id(s string) int {
	if id, ok := v.ids[s]; ok {
		return id
	}
	id := len(v.ids)
	v.ids[s] = id
	return id
}

// story is the prepared input of a summariser.
type story struct {
	cands   []*candidate
	arts    []news.Article
	order   []int // article indices sorted by time
	groupOf []int // article index → source group
	nTerm   int
	nBigram int
}

// prepare folds the articles' sentences into candidates. With filter set,
// junk sentences (see junk) are left out; the baselines run unfiltered.
// groups map article ids to source groups; an article in no group is a
// group of its own.
func prepare(articles []news.Article, groups [][]string, filter bool) *story {
	st := &story{arts: articles, groupOf: make([]int, len(articles))}
	st.order = make([]int, len(articles))
	for i := range st.order {
		st.order[i] = i
	}
	// Time order: dated articles by date, undated ones after them, in
	// input order, so that a summary reads as the events unfolded.
	slices.SortStableFunc(st.order, func(a, b int) int {
		pa, pb := articles[a].Published, articles[b].Published
		switch {
		case pa == pb:
			return 0
		case pa == "":
			return 1
		case pb == "":
			return -1
		}
		return strings.Compare(pa, pb)
	})
	groupOf := map[string]int{}
	for g, ids := range groups {
		for _, id := range ids {
			if _, ok := groupOf[id]; !ok {
				groupOf[id] = g
			}
		}
	}
	next := len(groups)
	artGroup := make([]int, len(articles))
	for i, a := range articles {
		g, ok := groupOf[a.ID]
		if !ok {
			g = next
			next++
		}
		artGroup[i] = g
		st.groupOf[i] = g
	}

	voc := &vocab{ids: map[string]int{}}
	// Bigrams are keyed by the ids of their two stems (any stem, stop word
	// or not); stems hold no space, so a pair names the same bigram as the
	// string "x y" would, and ids are given in the same first-seen order.
	svoc := &vocab{ids: map[string]int{}}
	bvoc := map[[2]int]int{}
	var sids []int
	byKey := map[string]*candidate{}
	for rank, ai := range st.order {
		_ = rank
		a := &articles[ai]
		spans := a.Sentences
		if len(spans) == 0 {
			spans = text.Sentences(a.Text)
		}
		pos := 0
		for _, sp := range spans {
			if sp.Start < 0 || sp.End > len(a.Text) || sp.Start >= sp.End {
				continue
			}
			s := a.Text[sp.Start:sp.End]
			if filter && junk(s) {
				continue
			}
			toks := words(s)
			if len(toks) == 0 {
				continue
			}
			key := strings.Join(toks, " ")
			src := news.SourceSpan{Article: a.ID, Start: sp.Start, End: sp.End}
			if c, ok := byKey[key]; ok {
				// The same sentence again: one more citation when the text is
				// exactly the same (a span must contain what it supports),
				// and one more group in support.
				if s == c.text && !hasSource(c.sources, src) {
					c.sources = append(c.sources, src)
				}
				c.arts = addGroup(c.arts, ai)
				c.groups = addGroup(c.groups, artGroup[ai])
				continue
			}
			c := &candidate{text: s, sources: []news.SourceSpan{src}, art: ai, pos: pos, start: sp.Start,
				words: len(strings.Fields(s)), arts: []int{ai}, groups: []int{artGroup[ai]}, dangling: dangling(toks)}
			sids = sids[:0]
			for _, t := range toks {
				st := stem(t)
				sids = append(sids, svoc.id(st))
				if !stopword(t) {
					c.terms = append(c.terms, voc.id(st))
				}
			}
			for i := 0; i+1 < len(toks); i++ {
				if stopword(toks[i]) && stopword(toks[i+1]) {
					continue
				}
				k := [2]int{sids[i], sids[i+1]}
				id, ok := bvoc[k]
				if !ok {
					id = len(bvoc)
					bvoc[k] = id
				}
				c.bigrams = append(c.bigrams, id)
			}
			c.uterms = unique(c.terms)
			c.ubigram = unique(c.bigrams)
			byKey[key] = c
			st.cands = append(st.cands, c)
			pos++
		}
	}
	st.nTerm = len(voc.ids)
	st.nBigram = len(bvoc)
	st.vectors()
	return st
}

func unique(ids []int) []int {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

func hasSource(ss []news.SourceSpan, s news.SourceSpan) bool {
	for _, x := range ss {
		if x.Article == s.Article && x.Start == s.Start && x.End == s.End {
			return true
		}
	}
	return false
}

func addGroup(gs []int, g int) []int {
	if slices.Contains(gs, g) {
		return gs
	}
	return append(gs, g)
}

// vectors fills each candidate's unit TF-IDF vector, IDF over the story's
// sentences (the "documents" of LexRank).
func (st *story) vectors() {
	df := make([]int, st.nTerm)
	for _, c := range st.cands {
		for _, t := range c.uterms {
			df[t]++
		}
	}
	n := float64(len(st.cands))
	var sorted []int
	for _, c := range st.cands {
		sorted = append(sorted[:0], c.terms...)
		slices.Sort(sorted)
		v := sparse{ids: make([]int, 0, len(c.uterms)), w: make([]float64, 0, len(c.uterms))}
		norm := 0.0
		for i := 0; i < len(sorted); {
			t, j := sorted[i], i+1
			for j < len(sorted) && sorted[j] == t {
				j++
			}
			w := float64(j-i) * math.Log(1+n/float64(df[t]))
			v.ids = append(v.ids, t)
			v.w = append(v.w, w)
			norm += w * w
			i = j
		}
		if norm > 0 {
			norm = math.Sqrt(norm)
			for k := range v.w {
				v.w[k] /= norm
			}
		}
		c.vec = v
	}
}

// cosine is the dot product of two unit vectors, summed in ascending term
// order so that cosine(a, b) == cosine(b, a) to the last bit.
func cosine(a, b sparse) float64 {
	s := 0.0
	i, j := 0, 0
	for i < len(a.ids) && j < len(b.ids) {
		switch {
		case a.ids[i] == b.ids[j]:
			s += a.w[i] * b.w[j]
			i++
			j++
		case a.ids[i] < b.ids[j]:
			i++
		default:
			j++
		}
	}
	return s
}

// output turns chosen candidates into summary sentences in time order:
// article (by publication date), then position in the article.
func (st *story) output(chosen []*candidate) []news.SummarySentence {
	rank := make([]int, len(st.arts))
	for r, ai := range st.order {
		rank[ai] = r
	}
	chosen = slices.Clone(chosen)
	slices.SortStableFunc(chosen, func(a, b *candidate) int {
		return cmp.Or(cmp.Compare(rank[a.art], rank[b.art]), cmp.Compare(a.start, b.start))
	})
	out := make([]news.SummarySentence, 0, len(chosen))
	for _, c := range chosen {
		out = append(out, news.SummarySentence{Sentence: c.text, Sources: slices.Clone(c.sources)})
	}
	return out
}

// words returns the lower-cased alphanumeric words of s.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// stem strips the commonest English inflections. Matching sentences needs
// "drones" = "drone" and "attacked" = "attack", not a full stemmer.
func stem(w string) string {
	if len(w) <= 4 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		return w[:len(w)-3]
	case strings.HasSuffix(w, "ed") && len(w) > 5:
		return w[:len(w)-2]
	}
	return w
}

var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself
no nor not now of off on once only or other our ours ourselves out over own said same says she should so some such
than that the their theirs them themselves then there these they this those through to too under until up very was
we were what when where which while who whom why will with would you your yours yourself s t don said say told
mr mrs ms one two new like get got also`) {
		m[w] = true
	}
	return m
}()

func stopword(w string) bool { return stopwords[w] }

// boilerplate holds lower-case fragments of site furniture and newsroom
// notes that are never part of a story's substance.
var boilerplate = []string{
	"contributed to this report", "contributed reporting", "has contacted", "has reached out",
	"did not immediately respond", "did not respond to a request", "could not be reached for comment",
	"for comment", "click here", "sign up", "subscribe", "newsletter", "all rights reserved", "copyright",
	"follow us", "follow him on", "follow her on", "follow the author", "(reporting by", "reporting by",
	"editing by", "writing by", "read more", "story highlights", "advertisement", "media playback",
	"javascript", "cookies", "getty images", "image copyright", "image caption", "photo:", "photo by",
	"photograph:", "related:", "share this", "e-mail", "email us", "this article", "this story",
	"you can", "your browser", "terms of use", "privacy policy", "©", "http", "www.", ".com/",
	"associated press writer", "ap photo", "(ap)", "watch:", "video:", "listen:",
	// Archive and social-media furniture that scraped pages carry.
	"crawl", "wayback machine", "internet archive", "no more 404", "your tweets", "tweet location",
	"try again later", "not available right now", "rating is available", "transcript could not",
	"breaking news alerts", "breaking news emails", "delivered weekday", "@",
}

// junk reports whether a sentence is no summary material: too short or
// too long to be a sentence of prose, a question, a quotation with nothing
// around it, a heading or caption without end punctuation, or newsroom
// boilerplate.
func junk(s string) bool {
	n := len(strings.Fields(s))
	if n < 6 || n > 70 {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	switch last {
	case '.', '!', '"', '\u201D', '\'', '\u2019', ')':
	default:
		return true // a heading, a caption, a question or a cut-off line
	}
	if strings.HasSuffix(strings.TrimRight(s, "\"'\u201D\u2019) "), "?") {
		return true
	}
	first, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(first) {
		return true // a fragment left by a bad split
	}
	if quoteOnly(s) {
		return true
	}
	low := strings.ToLower(s)
	for _, b := range boilerplate {
		if strings.Contains(low, b) {
			return true
		}
	}
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters == 0 || upper*2 > letters // shouting: a heading or a label
}

// quoteOnly reports a sentence that is all quotation: it says something
// but not who said it, so it cannot stand in a summary.
func quoteOnly(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	if first != '"' && first != '\u201C' {
		return false
	}
	t := strings.TrimRight(s, " .")
	last, _ := utf8.DecodeLastRuneInString(t)
	if last != '"' && last != '\u201D' {
		return false
	}
	// A closing quote inside means text outside the quotation ("…," he said, "…").
	inner := t[len(string(first)) : len(t)-len(string(last))]
	return !strings.ContainsAny(inner, "\"\u201C\u201D")
}

// danglers open a sentence that leans on the one before it: a pronoun
// whose antecedent is elsewhere, or a connective continuing an argument.
var danglers = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "this": true, "these": true, "those": true,
	"his": true, "her": true, "their": true, "its": true, "that": true, "there": true,
	"but": true, "and": true, "so": true, "however": true, "also": true, "still": true, "then": true,
	"instead": true, "meanwhile": true, "yet": true,
}

// dangling reports whether a sentence's words open with a dangler.
func dangling(toks []string) bool { return len(toks) > 0 && danglers[toks[0]] }
