package cli

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/store"
	"github.com/triangulate/triangulate/internal/worker"
)

func (e *env) ingestCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ingest [flags] PATH|URL|FEED...",
		Short: "Add articles to the store and analyse their stories",
		Long: `Add articles to the store (SQLite by default, PostgreSQL with a postgres:// DSN)
and store the analysis of every story, so that 'serve' shows precomputed results.

Inputs are those of 'analyze': files, folders, globs, "-", article URLs,
RSS/Atom feeds and WARC files. Ingest is idempotent: an article already
stored (same ID, URL or normalised text) is not stored again. Each article is
committed on its own, so an interrupted ingest keeps what it stored and a
re-run completes the rest.`,
		Example: "  triangulate ingest examples/iran-russia\n  triangulate ingest --db postgres://user:pw@localhost/news https://example.com/feed.xml",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("ingest: no input: give at least one PATH, URL or FEED")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return e.ingest(cmd.Context(), args) },
	}
	f := cmd.Flags()
	e.dbFlag(cmd)
	f.StringVar(&e.cfg.NATS, "nats", e.cfg.NATS, "queue documents on this NATS JetStream server for 'triangulate worker' instead of storing them (env TRIANGULATE_NATS)")
	f.BoolVar(&e.cfg.AllowPrivate, "allow-private", false, "allow fetching URLs on loopback, private and link-local addresses")
	f.IntVar(&e.cfg.Workers, "workers", e.cfg.Workers, "extraction goroutines, 0 for one per CPU (env TRIANGULATE_WORKERS)")
	f.Int64Var(&e.cfg.MaxDocBytes, "max-doc-bytes", e.cfg.MaxDocBytes, "largest document accepted, 0 for 16 MiB (env TRIANGULATE_MAX_DOC_BYTES)")
	e.copyWindowFlag(cmd)
	return cmd
}

// dbFlag adds --db to a command that opens the store.
func (e *env) dbFlag(cmd *cobra.Command) {
	cmd.Flags().StringVar(&e.cfg.DB, "db", e.cfg.DB, "store: a SQLite file or a postgres:// URL (env TRIANGULATE_DB)")
}

func (e *env) ingest(ctx context.Context, args []string) error {
	failed := 0
	fail := func(err error) {
		failed++
		fmt.Fprintf(e.stderr, "ingest: %v\n", err)
	}
	docs := e.readInputs(ctx, args, fail)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if e.cfg.NATS != "" {
		// Scaled-out shape: workers extract, store and analyse.
		if err := e.publishDocs(ctx, e.cfg.NATS, docs); err != nil {
			return err
		}
		if failed > 0 {
			return errSomeFailed
		}
		return nil
	}
	st, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer st.Close()
	in := &ingester{st: st, cfg: e.pipelineConfig()}
	bar := e.progress(len(docs), "storing")
	res, errs, err := in.add(ctx, docs, func() {
		if bar != nil {
			_ = bar.Add(1)
		}
	})
	if bar != nil {
		_ = bar.Finish()
	}
	for _, err := range errs {
		fail(err)
	}
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if !e.cfg.Quiet {
		fmt.Fprintf(e.stderr, "ingest: %d articles stored (%d new, %d already stored); %d stories analysed in %s\n",
			res.created+res.existing, res.created, res.existing, res.stories, res.took.Round(time.Millisecond))
	}
	if failed > 0 {
		return errSomeFailed
	}
	return nil
}

func (e *env) pipelineConfig() pipeline.Config {
	cfg := pipeline.Config{Workers: e.cfg.Workers, Logger: e.log}
	cfg.Dedupe.Window = e.cfg.CopyWindow
	if e.cfg.CopyWindow == 0 {
		cfg.Dedupe.Window = -1 // dedupe's zero means its default; ours means none
	}
	return cfg
}

// copyWindowFlag registers --copy-window on a command that analyses.
func (e *env) copyWindowFlag(cmd *cobra.Command) {
	cmd.Flags().DurationVar(&e.cfg.CopyWindow, "copy-window", e.cfg.CopyWindow,
		"compare articles as copies only when published within this time of each other; 0 compares every pair, as for an archive (env TRIANGULATE_COPY_WINDOW)")
}

// ingester stores articles and re-analyses the stored corpus. One
// ingester serialises its runs: two overlapping re-analyses would race to
// write story reports.
type ingester struct {
	st  news.Store
	cfg pipeline.Config
	mu  sync.Mutex
}

type ingestResult struct {
	created, existing, stories int
	took                       time.Duration
	articles                   []news.Article // as stored (the earlier copy for a duplicate)
}

// add extracts docs, stores each article in its own transaction, then
// re-analyses every stored article and stores one report per story.
//
// Re-analysing the whole store keeps stories and cross-story entities
// right on one machine; beyond about a hundred thousand articles the
// scaled-out workers (NATS + PostgreSQL) are the way (docs/architecture.md).
func (in *ingester) add(ctx context.Context, docs []news.RawDoc, progress func()) (ingestResult, []error, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	t0 := time.Now()
	var res ingestResult
	arts, errs, err := pipeline.Extract(ctx, docs, in.cfg)
	if err != nil {
		return res, errs, err
	}
	for _, a := range arts {
		stored, created, err := in.st.PutArticle(ctx, a)
		if err != nil {
			if ctx.Err() != nil {
				return res, errs, err
			}
			errs = append(errs, fmt.Errorf("%s: store: %w", a.Source, err))
			continue
		}
		res.articles = append(res.articles, stored)
		if created {
			res.created++
		} else {
			res.existing++
		}
		if progress != nil {
			progress()
		}
	}
	if res.created == 0 {
		res.took = time.Since(t0)
		return res, errs, nil // nothing new: the stored analysis stands
	}
	// The same code path as the scaled-out workers, under the same story
	// lock, so an ingest and workers on one PostgreSQL store take turns.
	a, err := worker.Reanalyse(ctx, in.st, worker.LockerFor(in.st), in.cfg)
	res.stories, res.took = a.Stories, time.Since(t0)
	return res, errs, err
}
