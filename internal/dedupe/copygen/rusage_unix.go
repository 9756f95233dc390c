//go:build unix

package copygen

import (
	"runtime"
	"syscall"
	"time"
)

// CPUTime returns the user and system CPU time the process has used: on a
// shared machine it measures a benchmark's work better than the wall
// clock.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// PeakRSS returns the process's peak resident set size in bytes, or 0
// when unknown.
func PeakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return ru.Maxrss // bytes there, KB on Linux and the BSDs
	}
	return ru.Maxrss * 1024
}
