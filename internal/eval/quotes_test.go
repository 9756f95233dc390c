package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/quote"
)

// writePolNeAR writes a one-article split in PolNeAR's layout.
func writePolNeAR(t *testing.T, txt string, anns map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"text", "attributions"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "text", "nyt_2016-01-01_x.txt"), []byte(txt), 0o644); err != nil {
		t.Fatal(err)
	}
	for annotator, body := range anns {
		p := filepath.Join(dir, "attributions", "nyt_2016-01-01_x_"+annotator+".ann")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestQuotesScoring(t *testing.T) {
	// "É" is two bytes: gold offsets are code points and must be converted.
	const txt = "Élan.\n\nKirby said Russia was deepening ties. “We are concerned,” she said."
	b := func(s string) int { // byte offset of s in txt
		for i := range txt {
			if len(txt)-i >= len(s) && txt[i:i+len(s)] == s {
				return i
			}
		}
		t.Fatalf("%q not in text", s)
		return 0
	}
	// Code point offsets: one less than bytes after "É".
	const ann = "T1\tSource 7 12\tKirby\n" +
		"T2\tCue 13 17\tsaid\n" +
		"T3\tContent 18 43\tRussia was deepening ties\n" +
		"T4\tAttribution 13 17\tsaid\n" +
		"E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n" +
		"T5\tContent 46 52;53 62\tWe are concerned\n" +
		"T6\tCue 69 73\tsaid\n" +
		"T7\tAttribution-no-source 69 73\tsaid\n" +
		"E2\tAttribution-no-source:T7 Cue:T6 Content:T5\n" +
		"T8\tDiscuss 0 4\tÉlan\n"
	dir := writePolNeAR(t, txt, map[string]string{"a000": ann, "b111": "garbage that is never read\n"})
	kirby, russia := b("Kirby"), b("Russia")
	concerned := b("We are")
	tests := []struct {
		name            string
		pred            []QuoteSpan
		p, r, f1, spAcc float64
	}{
		{"none", nil, 0, 0, 0, 0},
		{"exact with speaker", []QuoteSpan{{russia, russia + 25, kirby, kirby + 5}}, 1, 0.5, 2.0 / 3, 1},
		{"half overlap counts", []QuoteSpan{{russia + 11, russia + 28, -1, -1}}, 1, 0.5, 2.0 / 3, 0},
		{"under half does not", []QuoteSpan{{0, russia + 5, -1, -1}}, 0, 0, 0, 0},
		{"one prediction may match two gold contents", []QuoteSpan{{russia, concerned + 16, kirby, kirby + 5}}, 1, 1, 1, 1},
		{"no-source gold is not speaker-scored", []QuoteSpan{{concerned, concerned + 16, 0, 3}}, 1, 0.5, 2.0 / 3, 0},
		{"both plus a false one", []QuoteSpan{
			{russia, russia + 25, kirby, kirby + 5},
			{concerned, concerned + 16, -1, -1},
			{0, 4, -1, -1},
		}, 2.0 / 3, 1, 0.8, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Quotes(context.Background(), dir, func(string) []QuoteSpan { return tt.pred })
			if err != nil {
				t.Fatal(err)
			}
			if res.Gold != 2 || res.Items != 1 {
				t.Fatalf("gold %d items %d, want 2 and 1 (first annotator only)", res.Gold, res.Items)
			}
			if !nearQ(res.ContentPrecision, tt.p) || !nearQ(res.ContentRecall, tt.r) || !nearQ(res.ContentF1, tt.f1) || !nearQ(res.SpeakerAccuracy, tt.spAcc) {
				t.Errorf("P %.3f R %.3f F1 %.3f speaker %.3f; want %.3f %.3f %.3f %.3f",
					res.ContentPrecision, res.ContentRecall, res.ContentF1, res.SpeakerAccuracy, tt.p, tt.r, tt.f1, tt.spAcc)
			}
		})
	}
}

