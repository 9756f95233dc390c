package web

import (
	"strings"
	"unicode"
)

// seg is a run of text, changed or not, as shown in a side-by-side view.
type seg struct {
	Text    string
	Changed bool
}

// maxDiffCells bounds the LCS table: two passages of 500 words each after
// trimming their common ends. Longer pairs are not altered quotes but
// different texts, and are marked changed as a whole.
const maxDiffCells = 250_000

// wordDiff marks the words of a and of b that the other does not have, by
// a longest common subsequence over words compared case-insensitively and
// without their surrounding punctuation ("Moscow," = "moscow"). Every byte
// of a and b appears in exactly one segment, in order.
func wordDiff(a, b string) (sa, sb []seg) {
	ta, tb := splitWords(a), splitWords(b)
	wa, wb := wordsOf(ta), wordsOf(tb)
	ka, kb := keys(ta, wa), keys(tb, wb)

	ca := make([]bool, len(wa)) // changed flags per word
	cb := make([]bool, len(wb))
	// Common prefix and suffix are unchanged; the middle goes to the LCS.
	lo := 0
	for lo < len(ka) && lo < len(kb) && ka[lo] == kb[lo] {
		lo++
	}
	hiA, hiB := len(ka), len(kb)
	for hiA > lo && hiB > lo && ka[hiA-1] == kb[hiB-1] {
		hiA--
		hiB--
	}
	ma, mb := ka[lo:hiA], kb[lo:hiB]
	if len(ma)*len(mb) > maxDiffCells {
		for i := lo; i < hiA; i++ {
			ca[i] = true
		}
		for j := lo; j < hiB; j++ {
			cb[j] = true
		}
	} else {
		inA, inB := lcs(ma, mb)
		for i, keep := range inA {
			ca[lo+i] = !keep
		}
		for j, keep := range inB {
			cb[lo+j] = !keep
		}
	}
	return segments(ta, wa, ca), segments(tb, wb, cb)
}

// token is a word (a run of non-space) or a run of space.
type token struct {
	text  string
	space bool
}

func splitWords(s string) []token {
	var out []token
	start := 0
	inSpace := false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if i > start && sp != inSpace {
			out = append(out, token{s[start:i], inSpace})
			start = i
		}
		inSpace = sp
	}
	if start < len(s) {
		out = append(out, token{s[start:], inSpace})
	}
	return out
}

// wordsOf returns the indexes of the word tokens.
func wordsOf(ts []token) []int {
	var w []int
	for i, t := range ts {
		if !t.space {
			w = append(w, i)
		}
	}
	return w
}

func keys(ts []token, words []int) []string {
	k := make([]string, len(words))
	for i, ti := range words {
		k[i] = strings.ToLower(strings.TrimFunc(ts[ti].text, func(r rune) bool {
			return unicode.IsPunct(r) || unicode.IsSymbol(r)
		}))
	}
	return k
}

// lcs says, for each element of a and of b, whether it is part of one
// longest common subsequence.
func lcs(a, b []string) (inA, inB []bool) {
	n, m := len(a), len(b)
	inA, inB = make([]bool, n), make([]bool, m)
	// dp[i][j] = LCS length of a[i:], b[j:], in one flat slice.
	w := m + 1
	dp := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i*w+j] = dp[(i+1)*w+j+1] + 1
			} else {
				dp[i*w+j] = max(dp[(i+1)*w+j], dp[i*w+j+1])
			}
		}
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			inA[i], inB[j] = true, true
			i++
			j++
		case dp[(i+1)*w+j] >= dp[i*w+j+1]:
			i++
		default:
			j++
		}
	}
	return inA, inB
}

// segments joins tokens into runs of equal state. Space between two
// changed words is changed (one highlight over "the ten drones"), space
// next to an unchanged word is not.
func segments(ts []token, words []int, changed []bool) []seg {
	state := make([]bool, len(ts))
	for wi, ti := range words {
		state[ti] = changed[wi]
	}
	for i, t := range ts {
		if t.space {
			state[i] = i > 0 && i < len(ts)-1 && state[i-1] && state[i+1] && !ts[i+1].space
		}
	}
	var out []seg
	for i, t := range ts {
		if n := len(out); n > 0 && out[n-1].Changed == state[i] {
			out[n-1].Text += t.text
			continue
		}
		out = append(out, seg{t.text, state[i]})
	}
	return out
}
