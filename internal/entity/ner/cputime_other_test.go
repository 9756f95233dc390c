//go:build !unix

package ner

import "time"

// cpuTime is unavailable here; benchmarks then skip the CPU metric.
func cpuTime() (time.Duration, bool) { return 0, false }
