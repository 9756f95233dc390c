package summary

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

// exampleStory reads the raw example pages as one story, 001 and 003 in
// one source group (a rewrite), the others alone.
func exampleStory(t *testing.T) ([]news.Article, [][]string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "iran-russia", "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("example corpus: %v (%d files)", err, len(files))
	}
	var arts []news.Article
	var groups [][]string
	var rewrite []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := filepath.Base(f)[:3]
		arts = append(arts, art(id, "", string(b)))
		if id == "001" || id == "003" {
			rewrite = append(rewrite, id)
		} else {
			groups = append(groups, []string{id})
		}
	}
	return arts, append(groups, rewrite)
}

// mapVec is the TF-IDF vector as a map, the way it was first written.
func mapVec(c *candidate, df []int, n float64) map[int]float64 {
	v := map[int]float64{}
	for _, t := range c.terms {
		v[t]++
	}
	norm := 0.0
	for t, tf := range v {
		w := tf * math.Log(1+n/float64(df[t]))
		v[t] = w
		norm += w * w
	}
	for t := range v {
		v[t] /= math.Sqrt(norm)
	}
	return v
}

func TestSparseVectorsMatchMaps(t *testing.T) {
	arts, groups := exampleStory(t)
	st := prepare(arts, groups, true)
	if len(st.cands) < 50 {
		t.Fatalf("only %d candidates", len(st.cands))
	}
	df := make([]int, st.nTerm)
	for _, c := range st.cands {
		seen := map[int]bool{}
		for _, x := range c.terms {
			if !seen[x] {
				seen[x] = true
				df[x]++
			}
		}
	}
	n := float64(len(st.cands))
	maps := make([]map[int]float64, len(st.cands))
	for i, c := range st.cands {
		maps[i] = mapVec(c, df, n)
	}
	for i, c := range st.cands {
		for j, d := range st.cands {
			want := 0.0
			for x, w := range maps[i] {
				want += w * maps[j][x]
			}
			got := cosine(c.vec, d.vec)
			if math.Abs(got-want) > 1e-12 {
				t.Fatalf("cosine(%d, %d) = %v, maps give %v", i, j, got, want)
			}
			if got != cosine(d.vec, c.vec) {
				t.Fatalf("cosine(%d, %d) is not symmetric", i, j)
			}
		}
	}
}

// TestCorroborationIndexed holds the postings version to the all-pairs
// definition, exactly: the dot products are summed in the same order.
func TestCorroborationIndexed(t *testing.T) {
	arts, groups := exampleStory(t)
	st := prepare(arts, groups, true)
	for _, simCorr := range []float64{0.2, 0.5, 0.8} {
		p := defaults
		p.simCorr = simCorr
		got := st.corroboration(p)
		want := make([]float64, len(st.cands))
		nonzero := 0
		for i, c := range st.cands {
			var gs []int
			for j, d := range st.cands {
				if i != j && cosine(c.vec, d.vec) >= simCorr {
					gs = addGroups(gs, c.groups, d.groups)
				}
			}
			want[i] = float64(len(gs) + len(c.groups) - 1)
			if want[i] > 0 {
				nonzero++
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("simCorr %.1f: corroboration differs from the all-pairs count", simCorr)
		}
		if simCorr == 0.5 && nonzero == 0 {
			t.Error("no candidate is corroborated: the test proves nothing")
		}
	}
}

// TestConceptWeightsMatchMaps compares the dense sums with the map-keyed
// ones (which summed group maxima in map order: equal up to rounding).
func TestConceptWeightsMatchMaps(t *testing.T) {
	arts, groups := exampleStory(t)
	st := prepare(arts, groups, true)
	p := defaults
	type key struct{ concept, art int }
	perB, perU := map[key]float64{}, map[key]float64{}
	for _, c := range st.cands {
		w := 1 / (1 + float64(c.pos)/p.posTau)
		for _, a := range c.arts {
			for _, b := range c.bigrams {
				perB[key{b, a}] += w
			}
			for _, u := range c.terms {
				perU[key{u, a}] += w
			}
		}
	}
	fold := func(per map[key]float64, n int) []float64 {
		type gkey struct{ concept, group int }
		best := map[gkey]float64{}
		for k, w := range per {
			g := gkey{k.concept, st.groupOf[k.art]}
			best[g] = max(best[g], w)
		}
		out := make([]float64, n)
		for k, w := range best {
			out[k.concept] += w
		}
		for k, w := range out {
			out[k] = math.Pow(w, p.sharpen)
		}
		return out
	}
	wantB, wantU := fold(perB, st.nBigram), fold(perU, st.nTerm)
	gotB, gotU := st.conceptWeights(p)
	for name, pair := range map[string][2][]float64{"bigrams": {gotB, wantB}, "terms": {gotU, wantU}} {
		got, want := pair[0], pair[1]
		if len(got) != len(want) {
			t.Fatalf("%s: %d weights, want %d", name, len(got), len(want))
		}
		for k := range got {
			if math.Abs(got[k]-want[k]) > 1e-12*math.Max(1, want[k]) {
				t.Errorf("%s %d: %v, maps give %v", name, k, got[k], want[k])
			}
		}
	}
}

// TestBlockedMatchesRedundant runs the greedy selection the way it was
// first written, testing redundancy against every chosen sentence at
// every step, and expects the same summary.
func TestBlockedMatchesRedundant(t *testing.T) {
	arts, groups := exampleStory(t)
	for _, words := range []int{60, 250, 600} {
		opts := Options{Words: words}
		p := defaults
		st := prepare(arts, groups, true)
		bw, uw := st.conceptWeights(p)
		support := st.corroboration(p)
		coveredB, coveredU := make([]bool, st.nBigram), make([]bool, st.nTerm)
		taken := make([]bool, len(st.cands))
		var chosen []*candidate
		used := 0
		for {
			best, bestScore := -1, 0.0
			for i, c := range st.cands {
				if taken[i] || used+c.words > opts.Words || redundant(c, chosen, p.maxSim) || float64(c.words) < p.minWords {
					continue
				}
				g := 0.0
				for _, b := range c.ubigram {
					if !coveredB[b] {
						g += bw[b]
					}
				}
				for _, u := range c.uterms {
					if !coveredU[u] {
						g += p.uniW * uw[u]
					}
				}
				score := g/math.Pow(float64(c.words), p.lenExp) + p.posPrior/(1+float64(c.pos)) + p.corrob*support[i]
				if c.dangling {
					score -= p.pronoun
				}
				if g > 0 && (best < 0 || score > bestScore) {
					best, bestScore = i, score
				}
			}
			if best < 0 {
				break
			}
			c := st.cands[best]
			taken[best] = true
			chosen = append(chosen, c)
			used += c.words
			for _, b := range c.bigrams {
				coveredB[b] = true
			}
			for _, u := range c.terms {
				coveredU[u] = true
			}
		}
		want := st.output(chosen)
		got := summarize(arts, groups, opts, p)
		if !reflect.DeepEqual(got, want) {
			var g, w []string
			for _, s := range got {
				g = append(g, s.Sentence)
			}
			for _, s := range want {
				w = append(w, s.Sentence)
			}
			t.Errorf("%d words:\n got %s\nwant %s", words, strings.Join(g, " | "), strings.Join(w, " | "))
		}
		if len(want) < 2 {
			t.Errorf("%d words: %d sentences, the test proves little", words, len(want))
		}
	}
}
