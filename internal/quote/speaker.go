package quote

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/news"
)

// speakerTypes are the mention types that can speak.
var speakerTypes = []string{"PERSON", "ORG", "GPE"}

// inQuote tells whether byte offset p lies inside a quotation.
func (x *extractor) inQuote(p int) bool {
	i, _ := slices.BinarySearchFunc(x.quotes, p, func(q qspan, p int) int {
		if q.oe <= p {
			return -1
		}
		if q.os > p {
			return 1
		}
		return 0
	})
	return i < len(x.quotes) && x.quotes[i].os <= p && p < x.quotes[i].oe
}

func (x *extractor) paraStart(p int) int {
	i, found := slices.BinarySearchFunc(x.paras, p, func(s news.Span, p int) int { return cmp.Compare(s.Start, p) })
	if !found {
		i--
	}
	if i < 0 {
		return 0
	}
	return x.paras[i].Start
}

// resolveCues gives every cue its speaker, in text order, so that a pronoun
// can be resolved against the speakers before it.
func (x *extractor) resolveCues() {
	for i := range x.cues {
		c := &x.cues[i]
		if c.inherit {
			x.inheritSpeaker(i)
			continue
		}
		if c.sa < 0 {
			continue
		}
		c.spk, c.typ = x.resolveNP(c.sa, c.sb)
		if c.rel >= 0 {
			c.spk.End = x.toks[c.rel].e
		}
		c.hasSpeaker = true
		x.remember(c.spk, c.typ)
	}
}

func (x *extractor) remember(s Speaker, typ string) {
	if s.Name == "" {
		return
	}
	g := x.genderAt(s.Start, s.Name)
	if words := strings.Fields(x.s[s.Start:s.End]); len(words) > 0 {
		// A title in the span ("Mrs. Clinton") or the pronoun itself.
		switch w := strings.ToLower(words[0]); {
		case w == "mr." || w == "mr":
			g = genderMale
		case w == "mrs." || w == "ms." || w == "mrs" || w == "ms":
			g = genderFemale
		case len(words) == 1 && pronounGender(w) != genderUnknown:
			g = pronounGender(w)
		}
	}
	x.history = append(x.history, histEntry{pos: s.Start, name: s.Name, typ: typ, span: s, gender: g})
}

// inheritSpeaker gives a participle or coordinated cue ("…, adding that",
// "… and said") the speaker of the cue before it in the frame, or the noun
// phrase that opens the frame.
func (x *extractor) inheritSpeaker(i int) {
	c := &x.cues[i]
	for j := i - 1; j >= 0 && j >= i-20 && x.cues[j].frame == c.frame; j-- {
		if x.cues[j].hasSpeaker {
			c.spk, c.typ, c.hasSpeaker = x.cues[j].spk, x.cues[j].typ, true
			return
		}
	}
	fr := x.frames[c.frame]
	a := x.clauseStart(fr, c.k)
	e := a
	for e < c.k && e-a < maxSubject && x.npWord(e) {
		e++
	}
	if e > a {
		c.sa, c.sb = a, e
		c.spk, c.typ = x.resolveNP(a, e)
		c.hasSpeaker = true
		x.remember(c.spk, c.typ)
	}
}

// introWords open a frame with a phrase that is not its subject ("On
// Sunday, …", "In the wake of …, …").
var introWords = set("in", "on", "at", "after", "before", "during", "since", "while", "when",
	"as", "although", "though", "because", "if", "despite", "following", "with", "without",
	"for", "by", "under", "over", "amid", "among", "yet", "but", "and", "so", "still", "meanwhile",
	"however", "also", "earlier", "later", "last", "this", "next", "then", "now", "today",
	"yesterday", "asked", "speaking", "according", "unlike", "like", "instead", "once", "until")

// clauseStart returns where the main clause of a frame begins, skipping a
// dateline ("WASHINGTON —") and an introductory phrase up to its comma.
func (x *extractor) clauseStart(fr [2]int, limit int) int {
	a := fr[0]
	for i := a; i < limit && i < a+4; i++ {
		if w := x.toks[i].w; i > a && (w == "—" || w == "--" || w == "–" || w == "-") {
			if isAllCaps(x.s[x.toks[a].s:x.toks[i-1].e]) {
				a = i + 1
			}
			break
		}
	}
	if a < limit && introWords[x.toks[a].lw] {
		for i := a; i < limit; i++ {
			if x.out(i) && x.toks[i].w == "," {
				return i + 1
			}
		}
	}
	return a
}

