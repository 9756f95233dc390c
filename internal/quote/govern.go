package quote

import "strings"

// governing finds, for every frame, the cue that governs the whole
// sentence, -1 when none does: "according to X" opening or closing the
// sentence ("…, according to an organizer.") attributes everything else in
// it, including the quotations and the speech verbs inside ("About 40
// rabbis have said that …, according to an organizer"). Attribution corpora
// mark one attribution per stretch of text, the outermost one, so the inner
// cues are not reported separately.
func (x *extractor) governing() []int {
	gov := make([]int, len(x.frames))
	for f := range gov {
		gov[f] = -1
	}
	for i, c := range x.cues {
		if c.lemma != "according to" || !c.hasSpeaker || gov[c.frame] >= 0 {
			continue
		}
		fr := x.frames[c.frame]
		lead := x.clauseStart(fr, c.k)
		opens := c.k <= lead+1 && c.sb < fr[1] && x.toks[c.sb].w == ","
		closes := true
		for j := c.sb; j < fr[1]; j++ {
			if r := x.toks[j].w; !isTerminator(r) && r != ")" && !isMarkTok(r) {
				closes = false
				break
			}
		}
		if opens || closes && c.k > fr[0] {
			gov[c.frame] = i
		}
	}
	return gov
}

// afterQuotation tells whether cue c attributes the quotation right before
// it ("declared: “…,” she said", "“…,” said Kirby"): such a cue is not part
// of the content of the cue before it.
func (x *extractor) afterQuotation(c cue) bool {
	i := c.k - 1
	if c.sa >= 0 && c.sa < c.k {
		i = c.sa - 1
	}
	if i >= 0 && x.toks[i].w == "," && x.out(i) {
		i--
	}
	return i >= 0 && x.toks[i].q >= 0
}

// outerCue returns the cue whose reported content holds cue i (its verb
// lies inside that content: "Lapp said she thinks …", "Law said, noting
// that donors feel …"), or -1. The outer attribution is the one reported:
// an annotator marks one attribution per stretch of text.
func (x *extractor) outerCue(i int) int {
	c := x.cues[i]
	if l := x.labelCue(c.k); l >= 0 && l != i {
		return l
	}
	for j := i - 1; j >= 0 && x.cues[j].frame == c.frame; j-- {
		o := x.cues[j]
		if o.hasSpeaker && o.ca >= 0 && o.ca <= c.k && c.k < o.cb && !x.afterQuotation(c) {
			if k := x.outerCue(j); k >= 0 {
				return k
			}
			return j
		}
	}
	return -1
}

// frameSubject attributes a quotation with no cue that sits inside a
// sentence to the sentence's subject, when that names someone ("Sanders
// ticked off … and rebuilding the nation's “crumbling infrastructure.”",
// "McConnell delivered a blunt message to Trump: “…”"): the writer reports
// the subject's words with a verb no cue list holds.
func (x *extractor) frameSubject(fr [2]int, qi int) (attribution, bool) {
	a := x.clauseStart(fr, qi)
	if a >= qi || !x.out(a) {
		return attribution{}, false
	}
	e := a
	for e < qi && e-a < maxSubject && x.npWord(e) {
		e++
	}
	if e == a || e >= qi {
		return attribution{}, false
	}
	if !x.namesSomeone(a, e) {
		return attribution{}, false
	}
	spk, _ := x.resolveNP(a, e)
	if spk.Name == "" {
		return attribution{}, false
	}
	return attribution{spk: spk, ok: true, weak: true}, true
}

// namesSomeone tells whether tokens [a, b) can name a speaker: a pronoun
// for a person or group, a phrase holding a person or organisation
// mention, or one headed by a person or organisation noun.
func (x *extractor) namesSomeone(a, b int) bool {
	if b-a == 1 {
		if types, ok := pronouns[x.toks[a].lw]; ok {
			return len(types) > 0
		}
	}
	bs, be := x.toks[a].s, x.toks[b-1].e
	for i := x.mentionsBefore(be) - 1; i >= 0; i-- {
		m := x.mentions[i]
		if m.End <= bs {
			break
		}
		if m.End <= be && (m.Type == "PERSON" || m.Type == "ORG") {
			return true
		}
	}
	h, _ := x.head(a, b)
	head := x.toks[h].lw
	return personNouns[head] || orgNouns[head] || isPluralPersonNoun(head)
}

// maxLabelTokens bounds a speaker label ("Sen. Kirsten Gillibrand:").
const maxLabelTokens = 6

// labelAt finds a speaker label opening paragraph frame fr: a name and a
// colon before a transcript turn ("FALLIN: Well, I think …") or a
// headline's quotation ("Kasich: ‘We Are Going …’"). The label must name a
// person or organisation the tagger found, or be the capitalised surname
// of a person named in the article, so that "UPDATE:" or a dateline is no
// speaker. The content is the rest of the paragraph: the whole turn.
func (x *extractor) labelAt(f int, fr [2]int) (cue, bool) {
	a := fr[0]
	if a > 0 && x.toks[a-1].para == x.toks[a].para {
		return cue{}, false // not the paragraph's first frame
	}
	k := a
	for k < fr[1] && k-a <= maxLabelTokens && x.out(k) && x.toks[k].w != ":" {
		if w := x.toks[k].w; !startsUpper(w) && w != "’s" && w != "'s" && w != "." {
			return cue{}, false
		}
		k++
	}
	if k == a || k >= fr[1] || k-a > maxLabelTokens || !x.out(k) || x.toks[k].w != ":" || k+1 >= len(x.toks) || x.toks[k+1].para != x.toks[a].para {
		return cue{}, false
	}
	if !x.labelNames(a, k) {
		return cue{}, false
	}
	c := cue{k: k, kEnd: k + 1, lemma: ":", sa: a, sb: k, ca: -1, cb: -1, frame: f, rel: -1}
	end := k + 1
	for end < len(x.toks) && x.toks[end].para == x.toks[a].para && end-k <= 2*maxContentTokens {
		end++
	}
	for end > k+1 && x.out(end-1) && isTerminator(x.toks[end-1].w) {
		end--
	}
	if !x.quoteCovers(k+1, end) {
		c.ca, c.cb = k+1, end
	}
	return c, true
}

// labelNames tells whether tokens [a, b) name a speaker a label may give.
func (x *extractor) labelNames(a, b int) bool {
	bs, be := x.toks[a].s, x.toks[b-1].e
	for i := x.mentionsBefore(be) - 1; i >= 0 && x.mentions[i].End > bs; i-- {
		if m := x.mentions[i]; m.Start >= bs && m.End <= be && (m.Type == "PERSON" || m.Type == "ORG") {
			return true
		}
	}
	if b-a != 1 {
		return false
	}
	w := x.toks[a].w
	for _, m := range x.mentions {
		if m.Type != "PERSON" {
			continue
		}
		for _, part := range strings.Fields(m.Text) {
			if len(part) > 1 && strings.EqualFold(part, w) {
				return true
			}
		}
	}
	return false
}

// labelCue returns the label cue of the paragraph holding token i, -1 for
// none.
func (x *extractor) labelCue(i int) int {
	if l, ok := x.labels[x.toks[i].para]; ok && x.cues[l].k < i {
		return l
	}
	return -1
}
