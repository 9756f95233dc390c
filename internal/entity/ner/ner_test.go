package ner

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSpans(t *testing.T) {
	tests := []struct {
		tags []string
		want []Span
	}{
		{[]string{"B-PERSON", "I-PERSON", "O", "B-GPE"}, []Span{{0, 2, "PERSON"}, {3, 4, "GPE"}}},
		{[]string{"I-ORG", "I-ORG", "B-ORG"}, []Span{{0, 2, "ORG"}, {2, 3, "ORG"}}},
		{[]string{"B-GPE", "I-LOC"}, []Span{{0, 1, "GPE"}, {1, 2, "LOC"}}},
		{[]string{"O", "O"}, nil},
	}
	for _, tt := range tests {
		if got := Spans(tt.tags); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Spans(%v) = %v, want %v", tt.tags, got, tt.want)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Iran's Shahed-136 drones", []string{"Iran", "'s", "Shahed-136", "drones"}},
		{"the U.S. and Mr. Kirby.", []string{"the", "U.S.", "and", "Mr.", "Kirby", "."}},
		{"1,000 km, not 3.5", []string{"1,000", "km", ",", "not", "3.5"}},
		{"Rostov-on-Don - Kyiv", []string{"Rostov-on-Don", "-", "Kyiv"}},
		{"Russia’s war", []string{"Russia", "’s", "war"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range Tokens(tt.in) {
			got = append(got, tt.in[tok.Start:tok.End])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShape(t *testing.T) {
	for in, want := range map[string]string{"Shahed-136": "Xx-d", "U.S.": "X.X.", "NATO": "X", "McCain": "XxXx", "élan": "x"} {
		if got := shape(in); got != want {
			t.Errorf("shape(%q) = %q, want %q", in, got, want)
		}
	}
}

// tiny is enough data for the perceptron to learn that capitalised words
// after "President" are people and "Ruritania" is a place.
var tiny = []Sentence{
	{strings.Fields("President Smith visited Ruritania ."), strings.Fields("O B-PERSON O B-GPE O")},
	{strings.Fields("President Jones left Ruritania today ."), strings.Fields("O B-PERSON O B-GPE O O")},
	{strings.Fields("the army of Ruritania said ."), strings.Fields("O O O B-GPE O O")},
	{strings.Fields("President Brown and Jane Brown met ."), strings.Fields("O B-PERSON O B-PERSON I-PERSON O O")},
}

func TestTrainWriteRead(t *testing.T) {
	m, err := Train(context.Background(), tiny, TrainOptions{Epochs: 8, MinCount: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range tiny {
		if got := m.Tag(s.Tokens); !reflect.DeepEqual(got, s.Tags) {
			t.Errorf("trained model tags %v as %v, want %v", s.Tokens, got, s.Tags)
		}
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range tiny {
		if got, want := m2.Tag(s.Tokens), m.Tag(s.Tokens); !reflect.DeepEqual(got, want) {
			t.Errorf("after a round trip %v is tagged %v, want %v", s.Tokens, got, want)
		}
	}
	if _, err := Read(strings.NewReader("not a model")); err == nil {
		t.Error("Read accepted garbage")
	}
	if _, err := Train(context.Background(), []Sentence{{[]string{"a"}, []string{"B-NOPE"}}}, TrainOptions{}); err == nil {
		t.Error("Train accepted an unknown tag")
	}
}

func TestViterbiIsBIOLegal(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Skip("no embedded model:", err)
	}
	for _, s := range []string{"", "of the", "I-ORG starts nothing", "Washington"} {
		tags := m.Tag(strings.Fields(s))
		prev := "O"
		for _, tag := range tags {
			if strings.HasPrefix(tag, "I-") && prev[2:] != tag[2:] && prev == "O" {
				t.Errorf("%q: illegal %s after %s", s, tag, prev)
			}
			prev = tag
		}
	}
}

func TestEntities(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Skip("no embedded model:", err)
	}
	text := "White House spokesperson John Kirby said Iran had sent Shahed-136 drones to Russia, which calls them Geran-2.\n" +
		"Ukrainian President Volodymyr Zelenskyy spoke in Kyiv on Monday about the Su-35 jets.\n" +
		"Russia has used up its SS-26 Islander missiles."
	want := map[string]string{
		"John Kirby": "PERSON", "Iran": "GPE", "Shahed-136": "WEAPON", "Russia": "GPE",
		"Geran-2": "WEAPON", "Volodymyr Zelenskyy": "PERSON", "Kyiv": "GPE", "Su-35": "WEAPON",
		"SS-26 Islander": "WEAPON", // the reporting name joins the designation
	}
	got := map[string]string{}
	for _, mn := range m.Entities(text) {
		if text[mn.Start:mn.End] != mn.Text {
			t.Errorf("mention %+v: offsets do not cover its text", mn)
		}
		got[mn.Text] = mn.Type
	}
	for name, typ := range want {
		if got[name] != typ {
			t.Errorf("%s: got type %q, want %s (all: %v)", name, got[name], typ, got)
		}
	}
}

func TestSeeds(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Skip("no embedded model:", err)
	}
	files, _ := filepath.Glob("../../../examples/iran-russia/*.txt")
	if len(files) == 0 {
		t.Skip("examples/iran-russia not found")
	}
	found := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, mn := range m.Entities(string(b)) {
			for _, w := range strings.Fields(mn.Text) {
				found[strings.Trim(w, "'’s")] = true
			}
			found[mn.Text] = true
		}
	}
	for _, name := range []string{"Kirby", "Putin", "Biden", "Tehran", "Kyiv", "Shahed-136", "Su-35", "SS-26"} {
		if !found[name] {
			t.Errorf("seeds: %s not found as (part of) a mention", name)
		}
	}
}

func BenchmarkTag(b *testing.B) {
	m, err := Load()
	if err != nil {
		b.Skip("no embedded model:", err)
	}
	sent := strings.Fields("White House National Security Council spokesperson John Kirby said on Friday that Iran had supplied hundreds of Shahed-136 drones to Russia , which has used them against Ukraine 's energy infrastructure in Kyiv and Odesa .")
	c0, cpuOK := cpuTime()
	for b.Loop() {
		m.Tag(sent)
	}
	b.ReportMetric(float64(b.N*len(sent))/b.Elapsed().Seconds(), "tokens/s")
	if c1, ok := cpuTime(); ok && cpuOK {
		b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkEntities tags the seed articles: running text, where the
// features vary from token to token as they do in use (BenchmarkTag
// repeats one sentence, which keeps every weight it needs in cache).
func BenchmarkEntities(b *testing.B) {
	m, err := Load()
	if err != nil {
		b.Skip("no embedded model:", err)
	}
	files, _ := filepath.Glob("../../../examples/iran-russia/*.txt")
	if len(files) == 0 {
		b.Skip("no seed articles")
	}
	var texts []string
	for _, f := range files {
		c, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(c))
	}
	c0, cpuOK := cpuTime()
	for b.Loop() {
		for _, s := range texts {
			m.Entities(s)
		}
	}
	if c1, ok := cpuTime(); ok && cpuOK {
		b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
	}
}
