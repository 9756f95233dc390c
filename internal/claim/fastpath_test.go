package claim

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/text"
)

// exampleSentences returns the sentences of the raw example pages (site
// furniture included: more variety for the fast paths to agree on).
func exampleSentences(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "iran-russia", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("example corpus: %v (%d files)", err, len(files))
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, sp := range text.Sentences(s) {
			out = append(out, s[sp.Start:sp.End])
		}
	}
	return out
}

// TestFoldRegexpAgrees holds the literal pre-filter to the regexp: the
// answer must be the regexp's on every sentence, in every casing, and
// with the two non-ASCII letters (?i) folds onto ASCII ones.
func TestFoldRegexpAgrees(t *testing.T) {
	sents := append(exampleSentences(t),
		"We must act now.", "WE SHOULD NOT.", "In My Opinion this is wrong.", "i think so", "Frankly, no.",
		"A total of 40 drones.", "Since 2014 the war.", "since the start of the war", "So far, 10.", "overall",
		"Please SUBSCRIBE to our newsletter", "Photo: Reuters", "Getty Images", "he did not immediately respond",
		"I thin\u212a so", "in total (with a \u212aelvin sign: no match either way)", "\u017fo far", "\u017fubscribe now",
		"We need to", "frankly", "infrankly", "sign upstairs", "photo:", "", "é", "TOTAL OF 5")
	res := map[string]foldRegexp{"boilerplate": reBoilerplate, "opinion": reOpinion, "aggregate": reAggregate}
	matched := 0
	for name, f := range res {
		for _, s := range sents {
			for _, v := range []string{s, strings.ToUpper(s), strings.ToLower(s)} {
				want := f.re.MatchString(v)
				if got := f.MatchString(v, asciiLower(v)); got != want {
					t.Errorf("%s on %q: %v, regexp says %v", name, v, got, want)
				}
				if want {
					matched++
				}
			}
		}
	}
	if matched < 20 {
		t.Errorf("only %d matches: the cases do not exercise the regexps", matched)
	}
}

func TestASCIILower(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""}, {"abc", "abc"}, {"AbC", "abc"}, {"Ünïcode ÄB", "Ünïcode Äb"}, {"\u212a K", "\u212a k"},
	} {
		if got := asciiLower(tc.in); got != tc.want {
			t.Errorf("asciiLower(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestLexSimSentMatchesLexSim checks that the stored weights give the
// map-based similarity to the last bit, on every pair of a small story.
func TestLexSimSentMatchesLexSim(t *testing.T) {
	in := mkInput([]doc{
		{"a1", "g1", "Ukraine shot down 10 of 15 Iranian drones over Kyiv on Monday. Iran denied supplying the drones to Russia."},
		{"a2", "g2", "Ukrainian forces downed ten out of fifteen drones, officials said. Tehran rejects the claim that it sent drones."},
		{"a3", "g3", "Russia launched a wave of Shahed drones at Kyiv. The attack killed four people."},
	}, []ent{{"GPE", []string{"Ukraine", "Kyiv"}, nil}, {"GPE", []string{"Iran", "Tehran"}, nil}, {"GPE", []string{"Russia"}, nil}})
	o := Options{}.withDefaults(3)
	ss := analyse(in, keyer{gz: o.Gazetteer})
	w := newIDF(ss)
	pairs := 0
	for i := range ss {
		for j := range ss {
			got, want := w.lexSimSent(&ss[i], &ss[j]), w.lexSim(ss[i].stems, ss[j].stems)
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("sentences %d/%d: lexSimSent %v, lexSim %v", i, j, got, want)
			}
			if want > 0 {
				pairs++
			}
		}
	}
	if pairs < 5 {
		t.Errorf("only %d overlapping pairs", pairs)
	}
	// Sentences whose weights were never stored fall back to the map.
	a, b := ss[0], ss[1]
	a.stemW, b.stemW = nil, nil
	if got, want := w.lexSimSent(&a, &b), w.lexSim(a.stems, b.stems); got != want {
		t.Errorf("without stored weights: %v, want %v", got, want)
	}
}
