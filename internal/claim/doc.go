// Package claim holds claims and their conflicts: it extracts checkable
// statements (an event, a number about something, a date, an attributed
// statement) from the sentences of one story's articles, matches the
// sentences that state the same thing in different words across articles,
// counts the independent source groups behind each claim, and finds the
// conflicts between articles: numbers about the same quantity that
// disagree, names spelled in a way that is likely an error, dates that
// disagree for the same event, and statements that contradict each other
// (a denial against an admission, "the top backer" against "one of the
// top backers").
//
// Everything is read from sentences, entity mentions and date expressions:
// the package needs no quote or event stage, and quote conflicts (altered
// quotations) are internal/quote's, not found here.
//
// It must not import the pipeline or another analysis stage's package
// (only the vocabulary, text, timeline and the gazetteer), must not do I/O,
// and sees only the articles it is given: callers keep a call to one story
// so that unrelated articles are never compared.
package claim
