package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

// evalCmd groups the scorers against the ../shared/bench formats.
func (e *env) evalCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval TASK [--json] PATH",
		Short: "Score Triangulate against a benchmark",
		Long: `Score Triangulate against a benchmark in the format of ../shared/bench/<task>.
Prints a table, or with --json one JSON object on the last line.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("eval: name a task (see 'triangulate eval --help')")
			}
			return usagef("eval: unknown task %q", args[0])
		},
		RunE: func(*cobra.Command, []string) error { return nil },
	}
	cmd.PersistentFlags().BoolVar(&e.cfg.JSON, "json", false, "print one JSON object on the last line")
	cmd.AddCommand(e.evalTasks()...)
	return cmd
}

// onePath validates the single PATH argument of an eval task.
func onePath(task string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("eval %s: want exactly one PATH, got %d", task, len(args))
		}
		return nil
	}
}

// printResult writes a result as a two-column table, or as JSON on one
// line with --json.
func (e *env) printResult(w io.Writer, rows [][2]string, result any) error {
	if e.cfg.JSON {
		b, err := json.Marshal(result)
		if err != nil {
			return fmt.Errorf("eval: encode result: %w", err)
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", r[0], r[1])
	}
	return tw.Flush()
}
