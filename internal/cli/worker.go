package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/queue"
	"github.com/triangulate/triangulate/internal/store"
	"github.com/triangulate/triangulate/internal/worker"
)

func (e *env) workerCmd() *cobra.Command {
	var (
		natsURL string
		stage   string
		batch   int
	)
	cmd := &cobra.Command{
		Use:   "worker --nats URL [--db DSN] [--stage extract|analyze|all]",
		Short: "Store and analyse documents queued by 'ingest --nats'",
		Long: `Consume the documents 'ingest --nats' queued on NATS JetStream: extract each,
store the article in its own transaction and acknowledge the message only after
the commit (stage extract), and re-analyse the stories of the stored corpus
under a PostgreSQL advisory lock (stage analyze). Run as many workers as the
load needs, on as many machines; a worker killed at any point loses nothing,
because what it had not committed is redelivered to another.

Several worker processes need a shared PostgreSQL store (--db postgres://...);
an SQLite store serves one worker process. See docs/scaling.md.`,
		Example: "  triangulate worker --nats nats://127.0.0.1:4222 --db postgres://triangulate@localhost/news\n" +
			"  triangulate worker --nats nats://10.0.0.5:4222 --db postgres://... --stage extract",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(natsURL) == "" {
				return usagef("worker: no --nats URL (or TRIANGULATE_NATS)")
			}
			st, err := worker.ParseStage(stage)
			if err != nil {
				return usagef("worker: --stage: %v", err)
			}
			if batch < 0 {
				return usagef("worker: --batch must be positive")
			}
			return e.worker(cmd.Context(), natsURL, st, batch)
		},
	}
	f := cmd.Flags()
	e.dbFlag(cmd)
	f.StringVar(&natsURL, "nats", e.cfg.NATS, "NATS server URL (env TRIANGULATE_NATS)")
	f.StringVar(&stage, "stage", string(worker.StageAll), "stage to run: extract, analyze or all")
	f.IntVar(&batch, "batch", 16, "documents fetched at a time")
	e.copyWindowFlag(cmd)
	return cmd
}

func (e *env) worker(ctx context.Context, natsURL string, stage worker.Stage, batch int) error {
	log := e.log
	if !e.cfg.Quiet && !e.cfg.Verbose {
		// A long-running worker reports each re-analysis; one-shot
		// commands stay at warnings.
		log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	st, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	defer st.Close()
	if !store.IsPostgres(e.cfg.DB) {
		log.Warn("SQLite store: run one worker process only; several need a postgres:// store", "db", e.cfg.DB)
	}
	q, err := queue.Connect(ctx, natsURL, "triangulate-worker", log)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	defer q.Close()
	if err := q.EnsureStreams(ctx, queue.Limits{}); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	w := worker.New(q, st, worker.LockerFor(st), worker.Config{
		Stage: stage, Batch: batch, Pipeline: e.pipelineConfig(), Logger: log,
	})
	if !e.cfg.Quiet {
		fmt.Fprintf(e.stderr, "worker: stage %s, queue %s; stop with Ctrl-C\n", stage, queue.Redact(natsURL))
	}
	t0 := time.Now()
	err = w.Run(ctx)
	s := w.Stats()
	if !e.cfg.Quiet {
		fmt.Fprintf(e.stderr, "worker: %d articles stored, %d already stored, %d rejected, %d re-analyses in %s\n",
			s.Stored, s.Existing, s.Rejected, s.Analyses, time.Since(t0).Round(time.Second))
	}
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	return nil
}

// publishDocs queues docs on the NATS server at url for the workers
// (`ingest --nats`). A full stream is waited out for a while (the workers
// drain it), then reported: every document is either queued or named in
// an error, never dropped.
func (e *env) publishDocs(ctx context.Context, url string, docs []news.RawDoc) error {
	q, err := queue.Connect(ctx, url, "triangulate-ingest", e.log)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer q.Close()
	if err := q.EnsureStreams(ctx, queue.Limits{}); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	bar := e.progress(len(docs), "queueing")
	queued, dups, failed := 0, 0, 0
	for i, d := range docs {
		dup, err := q.PublishDoc(ctx, d, queue.PublishOptions{})
		if bar != nil {
			_ = bar.Add(1)
		}
		switch {
		case err == nil && dup:
			dups++
		case err == nil:
			queued++
		case ctx.Err() != nil:
			return fmt.Errorf("ingest: %d of %d documents not queued: %w", len(docs)-i, len(docs), ctx.Err())
		case errors.Is(err, queue.ErrFull):
			// Waiting longer per document would not help: the workers
			// are behind.
			if bar != nil {
				_ = bar.Finish()
			}
			fmt.Fprintf(e.stderr, "ingest: %v\n", err)
			return fmt.Errorf("ingest: %d of %d documents not queued (%d queued, %d already queued): %w",
				len(docs)-i, len(docs), queued, dups, queue.ErrFull)
		default:
			failed++
			fmt.Fprintf(e.stderr, "ingest: %v\n", err)
		}
	}
	if bar != nil {
		_ = bar.Finish()
	}
	if !e.cfg.Quiet {
		fmt.Fprintf(e.stderr, "ingest: %d documents queued on %s (%d new, %d already queued); 'triangulate worker' stores and analyses them\n",
			queued+dups, queue.Redact(url), queued, dups)
	}
	if failed > 0 {
		return errSomeFailed
	}
	return nil
}
