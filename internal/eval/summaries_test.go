package eval_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/eval"
	"github.com/triangulate/triangulate/internal/news"
)

func TestPorterStem(t *testing.T) {
	// Pairs from Porter's published vocabulary/output lists, one or more
	// for every step and every rule family.
	tests := map[string]string{
		"caresses": "caress", "ponies": "poni", "ties": "ti", "caress": "caress", "cats": "cat",
		"feed": "feed", "agreed": "agre", "plastered": "plaster", "bled": "bled", "motoring": "motor",
		"sing": "sing", "conflated": "conflat", "troubled": "troubl", "sized": "size", "hopping": "hop",
		"tanned": "tan", "falling": "fall", "hissing": "hiss", "fizzed": "fizz", "failing": "fail",
		"filing": "file", "happy": "happi", "sky": "sky", "relational": "relat", "conditional": "condit",
		"rational": "ration", "valenci": "valenc", "digitizer": "digit", "conformabli": "conform",
		"radicalli": "radic", "differentli": "differ", "vileli": "vile", "analogousli": "analog",
		"vietnamization": "vietnam", "predication": "predic", "operator": "oper", "feudalism": "feudal",
		"decisiveness": "decis", "hopefulness": "hope", "callousness": "callous", "formaliti": "formal",
		"sensitiviti": "sensit", "sensibiliti": "sensibl", "triplicate": "triplic", "formative": "form",
		"formalize": "formal", "electriciti": "electr", "electrical": "electr", "hopeful": "hope",
		"goodness": "good", "revival": "reviv", "allowance": "allow", "inference": "infer",
		"airliner": "airlin", "gyroscopic": "gyroscop", "adjustable": "adjust", "defensible": "defens",
		"irritant": "irrit", "replacement": "replac", "adjustment": "adjust", "dependent": "depend",
		"adoption": "adopt", "homologou": "homolog", "communism": "commun", "activate": "activ",
		"angulariti": "angular", "homologous": "homolog", "effective": "effect", "bowdlerize": "bowdler",
		"probate": "probat", "rate": "rate", "cease": "ceas", "controll": "control", "roll": "roll",
		"generalizations": "gener", "oscillators": "oscil", "archaeology": "archaeolog", "today": "todai",
		"a": "a", "is": "is", "": "",
	}
	for in, want := range tests {
		if got := eval.PorterStem(in); got != want {
			t.Errorf("PorterStem(%q) = %q, want %q", in, got, want)
		}
	}
}

func sameF(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestRougeHandComputed(t *testing.T) {
	// system → the cat sat on the mat (6 tokens; "cats" stems to "cat")
	// reference → a cat sat on the mat todai (7 tokens; "today" → "todai")
	// ROUGE-1: the(min 2,1)+cat+sat+on+mat = 5 → P 5/6, R 5/7, F 10/13
	// ROUGE-2: cat sat, sat on, on the, the mat = 4 of 5 and 6 → F 8/11
	// ROUGE-L: LCS "cat sat on the mat" = 5 → F 10/13
	sys, ref := "The cats sat on the mat.", "A cat sat on the mat today."
	tests := []struct {
		name       string
		sys        string
		words      int
		r1, r2, rl float64
		p1         float64
	}{
		{"whole", sys, 250, 10.0 / 13, 8.0 / 11, 10.0 / 13, 5.0 / 6},
		// Cut at 3 words: "the cat sat" → 3 hits, P 1, R 3/7, F 0.6;
		// bigrams: only "cat sat" of 2 (ref has "a cat") → P 1/2, R 1/6,
		// F 0.25; LCS "cat sat" = 2 → P 2/3, R 2/7, F 0.4.
		{"cut at 3 words", sys, 3, 0.6, 0.25, 0.4, 1},
		// The same words in reverse (mat the on sat cat the): unigrams
		// unchanged, no bigram, LCS 2 ("on the") → P 2/6, R 2/7, F 4/13.
		{"reversed", "mat the on sat cats the", 0, 10.0 / 13, 0, 4.0 / 13, 5.0 / 6},
		// Punctuation is a separator and case is ignored.
		{"punctuation", "THE-CATS sat,on the   mat!!", 0, 10.0 / 13, 8.0 / 11, 10.0 / 13, 5.0 / 6},
		{"empty", "", 0, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := eval.Rouge(tt.sys, ref, tt.words)
			if !sameF(s.R1.F, tt.r1) || !sameF(s.R2.F, tt.r2) || !sameF(s.RL.F, tt.rl) || !sameF(s.R1.P, tt.p1) {
				t.Errorf("got R1 %+v R2 %+v RL %+v; want F %.4f %.4f %.4f, R1 P %.4f", s.R1, s.R2, s.RL, tt.r1, tt.r2, tt.rl, tt.p1)
			}
		})
	}
}

