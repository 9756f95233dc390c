package ner

import (
	"cmp"
	"math/bits"
	"slices"
)

// weight is one non-zero emission weight of a feature for a label other
// than O. Rows average fewer than two of them out of sixteen labels, so
// the sparse form is a fraction of the dense one. The last weight of a
// feature has lastWeight set in label.
type weight struct {
	label uint32
	v     float32
}

const lastWeight = 1 << 31

// slot is one cell of the feature table: a feature hash, its weight for
// label O (0) and where its other weights start in featTable.w. ref == 0
// marks an empty cell; ref == 1 a feature with no weight beyond O's (w[0]
// and w[1] are never used). Nearly every feature has a weight for O, and
// keeping it here lets the tagger sum O's score in a register, where the
// running sum through memory was a chain of dependent loads and stores.
type slot struct {
	key uint64
	w0  float32
	ref uint32
}

// featTable maps feature hashes to their weights: open addressing with
// linear probing, at most two-thirds full, built once and read-only after. The
// tagger looks up some sixty features per token, most of them absent from
// the model; a flat table answers a miss in one or two probes of one
// cache line, where a Go map spent most of the tagger's time.
type featTable struct {
	slots []slot
	shift uint // 64 − log2(len(slots))
	w     []weight
}

// home is the first cell probed for a key. The keys are FNV-1a hashes,
// whose low bits are poorly mixed; the high bits of a Fibonacci product
// depend on all of them.
func (t *featTable) home(key uint64) uint64 {
	return (key * 0x9e3779b97f4a7c15) >> t.shift
}

// newFeatTable makes an empty table sized for n features.
func newFeatTable(n int) featTable {
	size := 16
	for size < n+n/2 {
		size <<= 1
	}
	return featTable{
		slots: make([]slot, size),
		shift: uint(64 - bits.TrailingZeros(uint(size))),
		w:     make([]weight, 2, 2+2*n),
	}
}

// add stores a feature and its weights, row holding one per label. Each
// feature must be added once.
func (t *featTable) add(key uint64, row []float32) {
	ref := uint32(1)
	for l, v := range row[1:] {
		if v != 0 {
			if ref == 1 {
				ref = uint32(len(t.w))
			}
			t.w = append(t.w, weight{uint32(l + 1), v})
		}
	}
	if ref > 1 {
		t.w[len(t.w)-1].label |= lastWeight
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.home(key); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.ref == 0 {
			*s = slot{key: key, w0: row[0], ref: ref}
			return
		}
	}
}

// find returns the cell of a feature, or nil if the model lacks it.
func (t *featTable) find(key uint64) *slot {
	mask := uint64(len(t.slots) - 1)
	for i := t.home(key); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.ref == 0 {
			return nil
		}
		if s.key == key {
			return s
		}
	}
}

// row writes a stored feature's weights, one per label, to dst.
func (t *featTable) row(s *slot, dst []float32) {
	clear(dst)
	dst[0] = s.w0
	for r := s.ref; r > 1; r++ {
		w := t.w[r]
		dst[w.label&^lastWeight] = w.v
		if w.label&lastWeight != 0 {
			break
		}
	}
}

// sorted returns the stored features in increasing hash order, as the
// model file lists them.
func (t *featTable) sorted() []*slot {
	var out []*slot
	for i := range t.slots {
		if t.slots[i].ref != 0 {
			out = append(out, &t.slots[i])
		}
	}
	slices.SortFunc(out, func(a, b *slot) int { return cmp.Compare(a.key, b.key) })
	return out
}
