package text

import (
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

// Sentences splits s into sentences, trimmed of surrounding space.
//
// A line break always ends a sentence: extracted text holds one paragraph a
// line, and headlines, captions and datelines have no final stop. Within a
// line, a sentence ends after a run of '.', '!', '?' or '…' together with the
// closing quotes and brackets that follow it, when white space comes next and
// the next word does not say otherwise:
//
//   - a lowercase next word continues the sentence (“Why?” he asked);
//   - after a title abbreviation (Mr., Gen., Sen.) the sentence never ends;
//   - after another abbreviation (Inc., U.S., Dec.), or an initial (John F.
//     Kennedy), it ends only when the next word is a frequent sentence
//     starter (The, He, But…), or, for Dec./No., when no number follows;
//   - after an ordinary word, a capitalised word or a number starts a new
//     sentence, even after a closing quote (`... a sign." Kahl said`).
func Sentences(s string) []news.Span {
	out := make([]news.Span, 0, len(s)/100+1)
	for a := 0; a < len(s); {
		b, next := lineEnd(s, a)
		out = splitLine(out, s, a, b)
		a = next
	}
	return out
}

// splitLine appends the sentences of the line s[a:b].
func splitLine(out []news.Span, s string, a, b int) []news.Span {
	start := a
	for i := a; i < b; {
		// Bytewise is safe: no UTF-8 continuation byte equals an ASCII
		// terminator or the lead byte of '…'.
		w := termAt(s, i, b)
		if w == 0 {
			i++
			continue
		}
		j := i + w
		for j < b {
			if n := termAt(s, j, b); n > 0 {
				j += n
				continue
			}
			break
		}
		k := j
		for k < b {
			if n := closerAt(s, k, b); n > 0 {
				k += n
			} else if n := termAt(s, k, b); n > 0 {
				k += n
			} else {
				break
			}
		}
		if k < b && spaceAt(s, k, b) == 0 {
			i = k // "10.5", "U.S.-led", "Kennedy.Then": no boundary without space
			continue
		}
		if endsSentence(s, start, i, j, k, b) {
			out = appendTrimmed(out, s, start, k)
			start = k
		}
		i = k
	}
	return appendTrimmed(out, s, start, b)
}

// termAt returns the width of a sentence terminator at s[i], or 0.
func termAt(s string, i, b int) int {
	switch s[i] {
	case '.', '!', '?':
		return 1
	case 0xE2: // …
		if i+2 < b && s[i+1] == 0x80 && s[i+2] == 0xA6 {
			return 3
		}
	}
	return 0
}

// closerAt returns the width of a closing quote or bracket at s[i], or 0.
func closerAt(s string, i, b int) int {
	switch s[i] {
	case '"', '\'', ')', ']', '}':
		return 1
	case 0xE2:
		// ’ ” › (E2 80 99, E2 80 9D, E2 80 BA)
		if i+2 < b && s[i+1] == 0x80 && (s[i+2] == 0x99 || s[i+2] == 0x9D || s[i+2] == 0xBA) {
			return 3
		}
	case 0xC2:
		if i+1 < b && s[i+1] == 0xBB { // »
			return 2
		}
	}
	return 0
}

// openerAt returns the width of an opening quote or bracket at s[i], or 0.
func openerAt(s string, i, b int) int {
	switch s[i] {
	case '"', '\'', '(', '[', '{':
		return 1
	case 0xE2:
		// ‘ “ ‹ (E2 80 98, E2 80 9C, E2 80 B9)
		if i+2 < b && s[i+1] == 0x80 && (s[i+2] == 0x98 || s[i+2] == 0x9C || s[i+2] == 0xB9) {
			return 3
		}
	case 0xC2:
		if i+1 < b && s[i+1] == 0xAB { // «
			return 2
		}
	}
	return 0
}

// endsSentence decides whether the terminator run s[i:j], with closers up to
// k, ends the sentence that began at start, within the line ending at b.
func endsSentence(s string, start, i, j, k, b int) bool {
	n := k
	for n < b {
		w := spaceAt(s, n, b)
		if w == 0 {
			break
		}
		n += w
	}
	for n < b {
		w := openerAt(s, n, b)
		if w == 0 {
			break
		}
		n += w
	}
	if n >= b {
		return true
	}
	r, _ := decodeAt(s, n, b)
	if unicode.IsLower(r) {
		return false
	}
	upper := unicode.IsLetter(r)
	digit := unicode.IsDigit(r) || unicode.Is(unicode.Sc, r)

	single := j-i == 1 && s[i] == '.'
	if !single {
		for p := i; p < j; p++ {
			if s[p] == '!' || s[p] == '?' {
				return true
			}
		}
		// An ellipsis marks an omission inside a quotation as often as the
		// end of one; only a capital makes it a boundary.
		return upper
	}

	word := wordBefore(s, start, i)
	if word == "" {
		return true
	}
	class := classify(word)
	if class == title {
		return false
	}
	abbrev := class != notAbbrev || isInitial(word) || isDotted(word)
	switch {
	case digit:
		return class != number
	case upper:
		if abbrev {
			return starters[nextWord(s, n, b)]
		}
		return true
	default:
		return !abbrev
	}
}

// wordBefore returns the non-space run ending at i, without leading opening
// quotes and brackets.
func wordBefore(s string, start, i int) string {
	p := i
	for p > start {
		r, n := utf8.DecodeLastRuneInString(s[start:p])
		if isSpaceRune(r) && r != utf8.RuneError {
			break
		}
		p -= n
	}
	for p < i {
		w := openerAt(s, p, i)
		if w == 0 {
			break
		}
		p += w
	}
	return s[p:i]
}

// nextWord returns the letters starting at n.
func nextWord(s string, n, b int) string {
	e := n
	for e < b {
		r, w := decodeAt(s, e, b)
		if !unicode.IsLetter(r) {
			break
		}
		e += w
	}
	return s[n:e]
}
