// Package quote finds who said what in one article: direct quotations
// (straight, curly and single curly marks, quotes broken by "he said",
// quotes running over several paragraphs, unmarked block quotes introduced
// by "he said:") and reported speech ("Kirby said Russia was…", "according
// to the ministry"), each with the span of its speaker and a display name
// for it; pronouns and descriptions ("he", "the ministry") are resolved to
// the nearest compatible named speaker. It also compares quotations of the
// same speaker across articles and reports altered quotes.
//
// It works on one article's text and the entity mentions the NER stage found
// in it. It must not resolve speakers to report entity ids (that is entity
// resolution's job, done by the caller), import other stages, or do I/O.
package quote
