package copygen

import (
	"strings"
	"testing"
)

var testBodies = []Body{
	{ID: "a", Text: "The minister said the plan would start in March.\n\nIt costs 2,500 dollars a year. Critics said it was too small.\n\nThe vote is on Monday.\n\nMore talks are due."},
	{ID: "b", Text: "Floods hit the northern city on Friday.\n\nRescuers found 12 people alive. The mayor thanked the volunteers.\n\nRoads stay closed.\n\nSchools reopen next week."},
}

// A file-backed corpus must serve exactly the articles Scale makes, with
// the feed dates of PerDay, and the same seed must make the same corpus.
func TestScaleAndFileSource(t *testing.T) {
	opts := ScaleOptions{Keep: func(w string) bool { return w == "the" }, PerDay: 3}
	arts := Scale(testBodies, 10, 7, opts)
	if again := Scale(testBodies, 10, 7, opts); len(again) != len(arts) || again[9].Text != arts[9].Text {
		t.Fatal("the same seed gave another corpus")
	}
	src, n := WriteScale(t, t.TempDir(), testBodies, 10, 7, opts)
	if src.Len() != len(arts) {
		t.Fatalf("source holds %d articles, want %d", src.Len(), len(arts))
	}
	var total int64
	for i, want := range arts {
		got, err := src.Article(i)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != want.ID || got.Text != want.Text || got.Published != want.Published {
			t.Fatalf("article %d: got %+v, want %+v", i, got, want)
		}
		if want.ID != ScaleID(i) {
			t.Errorf("article %d has ID %s", i, want.ID)
		}
		total += int64(len(want.Text))
	}
	if total != n {
		t.Errorf("wrote %d bytes, texts hold %d", n, total)
	}
	if arts[0].Published != "2024-01-01" || arts[3].Published != "2024-01-02" {
		t.Errorf("dates %q, %q: want a day per 3 articles from 2024-01-01", arts[0].Published, arts[3].Published)
	}
	if _, err := src.Article(10); err == nil {
		t.Error("reading past the end: want an error")
	}
}

// Disguise keeps the kept words and the layout, and changes every other
// word of three letters or more, differently in each universe.
func TestDisguise(t *testing.T) {
	keep := func(w string) bool { return w == "the" }
	in := "The minister said 12 people left the city."
	if got := Disguise(in, 0, keep); got != in {
		t.Errorf("universe 0 changed the text: %q", got)
	}
	one, two := Disguise(in, 1, keep), Disguise(in, 2, keep)
	if one == two || one == in {
		t.Fatalf("universes 1 and 2: %q, %q", one, two)
	}
	for _, w := range []string{"The ", " the "} {
		if !strings.Contains(one, w) {
			t.Errorf("kept word %q lost: %q", w, one)
		}
	}
	if strings.Contains(one, "minister") || strings.Contains(one, " 12 ") {
		t.Errorf("content word or number survived: %q", one)
	}
	if len(strings.Fields(one)) != len(strings.Fields(in)) {
		t.Errorf("word count changed: %q", one)
	}
}
