// Package news holds Triangulate's vocabulary: the types every stage takes
// and returns, and the JSON contract of the report (docs/report.md).
//
// It must not import any other package of this module and must not do I/O:
// stages depend on it, never on one another.
package news

// SchemaVersion is the version of the report's JSON contract. Fields may be
// added freely; renaming or removing one needs a new version.
const SchemaVersion = 1

// DocKind says how a raw document's bytes are to be read.
type DocKind string

// The kinds of raw document ingest recognises (by content, not extension).
const (
	KindHTML DocKind = "html" // an HTML page
	KindText DocKind = "text" // plain text, possibly as scraped from a web page with site furniture
)

// RawDoc is one document as ingested, before extraction.
//
// Source names where it came from in a form a user recognises in an error
// message: a path, a path with a line number for JSON Lines ("feed.jsonl:12"),
// "-" for standard input, or a URL. The hints come from a container format
// (JSON Lines fields, a feed entry) and take precedence over what extraction
// finds in the content.
type RawDoc struct {
	Source    string
	Kind      DocKind
	Content   []byte // UTF-8 text (ingest decodes gzip and rejects binary)
	URL       string // the page's address, if known
	Title     string // hint
	Published string // hint, any date format; extraction normalises it
}

// Article is what a document really says: its clean body and metadata.
// Every offset elsewhere in a report is a byte offset into Text.
type Article struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"` // ISO YYYY-MM-DD as stated by the source, or "" when unknown
	// PublishedInferred is set when the source states no date: the date
	// the article's own evidence implies (a weekday next to a date, the
	// latest dated happening), at PublishedPrecision (day, month, year).
	// It is a lower bound, not a statement of the source.
	PublishedInferred  string `json:"published_inferred,omitempty"`
	PublishedPrecision string `json:"published_precision,omitempty"`
	Byline             string `json:"byline"`   // author names only, comma separated
	Language           string `json:"language"` // ISO 639-1, or "" when undetermined
	Text               string `json:"text"`
	Story              string `json:"story"`

	// Sentences and Tokens are filled by the text stage; they are derived
	// data and not part of the JSON contract.
	Sentences []Span  `json:"-"`
	Tokens    []Token `json:"-"`
}

