// Package par runs independent per-item work on a bounded number of
// goroutines. It holds the one worker loop the stages share (extraction,
// copy detection, clustering); it must not know what the items are.
package par

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(w, i) for every i in [0, n) on up to workers goroutines
// (GOMAXPROCS when workers ≤ 0). w is the calling goroutine's number, in
// [0, workers), for per-goroutine scratch space. Positions are handed out
// chunk at a time, which keeps the hand-out cheap when f is. A goroutine
// stops at its first error; the errors are joined. When ctx is cancelled
// the remaining positions are skipped and ctx's error is returned. Errors
// come back as f gave them: the caller adds its context.
func For(ctx context.Context, n, workers, chunk int, f func(w, i int) error) error {
	workers = Workers(workers, n)
	if chunk < 1 {
		chunk = 1
	}
	errs := make([]error, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for ctx.Err() == nil && errs[w] == nil {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					if err := f(w, i); err != nil {
						errs[w] = err
						break
					}
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// Workers is the number of goroutines For uses: workers, or GOMAXPROCS
// when workers ≤ 0, and never more than n (nor fewer than 1).
func Workers(workers, n int) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return max(1, min(workers, n))
}
