// Package cli holds Triangulate's subcommands, their flags and the typed
// Config built from flags and TRIANGULATE_* environment variables.
//
// It wires stages together and reports errors to the user; it holds no
// analysis logic of its own.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
)

// Exit codes, as documented in the README.
const (
	ExitOK      = 0
	ExitFailure = 1 // a runtime failure, or some input could not be analysed
	ExitUsage   = 2 // bad flags or arguments
)

// Version is set at build time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = "dev"

// Config is everything a subcommand needs to know, built once from flags
// and environment and passed down; no package keeps mutable globals.
type Config struct {
	Format       string // json, md or html
	Out          string // output file; "" or "-" is stdout
	Quiet        bool
	Verbose      bool
	Workers      int    // extraction goroutines; 0 = GOMAXPROCS
	MaxDocBytes  int64  // per-document size limit; 0 = ingest's default
	JSON         bool   // eval: one JSON object on the last line
	AllowPrivate bool   // fetch: allow loopback/private addresses
	DB           string // store DSN: SQLite path or postgres:// URL
	Addr         string // serve: listen address
	Token        string // serve: bearer token for writes
	NATS         string // ingest/worker: NATS JetStream URL
	// CopyWindow is how far apart in publication date two articles may be
	// and still be compared as copies; 0 compares every pair (an archive).
	CopyWindow time.Duration
}

// defaultCopyWindow: wire reprints appear the same day, rewrites within
// days; a month keeps them all and bounds copy detection's memory by a
// month of articles (see docs/dedupe.md).
const defaultCopyWindow = 30 * 24 * time.Hour

// usageError marks errors that should exit with ExitUsage.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// failedError marks a run that completed but had failing inputs: the
// errors were already printed, so only the exit code remains to be set.
var errSomeFailed = errors.New("some inputs failed")

// env carries the process's streams to the subcommands.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	cfg            Config
	log            *slog.Logger
}

// Run runs the command line args and returns the process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	e.cfg = configFromEnv(os.Getenv)
	root := e.rootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errSomeFailed):
		return ExitFailure
	case isUsage(err):
		fmt.Fprintf(stderr, "triangulate: %v\nRun 'triangulate --help' for usage.\n", err)
		return ExitUsage
	default:
		fmt.Fprintf(stderr, "triangulate: %v\n", err)
		return ExitFailure
	}
}

func isUsage(err error) bool {
	var u usageError
	return errors.As(err, &u)
}

// configFromEnv reads the TRIANGULATE_* defaults; flags override them.
func configFromEnv(getenv func(string) string) Config {
	c := Config{Format: "md", DB: "triangulate.db", Addr: "127.0.0.1:8080", Token: getenv("TRIANGULATE_TOKEN"), CopyWindow: defaultCopyWindow}
	if d, err := time.ParseDuration(getenv("TRIANGULATE_COPY_WINDOW")); err == nil && d >= 0 {
		c.CopyWindow = d
	}
	if v := getenv("TRIANGULATE_DB"); v != "" {
		c.DB = v
	}
	c.NATS = getenv("TRIANGULATE_NATS")
	if v := getenv("TRIANGULATE_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("TRIANGULATE_FORMAT"); v != "" {
		c.Format = v
	}
	if n, err := strconv.Atoi(getenv("TRIANGULATE_WORKERS")); err == nil && n > 0 {
		c.Workers = n
	}
	if n, err := strconv.ParseInt(getenv("TRIANGULATE_MAX_DOC_BYTES"), 10, 64); err == nil && n > 0 {
		c.MaxDocBytes = n
	}
	return c
}

func (e *env) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "triangulate",
		Short:         "Turn a pile of news reports into the situation they describe",
		Long:          "Triangulate reads news articles and reports what each says, which are copies of which,\nwho said and did what, which claims are corroborated by independent sources, and where sources conflict.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			level := slog.LevelWarn
			switch {
			case e.cfg.Verbose:
				level = slog.LevelDebug
			case e.cfg.Quiet:
				level = slog.LevelError
			}
			e.log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
		},
	}
	root.PersistentFlags().BoolVarP(&e.cfg.Quiet, "quiet", "q", false, "print only errors; no progress bar")
	root.PersistentFlags().BoolVarP(&e.cfg.Verbose, "verbose", "v", false, "log stage timings and decisions (debug level)")
	root.MarkFlagsMutuallyExclusive("quiet", "verbose")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(e.analyzeCmd(), e.ingestCmd(), e.serveCmd(), e.workerCmd(), e.devClusterCmd(), e.evalCmd(), e.versionCmd())
	return root
}

func (e *env) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(e.stdout, "triangulate %s\n", Version)
			return err
		},
	}
}

func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	return nil
}
