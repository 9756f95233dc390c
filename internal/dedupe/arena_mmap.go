//go:build linux || darwin || freebsd || netbsd || openbsd

package dedupe

import "syscall"

// mapChunk maps n bytes of anonymous memory, or falls back to the heap
// when the system refuses.
func mapChunk(n int) []byte {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]byte, n)
	}
	return b
}

// unmapChunk releases a chunk from mapChunk. A heap fallback is left to
// the garbage collector (Munmap refuses memory it did not map).
func unmapChunk(b []byte) {
	_ = syscall.Munmap(b)
}
