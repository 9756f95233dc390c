package dedupe

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// riceSet is a sorted set of distinct uint32 values (shingle hashes)
// coded by Golomb-Rice on their gaps: the gap's low k bits as they are,
// the rest in unary. Hashes are spread evenly, so the gaps are close to
// 2^32/n and k = log2 of that leaves about 2.5 bits of unary a value: 24
// to 25 bits a value instead of 32. Kept shingle sets are about a third of
// what the index holds per article.
type riceSet struct {
	code []byte
	n    int32
	k    uint8
}

// riceK returns the Rice parameter for n values spread over 32 bits.
func riceK(n int) uint8 {
	if n <= 1 {
		return 31
	}
	return uint8(bits.Len64((1<<32)/uint64(n)) - 1)
}

// newRiceSet codes vs, which must be sorted and distinct, on the heap.
func newRiceSet(vs []uint32) riceSet { return newRiceSetIn(vs, nil) }

// newRiceSetIn codes vs in the arena a (the heap when a is nil).
func newRiceSetIn(vs []uint32, a *arena) riceSet {
	k := riceK(len(vs))
	var w bitWriter
	w.buf = make([]byte, 0, (len(vs)*(int(k)+3)+7)/8+8)
	prev := uint32(0)
	for _, v := range vs {
		g := v - prev
		prev = v
		for q := g >> k; q > 0; {
			// Unary quotient, at most 32 ones at a time.
			c := min(q, 32)
			w.write(1<<c-1, uint(c))
			q -= c
		}
		w.write(0, 1)
		w.write(uint64(g)&(1<<k-1), uint(k))
	}
	w.flush()
	// An exact-size copy: the set lives as long as the index.
	return riceSet{code: a.clone(w.buf), n: int32(len(vs)), k: k}
}

// len returns the number of values in the set.
func (s riceSet) len() int { return int(s.n) }

// decode appends the set's values to (*buf)[:0] and returns them.
func (s riceSet) decode(buf *[]uint32) []uint32 {
	out := slices.Grow((*buf)[:0], int(s.n))
	code := s.code
	var acc uint64 // unread bits, least significant first
	var nacc uint
	pos := 0
	// refill tops acc up to at least 57 bits while bytes remain.
	refill := func() {
		if pos+8 <= len(code) {
			acc |= binary.LittleEndian.Uint64(code[pos:]) << nacc
			used := (63 - nacc) / 8
			pos += int(used)
			nacc += used * 8
			return
		}
		for nacc <= 56 && pos < len(code) {
			acc |= uint64(code[pos]) << nacc
			pos++
			nacc += 8
		}
	}
	k := uint(s.k)
	low := uint64(1)<<k - 1
	prev := uint32(0)
	for range s.n {
		// Unary quotient: the ones before the next zero bit.
		q := uint32(0)
		for {
			if nacc < 57 {
				refill()
			}
			ones := uint(bits.TrailingZeros64(^acc))
			if ones < nacc {
				q += uint32(ones)
				acc >>= ones + 1
				nacc -= ones + 1
				break
			}
			if nacc == 0 {
				break // past the end: a well-formed set never is
			}
			q += uint32(nacc)
			acc, nacc = 0, 0
		}
		if nacc < k {
			refill()
		}
		g := q<<k | uint32(acc&low)
		if k > 0 {
			acc >>= k
			nacc -= min(k, nacc)
		}
		prev += g
		out = append(out, prev)
	}
	*buf = out
	return out
}

// bitWriter appends bits least significant first.
type bitWriter struct {
	buf  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) write(v uint64, n uint) {
	if n == 0 {
		return
	}
	w.acc |= v << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

func (w *bitWriter) flush() {
	if w.nacc > 0 {
		w.buf = append(w.buf, byte(w.acc))
	}
	w.acc, w.nacc = 0, 0
}
