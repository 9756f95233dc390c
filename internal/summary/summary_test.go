package summary

import (
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

func art(id, published, body string) news.Article {
	a := news.Article{ID: id, Published: published, Text: body}
	text.Analyze(&a)
	return a
}

func TestJunk(t *testing.T) {
	tests := []struct {
		s    string
		junk bool
	}{
		{"Ukraine's air force said it shot down 10 of 15 drones on Monday.", false},
		{`"We will respond to any attack," the defence minister told reporters on Friday.`, false},
		{"Too short to say much.", true},
		{"Will Iran send hundreds of ballistic missiles to Russia this winter?", true},
		{`"We will respond to any attack with all the force we have available."`, true},
		{"Newsweek has contacted the Russian and Iranian foreign ministries for comment.", true},
		{"The Associated Press and Reuters contributed to this report from Kyiv.", true},
		{"Iran Russia drone partnership deepens as war drags on", true}, // a heading
		{"and then the officials left the building without a word to anyone.", true},
		{"THE WORLD TODAY: DRONES OVER KYIV AND THE WAR IN UKRAINE.", true},
		{"These crawls are part of an effort to archive pages as they are created.", true},
	}
	for _, tt := range tests {
		if got := junk(tt.s); got != tt.junk {
			t.Errorf("junk(%q) = %v, want %v", tt.s, got, tt.junk)
		}
	}
}

const (
	lead1  = "Russia launched a wave of Iranian-made drones at Kyiv's power stations on Monday morning."
	lead2  = "Ukraine's air force said it shot down most of the Iranian-made drones over Kyiv on Monday."
	other  = "The city council also approved a new budget for the public libraries of the region last week."
	filler = "Officials in the capital said repairs to the damaged power stations would take several weeks."
)

func TestSummarizeCopies(t *testing.T) {
	orig := art("a1", "2022-10-17", lead1+" "+filler+" "+other)
	copied := art("a2", "2022-10-18", lead1+" "+filler)
	indep := art("a3", "2022-10-17", lead2+" "+other)
	arts := []news.Article{copied, orig, indep}
	groups := [][]string{{"a1", "a2"}, {"a3"}}
	sum := Summarize(arts, groups, Options{Words: 60})

	count := map[string]int{}
	for _, s := range sum {
		count[s.Sentence]++
	}
	if count[lead1] != 1 {
		t.Fatalf("the copied lead appears %d times in %v", count[lead1], sum)
	}
	for _, s := range sum {
		if s.Sentence == lead1 && len(s.Sources) != 2 {
			t.Errorf("copied lead cites %v, want both copies", s.Sources)
		}
	}
	// Time order: a1 and a3 (17 Oct) before a2 (18 Oct); the copied lead
	// is first met in a1, its earliest article.
	if sum[0].Sources[0].Article != "a1" {
		t.Errorf("first sentence from %s, want a1 (earliest)", sum[0].Sources[0].Article)
	}
	words := 0
	for _, s := range sum {
		words += len(strings.Fields(s.Sentence))
	}
	if words > 60 {
		t.Errorf("%d words over a budget of 60", words)
	}
}

func TestSummarizeBounds(t *testing.T) {
	a := art("a1", "", lead1+" "+filler+" "+other+" "+lead2)
	tests := []struct {
		name string
		arts []news.Article
		opts Options
		max  int
	}{
		{"no articles", nil, Options{}, 0},
		{"empty text", []news.Article{{ID: "x"}}, Options{}, 0},
		{"one sentence", []news.Article{a}, Options{MaxSentences: 1}, 1},
		{"tiny budget", []news.Article{a}, Options{Words: 5}, 0},
		{"default budget", []news.Article{a}, Options{}, 4},
	}
	for _, tt := range tests {
		got := Summarize(tt.arts, nil, tt.opts)
		if got == nil || len(got) > tt.max || tt.name == "default budget" && len(got) < 3 {
			t.Errorf("%s: %d sentences (max %d)", tt.name, len(got), tt.max)
		}
	}
}

func TestBaselines(t *testing.T) {
	a := art("a1", "", "Alpha one says the first thing about drones today. Alpha two adds a second point about drones.")
	b := art("a2", "", "Beta one says the first thing about drones too. Beta two adds another point about drones.")
	lead := Lead([]news.Article{a, b}, 15)
	var got []string
	for _, s := range lead {
		got = append(got, strings.Fields(s.Sentence)[0]+strings.Fields(s.Sentence)[1])
	}
	if strings.Join(got, ",") != "Alphaone,Betaone" {
		t.Errorf("round-robin lead = %v", got)
	}
	// LexRank: the sentence that shares most with the others ranks first.
	c := art("c", "", "Drones hit Kyiv power stations on Monday. Drones hit power stations in Kyiv again. "+
		"Power stations in Kyiv were hit by drones. A museum opened its new wing for visitors.")
	lr := LexRank([]news.Article{c}, 8)
	if len(lr) == 0 || strings.Contains(lr[0].Sentence, "museum") {
		t.Errorf("LexRank picked %v", lr)
	}
}

func TestDangling(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"He said the drones were launched from Crimea overnight.", true},
		{"But officials in Kyiv said the strikes had failed.", true},
		{"This comes after weeks of attacks on power stations.", true},
		{"Ukraine's air force said it shot down 10 of 15 drones.", false},
		{"Helsinki said the talks would resume next week.", false}, // "he" only as a prefix
		{"", false},
	}
	for _, tt := range tests {
		if got := dangling(words(tt.s)); got != tt.want {
			t.Errorf("dangling(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
