package cluster

// vecMap is a story centroid: term id → summed weight, as an open-addressing
// table with linear probing. Centroid lookups are most of the clusterer's
// time (every candidate story is scored term by term); this table does
// them in a few nanoseconds where a Go map took three to four times
// longer, holds 8 bytes a slot, and iterates in an order that depends only
// on what was stored, not on a random seed.
type vecMap struct {
	keys []tid // emptyKey marks a free slot
	vals []float32
	n    int
}

// emptyKey is never a term id: the kind in the top two bits is at most 2.
const emptyKey tid = 1<<32 - 1

func newVecMap(hint int) vecMap {
	size := 16
	for size*3 < hint*4 {
		size *= 2
	}
	m := vecMap{keys: make([]tid, size), vals: make([]float32, size)}
	for i := range m.keys {
		m.keys[i] = emptyKey
	}
	return m
}

func (m *vecMap) slot(id tid) int {
	// Fibonacci hashing spreads the hash bits already in id over the table.
	return int((uint64(id) * 0x9E3779B97F4A7C15) >> 32 & uint64(len(m.keys)-1))
}

// get returns the weight of id, 0 when absent.
func (m *vecMap) get(id tid) float32 {
	w, _ := m.lookup(id)
	return w
}

// lookup returns the weight of id and whether it is present.
func (m *vecMap) lookup(id tid) (float32, bool) {
	if m.n == 0 {
		return 0, false
	}
	mask := len(m.keys) - 1
	for i := m.slot(id); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case id:
			return m.vals[i], true
		case emptyKey:
			return 0, false
		}
	}
}

// set stores w under id.
func (m *vecMap) set(id tid, w float32) {
	if len(m.keys) == 0 {
		*m = newVecMap(8)
	}
	mask := len(m.keys) - 1
	for i := m.slot(id); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case id:
			m.vals[i] = w
			return
		case emptyKey:
			m.keys[i], m.vals[i] = id, w
			m.n++
			if m.n*4 > len(m.keys)*3 {
				m.grow()
			}
			return
		}
	}
}

func (m *vecMap) grow() {
	old := *m
	*m = newVecMap(len(old.keys)) // twice the slots: newVecMap sizes for a load of 3/4
	for i, k := range old.keys {
		if k != emptyKey {
			m.set(k, old.vals[i])
		}
	}
}

// del removes id, shifting later entries of its probe run back so that no
// tombstones are needed.
func (m *vecMap) del(id tid) {
	if m.n == 0 {
		return
	}
	mask := len(m.keys) - 1
	i := m.slot(id)
	for ; m.keys[i] != id; i = (i + 1) & mask {
		if m.keys[i] == emptyKey {
			return
		}
	}
	m.n--
	for j := (i + 1) & mask; m.keys[j] != emptyKey; j = (j + 1) & mask {
		// An entry may move back to i only if its home slot is not in
		// the cyclic range (i, j].
		home := m.slot(m.keys[j])
		if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
			m.keys[i], m.vals[i] = m.keys[j], m.vals[j]
			i = j
		}
	}
	m.keys[i], m.vals[i] = emptyKey, 0
}

// len is the number of terms stored.
func (m *vecMap) len() int { return m.n }

// each calls f for every stored term.
func (m *vecMap) each(f func(id tid, w float32)) {
	for i, k := range m.keys {
		if k != emptyKey {
			f(k, m.vals[i])
		}
	}
}
