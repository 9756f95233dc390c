package main

import (
	"hash/fnv"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/ner"
)

// No training corpus has headlines, and in a headline every content word
// is capitalised ("Russia Desperate for Iran, North Korea Help With
// Missiles"), which a model that has only seen prose reads as one long
// name. withHeadlines gives a share of the documents a headline: a
// title-cased copy of the document's first short sentence, with the same
// tags, put before it, as a news article's headline goes before a lede
// that says much the same. The tagger's title-case features
// (internal/entity/ner, sentenceStyle) then learn what a capital is worth
// there, and its document-case features how the body writes the same
// words.
//
// Which documents get one, and in which of the two common styles, is
// decided by a hash of the document's words, so the choice does not
// depend on the order of the data or on the cross-validation fold.

// headlineEvery is one document in headlineEvery gets a headline.
const headlineEvery = 2

// headlineMaxTokens bounds the sentence copied: a headline is short.
const headlineMaxTokens = 25

func withHeadlines(docs []doc) []doc {
	out := make([]doc, len(docs))
	for i, d := range docs {
		out[i] = d
		// The high bits: FNV-1a's lowest bit is only the parity of the
		// input's bytes.
		h := docHash(d) >> 32
		if h%headlineEvery != 0 {
			continue
		}
		for _, s := range d {
			if len(s.Tokens) < 4 || len(s.Tokens) > headlineMaxTokens || !hasLowerWord(s.Tokens) {
				continue
			}
			head := ner.Sentence{Tokens: titleCase(s.Tokens, (h/headlineEvery)%2 == 0), Tags: s.Tags}
			out[i] = append(doc{head}, d...)
			break
		}
	}
	return out
}

func docHash(d doc) uint64 {
	f := fnv.New64a()
	for _, s := range d {
		for _, t := range s.Tokens {
			f.Write([]byte(t))
			f.Write([]byte{0})
		}
	}
	return f.Sum64()
}

// headlineSmall are the words the "up style" of headlines leaves in lower
// case ("Help With Missiles" keeps "With"; "for" stays lower case).
var headlineSmall = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true,
	"of": true, "for": true, "on": true, "in": true, "at": true, "to": true,
	"by": true, "as": true, "'s": true,
}

// titleCase capitalises the words of a sentence as a headline does: every
// word when all is set ("The US Believes Iranian Support For The Russian
// Military Will Increase"), otherwise every word but the small ones of
// headlineSmall after the first.
func titleCase(toks []string, all bool) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t
		r, n := utf8.DecodeRuneInString(t)
		if !unicode.IsLower(r) || !all && i > 0 && headlineSmall[t] {
			continue
		}
		out[i] = string(unicode.ToUpper(r)) + t[n:]
	}
	return out
}

func hasLowerWord(toks []string) bool {
	for i, t := range toks {
		if i > 0 && isLowerWord(t) && !headlineSmall[t] {
			return true
		}
	}
	return false
}

// headlinesFor says whether a corpus's documents are given headlines:
// edited prose only, not tweets, whose capitals are unreliable anyway.
func headlinesFor(name string) bool { return !isTweets(name) }
