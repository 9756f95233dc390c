package dedupe

// arena hands out byte slices carved from large chunks mapped outside the
// Go heap (see mapChunk). The batch detector keeps its articles' coded
// shingle sets and features there: they are most of its memory, they live
// exactly as long as one DetectSource call, and off the heap they do not
// count toward the garbage collector's goal, which would otherwise let the
// heap grow to twice their size before collecting. An arena is used by one
// goroutine at a time; free unmaps everything, after which no slice it
// gave may be used.
type arena struct {
	chunks [][]byte
	cur    []byte // the unused end of the last chunk
}

// arenaChunk is the size of one mapping: large enough that mappings are
// few, small enough that the last, partly used one wastes little.
const arenaChunk = 8 << 20

// alloc returns a zeroed slice of n bytes. Requests larger than a quarter
// chunk come from the heap.
func (a *arena) alloc(n int) []byte {
	if n == 0 {
		return nil
	}
	if n > arenaChunk/4 {
		return make([]byte, n)
	}
	if len(a.cur) < n {
		c := mapChunk(arenaChunk)
		a.chunks = append(a.chunks, c)
		a.cur = c
	}
	b := a.cur[:n:n]
	a.cur = a.cur[n:]
	return b
}

// clone returns a copy of b in the arena.
func (a *arena) clone(b []byte) []byte {
	if a == nil {
		return append([]byte(nil), b...)
	}
	out := a.alloc(len(b))
	copy(out, b)
	return out
}

// free returns the chunks to the system.
func (a *arena) free() {
	for _, c := range a.chunks {
		unmapChunk(c)
	}
	a.chunks, a.cur = nil, nil
}
