package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
)

// Feature templates. Their numbers are hashed into every feature, so they
// must never be renumbered once a model is trained: append new ones.
const (
	fBias byte = iota + 1
	fWord
	fLower
	fLowerPrev
	fLowerNext
	fLowerPrev2
	fLowerNext2
	fShape
	fShapePrev
	fShapeNext
	fShape3
	fPrefix
	fSuffix
	fBigramPrev
	fBigramNext
	fGaz
	fGazPrev
	fGazNext
	fGiven
	fGivenPrev
	fOrgHead
	fOrgHeadNext
	fOrgHeadNext2
	fFirstCap
	fWordPrev
	fGazLen
	fCapsSentence
	fShapeLowerPrev
	fShapeLowerNext
	fDocCase
	fHist
	fWordNext
	fContext
	fRun
	fRunHead
	fRunFirst
	fCapLen
	fWN
	fWNPrev
	fWNNext
	fCommon
	fTitle
	fTitleCtx
)

// hasher is FNV-1a, inlined so that building a feature allocates nothing.
type hasher uint64

const (
	fnvOffset hasher = 14695981039346656037
	fnvPrime  hasher = 1099511628211
)

func (h hasher) byte(b byte) hasher { return (h ^ hasher(b)) * fnvPrime }

func (h hasher) str(s string) hasher {
	for i := 0; i < len(s); i++ {
		h = (h ^ hasher(s[i])) * fnvPrime
	}
	return h
}

func feat(t byte, s string) uint64 { return uint64(fnvOffset.byte(t).str(s)) }

func feat2(t byte, a, b string) uint64 {
	return uint64(fnvOffset.byte(t).str(a).byte(0).str(b))
}

func feat3(t byte, a, b, c string) uint64 {
	return uint64(fnvOffset.byte(t).str(a).byte(0).str(b).byte(0).str(c))
}

// tokenInfo is what the features need to know about one token; it is
// computed once per sentence.
type tokenInfo struct {
	word, lower, shape string
	gaz                string // "B-GPE", "I-WEAPON", … or ""
	gazLen             string // length of the gazetteer match, as text
	given, orgHead     bool
	// docCase says how the word is written elsewhere in its document
	// (docStats.annotate); hist is the type the tagger gave the same word
	// earlier in the document (history.annotate). Both are "" when unknown.
	docCase, hist string
	// run describes the run of capitalised words the token is in
	// ("Bank of England"): its position and length, as "B3"; runHead and
	// runFirst are the run's last and first words, lower-cased.
	run, runHead, runFirst string
	// wn is the WordNet class of a name here ("B-person"); common marks a
	// capitalised word that is also an ordinary word (lexicon.annotate).
	wn     string
	common bool
}

const boundary = "<s>"

// analyse computes tokenInfo for a sentence.
func analyse(g *gazetteer.Gazetteer, lx *lexicon, toks []string) []tokenInfo {
	info := make([]tokenInfo, len(toks))
	for i, t := range toks {
		info[i] = tokenInfo{
			word:    t,
			lower:   strings.ToLower(t),
			shape:   shape(t),
			given:   g.IsGiven(t),
			orgHead: g.IsOrgHead(t),
		}
	}
	capRuns(info)
	lx.annotate(info)
	for _, m := range g.Match(toks) {
		n := m.End - m.Start
		if n > 4 {
			n = 4
		}
		l := string(rune('0' + n))
		for i := m.Start; i < m.End; i++ {
			p := "I-"
			if i == m.Start {
				p = "B-"
			}
			info[i].gaz = p + string(m.Kind)
			if m.Ambiguous {
				info[i].gaz += "?"
			}
			info[i].gazLen = l
		}
	}
	return info
}

