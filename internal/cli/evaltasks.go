package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/triangulate/triangulate/internal/cluster"
	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/eval"
	"github.com/triangulate/triangulate/internal/event"
	"github.com/triangulate/triangulate/internal/extract"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/quote"
	"github.com/triangulate/triangulate/internal/summary"
)

// evalTasks lists the eval subcommands; each scorer lives in internal/eval
// and is given the stage under test as a function.
func (e *env) evalTasks() []*cobra.Command {
	return []*cobra.Command{e.evalExtractionCmd(), e.evalNERCmd(), e.evalStoriesCmd(), e.evalSummariesCmd(), e.evalEventsCmd(), e.evalQuotesCmd()}
}

func f3(x float64) string { return fmt.Sprintf("%.3f", x) }

func (e *env) evalExtractionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "extraction [--json] DIR",
		Short: "Score body extraction on a folder of html/*.html.gz + ground-truth.json",
		Args:  onePath("extraction"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ex := extract.New(extract.Options{})
			res, err := eval.Extraction(cmd.Context(), args[0], ex.Extract)
			if err != nil {
				return fmt.Errorf("eval extraction: %w", err)
			}
			res.PerItem = nil // the table and the JSON line report the totals
			return e.printResult(e.stdout, [][2]string{
				{"items", fmt.Sprint(res.Items)}, {"failed", fmt.Sprint(res.Failed)},
				{"precision", f3(res.Precision)}, {"recall", f3(res.Recall)}, {"f1", f3(res.F1)},
			}, res)
		},
	}
}

func (e *env) evalNERCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "ner [--json] FILE.conll",
		Short: "Score the entity tagger on a CoNLL file (entity-level exact match)",
		Args:  onePath("ner"),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := ner.Load()
			if err != nil {
				return fmt.Errorf("eval ner: %w", err)
			}
			// Whole documents: the tagger's features read the rest of the
			// document, as they do when analysing an article.
			res, err := eval.NERDocs(cmd.Context(), args[0], m.TagDocument)
			if err != nil {
				return fmt.Errorf("eval ner: %w", err)
			}
			rows := [][2]string{{"scheme", res.Scheme}, {"sentences", fmt.Sprint(res.Sentences)},
				{"precision", f3(res.Precision)}, {"recall", f3(res.Recall)}, {"f1", f3(res.F1)}}
			types := make([]string, 0, len(res.PerType))
			for t := range res.PerType {
				types = append(types, t)
			}
			sort.Strings(types)
			for _, t := range types {
				r := res.PerType[t]
				rows = append(rows, [2]string{"  " + t, fmt.Sprintf("P %.3f  R %.3f  F1 %.3f  (gold %d)", r.Precision, r.Recall, r.F1, r.Gold)})
			}
			return e.printResult(e.stdout, rows, res)
		},
	}
}

func (e *env) evalStoriesCmd() *cobra.Command {
	var (
		topics   string
		baseline bool
	)
	cmd := &cobra.Command{
		Use:   "stories [--json] [--topics dev|LIST] [--baseline] DIR",
		Short: "Score story clustering on ECB+ (gold story = topic + seminal event)",
		Args:  onePath("stories"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var opts eval.StoriesOptions
			switch topics {
			case "", "all":
			case "dev":
				opts.Topics = eval.ECBPlusDevTopics
			default:
				opts.Topics = strings.Split(topics, ",")
			}
			fn := func(ctx context.Context, docs []news.Article) ([]news.Story, error) {
				return cluster.Cluster(ctx, docs, cluster.Options{})
			}
			if baseline {
				fn = eval.Baseline(eval.BaselineDistance)
			}
			res, err := eval.StoriesWith(cmd.Context(), args[0], opts, fn)
			if err != nil {
				return fmt.Errorf("eval stories: %w", err)
			}
			return e.printResult(e.stdout, [][2]string{
				{"docs", fmt.Sprint(res.Docs)}, {"clusters", fmt.Sprint(res.Clusters)}, {"gold clusters", fmt.Sprint(res.GoldClusters)},
				{"b3 precision", f3(res.B3Precision)}, {"b3 recall", f3(res.B3Recall)}, {"b3 f1", f3(res.B3F1)},
				{"pairwise f1", f3(res.PairwiseF1)},
			}, res)
		},
	}
	cmd.Flags().StringVar(&topics, "topics", "", `restrict to topic folders: "dev" (2,5,12,18,21,23,34,35) or a comma list`)
	cmd.Flags().BoolVar(&baseline, "baseline", false, "score the TF-IDF average-linkage reference line instead of the clusterer")
	return cmd
}

