//go:build unix

package ner

import (
	"syscall"
	"time"
)

// cpuTime is the process's user+system CPU time so far; benchmarks report
// it per op because wall time on a shared machine says little.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
