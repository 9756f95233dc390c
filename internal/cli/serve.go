package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/store"
	"github.com/triangulate/triangulate/internal/web"
)

func (e *env) serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve [--db DSN] [--addr 127.0.0.1:8080] [--token T]",
		Short: "Serve the HTTP API and the web UI over the store",
		Long: `Serve the JSON API and the web UI over the store filled by 'ingest'.

Writes (POST /api/articles) need a bearer token given with --token or
TRIANGULATE_TOKEN; without one, writes are refused. The server stops
gracefully on SIGINT or SIGTERM.`,
		Example: "  triangulate ingest examples/iran-russia && triangulate serve",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return e.serve(cmd.Context()) },
	}
	e.dbFlag(cmd)
	cmd.Flags().StringVar(&e.cfg.Addr, "addr", e.cfg.Addr, "listen address (env TRIANGULATE_ADDR)")
	cmd.Flags().StringVar(&e.cfg.Token, "token", e.cfg.Token, "bearer token that allows POST /api/articles (env TRIANGULATE_TOKEN)")
	e.copyWindowFlag(cmd)
	return cmd
}

func (e *env) serve(ctx context.Context) error {
	st, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer st.Close()
	in := &ingester{st: st, cfg: e.pipelineConfig()}
	cfg := web.Config{Addr: e.cfg.Addr, Token: e.cfg.Token, Logger: e.log, Ingest: in.one}
	if !e.cfg.Quiet {
		fmt.Fprintf(e.stderr, "serve: listening on http://%s (store %s)\n", e.cfg.Addr, e.cfg.DB)
	}
	if err := web.Serve(ctx, st, cfg); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// one ingests a single posted document for the web API. Problems of the
// document itself (no text, invalid content) are the client's and come
// back as web.ErrInvalid, so the API answers 400 rather than 500.
func (in *ingester) one(ctx context.Context, doc news.RawDoc) (news.Article, error) {
	res, errs, err := in.add(ctx, []news.RawDoc{doc}, nil)
	if err != nil {
		return news.Article{}, err
	}
	if len(errs) > 0 {
		if errors.Is(errs[0], store.ErrInvalid) || len(res.articles) == 0 {
			return news.Article{}, fmt.Errorf("%w: %v", web.ErrInvalid, errs[0])
		}
		return news.Article{}, errs[0]
	}
	if len(res.articles) == 0 {
		return news.Article{}, fmt.Errorf("%w: no article text found", web.ErrInvalid)
	}
	return res.articles[0], nil
}