func TestRougeTokens(t *testing.T) {
	got := strings.Join(eval.RougeTokens("U.S.-led strikes hit Kyiv's 3 power-stations"), " ")
	want := "u s led strike hit kyiv s 3 power station"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCitationValid(t *testing.T) {
	arts := []news.Article{{ID: "a1", Text: "First one. Second sentence here."}}
	src := func(a string, s, e int) []news.SourceSpan { return []news.SourceSpan{{Article: a, Start: s, End: e}} }
	tests := []struct {
		name string
		s    news.SummarySentence
		want bool
	}{
		{"exact span", news.SummarySentence{Sentence: "Second sentence here.", Sources: src("a1", 11, 32)}, true},
		{"wider span", news.SummarySentence{Sentence: "First one.", Sources: src("a1", 0, 32)}, true},
		{"span misses a word", news.SummarySentence{Sentence: "Second sentence here.", Sources: src("a1", 11, 27)}, false},
		{"unknown article", news.SummarySentence{Sentence: "First one.", Sources: src("a9", 0, 10)}, false},
		{"out of range", news.SummarySentence{Sentence: "First one.", Sources: src("a1", 0, 99)}, false},
		{"no sources", news.SummarySentence{Sentence: "First one."}, false},
		{"one bad of two", news.SummarySentence{Sentence: "First one.", Sources: append(src("a1", 0, 10), src("a1", 11, 32)...)}, false},
	}
	for _, tt := range tests {
		if got := eval.CitationValid(arts, tt.s); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSummariesFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mn.jsonl")
	data := `{"id": "x", "articles": ["The cats sat on the mat. Nothing else.", "Dogs barked."], "reference": "A cat sat on the mat today."}

{"id": "y", "articles": ["The cats sat on the mat."], "reference": "A cat sat on the mat today."}
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	// The first sentence of the first article, cited correctly, and one
	// sentence cited wrongly: half of the citations are valid.
	first := func(arts []news.Article) []news.SummarySentence {
		a := arts[0]
		sp := a.Sentences[0]
		return []news.SummarySentence{
			{Sentence: a.Text[sp.Start:sp.End], Sources: []news.SourceSpan{{Article: a.ID, Start: sp.Start, End: sp.End}}},
			{Sentence: "Invented.", Sources: []news.SourceSpan{{Article: a.ID, Start: 0, End: 5}}},
		}
	}
	res, err := eval.Summaries(context.Background(), path, 6, first)
	if err != nil {
		t.Fatal(err)
	}
	if res.Clusters != 2 || res.Sentences != 4 || !sameF(res.CitationValidity, 0.5) {
		t.Errorf("clusters %d, sentences %d, validity %v", res.Clusters, res.Sentences, res.CitationValidity)
	}
	// The 6-word cut drops "Invented.", so both clusters score the hand
	// example's figures.
	if !sameF(res.Rouge1F, 10.0/13) || !sameF(res.Rouge2F, 8.0/11) || !sameF(res.RougeLF, 10.0/13) {
		t.Errorf("rouge %+v", res)
	}

	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"id\": 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{bad, filepath.Join(dir, "missing.jsonl")} {
		if _, err := eval.Summaries(context.Background(), p, 250, first); err == nil {
			t.Errorf("%s: no error", p)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := eval.Summaries(ctx, path, 250, first); err == nil {
		t.Error("cancelled context: no error")
	}
}
