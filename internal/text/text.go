// Package text holds the text model of an article: paragraph and sentence
// boundaries and tokens, all as byte offsets into the article's Text, and the
// normal form later stages use to compare strings.
//
// Offsets are the contract: every span and token is a trimmed byte range
// [Start, End) of the string it was computed from, in order and never
// overlapping, valid even for invalid UTF-8. The rules are written for
// English news text.
//
// It must stay free of I/O and of any knowledge of later stages: no entity,
// quote or claim logic belongs here, only what a sentence and a word are.
package text

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

// Analyze fills a.Sentences and a.Tokens from a.Text.
func Analyze(a *news.Article) {
	a.Sentences = Sentences(a.Text)
	a.Tokens = Tokens(a.Text)
}

// Paragraphs returns the non-blank lines of s (extraction writes one
// paragraph per line), trimmed of surrounding space.
func Paragraphs(s string) []news.Span {
	var out []news.Span
	for a := 0; a < len(s); {
		b, next := lineEnd(s, a)
		out = appendTrimmed(out, s, a, b)
		a = next
	}
	return out
}

// TokensIn returns the tokens of s[sp.Start:sp.End], with offsets into s.
// A span out of range yields no tokens rather than a panic.
func TokensIn(s string, sp news.Span) []news.Token {
	if sp.Start < 0 || sp.End > len(s) || sp.Start >= sp.End {
		return nil
	}
	return appendTokens(nil, s, sp.Start, sp.End)
}

// SentenceTokens splits s into sentences and returns each with its tokens;
// out[i] holds the tokens of sents[i].
func SentenceTokens(s string) (sents []news.Span, out [][]news.Token) {
	sents = Sentences(s)
	out = make([][]news.Token, len(sents))
	// One backing array for all sentences: callers walk them in order.
	all := appendTokens(make([]news.Token, 0, len(s)/5+1), s, 0, len(s))
	k := 0
	for i, sp := range sents {
		j := k
		for j < len(all) && all[j].End <= sp.End {
			j++
		}
		out[i] = all[k:j:j]
		k = j
	}
	return sents, out
}

// SpanIndex returns the index of the span of spans (sorted and disjoint, as
// this package returns them) that contains byte offset off, or -1.
func SpanIndex(spans []news.Span, off int) int {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].End > off })
	if i < len(spans) && spans[i].Start <= off {
		return i
	}
	return -1
}

// TokenIndex is SpanIndex for tokens.
func TokenIndex(toks []news.Token, off int) int {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].End > off })
	if i < len(toks) && toks[i].Start <= off {
		return i
	}
	return -1
}

// lineEnd finds the end of the line starting at a and where the next one
// starts. Line breaks are \n, \r (so \r\n makes an empty line, which is
// harmless), NEL and the Unicode line and paragraph separators.
func lineEnd(s string, a int) (end, next int) {
	for i := a; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r':
			return i, i + 1
		case 0xC2:
			if i+1 < len(s) && s[i+1] == 0x85 {
				return i, i + 2
			}
		case 0xE2:
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				return i, i + 3
			}
		}
	}
	return len(s), len(s)
}

// appendTrimmed appends s[a:b] trimmed of space, if anything is left.
func appendTrimmed(out []news.Span, s string, a, b int) []news.Span {
	for a < b {
		n := spaceAt(s, a, b)
		if n == 0 {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(s[a:b])
		if !isSpaceRune(r) || r == utf8.RuneError {
			break
		}
		b -= n
	}
	if b > a {
		out = append(out, news.Span{Start: a, End: b})
	}
	return out
}

// spaceAt returns the width of the space character at s[i], or 0.
func spaceAt(s string, i, b int) int {
	c := s[i]
	if c < utf8.RuneSelf {
		if asciiSpace[c] {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRuneInString(s[i:b])
	if r != utf8.RuneError && isSpaceRune(r) {
		return n
	}
	return 0
}

var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true}

// isSpaceRune is Unicode white space plus the invisible characters that
// scraped pages scatter between words (zero-width space, a stray BOM), which
// must never start or end a span.
func isSpaceRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.IsSpace(r) || r == 0x200B || r == 0xFEFF
}

// decodeAt decodes the rune at s[i] without reading past b.
func decodeAt(s string, i, b int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:b])
}