// features appends the feature hashes of token i, in a sentence of style
// st, to dst.
func features(dst []uint64, info []tokenInfo, i int, st style) []uint64 {
	t := &info[i]
	lowerAt := func(j int) string {
		if j < 0 || j >= len(info) {
			return boundary
		}
		return info[j].lower
	}
	shapeAt := func(j int) string {
		if j < 0 || j >= len(info) {
			return boundary
		}
		return info[j].shape
	}
	gazAt := func(j int) string {
		if j < 0 || j >= len(info) {
			return boundary
		}
		return info[j].gaz
	}
	dst = append(dst,
		feat(fBias, ""),
		feat(fWord, t.word),
		feat(fLower, t.lower),
		feat(fLowerPrev, lowerAt(i-1)),
		feat(fLowerNext, lowerAt(i+1)),
		feat(fLowerPrev2, lowerAt(i-2)),
		feat(fLowerNext2, lowerAt(i+2)),
		feat(fShape, t.shape),
		feat(fShapePrev, shapeAt(i-1)),
		feat(fShapeNext, shapeAt(i+1)),
		feat3(fShape3, shapeAt(i-1), t.shape, shapeAt(i+1)),
		feat2(fBigramPrev, lowerAt(i-1), t.lower),
		feat2(fBigramNext, t.lower, lowerAt(i+1)),
		feat2(fShapeLowerPrev, lowerAt(i-1), t.shape),
		feat2(fShapeLowerNext, t.shape, lowerAt(i+1)),
		feat(fGaz, t.gaz),
		feat(fGazPrev, gazAt(i-1)),
		feat(fGazNext, gazAt(i+1)),
		feat2(fGazLen, t.gaz, t.gazLen),
		feat2(fContext, lowerAt(i-1), lowerAt(i+1)),
	)
	if i > 0 {
		dst = append(dst, feat(fWordPrev, info[i-1].word))
	}
	if i+1 < len(info) {
		dst = append(dst, feat(fWordNext, info[i+1].word))
	}
	if t.docCase != "" {
		dst = append(dst, feat(fDocCase, t.docCase))
	}
	if t.hist != "" {
		dst = append(dst, feat(fHist, t.hist))
	}
	if t.wn != "" {
		dst = append(dst, feat(fWN, t.wn))
	}
	if i > 0 && info[i-1].wn != "" {
		dst = append(dst, feat(fWNPrev, info[i-1].wn))
	}
	if i+1 < len(info) && info[i+1].wn != "" {
		dst = append(dst, feat(fWNNext, info[i+1].wn))
	}
	if t.common {
		first := "C"
		if i == 0 {
			first = "I"
		}
		dst = append(dst, feat(fCommon, first))
	}
	if t.run != "" {
		dst = append(dst,
			feat(fRun, t.run),
			feat2(fRunHead, t.runHead, t.run[:1]),
			feat2(fRunFirst, t.runFirst, t.run[:1]),
		)
	}
	// Affixes of the cased word: "-ov", "-ski", "-istan" say a lot.
	w := t.word
	for n := 1; n <= 4; n++ {
		if p, ok := prefix(w, n); ok {
			dst = append(dst, feat(fPrefix, p))
		}
		if s, ok := suffix(w, n); ok {
			dst = append(dst, feat(fSuffix, s))
		}
	}
	if t.given {
		dst = append(dst, feat(fGiven, ""))
	}
	if i > 0 && info[i-1].given {
		dst = append(dst, feat(fGivenPrev, ""))
	}
	if t.orgHead {
		dst = append(dst, feat(fOrgHead, ""))
	}
	if i+1 < len(info) && info[i+1].orgHead {
		dst = append(dst, feat(fOrgHeadNext, ""))
	}
	if i+2 < len(info) && info[i+2].orgHead {
		dst = append(dst, feat(fOrgHeadNext2, ""))
	}
	if isUpperStart(w) {
		// Shape collapses "L" and "NATO" to "X"; length tells an initial
		// ("Thomas L. Hoyt") from an acronym.
		n := min(utf8.RuneCountInString(w), 5)
		dst = append(dst, feat(fCapLen, string(rune('0'+n))))
	}
	if i == 0 && isUpperStart(w) {
		dst = append(dst, feat(fFirstCap, t.lower))
	}
	switch st {
	case styleAllCaps:
		dst = append(dst, feat(fCapsSentence, ""))
	case styleTitle:
		// In a headline every content word is capitalised, so a capital
		// says little: what the word is (an ordinary word, a given name,
		// neither) and what its neighbours are must carry the decision.
		dst = append(dst,
			feat(fTitle, titleClass(info, i)),
			feat3(fTitleCtx, titleClass(info, i-1), titleClass(info, i), titleClass(info, i+1)),
		)
	}
	return dst
}

// style is how a sentence is capitalised, which decides how much its
// capitals say about names.
type style byte

const (
	styleNormal  style = iota
	styleAllCaps       // "IRAN SENDS DRONES": capitals say nothing
	styleTitle         // "Russia Desperate for Iran Drones": they say little
)

// sentenceStyle classifies an analysed sentence.
func sentenceStyle(info []tokenInfo) style {
	switch {
	case infoAllCaps(info):
		return styleAllCaps
	case infoTitleCase(info):
		return styleTitle
	}
	return styleNormal
}

// titleSmall are the words headline styles leave in lower case.
var titleSmall = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true,
	"nor": true, "of": true, "for": true, "on": true, "in": true, "at": true,
	"to": true, "by": true, "as": true, "from": true, "with": true, "into": true,
	"vs": true, "vs.": true, "via": true, "per": true, "up": true, "off": true,
	"out": true, "over": true, "is": true, "be": true, "'s": true,
}