func isAllCaps(s string) bool {
	up := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		up = up || unicode.IsUpper(r)
	}
	return up
}

// mentionsBefore returns how many mentions start before byte p (they are
// sorted by start), so that searches backwards from p stay cheap.
func (x *extractor) mentionsBefore(p int) int {
	i, _ := slices.BinarySearchFunc(x.mentions, p, func(m ner.Mention, p int) int { return cmp.Compare(m.Start, p) })
	return i
}

// historyBefore returns how many remembered speakers were named before
// byte p. The history is appended in text order, give or take an inherited
// subject, which the callers' checks on pos absorb.
func (x *extractor) historyBefore(p int) int {
	i, _ := slices.BinarySearchFunc(x.history, p, func(h histEntry, p int) int { return cmp.Compare(h.pos, p) })
	return min(len(x.history), i+2)
}

func typeIn(t string, types []string) bool { return slices.Contains(types, t) }

// resolveNP turns a subject noun phrase (tokens [a, b)) into a speaker.
func (x *extractor) resolveNP(a, b int) (Speaker, string) {
	bs, be := x.toks[a].s, x.toks[b-1].e
	sp := Speaker{Start: bs, End: be}
	if b-a == 1 {
		if types, ok := pronouns[x.toks[a].lw]; ok {
			sp.Name, _ = x.resolvePronoun(bs, types, pronounGender(x.toks[a].lw))
			return sp, firstType(types)
		}
	}
	var best *ner.Mention
	for i := range x.mentions {
		m := &x.mentions[i]
		if m.End <= bs || m.Start >= be || !typeIn(m.Type, speakerTypes) {
			continue
		}
		if best == nil || rank(m.Type) < rank(best.Type) {
			best = m
		}
	}
	if best != nil && best.Type == "PERSON" {
		sp.Name = x.canonical(best.Text, best.Type, best.Start)
		return sp, best.Type
	}
	h, definite := x.head(a, b)
	head := x.toks[h].lw
	last := x.toks[b-1]
	switch {
	case startsUpper(last.w) && !dayWords[last.lw] && (best == nil || best.End < last.e):
		// A name the tagger missed: "the council’s Kirby", "The Kremlin".
		sp.Name = x.canonical(x.s[bs:be], "", bs)
		return sp, x.guessType(sp.Name)
	case !startsUpper(x.toks[h].w) && isPluralPersonNoun(head):
		sp.Name = x.canonical(x.s[bs:be], "", bs) // "top U.S. officials" stay anonymous
		return sp, "PERSON"
	case !startsUpper(x.toks[h].w) && definite && (personNouns[head] || orgNouns[head]):
		types := []string{"ORG", "GPE"}
		if personNouns[head] {
			types = []string{"PERSON"}
		}
		var mods []string
		for i := a + 1; i < b; i++ {
			if t := x.toks[i]; startsUpper(t.w) && t.lw != "’s" {
				mods = append(mods, t.lw)
			}
		}
		if name, typ := x.resolveDescription(bs, head, mods, types); name != "" {
			sp.Name = name
			return sp, typ
		}
		sp.Name = x.canonical(x.s[bs:be], "", bs)
		return sp, types[0]
	}
	if best != nil {
		sp.Name = x.canonical(best.Text, best.Type, best.Start)
		return sp, best.Type
	}
	sp.Name = x.canonical(x.s[bs:be], "", bs)
	switch {
	case personNouns[head]:
		return sp, "PERSON"
	case orgNouns[head]:
		return sp, "ORG"
	}
	return sp, x.guessType(sp.Name)
}

// guessType types a name the tagger did not: a person when it is (or
// expands to) the name of a person mentioned in the article.
func (x *extractor) guessType(name string) string {
	for _, m := range x.mentions {
		if m.Type == "PERSON" && strings.HasSuffix(m.Text, name) {
			return "PERSON"
		}
	}
	return ""
}

