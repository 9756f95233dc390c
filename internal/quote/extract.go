package quote

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
	"github.com/zeebo/xxh3"
)

// Speaker is the span of the text that names who speaks (a name, a title
// and name, a pronoun or a description) and the display name it stands for.
type Speaker struct {
	Start, End int
	Name       string
}

// Found is one quotation found in an article. Quote.Start/End is the
// content span (inside the quotation marks for a direct quote) and
// Quote.Text the text it covers; SourceStart/SourceEnd is the span naming
// the speaker, -1 when none was found. Quote.ID and Quote.Article are left
// for the caller, who knows the article (see Quotes).
type Found struct {
	news.Quote
	Cue                    string
	SourceStart, SourceEnd int
}

// ID returns the stable identifier of the quote of an article at a span.
func ID(article string, start, end int) string {
	h := xxh3.HashString(fmt.Sprintf("%s\x00%d\x00%d", article, start, end))
	return fmt.Sprintf("q%010x", h>>24)
}

// Quotes turns an article's found quotes into report quotes, giving each
// its article and stable ID.
func Quotes(article string, found []Found) []news.Quote {
	out := make([]news.Quote, len(found))
	for i, f := range found {
		q := f.Quote
		q.Article = article
		q.ID = ID(article, q.Start, q.End)
		out[i] = q
	}
	return out
}

// tok is one token of the article with what the extractor knows about it.
type tok struct {
	s, e int
	w    string // as written
	lw   string // lower case
	q    int    // index of the quote that holds it (marks included), -1 outside
	para int
}

// qspan is one direct quotation.
type qspan struct {
	os, oe int // from the opening mark to the end of the closing mark
	is, ie int // the content
	block  bool
	ti, tj int // tokens [ti, tj), marks included
}

// cue is one speech or thought cue with its subject and content.
type cue struct {
	k, kEnd    int // tokens of the cue words
	lemma      string
	sa, sb     int // subject tokens [sa, sb); sa < 0 when none
	inherit    bool
	ca, cb     int // content tokens [ca, cb); ca < 0 when the content is elsewhere
	frame      int
	spk        Speaker
	typ        string
	hasSpeaker bool
	// rel is the relative pronoun that is the grammatical subject ("Kirby,
	// who said"), -1 when none: the speaker span runs on to it, because
	// attribution corpora mark the relative as the source.
	rel int
}

type extractor struct {
	s        string
	toks     []tok
	paras    []news.Span
	quotes   []qspan
	frames   [][2]int // token ranges
	frameOf  []int    // token → frame
	mentions []ner.Mention
	cues     []cue
	history  []histEntry
	gov      []int       // frame → the cue governing it, -1 for none (see governing)
	labels   map[int]int // paragraph → its speaker label cue (see labelAt)
}

type histEntry struct {
	pos    int
	name   string
	typ    string
	span   Speaker
	gender byte // genderMale, genderFemale or genderUnknown
}

// Extract finds direct and reported quotes in one article's text with their
// speakers. mentions are the article's entity mentions (PERSON, ORG, GPE…
// with byte offsets into text); they name speakers and let pronouns and
// descriptions be resolved to the nearest compatible named speaker.
func Extract(s string, mentions []ner.Mention) []Found {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	x := &extractor{s: s}
	for _, m := range mentions {
		if m.Start >= 0 && m.End <= len(s) && m.Start < m.End {
			x.mentions = append(x.mentions, m)
		}
	}
	slices.SortFunc(x.mentions, func(a, b ner.Mention) int { return cmp.Compare(a.Start, b.Start) })
	x.paras = text.Paragraphs(s)
	x.quotes = findQuotes(s, x.paras)
	x.tokenize()
	x.addBlockQuotes()
	x.buildFrames()
	x.findCues()
	x.resolveCues()
	x.gov = x.governing()
	return x.results()
}

// ---- quotation marks ----

// dq2 stands for two apostrophes used as a double quotation mark (”…”),
// as some newspaper archives write them.
const dq2 rune = 0x1

// markAt returns the rune at i, reading two apostrophes as one mark.
func markAt(s string, i, hi int) (rune, int) {
	if i+1 < hi && s[i] == '\'' && s[i+1] == '\'' {
		return dq2, 2
	}
	return utf8.DecodeRuneInString(s[i:hi])
}

func isOpenMark(r rune) bool {
	return r == '“' || r == '„' || r == '«' || r == '"' || r == '‘' || r == dq2
}

