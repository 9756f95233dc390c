package resolve

import (
	"fmt"

	"github.com/zeebo/xxh3"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/news"
)

// Doc is one document's text with the tagger's mentions of it.
type Doc struct {
	ID       string
	Text     string
	Mentions []ner.Mention
}

// Options tunes resolution. The zero value is the tested default.
type Options struct {
	// MinVariantLen is the shortest normalised name (in letters) that may
	// be merged with another by one edit; shorter names must match after
	// normalisation and transliteration (Iran/Iraq). 0 means 6.
	MinVariantLen int
	// AliasWindow is how many bytes before an alias phrase ("repainted
	// them as …") its antecedent may start. 0 means 400.
	AliasWindow int
	// Gazetteer repairs types ("U.S." tagged ORG is a GPE). nil means
	// gazetteer.Default(); resolution works without one if that fails.
	Gazetteer *gazetteer.Gazetteer
}

func (o Options) minVariantLen() int {
	if o.MinVariantLen > 0 {
		return o.MinVariantLen
	}
	return 6
}

func (o Options) aliasWindow() int {
	if o.AliasWindow > 0 {
		return o.AliasWindow
	}
	return 400
}

// Merge records why a surface form was taken as a name of an entity.
type Merge struct {
	Entity   string // entity ID
	Form     string // the surface form, as written
	Evidence string // one of the Evidence* constants
}

// Evidence kinds, shown in the report as "FORM (evidence)".
const (
	EvidenceExact        = "exact"                    // same name but for case and punctuation: "US" / "U.S."
	EvidenceVariant      = "variant spelling"         // Zelensky / Zelenskyy, Kiev / Kyiv, Cleverly / Cleverley
	EvidenceSurname      = "surname"                  // "Kirby" in a story naming one John Kirby
	EvidenceGivenName    = "given name"               // "Mr. James" in a document naming one James Cleverley
	EvidenceAlias        = "alias pattern"            // "Shahed-136, better known … as the Geran-2"
	EvidenceAcronym      = "acronym"                  // "NSC" for National Security Council
	EvidenceOrganisation = "organisation description" // British Defense Ministry = British Ministry of Defence
)

// EntityID is the stable identifier of an entity: the store looks entities
// up by it across stories, so it depends only on type and canonical name.
func EntityID(typ, name string) string {
	return fmt.Sprintf("e%016x", xxh3.HashString(typ+"\x00"+name))[:11]
}

// Resolve clusters the mentions of docs into entities, one per referent,
// and returns them with the evidence behind every alias. Mentions are
// cleaned (titles and possessives cut, offsets recomputed to cover the
// name only); junk mentions are dropped. Entities come sorted by number of
// mentions, then type and name; the result depends only on the input.
func Resolve(docs []Doc, opts Options) ([]news.Entity, []Merge) {
	if opts.Gazetteer == nil {
		if g, err := gazetteer.Default(); err == nil {
			opts.Gazetteer = g
		}
	}
	r := &resolver{opts: opts, docs: docs, cl: cleaner{gaz: opts.Gazetteer}}
	r.collect()
	r.repairTypes()
	r.buildNodes()
	r.mergeVariants()
	r.mergeOrganisations()
	r.mergeAliasPatterns()
	r.mergeAcronyms()
	r.mergeShortNames()
	return r.entities()
}
