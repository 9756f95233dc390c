package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/eval"
)

func TestImport(t *testing.T) {
	tests := []struct {
		name, format, in string
		wantDocs         int
		wantToks         [][]string
		wantTags         [][]string
	}{
		{
			name:   "docred: mentions by sentence, longer wins on overlap",
			format: "docred",
			in: `[{"title":"T","sents":[["Paris","is","in","France","."],["The","French","Open"]],
				"vertexSet":[[{"sent_id":0,"pos":[0,1],"type":"LOC"}],[{"sent_id":0,"pos":[3,4],"type":"LOC"}],
				[{"sent_id":1,"pos":[1,2],"type":"LOC"}],[{"sent_id":1,"pos":[1,3],"type":"MISC"}]]},
				{"title":"U","sents":[["Bad","pos"]],"vertexSet":[[{"sent_id":3,"pos":[0,1],"type":"PER"}]]}]`,
			wantDocs: 2,
			wantToks: [][]string{{"Paris", "is", "in", "France", "."}, {"The", "French", "Open"}, {"Bad", "pos"}},
			wantTags: [][]string{{"B-LOC", "O", "O", "B-LOC", "O"}, {"O", "B-MISC", "I-MISC"}, {"O", "O"}},
		},
		{
			name:     "crossner: each sentence a document",
			format:   "crossner",
			in:       "Tony\tB-politician\nBlair\tI-politician\n\nLabour\tB-politicalparty\nwon\tO\n",
			wantDocs: 2,
			wantToks: [][]string{{"Tony", "Blair"}, {"Labour", "won"}},
			wantTags: [][]string{{"B-politician", "I-politician"}, {"B-politicalparty", "O"}},
		},
		{
			name:   "uner: documents at newdoc, stray B-O dropped, short O lines",
			format: "uner",
			in: "# newdoc id = d1\n# sent_id = d1-1\n# text = Kut is in Iraq.\n" +
				"1\tKut\tB-LOC\t-\tstephen\n2\tis\tO\n3\tin\tO\t-\t-\n4\tIraq\tB-LOC\t-\tstephen\n5\t.\tB-O\t-\tstephen\n\n" +
				"# sent_id = d1-2\n1\tAhmad\tB-PER\t-\tx\n2\tChalabi\tI-PER\t-\tx\n\n" +
				"# newdoc id = d2\n# sent_id = d2-1\n1\tIraqi\tB-OTH\t-\tx\n2\tforces\tO\n",
			wantDocs: 2,
			wantToks: [][]string{{"Kut", "is", "in", "Iraq", "."}, {"Ahmad", "Chalabi"}, {"Iraqi", "forces"}},
			wantTags: [][]string{{"B-LOC", "O", "O", "B-LOC", "O"}, {"B-PER", "I-PER"}, {"B-OTH", "O"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			var err error
			switch tt.format {
			case "docred":
				err = importDocRED(strings.NewReader(tt.in), &b)
			case "uner":
				err = importUNER(strings.NewReader(tt.in), &b)
			default:
				err = importCrossNER(strings.NewReader(tt.in), &b)
			}
			if err != nil {
				t.Fatal(err)
			}
			sents, err := eval.ReadCoNLL(&b)
			if err != nil {
				t.Fatal(err)
			}
			if len(sents) != len(tt.wantToks) {
				t.Fatalf("got %d sentences, want %d", len(sents), len(tt.wantToks))
			}
			docs := map[int]bool{}
			for i, s := range sents {
				docs[s.Doc] = true
				if !slices.Equal(s.Tokens, tt.wantToks[i]) || !slices.Equal(s.Tags, tt.wantTags[i]) {
					t.Errorf("sentence %d: got %v %v, want %v %v", i, s.Tokens, s.Tags, tt.wantToks[i], tt.wantTags[i])
				}
			}
			if len(docs) != tt.wantDocs {
				t.Errorf("got %d documents, want %d", len(docs), tt.wantDocs)
			}
		})
	}
}

func TestMapTagsWikipediaCorpora(t *testing.T) {
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, scheme string
		toks, tags   []string
		want         []string
	}{
		{"docred nationality LOC becomes MISC", "docred",
			strings.Fields("the Persian language"),
			[]string{"O", "B-LOC", "O"},
			[]string{"O", "B-MISC", "O"}},
		{"docred lower-case mention dropped, TIME to O", "docred",
			strings.Fields("a bantustan in 1994"),
			[]string{"O", "B-LOC", "O", "B-TIME"},
			[]string{"O", "O", "O", "O"}},
		{"crossner politician and party", "crossner",
			strings.Fields("Tony Blair led Labour"),
			[]string{"B-politician", "I-politician", "O", "B-politicalparty"},
			[]string{"B-PERSON", "I-PERSON", "O", "B-ORG"}},
		{"crossner algorithm: capitalised unknown, lower-case O", "crossner",
			strings.Fields("Support Vector machine works"),
			[]string{"B-algorithm", "I-algorithm", "I-algorithm", "O"},
			[]string{ner.Unknown, ner.Unknown, "O", "O"}},
		{"uner OTH to MISC, lower-case LOC dropped, person kept", "uner",
			strings.Fields("Iraqi forces near tampa bay met Ahmad Chalabi"),
			[]string{"B-OTH", "O", "O", "B-LOC", "I-LOC", "O", "B-PER", "I-PER"},
			[]string{"B-MISC", "O", "O", "O", "O", "O", "B-PERSON", "I-PERSON"}},
		{"uner untagged nationality becomes MISC", "uner",
			strings.Fields("the American envoy"),
			[]string{"O", "O", "O"},
			[]string{"O", "B-MISC", "O"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mapTags(tt.toks, tt.tags, tt.scheme, g, nil)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
