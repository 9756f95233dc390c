package gazetteer

import (
	"reflect"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []Match
	}{
		{"Russia fired Shahed-136 drones at Kyiv", []Match{{0, 1, GPE, false}, {2, 3, WEAPON, false}, {5, 6, GPE, false}}},
		{"the Su - 35 jets", []Match{{1, 4, WEAPON, false}}},
		{"in the Black Sea near Odesa", []Match{{2, 4, LOC, false}, {5, 6, GPE, false}}},
		{"New York City police", []Match{{0, 3, GPE, false}}}, // longest entry wins
		{"a Patriot battery", []Match{{1, 2, WEAPON, true}}},
		{"iran and russia", nil}, // case-sensitive
		{"", nil},
	}
	for _, tt := range tests {
		got := g.Match(strings.Fields(tt.text))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Match(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestLookup(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		kind Kind
		ok   bool
	}{
		{"Tatarstan", GPE, true},
		{"Geranium-2", WEAPON, true},
		{"SS-26", WEAPON, true},
		{"Iranian", NORP, true},
		{"Ministry of Defence", ORG, true},
		{"Pentagon", FACILITY, true}, // first list wins: places before orgs
		{"Zelenskyy", "", false},
	}
	for _, tt := range tests {
		k, ok := g.Lookup(tt.name)
		if k != tt.kind || ok != tt.ok {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.name, k, ok, tt.kind, tt.ok)
		}
	}
	if !g.IsGiven("John") || g.IsGiven("Kirby") {
		t.Error("IsGiven: want John and not Kirby")
	}
	if !g.IsOrgHead("Ministry") || g.IsOrgHead("drone") {
		t.Error("IsOrgHead: want Ministry and not drone")
	}
}
