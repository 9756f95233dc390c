package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/triangulate/triangulate/internal/fetch"
	"github.com/triangulate/triangulate/internal/ingest"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/report"
)

func (e *env) analyzeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "analyze [flags] PATH|URL...",
		Short: "Analyse articles and print a report",
		Long: `Analyse news articles and print a report.

PATH is a file, a folder (read recursively), a glob, "-" for standard input,
an http(s) URL of an article or an RSS/Atom feed, or a WARC file.
Inputs may be HTML pages, plain text as scraped from web pages, JSON Lines of
{"url","title","published","html"|"text"} records, or gzip of any of these;
the kind is told from the content.

Inputs that cannot be read are reported on stderr and left out; the others are
still analysed, and the exit code is then 1.`,
		Example: "  triangulate analyze examples/iran-russia\n  triangulate analyze --format html --out report.html 'news/*.html'",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("analyze: no input: give at least one PATH (or - for stdin)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(report.Formats, e.cfg.Format) {
				return usagef("analyze: unknown --format %q (want json, md or html)", e.cfg.Format)
			}
			return e.analyze(cmd.Context(), args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&e.cfg.Format, "format", "f", e.cfg.Format, "report format: json, md or html (env TRIANGULATE_FORMAT)")
	f.StringVarP(&e.cfg.Out, "out", "o", "", "write the report to this file instead of stdout")
	f.IntVar(&e.cfg.Workers, "workers", e.cfg.Workers, "extraction goroutines, 0 for one per CPU (env TRIANGULATE_WORKERS)")
	f.BoolVar(&e.cfg.AllowPrivate, "allow-private", false, "allow fetching URLs on loopback, private and link-local addresses (refused by default)")
	f.Int64Var(&e.cfg.MaxDocBytes, "max-doc-bytes", e.cfg.MaxDocBytes, "largest document accepted, 0 for the default of 16 MiB (env TRIANGULATE_MAX_DOC_BYTES)")
	e.copyWindowFlag(cmd)
	return cmd
}

// analyze reads every input, runs the pipeline and writes the report.
// Failing inputs are reported one line each and do not stop the run.
func (e *env) analyze(ctx context.Context, args []string) error {
	t0 := time.Now()
	failed := 0
	fail := func(err error) {
		failed++
		fmt.Fprintf(e.stderr, "analyze: %v\n", err)
	}
	docs := e.readInputs(ctx, args, fail)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}

	bar := e.progress(len(docs), "extracting")
	cfg := e.pipelineConfig()
	if bar != nil {
		cfg.Progress = func() { _ = bar.Add(1) }
	}
	rep, errs, err := pipeline.Analyze(ctx, docs, cfg)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}
	for _, err := range errs {
		fail(err)
	}
	e.log.Info("analysed", "docs", len(docs), "articles", len(rep.Articles), "failed", failed,
		"took_ms", time.Since(t0).Milliseconds())
	if len(rep.Articles) == 0 && failed == 0 {
		fmt.Fprintln(e.stderr, "analyze: no documents found in the inputs")
		failed++
	}
	if err := e.writeReport(rep); err != nil {
		return err
	}
	if failed > 0 {
		return errSomeFailed
	}
	return nil
}

// readInputs expands the arguments and reads every document, reporting
// problems through fail. URLs and feeds are fetched (refusing private
// addresses unless --allow-private); WARC files are told by content.
func (e *env) readInputs(ctx context.Context, args []string, fail func(error)) []news.RawDoc {
	var docs []news.RawDoc
	emit := func(d news.RawDoc) error {
		docs = append(docs, d)
		return nil
	}
	var paths, urls []string
	for _, a := range args {
		if fetch.IsURL(a) {
			urls = append(urls, a)
		} else {
			paths = append(paths, a)
		}
	}
	var inputs []string
	if len(paths) > 0 {
		var errs []error
		inputs, errs = ingest.Expand(paths)
		for _, err := range errs {
			fail(err)
		}
	}
	opts := ingest.Options{MaxDocBytes: e.cfg.MaxDocBytes}
	bar := e.progress(len(inputs)+len(urls), "reading")
	if len(urls) > 0 {
		f := fetch.New(fetch.Options{AllowPrivate: e.cfg.AllowPrivate, MaxBytes: e.cfg.MaxDocBytes, UserAgent: fetch.UserAgent(Version)})
		for _, u := range urls {
			if ctx.Err() != nil {
				break
			}
			if err := f.Fetch(ctx, u, emit, fail); err != nil {
				fail(err)
			}
			if bar != nil {
				_ = bar.Add(1)
			}
		}
	}
	for _, in := range inputs {
		if ctx.Err() != nil {
			break
		}
		var err error
		if isWARC(in) {
			err = fetch.ReadWARC(ctx, in, fetch.Options{MaxBytes: e.cfg.MaxDocBytes}, emit, fail)
		} else {
			err = ingest.ReadInput(ctx, in, e.stdin, opts, emit, fail)
		}
		if err != nil {
			fail(err)
		}
		if bar != nil {
			_ = bar.Add(1)
		}
	}
	if bar != nil {
		_ = bar.Finish()
	}
	return docs
}

// progress returns a progress bar on stderr when it is a terminal and the
// run is long enough to want one; nil otherwise.
func (e *env) progress(n int, what string) *progressbar.ProgressBar {
	f, ok := e.stderr.(*os.File)
	if e.cfg.Quiet || !ok || n < 2 || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond),
	)
}

// writeReport renders the report to --out or stdout. A file is written
// beside its destination and renamed into place, so a failed run never
// leaves half a report where a good one was.
func (e *env) writeReport(rep *news.Report) error {
	if e.cfg.Out == "" || e.cfg.Out == "-" {
		return report.Write(e.stdout, rep, e.cfg.Format)
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, rep, e.cfg.Format); err != nil {
		return err
	}
	return writeFileAtomic(e.cfg.Out, &buf)
}

func writeFileAtomic(path string, r io.Reader) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	// CreateTemp makes the file private; a report is an ordinary file.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// isWARC tells a WARC archive by its content; stdin is never one (it can
// be read only once, and JSON Lines or a page is what a pipe carries).
func isWARC(input string) bool {
	if input == ingest.Stdin {
		return false
	}
	ok, _ := fetch.IsWARC(input)
	return ok
}
