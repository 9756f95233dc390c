// Package worker runs Triangulate's scaled-out stages between a NATS
// JetStream queue and a shared store:
//
//   - the extract stage takes raw documents off triangulate.raw, extracts
//     each alone, stores the article in its own transaction and acks the
//     message only after the commit, then notifies the story stage on
//     triangulate.article;
//   - the story stage gathers those notifications and re-analyses the
//     stored corpus under the story lock (a PostgreSQL advisory lock), and
//     acks them only after every story report is committed.
//
// A message is acked only once what it stands for is committed, so a
// worker killed at any point loses nothing: its unacked messages are
// redelivered, and redelivery is harmless because PutArticle is
// idempotent and a re-analysis replaces what an earlier one stored.
//
// The package holds the order of these steps, not any stage's method: it
// calls the pipeline for extraction and analysis, the queue for messages
// and news.Store for storage, and must not reach inside any of them.
package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/queue"
	"github.com/triangulate/triangulate/internal/store"
)

// Stage names what a worker runs.
type Stage string

// The stages a worker can run.
const (
	StageExtract Stage = "extract" // raw documents → stored articles
	StageAnalyze Stage = "analyze" // stored articles → stories and reports
	StageAll     Stage = "all"     // both, in one process
)

// ParseStage checks a --stage value.
func ParseStage(s string) (Stage, error) {
	switch Stage(s) {
	case StageExtract, StageAnalyze, StageAll:
		return Stage(s), nil
	case "":
		return StageAll, nil
	}
	return "", fmt.Errorf("unknown stage %q: want extract, analyze or all", s)
}

// Config tunes a worker. The zero value runs both stages with defaults.
type Config struct {
	Stage Stage
	// Batch is how many raw documents one fetch asks for; 0 means 16.
	Batch int
	// AckWait is how long a raw document may stay unacked before another
	// worker gets it (queue.ConsumerOptions); 0 means the queue default.
	AckWait time.Duration
	// NoticeAckWait is the same for the story stage's notices; a worker
	// renews it every third of it while it waits for the lock and
	// analyses. 0 means the queue default (5 min).
	NoticeAckWait time.Duration
	// Settle is how long the story stage keeps gathering notifications
	// after the first before it re-analyses, so that one re-analysis
	// covers a burst of articles; 0 means 2 s.
	Settle time.Duration
	// Pipeline configures extraction and analysis.
	Pipeline pipeline.Config
	// Logger receives progress and problems; nil discards.
	Logger *slog.Logger

	// afterCommit, when set (tests), runs after an article is committed
	// and before its message is acked.
	afterCommit func()
}

// Stats counts what a worker did; read it with Worker.Stats.
type Stats struct {
	Stored   int64 // articles newly stored
	Existing int64 // documents whose article was already stored (redeliveries, duplicates)
	Rejected int64 // documents that can never be stored (no text, undecodable)
	Analyses int64 // re-analyses completed
	Skipped  int64 // notice batches found covered by another worker's re-analysis
}

// Worker runs one or both stages until its context ends.
type Worker struct {
	q    *queue.Conn
	st   news.Store
	lock Locker
	cfg  Config
	log  *slog.Logger

	stored, existing, rejected, analyses, skipped atomic.Int64
}