// infoTitleCase reports whether a sentence is in title case, as headlines
// are: at least three capitalised words after the first and no lower-case
// word but the small ones of titleSmall. Ordinary prose always has some
// lower-case content word ("said", "the war").
func infoTitleCase(info []tokenInfo) bool {
	caps := 0
	for i := 1; i < len(info); i++ {
		switch caseClass(info[i].word, i) {
		case 'C':
			caps++
		case 'l':
			if !titleSmall[info[i].lower] {
				return false
			}
		}
	}
	return caps >= 3
}

// titleClass is what a word of a title-case sentence is besides its
// capital: "g" a given name, "c" an ordinary word, "N" another
// capitalised word (a name, or a word the lexicon lacks), "l" a
// lower-case word, "-" anything else, "<" beyond the sentence.
func titleClass(info []tokenInfo, i int) string {
	if i < 0 || i >= len(info) {
		return "<"
	}
	t := &info[i]
	switch {
	case t.given:
		return "g"
	case t.common:
		return "c"
	case isUpperStart(t.word):
		return "N"
	case caseClass(t.word, i) == 'l':
		return "l"
	}
	return "-"
}

func prefix(w string, n int) (string, bool) {
	i, k := 0, 0
	for ; i < len(w) && k < n; k++ {
		_, sz := utf8.DecodeRuneInString(w[i:])
		i += sz
	}
	return w[:i], k == n && i < len(w)
}

func suffix(w string, n int) (string, bool) {
	i, k := len(w), 0
	for ; i > 0 && k < n; k++ {
		_, sz := utf8.DecodeLastRuneInString(w[:i])
		i -= sz
	}
	return w[i:], k == n && i > 0
}

func isUpperStart(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// shape maps a word to its character classes with runs collapsed:
// "Shahed-136" → "Xx-d", "U.S." → "X.X.", "NATO" → "X", "McCain" → "XxXx".
func shape(w string) string {
	var b [16]byte
	n := 0
	var last byte
	for _, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c == last {
			continue
		}
		last = c
		if n == len(b) {
			break
		}
		b[n] = c
		n++
	}
	return string(b[:n])
}

// docStats counts how each word of a document is written: capitalised
// away from the start of a sentence, or in lower case. A capitalised word
// that the same document also writes in lower case ("Bank" / "bank") is
// probably not a name; one that is capitalised mid-sentence elsewhere
// probably is, even where it opens a sentence. This is the cheapest
// document-level evidence there is, and it needs no second pass.
type docStats struct {
	capMid, lower map[string]int32
}

// caseClass classifies a token at position i of a sentence: 'C' for a
// capitalised word away from the sentence start, 'I' for one at the start,
// 'l' for a lower-case word and 0 for anything else (numbers, punctuation).
func caseClass(w string, i int) byte {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.IsUpper(r):
		if i == 0 {
			return 'I'
		}
		return 'C'
	case unicode.IsLower(r):
		return 'l'
	}
	return 0
}

func newDocStats(sents [][]tokenInfo) docStats {
	d := docStats{capMid: map[string]int32{}, lower: map[string]int32{}}
	for _, s := range sents {
		// Capitals of headlines and shouting say nothing about a word.
		if sentenceStyle(s) != styleNormal {
			continue
		}
		for i := range s {
			switch caseClass(s[i].word, i) {
			case 'C':
				d.capMid[s[i].lower]++
			case 'l':
				d.lower[s[i].lower]++
			}
		}
	}
	return d
}

// annotate sets docCase on the tokens of one sentence of the document:
// the token's own class and whether the word is capitalised mid-sentence
// or lower case elsewhere in the document (its own occurrence discounted).
// A capitalised word of a title-case sentence has its own class, T: there
// how the body writes the word is the best evidence there is ("Missiles"
// in a headline, "missiles" in the text).
func (d docStats) annotate(info []tokenInfo, st style) {
	for i := range info {
		t := &info[i]
		c := caseClass(t.word, i)
		if c == 0 || st == styleAllCaps {
			continue
		}
		if st == styleTitle && c != 'l' {
			// Title-case sentences are not counted in d: nothing to discount.
			t.docCase = docCaseName('T', d.capMid[t.lower] > 0, d.lower[t.lower] > 0)
			continue
		}
		capN, lowN := d.capMid[t.lower], d.lower[t.lower]
		switch c {
		case 'C':
			capN--
		case 'l':
			lowN--
		}
		t.docCase = docCaseName(c, capN > 0, lowN > 0)
	}
}

