package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

// word is one normalised word of a quotation or its context, with the byte
// range it came from.
type word struct {
	norm string
	s, e int
	inQ  bool
}

// contextWords is how many words either side of a quotation anchor it when
// two quotations are aligned.
const contextWords = 6

// contextBytes bounds the text read for those words.
const contextBytes = 200

// stopWords are the words whose loss or change alone does not alter a
// quotation ("heat, and critical services" → "heat, critical services").
var stopWords = set("a", "an", "the", "and", "or", "of", "to", "that", "in", "on", "at", "for",
	"is", "are", "was", "were", "has", "have", "had", "be", "been", "it", "its", "this", "so")

var negations = set("not", "no", "never", "nor", "without", "neither", "none", "nothing")

// Altered compares the direct quotations attributed to the same speaker in
// different articles and returns a conflict of kind "quote" for each pair
// that is the same quotation worded differently. Differences of
// punctuation, case, contractions, ellipses and trimming are not
// alterations, nor is a shorter excerpt of the same words; a dropped
// negation is. Two quotations are taken as the same when they share most
// of their words, or when the words around them in their articles match
// (the same slot of the same sentence quoted with different words).
// articles maps article ids to their text, for that context.
func Altered(quotes []news.Quote, articles map[string]string) []news.Conflict {
	type item struct {
		q     news.Quote
		src   string
		ws    []word
		nq    int // words of the quotation itself
		nl    int // context words before it
		words map[string]bool
	}
	var items []item
	seen := map[string]bool{}
	for _, q := range quotes {
		if !q.Direct || q.SpeakerName == "" && q.Speaker == "" {
			continue
		}
		src, start, end := q.Text, 0, len(q.Text)
		if t, ok := articles[q.Article]; ok && q.Start >= 0 && q.End <= len(t) && q.Start < q.End && t[q.Start:q.End] == q.Text {
			src, start, end = t, q.Start, q.End
		}
		left := words(src, max(paraStartOf(src, start), start-contextBytes), start, false)
		if len(left) > contextWords {
			left = left[len(left)-contextWords:]
		}
		mid := words(src, start, end, true)
		right := words(src, end, min(paraEndOf(src, end), end+contextBytes), false)
		if len(right) > contextWords {
			right = right[:contextWords]
		}
		if len(mid) == 0 {
			continue
		}
		ws := append(append(left, mid...), right...)
		key := q.Article + "\x00" + q.Speaker + "\x00" + q.SpeakerName + "\x00" + joinNorm(ws)
		if seen[key] {
			continue // the same words quoted again in one article
		}
		seen[key] = true
		items = append(items, item{q: q, src: src, ws: ws, nq: len(mid), nl: len(left), words: wordSet(mid)})
	}
	var out []news.Conflict
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			a, b := &items[i], &items[j]
			if a.q.Article == b.q.Article || !sameSpeaker(a.q, b.q) || !mayAlign(a.ws, b.ws, a.nl, a.nq, b.nl, b.nq, a.words) {
				continue
			}
			hunks, ok := alteredHunks(a.ws, b.ws, a.nl, a.nq, b.nl, b.nq, a.q.SpeakerName)
			if !ok {
				continue
			}
			out = append(out, news.Conflict{
				Kind:        news.ConflictQuote,
				A:           news.SourceSpan{Article: a.q.Article, Start: a.q.Start, End: a.q.End, Text: a.q.Text},
				B:           news.SourceSpan{Article: b.q.Article, Start: b.q.Start, End: b.q.End, Text: b.q.Text},
				Explanation: explain(a.q, b.q, a.src, b.src, a.ws, b.ws, a.nq, b.nq, hunks),
			})
		}
	}
	return out
}

func joinNorm(ws []word) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w.norm)
		b.WriteByte(' ')
	}
	return b.String()
}

func wordSet(ws []word) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w.norm] = true
	}
	return m
}

