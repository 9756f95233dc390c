package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

// groupVecs makes unit vectors for members drawn from a shared vocabulary
// (the kind of event: ids 0–39, weight 0.5) plus, per member, names drawn
// from its group's own pool of pool names (ids 100+40g …, weight 3: names
// and numbers weigh more, and are rarer). groups[i] is member i's group.
func groupVecs(r *rand.Rand, groups []int, pool int) [][]term {
	out := make([][]term, len(groups))
	for i, g := range groups {
		seen := map[tid]bool{}
		var v []term
		add := func(id tid, w float32) {
			if !seen[id] {
				seen[id] = true
				v = append(v, term{id, w})
			}
		}
		for range 12 {
			add(tid(r.IntN(40)), 0.5)
		}
		for range 20 {
			add(tid(100+40*g+r.IntN(pool)), 3)
		}
		var norm float64
		for _, x := range v {
			norm += float64(x.w) * float64(x.w)
		}
		for k := range v {
			v[k].w /= float32(sqrt(norm))
		}
		out[i] = v
	}
	return out
}

func sqrt(x float64) float64 {
	z := x
	for range 30 {
		z = (z + x/z) / 2
	}
	return z
}

func TestBisect(t *testing.T) {
	tests := []struct {
		name   string
		groups []int
		pool   int  // names per group
		split  bool // want a gap above the default threshold
	}{
		{"two events, 6+6", []int{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, 12, true},
		{"two events, 10+4", []int{0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0}, 12, true},
		{"one event, 12", []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 12, false},
		{"one event, 30", make([]int, 30), 12, false},
		{"too few to tell", []int{0, 1, 0}, 12, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, 5))
			b := bisect(groupVecs(r, tc.groups, tc.pool))
			t.Logf("gap %.2f", b.gap)
			if got := b.gap >= DefaultSplitThreshold; got != tc.split {
				t.Fatalf("gap %.2f: split=%v, want %v", b.gap, got, tc.split)
			}
			if !tc.split {
				return
			}
			// The parts must be the groups, whichever side each got.
			for i := range tc.groups {
				if (b.side[i] == b.side[0]) != (tc.groups[i] == tc.groups[0]) {
					t.Fatalf("member %d (group %d) on the wrong side: %v", i, tc.groups[i], b.side)
				}
			}
		})
	}
}

// Two same-kind events whose first articles arrive together end up in one
// story by the cosine alone; refinement must cut it along the names, and
// the split must not be merged back.
func TestRefineSplitsTwoEvents(t *testing.T) {
	kind := "the heavyweight champion defended his title against the challenger in a bout before a crowd of fans at the arena, and the referee stopped the fight after the champion knocked the challenger down with a right hand"
	events := [2]struct{ names, extra string }{
		{"Klitschko beat Rahman at SAP Arena in Mannheim in 2008", "Rahman, a former champion from Baltimore, said Klitschko was too strong; Lennox Lewis watched"},
		{"Haye beat Chisora at Upton Park in London in 2012", "Chisora, who fought Vitali in Munich, said Haye was too fast; Frank Warren promoted"},
	}
	var arts []news.Article
	for i := range 16 {
		e := events[i%2]
		arts = append(arts, news.Article{
			ID:   fmt.Sprintf("a%02d", i),
			Text: fmt.Sprintf("Report %d. In this bout, %s. Later, %s. Then %s. Witnesses said %s.", i, e.names, kind, e.extra, e.names),
		})
	}
	c := New(Options{Threshold: 0.01, RefineEvery: -1}) // everything joins one story first
	for _, a := range arts {
		c.Add(a)
	}
	if n := len(c.Stories()); n != 1 {
		t.Fatalf("before refinement: %d stories, want the two events joined", n)
	}
	c.Refine()
	st := c.Stories()
	if len(st) != 2 {
		t.Fatalf("after refinement: %d stories %v, want 2", len(st), st)
	}
	for _, s := range st {
		for _, id := range s.Articles {
			var k int
			fmt.Sscanf(id, "a%d", &k)
			if k%2 != int(s.Articles[0][2]-'0')%2 {
				t.Errorf("story %v mixes the events", s.Articles)
				break
			}
		}
	}
}

// The Gram form of pcShare (small stories) must give the sparse power
// iteration's share of variance and split the members the same way.
func TestPCShareGramMatchesSparse(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for trial := range 40 {
		n := 4 + r.IntN(gramRows-3)
		groups := make([]int, n)
		for i := range groups {
			groups[i] = r.IntN(2)
		}
		rows, m := sharedRows(groupVecs(r, groups, 6+trial%10))
		if m == 0 {
			continue
		}
		sparse, ys := pcShareSparse(rows, m)
		gram, yg := pcShareGram(rows, m)
		if math.Abs(sparse-gram) > 1e-6 {
			t.Fatalf("trial %d (n=%d): share %.9f sparse, %.9f gram", trial, n, sparse, gram)
		}
		// Same axis up to sign and scale: the sides agree, or all flip.
		agree, flip := 0, 0
		for i := range ys {
			if math.Abs(ys[i]) < 1e-6 {
				agree++
				flip++
				continue
			}
			if (ys[i] > 0) == (yg[i] > 0) {
				agree++
			} else {
				flip++
			}
		}
		if agree != n && flip != n {
			t.Errorf("trial %d (n=%d): members split differently (%d agree, %d flip)", trial, n, agree, flip)
		}
	}
}