func (e *env) evalSummariesCmd() *cobra.Command {
	var (
		words  int
		system string
	)
	cmd := &cobra.Command{
		Use:   "summaries [--json] [--words N] [--system ours|lead|lexrank] FILE.jsonl",
		Short: "Score the cited summary on Multi-News records (ROUGE-1/2/L, citation validity)",
		Args:  onePath("summaries"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var fn func([]news.Article) []news.SummarySentence
			switch system {
			case "ours", "":
				fn = func(a []news.Article) []news.SummarySentence {
					return summary.Summarize(a, nil, summary.Options{Words: words})
				}
			case "lead":
				fn = func(a []news.Article) []news.SummarySentence { return summary.Lead(a, words) }
			case "lexrank":
				fn = func(a []news.Article) []news.SummarySentence { return summary.LexRank(a, words) }
			default:
				return usagef("eval summaries: unknown --system %q (want ours, lead or lexrank)", system)
			}
			res, err := eval.Summaries(cmd.Context(), args[0], words, fn)
			if err != nil {
				return fmt.Errorf("eval summaries: %w", err)
			}
			return e.printResult(e.stdout, [][2]string{
				{"system", system}, {"clusters", fmt.Sprint(res.Clusters)},
				{"rouge1_f", f3(res.Rouge1F)}, {"rouge2_f", f3(res.Rouge2F)}, {"rougeL_f", f3(res.RougeLF)},
				{"citation_validity", f3(res.CitationValidity)},
			}, res)
		},
	}
	cmd.Flags().IntVar(&words, "words", 250, "cut each summary at this many words")
	cmd.Flags().StringVar(&system, "system", "ours", "which summariser: ours, or the lead / lexrank baselines")
	return cmd
}

func (e *env) evalEventsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "events [--json] FILE.jsonl",
		Short: "Score PLOVER event coding on gold records (category, actor, target accuracy)",
		Args:  onePath("events"),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := ner.Load()
			if err != nil {
				return fmt.Errorf("eval events: %w", err)
			}
			res, err := eval.Events(cmd.Context(), args[0], func(s string) (string, string, string) {
				return event.Classify(s, m.Entities(s))
			})
			if err != nil {
				return fmt.Errorf("eval events: %w", err)
			}
			return e.printResult(e.stdout, [][2]string{
				{"records", fmt.Sprint(res.Records)}, {"category_accuracy", f3(res.CategoryAccuracy)},
				{"actor_accuracy", f3(res.ActorAccuracy)}, {"target_accuracy", f3(res.TargetAccuracy)},
			}, res)
		},
	}
}

func (e *env) evalQuotesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "quotes [--json] DIR",
		Short: "Score quote and speaker extraction on a PolNeAR split (text/ + attributions/)",
		Args:  onePath("quotes"),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := ner.Load()
			if err != nil {
				return fmt.Errorf("eval quotes: %w", err)
			}
			res, err := eval.Quotes(cmd.Context(), args[0], func(txt string) []eval.QuoteSpan {
				var out []eval.QuoteSpan
				for _, f := range quote.Extract(txt, m.Entities(txt)) {
					out = append(out, eval.QuoteSpan{Start: f.Start, End: f.End, SourceStart: f.SourceStart, SourceEnd: f.SourceEnd})
				}
				return out
			})
			if err != nil {
				return fmt.Errorf("eval quotes: %w", err)
			}
			return e.printResult(e.stdout, [][2]string{
				{"items", fmt.Sprint(res.Items)}, {"content_precision", f3(res.ContentPrecision)},
				{"content_recall", f3(res.ContentRecall)}, {"content_f1", f3(res.ContentF1)},
				{"speaker_accuracy", f3(res.SpeakerAccuracy)},
			}, res)
		},
	}
}
