package cluster

import (
	"math/rand/v2"
	"testing"
)

// Past maxExact distinct terms the counts move to the sketch: estimates
// never fall below the truth, and stay close to it, for rare and for
// frequent terms alike.
func TestDFCountsSketch(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	d := newDFCounts()
	truth := map[tid]int32{}
	frequent := make([]tid, 1000)
	for i := range frequent {
		frequent[i] = tid(r.Uint32())
	}
	for i := 0; i < maxExact+maxExact/4; i++ {
		id := tid(r.Uint32())
		d.add(id)
		truth[id]++
		if i%25 == 0 { // every frequent term ends up in ~50 articles
			f := frequent[(i/25)%len(frequent)]
			d.add(f)
			truth[f]++
		}
	}
	if d.sketch == nil {
		t.Fatal("still exact past maxExact distinct terms")
	}
	var over, n int64
	worst := int32(0)
	for id, want := range truth {
		got := d.get(id)
		if got < want {
			t.Fatalf("term %d: estimate %d below the true %d", id, got, want)
		}
		over += int64(got - want)
		n++
		worst = max(worst, got-want)
	}
	if mean := float64(over) / float64(n); mean > 1 {
		t.Errorf("mean overestimate %.2f, want ≤ 1 at this load", mean)
	}
	for _, f := range frequent {
		if got, want := d.get(f), truth[f]; got > want+5 {
			t.Errorf("frequent term: estimate %d, true %d", got, want)
		}
	}
	t.Logf("%d terms: mean overestimate %.3f, worst %d", n, float64(over)/float64(n), worst)

	small := newDFCounts()
	for _, id := range []tid{7, 7, 9} {
		small.add(id)
	}
	if small.sketch != nil || small.get(7) != 2 || small.get(9) != 1 || small.get(8) != 0 {
		t.Errorf("small vocabulary not counted exactly: %v", small.exact)
	}
}
