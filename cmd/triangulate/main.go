// Command triangulate turns a pile of news reports into the situation they
// describe. All behaviour lives in internal/cli; this file only wires the
// process to it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/triangulate/triangulate/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