func isPluralPersonNoun(w string) bool {
	if strings.HasSuffix(w, "ies") && personNouns[strings.TrimSuffix(w, "ies")+"y"] {
		return true
	}
	return strings.HasSuffix(w, "s") && personNouns[strings.TrimSuffix(w, "s")] ||
		w == "officials" || w == "sources" || w == "experts" || w == "analysts" || w == "people" ||
		w == "critics" || w == "observers" || w == "diplomats" || w == "authorities" || w == "residents" ||
		w == "witnesses" || w == "voters" || w == "supporters" || w == "aides" || w == "members"
}

func firstType(types []string) string {
	if len(types) == 0 {
		return ""
	}
	return types[0]
}

func rank(t string) int { return slices.Index(speakerTypes, t) }

// possessiveBefore tells whether the mention ending at e is a possessive
// modifier inside the phrase ending at be ("Russia’s foreign minister").
func possessiveBefore(s string, e, be int) bool {
	return e < be && (strings.HasPrefix(s[e:], "’s") || strings.HasPrefix(s[e:], "'s"))
}

// head returns the index of the head word of a noun phrase (the last word
// before "of", "for" or "at") and whether the phrase is definite ("the
// spokesman", "its ministry", "Russia’s foreign minister").
func (x *extractor) head(a, b int) (int, bool) {
	h := b - 1
	for i := a; i < b; i++ {
		if lw := x.toks[i].lw; lw == "of" || lw == "for" || lw == "at" {
			if i > a {
				h = i - 1
			}
			break
		}
	}
	switch x.toks[a].lw {
	case "the", "its", "his", "her", "their", "this", "that":
		return h, true
	}
	for i := a; i < h; i++ {
		if x.toks[i].lw == "’s" || x.toks[i].lw == "'s" {
			return h, true
		}
	}
	return h, false
}

// resolvePronoun finds what a pronoun at byte p stands for: a named mention
// earlier in the same paragraph if it is more recent than the last
// compatible speaker, else that speaker, else the nearest earlier mention.
func (x *extractor) resolvePronoun(p int, types []string, gender byte) (string, string) {
	if len(types) == 0 {
		return "", ""
	}
	var last *histEntry
	for i := x.historyBefore(p) - 1; i >= 0; i-- {
		h := &x.history[i]
		if h.pos < p && (h.typ == "" || typeIn(h.typ, types)) && agrees(gender, h.gender) {
			last = h
			break
		}
	}
	ps := x.paraStart(p)
	var near, any *ner.Mention
	for _, t := range types {
		for i := x.mentionsBefore(p) - 1; i >= 0; i-- {
			m := &x.mentions[i]
			if m.End > p || m.Type != t || x.inQuote(m.Start) {
				continue
			}
			if t == "PERSON" && gender != genderUnknown && !agrees(gender, x.genderAt(m.Start, x.canonical(m.Text, m.Type, m.Start))) {
				continue
			}
			if any == nil {
				any = m
			}
			if m.Start >= ps && (near == nil || m.Start > near.Start) {
				near = m
			}
			break
		}
		if near != nil && t == "PERSON" {
			// "They" after a named person means people, not the country
			// mentioned later in the sentence.
			break
		}
	}
	switch {
	case near != nil && (last == nil || near.Start > last.pos):
		return x.canonical(near.Text, near.Type, near.Start), near.Type
	case last != nil:
		return last.name, last.typ
	case any != nil:
		return x.canonical(any.Text, any.Type, any.Start), any.Type
	}
	return "", ""
}

