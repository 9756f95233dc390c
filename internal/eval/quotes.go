package eval

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// QuoteSpan is one predicted attribution: the content span and the span of
// its source (speaker) as byte offsets into the article text. SourceStart
// and SourceEnd are -1 when the extractor found no speaker.
type QuoteSpan struct {
	Start, End             int
	SourceStart, SourceEnd int
}

// QuotesResult is the score of a quote extractor on a PolNeAR split.
//
// A predicted quote is correct when it overlaps a gold content span by at
// least half of the shorter of the two (a discontinuous gold content counts
// its pieces together). Precision is the share of predicted quotes that
// match some gold content, recall the share of gold contents matched by some
// prediction (one prediction may match several gold contents, as a reported
// statement holding a nested attribution does). SpeakerAccuracy is measured
// over the matching predictions, each paired with the gold content it
// overlaps most, whose gold relation names a source: the share whose
// predicted speaker span overlaps the gold source span.
type QuotesResult struct {
	ContentF1        float64 `json:"content_f1"`
	ContentPrecision float64 `json:"content_precision"`
	ContentRecall    float64 `json:"content_recall"`
	SpeakerAccuracy  float64 `json:"speaker_accuracy"`
	Items            int     `json:"items"` // articles scored
	Gold             int     `json:"gold"`
	Predicted        int     `json:"predicted"`
	Matched          int     `json:"matched"`         // correct predictions
	GoldMatched      int     `json:"gold_matched"`    // gold contents matched by some prediction
	SpeakerScored    int     `json:"speaker_scored"`  // correct predictions with a gold source
	SpeakerCorrect   int     `json:"speaker_correct"` // of those, speaker spans overlapping
}

// goldAttribution is one PolNeAR relation in byte offsets.
type goldAttribution struct {
	content []byteSpan // pieces; Content2 is appended
	source  []byteSpan // empty for Attribution-no-source
	cue     []byteSpan
}

type byteSpan struct{ start, end int }

// Quotes scores extract on a PolNeAR split folder (text/*.txt and
// attributions/*.ann). Articles with several annotators are scored against
// the alphabetically first annotation file, as the benchmark's README
// suggests.
func Quotes(ctx context.Context, dir string, extract func(text string) []QuoteSpan) (*QuotesResult, error) {
	res := &QuotesResult{}
	err := eachPolNeAR(ctx, dir, func(_, txt string, gold []goldAttribution) {
		scoreQuotes(res, gold, extract(txt), nil)
		res.Items++
	})
	if err != nil {
		return nil, err
	}
	if res.Items == 0 {
		return nil, fmt.Errorf("quotes %s: no article has an attributions/*.ann file", dir)
	}
	res.ContentPrecision = ratio(res.Matched, res.Predicted)
	res.ContentRecall = ratio(res.GoldMatched, res.Gold)
	res.ContentF1 = harmonic(res.ContentPrecision, res.ContentRecall)
	res.SpeakerAccuracy = ratio(res.SpeakerCorrect, res.SpeakerScored)
	return res, nil
}

