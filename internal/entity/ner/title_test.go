package ner

import (
	"reflect"
	"strings"
	"testing"
)

func TestSentenceStyle(t *testing.T) {
	tests := []struct {
		sent string
		want style
	}{
		{"Russia Desperate for Iran , North Korea Help With Missiles , Drones : U.S.", styleTitle},
		{"The US Believes Iranian Support For The Russian Military Will Increase As Russia Seeks Defensive Back Up", styleTitle},
		{"Deputy Secretary of State Wendy Sherman said Washington is concerned .", styleNormal},
		{"Newsweek has contacted the Russian and Iranian foreign ministries .", styleNormal},
		{"IRAN SENDS MORE DRONES TO RUSSIA", styleAllCaps},
		{"Iran and Russia", styleNormal}, // too few capitals to tell
	}
	for _, tt := range tests {
		info := analyseDoc(t, []string{tt.sent})[0]
		if got := sentenceStyle(info); got != tt.want {
			t.Errorf("%q: style %d, want %d", tt.sent, got, tt.want)
		}
	}
}

func TestTitleDocCase(t *testing.T) {
	infos := analyseDoc(t, []string{
		"Russia Desperate for Iran Help With Missiles",
		"Russia wants missiles from Iran .",
	})
	want := map[string]string{"Iran": "TC-", "Russia": "T--", "Missiles": "T-l", "Desperate": "T--", "for": "l--"}
	for _, ti := range infos[0] {
		if w, ok := want[ti.word]; ok && ti.docCase != w {
			t.Errorf("headline %q: docCase %q, want %q", ti.word, ti.docCase, w)
		}
	}
	// The headline's capitals are not evidence for the body: "Iran" in the
	// body is capitalised elsewhere only if the body says so.
	for _, ti := range infos[1] {
		if ti.word == "missiles" && ti.docCase != "l--" {
			t.Errorf("body %q: docCase %q, want l-- (headline capitals ignored)", ti.word, ti.docCase)
		}
	}
}

func TestTrimTitles(t *testing.T) {
	tests := []struct {
		name, sent, tags, want string
	}{
		{
			name: "office chain before a full name",
			sent: "Under Secretary of Defense for Policy Colin Kahl said",
			tags: "O O O O O B-PERSON I-PERSON I-PERSON O",
			want: "O O O O O O B-PERSON I-PERSON O",
		},
		{
			name: "whole chain tagged as one person",
			sent: "Deputy Secretary of State Wendy Sherman said",
			tags: "B-PERSON I-PERSON I-PERSON I-PERSON I-PERSON I-PERSON O",
			want: "O O O O B-PERSON I-PERSON O",
		},
		{
			name: "nationality and office",
			sent: "British Foreign Secretary James Cleverley said",
			tags: "B-PERSON I-PERSON I-PERSON I-PERSON I-PERSON O",
			want: "O O O B-PERSON I-PERSON O",
		},
		{
			name: "a title alone, joined by of, is no person",
			sent: "Under Secretary of Defense Kahl",
			tags: "B-PERSON I-PERSON I-PERSON I-PERSON B-PERSON",
			want: "O O O O B-PERSON",
		},
		{
			name: "a surname alone after a title",
			sent: "Secretary Blinken said",
			tags: "B-PERSON I-PERSON O",
			want: "O B-PERSON O",
		},
		{
			name: "no office word, nothing trimmed",
			sent: "Clay Tice and Chad Edward Gaudin and King Carlos",
			tags: "B-PERSON I-PERSON O B-PERSON I-PERSON I-PERSON O B-PERSON I-PERSON",
			want: "B-PERSON I-PERSON O B-PERSON I-PERSON I-PERSON O B-PERSON I-PERSON",
		},
		{
			name: "portfolio joined by links",
			sent: "Minister for the Middle East Tobias Ellwood",
			tags: "B-PERSON I-PERSON I-PERSON I-PERSON I-PERSON I-PERSON I-PERSON",
			want: "O O O O O B-PERSON I-PERSON",
		},
		{
			name: "names made of ordinary words are kept",
			sent: "Tiger Woods and Lady Gaga and Rose Byrne",
			tags: "B-PERSON I-PERSON O B-PERSON I-PERSON O B-PERSON I-PERSON",
			want: "B-PERSON I-PERSON O B-PERSON I-PERSON O B-PERSON I-PERSON",
		},
		{
			name: "other types untouched",
			sent: "Department of Defense",
			tags: "B-ORG I-ORG I-ORG",
			want: "B-ORG I-ORG I-ORG",
		},
	}
	m, err := newModel(labels())
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]int{}
	for i, l := range m.labels {
		id[l] = i
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := analyse(m.gaz, m.lex, strings.Fields(tt.sent))
			var out []int
			for _, l := range strings.Fields(tt.tags) {
				out = append(out, id[l])
			}
			trimTitles(info, out, m.bPer, m.iPer)
			var got []string
			for _, l := range out {
				got = append(got, m.labels[l])
			}
			if want := strings.Fields(tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
	}
}
