//go:build !unix

package copygen

import "time"

// CPUTime is unknown here: benchmarks then report no CPU figure.
func CPUTime() time.Duration { return 0 }

// PeakRSS is unknown here.
func PeakRSS() int64 { return 0 }