// resolveDescription finds the named speaker a description ("the
// ministry", "the Ukrainian president") refers to: the nearest earlier
// mention whose name, or the title before it on its line, holds the head
// word and the description's capitalised modifiers; failing that, when the
// description has no modifiers, the last compatible speaker or the nearest
// compatible mention.
func (x *extractor) resolveDescription(p int, head string, mods []string, types []string) (string, string) {
	// First a name holding the head word ("British Defense Ministry"),
	// then, for people, a name after a title holding it ("Ukrainian
	// President Volodymyr Zelenskyy").
	for pass := 0; pass < 2; pass++ {
		if pass == 1 && !slices.Contains(types, "PERSON") {
			break
		}
		for i := x.mentionsBefore(p) - 1; i >= 0; i-- {
			m := x.mentions[i]
			if m.End > p || !typeIn(m.Type, types) || x.inQuote(m.Start) {
				continue
			}
			from := m.Start
			if pass == 1 {
				from = max(0, m.Start-60, strings.LastIndexByte(x.s[:m.Start], '\n')+1)
			}
			ctx := strings.ToLower(x.s[from:m.End])
			ok := strings.Contains(ctx, head)
			for _, md := range mods {
				ok = ok && strings.Contains(ctx, md)
			}
			if ok {
				return x.canonical(m.Text, m.Type, m.Start), m.Type
			}
		}
	}
	if len(mods) > 0 {
		return "", ""
	}
	for i := x.historyBefore(p) - 1; i >= 0; i-- {
		h := x.history[i]
		if h.pos < p && typeIn(h.typ, types) {
			return h.name, h.typ
		}
	}
	for i := x.mentionsBefore(p) - 1; i >= 0; i-- {
		m := x.mentions[i]
		if m.End <= p && typeIn(m.Type, types) && !x.inQuote(m.Start) {
			return x.canonical(m.Text, m.Type, m.Start), m.Type
		}
	}
	return "", ""
}

// canonical returns a display name for a speaker phrase: a person's name
// without titles or possessive ("U.K. Foreign Secretary James Cleverly’s" →
// "James Cleverly"), expanded to the fuller name used elsewhere in the
// article ("Kirby" → "John Kirby"); an organisation or place without its
// article and possessive.
func (x *extractor) canonical(name, typ string, at int) string {
	words := strings.Fields(name)
	for len(words) > 0 {
		w := words[len(words)-1]
		w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
		w = strings.TrimSuffix(w, "’")
		w = strings.TrimRightFunc(w, func(r rune) bool { return unicode.IsPunct(r) && r != '.' })
		if w == "" {
			words = words[:len(words)-1]
			continue
		}
		words[len(words)-1] = w
		break
	}
	if len(words) == 0 {
		return ""
	}
	if typ == "PERSON" || typ == "" {
		// The name is the run of capitalised words at the end that are
		// not titles.
		i := len(words)
		for i > 0 {
			w := words[i-1]
			r, _ := utf8.DecodeRuneInString(w)
			particle := w == "von" || w == "van" || w == "der" || w == "de" || w == "al" || w == "bin" || w == "la" || w == "le"
			if titles[strings.ToLower(w)] || !(unicode.IsUpper(r) || particle) {
				break
			}
			i--
		}
		if i < len(words) && (typ == "PERSON" || i > 0) {
			words = words[i:]
		}
	}
	if len(words) > 1 && (strings.EqualFold(words[0], "the")) {
		words = words[1:]
	}
	out := strings.Join(words, " ")
	if (typ == "PERSON" || typ == "") && len(words) == 1 {
		out = x.expand(out, at)
	}
	return out
}

// expand turns a surname or given name alone into the fullest name of the
// article's person mentions that holds it, preferring earlier ones.
func (x *extractor) expand(w string, at int) string {
	best, bestAt := "", -1
	for _, m := range x.mentions {
		if m.Type != "PERSON" {
			continue
		}
		name := x.canonicalNoExpand(m.Text)
		fs := strings.Fields(name)
		if len(fs) < 2 || !slices.Contains(fs, w) {
			continue
		}
		before := m.Start < at
		switch {
		case best == "":
		case before && (bestAt >= at || m.Start > bestAt):
		default:
			continue
		}
		best, bestAt = name, m.Start
	}
	if best == "" {
		return w
	}
	return best
}

func (x *extractor) canonicalNoExpand(name string) string {
	saved := x.mentions
	x.mentions = nil
	out := x.canonical(name, "PERSON", 0)
	x.mentions = saved
	return out
}

// ---- results ----

type attribution struct {
	spk  Speaker
	cue  string
	ok   bool
	weak bool // guessed from the last speaker, with no cue
}

