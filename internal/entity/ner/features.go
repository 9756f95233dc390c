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
}

const boundary = "<s>"

// analyse computes tokenInfo for a sentence.
func analyse(g *gazetteer.Gazetteer, toks []string) []tokenInfo {
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

// features appends the feature hashes of token i to dst.
func features(dst []uint64, info []tokenInfo, i int, allCaps bool) []uint64 {
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
	)
	if i > 0 {
		dst = append(dst, feat(fWordPrev, info[i-1].word))
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
	if i == 0 && isUpperStart(w) {
		dst = append(dst, feat(fFirstCap, t.lower))
	}
	if allCaps {
		dst = append(dst, feat(fCapsSentence, ""))
	}
	return dst
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

// sentenceAllCaps reports whether a sentence is written in capitals
// (headlines, shouting), where capitalisation says nothing about names.
func sentenceAllCaps(toks []string) bool {
	letters := 0
	for _, t := range toks {
		for _, r := range t {
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
