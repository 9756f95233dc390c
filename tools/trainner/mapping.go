package main

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
	"github.com/triangulate/triangulate/internal/entity/ner"
)

// mapTags maps one sentence's tags from a corpus's tag set onto ours
// (PROVENANCE.md has the table). Locations are split into GPE, LOC and
// FACILITY by the gazetteer and by their head word, since no corpus here
// makes that distinction.
func mapTags(toks, tags []string, scheme string, g *gazetteer.Gazetteer) []string {
	out := make([]string, len(tags))
	for i := range out {
		out[i] = "O"
	}
	for _, sp := range ner.Spans(tags) {
		typ := ""
		switch scheme {
		case "conll":
			typ = map[string]string{"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}[sp.Type]
		case "wnut":
			typ = map[string]string{"person": "PERSON", "location": "LOC", "corporation": "ORG",
				"group": "ORG", "product": "MISC", "creative-work": "MISC"}[sp.Type]
		case "re3d":
			typ = map[string]string{"Person": "PERSON", "Organisation": "ORG", "Location": "LOC",
				"Nationality": "MISC", "Weapon": "WEAPON", "MilitaryPlatform": "WEAPON"}[sp.Type]
		}
		if typ == "" {
			continue
		}
		start, end := sp.Start, sp.End
		if scheme == "re3d" {
			// re3d marks descriptions too ("the coalition", "U.S. service
			// members", "artillery"); we want names. Drop leading
			// lowercase words, then keep the span only if it starts and
			// ends with a capitalised word or a designation.
			for start < end && !named(toks[start]) {
				start++
			}
			if start == end || !named(toks[end-1]) {
				continue
			}
		}
		if typ == "LOC" {
			typ = placeType(toks[start:end], g)
		}
		out[start] = "B-" + typ
		for i := start + 1; i < end; i++ {
			out[i] = "I-" + typ
		}
	}
	return out
}

func named(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r) && strings.ContainsAny(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

var locHeads = map[string]bool{
	"River": true, "Sea": true, "Ocean": true, "Lake": true, "Mountain": true,
	"Mountains": true, "Mount": true, "Mt.": true, "Island": true, "Islands": true,
	"Valley": true, "Bay": true, "Gulf": true, "Peninsula": true, "Desert": true,
	"Strait": true, "Coast": true, "Forest": true, "Hills": true, "Canyon": true,
	"Creek": true, "Range": true, "Basin": true, "Plain": true, "Plateau": true,
}

var facilityHeads = map[string]bool{
	"Airport": true, "Station": true, "Stadium": true, "Bridge": true,
	"Hospital": true, "Base": true, "Plant": true, "Street": true, "Road": true,
	"Square": true, "Palace": true, "Hall": true, "Tower": true, "Building": true,
	"Prison": true, "Museum": true, "Church": true, "Cathedral": true,
	"Mosque": true, "Temple": true, "Park": true, "Centre": true, "Center": true,
	"Arena": true, "Castle": true, "Dam": true, "Port": true, "Harbour": true,
	"Harbor": true, "Avenue": true, "Highway": true, "Canal": true, "Theatre": true,
	"Theater": true, "Library": true, "Gardens": true, "Field": true,
}

// placeType splits a location span into GPE (the default: most named
// places in news are countries, cities and regions), LOC and FACILITY.
func placeType(toks []string, g *gazetteer.Gazetteer) string {
	if k, ok := g.Lookup(strings.Join(toks, " ")); ok {
		switch k {
		case gazetteer.GPE, gazetteer.LOC, gazetteer.FACILITY:
			return string(k)
		}
	}
	last := toks[len(toks)-1]
	switch {
	case facilityHeads[last]:
		return "FACILITY"
	case locHeads[last] || locHeads[toks[0]]:
		return "LOC"
	}
	return "GPE"
}