// mayAlign is a cheap test that two quotations can be the same one, run
// before the alignment: they share a quoted word or a word right next to
// them. It keeps many quotes of one speaker from costing an alignment each.
func mayAlign(a, b []word, al, aq, bl, bq int, aw map[string]bool) bool {
	for _, w := range b[bl : bl+bq] {
		if aw[w.norm] {
			return true
		}
	}
	return al > 0 && bl > 0 && a[al-1].norm == b[bl-1].norm ||
		al+aq < len(a) && bl+bq < len(b) && a[al+aq].norm == b[bl+bq].norm
}

type hunk struct{ a0, a1, b0, b1 int } // quotation words [a0, a1) of A replaced by [b0, b1) of B

// alteredHunks aligns two word sequences (context, quotation, context) and
// returns the changes inside both quotations, if the two are the same
// quotation and it was altered.
func alteredHunks(a, b []word, al, aq, bl, bq int, speakerA string) ([]hunk, bool) {
	pairs := lcs(a, b)
	mq, mqc := 0, 0
	for _, p := range pairs {
		if a[p[0]].inQ && b[p[1]].inQ {
			mq++
			if content(a[p[0]]) {
				mqc++
			}
		}
	}
	minQ := min(aq, bq)
	// Shared stop words ("we … on it") say nothing about two quotations
	// being one: the share that decides is of content words.
	minQc := min(anchorStrength(a[al:al+aq]), anchorStrength(b[bl:bl+bq]))
	anchorL := 0
	for anchorL < min(al, bl) && a[al-1-anchorL].norm == b[bl-1-anchorL].norm {
		anchorL++
	}
	anchorR := 0
	for ar, br := al+aq, bl+bq; ar+anchorR < len(a) && br+anchorR < len(b) && a[ar+anchorR].norm == b[br+anchorR].norm; {
		anchorR++
	}
	// Anchors made only of stop words and speech verbs ("…,” she said.)
	// follow every quotation of a speaker; only content words around the
	// quotes show that two articles quote the same slot of one sentence.
	strength := anchorStrength(a[al-anchorL:al]) + anchorStrength(a[al+aq:al+aq+anchorR]) - nameWords(a[al-anchorL:al], speakerA) - nameWords(a[al+aq:al+aq+anchorR], speakerA)
	same := false
	switch {
	case minQ >= 4 && minQc >= 3 && mqc*10 >= 6*minQc:
		same = true
	case minQ < 4 && mq >= 1 && 2*mq >= minQ && anchorL+anchorR >= 1 && strength >= 1:
		same = true
	case (anchorL >= 3 || anchorR >= 3 || anchorL >= 1 && anchorR >= 2 || anchorL >= 2 && anchorR >= 1) &&
		strength >= 2 && max(aq, bq) <= 3*minQ && (minQc <= 3 || 3*mqc >= minQc):
		// Long passages with little in common are two quotations that
		// happen to sit in the same attribution ("…," Clarke, NASA's
		// deputy associate administrator, said), not one reworded.
		same = true
	}
	if !same {
		return nil, false
	}
	var hunks []hunk
	pi, pj := -1, -1
	for k := 0; k <= len(pairs); k++ {
		ni, nj := len(a), len(b)
		if k < len(pairs) {
			ni, nj = pairs[k][0], pairs[k][1]
		}
		h := hunk{a0: -1, b0: -1}
		for i := pi + 1; i < ni; i++ {
			if a[i].inQ {
				if h.a0 < 0 {
					h.a0 = i
				}
				h.a1 = i + 1
			}
		}
		for j := pj + 1; j < nj; j++ {
			if b[j].inQ {
				if h.b0 < 0 {
					h.b0 = j
				}
				h.b1 = j + 1
			}
		}
		interior := pi >= 0 && k < len(pairs) && a[pi].inQ && b[pj].inQ && a[ni].inQ && b[nj].inQ
		switch {
		case h.a0 >= 0 && h.b0 >= 0:
			if !allStop(a[h.a0:h.a1]) || !allStop(b[h.b0:h.b1]) {
				hunks = append(hunks, h)
			}
		case interior && h.a0 >= 0 && anyNegation(a[h.a0:h.a1]):
			h.b0, h.b1 = nj, nj
			hunks = append(hunks, h)
		case interior && h.b0 >= 0 && anyNegation(b[h.b0:h.b1]):
			h.a0, h.a1 = ni, ni
			hunks = append(hunks, h)
		}
		pi, pj = ni, nj
	}
	return hunks, len(hunks) > 0
}

