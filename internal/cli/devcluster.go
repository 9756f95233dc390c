package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/triangulate/triangulate/internal/queue"
	"github.com/triangulate/triangulate/internal/store"
)

func (e *env) devClusterCmd() *cobra.Command {
	var (
		dir     string
		port    int
		maxMsgs int64
	)
	cmd := &cobra.Command{
		Use:   "dev-cluster [--dir DIR] [--port 4222] [--db postgres://...]",
		Short: "Run an embedded NATS JetStream server for trying workers on one machine",
		Long: `Start an embedded NATS server with JetStream on 127.0.0.1, create the streams
the workers use, print the commands to try the scaled-out shape (ingest --nats,
worker, serve), and run until interrupted. It has no authentication and listens
on loopback only: it is for trying things out, not for production, which runs
nats-server itself (docs/scaling.md).

JetStream's files go to --dir, or to a temporary directory removed on exit.
Workers need a shared store: give --db a postgres:// URL of a local server.`,
		Example: "  triangulate dev-cluster --db postgres://triangulate:pw@127.0.0.1/triangulate",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if port < 0 || port > 65535 {
				return usagef("dev-cluster: --port %d out of range", port)
			}
			return e.devCluster(cmd.Context(), dir, port, maxMsgs)
		},
	}
	f := cmd.Flags()
	e.dbFlag(cmd)
	f.StringVar(&dir, "dir", "", "JetStream storage directory (default: a temporary directory, removed on exit)")
	f.IntVar(&port, "port", 4222, "port to listen on, on 127.0.0.1 (0 for NATS's default)")
	f.Int64Var(&maxMsgs, "max-msgs", queue.DefaultMaxMsgs, "most raw documents waiting for workers before ingest is pushed back")
	return cmd
}

func (e *env) devCluster(ctx context.Context, dir string, port int, maxMsgs int64) error {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "triangulate-nats-")
		if err != nil {
			return fmt.Errorf("dev-cluster: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	srv, err := queue.StartServer(ctx, queue.ServerOptions{Port: port, Dir: dir})
	if err != nil {
		return fmt.Errorf("dev-cluster: %w", err)
	}
	defer srv.Shutdown()
	q, err := queue.Connect(ctx, srv.URL(), "triangulate-dev-cluster", e.log)
	if err != nil {
		return fmt.Errorf("dev-cluster: %w", err)
	}
	err = q.EnsureStreams(ctx, queue.Limits{MaxMsgs: maxMsgs})
	q.Close()
	if err != nil {
		return fmt.Errorf("dev-cluster: %w", err)
	}
	db := e.cfg.DB
	note := ""
	if !store.IsPostgres(db) {
		note = "\n  (--db is an SQLite file: run a single worker, or start PostgreSQL and pass --db postgres://...)"
	}
	fmt.Fprintf(e.stdout, `NATS JetStream listening on %s (store: %s)

In other terminals:
  triangulate worker --nats %[1]s --db %[3]q      # as many as you like%[4]s
  triangulate ingest --nats %[1]s --db %[3]q examples/iran-russia
  triangulate serve  --db %[3]q

Stop with Ctrl-C.
`, srv.URL(), dir, db, note)
	<-ctx.Done()
	if !e.cfg.Quiet {
		fmt.Fprintln(e.stderr, "dev-cluster: shutting down")
	}
	return nil
}
