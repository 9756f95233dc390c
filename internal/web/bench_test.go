package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/web"
)

// Load-test bounds: concurrent clients, and a wall-clock cap whatever b.N
// the framework asks for, so a slow machine cannot make the run endless.
const (
	benchClients = 16
	benchMaxTime = 60 * time.Second
)

// BenchmarkStoryAPI measures report reads over a real loopback listener:
// benchClients clients with keep-alive connections request
// GET /api/stories/{id} for the example corpus's story in a SQLite store,
// b.N requests in all. It reports throughput and latency percentiles.
//
//	go test ./internal/web -run '^$' -bench StoryAPI -benchtime 20000x
//
// The no-cache variant reads and encodes the report from the store on every
// request, to show what the report cache buys.
func BenchmarkStoryAPI(b *testing.B) {
	sd := seedStore(b)
	b.Run("cache", func(b *testing.B) { benchStoryAPI(b, sd, web.Config{}) })
	b.Run("no-cache", func(b *testing.B) { benchStoryAPI(b, sd, web.Config{CacheTTL: -1}) })
}

func benchStoryAPI(b *testing.B, sd seeded, cfg web.Config) {
	srv := httptest.NewServer(web.NewServer(sd.st, cfg))
	defer srv.Close()
	url := srv.URL + "/api/stories/" + sd.story.ID
	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: benchClients, MaxIdleConnsPerHost: benchClients, MaxConnsPerHost: benchClients,
			DisableCompression: true,
		},
	}
	defer client.CloseIdleConnections()

	var size atomic.Int64
	get := func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		n, err := io.Copy(io.Discard, resp.Body)
		if err != nil {
			return err
		}
		size.Store(n)
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
	// Warm the connections and the report cache outside the timing.
	if err := get(b.Context()); err != nil {
		b.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(b.Context(), benchMaxTime)
	defer cancel()
	var (
		next     atomic.Int64
		failed   atomic.Int64
		firstErr atomic.Value
		wg       sync.WaitGroup
		lat      = make([][]time.Duration, benchClients)
	)
	b.ResetTimer()
	t0 := time.Now()
	for c := range benchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) && ctx.Err() == nil {
				s := time.Now()
				if err := get(ctx); err != nil {
					if ctx.Err() == nil {
						failed.Add(1)
						firstErr.CompareAndSwap(nil, err)
					}
					continue
				}
				lat[c] = append(lat[c], time.Since(s))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)
	b.StopTimer()

	if n := failed.Load(); n > 0 {
		b.Fatalf("%d requests failed, first: %v", n, firstErr.Load())
	}
	all := slices.Concat(lat...)
	if len(all) == 0 {
		b.Fatal("no request completed")
	}
	slices.Sort(all)
	pct := func(p float64) float64 {
		return float64(all[min(int(p*float64(len(all))), len(all)-1)].Microseconds()) / 1000
	}
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
	b.ReportMetric(float64(size.Load()), "resp_bytes")
	if ctx.Err() != nil {
		b.Logf("stopped at the %v cap after %d of %d requests", benchMaxTime, len(all), b.N)
	}
}
