package event

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/entity/ner"
)

// lemmaReference is lemma as first written, building every candidate.
func lemmaReference(lx *lexicon, w string) string {
	if l, ok := irregular[w]; ok {
		return l
	}
	if lx.lemmas[w] {
		return w
	}
	var cands []string
	n := len(w)
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		cands = append(cands, w[:n-3]+"y")
	case strings.HasSuffix(w, "ied") && n > 4:
		cands = append(cands, w[:n-3]+"y")
	}
	if strings.HasSuffix(w, "ing") && n > 4 {
		s := w[:n-3]
		cands = append(cands, s, s+"e")
		if len(s) > 2 && s[len(s)-1] == s[len(s)-2] {
			cands = append(cands, s[:len(s)-1])
		}
	}
	if strings.HasSuffix(w, "ed") && n > 4 {
		s := w[:n-2]
		cands = append(cands, s, w[:n-1])
		if len(s) > 2 && s[len(s)-1] == s[len(s)-2] {
			cands = append(cands, s[:len(s)-1])
		}
	}
	if strings.HasSuffix(w, "es") && n > 3 {
		cands = append(cands, w[:n-2])
	}
	if strings.HasSuffix(w, "s") && n > 3 {
		cands = append(cands, w[:n-1])
	}
	for _, c := range cands {
		if lx.lemmas[c] {
			return c
		}
	}
	return w
}

func TestLemmaMatchesReference(t *testing.T) {
	lx := loadLexicon()
	words := []string{"supplies", "supplied", "supplying", "sanctioned", "stopped", "stopping", "attacks", "news",
		"dies", "ties", "freeing", "agreed", "agrees", "hitting", strings.Repeat("x", 60) + "ing", "ing", "es", "s", ""}
	for l := range lx.lemmas { // every lemma with the suffixes lemma strips
		for _, suf := range []string{"", "s", "es", "ed", "d", "ing", "ies", "ied"} {
			words = append(words, l+suf, l+l[len(l)-1:]+suf)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "iran-russia", "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		words = append(words, strings.Fields(strings.ToLower(string(b)))...)
	}
	if len(words) < 2000 {
		t.Fatalf("only %d words", len(words))
	}
	for _, w := range words {
		if got, want := lx.lemma(w), lemmaReference(lx, w); got != want {
			t.Errorf("lemma(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestMentionsInSorted checks the binary-search path against the scan on
// random mention sets, overlapping and empty ones included.
func TestMentionsInSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		var ms []ner.Mention
		pos := 0
		for range rng.IntN(30) {
			pos += rng.IntN(20)
			ms = append(ms, ner.Mention{Start: pos, End: pos + rng.IntN(15) - 2, Type: "GPE"})
		}
		for range 20 {
			start := rng.IntN(pos + 10)
			end := start + rng.IntN(80)
			got := mentionsIn(ms, start, end, true)
			want := mentionsIn(ms, start, end, false)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("[%d,%d) of %v: sorted path %v, scan %v", start, end, ms, got, want)
			}
		}
	}
}