// speechWords are the cue words that surround quotations of any speaker.
var speechWords = set("said", "says", "say", "told", "tells", "added", "adds", "asked", "stated", "noted",
	"explained", "wrote", "writes", "according", "he", "she", "they", "we", "i", "you", "mr", "ms", "mrs",
	"statement", "interview", "release", "press", "conference", "spokesperson", "spokesman", "spokeswoman")

// nameWords counts the anchor words that are the speaker's own name: "…,"
// Clarke said follows every quotation of Clarke.
func nameWords(ws []word, speaker string) int {
	names := map[string]bool{}
	for _, f := range strings.Fields(strings.ToLower(speaker)) {
		names[strings.Trim(f, ".,'’")] = true
	}
	n := 0
	for _, w := range ws {
		if content(w) && names[w.norm] {
			n++
		}
	}
	return n
}

func content(w word) bool { return !stopWords[w.norm] && !speechWords[w.norm] }

// anchorStrength counts the context words that tie two quotations to the
// same sentence: not stop words, not speech cues.
func anchorStrength(ws []word) int {
	n := 0
	for _, w := range ws {
		if content(w) {
			n++
		}
	}
	return n
}

func allStop(ws []word) bool {
	for _, w := range ws {
		if !stopWords[w.norm] {
			return false
		}
	}
	return true
}

func anyNegation(ws []word) bool {
	for _, w := range ws {
		if negations[w.norm] {
			return true
		}
	}
	return false
}

// lcs returns the index pairs of a longest common subsequence of a and b.
func lcs(a, b []word) [][2]int {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil
	}
	dp := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int { return i*(m+1) + j }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].norm == b[j].norm {
				dp[at(i, j)] = dp[at(i+1, j+1)] + 1
			} else {
				dp[at(i, j)] = max(dp[at(i+1, j)], dp[at(i, j+1)])
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i].norm == b[j].norm:
			out = append(out, [2]int{i, j})
			i++
			j++
		case dp[at(i+1, j)] >= dp[at(i, j+1)]:
			i++
		default:
			j++
		}
	}
	return out
}

// explain names the changed words: the two quotations whole when they are
// short, else each changed passage.
func explain(qa, qb news.Quote, sa, sb string, a, b []word, aq, bq int, hunks []hunk) string {
	name := qa.SpeakerName
	if name == "" {
		name = qb.SpeakerName
	}
	var parts []string
	if aq <= 8 && bq <= 8 {
		parts = append(parts, "“"+qa.Text+"” → “"+qb.Text+"”")
	} else {
		for _, h := range hunks {
			parts = append(parts, "“"+span(sa, a, h.a0, h.a1)+"” → “"+span(sb, b, h.b0, h.b1)+"”")
		}
	}
	return "altered quote of " + name + ": " + strings.Join(parts, "; ")
}

func span(src string, ws []word, i, j int) string {
	if i >= j {
		return ""
	}
	return src[ws[i].s:ws[j-1].e]
}

func paraStartOf(s string, i int) int {
	lo := max(0, i-contextBytes)
	return lo + strings.LastIndexByte(s[lo:i], '\n') + 1
}

func paraEndOf(s string, i int) int {
	hi := min(len(s), i+contextBytes)
	if k := strings.IndexByte(s[i:hi], '\n'); k >= 0 {
		return i + k
	}
	return hi
}

