package eval

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const conllSample = `-DOCSTART- O

John B-PER
Kirby I-PER
visited O
Kyiv B-LOC
. O

Shahed-136 B-MISC
drones O
hit O
Odesa B-LOC
and O
NATO B-ORG
said O
so O
. O
`

func TestReadCoNLL(t *testing.T) {
	sents, err := ReadCoNLL(strings.NewReader(conllSample))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 || len(sents[0].Tokens) != 5 || sents[1].Tags[0] != "B-MISC" {
		t.Fatalf("ReadCoNLL: got %+v", sents)
	}
	if _, err := ReadCoNLL(strings.NewReader("word\n")); err == nil {
		t.Error("ReadCoNLL accepted a line without a tag")
	}
	if _, err := ReadCoNLL(strings.NewReader("word X-PER\n")); err == nil {
		t.Error("ReadCoNLL accepted a bad tag")
	}
}

func TestScoreNER(t *testing.T) {
	sents, err := ReadCoNLL(strings.NewReader(conllSample))
	if err != nil {
		t.Fatal(err)
	}
	// Predictions in our types: the person and Kyiv right (GPE → LOC),
	// the weapon right (WEAPON → MISC), Odesa missed, NATO typed wrong.
	pred := map[string][]string{
		"John":       {"B-PERSON", "I-PERSON", "O", "B-GPE", "O"},
		"Shahed-136": {"B-WEAPON", "O", "O", "O", "O", "B-PERSON", "O", "O", "O"},
	}
	res, err := ScoreNER(context.Background(), sents, func(toks []string) []string { return pred[toks[0]] })
	if err != nil {
		t.Fatal(err)
	}
	// gold 5 mentions, predicted 4, correct 3.
	tests := []struct {
		name      string
		got, want float64
	}{
		{"precision", res.Precision, 3.0 / 4},
		{"recall", res.Recall, 3.0 / 5},
		{"f1", res.F1, 2 * (0.75 * 0.6) / (0.75 + 0.6)},
		{"PER f1", res.PerType["PER"].F1, 2.0 / 3}, // 1 right of 1 gold, 2 predicted
		{"LOC recall", res.PerType["LOC"].Recall, 0.5},
		{"ORG recall", res.PerType["ORG"].Recall, 0},
		{"MISC f1", res.PerType["MISC"].F1, 1},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-9 {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if res.Scheme != "conll" {
		t.Errorf("scheme = %q, want conll", res.Scheme)
	}
	if _, err := ScoreNER(context.Background(), sents, func([]string) []string { return nil }); err == nil {
		t.Error("ScoreNER accepted a tagger returning too few tags")
	}
}

func TestSpansAndSchemes(t *testing.T) {
	tests := []struct {
		tags   []string
		rename map[string]string
		want   int
	}{
		{[]string{"I-LOC", "I-LOC", "O", "I-PER"}, nil, 2}, // IO tags
		{[]string{"B-LOC", "B-LOC"}, nil, 2},
		{[]string{"B-Temporal", "I-Temporal", "B-Person"}, re3dScheme.gold, 1},
		{[]string{"B-MilitaryPlatform"}, re3dScheme.gold, 1},
	}
	for _, tt := range tests {
		if got := spans(tt.tags, tt.rename); len(got) != tt.want {
			t.Errorf("spans(%v) = %v, want %d", tt.tags, got, tt.want)
		}
	}
	re3d := []NERSentence{{Tokens: []string{"a"}, Tags: []string{"B-Organisation"}}}
	if got := detectScheme(re3d).name; got != "re3d" {
		t.Errorf("detectScheme(re3d) = %s", got)
	}
}

// TestNERBench runs NER over the shared benchmark files with a tagger that
// tags nothing: it checks the files parse and the counts add up.
func TestNERBench(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "bench", "ner")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared/bench/ner not found next to the repo")
	}
	for file, gold := range map[string]int{"wikigold_dev.conll": 833 + 777 + 779 + 515} {
		res, err := NER(context.Background(), filepath.Join(dir, file), func(toks []string) []string {
			out := make([]string, len(toks))
			for i := range out {
				out[i] = "O"
			}
			return out
		})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range res.PerType {
			n += x.Gold
		}
		if n != gold || res.F1 != 0 || res.Sentences != 1399 {
			t.Errorf("%s: %d gold mentions, %d sentences, f1 %v; want %d, 1399, 0", file, n, res.Sentences, res.F1, gold)
		}
	}
}

// TestNERDocs: the document tagger sees each document's sentences together,
// and its tags are scored against the right sentences.
func TestNERDocs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.conll")
	data := "-DOCSTART- O\n\nKirby B-PER\nspoke O\n\nin O\nKyiv B-LOC\n\n-DOCSTART- O\n\nPutin B-PER\n\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var docs []int
	res, err := NERDocs(context.Background(), path, func(sents [][]string) [][]string {
		docs = append(docs, len(sents))
		out := make([][]string, len(sents))
		for i, s := range sents {
			out[i] = make([]string, len(s))
			for j, w := range s {
				switch w {
				case "Kirby", "Putin":
					out[i][j] = "B-PERSON"
				case "Kyiv":
					out[i][j] = "B-GPE"
				default:
					out[i][j] = "O"
				}
			}
		}
		return out
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(docs) != "[2 1]" || res.F1 != 1 {
		t.Errorf("documents %v, F1 %.3f; want [2 1] and 1", docs, res.F1)
	}
}
