// Package resolve clusters entity mentions into entities: within a
// document ("Mr. Kirby", "Kirby" → John Kirby) and across the documents of
// one call (spelling variants, transliterations, surname-only mentions,
// "known as" alias patterns, acronyms and organisation descriptions). It
// also cleans mentions (titles, possessives, leading modifiers), repairs
// the tagger's type where the evidence is plain, and drops obvious junk.
//
// Every merge is recorded with the kind of evidence behind it so that the
// report can show why two names were taken as one referent.
//
// It must not find mentions (that is internal/entity/ner), do I/O, or
// import another stage; a call sees only the documents it is given, which
// callers keep to one story so that surname resolution stays local.
package resolve
