//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package dedupe

// mapChunk allocates n bytes on the heap where anonymous mappings are not
// available: the arena then only saves allocations.
func mapChunk(n int) []byte { return make([]byte, n) }

func unmapChunk([]byte) {}