// Span is a byte range [Start, End) of one article's Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Token is one word, number or punctuation mark of an article's Text.
type Token struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// SourceSpan points at the passage of an article that supports a statement.
type SourceSpan struct {
	Article string `json:"article"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Text    string `json:"text,omitempty"`
}

// Story is a set of articles about the same happening.
type Story struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Articles []string `json:"articles"`
}

// Copy kinds: how one article depends on another.
const (
	CopyDuplicate    = "duplicate"     // the same text, perhaps re-wrapped or lightly edited
	CopyRewrite      = "rewrite"       // a paraphrase, paragraph by paragraph
	CopySharedSource = "shared-source" // both reuse a third text not in the corpus
)

// CopyLink says that B is not independent of A. When the direction can be
// told, A is the original.
type CopyLink struct {
	A          string  `json:"a"`
	B          string  `json:"b"`
	Kind       string  `json:"kind"`
	Similarity float64 `json:"similarity"`
	Evidence   string  `json:"evidence"`
}

// Entity is one real-world referent, with every mention of it.
type Entity struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Type     string    `json:"type"` // PERSON, ORG, GPE, LOC, FACILITY, WEAPON, EVENT, MISC
	Aliases  []string  `json:"aliases"`
	Mentions []Mention `json:"mentions"`
}

// Mention is one occurrence of an entity in an article.
type Mention struct {
	Article string `json:"article"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// Quote is a direct or reported statement with its speaker.
type Quote struct {
	ID          string `json:"id"`
	Text        string `json:"text"`
	Speaker     string `json:"speaker"` // entity id, or "" when unresolved
	SpeakerName string `json:"speaker_name"`
	Article     string `json:"article"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Direct      bool   `json:"direct"`
}

// Event is a PLOVER-coded happening: who did what to whom, when and where.
type Event struct {
	ID       string       `json:"id"`
	Type     string       `json:"type"`
	Mode     string       `json:"mode"`
	Actor    string       `json:"actor"`
	Target   string       `json:"target"`
	Object   string       `json:"object"`
	Quantity string       `json:"quantity"`
	Date     string       `json:"date"`
	Place    string       `json:"place"`
	Sources  []SourceSpan `json:"sources"`
	// Negated and Hypothetical mark events the sources deny ("Iran denied
	// supplying drones") or only contemplate ("the EU is looking into
	// imposing sanctions"): reported, but not as facts.
	Negated      bool `json:"negated,omitempty"`
	Hypothetical bool `json:"hypothetical,omitempty"`
}

// Claim statuses.
const (
	StatusCorroborated = "corroborated"
	StatusSingleSource = "single-source"
	StatusContested    = "contested"
)

// Claim is a checkable statement found in one or more articles.
type Claim struct {
	ID                 string       `json:"id"`
	Text               string       `json:"text"`
	Sources            []SourceSpan `json:"sources"`
	IndependentSources int          `json:"independent_sources"`
	Status             string       `json:"status"`
}

// Conflict kinds.
const (
	ConflictNumber    = "number"
	ConflictQuote     = "quote"
	ConflictName      = "name"
	ConflictDate      = "date"
	ConflictStatement = "statement"
)

// Conflict is a disagreement between two passages.
type Conflict struct {
	Kind        string     `json:"kind"`
	A           SourceSpan `json:"a"`
	B           SourceSpan `json:"b"`
	Explanation string     `json:"explanation"`
}

// TimelineEntry is a dated happening, merged across articles.
type TimelineEntry struct {
	Date      string       `json:"date"`
	Precision string       `json:"precision"` // day, month or year
	Text      string       `json:"text"`
	Sources   []SourceSpan `json:"sources"`
}

// SummarySentence is one sentence of the summary with the spans it cites.
type SummarySentence struct {
	Sentence string       `json:"sentence"`
	Sources  []SourceSpan `json:"sources"`
}

// Report is the whole analysis of a set of articles. Every slice is
// non-nil when marshalled (see NewReport), so that every key of the
// contract is present even when a stage found nothing.
type Report struct {
	SchemaVersion int               `json:"schema_version"`
	Articles      []Article         `json:"articles"`
	Stories       []Story           `json:"stories"`
	Copies        []CopyLink        `json:"copies"`
	SourceGroups  [][]string        `json:"source_groups"`
	Entities      []Entity          `json:"entities"`
	Quotes        []Quote           `json:"quotes"`
	Events        []Event           `json:"events"`
	Claims        []Claim           `json:"claims"`
	Conflicts     []Conflict        `json:"conflicts"`
	Timeline      []TimelineEntry   `json:"timeline"`
	Summary       []SummarySentence `json:"summary"`
	// ActorGraph is the system the reports describe: per actor pair, the
	// events from one to the other (added to schema 1; additive).
	ActorGraph []ActorEdge `json:"actor_graph"`
}

// ActorEdge is one directed edge of the actor graph: the events in which
// Actor did something to Target (entity ids, or normalised names when an
// actor is not a resolved entity).
type ActorEdge struct {
	Actor  string         `json:"actor"`
	Target string         `json:"target"`
	Events []string       `json:"events"`
	Types  map[string]int `json:"types"`
}

// NewReport returns an empty report with every section present.
func NewReport() *Report {
	r := &Report{SchemaVersion: SchemaVersion}
	r.Normalize()
	return r
}

// Normalize replaces nil sections by empty ones so that JSON output always
// carries every key of the contract as an array.
func (r *Report) Normalize() {
	r.SchemaVersion = SchemaVersion
	if r.Articles == nil {
		r.Articles = []Article{}
	}
	if r.Stories == nil {
		r.Stories = []Story{}
	}
	if r.Copies == nil {
		r.Copies = []CopyLink{}
	}
	if r.SourceGroups == nil {
		r.SourceGroups = [][]string{}
	}
	if r.Entities == nil {
		r.Entities = []Entity{}
	}
	if r.Quotes == nil {
		r.Quotes = []Quote{}
	}
	if r.Events == nil {
		r.Events = []Event{}
	}
	if r.Claims == nil {
		r.Claims = []Claim{}
	}
	if r.Conflicts == nil {
		r.Conflicts = []Conflict{}
	}
	if r.Timeline == nil {
		r.Timeline = []TimelineEntry{}
	}
	if r.Summary == nil {
		r.Summary = []SummarySentence{}
	}
	if r.ActorGraph == nil {
		r.ActorGraph = []ActorEdge{}
	}
}

// Article returns the article with the given id, or nil.
func (r *Report) Article(id string) *Article {
	for i := range r.Articles {
		if r.Articles[i].ID == id {
			return &r.Articles[i]
		}
	}
	return nil
}
