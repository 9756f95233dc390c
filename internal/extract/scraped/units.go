package scraped

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// srcLine is one non-blank input line, trimmed.
type srcLine struct {
	text        string
	blankBefore bool // a blank line (or the start of the text) precedes it
}

// kind is what a unit is taken to be.
type kind int

const (
	kindProse     kind = iota // a sentence-like paragraph
	kindShort                 // a short sentence ("He declined to comment.")
	kindLong                  // a long line that does not end a sentence (a wrapped fragment, a standfirst)
	kindHeading               // a title, subheading or other short label
	kindFurniture             // site furniture: menus, banners, prompts, links
	kindCaption               // a picture caption or credit
	kindMeta                  // a date / outlet / byline line
	kindBarrier               // an end-of-article marker ("Related Articles", a comment form)
	kindCredit                // a reporting credit ("X contributed to this report.")
	kindAuthor                // the name line of an author box
	kindBio                   // the biography of an author box
)

// ends says how a unit's text ends.
type ends int

const (
	endNone     ends = iota
	endSentence      // . ! ? …
	endLeadIn        // : introduces a quote or list
	endOpen          // , ; or a dash: the sentence goes on
)

// unit is one or more adjacent lines read as one paragraph.
type unit struct {
	first, last int // indices into doc.lines, inclusive
	text        string
	words       int
	capRatio    float64 // share of letter-initial words that are capitalised
	end         ends
	kind        kind
	repeated    bool // every line occurs in another document of the corpus
	meta        meta // filled when kind == kindMeta
}

func (u *unit) titleLike() bool { return titleLike(u.words, u.capRatio) }

// titleLike is true for Title Case labels: in prose, even a sentence full of
// names ("U.S. Deputy Secretary of State Wendy Sherman and Under Secretary
// ...") keeps about half its words in lower case.
func titleLike(words int, capRatio float64) bool {
	return words >= 2 && words <= 30 && capRatio >= 0.75
}

// barrierLike kinds end the article: nothing after them is body.
func (k kind) barrierLike() bool {
	return k == kindBarrier || k == kindCredit || k == kindAuthor || k == kindBio
}

// splitLines returns the non-blank trimmed lines of text.
func splitLines(text string) []srcLine {
	var out []srcLine
	blank := true
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			blank = true
			continue
		}
		out = append(out, srcLine{text: l, blankBefore: blank})
		blank = false
	}
	return out
}

// functionWords end a line only when the sentence goes on past the line
// break.
var functionWords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "to": true, "in": true, "on": true,
	"for": true, "and": true, "or": true, "but": true, "with": true, "by": true, "at": true,
	"from": true, "that": true, "as": true, "is": true, "was": true, "were": true,
	"are": true, "be": true, "has": true, "have": true, "had": true, "its": true,
	"their": true, "his": true, "her": true, "into": true, "than": true, "which": true,
}

// joins reports whether line a runs on into line b, so that the two are one
// paragraph broken across lines.
func joins(a, b srcLine) bool {
	if b.blankBefore || isFurnitureText(a.text) || isFurnitureText(b.text) {
		return false
	}
	ws := strings.Fields(a.text)
	if len(ws) < 3 {
		return false
	}
	e := ending(a.text)
	if e == endSentence || e == endLeadIn {
		return false
	}
	if r, _ := capitalisation(ws); titleLike(len(ws), r) {
		return false
	}
	last := strings.ToLower(strings.TrimFunc(ws[len(ws)-1], isPunct))
	return e == endOpen || functionWords[last] || startsLower(b.text)
}

// buildUnits groups lines into units.
func buildUnits(lines []srcLine) []unit {
	var out []unit
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && joins(lines[j], lines[j+1]) {
			j++
		}
		parts := make([]string, 0, j-i+1)
		for k := i; k <= j; k++ {
			parts = append(parts, lines[k].text)
		}
		u := unit{first: i, last: j, text: strings.Join(parts, " ")}
		ws := strings.Fields(u.text)
		u.words = wordCount(ws)
		u.capRatio, _ = capitalisation(ws)
		u.end = ending(u.text)
		out = append(out, u)
		i = j + 1
	}
	return out
}

// capitalisation returns the share of words starting with a letter that
// start with a capital, and how many words start with a letter.
func capitalisation(ws []string) (float64, int) {
	alpha, caps := 0, 0
	for _, w := range ws {
		r := firstLetterOrDigit(w)
		if !unicode.IsLetter(r) {
			continue
		}
		alpha++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	if alpha == 0 {
		return 0, 0
	}
	return float64(caps) / float64(alpha), alpha
}

// firstLetterOrDigit skips opening quotes and brackets.
func firstLetterOrDigit(s string) rune {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
	}
	return 0
}

func startsLower(s string) bool {
	return unicode.IsLower(firstLetterOrDigit(s))
}

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// closers may follow the end of a sentence: quotes, brackets, a footnote
// star.
const closers = "\"'”’»)]*"

func ending(s string) ends {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return strings.ContainsRune(closers, r) || unicode.IsSpace(r)
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', '．':
		return endSentence
	case ':', '：':
		return endLeadIn
	case ',', ';', '-', '–', '—':
		return endOpen
	}
	return endNone
}

