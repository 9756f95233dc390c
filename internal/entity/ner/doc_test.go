package ner

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// analyseDoc runs the per-sentence and per-document analysis the tagger
// does before scoring, without a trained model.
func analyseDoc(t *testing.T, sents []string) [][]tokenInfo {
	t.Helper()
	m, err := newModel(labels())
	if err != nil {
		t.Fatal(err)
	}
	var infos [][]tokenInfo
	for _, s := range sents {
		infos = append(infos, analyse(m.gaz, m.lex, strings.Fields(s)))
	}
	ds := newDocStats(infos)
	for _, info := range infos {
		ds.annotate(info, sentenceStyle(info))
	}
	return infos
}

func TestDocCase(t *testing.T) {
	infos := analyseDoc(t, []string{
		"Reading is a town .",
		"He lives in Reading , and likes reading .",
		"Smith arrived .",
	})
	tests := []struct {
		sent, tok int
		want      string
	}{
		// Sentence-initial, but capitalised mid-sentence and lower case elsewhere.
		{0, 0, "ICl"},
		{1, 3, "C-l"}, // its own mid-sentence capital does not count
		{1, 7, "lC-"}, // "reading": capitalised elsewhere
		{2, 0, "I--"}, // "Smith": nothing else known
		{0, 3, "l--"}, // "town"
		{0, 4, ""},    // punctuation has no case
	}
	for _, tt := range tests {
		if got := infos[tt.sent][tt.tok].docCase; got != tt.want {
			t.Errorf("sentence %d token %d (%s): docCase %q, want %q", tt.sent, tt.tok, infos[tt.sent][tt.tok].word, got, tt.want)
		}
	}
}

func TestHistory(t *testing.T) {
	info := analyseDoc(t, []string{"John Kirby said Kirby and the Navy agree ."})[0]
	h := history{}
	h.annotate(info)
	for i := range info {
		if info[i].hist != "" {
			t.Fatalf("empty history annotated %q with %q", info[i].word, info[i].hist)
		}
	}
	// B-PERSON I-PERSON O B-PERSON O O B-ORG O O: label ids of labels().
	ids := []int{1, 2, 0, 1, 0, 0, 3, 0, 0}
	h.update(info, ids)
	h.annotate(info)
	want := map[string]string{"John": "PERSON!", "Kirby": "PERSON!", "Navy": "ORG!", "said": "", "the": ""}
	for i := range info {
		if w, ok := want[info[i].word]; ok && info[i].hist != w {
			t.Errorf("%s: hist %q, want %q", info[i].word, info[i].hist, w)
		}
	}
	// A word tagged both ways gets the majority, without the "!".
	h.update(info[6:7], []int{0})
	h.update(info[6:7], []int{0})
	h.annotate(info)
	if got := info[6].hist; got != "O" {
		t.Errorf("Navy after ORG, O, O: hist %q, want O", got)
	}
}

func TestCapRuns(t *testing.T) {
	info := analyseDoc(t, []string{"the Bank of England told Smith of the plan in the Hague ."})[0]
	want := []string{"", "B3", "I3", "E3", "", "S1", "", "", "", "", "", "S1", ""}
	var got []string
	for _, ti := range info {
		got = append(got, ti.run)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runs %q, want %q", got, want)
	}
	if info[1].runHead != "england" || info[2].runFirst != "bank" {
		t.Errorf("run head %q first %q, want england, bank", info[1].runHead, info[2].runFirst)
	}
}

func TestLexicon(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if len(lx.names) == 0 {
		t.Skip("no lexicon embedded")
	}
	info := analyseDoc(t, []string{"Albert Einstein visited Perth and Reading ."})[0]
	tests := []struct {
		tok    int
		wn     string
		common bool
	}{
		{0, "B-person", false}, {1, "I-person", false}, {2, "", false},
		{3, "B-location", false}, {5, "B-location", true},
	}
	for _, tt := range tests {
		if got := info[tt.tok]; got.wn != tt.wn || got.common != tt.common {
			t.Errorf("%s: wn %q common %v, want %q %v", got.word, got.wn, got.common, tt.wn, tt.common)
		}
	}
}

func TestTagDocument(t *testing.T) {
	docs := [][]Sentence{{
		{strings.Fields("Minister Okonjo visited Ruritania ."), strings.Fields("O B-PERSON O B-GPE O")},
		{strings.Fields("Okonjo left ."), strings.Fields("B-PERSON O O")},
	}, {
		{strings.Fields("the Ruritania army said ."), strings.Fields("O B-GPE O O O")},
		{strings.Fields("Ruritania Okonjo ?"), []string{"B-GPE", Unknown, "O"}},
	}}
	m, err := TrainDocs(context.Background(), docs, TrainOptions{Epochs: 8, MinCount: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		var sents [][]string
		for _, s := range d {
			sents = append(sents, s.Tokens)
		}
		got := m.TagDocument(sents)
		if len(got) != len(sents) {
			t.Fatalf("TagDocument returned %d sentences for %d", len(got), len(sents))
		}
		for i, s := range d {
			if len(got[i]) != len(s.Tokens) {
				t.Errorf("sentence %d: %d tags for %d tokens", i, len(got[i]), len(s.Tokens))
			}
		}
		// A sentence alone is a document of one sentence.
		if a, b := m.Tag(sents[0]), m.TagDocument(sents[:1])[0]; !reflect.DeepEqual(a, b) {
			t.Errorf("Tag %v != TagDocument of one sentence %v", a, b)
		}
	}
	if got := m.TagDocument(nil); len(got) != 0 {
		t.Errorf("TagDocument of nothing = %v", got)
	}
	if got := m.TagDocument([][]string{{}, {"Okonjo"}}); len(got) != 2 || got[0] != nil || len(got[1]) != 1 {
		t.Errorf("TagDocument with an empty sentence = %q", got)
	}
}

func TestWeaponPass(t *testing.T) {
	m, err := newModel(labels())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		words, tags, want string
	}{
		// The curated list beats the model on exactly the weapon's span.
		{"the HIMARS arrived", "O B-GPE O", "O B-WEAPON O"},
		// A designation takes the reporting name after it.
		{"its SS-26 Islander missiles", "O O O O", "O B-WEAPON I-WEAPON O"},
		{"the Su-35 jets", "O O O", "O B-WEAPON O"},
		// The maker before a designation stays a mention of its own.
		{"Russian-made Sukhoi Su-35 fighters", "O B-MISC I-MISC O", "O B-MISC B-WEAPON O"},
		// An ambiguous name only retypes a mention found on its span, and
		// never a person.
		{"a Patriot battery", "O B-MISC O", "O B-WEAPON O"},
		{"a Patriot battery", "O O O", "O O O"},
		{"Patriot said", "B-PERSON O", "B-PERSON O"},
	}
	for _, tt := range tests {
		got := weaponPass(m.gaz, strings.Fields(tt.words), strings.Fields(tt.tags))
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%q %q: got %q, want %q", tt.words, tt.tags, strings.Join(got, " "), tt.want)
		}
	}
}
