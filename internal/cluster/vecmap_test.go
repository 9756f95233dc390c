package cluster

import (
	"math/rand/v2"
	"testing"
)

// vecMap must behave as a Go map under any mix of sets and deletes,
// including runs of colliding ids that wrap around the end of the table.
func TestVecMapMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		var m vecMap
		want := map[tid]float32{}
		// Few distinct ids make collisions and deletions in probe runs common.
		universe := 8 + trial*40
		for step := range 5000 {
			id := tid(r.IntN(universe)) << (trial % 3) // shifted ids collide more
			switch r.IntN(3) {
			case 0:
				m.del(id)
				delete(want, id)
			default:
				w := float32(step)
				m.set(id, w)
				want[id] = w
			}
			if m.len() != len(want) {
				t.Fatalf("trial %d step %d: len %d, want %d", trial, step, m.len(), len(want))
			}
		}
		for id := range tid(universe << 2) {
			w, ok := m.lookup(id)
			ww, wok := want[id]
			if ok != wok || w != ww || m.get(id) != ww {
				t.Fatalf("trial %d: id %d: got %v %v, want %v %v", trial, id, w, ok, ww, wok)
			}
		}
		seen := 0
		m.each(func(id tid, w float32) {
			seen++
			if want[id] != w {
				t.Fatalf("trial %d: each gave %d=%v, want %v", trial, id, w, want[id])
			}
		})
		if seen != len(want) {
			t.Fatalf("trial %d: each visited %d, want %d", trial, seen, len(want))
		}
	}
}