func closesFor(open rune, r rune) bool {
	switch open {
	case '“', '„':
		return r == '”' || r == '"'
	case '«':
		return r == '»'
	case '"':
		return r == '"' || r == '”'
	case '‘':
		return r == '’'
	case dq2:
		return r == dq2 || r == '”'
	}
	return false
}

func runeBefore(s string, i, lo int) rune {
	if i <= lo {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(s[lo:i])
	return r
}

func runeAt(s string, i, hi int) rune {
	if i >= hi {
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(s[i:hi])
	return r
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// opensAt tells whether the mark r at i opens a quotation: curly double
// marks always do; a straight mark does when it follows a space or an
// opening bracket; a single curly mark when it is not an apostrophe.
func opensAt(s string, lo, hi, i int, r rune) bool {
	prev := runeBefore(s, i, lo)
	w := utf8.RuneLen(r)
	if r == dq2 {
		w = 2
	}
	next := runeAt(s, i+w, hi)
	switch r {
	case '“', '„', '«':
		return true
	case dq2:
		return !wordRune(prev) && !unicode.IsSpace(next)
	case '"':
		return !wordRune(prev) && !unicode.IsPunct(prev) || strings.ContainsRune("([{—–-", prev)
	case '‘':
		return !wordRune(prev) && (wordRune(next) || next == '“' || next == '"')
	}
	return false
}

// closeAt reports whether the mark at j (rune r) closes a quotation opened
// with open.
func closeAt(s string, lo, hi, j int, open, r rune) bool {
	if !closesFor(open, r) {
		return false
	}
	w := utf8.RuneLen(r)
	if r == dq2 {
		w = 2
	}
	next := runeAt(s, j+w, hi)
	prev := runeBefore(s, j, lo)
	switch r {
	case '"', dq2:
		return !unicode.IsSpace(prev)
	case '’':
		// An apostrophe sits between letters ("don’t").
		return !wordRune(next) && !unicode.IsSpace(prev)
	}
	return true
}

// findClose returns the closing mark of a quotation opened with open in
// s[from:hi], as the content end and the mark end.
//
// A mark of the same kind in opening position (after a space, before a
// word) opens a nested quotation, whose close does not end the outer one.
func findClose(s string, from, hi int, open rune) (int, int, bool) {
	// A quotation longer than this is a stray mark: bounding the search
	// keeps a paragraph of unmatched marks linear.
	hi = min(hi, from+maxQuoteBytes)
	depth := 0
	for j := from; j < hi; {
		r, n := markAt(s, j, hi)
		if (r == open || open == '“' && r == '"') && opensAt(s, from, hi, j, r) && unicode.IsSpace(runeBefore(s, j, from)) && !unicode.IsSpace(runeAt(s, j+n, hi)) {
			depth++
			j += n
			continue
		}
		if closeAt(s, from, hi, j, open, r) {
			if depth == 0 {
				return j, j + n, true
			}
			depth--
		}
		j += n
	}
	return 0, 0, false
}

// maxQuoteBytes bounds the length of one paragraph's part of a quotation.
const maxQuoteBytes = 3000

// paraOpens returns the end of a quotation mark opening paragraph p, if any.
func paraOpens(s string, p news.Span) (int, rune, bool) {
	if p.Start >= p.End {
		return 0, 0, false
	}
	r, n := markAt(s, p.Start, p.End)
	if r == '“' || r == '"' || r == '„' || r == '«' || r == dq2 {
		return p.Start + n, r, true
	}
	return 0, 0, false
}

// findQuotes finds the top-level quotations of s, paragraph by paragraph.
// A paragraph whose quotation does not close goes on into the next when that
// one opens with a quotation mark (the newspaper convention).
func findQuotes(s string, paras []news.Span) []qspan {
	var out []qspan
	pi, i := 0, 0
	if len(paras) > 0 {
		i = paras[0].Start
	}
	for pi < len(paras) {
		p := paras[pi]
		if i < p.Start {
			i = p.Start
		}
		if i >= p.End {
			pi++
			continue
		}
		r, n := markAt(s, i, p.End)
		if !isOpenMark(r) || !opensAt(s, p.Start, p.End, i, r) {
			i += n
			continue
		}
		if j, je, ok := findClose(s, i+n, p.End, r); ok {
			if j > i+n {
				out = append(out, qspan{os: i, oe: je, is: i + n, ie: j})
			}
			i = je
			continue
		}
		if r == '‘' || r == '"' && manyMarks(s, p, `"`) || r == dq2 && manyMarks(s, p, "''") {
			// An unmatched single mark is more often an apostrophe or a
			// typo than a quotation running on.
			i += n
			continue
		}
		q := qspan{os: i, is: i + n, oe: p.End, ie: p.End}
		next := pi + 1
		resume := -1
		for next < len(paras) {
			c, cr, ok := paraOpens(s, paras[next])
			if !ok {
				break
			}
			if j, je, ok := findClose(s, c, paras[next].End, cr); ok {
				q.ie, q.oe = j, je
				resume = je
				break
			}
			q.ie, q.oe = paras[next].End, paras[next].End
			next++
		}
		out = append(out, q)
		if resume >= 0 {
			pi, i = next, resume
		} else {
			pi = max(next, pi+1)
			if pi < len(paras) {
				i = paras[pi].Start
			}
		}
	}
	return out
}

// manyMarks tells whether paragraph p holds mark more than once; it looks
// no further than the second, so a paragraph of marks stays linear.
func manyMarks(s string, p news.Span, mark string) bool {
	i := strings.Index(s[p.Start:p.End], mark)
	return i >= 0 && strings.Contains(s[p.Start+i+len(mark):p.End], mark)
}

// ---- tokens, block quotes and frames ----

func (x *extractor) tokenize() {
	raw := text.Tokens(x.s)
	x.toks = make([]tok, len(raw))
	qi, pi := 0, 0
	for i, t := range raw {
		for qi < len(x.quotes) && x.quotes[qi].oe <= t.Start {
			qi++
		}
		for pi < len(x.paras)-1 && x.paras[pi].End <= t.Start {
			pi++
		}
		w := x.s[t.Start:t.End]
		q := -1
		if qi < len(x.quotes) && x.quotes[qi].os <= t.Start && t.End <= x.quotes[qi].oe {
			q = qi
		}
		x.toks[i] = tok{s: t.Start, e: t.End, w: w, lw: strings.ToLower(w), q: q, para: pi}
	}
	x.indexQuotes()
}

// indexQuotes sets each quote's token range.
func (x *extractor) indexQuotes() {
	for qi := range x.quotes {
		x.quotes[qi].ti, x.quotes[qi].tj = -1, -1
	}
	for i, t := range x.toks {
		if t.q < 0 {
			continue
		}
		q := &x.quotes[t.q]
		if q.ti < 0 {
			q.ti = i
		}
		q.tj = i + 1
	}
	// A quotation without tokens (only marks and spaces) is no quotation.
	keep := x.quotes[:0]
	remap := make([]int, len(x.quotes))
	for qi, q := range x.quotes {
		remap[qi] = -1
		if q.ti >= 0 && strings.TrimSpace(x.s[q.is:q.ie]) != "" {
			remap[qi] = len(keep)
			keep = append(keep, q)
		}
	}
	x.quotes = keep
	for i := range x.toks {
		if x.toks[i].q >= 0 {
			x.toks[i].q = remap[x.toks[i].q]
		}
	}
}

// addBlockQuotes treats the paragraph after one that ends "Kirby said," or
// "he said:" as an unmarked quotation, when it has no marks of its own.
func (x *extractor) addBlockQuotes() {
	added := false
	for i := 0; i+1 < len(x.toks); i++ {
		t := x.toks[i]
		if t.q >= 0 || (t.w != ":" && t.w != ",") || x.toks[i+1].para == t.para || i == 0 {
			continue
		}
		prev := x.toks[i-1]
		if prev.q >= 0 || prev.para != t.para {
			continue
		}
		if _, ok := cueTable[prev.lw]; !ok {
			continue
		}
		np := x.toks[i+1].para
		if np >= len(x.paras) {
			continue
		}
		p := x.paras[np]
		if r := runeAt(x.s, p.Start, p.End); isOpenMark(r) {
			continue
		}
		// The paragraph must hold no quotation of its own.
		clash := false
		for _, q := range x.quotes {
			if q.os < p.End && q.oe > p.Start {
				clash = true
				break
			}
		}
		if clash {
			continue
		}
		x.quotes = append(x.quotes, qspan{os: p.Start, oe: p.End, is: p.Start, ie: p.End, block: true})
		added = true
	}
	if !added {
		return
	}
	slices.SortFunc(x.quotes, func(a, b qspan) int { return cmp.Compare(a.os, b.os) })
	qi := 0
	for i := range x.toks {
		t := &x.toks[i]
		for qi < len(x.quotes) && x.quotes[qi].oe <= t.s {
			qi++
		}
		t.q = -1
		if qi < len(x.quotes) && x.quotes[qi].os <= t.s && t.e <= x.quotes[qi].oe {
			t.q = qi
		}
	}
	x.indexQuotes()
}

func isTerminator(w string) bool {
	return w == "." || w == "!" || w == "?" || w == "…" || w == "..."
}

func isMarkTok(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return len(w) == utf8.RuneLen(r) && strings.ContainsRune("“”\"‘’„«»", r)
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// buildFrames cuts the tokens into sentence-like frames. A frame never
// breaks inside a quotation, so "“…,” he said, “…”" is one frame, and a
// quotation ending a sentence is followed by a new frame only when the next
// word starts a sentence ("“…” Mr. Kirby said." is two frames, joined later).
func (x *extractor) buildFrames() {
	x.frameOf = make([]int, len(x.toks))
	start := 0
	for i := 1; i <= len(x.toks); i++ {
		cut := i == len(x.toks)
		if !cut {
			a, b := x.toks[i-1], x.toks[i]
			sameQuote := a.q >= 0 && a.q == b.q
			switch {
			case sameQuote:
			case a.para != b.para:
				cut = true
			case a.q < 0 && isTerminator(a.w):
				cut = true
			case a.q >= 0 && b.q < 0 && x.quoteEndsSentence(i-1) && startsUpper(b.w):
				cut = true
			case a.q >= 0 && b.q >= 0 && a.q != b.q && x.quoteEndsSentence(i-1):
				cut = true
			}
		}
		if cut {
			for j := start; j < i; j++ {
				x.frameOf[j] = len(x.frames)
			}
			x.frames = append(x.frames, [2]int{start, i})
			start = i
		}
	}
}

// quoteEndsSentence tells whether the quotation whose last token is i ends
// with a sentence stop inside its marks ("….”").
func (x *extractor) quoteEndsSentence(i int) bool {
	q := x.toks[i].q
	for i >= 0 && x.toks[i].q == q && (isMarkTok(x.toks[i].w) || x.toks[i].w == "'") {
		i--
	}
	return i >= 0 && x.toks[i].q == q && isTerminator(x.toks[i].w)
}

// ---- cues ----

func (x *extractor) out(i int) bool { return i >= 0 && i < len(x.toks) && x.toks[i].q < 0 }

func (x *extractor) lw(i int) string {
	if i < 0 || i >= len(x.toks) {
		return ""
	}
	return x.toks[i].lw
}

func (x *extractor) findCues() {
	x.labels = map[int]int{}
	for f, fr := range x.frames {
		from := fr[0]
		if c, ok := x.labelAt(f, fr); ok {
			x.labels[x.toks[fr[0]].para] = len(x.cues)
			x.cues = append(x.cues, c)
			from = c.kEnd
		}
		for k := from; k < fr[1]; k++ {
			if !x.out(k) {
				continue
			}
			if c, ok := x.cueAt(f, fr, k); ok {
				x.cues = append(x.cues, c)
				k = c.kEnd - 1
			}
		}
	}
}

func (x *extractor) cueAt(f int, fr [2]int, k int) (cue, bool) {
	c := cue{k: k, kEnd: k + 1, sa: -1, sb: -1, ca: -1, cb: -1, frame: f, rel: -1}
	lw := x.toks[k].lw
	if lw == "according" && x.lw(k+1) == "to" && x.out(k+1) {
		c.kEnd, c.lemma = k+2, "according to"
		x.accordingParts(&c, fr)
		return c, c.sa >= 0
	}
	cf, ok := cueTable[lw]
	if !ok {
		return c, false
	}
	c.lemma = cf.lemma
	prev := ""
	if k > fr[0] && x.out(k-1) {
		prev = x.toks[k-1].lw
	}
	next := x.lw(k + 1)
	switch cf.lemma {
	case "point":
		if next != "out" {
			return c, false
		}
		c.kEnd = k + 2
	case "go":
		if next != "on" || !endish(x.lw(k+2)) {
			return c, false
		}
		c.kEnd = k + 2
	case "continue":
		if !endish(next) {
			return c, false
		}
	}
	if k > fr[0] && startsUpper(x.toks[k].w) {
		return c, false // "the United States", "Says" in a name
	}
	switch {
	case cf.noun && determiners[prev]:
		return c, false
	case cf.noun && !cf.past && !cf.part && prev != "" && !x.subjectLike(k-1):
		return c, false // "numerous reports that"
	case cf.past && adjDeterminers[prev]:
		return c, false
	case cf.past && next == "by":
		return c, false // a participle: "reports seen by the U.S."
	case cf.lemma == "know" && (next == "as" || next == "for" || next == "to"):
		return c, false
	case cf.past && beForms[prev]:
		return c, false
	case cf.part && determiners[prev] && prev != "and" && prev != "by" && prev != "for" && prev != "of" && prev != "in" && prev != "with":
		return c, false
	}
	if cf.part && !beForms[prev] || cf.base && prev == "to" {
		// "…, adding that", "by saying", "declined to say": the speaker
		// is the subject of the clause.
		c.inherit = true
	} else {
		x.leftSubject(&c, fr)
	}
	x.contentAfter(&c, fr)
	if c.sa < 0 && !c.inherit {
		return c, false
	}
	return c, true
}

// subjectLike tells whether token i can end the subject of a verb whose
// form is also a noun: a name, a pronoun, a person or organisation noun or
// an adverb ("The US fears", "Kirby also notes").
func (x *extractor) subjectLike(i int) bool {
	t := x.toks[i]
	if startsUpper(t.w) || adverbials[t.lw] || t.w == "," || personNouns[t.lw] || orgNouns[t.lw] {
		return true
	}
	if _, ok := pronouns[t.lw]; ok {
		return true
	}
	return strings.HasSuffix(t.lw, "s") && personNouns[strings.TrimSuffix(t.lw, "s")]
}

// endish tells whether a word can follow "continued"/"went on" used as a
// speech cue.
func endish(w string) bool {
	return w == "" || w == "," || w == ":" || w == "." || w == "that" || isMarkTok(w)
}

// npWord tells whether token i can be part of a speaker noun phrase.
func (x *extractor) npWord(i int) bool {
	t := x.toks[i]
	if t.q >= 0 {
		return false
	}
	if t.lw == "’s" || t.lw == "'s" || t.lw == "&" || t.lw == "-" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t.w)
	if !wordRune(r) {
		return false
	}
	if clauseWords[t.lw] {
		return false
	}
	if unicode.IsUpper(r) || unicode.IsDigit(r) {
		return true
	}
	if personNouns[t.lw] || orgNouns[t.lw] {
		return true
	}
	if i > 0 && x.toks[i-1].q < 0 && adjDeterminers[x.toks[i-1].lw] {
		return true // "the meeting", "Thursday’s briefing"
	}
	if strings.HasSuffix(t.lw, "ing") || strings.HasSuffix(t.lw, "ed") || len(t.lw) > 4 && strings.HasSuffix(t.lw, "ly") {
		return false
	}
	if cf, isCue := cueTable[t.lw]; isCue && !cf.noun {
		return false
	}
	return true
}

const maxSubject = 10

// leftSubject finds the subject of the cue at c.k, walking left over
// adverbs and auxiliaries, then over the noun phrase.
func (x *extractor) leftSubject(c *cue, fr [2]int) {
	j := c.k - 1
	for j >= fr[0] && x.out(j) && adverbials[x.toks[j].lw] {
		j--
	}
	end := j + 1
	for j >= fr[0] && end-j <= maxSubject && x.npWord(j) {
		j--
	}
	// Determiners and possessive pronouns lead a description ("the
	// ministry", "its spokesman").
	start := j + 1
	// Do not let the phrase begin with a possessive clitic.
	for start < end && (x.toks[start].lw == "’s" || x.toks[start].lw == "'s" || x.toks[start].lw == "-") {
		start++
	}
	if start < end {
		c.sa, c.sb = start, end
		return
	}
	// No subject on the left: an inverted cue ("…,” said Kirby) or a
	// coordinated one ("… and said that").
	p := ""
	if j >= fr[0] {
		p = x.toks[j].lw
	}
	switch {
	case (p == "who" || p == "that" || p == "which") && j > fr[0]:
		// "business leaders who say": the relative's antecedent.
		k := j - 1
		if x.out(k) && x.toks[k].w == "," {
			k--
		}
		e := k + 1
		// The antecedent stops at a preposition: "no mention of Jeb Bush,
		// who".
		for k >= fr[0] && e-k <= maxSubject && x.npWord(k) && !(subjectStops[x.toks[k].lw] || x.toks[k].lw == "of") {
			k--
		}
		if k+1 < e {
			c.sa, c.sb, c.rel = k+1, e, j
		}
	case p == "," || isDash(p) || j >= fr[0] && x.toks[j].q >= 0 || j < fr[0]:
		x.rightSubject(c, fr)
		if c.sa < 0 && (p == "," || isDash(p)) {
			x.appositiveSubject(c, fr, j)
		}
	case p == "and" || p == "but" || p == "or":
		c.inherit = true
	}
}

// appositiveSubject finds the subject before an appositive ("Scott
// Goodstein, its chief executive officer, said"), the comma before the cue
// being at token j.
func (x *extractor) appositiveSubject(c *cue, fr [2]int, j int) {
	close := x.toks[j].w
	i := j - 1
	for i >= fr[0] && j-i < 20 && (!x.out(i) || x.toks[i].w != "," && !isDash(x.toks[i].w) && !isTerminator(x.toks[i].w)) {
		i--
	}
	if i < fr[0] || i == j-1 || !x.out(i) || x.toks[i].w != close && !(close == "," && x.toks[i].w == ",") {
		return
	}
	e := i
	k := i - 1
	for k >= fr[0] && e-k <= maxSubject && (x.npWord(k) || x.toks[k].w == ")" || x.toks[k].w == "(") {
		k--
	}
	for k+1 < e && (x.toks[k+1].w == "(" || x.toks[k+1].w == ")") {
		k++
	}
	if k+1 < e {
		c.sa, c.sb = k+1, e
		return
	}
	// No name before it: the appositive is the subject ("in the next two
	// states — Nevada and South Carolina — said").
	if i+1 < j {
		c.sa, c.sb = i+1, j
	}
}

func isDash(w string) bool { return w == "—" || w == "―" || w == "–" || w == "--" }

// rightSubject finds the subject after an inverted cue ("said John Kirby of
// the US national security council").
func (x *extractor) rightSubject(c *cue, fr [2]int) {
	j := c.kEnd
	if j >= fr[1] || !x.out(j) {
		return
	}
	// Right after a quotation ("“…,” said a senior official") the
	// inversion is certain, so the subject may be any noun phrase.
	afterQuote := c.k > fr[0] && (x.toks[c.k-1].q >= 0 ||
		x.toks[c.k-1].w == "," && c.k-2 >= fr[0] && x.toks[c.k-2].q >= 0)
	first := x.toks[j]
	if first.lw == "i" || first.lw == "we" {
		return
	}
	if !startsUpper(first.w) && first.lw != "the" && pronouns[first.lw] == nil && first.lw != "he" && first.lw != "she" {
		if afterQuote {
			x.looseRightSubject(c, fr)
		}
		return
	}
	e := j
	for e < fr[1] && e-j < maxSubject && (x.npWord(e) || x.lw(e) == "of" || x.lw(e) == "for" || x.lw(e) == "at") {
		if lw := x.lw(e); e > j && subjectStops[lw] && lw != "of" && lw != "for" && lw != "at" {
			break // "said Ann Lewis on Tuesday"
		}
		e++
	}
	for e > j && (x.lw(e-1) == "of" || x.lw(e-1) == "for" || x.lw(e-1) == "at") {
		e--
	}
	// An inverted subject ends its clause: "said Kirby." / "said Kirby,
	// adding"; "said Russia is …" is no inversion.
	if e > j && (e >= fr[1] || !x.out(e) && afterQuote || afterQuote && subjectStops[x.toks[e].lw] || x.toks[e].w == "," || x.toks[e].w == ":" || isTerminator(x.toks[e].w) || x.toks[e].w == ";") {
		c.sa, c.sb = j, e
		return
	}
	if afterQuote {
		x.looseRightSubject(c, fr)
	}
}

// subjectStops end an inverted subject after a quotation ("…,” said Ann
// Lewis on Tuesday", "said a man who asked not to be named").
var subjectStops = set("who", "whose", "whom", "which", "that", "in", "on", "during", "after",
	"before", "while", "when", "as", "referring", "adding", "noting", "explaining", "speaking",
	"according", "told", "asked", "because", "since", "but", "though", "although", "via",
	"through", "to", "last", "this", "earlier", "later", "yesterday", "today", "tonight",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "recently",
	"then", "again", "also", "afterward", "afterwards", "outside", "inside", "near", "from", "by",
	"about", "with", "into", "over", "under", "at")

// looseRightSubject takes the noun phrase after a cue that follows a
// quotation as its subject, whatever its first word ("…,” said retired
// neurosurgeon Ben Carson, "said an Iowa Democrat"), up to a comma, a stop
// or a word that opens a phrase of time, place or manner.
func (x *extractor) looseRightSubject(c *cue, fr [2]int) {
	j := c.kEnd
	e, depth := j, 0
	for e < fr[1] && e-j < 16 && x.out(e) {
		t := x.toks[e]
		switch {
		case t.w == "(":
			depth++
			e++
			continue
		case t.w == ")":
			if depth == 0 {
				break
			}
			depth--
			e++
			continue
		case depth > 0:
			e++
			continue
		}
		r, _ := utf8.DecodeRuneInString(t.w)
		if !wordRune(r) && t.lw != "’s" && t.lw != "'s" && t.w != "-" && t.w != "&" {
			break
		}
		if subjectStops[t.lw] && !(t.lw == "at" && e == j) {
			break
		}
		if t.lw == "and" && (e+1 >= fr[1] || !startsUpper(x.toks[e+1].w)) {
			break
		}
		if cf, isCue := cueTable[t.lw]; isCue && !cf.noun && e > j {
			break
		}
		if t.lw != "and" && clauseWords[t.lw] {
			break
		}
		e++
	}
	if e == j || depth > 0 {
		return
	}
	if e < fr[1] && x.out(e) {
		w := x.toks[e].w
		if r, _ := utf8.DecodeRuneInString(w); wordRune(r) && !subjectStops[x.toks[e].lw] {
			return // "said it was …": no inversion
		}
	}
	c.sa, c.sb = j, e
}

// accordingParts finds the source and the content of "according to X".
func (x *extractor) accordingParts(c *cue, fr [2]int) {
	j := c.kEnd
	e := j
	for e < fr[1] && e-j < 14 && x.out(e) && x.toks[e].w != "," && !isTerminator(x.toks[e].w) {
		if lw := x.toks[e].lw; e > j && (lw == "that" || lw == "which" || lw == "who" ||
			!startsUpper(x.toks[e].w) && (strings.HasSuffix(lw, "ed") || strings.HasSuffix(lw, "ing"))) {
			break
		}
		e++
	}
	if e == j {
		return
	}
	c.sa, c.sb = j, e
	// "According to X, content." or "content, according to X."
	lead := c.k - fr[0]
	if lead <= 2 && e < fr[1] && x.toks[e].w == "," {
		c.ca, c.cb = e+1, x.contentEnd(fr, e+1)
		return
	}
	if lead > 0 {
		b := c.k
		for b > fr[0] && (x.toks[b-1].w == "," || x.toks[b-1].w == "—" || x.toks[b-1].w == "(") {
			b--
		}
		c.ca, c.cb = fr[0], b
	}
}

// maxContentTokens bounds a reported content: a longer "sentence" is a
// list or a table, not one statement.
const maxContentTokens = 200

// contentEnd is the end of a content starting at a: the frame end without
// its final stop, cut before a trailing attribution ("…, according to X",
// "…, Kirby said").
func (x *extractor) contentEnd(fr [2]int, a int) int {
	b := min(fr[1], a+maxContentTokens)
	for i := a; i < b; i++ {
		if x.out(i) && x.toks[i].w == "," && i+1 < fr[1] && x.lw(i+1) == "according" {
			b = i
			break
		}
	}
	for b > a && x.out(b-1) && (isTerminator(x.toks[b-1].w) || x.toks[b-1].w == "," || x.toks[b-1].w == ":" || x.toks[b-1].w == ";") {
		b--
	}
	return b
}

var dayWords = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"yesterday", "today", "tonight", "earlier", "later", "again", "also", "repeatedly", "recently",
	"publicly", "privately", "separately", "last", "this", "week", "night", "morning", "afternoon",
	"evening")

// contentAfter finds what a cue introduces after itself: a that-clause, a
// clause, or nothing when the cue ends the frame (the content then comes
// before the subject: "…, the ministry said").
func (x *extractor) contentAfter(c *cue, fr [2]int) {
	a := c.kEnd
	if c.sa >= c.kEnd {
		// Inverted ("…, said Ann Lewis, a longtime adviser."): the content
		// came before.
		x.contentBefore(c, fr)
		return
	}
	// "told journalists on Monday at the Media Center that …"
	for i := a; i < fr[1] && i < a+14; i++ {
		if !x.out(i) || x.toks[i].w == "," || isTerminator(x.toks[i].w) || x.toks[i].w == ";" {
			break
		}
		if x.toks[i].lw == "that" {
			if i == a || x.allSkippable(a, i) {
				a = i + 1
			}
			break
		}
	}
	if a == c.kEnd {
		// "said Friday", "said in a statement", "said on Twitter:"
		for a < fr[1] && x.out(a) {
			lw := x.toks[a].lw
			switch {
			case dayWords[lw]:
				a++
				continue
			case (lw == "in" || lw == "on") && a+1 < fr[1]:
				n := a + 1
				if x.lw(n) == "a" || x.lw(n) == "an" || x.lw(n) == "the" || x.lw(n) == "his" || x.lw(n) == "her" || x.lw(n) == "its" {
					n++
				}
				w := x.lw(n)
				if dayWords[w] || w == "statement" || w == "interview" || w == "twitter" || w == "tweet" || w == "speech" || w == "letter" || w == "post" || w == "video" || w == "briefing" || w == "release" {
					a = n + 1
					continue
				}
			}
			break
		}
		// "…, Zelenskyy said, while …": the content came before.
		if a < fr[1] && x.out(a) && x.toks[a].w == "," && (a+1 >= fr[1] || x.out(a+1)) {
			a = fr[1]
		}
		for a < fr[1] && x.out(a) && (x.toks[a].w == ":" || x.toks[a].w == ",") {
			a++
		}
	}
	b := x.contentEnd(fr, a)
	b = x.cutAttributedQuote(a, b)
	if a >= b || x.wordCount(a, b) < 3 && !x.quoteCovers(a, b) || a == c.kEnd && afterCuePreps[x.toks[a].lw] {
		// The cue ends its clause: "…, the ministry said.", "…, Trump
		// said in New York." The content is what precedes the subject.
		x.contentBefore(c, fr)
		return
	}
	if x.toks[a].q >= 0 && x.quoteCovers(a, b) {
		// The content is a direct quotation, found as such.
		return
	}
	c.ca, c.cb = a, b
}

// cutAttributedQuote ends a content [a, b) before a quotation that has its
// own cue after it ("declared the need for drive: “…,” she said"): that
// quotation and its cue are another attribution.
func (x *extractor) cutAttributedQuote(a, b int) int {
	for i := a; i < b; i++ {
		q := x.toks[i].q
		if q < 0 {
			continue
		}
		j := i
		for j < b && x.toks[j].q == q {
			j++
		}
		for n := j; n < b && n < j+4 && x.out(n); n++ {
			if cf, ok := cueTable[x.toks[n].lw]; ok && !cf.part && !cf.base {
				e := i
				for e > a && x.out(e-1) && (x.toks[e-1].w == ":" || x.toks[e-1].w == ",") {
					e--
				}
				return e
			}
		}
		i = j - 1
	}
	return b
}

// afterCuePreps open a phrase of place or time, not a content, right after
// a cue ("said in New York", "said during the debate").
var afterCuePreps = set("in", "on", "at", "during", "after", "before", "from", "with", "without",
	"while", "when", "as", "outside", "inside", "near", "via", "through", "of", "about", "for",
	"to", "earlier", "later", "ago", "afterward", "afterwards")

// contentBefore sets the content of a cue that ends its clause: the frame
// up to the comma before the subject ("…, the ministry said") or before an
// inverted cue ("…, said Kirby"), unless that is a direct quotation.
func (x *extractor) contentBefore(c *cue, fr [2]int) {
	head := c.sa
	if head < 0 || c.inherit {
		return
	}
	if c.sa > c.k {
		head = c.k
	}
	e := head
	for e > fr[0] && x.out(e-1) && (x.toks[e-1].w == "," || x.toks[e-1].w == "—") {
		e--
	}
	a := max(fr[0], e-maxContentTokens)
	if e < head && e > a && !x.quoteCovers(a, e) {
		c.ca, c.cb = a, e
	}
}

// allSkippable tells whether tokens [a, b) can sit between a cue and its
// "that" (an addressee, a time, a place, a medium).
func (x *extractor) allSkippable(a, b int) bool {
	for i := a; i < b; i++ {
		t := x.toks[i]
		if timeWords[t.lw] || startsUpper(t.w) || t.lw == "’s" || t.lw == "'s" || t.lw == "of" || t.lw == "with" || t.lw == "for" {
			continue
		}
		if _, isCue := cueTable[t.lw]; isCue {
			return false
		}
		if len(t.lw) > 2 && !strings.HasSuffix(t.lw, "ed") {
			continue
		}
		return false
	}
	return true
}

// quoteCovers tells whether tokens [a, b) are all inside quotations, apart
// from punctuation.
func (x *extractor) quoteCovers(a, b int) bool {
	for i := a; i < b; i++ {
		if x.toks[i].q < 0 {
			r, _ := utf8.DecodeRuneInString(x.toks[i].w)
			if wordRune(r) {
				return false
			}
		}
	}
	return true
}
