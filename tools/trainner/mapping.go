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
func mapTags(toks, tags []string, scheme string, g *gazetteer.Gazetteer, lowerSeen map[string]bool) []string {
	out := make([]string, len(tags))
	for i := range out {
		out[i] = "O"
	}
	for _, sp := range ner.Spans(tags) {
		typ := ""
		switch scheme {
		case "conll", "btc":
			typ = map[string]string{"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}[sp.Type]
		case "uner":
			// OTH ("other": nationalities, religions, tribes) is in the
			// first release of English-EWT's training file only.
			typ = map[string]string{"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}[sp.Type]
		case "wnut":
			typ = map[string]string{"person": "PERSON", "location": "LOC", "corporation": "ORG",
				"group": "ORG", "product": "MISC", "creative-work": "MISC"}[sp.Type]
		case "re3d":
			typ = map[string]string{"Person": "PERSON", "Organisation": "ORG", "Location": "LOC",
				"Nationality": "MISC", "Weapon": "WEAPON", "MilitaryPlatform": "WEAPON"}[sp.Type]
		case "docred":
			typ = map[string]string{"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}[sp.Type]
		case "crossner":
			typ = crossnerTypes[sp.Type]
		}
		if typ == "" {
			continue
		}
		start, end := sp.Start, sp.End
		if scheme == "docred" && typ == "LOC" {
			// DocRED types nationality adjectives as LOC ("Persian
			// language"); wikigold, as CoNLL, as MISC.
			if k, ok := g.Lookup(strings.Join(toks[start:end], " ")); ok && k == gazetteer.NORP {
				typ = "MISC"
			}
		}
		if typ == ner.Unknown {
			// A CrossNER class that is no name class of ours (algorithm,
			// protein, genre): capitalised words of it may be MISC in
			// wikigold's scheme ("Support Vector Machine"), lower-case
			// ones are O.
			for i := start; i < end; i++ {
				if named(toks[i]) {
					out[i] = ner.Unknown
				}
			}
			continue
		}
		if scheme == "re3d" || scheme == "docred" || scheme == "crossner" || scheme == "uner" {
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
	if scheme == "btc" || scheme == "wnut" || scheme == "uner" {
		// Universal NER, like BTC, has no MISC class: its untagged
		// nationalities and name-like words get the same repairs.
		fillNationalities(toks, out, g)
		if lowerSeen != nil {
			maskUntyped(toks, out, lowerSeen)
		}
	}
	return out
}

// fillNationalities tags as MISC the nationality and religious or political
// group words (gazetteer NORP: "American", "Shia") that the tweet corpora
// leave untagged because their schemes have no such class. Left as O,
// they would teach the model the opposite of wikigold's and re3d's
// guidelines, where "American" is MISC or Nationality.
func fillNationalities(toks, tags []string, g *gazetteer.Gazetteer) {
	for _, m := range g.Match(toks) {
		if m.Kind != gazetteer.NORP || m.Ambiguous {
			continue
		}
		free := true
		for i := m.Start; i < m.End; i++ {
			free = free && tags[i] == "O"
		}
		if !free || !named(toks[m.Start]) {
			continue
		}
		tags[m.Start] = "B-MISC"
		for i := m.Start + 1; i < m.End; i++ {
			tags[i] = "I-MISC"
		}
	}
}

// maskUntyped marks as ner.Unknown the untagged tweet words that look
// like names: capitalised, not opening the sentence or following a full
// stop, and never written in lower case in the tweet corpora. The tweet
// schemes have no class for events, works, products (BTC) or
// nationalities, so such a word may well be a MISC mention that the
// corpus could not tag; an O there would teach the model to miss them.
func maskUntyped(toks, tags []string, lowerSeen map[string]bool) {
	for i, t := range toks {
		if i == 0 || tags[i] != "O" || !named(t) || lowerSeen[strings.ToLower(t)] {
			continue
		}
		switch toks[i-1] {
		case ".", "!", "?", ":", "\"", "RT", "|", "-":
			continue
		}
		if r, _ := utf8.DecodeRuneInString(t); !unicode.IsUpper(r) {
			continue
		}
		tags[i] = ner.Unknown
	}
}

func isLowerWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return w != ""
}

func named(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r) && strings.ContainsAny(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

// crossnerTypes maps CrossNER's domain classes onto ours, after the
// CoNLL guidelines that wikigold follows: people, organisations
// (parties, bands, universities, journals), places, and MISC for events,
// elections, awards and titles of works. Classes that CoNLL would mostly
// not tag (algorithms, proteins, fields, genres) are ner.Unknown.
var crossnerTypes = map[string]string{
	"person": "PERSON", "politician": "PERSON", "scientist": "PERSON", "writer": "PERSON",
	"musicalartist": "PERSON", "researcher": "PERSON",
	"organisation": "ORG", "politicalparty": "ORG", "university": "ORG", "band": "ORG",
	"magazine": "ORG", "academicjournal": "ORG",
	"location": "LOC", "country": "LOC", "astronomicalobject": "LOC",
	"misc": "MISC", "election": "MISC", "event": "MISC", "award": "MISC", "album": "MISC",
	"song": "MISC", "book": "MISC", "poem": "MISC", "product": "MISC", "conference": "MISC",
	"programlang": "MISC",
	"algorithm":   ner.Unknown, "task": ner.Unknown, "field": ner.Unknown, "metrics": ner.Unknown,
	"theory": ner.Unknown, "discipline": ner.Unknown, "chemicalcompound": ner.Unknown,
	"chemicalelement": ner.Unknown, "protein": ner.Unknown, "enzyme": ner.Unknown,
	"musicgenre": ner.Unknown, "literarygenre": ner.Unknown, "musicalinstrument": ner.Unknown,
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
