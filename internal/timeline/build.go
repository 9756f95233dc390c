package timeline

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

// MergeOverlap is the share of content words two sentences with the same
// date must have in common, over the smaller sentence's content words, to
// be one timeline entry. At 0.5 the seeds' rewritten sentences (001/003)
// merge while two different happenings of one day ("Kahl said Monday",
// "told journalists on Monday") stay apart; MinShared guards short
// sentences, where two or three words would reach the share by chance.
const (
	MergeOverlap = 0.5
	MinShared    = 4
)

// MaxText bounds an entry's Text in characters (runes).
const MaxText = 200

// Build assembles the timeline of articles: one entry for each sentence
// holding a resolved date, merged across articles when two entries have the
// same date and similar sentences, sorted by date then text.
//
// The publication date of an article is published[id] when present and not
// zero, else its Published field, else InferPublished of its text when that
// gives a day; without one, only dates that carry their own year enter.
//
// In a sentence with several dates only the finest are kept ("on Friday,
// the happenings of 2022" is dated by Friday). A sentence that is not prose
// (no lower-case word of three letters or more: "Newsweek 1/17/2023 David
// Brennan", "KYIV, Jan. 17 (Reuters) -") and a short "Published/Updated
// …" line are datelines and bylines: the publication date itself, skipped.
func Build(articles []news.Article, published map[string]time.Time) []news.TimelineEntry {
	type item struct {
		date, prec string
		src        news.SourceSpan
		text       string
		words      map[string]bool
		order      int
	}
	var items []item
	for ai := range articles {
		a := &articles[ai]
		ref := publicationDate(a, published)
		sents := a.Sentences
		if len(sents) == 0 {
			sents = text.Sentences(a.Text)
		}
		exprs := Find(a.Text, ref)
		si := 0
		for k := 0; k < len(exprs); {
			e := exprs[k]
			for si < len(sents) && sents[si].End <= e.Start {
				si++
			}
			if si >= len(sents) {
				break
			}
			sp := sents[si]
			if e.Start < sp.Start { // between sentences: skip it
				k++
				continue
			}
			// Every expression of this sentence.
			var in []Expr
			for k < len(exprs) && exprs[k].Start < sp.End {
				if exprs[k].Date != "" {
					in = append(in, exprs[k])
				}
				k++
			}
			sent := a.Text[sp.Start:sp.End]
			if len(in) == 0 || dateline(sent) {
				continue
			}
			best := Year
			for _, x := range in {
				if finer(x.Precision, best) {
					best = x.Precision
				}
			}
			seen := map[string]bool{}
			for _, x := range in {
				if x.Precision != best || seen[x.Date] {
					continue
				}
				seen[x.Date] = true
				items = append(items, item{
					date: x.Date, prec: x.Precision,
					src:   news.SourceSpan{Article: a.ID, Start: sp.Start, End: sp.End},
					text:  sent,
					words: contentWords(sent),
					order: len(items),
				})
			}
		}
	}

	// Merge greedily in a fixed order (date, article, offset), so the result
	// does not depend on the order of articles given.
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.date != b.date {
			return a.date < b.date
		}
		if a.src.Article != b.src.Article {
			return a.src.Article < b.src.Article
		}
		return a.src.Start < b.src.Start
	})
	type group struct {
		first    int
		articles map[string]bool
		srcs     []news.SourceSpan
	}
	var groups []*group
	open := map[string][]*group{} // by date
	for i, it := range items {
		var into *group
		for _, g := range open[it.date] {
			if g.articles[it.src.Article] {
				continue // one article's sentences stay separate happenings
			}
			if similar(items[g.first].words, it.words) {
				into = g
				break
			}
		}
		if into == nil {
			into = &group{first: i, articles: map[string]bool{}}
			groups = append(groups, into)
			open[it.date] = append(open[it.date], into)
		}
		into.articles[it.src.Article] = true
		into.srcs = append(into.srcs, it.src)
	}
	out := make([]news.TimelineEntry, 0, len(groups))
	for _, g := range groups {
		it := items[g.first]
		out = append(out, news.TimelineEntry{Date: it.date, Precision: it.prec, Text: trim(it.text, MaxText), Sources: g.srcs})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date < out[j].Date
		}
		return out[i].Text < out[j].Text
	})
	return out
}

// publicationDate picks the reference date of a, as Build documents.
func publicationDate(a *news.Article, published map[string]time.Time) time.Time {
	if t, ok := published[a.ID]; ok && !t.IsZero() {
		return t
	}
	if a.Published != "" {
		if t, err := time.Parse("2006-01-02", a.Published); err == nil {
			return t
		}
	}
	if t, prec, ok := InferPublished(a.Text); ok && prec == Day {
		return t
	}
	return time.Time{}
}

// dateline says whether a sentence is a dateline, byline or publication
// stamp rather than prose.
func dateline(s string) bool {
	prose := false
	words := 0
	for _, t := range tokenize(s) {
		if t.kind != 'w' {
			continue
		}
		words++
		if !t.cap && utf8.RuneCountInString(t.low) >= 3 && t.low == s[t.s:t.e] {
			prose = true
		}
	}
	if !prose {
		return true
	}
	f := strings.Fields(strings.ToLower(s))
	if len(f) > 0 && words <= 12 {
		switch strings.TrimRight(f[0], ":") {
		case "published", "updated", "posted":
			return true
		case "last":
			return len(f) > 1 && strings.HasPrefix(f[1], "updated")
		}
	}
	return false
}

// stopwords are left out of the content words compared for merging, with
// the date words themselves (every entry of one date shares them).
var stopwords = set(`a an the and or but of to in on at by for with from as is are was were be been
	being has have had it its this that these those he she they them his her their we our you your
	i not no so than then there which who whom what when where while would will could should can
	may might must do does did also said says say told after before since about into over under
	more most some such only other any all up out new
	monday tuesday wednesday thursday friday saturday sunday january february march april june
	july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
	today yesterday tomorrow last next week month year ago`)

// contentWords is the set of lower-cased content words of s.
func contentWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range tokenize(s) {
		if (t.kind == 'w' && len(t.low) >= 3 && !stopwords[t.low]) || (t.kind == 'n' && !t.ord) {
			m[t.low] = true
		}
	}
	return m
}

// similar applies MergeOverlap and MinShared.
func similar(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return false
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return n >= MinShared && float64(n) >= MergeOverlap*float64(len(a))
}

// trim cuts s to at most max runes at a word boundary, ending with "…".
func trim(s string, max int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut, n := 0, 0
	for i := range s {
		if n == max-1 {
			cut = i
			break
		}
		n++
	}
	t := s[:cut]
	if sp := strings.LastIndexAny(t, " \t\n"); sp > len(t)/2 {
		t = t[:sp]
	}
	return strings.TrimRight(t, " ,;:—–-") + "…"
}
