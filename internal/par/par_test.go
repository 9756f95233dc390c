package par

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

// Every position is visited exactly once whatever the worker count and
// chunk, each by a worker number in range.
func TestForVisitsEachOnce(t *testing.T) {
	for _, tc := range []struct{ n, workers, chunk int }{
		{0, 2, 4}, {1, 0, 1}, {10, 3, 4}, {1000, 4, 16}, {7, 16, 0},
	} {
		seen := make([]atomic.Int32, tc.n)
		nw := Workers(tc.workers, tc.n)
		err := For(context.Background(), tc.n, tc.workers, tc.chunk, func(w, i int) error {
			if w < 0 || w >= nw {
				t.Errorf("worker %d of %d", w, nw)
			}
			seen[i].Add(1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("%+v: position %d visited %d times", tc, i, c)
			}
		}
	}
}

// An error stops its goroutine and comes back; a cancelled context is
// reported as such.
func TestForErrors(t *testing.T) {
	boom := errors.New("boom")
	err := For(context.Background(), 100, 2, 1, func(_, i int) error {
		if i == 37 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Int32
	err = For(ctx, 100, 2, 1, func(_, _ int) error { ran.Add(1); return nil })
	if !errors.Is(err, context.Canceled) || ran.Load() != 0 {
		t.Errorf("cancelled: err = %v, ran %d", err, ran.Load())
	}
}