// New returns a worker reading from q and writing to st. lock serialises
// re-analyses across every worker of the deployment (LockerFor).
func New(q *queue.Conn, st news.Store, lock Locker, cfg Config) *Worker {
	if cfg.Stage == "" {
		cfg.Stage = StageAll
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 16
	}
	if cfg.Settle <= 0 {
		cfg.Settle = 2 * time.Second
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{q: q, st: st, lock: lock, cfg: cfg, log: log}
}

// Stats returns the worker's counts so far.
func (w *Worker) Stats() Stats {
	return Stats{Stored: w.stored.Load(), Existing: w.existing.Load(), Rejected: w.rejected.Load(), Analyses: w.analyses.Load(), Skipped: w.skipped.Load()}
}

// Run consumes until ctx ends, then returns nil: stopping is the normal
// way out, and whatever was in hand is redelivered. It returns an error
// only when the consumers cannot be set up.
func (w *Worker) Run(ctx context.Context) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	run := func(f func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(ctx); err != nil && ctx.Err() == nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	if w.cfg.Stage == StageExtract || w.cfg.Stage == StageAll {
		run(w.extractLoop)
	}
	if w.cfg.Stage == StageAnalyze || w.cfg.Stage == StageAll {
		run(w.storyLoop)
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (w *Worker) extractLoop(ctx context.Context) error {
	cons, err := w.q.Consumer(ctx, queue.ConsumerExtract, queue.ConsumerOptions{AckWait: w.cfg.AckWait})
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	pcfg := w.cfg.Pipeline
	pcfg.Workers, pcfg.Progress = 1, nil
	for ctx.Err() == nil {
		_, err := cons.Fetch(ctx, w.cfg.Batch, 2*time.Second, func(m *queue.Msg) error { return w.extractOne(ctx, m, pcfg) })
		if err != nil && ctx.Err() == nil {
			w.log.Error("extract stage", "err", err)
			sleep(ctx, time.Second)
		}
	}
	return nil
}

// extractOne stores the article in one raw document. It returns an error
// only to stop the batch (cancellation); problems with the document are
// logged and decided here.
func (w *Worker) extractOne(ctx context.Context, m *queue.Msg, pcfg pipeline.Config) error {
	doc, err := m.Doc()
	if err != nil {
		w.reject(m, "", err)
		return nil
	}
	// Each document is extracted alone, so that a redelivery, landing in
	// another batch on another worker, yields the same article and ID.
	arts, errs, err := pipeline.Extract(ctx, []news.RawDoc{doc}, pcfg)
	if err != nil {
		return err
	}
	if len(arts) == 0 {
		w.reject(m, doc.Source, errors.Join(errs...))
		return nil
	}
	stored, created, err := w.st.PutArticle(ctx, arts[0])
	switch {
	case err != nil && ctx.Err() != nil:
		return err
	case errors.Is(err, store.ErrInvalid):
		w.reject(m, doc.Source, err)
		return nil
	case err != nil:
		// The store is unreachable or refusing: try again later, here or
		// on another worker.
		w.log.Warn("store article; will retry", "source", doc.Source, "err", err)
		_ = m.Retry(5 * time.Second)
		return nil
	}
	if created {
		w.stored.Add(1)
	} else {
		w.existing.Add(1)
	}
	if w.cfg.afterCommit != nil {
		w.cfg.afterCommit()
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	// Notified on every delivery: after a crash between commit and ack
	// there is no telling whether the first delivery's notice went out.
	if err := w.q.PublishArticle(ctx, stored.ID); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w.log.Warn("notify story stage; will retry", "article_id", stored.ID, "err", err)
		_ = m.Retry(time.Second)
		return nil
	}
	if err := m.Ack(ctx); err != nil {
		// Committed but not acked: the redelivery will find it stored.
		w.log.Warn("ack", "article_id", stored.ID, "err", err)
	}
	return nil
}

func (w *Worker) reject(m *queue.Msg, source string, err error) {
	w.rejected.Add(1)
	w.log.Error("document rejected", "source", source, "err", err)
	if rerr := m.Reject(fmt.Sprint(err)); rerr != nil {
		w.log.Warn("reject", "source", source, "err", rerr)
	}
}

// maxNotices bounds the notifications one re-analysis gathers; one covers
// any number, so the bound only limits memory.
const maxNotices = 10_000

func (w *Worker) storyLoop(ctx context.Context) error {
	cons, err := w.q.Consumer(ctx, queue.ConsumerAnalyze, queue.ConsumerOptions{AckWait: w.cfg.NoticeAckWait, MaxAckPending: 4 * maxNotices})
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	for ctx.Err() == nil {
		var notices []*queue.Msg
		gather := func(max int, wait time.Duration) error {
			_, err := cons.Fetch(ctx, max, wait, func(m *queue.Msg) error {
				notices = append(notices, m)
				return nil
			})
			return err
		}
		// One notice ends the wait; the burst behind it is gathered after
		// Settle.
		if err := gather(1, 5*time.Second); err != nil && ctx.Err() == nil {
			w.log.Error("story stage", "err", err)
			sleep(ctx, time.Second)
			continue
		}
		if len(notices) == 0 {
			continue
		}
		sleep(ctx, w.cfg.Settle)
		if ctx.Err() == nil && len(notices) < maxNotices {
			_ = gather(maxNotices-len(notices), 100*time.Millisecond)
		}
		if ctx.Err() != nil {
			retryAll(notices, 0) // to another worker now, not after AckWait
			return nil
		}
		w.analyse(ctx, cons, notices)
	}
	return nil
}

// analyse re-analyses the corpus for notices and acks them once the
// stories are committed.
func (w *Worker) analyse(ctx context.Context, cons *queue.Consumer, notices []*queue.Msg) {
	// Keep the notices from timing out while waiting for the lock and
	// analysing; another worker would only repeat the work.
	hbCtx, stopHB := context.WithCancel(ctx)
	defer stopHB()
	every := w.cfg.NoticeAckWait / 3
	if every <= 0 {
		every = time.Minute
	}
	// The heartbeat reads the notices while this goroutine appends more
	// below, so both go through held, under its lock.
	var held struct {
		sync.Mutex
		msgs []*queue.Msg
	}
	held.msgs = notices
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-hbCtx.Done():
				return
			case <-t.C:
				held.Lock()
				msgs := held.msgs
				held.Unlock()
				for _, m := range msgs {
					_ = m.InProgress()
				}
			}
		}
	}()

	t0 := time.Now()
	unlock, err := w.lock.Lock(ctx)
	if err != nil {
		delay := 5 * time.Second
		if ctx.Err() != nil {
			delay = 0
		} else {
			w.log.Error("story stage: lock", "err", err)
		}
		retryAll(notices, delay)
		return
	}
	// Notices published before now are for articles committed before
	// now, so the re-analysis about to read the corpus covers them too.
	more := 0
	if len(notices) < maxNotices {
		_, _ = cons.Fetch(ctx, maxNotices-len(notices), 50*time.Millisecond, func(m *queue.Msg) error {
			notices = append(notices, m)
			held.Lock()
			held.msgs = notices
			held.Unlock()
			more++
			return nil
		})
	}
	var top uint64
	for _, m := range notices {
		top = max(top, m.Seq())
	}
	// A re-analysis that finished while we waited for the lock may cover
	// every notice we hold (queue.Conn.Covered explains why).
	covered, err := w.q.Covered(ctx)
	if err != nil {
		w.log.Warn("story stage: read covered mark", "err", err)
		covered = 0
	}
	var res Analysis
	skipped := top != 0 && top <= covered
	if !skipped {
		res, err = Reanalyse(ctx, w.st, nil, w.cfg.Pipeline)
	}
	if uerr := unlock(); uerr != nil && err == nil {
		err = uerr
	}
	if err != nil {
		delay := 5 * time.Second
		if ctx.Err() != nil {
			delay = 0
		} else {
			w.log.Error("story stage: reanalyse", "err", err)
		}
		retryAll(notices, delay)
		return
	}
	stopHB()
	if !skipped && top != 0 {
		// Only after the unlock succeeded: a lock lost mid-run means the
		// writes may have interleaved with another run's, and the notices
		// go back to be covered again.
		if err := w.q.SetCovered(ctx, top); err != nil {
			w.log.Warn("story stage: record covered mark", "err", err)
		}
	}
	for _, m := range notices {
		if err := m.Ack(ctx); err != nil {
			w.log.Warn("ack notice", "err", err) // redelivered: one more re-analysis
		}
	}
	if skipped {
		w.skipped.Add(1)
		w.log.Info("stories already analysed", "notices", len(notices), "covered_seq", covered, "took_ms", time.Since(t0).Milliseconds())
		return
	}
	w.analyses.Add(1)
	w.log.Info("stories analysed", "notices", len(notices), "joined_under_lock", more, "articles", res.Articles,
		"stories", res.Stories, "retired", res.Retired, "took_ms", time.Since(t0).Milliseconds())
}

func retryAll(ms []*queue.Msg, delay time.Duration) {
	for _, m := range ms {
		_ = m.Retry(delay)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
