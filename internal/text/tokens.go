package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

// Tokens splits s into words, numbers and punctuation marks, in the style of
// the Penn Treebank that NER and parsing data sets use, so that a model
// trained on them sees the tokens it was trained on:
//
//   - words keep inner hyphens and apostrophes ("Shahed-136", "O'Malley");
//   - clitics are split off: "Russia’s" → "Russia" "’s", "don't" → "do"
//     "n't"; a possessive apostrophe after s stands alone ("Ukrainians" "’");
//   - abbreviations and initials keep their period ("Mr.", "U.S.", "F."),
//     other periods stand alone;
//   - numbers keep decimal points, thousands separators, times and
//     fractions ("10.5", "1,000", "10:30", "1/2"); currency signs and
//     percent signs are separate ("$" "275");
//   - "..." and "--" are one token each; every other mark is its own token;
//   - URLs are one token.
//
// Tokens never hold white space, so they never cross a sentence boundary.
func Tokens(s string) []news.Token {
	return appendTokens(make([]news.Token, 0, len(s)/5+1), s, 0, len(s))
}

func appendTokens(out []news.Token, s string, a, b int) []news.Token {
	for i := a; i < b; {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case asciiSpace[c]:
				i++
			case isASCIIAlnum(c):
				j := scanWord(s, i, b)
				out = appendWord(out, s, i, j)
				i = j
			default:
				j := i + 1
				if c == '.' || c == '-' {
					for j < b && s[j] == c {
						j++
					}
				}
				out = append(out, news.Token{Start: i, End: j})
				i = j
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:b])
		switch {
		case r != utf8.RuneError && isSpaceRune(r):
			i += n
		case isWordRune(r):
			j := scanWord(s, i, b)
			out = appendWord(out, s, i, j)
			i = j
		default:
			// Any other rune, or one invalid byte, is a token by itself.
			out = append(out, news.Token{Start: i, End: i + n})
			i += n
		}
	}
	return out
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIAlnum(byte(r))
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

func isDigitRune(r rune) bool { return '0' <= r && r <= '9' }

// scanWord returns the end of the word starting at i.
func scanWord(s string, i, b int) int {
	j := i
	if e, ok := acronym(s, i, b); ok {
		j = e
		// "U.S.-led" goes on as one hyphenated word.
		if !(j+1 < b && s[j] == '-' && isWordRune(firstRune(s, j+1, b))) {
			return j
		}
	}
	var prev rune
	for j < b {
		r, n := decodeAt(s, j, b)
		if isWordRune(r) {
			prev = r
			j += n
			continue
		}
		if j+n >= b {
			break
		}
		q := firstRune(s, j+n, b)
		join := false
		switch r {
		case '-', '\u2010', '\u2011': // hyphen, Unicode hyphen, non-breaking hyphen
			join = isWordRune(q)
		case '\'', '\u2019':
			join = unicode.IsLetter(prev) && unicode.IsLetter(q)
		case '.':
			join = isDigitRune(prev) && isDigitRune(q)
		case ',':
			join = isDigitRune(prev) && threeDigits(s, j+1, b)
		case ':', '/':
			join = isDigitRune(prev) && isDigitRune(q)
		case '&':
			join = unicode.IsUpper(prev) && unicode.IsUpper(q)
		}
		if !join {
			break
		}
		prev = r
		j += n
	}
	w := s[i:j]
	if j < b && s[j] == ':' && (w == "http" || w == "https") && strings.HasPrefix(s[j:b], "://") {
		return urlEnd(s, j, b)
	}
	if j < b && s[j] == '.' && (w == "www" || w == "WWW") {
		return urlEnd(s, j, b)
	}
	if j < b && s[j] == '.' && (classify(w) != notAbbrev || isInitial(w)) {
		j++
	}
	return j
}

func firstRune(s string, i, b int) rune {
	r, _ := decodeAt(s, i, b)
	return r
}

// threeDigits reports whether exactly three digits start at s[p]: "1,000"
// joins, a list "1,2" does not.
func threeDigits(s string, p, b int) bool {
	if p+3 > b {
		return false
	}
	for k := p; k < p+3; k++ {
		if !isDigitRune(rune(s[k])) {
			return false
		}
	}
	return p+3 == b || !isDigitRune(rune(s[p+3]))
}

// acronym matches single letters each followed by a period, at least two of
// them ("U.S.", "e.g.", "a.m."), or with the last period missing ("U.S").
func acronym(s string, i, b int) (int, bool) {
	j, n := i, 0
	for j < b {
		r, w := decodeAt(s, j, b)
		if !unicode.IsLetter(r) {
			break
		}
		k := j + w
		if k < b && s[k] == '.' {
			n++
			j = k + 1
			continue
		}
		if n >= 1 && (k >= b || !isWordRune(firstRune(s, k, b))) {
			return k, true
		}
		break
	}
	return j, n >= 2
}

// urlEnd extends a URL starting before j to the next space, leaving out the
// punctuation that ends the sentence around it.
func urlEnd(s string, j, b int) int {
	e := j
	for e < b {
		if spaceAt(s, e, b) > 0 {
			break
		}
		_, w := decodeAt(s, e, b)
		e += w
	}
	for e > j {
		r, w := utf8.DecodeLastRuneInString(s[j:e])
		if !strings.ContainsRune(".,;:!?'\")]’”", r) {
			break
		}
		e -= w
	}
	return e
}

// appendWord appends the word s[i:j], split before a clitic.
func appendWord(out []news.Token, s string, i, j int) []news.Token {
	if p := cliticStart(s[i:j]); p > 0 {
		return append(out, news.Token{Start: i, End: i + p}, news.Token{Start: i + p, End: j})
	}
	return append(out, news.Token{Start: i, End: j})
}

// cliticStart returns where a trailing clitic ('s 'm 'd 'll 're 've n't)
// starts in w, or 0. Clitics are at most two letters after the apostrophe,
// so only the word's last bytes need looking at.
func cliticStart(w string) int {
	p, aw := -1, 0
	for i := len(w) - 1; i >= 0 && i >= len(w)-5; i-- {
		if w[i] == '\'' {
			p, aw = i, 1
			break
		}
		if w[i] == 0xE2 && strings.HasPrefix(w[i:], "\u2019") {
			p, aw = i, 3
			break
		}
	}
	if p <= 0 {
		return 0
	}
	switch strings.ToLower(w[p+aw:]) {
	case "s", "m", "d", "ll", "re", "ve":
		return p
	case "t":
		if p >= 2 && (w[p-1] == 'n' || w[p-1] == 'N') {
			return p - 1
		}
	}
	return 0
}
