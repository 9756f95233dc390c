package summary

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/eval"
	"github.com/triangulate/triangulate/internal/news"
)

// devFile is the Multi-News dev sample beside the repository.
func devFile(t testing.TB) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "bench", "summaries", "multi_news_longbench_dev.jsonl")
	if _, err := os.Stat(p); err != nil {
		t.Skip("../shared/bench/summaries not present")
	}
	return p
}

// TestTuneDev prints dev ROUGE for the method with the knobs given in
// TRIANGULATE_TUNE ("posTau=4,lenExp=0.6"; "1" for the defaults) and for
// the two baselines. It is a tuning aid, off by default.
func TestTuneDev(t *testing.T) {
	spec := os.Getenv("TRIANGULATE_TUNE")
	if spec == "" {
		t.Skip("set TRIANGULATE_TUNE to run the dev tuning aid")
	}
	path := devFile(t)
	recs, err := eval.ReadMultiNews(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	p := defaults
	words := 250
	for _, kv := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s: %v", kv, err)
		}
		switch k {
		case "posTau":
			p.posTau = f
		case "posPrior":
			p.posPrior = f
		case "uniW":
			p.uniW = f
		case "lenExp":
			p.lenExp = f
		case "maxSim":
			p.maxSim = f
		case "corrob":
			p.corrob = f
		case "simCorr":
			p.simCorr = f
		case "sharpen":
			p.sharpen = f
		case "minWords":
			p.minWords = f
		case "pronoun":
			p.pronoun = f
		case "words":
			words = int(f)
		default:
			t.Fatalf("unknown knob %q", k)
		}
	}
	systems := []struct {
		name string
		fn   func([]news.Article) []news.SummarySentence
	}{
		{"system", func(a []news.Article) []news.SummarySentence { return summarize(a, nil, Options{Words: words}, p) }},
	}
	if os.Getenv("TRIANGULATE_TUNE_BASELINES") != "" {
		systems = append(systems,
			struct {
				name string
				fn   func([]news.Article) []news.SummarySentence
			}{"lead", func(a []news.Article) []news.SummarySentence { return Lead(a, 250) }},
			struct {
				name string
				fn   func([]news.Article) []news.SummarySentence
			}{"lexrank", func(a []news.Article) []news.SummarySentence { return LexRank(a, 250) }})
	}
	// Changes are kept only when they help on both halves (odd and even
	// records), so a knob is not fitted to one file's accidents.
	var halves [2][]eval.MultiNewsRecord
	for i, r := range recs {
		halves[i%2] = append(halves[i%2], r)
	}
	for _, s := range systems {
		res, err := eval.ScoreSummaries(context.Background(), recs, 250, s.fn)
		if err != nil {
			t.Fatal(err)
		}
		var h [2]*eval.SummariesResult
		for k := range halves {
			if h[k], err = eval.ScoreSummaries(context.Background(), halves[k], 250, s.fn); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%-8s %+v R1 %.4f R2 %.4f RL %.4f cit %.3f | odd R1 %.4f R2 %.4f | even R1 %.4f R2 %.4f",
			s.name, p, res.Rouge1F, res.Rouge2F, res.RougeLF, res.CitationValidity,
			h[0].Rouge1F, h[0].Rouge2F, h[1].Rouge1F, h[1].Rouge2F)
	}
}

// TestDevFloor guards the dev figures against regressions: the method
// must stay clearly above both baselines, with every citation valid.
func TestDevFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the Multi-News dev file")
	}
	recs, err := eval.ReadMultiNews(context.Background(), devFile(t))
	if err != nil {
		t.Fatal(err)
	}
	sys, err := eval.ScoreSummaries(context.Background(), recs, 250, func(a []news.Article) []news.SummarySentence {
		return Summarize(a, nil, Options{})
	})
	if err != nil {
		t.Fatal(err)
	}
	lex, err := eval.ScoreSummaries(context.Background(), recs, 250, func(a []news.Article) []news.SummarySentence {
		return LexRank(a, 250)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("system R1 %.4f R2 %.4f; LexRank R1 %.4f R2 %.4f", sys.Rouge1F, sys.Rouge2F, lex.Rouge1F, lex.Rouge2F)
	if sys.CitationValidity != 1 || lex.CitationValidity != 1 {
		t.Errorf("citation validity %.3f (LexRank %.3f), want 1", sys.CitationValidity, lex.CitationValidity)
	}
	if sys.Rouge1F < lex.Rouge1F+0.015 || sys.Rouge2F < 0.15 {
		t.Errorf("system R1 %.4f R2 %.4f not clearly above LexRank R1 %.4f", sys.Rouge1F, sys.Rouge2F, lex.Rouge1F)
	}
}