func nearQ(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestQuotesErrors(t *testing.T) {
	ctx := context.Background()
	none := func(string) []QuoteSpan { return nil }
	if _, err := Quotes(ctx, t.TempDir(), none); err == nil {
		t.Error("empty folder: no error")
	}
	bad := writePolNeAR(t, "short", map[string]string{"a": "T1\tContent 0 99\tx\nE1\tContent:T1\n"})
	if _, err := Quotes(ctx, bad, none); err == nil {
		t.Error("offsets beyond the text: no error")
	}
	ok := writePolNeAR(t, "text here", map[string]string{"a": ""})
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Quotes(cctx, ok, none); err == nil {
		t.Error("cancelled context: no error")
	}
}

// TestQuotesPolNeAR scores the real extractor on a PolNeAR split named by
// TRIANGULATE_EVAL_QUOTES (train or dev); it is slow, so opt-in.
func TestQuotesPolNeAR(t *testing.T) {
	split := os.Getenv("TRIANGULATE_EVAL_QUOTES")
	if split == "" {
		t.Skip("set TRIANGULATE_EVAL_QUOTES=train|dev to score the extractor on PolNeAR")
	}
	dir := filepath.Join("..", "..", "..", "shared", "bench", "quotes", split)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no PolNeAR split at %s", dir)
	}
	m, err := ner.Load()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Quotes(context.Background(), dir, func(txt string) []QuoteSpan {
		var out []QuoteSpan
		for _, f := range quote.Extract(txt, m.Entities(txt)) {
			out = append(out, QuoteSpan{Start: f.Start, End: f.End, SourceStart: f.SourceStart, SourceEnd: f.SourceEnd})
		}
		return out
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: content P %.3f R %.3f F1 %.3f; speaker accuracy %.3f (%d/%d); gold %d predicted %d items %d",
		split, res.ContentPrecision, res.ContentRecall, res.ContentF1, res.SpeakerAccuracy,
		res.SpeakerCorrect, res.SpeakerScored, res.Gold, res.Predicted, res.Items)
}

// TestQuotesErrorAnalysis prints, for the PolNeAR split named by
// TRIANGULATE_QUOTE_ERRORS (train or dev; never test), every matched quote
// whose speaker is wrong and, with TRIANGULATE_QUOTE_MISSES set, every gold
// content no prediction found. It is a development aid, so opt-in:
//
//	TRIANGULATE_QUOTE_ERRORS=train go test -run ErrorAnalysis -v ./internal/eval > /tmp/errs.txt
func TestQuotesErrorAnalysis(t *testing.T) {
	split := os.Getenv("TRIANGULATE_QUOTE_ERRORS")
	if split == "" {
		t.Skip("set TRIANGULATE_QUOTE_ERRORS=train to print the extractor's mismatches on PolNeAR")
	}
	if split != "train" && split != "dev" {
		t.Fatalf("TRIANGULATE_QUOTE_ERRORS=%q: only train or dev (the test split is held out)", split)
	}
	dir := filepath.Join("..", "..", "..", "shared", "bench", "quotes", split)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no PolNeAR split at %s", dir)
	}
	m, err := ner.Load()
	if err != nil {
		t.Fatal(err)
	}
	misses := os.Getenv("TRIANGULATE_QUOTE_MISSES") != ""
	clip := func(s string, n int) string {
		s = strings.Join(strings.Fields(s), " ")
		if len(s) > n {
			for n > 0 && !utf8.RuneStart(s[n]) {
				n--
			}
			return s[:n] + "…"
		}
		return s
	}
	spans := func(txt string, bs []byteSpan) string {
		var parts []string
		for _, b := range bs {
			parts = append(parts, txt[b.start:b.end])
		}
		return strings.Join(parts, " … ")
	}
	res := &QuotesResult{}
	err = eachPolNeAR(context.Background(), dir, func(name, txt string, gold []goldAttribution) {
		found := quote.Extract(txt, m.Entities(txt))
		pred := make([]QuoteSpan, len(found))
		for i, f := range found {
			pred[i] = QuoteSpan{Start: f.Start, End: f.End, SourceStart: f.SourceStart, SourceEnd: f.SourceEnd}
		}
		i := 0
		scoreQuotes(res, gold, pred, func(p QuoteSpan, o quoteOutcome) {
			f := found[i]
			i++
			if o.gold < 0 || !o.scored || o.speakerOK {
				return
			}
			g := gold[o.gold]
			got := "-"
			if p.SourceStart >= 0 {
				got = txt[p.SourceStart:p.SourceEnd]
			}
			// The context runs from the gold source or the quote, whichever
			// comes first, to the end of the later.
			lo, hi := p.Start, p.End
			for _, s := range append(g.source, g.cue...) {
				lo, hi = min(lo, s.start), max(hi, s.end)
			}
			if p.SourceStart >= 0 {
				lo, hi = min(lo, p.SourceStart), max(hi, p.SourceEnd)
			}
			t.Logf("SPK %s direct=%v cue=%q pred=%q gold=%q goldcue=%q\n    quote: %s\n    ctx: %s",
				name, f.Direct, f.Cue, got, spans(txt, g.source), spans(txt, g.cue),
				clip(f.Text, 100), clip(txt[max(0, lo-80):min(len(txt), hi+40)], 400))
		})
		if !misses {
			return
		}
		for _, g := range gold {
			hit := false
			for _, p := range pred {
				ov, glen := 0, 0
				for _, c := range g.content {
					ov += overlap(p.Start, p.End, c.start, c.end)
					glen += c.end - c.start
				}
				if sh := min(p.End-p.Start, glen); sh > 0 && 2*ov >= sh {
					hit = true
					break
				}
			}
			if !hit {
				t.Logf("MISS %s source=%q cue=%q content=%s", name, spans(txt, g.source), spans(txt, g.cue), clip(spans(txt, g.content), 160))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: speaker %d/%d, matched %d of %d predicted, gold %d", split, res.SpeakerCorrect, res.SpeakerScored, res.Matched, res.Predicted, res.Gold)
}
