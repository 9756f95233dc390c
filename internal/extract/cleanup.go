package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The rules below were each kept only because they raised F1 on the
// extraction benchmark (../shared/bench/extraction, 181 pages). Rules tried
// and dropped because they cost more recall than they won precision:
// dropping all-capitals lines (Fox News inserts links to other stories that
// way, but subheadings are capitals too), trimming a trailing run of short
// lines (it cut tour dates, product lists and recipes), dropping a bare URL
// anywhere, and dropping a leading paragraph equal to the page description
// (news pages often use their first paragraph as the description).

// cleanParagraphs removes from an extracted body what the benchmark's
// hand-checked bodies (and readers) do not count as the article: the
// headline and standfirst repeated at the top, byline and date lines at
// either end, and calls to subscribe, share or read more.
func cleanParagraphs(ps []paragraph, title, description string) []paragraph {
	t, d := normKey(title), normKey(description)
	out := make([]paragraph, 0, len(ps))
	for i, p := range ps {
		k := normKey(p.text)
		head, tail := i < 3, i >= len(ps)-2
		switch {
		case head && t != "" && k == t:
		case head && d != "" && k == d && p.heading: // a standfirst set as a subheading
		case len(p.text) < 200 && rxBoilerplate.MatchString(p.text):
		case (head || tail) && len(p.text) < 80 && rxDateline.MatchString(p.text):
		default:
			out = append(out, p)
		}
	}
	return out
}

var (
	rxBoilerplate = regexp.MustCompile(`(?i)^(?:read more|see more|more:|related:|don'?t miss|click here|continue reading|you may also like|sign up|subscribe|follow us|share this|like this story|thanks for signing up|copyright|all rights reserved|advertisement\b|this copy is for your personal|get the .* app)|copyright ©|© \d{4}|all rights reserved|click here|sign up for (?:our|the)|newsletter`)

	// rxDateline matches the byline, date and link lines that open or
	// close an article's box: "By JERUSALEM POST STAFF", "NOVEMBER 20,
	// 2019 10:43", "segunda-feira, 22 de janeiro de 2018", "Updated at
	// 1:23 p.m.", a bare URL.
	rxDateline = regexp.MustCompile(`(?i)^(?:by\s|updated\b|published\b|posted\b|last updated\b|https?://\S+$|www\.\S+$)|^\W*(?:\w+[,.]?\s+){0,2}\d{1,2}(?:st|nd|rd|th)?[,.]?\s+(?:de\s+)?\p{L}+[,.]?\s+(?:de\s+)?\d{4}\b|^\W*(?:\w+[,.]?\s+){0,1}\p{L}+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b`)
)

func endsSentence(s string) bool {
	last, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…\"”»')。！？", last)
}