// eachPolNeAR calls fn with every article of a PolNeAR split that has an
// annotation file, with its gold attributions (from the alphabetically
// first annotator), in name order.
func eachPolNeAR(ctx context.Context, dir string, fn func(name, txt string, gold []goldAttribution)) error {
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return fmt.Errorf("quotes %s: %w", dir, err)
	}
	if len(texts) == 0 {
		return fmt.Errorf("quotes %s: no text/*.txt files", dir)
	}
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return fmt.Errorf("quotes %s: %w", dir, err)
	}
	sort.Strings(anns)
	annOf := map[string]string{} // article name → first annotation file
	for _, a := range anns {
		base := strings.TrimSuffix(filepath.Base(a), ".ann")
		i := strings.LastIndexByte(base, '_')
		if i < 0 {
			continue
		}
		if _, ok := annOf[base[:i]]; !ok {
			annOf[base[:i]] = a
		}
	}
	sort.Strings(texts)
	for _, tp := range texts {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("quotes %s: %w", dir, err)
		}
		name := strings.TrimSuffix(filepath.Base(tp), ".txt")
		ap, ok := annOf[name]
		if !ok {
			continue
		}
		b, err := os.ReadFile(tp)
		if err != nil {
			return fmt.Errorf("quotes: %w", err)
		}
		txt := string(b)
		gold, err := readPolNeAR(ap, txt)
		if err != nil {
			return err
		}
		fn(name, txt, gold)
	}
	return nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func harmonic(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// quoteOutcome is how one prediction fared: the gold attribution it was
// paired with (-1 for a false quote) and whether its speaker was scored and
// right. Error analysis reads it.
type quoteOutcome struct {
	gold              int
	scored, speakerOK bool
}

// scoreQuotes adds one article's counts to res and, when outcome is not
// nil, tells it how each prediction fared.
func scoreQuotes(res *QuotesResult, gold []goldAttribution, pred []QuoteSpan, outcome func(p QuoteSpan, o quoteOutcome)) {
	res.Gold += len(gold)
	res.Predicted += len(pred)
	hit := make([]bool, len(gold))
	for _, p := range pred {
		best, bestOv := -1, 0
		for i, g := range gold {
			ov, glen := 0, 0
			for _, c := range g.content {
				ov += overlap(p.Start, p.End, c.start, c.end)
				glen += c.end - c.start
			}
			shorter := min(p.End-p.Start, glen)
			if shorter <= 0 || 2*ov < shorter {
				continue
			}
			hit[i] = true
			if ov > bestOv {
				best, bestOv = i, ov
			}
		}
		o := quoteOutcome{gold: best}
		if best >= 0 {
			res.Matched++
			g := gold[best]
			o.scored = len(g.source) > 0
			if o.scored {
				res.SpeakerScored++
			}
			for _, s := range g.source {
				if p.SourceStart >= 0 && overlap(p.SourceStart, p.SourceEnd, s.start, s.end) > 0 {
					res.SpeakerCorrect++
					o.speakerOK = true
					break
				}
			}
		}
		if outcome != nil {
			outcome(p, o)
		}
	}
	for _, h := range hit {
		if h {
			res.GoldMatched++
		}
	}
}

func overlap(a, b, c, d int) int {
	return max(0, min(b, d)-max(a, c))
}

// readPolNeAR reads one brat standoff file and returns its attribution
// relations with offsets converted from code points to bytes of txt.
func readPolNeAR(path, txt string) ([]goldAttribution, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	defer f.Close()
	// byteAt[i] is the byte offset of code point i (and len(txt) at the end).
	byteAt := make([]int, 0, len(txt)+1)
	for i := range txt {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(txt))
	conv := func(cp int) (int, bool) {
		if cp < 0 || cp >= len(byteAt) {
			return 0, false
		}
		return byteAt[cp], true
	}
	spans := map[string][]byteSpan{}
	var rels [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 2 {
			continue
		}
		switch fields[0][0] {
		case 'T':
			// "Type start end;start end"
			_, offs, ok := strings.Cut(fields[1], " ")
			if !ok {
				return nil, fmt.Errorf("quotes: %s:%d: bad span line", path, n)
			}
			var pieces []byteSpan
			for _, p := range strings.Split(offs, ";") {
				a, b, ok := strings.Cut(strings.TrimSpace(p), " ")
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if !ok || err1 != nil || err2 != nil || e < s {
					return nil, fmt.Errorf("quotes: %s:%d: bad offsets %q", path, n, offs)
				}
				bs, ok1 := conv(s)
				be, ok2 := conv(e)
				if !ok1 || !ok2 {
					return nil, fmt.Errorf("quotes: %s:%d: offsets %q beyond the text (%d code points)", path, n, offs, utf8.RuneCountInString(txt))
				}
				pieces = append(pieces, byteSpan{bs, be})
			}
			spans[fields[0]] = pieces
		case 'E':
			rels = append(rels, strings.Fields(fields[1]))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("quotes: %s: %w", path, err)
	}
	var out []goldAttribution
	for _, r := range rels {
		var g goldAttribution
		for _, arg := range r {
			role, id, ok := strings.Cut(arg, ":")
			if !ok {
				continue
			}
			switch {
			case strings.HasPrefix(role, "Content"):
				g.content = append(g.content, spans[id]...)
			case role == "Source":
				g.source = append(g.source, spans[id]...)
			case role == "Cue":
				g.cue = append(g.cue, spans[id]...)
			}
		}
		if len(g.content) > 0 {
			out = append(out, g)
		}
	}
	return out, nil
}
