package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the form of s used to compare strings across articles
// (names, quotes, numbers): NFKC-normalised, lowercase, curly quotes and
// primes made straight, every dash and hyphen made '-', invisible
// characters dropped, and runs of white space folded into one space with
// none at either end. Invalid UTF-8 becomes U+FFFD.
//
// It is for matching only: offsets into the result mean nothing in the
// original text.
func Normalize(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		// NFKC folds what looks the same but is encoded differently:
		// composed and decomposed accents, full-width letters, ligatures,
		// the ellipsis character.
		s = norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space, started := false, false
	for _, r := range s {
		switch r {
		case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u2035', '`', '\u00B4':
			r = '\''
		case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u2036', '\u00AB', '\u00BB':
			r = '"'
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D':
			r = '-'
		case '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
			continue // soft hyphen and zero-width characters
		}
		if isSpaceRune(r) {
			space = true
			continue
		}
		if space && started {
			b.WriteByte(' ')
		}
		space, started = false, true
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
