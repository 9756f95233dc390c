package worker

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/dedupe/copygen"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/queue"
)

// BenchmarkWorkers measures the extract stage (decode, extract, one
// transaction per article, notify, ack) with 1, 2 and 4 workers draining
// a queue of 1,000 generated articles. articles/s is the throughput;
// cpu_ms/article is this process's CPU (workers, embedded NATS server;
// not PostgreSQL's) per article.
//
//	go test -run X -bench Workers -benchtime 3x ./internal/worker
func BenchmarkWorkers(b *testing.B) {
	const n = 1000
	for _, k := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", k), func(b *testing.B) {
			var total time.Duration
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				docs := genDocs(n, uint64(100+i))
				natsURL, q, stores := benchSetup(b, docs, k)
				b.StartTimer()
				t0, c0 := time.Now(), copygen.CPUTime()
				ctx, cancel := context.WithCancel(context.Background())
				var wg sync.WaitGroup
				for j := 0; j < k; j++ {
					wq, err := queue.Connect(ctx, natsURL, "bench", nil)
					if err != nil {
						b.Fatal(err)
					}
					w := New(wq, stores[j].st, stores[j].lk, Config{Stage: StageExtract, Batch: 16})
					wg.Add(1)
					go func() {
						defer wg.Done()
						defer wq.Close()
						_ = w.Run(ctx)
					}()
				}
				for {
					waiting, unacked, err := q.Pending(context.Background(), queue.ConsumerExtract)
					if err == nil && waiting == 0 && unacked == 0 {
						break
					}
					time.Sleep(5 * time.Millisecond)
				}
				total += time.Since(t0)
				cpu += copygen.CPUTime() - c0
				b.StopTimer()
				cancel()
				wg.Wait()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "articles/s")
			b.ReportMetric(float64(cpu.Milliseconds())/float64(n*b.N), "cpu_ms/article")
		})
	}
}

type benchStoreLock struct {
	st news.Store
	lk Locker
}

// benchSetup starts a server, queues docs and opens k store handles.
func benchSetup(b *testing.B, docs []news.RawDoc, k int) (string, *queue.Conn, []benchStoreLock) {
	b.Helper()
	ctx := context.Background()
	srv, err := queue.StartServer(ctx, queue.ServerOptions{Port: -1, Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Shutdown)
	q, err := queue.Connect(ctx, srv.URL(), "bench", nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(q.Close)
	if err := q.EnsureStreams(ctx, queue.Limits{}); err != nil {
		b.Fatal(err)
	}
	for _, d := range docs {
		if _, err := q.PublishDoc(ctx, d, queue.PublishOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	// The consumer must exist before Pending can read it.
	if _, err := q.Consumer(ctx, queue.ConsumerExtract, queue.ConsumerOptions{}); err != nil {
		b.Fatal(err)
	}
	out := make([]benchStoreLock, k)
	dsn := pgDSN(b)
	var shared benchStoreLock
	if dsn == "" {
		shared.st = openStore(b, filepath.Join(b.TempDir(), "b.db"))
		shared.lk = NewLocalLocker()
	}
	for j := range out {
		if dsn == "" {
			out[j] = shared
			continue
		}
		st := openStore(b, dsn)
		out[j] = benchStoreLock{st, LockerFor(st)}
	}
	return srv.URL(), q, out
}

// BenchmarkStoryStage measures one re-analysis of a stored corpus of 500
// and 2,000 articles (read, analyse, store every story): the story
// stage's cost, which grows with the corpus, not with the batch.
//
//	go test -run X -bench StoryStage -benchtime 1x ./internal/worker
func BenchmarkStoryStage(b *testing.B) {
	for _, n := range []int{500, 2000} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			ctx := context.Background()
			dsn := pgDSN(b)
			if dsn == "" {
				dsn = filepath.Join(b.TempDir(), "b.db")
			}
			st := openStore(b, dsn)
			arts, _, err := pipeline.Extract(ctx, genDocs(n, 5), pipeline.Config{})
			if err != nil {
				b.Fatal(err)
			}
			for _, a := range arts {
				if _, _, err := st.PutArticle(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			t0 := time.Now()
			for i := 0; i < b.N; i++ {
				if _, err := Reanalyse(ctx, st, LockerFor(st), pipeline.Config{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(time.Since(t0).Milliseconds())/float64(n*b.N), "ms/article")
		})
	}
}
