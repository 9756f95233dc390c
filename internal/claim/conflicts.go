package claim

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/triangulate/triangulate/internal/news"
)

// durations are units whose counts change with the day of writing ("a war
// now almost 11 months old", "nearly nine months of war"): two articles
// published weeks apart disagree on them without contradicting each other.
var durations = map[string]bool{
	"year": true, "month": true, "week": true, "day": true, "hour": true, "minut": true, "second": true,
	"decad": true, "centuri": true, "tim": true,
}

// conceptNear returns the event concept that governs quantity q in s: the
// nearest one before it (its verb: "send 6,000 drones", "deliveries of
// hundreds of drones"), else the nearest shortly after it ("10 people
// were killed").
func conceptNear(s *sent, q Quantity) string {
	best, dist := "", 1<<30
	for _, p := range s.preds {
		if d := q.tok - p.tok; d > 0 && d <= 10 && d < dist {
			best, dist = p.concept, d
		}
	}
	if best != "" {
		return best
	}
	// After the number only through a passive or perfect ("10 people were
	// killed", "three people have died"), not a new clause ("shot three
	// co-workers, killing two").
	for _, p := range s.preds {
		if d := p.tok - q.tok; d > 0 && d <= 6 && d < dist && auxOnly(s.words, q.endTok, p.tok) {
			best, dist = p.concept, d
		}
	}
	return best
}

func auxOnly(words []string, from, to int) bool {
	for k := from; k < to && k < len(words); k++ {
		switch words[k] {
		case "were", "was", "are", "is", "have", "has", "had", "been", "being", "reportedly", "also", "all", "be", "later":
		default:
			return false
		}
	}
	return true
}

// slot names what a quantity counts, for comparison across sentences:
// its unit and its event concept. Quantities with no unit or no event,
// and durations, have no slot and are never compared. Casualties are
// counted in people whatever the noun ("10 civilians were killed", "the
// toll rose to 12").
func slot(s *sent, q Quantity) string {
	c := conceptNear(s, q)
	if c == "" {
		return ""
	}
	if q.Partial || q.Age {
		return ""
	}
	u := q.Unit
	if c == "kill" || c == "injure" {
		switch u {
		case "people", "soldier", "victim", "child", "children", "women", "men", "worker":
			u = "people"
		}
	}
	if q.Rate {
		u += "/rate"
	}
	if u == "" || durations[u] {
		return ""
	}
	return u + "/" + c
}

// numberConflicts finds numbers about the same quantity that disagree:
// two sentences of different articles naming a common entity, with
// quantities of the same slot (unit and event), both running totals or
// neither, both partitive or neither, whose intervals cannot meet.
func numberConflicts(in Input, ss []sent, w idf) []news.Conflict {
	type key struct {
		ga, gb int
		slot   string
	}
	seen := map[key]bool{}
	var out []news.Conflict
	forPairs(ss, func(a, b *sent) {
		if a.art == b.art || a.aggregate != b.aggregate || intersect(a.keys, b.keys) == 0 {
			return
		}
		for _, p := range a.qs {
			sp := slot(a, p)
			if sp == "" {
				continue
			}
			for _, q := range b.qs {
				if (p.Of > 0) != (q.Of > 0) || slot(b, q) != sp || overlaps(p, q) {
					continue
				}
				k := key{min(a.group, b.group), max(a.group, b.group), sp}
				if seen[k] {
					continue
				}
				seen[k] = true
				pa := in.Articles[a.art].Text[p.Start:p.End]
				pb := in.Articles[b.art].Text[q.Start:q.End]
				unit, concept, _ := strings.Cut(sp, "/")
				out = append(out, news.Conflict{
					Kind: news.ConflictNumber,
					A:    spanOf(in, a),
					B:    spanOf(in, b),
					Explanation: fmt.Sprintf("%s says “%s”, %s says “%s”: the same count (%s, %s) cannot be both",
						label(in, a.art), pa, label(in, b.art), pb, unit, concept),
				})
			}
		}
	})
	return out
}

// forPairs calls f for every pair of sentences (in input order) that
// name a common entity and are not skipped.
func forPairs(ss []sent, f func(a, b *sent)) {
	byKey := map[string][]int{}
	for i := range ss {
		if ss[i].skip {
			continue
		}
		for _, k := range ss[i].keys {
			byKey[k] = append(byKey[k], i)
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	done := map[[2]int]bool{}
	for _, k := range keys {
		idx := byKey[k]
		for x := 0; x < len(idx); x++ {
			for y := x + 1; y < len(idx); y++ {
				p := [2]int{idx[x], idx[y]}
				if done[p] {
					continue
				}
				done[p] = true
				f(&ss[p[0]], &ss[p[1]])
			}
		}
	}
}

// dateConflicts finds matched claims (the same event) given different
// dates: members of different articles that each carry one resolved date,
// with no agreement at the coarser of their precisions. A relative date
// of an article whose publication day was inferred, not stated, is not
// trusted enough to accuse a source.
func dateConflicts(in Input, ss []sent, clusters [][]int) []news.Conflict {
	var out []news.Conflict
	for _, m := range clusters {
		seen := map[[2]int]bool{}
		for x := 0; x < len(m); x++ {
			for y := x + 1; y < len(m); y++ {
				a, b := &ss[m[x]], &ss[m[y]]
				if a.art == b.art {
					continue
				}
				da, db := trustedDates(in, a), trustedDates(in, b)
				if len(da) != 1 || len(db) != 1 || sameDate(da[0], db[0]) {
					continue
				}
				k := [2]int{min(a.group, b.group), max(a.group, b.group)}
				if seen[k] {
					continue
				}
				seen[k] = true
				out = append(out, news.Conflict{
					Kind: news.ConflictDate,
					A:    spanOf(in, a),
					B:    spanOf(in, b),
					Explanation: fmt.Sprintf("the same event is dated %s (“%s”) by %s and %s (“%s”) by %s",
						da[0], dateText(in, a, da[0]), label(in, a.art), db[0], dateText(in, b, db[0]), label(in, b.art)),
				})
			}
		}
	}
	return out
}

func trustedDates(in Input, s *sent) []string {
	var out []string
	for _, e := range s.dates {
		// A relative date, or a month and day whose year was borrowed from
		// context, is only as good as the reference date behind it: trusted
		// when the source states its publication date.
		if (e.Relative || !reYear.MatchString(e.Text)) && in.Articles[s.art].Published == "" {
			return nil
		}
		out = append(out, e.Date)
	}
	return out
}

var reYear = regexp.MustCompile(`\b(1[89]|20)\d\d\b`)

func dateText(in Input, s *sent, d string) string {
	for _, e := range s.dates {
		if e.Date == d {
			return e.Text
		}
	}
	return d
}

// sameDate compares two resolved dates at the coarser of their
// precisions: "2022-12" agrees with "2022-12-09".
func sameDate(a, b string) bool {
	n := min(len(a), len(b))
	return a[:n] == b[:n]
}

func spanOf(in Input, s *sent) news.SourceSpan {
	return news.SourceSpan{Article: in.Articles[s.art].ID, Start: s.span.Start, End: s.span.End, Text: s.text}
}

// label names an article in an explanation: its outlet when known, else
// its file or address.
func label(in Input, ai int) string {
	a := in.Articles[ai]
	switch {
	case a.Outlet != "":
		return a.Outlet
	case a.Source != "":
		return path.Base(filepath.ToSlash(a.Source))
	}
	return a.ID
}