// normKey compares texts by their letters and digits only.
func normKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// merge adds to trafilatura's paragraphs (base) the ones readability (alt)
// found that base lacks, when they are plainly article prose: trafilatura
// sometimes stops at an inline box halfway through an article, where
// readability reads on. Prose readability has between two paragraphs both
// agree on is taken; before or after the agreed part, only the run of prose
// adjacent to it, since a heading, a list or a label there starts the
// related links and subscription boxes.
func merge(base, alt []paragraph) []paragraph {
	base = append([]paragraph(nil), base...)
	pos := make(map[string]int, len(base))
	for i, p := range base {
		k := normKey(p.text)
		if _, ok := pos[k]; !ok {
			pos[k] = i
		}
	}
	count := make(map[string]int, len(alt))
	firstCommon, lastCommon := -1, -1
	for i, p := range alt {
		k := normKey(p.text)
		count[k]++
		j, ok := pos[k]
		if !ok {
			j, ok = extends(base, k)
			if ok {
				// Trafilatura drops what follows an inline link at the
				// end of some paragraphs ("… (<a>1</a>)."); readability's
				// copy is whole.
				base[j].text = p.text
				pos[k] = j
			}
		}
		if ok {
			if firstCommon < 0 {
				firstCommon = i
			}
			lastCommon = i
		}
	}
	if firstCommon < 0 {
		return base // they disagree on what the article is: keep trafilatura's
	}
	// Trafilatura and readability split paragraphs differently; a
	// paragraph base has inside a longer one must not be added twice.
	var all strings.Builder
	for _, p := range base {
		all.WriteString(normKey(p.text))
		all.WriteByte(' ')
	}
	baseText := all.String()
	accept := func(p paragraph, minLen int) bool {
		k := normKey(p.text)
		// A paragraph repeated on the page is a caption, a teaser or a
		// share line, not the article.
		return count[k] == 1 && !p.caption && isProse(p, minLen) &&
			!isCaption(p.text) && !strings.Contains(baseText, k)
	}
	take := make([]bool, len(alt))
	for i := firstCommon + 1; i < lastCommon; i++ {
		if _, ok := pos[normKey(alt[i].text)]; !ok {
			take[i] = accept(alt[i], 40)
		}
	}
	for i := lastCommon + 1; i < len(alt) && accept(alt[i], 80); i++ {
		take[i] = true
	}
	for i := firstCommon - 1; i >= 0 && accept(alt[i], 80); i-- {
		take[i] = true
	}

	// Splice each taken paragraph in after the base paragraph that precedes
	// it in alt, so that reading order is kept.
	insertAfter := map[int][]paragraph{}
	anchor := -1
	for i, p := range alt {
		if j, ok := pos[normKey(p.text)]; ok {
			anchor = j
		} else if take[i] {
			insertAfter[anchor] = append(insertAfter[anchor], p)
		}
	}
	keep := trimUnshared(base, alt, pos)
	out := make([]paragraph, 0, len(base)+len(alt))
	out = append(out, insertAfter[-1]...)
	for i, p := range base {
		if keep[i] {
			out = append(out, p)
		}
		out = append(out, insertAfter[i]...)
	}
	return out
}

// trimUnshared marks the base paragraphs to keep. When readability agrees
// with at least half of trafilatura's text, what trafilatura has beyond
// the last paragraph they share is dropped (teasers, newsletter boxes,
// author blurbs), and so is what it has before the first shared paragraph
// unless it reads as prose (kickers, share bars, datelines).
func trimUnshared(base, alt []paragraph, pos map[string]int) []bool {
	keep := make([]bool, len(base))
	for i := range keep {
		keep[i] = true
	}
	common := make([]bool, len(base))
	for _, p := range alt {
		if j, ok := pos[normKey(p.text)]; ok {
			common[j] = true
		}
	}
	first, last, shared, total := -1, -1, 0, 0
	for i, p := range base {
		total += len(p.text)
		if common[i] {
			shared += len(p.text)
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 || 2*shared < total {
		return keep
	}
	for i := last + 1; i < len(base); i++ {
		keep[i] = false
	}
	for i := 0; i < first; i++ {
		keep[i] = isProse(base[i], 40)
	}
	return keep
}

// isProse reports whether a paragraph reads as running text rather than a
// link, a label or a teaser: at least minLen bytes, not a list item or
// heading, mostly not linked, and ending like a sentence.
func isProse(p paragraph, minLen int) bool {
	if p.heading || p.item || len(p.text) < minLen || p.linked*3 > len(p.text) {
		return false
	}
	return endsSentence(p.text)
}

// rxCaption matches the credit lines of photo captions, which readability
// keeps when a figure is not marked up as one.
var rxCaption = regexp.MustCompile(`(?i)^©|\((?:image|photo|picture|foto|credit)s?:|\b(?:AP|AFP|Reuters|Getty) (?:Photo|Images)\b|\bphoto(?:graph)?:|\bcredit:|\bimage caption\b`)

func isCaption(s string) bool { return rxCaption.MatchString(s) }

// extends finds the base paragraph that key (an alt paragraph's) continues:
// one whose key is a prefix of it and at least half as long.
func extends(base []paragraph, key string) (int, bool) {
	for i, p := range base {
		k := normKey(p.text)
		if len(k) >= 20 && 2*len(k) >= len(key) && len(k) < len(key) && strings.HasPrefix(key, k) {
			return i, true
		}
	}
	return 0, false
}