// wordCount counts words, and for scripts written without spaces
// (Chinese, Japanese) one word for every two characters, so that their
// paragraphs weigh like others.
func wordCount(ws []string) int {
	n := 0
	for _, w := range ws {
		cjk := 0
		for _, r := range w {
			if r >= 0x0E00 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai) {
				cjk++
			}
		}
		n += max(1, cjk/2)
	}
	return n
}

// truncated reports a teaser cut short with an ellipsis ("Windows 10
// Update Ass..."): link text, not a paragraph.
func truncated(s string) bool {
	return strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…")
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// normalise lower-cases s, drops list bullets and surrounding punctuation
// and collapses spaces, for matching against the phrase lists.
func normalise(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || (isPunct(r) && r != '©')
	})
}

// classify sets the kind of each unit from its own features, the corpus,
// and its neighbours.
func classify(units []unit, lines []srcLine, c *Corpus) {
	for i := range units {
		u := &units[i]
		u.repeated = c != nil
		for k := u.first; k <= u.last; k++ {
			if !c.repeated(lines[k].text) {
				u.repeated = false
				break
			}
		}
		u.kind = ownKind(u)
		// A line shared with other pages of the run is site furniture,
		// unless it reads as a paragraph: wire copies share whole
		// paragraphs, and those are the news.
		if u.repeated && (u.kind == kindHeading || u.kind == kindShort || u.kind == kindLong) {
			u.kind = kindFurniture
		}
	}
	markDoubled(units)
	markAuthorBox(units)
}

// ownKind classifies a unit on its own text.
func ownKind(u *unit) kind {
	if !hasLetter(u.text) {
		return kindFurniture
	}
	n := normalise(u.text)
	switch {
	case isBarrier(n, u.words):
		return kindBarrier
	case isCredit(n, u.words):
		return kindCredit
	case isFurniture(n, u.text, u.words):
		return kindFurniture
	case isCaption(u.text, u.words):
		return kindCaption
	case truncated(u.text) && u.words < 40:
		return kindFurniture
	}
	if m, ok := parseMeta(u.text); ok {
		u.meta = m
		return kindMeta
	}
	tl := u.titleLike()
	switch {
	case u.words >= 25 && u.end != endNone:
		return kindProse
	case tl:
		return kindHeading
	case u.end == endSentence || u.end == endLeadIn:
		if u.words >= 6 {
			return kindProse
		}
		return kindShort
	case u.words >= 8:
		return kindLong
	}
	return kindHeading
}

// markDoubled marks captions printed twice in a row (the image's alt text
// and its caption) and later copies of a line already seen (pull quotes).
func markDoubled(units []unit) {
	seen := map[string]bool{}
	for i := range units {
		u := &units[i]
		if i+1 < len(units) && u.words >= 3 && u.text == units[i+1].text {
			u.kind, units[i+1].kind = kindCaption, kindCaption
		}
		if u.words >= 6 && seen[u.text] && (u.kind == kindProse || u.kind == kindLong || u.kind == kindShort) {
			u.kind = kindFurniture
		}
		seen[u.text] = true
	}
}

// score is a unit's weight in the search for the densest run of prose.
func (u *unit) score() int {
	switch u.kind {
	case kindProse:
		return min(u.words, 50)
	case kindShort:
		return 1
	case kindLong:
		return 0
	case kindHeading:
		return -2
	}
	return -6
}

// keep reports whether a unit inside the article's run belongs to the body.
// Subheadings ("Russia war crimes") are labels, not sentences, so they go.
func (u *unit) keep() bool {
	switch u.kind {
	case kindProse, kindShort, kindLong:
		return true
	}
	return false
}

// core returns the densest run of prose [s, e]: the maximum-sum run of
// unit scores that crosses no end-of-article marker. A run found after
// the markers that close a substantial run (the footer's "Related", "Most
// read", comment threads) is discounted, because teasers and comments are
// prose too, and pages put them after the article. ok is false when no
// run scores above zero.
func core(units []unit) (s, e int, ok bool) {
	const closed = 40 // the prose a run must hold for a marker after it to close it
	best, bestRaw := 0.0, 0
	footers := 0
	cur, cs := 0, 0
	for i := range units {
		if units[i].kind.barrierLike() {
			if bestRaw >= closed && i > 0 && !units[i-1].kind.barrierLike() {
				footers++
			}
			cur = 0
			continue
		}
		if cur <= 0 {
			cur, cs = 0, i
		}
		cur += units[i].score()
		bestRaw = max(bestRaw, cur)
		if w := float64(cur) / (1 + float64(footers)); w > best {
			best, s, e, ok = w, cs, i, true
		}
	}
	return s, e, ok
}

// extend grows the run over neighbours that continue it: a wrapped
// paragraph's opening fragment just above it, or the line after one that
// ends in a colon or mid-sentence.
func extend(units []unit, lines []srcLine, s, e int) (int, int) {
	for s > 0 {
		p := &units[s-1]
		if p.kind == kindLong && !p.titleLike() && !lines[units[s].first].blankBefore {
			s--
			continue
		}
		break
	}
	for e+1 < len(units) {
		nx := &units[e+1]
		adjacent := !lines[nx.first].blankBefore
		if nx.kind == kindLong && adjacent {
			e++
			continue
		}
		if (units[e].end == endLeadIn || units[e].end == endOpen) &&
			(nx.kind == kindLong || nx.kind == kindShort || nx.kind == kindHeading) {
			e++
			continue
		}
		break
	}
	return s, e
}
