// Package gazetteer holds curated name lists for entity recognition:
// countries, cities and regions, geographic features, facilities,
// organisations, nationalities, given names and named weapon systems, plus
// the head words of organisation names ("Ministry of …", "… Council").
//
// The lists are hand-written from general knowledge (no third-party data,
// so no licence constraints) and embedded in the binary. The package only
// finds list entries in token sequences; deciding what a mention is belongs
// to the tagger (internal/entity/ner), which uses matches as features and
// for a WEAPON pass. It must not do I/O at run time.
package gazetteer

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
	"sync"
)

// Kind is the class of a list entry. Kinds that are entity types carry the
// type's name so that callers can use them directly.
type Kind string

// The kinds of entry.
const (
	GPE      Kind = "GPE"      // countries, cities, regions
	LOC      Kind = "LOC"      // continents, seas, rivers, mountains
	FACILITY Kind = "FACILITY" // buildings, plants, bases, airports
	ORG      Kind = "ORG"      // organisations
	WEAPON   Kind = "WEAPON"   // named weapon systems and platforms
	NORP     Kind = "NORP"     // nationalities, religious and political groups
	Given    Kind = "GIVEN"    // given names: evidence, not an entity
)

// Match is one list entry found in a token sequence: tokens [Start, End).
// Ambiguous is set for entries that are also ordinary words or names
// ("Patriot", "Leopard", "Grad"), which are evidence rather than proof.
type Match struct {
	Start, End int
	Kind       Kind
	Ambiguous  bool
}

type entry struct {
	kind      Kind
	ambiguous bool
}

// Gazetteer is an immutable set of name lists. It is safe for concurrent use.
type Gazetteer struct {
	entries map[string]entry // normalised key → entry
	first   map[string]int   // normalised first token → longest entry, in tokens
	given   map[string]bool
	orgHead map[string]bool
}

//go:embed *.txt
var lists embed.FS

// Default returns the built-in gazetteer. It is built once, on first use,
// and shared: it is never modified after that.
var Default = sync.OnceValues(func() (*Gazetteer, error) { return load() })

func load() (*Gazetteer, error) {
	g := &Gazetteer{
		entries: map[string]entry{},
		first:   map[string]int{},
		given:   map[string]bool{},
		orgHead: map[string]bool{},
	}
	files := []struct {
		name string
		kind Kind // "" when each line names its kind
	}{
		{"countries.txt", GPE},
		{"places.txt", ""},
		{"weapons.txt", WEAPON},
		{"orgs.txt", ORG},
		{"norp.txt", NORP},
	}
	for _, f := range files {
		if err := g.addFile(f.name, f.kind); err != nil {
			return nil, err
		}
	}
	given, err := lists.ReadFile("given.txt")
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	for _, line := range strings.Split(string(given), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			g.given[w] = true
		}
	}
	for _, w := range orgHeads {
		g.orgHead[w] = true
	}
	return g, nil
}

func (g *Gazetteer) addFile(name string, kind Kind) error {
	f, err := lists.Open(name)
	if err != nil {
		return fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k := kind
		if k == "" {
			t, rest, ok := strings.Cut(line, "\t")
			if !ok {
				return fmt.Errorf("gazetteer: %s:%d: want TYPE<TAB>name", name, n)
			}
			k, line = Kind(t), rest
		}
		amb := strings.HasPrefix(line, "~")
		line = strings.TrimPrefix(line, "~")
		toks := Tokenize(line)
		if len(toks) == 0 {
			continue
		}
		key := Key(toks)
		if _, dup := g.entries[key]; !dup {
			g.entries[key] = entry{kind: k, ambiguous: amb}
		}
		// Index the part before a hyphen too, for tokenizers that split
		// "Su-35" into "Su", "-", "35"; a split hyphen adds two tokens.
		span := len(toks) + 2*strings.Count(line, "-")
		for _, f := range []string{toks[0], strings.SplitN(toks[0], "-", 2)[0]} {
			if span > g.first[f] {
				g.first[f] = span
			}
		}
	}
	return sc.Err()
}

// Tokenize splits a list entry the way Key expects: at spaces, with
// hyphens and slashes kept inside words, so that "Shahed-136" is one token.
func Tokenize(s string) []string {
	return strings.Fields(s)
}

// Key normalises a token sequence so that the same name matches whether
// a tokenizer kept "Su-35" whole or split it into "Su", "-", "35".
func Key(toks []string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t != "-" && toks[i-1] != "-" {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

// Lookup returns the kind of a name written as it would appear in text.
func (g *Gazetteer) Lookup(name string) (Kind, bool) {
	e, ok := g.entries[Key(Tokenize(name))]
	return e.kind, ok
}

// IsGiven reports whether w is a common given name.
func (g *Gazetteer) IsGiven(w string) bool { return g.given[w] }

// IsOrgHead reports whether w is a word that ends or starts organisation
// names ("Ministry", "Council", "Department").
func (g *Gazetteer) IsOrgHead(w string) bool { return g.orgHead[w] }

// maxSpan bounds how far Match looks; a split hyphen costs two extra tokens.
const maxSpan = 12

// Match finds list entries in toks, longest first and without overlaps,
// scanning left to right. Matching is case-sensitive: "Iran" is a country,
// "iran" in a URL is not.
func (g *Gazetteer) Match(toks []string) []Match {
	var out []Match
	for i := 0; i < len(toks); {
		n, ok := g.first[toks[i]]
		if !ok {
			i++
			continue
		}
		limit := min(len(toks), i+min(maxSpan, n))
		found := false
		for j := limit; j > i; j-- {
			if e, ok := g.entries[Key(toks[i:j])]; ok {
				out = append(out, Match{Start: i, End: j, Kind: e.kind, Ambiguous: e.ambiguous})
				i = j
				found = true
				break
			}
		}
		if !found {
			i++
		}
	}
	return out
}

// orgHeads are the words that make a capitalised phrase an organisation
// name in news text; the tagger uses them as features.
var orgHeads = []string{
	"Ministry", "Department", "Council", "Agency", "Committee", "Commission",
	"Office", "Bureau", "Corps", "Army", "Navy", "Guard", "Guards", "Force",
	"Forces", "Fleet", "Command", "Police", "Service", "Services",
	"University", "College", "Institute", "Academy", "School", "Party",
	"Company", "Corporation", "Corp", "Corp.", "Inc", "Inc.", "Ltd", "Ltd.",
	"LLC", "Group", "Bank", "Association", "Organization", "Organisation",
	"Union", "Federation", "League", "Club", "Foundation", "Fund", "Society",
	"Authority", "Administration", "Parliament", "Assembly", "Court",
	"Tribunal", "Senate", "Congress", "Cabinet", "Secretariat", "Directorate",
	"Brigade", "Battalion", "Regiment", "Division", "Network", "Times",
	"Post", "News", "Press", "Airlines", "Industries", "Systems",
	"Alliance", "Coalition", "Movement", "Front", "Church", "Board",
}
