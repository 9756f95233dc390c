package timeline

import (
	"strings"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/news"
)

func TestBuild(t *testing.T) {
	arts := []news.Article{
		{ID: "b", Published: "2022-12-10", Text: "WASHINGTON, Dec. 10, 2022\n" +
			"U.S. President Joe Biden authorized a new round of $275 million in military aid for Ukraine, according to a memo released Friday by the White House.\n" +
			"Austin said Friday that Russia is modernizing its nuclear arsenal.\n" +
			"The war began on Feb. 24."},
		{ID: "a", Text: "Newsweek 12/10/2022 Jane Doe\n" +
			"President Joe Biden on Friday authorized a new, $275 million package in military aid for Ukraine to bolster its air defense.\n" +
			"Putin said Friday that trust in the West was lost.\n" +
			"A sentence with no date at all."},
		// Its map entry wins over its own text; its Monday is 2023-01-16.
		{ID: "c", Text: "They told journalists on Monday in Kyiv that Russia is running low on missiles."},
	}
	pub := map[string]time.Time{"c": tue}
	got := Build(arts, pub)

	type row struct {
		date, prec string
		arts       string
		has        string
	}
	want := []row{
		{"2022-02-24", Day, "b", "The war began"},
		{"2022-12-09", Day, "b", "Austin said Friday"},
		{"2022-12-09", Day, "a,b", "$275 million"},
		{"2022-12-09", Day, "a", "Putin said Friday"},
		{"2023-01-16", Day, "c", "told journalists"},
	}
	if len(got) != len(want) {
		for _, e := range got {
			t.Logf("%s %s %v %q", e.Date, e.Precision, e.Sources, e.Text)
		}
		t.Fatalf("got %d entries, want %d", len(got), len(want))
	}
	byID := map[string]news.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	for i, w := range want {
		e := got[i]
		var ids []string
		for _, s := range e.Sources {
			ids = append(ids, s.Article)
			a := byID[s.Article]
			if s.Start < 0 || s.End > len(a.Text) || s.Start >= s.End {
				t.Fatalf("entry %d: bad span %+v", i, s)
			}
		}
		if e.Date != w.date || e.Precision != w.prec || strings.Join(ids, ",") != w.arts || !strings.Contains(e.Text, w.has) {
			t.Errorf("entry %d: got %s %s %v %q, want %s %s %s containing %q", i, e.Date, e.Precision, ids, e.Text, w.date, w.prec, w.arts, w.has)
		}
	}

	// The order of the articles given does not change the result.
	rev := []news.Article{arts[2], arts[1], arts[0]}
	got2 := Build(rev, pub)
	if len(got2) != len(got) {
		t.Fatalf("reordered input: %d entries, want %d", len(got2), len(got))
	}
	for i := range got {
		if got[i].Date != got2[i].Date || got[i].Text != got2[i].Text || len(got[i].Sources) != len(got2[i].Sources) {
			t.Errorf("reordered input changed entry %d: %+v vs %+v", i, got[i], got2[i])
		}
	}
}

func TestBuildEmpty(t *testing.T) {
	if got := Build(nil, nil); len(got) != 0 {
		t.Errorf("Build(nil) = %v", got)
	}
	got := Build([]news.Article{{ID: "x", Text: "Nothing here is dated. They met on Monday."}}, nil)
	if len(got) != 0 {
		t.Errorf("unresolvable dates gave entries: %+v", got)
	}
}

func TestSimilar(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Ukraine’s air force said it shot down 10 of 15 drones used to attack southern regions on Saturday morning.",
			"On Saturday, December 10, the Ukrainian air force said it had downed 10 of 15 such drones that were attacking the southern regions.", true},
		{"Kahl said Monday that Russia will rely on assistance from other nations.",
			"They told journalists on Monday at the Media Center Ukraine in Kyiv that Russia appears to be running low.", false},
		{"Putin said Friday.", "Austin said Friday.", false},
	}
	for _, tc := range tests {
		if got := similar(contentWords(tc.a), contentWords(tc.b)); got != tc.want {
			t.Errorf("similar(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDateline(t *testing.T) {
	for s, want := range map[string]bool{
		"Newsweek 1/17/2023 David Brennan":            true,
		"KYIV, Jan. 17 (Reuters) -":                   true,
		"Published: Dec. 10, 2022 at 5:00 PM":         true,
		"Last updated on January 17, 2023":            true,
		"Last week, the minister resigned in Kyiv.":   false,
		"They told journalists on Monday in Kyiv.":    false,
		"By Friday, the troops had left the village.": false,
	} {
		if got := dateline(s); got != want {
			t.Errorf("dateline(%q) = %v, want %v", s, got, want)
		}
	}
}