// docCaseNames are the values of tokenInfo.docCase, made once so that
// annotating a sentence allocates none: class (C, I, l), then C if the
// word is capitalised mid-sentence elsewhere, l if it is lower case
// elsewhere, - where not.
var docCaseNames = func() (out [4][2][2]string) {
	for ci, c := range []byte("CIlT") {
		for i1, b1 := range []byte("-C") {
			for i2, b2 := range []byte("-l") {
				out[ci][i1][i2] = string([]byte{c, b1, b2})
			}
		}
	}
	return out
}()

func docCaseName(class byte, capElsewhere, lowerElsewhere bool) string {
	ci := 0
	switch class {
	case 'I':
		ci = 1
	case 'l':
		ci = 2
	case 'T':
		ci = 3
	}
	return docCaseNames[ci][b2i(capElsewhere)][b2i(lowerElsewhere)]
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// infoAllCaps reports whether a sentence is written in capitals
// (headlines, shouting), where capitalisation says nothing about names.
func infoAllCaps(info []tokenInfo) bool {
	letters := 0
	for i := range info {
		for _, r := range info[i].word {
			if unicode.IsLower(r) {
				return false
			}
			if unicode.IsLetter(r) {
				letters++
			}
		}
	}
	return letters > 8
}

// history is what the tagger has said so far in a document about each
// capitalised word: how often it was tagged O (index 0) or part of a
// mention of each type (index k for Types[k-1]). A name is usually
// introduced in full and in a clear context ("the spokesman John Kirby")
// and later repeated bare ("Kirby said"); the earlier decision is
// evidence for the later one (Ratinov & Roth 2009, "extended prediction
// history").
type history map[string]*[len(typeNames)]int32

// typeNames are the history's classes: O, then Types.
var typeNames = [...]string{"O", "PERSON", "ORG", "GPE", "LOC", "FACILITY", "WEAPON", "EVENT", "MISC"}

// typeNamesSure are typeNames marked "!", made once rather than per token.
var typeNamesSure = func() (out [len(typeNames)]string) {
	for i, n := range typeNames {
		out[i] = n + "!"
	}
	return out
}()

// classOf maps a label id (O, B-T1, I-T1, B-T2, …) to its history class.
func classOf(label int) int { return (label + 1) / 2 }

// annotate sets hist on the capitalised tokens of a sentence that the
// document has tagged before: the majority class, marked "!" when every
// earlier decision agreed.
func (h history) annotate(info []tokenInfo) {
	for i := range info {
		c, ok := h[info[i].word]
		if !ok {
			continue
		}
		best, total := 0, int32(0)
		for k, n := range c {
			total += n
			if n > c[best] {
				best = k
			}
		}
		info[i].hist = typeNames[best]
		if c[best] == total {
			info[i].hist = typeNamesSure[best]
		}
	}
}

// update records the labels decoded for a sentence.
func (h history) update(info []tokenInfo, labels []int) {
	for i, l := range labels {
		if !isUpperStart(info[i].word) {
			continue
		}
		c, ok := h[info[i].word]
		if !ok {
			c = new([len(typeNames)]int32)
			h[info[i].word] = c
		}
		c[classOf(l)]++
	}
}

// histFeatures lists every feature the history can produce, so that
// training can index them before any of them has fired.
func histFeatures() []uint64 {
	var out []uint64
	for _, n := range typeNames {
		out = append(out, feat(fHist, n), feat(fHist, n+"!"))
	}
	return out
}

// runLinks may join capitalised words into one run: "Bank of England",
// "Trinity and All Saints", "Museum for Modern Art".
var runLinks = map[string]bool{"of": true, "and": true, "for": true, "the": true, "de": true, "&": true, "on": true}

// runNames are the values of tokenInfo.run, made once: position in the
// run (S, B, I, E) then its length, 1 to 4.
var runNames = func() (out [4][4]string) {
	for pi, p := range []byte("SBIE") {
		for l := range 4 {
			out[pi][l] = string([]byte{p, byte('1' + l)})
		}
	}
	return out
}()

// runName is the run of position pos (S, B, I, E) and length '1' to '4'.
func runName(pos, length byte) string {
	pi := 0
	switch pos {
	case 'B':
		pi = 1
	case 'I':
		pi = 2
	case 'E':
		pi = 3
	}
	if length < '1' || length > '4' {
		return string([]byte{pos, length})
	}
	return runNames[pi][length-'1']
}

// capRuns finds the runs of capitalised words (linked by runLinks) in an
// analysed sentence and records each token's place in its run. The head of
// a run ("University", "River", "Records") says what the whole name is,
// wherever in the name the token sits.
func capRuns(info []tokenInfo) {
	capital := func(i int) bool {
		return i < len(info) && i >= 0 && isUpperStart(info[i].word)
	}
	for i := 0; i < len(info); {
		if !capital(i) {
			i++
			continue
		}
		j := i + 1
		for {
			if capital(j) {
				j++
				continue
			}
			// A link word, possibly followed by "the", then a capital.
			k := j
			for k < len(info) && k-j < 2 && runLinks[info[k].lower] {
				k++
			}
			if k > j && capital(k) {
				j = k + 1
				continue
			}
			break
		}
		n := j - i
		l := byte('0' + min(n, 4))
		head, first := info[j-1].lower, info[i].lower
		for t := i; t < j; t++ {
			p := byte('I')
			switch {
			case n == 1:
				p = 'S'
			case t == i:
				p = 'B'
			case t == j-1:
				p = 'E'
			}
			info[t].run = runName(p, l)
			info[t].runHead, info[t].runFirst = head, first
		}
		i = j
	}
}

// trimTitles takes job titles off the front of the PERSON mentions in one
// decoded sentence: "Under Secretary of Defense for Policy Colin Kahl",
// "British Foreign Secretary James Cleverley". wikigold, as CoNLL, leaves
// titles out of a name (re3d puts them in); news chains office words in
// ways the model has rarely seen ("… for Policy"), and a capitalised
// chain reads as one long name.
//
// A title is an office word ("Secretary", "Minister", "General") with the
// words around it that the lexicon says are ordinary words, nationalities
// or links: "Deputy", "British Foreign", "of State", "for the Middle
// East". It is dropped when a name follows it in the mention; a mention
// that is all title and names an office in full ("Under Secretary of
// Defense") is no person at all. Without an office word nothing is
// trimmed: first names that are also ordinary words ("Clay Tice", "Chad
// Gaudin") are common, and the lexicon cannot tell them from titles.
func trimTitles(info []tokenInfo, out []int, bPer, iPer int) {
	if bPer < 0 {
		return
	}
	for a := 0; a < len(out); {
		if out[a] != bPer {
			a++
			continue
		}
		b := a + 1
		for b < len(out) && out[b] == iPer {
			b++
		}
		// The title may begin before the mention, in words the model
		// left out ("Under Secretary of Defense for | Policy Colin Kahl").
		p := a
		for p > 0 && out[p-1] == 0 && titleWord(&info[p-1]) {
			p--
		}
		// cut is the end of the title: an office word, then portfolio
		// words if a link joins them ("of State", "for the Middle East").
		cut, link := -1, false
		for k := p; k < b && titleWord(&info[k]); k++ {
			switch {
			case officeWords[info[k].word]:
				cut = k + 1
			case cut < 0:
			case runLinks[info[k].word]:
				link = true
			case link:
				cut = k + 1
			}
		}
		// The title must not end on a link word: "Secretary of" + name.
		for cut > p && runLinks[info[cut-1].word] {
			cut--
		}
		if cut <= a {
			a = b
			continue
		}
		switch {
		case cut >= b:
			if link {
				for i := a; i < b; i++ {
					out[i] = 0
				}
			}
		default:
			for i := a; i < cut; i++ {
				out[i] = 0
			}
			out[cut] = bPer
		}
		a = b
	}
}

// titleWord says whether a word may belong to a job title before a name.
func titleWord(t *tokenInfo) bool {
	switch {
	case officeWords[t.word]:
		return true
	case t.given:
		return false
	case t.common, runLinks[t.word]:
		return true
	}
	return t.gaz == "B-NORP" && t.gazLen == "1"
}

// officeWords head the job titles news puts before a name.
var officeWords = map[string]bool{
	"Secretary": true, "Undersecretary": true, "Minister": true, "Ambassador": true,
	"Envoy": true, "Spokesman": true, "Spokeswoman": true, "Spokesperson": true,
	"Adviser": true, "Advisor": true, "Director": true, "Chairman": true,
	"Chairwoman": true, "Chancellor": true, "President": true, "Premier": true,
	"Governor": true, "Mayor": true, "Senator": true, "Congressman": true,
	"Congresswoman": true, "Commander": true, "Commissioner": true, "Counselor": true,
	"Attorney": true, "Prosecutor": true, "Judge": true, "Justice": true,
	"Speaker": true, "Leader": true, "General": true, "Admiral": true,
	"Colonel": true, "Lieutenant": true, "Brigadier": true, "Sergeant": true,
	"Officer": true, "Chief": true, "Head": true, "Coordinator": true,
	"Secretary-General": true, "Representative": true, "Ayatollah": true,
}