// words splits s[a:b] into normalised words: lower case, apostrophes
// unified, contractions expanded ("Russia’s been" → "russia has been",
// "don't" → "do not").
func words(s string, a, b int, inQ bool) []word {
	var out []word
	for i := a; i < b; {
		r, n := utf8.DecodeRuneInString(s[i:b])
		if !wordRune(r) {
			i += n
			continue
		}
		j := i
		for j < b {
			r, n := utf8.DecodeRuneInString(s[j:b])
			if wordRune(r) {
				j += n
				continue
			}
			if (r == '\'' || r == '’') && j+n < b {
				if q, _ := utf8.DecodeRuneInString(s[j+n : b]); unicode.IsLetter(q) {
					j += n
					continue
				}
			}
			break
		}
		w := strings.ToLower(strings.ReplaceAll(s[i:j], "’", "'"))
		out = appendExpanded(out, w, i, j, inQ)
		i = j
	}
	// "’s been" is "has been".
	for k := 0; k+1 < len(out); k++ {
		if out[k].norm == "'s" && out[k+1].norm == "been" {
			out[k].norm = "has"
		}
	}
	return out
}

var contractions = map[string]string{"'re": "are", "'ve": "have", "'ll": "will", "'m": "am", "'d": "would"}

func appendExpanded(out []word, w string, s, e int, inQ bool) []word {
	add := func(n string) { out = append(out, word{norm: n, s: s, e: e, inQ: inQ}) }
	switch {
	case w == "can't" || w == "cannot":
		add("can")
		add("not")
		return out
	case w == "won't":
		add("will")
		add("not")
		return out
	case strings.HasSuffix(w, "n't"):
		add(w[:len(w)-3])
		add("not")
		return out
	case strings.HasSuffix(w, "'s"):
		// Kept whole (a possessive) unless "been" follows; see words.
		add(w[:len(w)-2])
		add("'s")
		return out
	}
	for suf, full := range contractions {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			add(w[:len(w)-len(suf)])
			add(full)
			return out
		}
	}
	add(w)
	return out
}

// metonyms maps capitals and seats of government to the country that speaks
// through them ("Tehran admitted" is Iran speaking).
var metonyms = map[string]string{
	"tehran": "iran", "moscow": "russia", "kremlin": "russia", "kyiv": "ukraine", "kiev": "ukraine",
	"washington": "united states", "u.s.": "united states", "us": "united states", "usa": "united states",
	"america": "united states", "the united states": "united states", "beijing": "china",
	"london": "united kingdom", "britain": "united kingdom", "uk": "united kingdom",
	"u.k.": "united kingdom", "great britain": "united kingdom", "paris": "france",
	"berlin": "germany", "pyongyang": "north korea", "jerusalem": "israel", "ankara": "turkey",
	"canberra": "australia", "brussels": "european union", "eu": "european union",
	"the kremlin": "russia",
}

func normName(n string) string {
	n = strings.ToLower(strings.TrimSpace(n))
	n = strings.TrimSuffix(strings.TrimSuffix(n, "’s"), "'s")
	n = strings.TrimPrefix(n, "the ")
	if m, ok := metonyms[n]; ok {
		return m
	}
	return n
}

// sameSpeaker tells whether two quotes have the same speaker: the same
// entity when both are resolved, else names that agree up to titles,
// metonymy (Tehran for Iran) and one letter of spelling in a surname
// ("Cleverly", "Cleverley").
func sameSpeaker(a, b news.Quote) bool {
	if a.Speaker != "" && b.Speaker != "" {
		return a.Speaker == b.Speaker
	}
	na, nb := normName(a.SpeakerName), normName(b.SpeakerName)
	if na == "" || nb == "" {
		return false
	}
	if na == nb {
		return true
	}
	fa, fb := strings.Fields(na), strings.Fields(nb)
	if len(fa) > 1 && len(fb) > 1 {
		return fa[0] == fb[0] && similarWord(fa[len(fa)-1], fb[len(fb)-1])
	}
	if len(fa) > 1 {
		fa, fb = fb, fa
	}
	// fa is one word: a surname or a given name alone.
	if len(fb) > 1 {
		return similarWord(fa[0], fb[len(fb)-1])
	}
	return false
}

// similarWord tells whether two names are equal or, when long enough, one
// edit apart.
func similarWord(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) < 5 || len(b) < 5 {
		return false
	}
	return editDistanceAtMostOne(a, b)
}

func editDistanceAtMostOne(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return true
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}