func (x *extractor) cueText(c cue) string {
	return x.s[x.toks[c.k].s:x.toks[c.kEnd-1].e]
}

func (x *extractor) results() []Found {
	var out []Found
	attr := make([]attribution, len(x.quotes))
	for qi, q := range x.quotes {
		a := x.attribute(qi, attr)
		attr[qi] = a
		words := x.wordCount(q.ti, q.tj)
		if words <= 3 && !q.block && !x.speechy(q) && (!a.ok || a.weak || x.modifierAfter(q)) {
			continue // a scare quote or a title
		}
		is, ie := trimSpan(x.s, q.is, q.ie)
		if is >= ie {
			continue
		}
		f := Found{Quote: news.Quote{Text: x.s[is:ie], Start: is, End: ie, Direct: true}, SourceStart: -1, SourceEnd: -1}
		if a.ok {
			f.SpeakerName, f.Cue = a.spk.Name, a.cue
			f.SourceStart, f.SourceEnd = a.spk.Start, a.spk.End
		}
		out = append(out, f)
	}
	for i, c := range x.cues {
		if c.ca < 0 || c.cb <= c.ca {
			continue
		}
		if g := x.gov[c.frame]; g >= 0 && g != i {
			continue // inside a governed sentence: the governing cue reports it
		}
		if x.outerCue(i) >= 0 {
			continue // nested in another cue's content, which reports it
		}
		a, b := x.toks[c.ca].s, x.toks[c.cb-1].e
		a, b = trimSpan(x.s, a, b)
		if a >= b || x.wordCount(c.ca, c.cb) < 3 {
			continue
		}
		f := Found{Quote: news.Quote{Text: x.s[a:b], Start: a, End: b}, Cue: x.cueText(c), SourceStart: -1, SourceEnd: -1}
		if c.hasSpeaker {
			f.SpeakerName = c.spk.Name
			f.SourceStart, f.SourceEnd = c.spk.Start, c.spk.End
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b Found) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	return out
}

func trimSpan(s string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(s[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(s[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		b -= n
	}
	return a, b
}

func (x *extractor) wordCount(a, b int) int {
	n := 0
	for i := a; i < b; i++ {
		r, _ := utf8.DecodeRuneInString(x.toks[i].w)
		if wordRune(r) {
			n++
		}
	}
	return n
}

// speechy tells whether a short quotation reads as something said: it
// ends with a stop or a comma inside its marks ("“Thank you, son,”"), which
// a quoted label does not.
func (x *extractor) speechy(q qspan) bool {
	i := q.tj - 1
	for i > q.ti && (isMarkTok(x.toks[i].w) || x.toks[i].w == "'") {
		i--
	}
	w := x.toks[i].w
	return i > q.ti && (w == "," || w == "!" || w == "?" || w == ".")
}

// modifierAfter tells whether a short quotation is followed by a content
// word, as a quoted modifier is ("‘kamikaze’ drones").
func (x *extractor) modifierAfter(q qspan) bool {
	if q.tj >= len(x.toks) || x.frameOf[q.tj] != x.frameOf[q.tj-1] {
		return false
	}
	t := x.toks[q.tj]
	r, _ := utf8.DecodeRuneInString(t.w)
	return t.q < 0 && wordRune(r) && !functionWords[t.lw]
}

// frameCues returns the range of x.cues in frame f (cues are in text
// order).
func (x *extractor) frameCues(f int) (int, int) {
	lo, _ := slices.BinarySearchFunc(x.cues, f, func(c cue, f int) int { return cmp.Compare(c.frame, f) })
	hi, _ := slices.BinarySearchFunc(x.cues, f+1, func(c cue, f int) int { return cmp.Compare(c.frame, f) })
	return lo, hi
}

// attribute finds the speaker of quotation qi: the nearest cue in its
// frame, the cue of the next frame when the quotation stands alone ("“…”
// Mr. Kirby said."), the cue of the previous frame when it ends in a colon,
// or the speaker of the quotation in the paragraph before (a quotation
// going on over paragraphs).
func (x *extractor) attribute(qi int, prev []attribution) attribution {
	q := x.quotes[qi]
	f := x.frameOf[q.ti]
	fr := x.frames[f]
	if g := x.gov[f]; g >= 0 {
		return attribution{spk: x.cues[g].spk, cue: x.cueText(x.cues[g]), ok: true}
	}
	if l := x.labelCue(q.ti); l >= 0 && x.cues[l].hasSpeaker {
		return attribution{spk: x.cues[l].spk, cue: x.cueText(x.cues[l]), ok: true}
	}
	best, bestD := -1, 1<<30
	lo, hi := x.frameCues(f)
	for i := lo; i < hi; i++ {
		c := x.cues[i]
		if !c.hasSpeaker {
			continue
		}
		d := q.ti - c.kEnd
		if c.k >= q.tj {
			d = c.k - q.tj
		}
		if d >= 0 && d < bestD {
			best, bestD = i, d
		}
	}
	if best >= 0 {
		if o := x.outerCue(best); o >= 0 {
			best = o
		}
		return attribution{spk: x.cues[best].spk, cue: x.cueText(x.cues[best]), ok: true}
	}
	if x.quoteCovers(fr[0], fr[1]) && f+1 < len(x.frames) {
		nf := x.frames[f+1]
		if x.toks[nf[0]].para == x.toks[fr[0]].para {
			lo, hi := x.frameCues(f + 1)
			for _, c := range x.cues[lo:hi] {
				if c.hasSpeaker && c.sa == nf[0] && c.ca < 0 {
					return attribution{spk: c.spk, cue: x.cueText(c), ok: true}
				}
			}
		}
	}
	if x.quoteCovers(fr[0], fr[1]) && qi > 0 && prev[qi-1].ok {
		// "“…,” she said. “…”": the next sentence of the same speech.
		pq := x.quotes[qi-1]
		if pf := x.frameOf[pq.ti]; pf == f-1 && x.toks[pq.ti].para == x.toks[q.ti].para {
			return prev[qi-1]
		}
	}
	if q.ti == fr[0] && f > 0 {
		pf := x.frames[f-1]
		if lw := x.toks[pf[1]-1].w; x.out(pf[1]-1) && (lw == ":" || lw == ",") {
			lo, hi := x.frameCues(f - 1)
			for i := hi - 1; i >= lo; i-- {
				if c := x.cues[i]; c.hasSpeaker {
					return attribution{spk: c.spk, cue: x.cueText(c), ok: true}
				}
			}
		}
	}
	para := x.toks[q.ti].para
	if q.ti == 0 || x.toks[q.ti-1].para != para {
		for j := qi - 1; j >= 0; j-- {
			pp := x.toks[x.quotes[j].ti].para
			if pp < para-1 {
				break
			}
			if pp == para-1 && prev[j].ok {
				return prev[j]
			}
		}
	}
	if a, ok := x.frameSubject(fr, q.ti); ok {
		return a
	}
	return x.lastSpeaker(q)
}

// lastSpeaker guesses the speaker of a quotation with no cue: the person
// named last before it (outside quotations, in its paragraph or the one
// before), or the last speaker when that came later. News writing
// introduces a speaker before quoting them.
func (x *extractor) lastSpeaker(q qspan) attribution {
	para := x.toks[q.ti].para
	lo := 0
	if para > 0 && para-1 < len(x.paras) {
		lo = x.paras[para-1].Start
	}
	var near *ner.Mention
	for i := x.mentionsBefore(q.os) - 1; i >= 0 && x.mentions[i].Start >= lo; i-- {
		m := &x.mentions[i]
		if m.End <= q.os && m.Type == "PERSON" && !x.inQuote(m.Start) {
			near = m
			break
		}
	}
	var last *histEntry
	for i := x.historyBefore(q.os) - 1; i >= 0 && x.history[i].pos >= lo; i-- {
		if h := &x.history[i]; h.pos < q.os {
			last = h
			break
		}
	}
	switch {
	case near != nil && (last == nil || near.Start > last.pos):
		return attribution{spk: Speaker{Start: near.Start, End: near.End, Name: x.canonical(near.Text, near.Type, near.Start)}, ok: true, weak: true}
	case last != nil:
		return attribution{spk: last.span, ok: true, weak: true}
	}
	return attribution{}
}
