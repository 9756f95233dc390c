// Package event codes PLOVER events (who did what to whom) in news text,
// merges them across articles and groups them into an actor graph.
//
// Coding is a verb-pattern dictionary (lexicon.go) over a shallow,
// dependency-free reading of each sentence: tokens, actor phrases built
// from the NER mentions, capitalised names and common actor nouns, clause
// boundaries, and the words around a trigger that make it passive, negated,
// a commitment ("will give" is PLOVER's AGREE) or only hypothetical ("is
// looking into imposing"). At most one event is coded per clause, and a
// trigger used as a noun is skipped: dictionaries like this over-generate,
// so the rules prefer missing an event to inventing one. For the same
// reason a coding is dropped when its actor is doubtful: an active verb with
// no subject found, a relative clause ("which allows…", "those who…"), a
// purpose infinitive ("drones to strike", "to request comment"), a
// participle after a causative ("see 500,000 Russians conscripted"), a lone
// nationality adjective far from its verb, or an actor that is also the
// target. "He" and "she" stand only for a named person.
//
// Denials ("Iran denied supplying drones") are coded as the denied event
// with Negated set rather than as REJECT: PLOVER's REJECT is the refusal of
// a proposal or request, and a denial of an accusation is a statement about
// the event, which a reader wants next to the event itself.
//
// The package must not do I/O or reach into other stages: it takes text and
// NER mentions and returns values of its own types or of internal/news.
package event
