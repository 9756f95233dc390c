package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

// Mention is one entity mention: a byte range [Start, End) of the text
// given to Entities, its type and the text it covers.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
	Text  string `json:"text"`
}

// Entities finds entity mentions in s, taken as one document.
func (m *Model) Entities(s string) []Mention {
	toks := Tokens(s)
	var words [][]string
	var spans [][]news.Token
	// The words of all sentences share one array; each sentence's tokens
	// are a run of toks, so its spans are a sub-slice, not a copy.
	flat := make([]string, 0, len(toks))
	for _, sent := range text.Sentences(s) {
		for len(toks) > 0 && toks[0].Start < sent.Start {
			toks = toks[1:]
		}
		n := 0
		for n < len(toks) && toks[n].Start < sent.End {
			flat = append(flat, normWord(s[toks[n].Start:toks[n].End]))
			n++
		}
		if n > 0 {
			words = append(words, flat[len(flat)-n:len(flat):len(flat)])
			spans = append(spans, toks[:n:n])
		}
		toks = toks[n:]
	}
	var out []Mention
	for si, tags := range m.TagDocument(words) {
		tags = weaponPass(m.gaz, words[si], tags)
		for _, sp := range Spans(tags) {
			a, b := spans[si][sp.Start].Start, spans[si][sp.End-1].End
			out = append(out, Mention{Start: a, End: b, Type: sp.Type, Text: s[a:b]})
		}
	}
	return out
}

// Span is a mention in token positions [Start, End).
type Span struct {
	Start, End int
	Type       string
}

// Spans reads the mentions out of a BIO tag sequence. An I- tag that does
// not continue a mention of its type starts one, as conlleval does.
func Spans(tags []string) []Span {
	var out []Span
	cur := -1
	for i, t := range tags {
		typ := ""
		if len(t) > 2 && (t[0] == 'B' || t[0] == 'I') && t[1] == '-' {
			typ = t[2:]
		}
		if cur >= 0 && (typ == "" || t[0] == 'B' || out[cur].Type != typ) {
			cur = -1
		}
		if typ == "" {
			continue
		}
		if cur < 0 {
			out = append(out, Span{Start: i, End: i + 1, Type: typ})
			cur = len(out) - 1
		} else {
			out[cur].End = i + 1
		}
	}
	return out
}

// weaponPass adds the weapon systems the statistical model misses: no
// training corpus but re3d marks weapons, and re3d's are mostly common
// nouns. An unambiguous gazetteer entry or a designation such as "Su-35"
// overrides what the model said unless it found a person or a place
// reaching beyond it; an ambiguous entry ("Patriot") only retypes a
// mention the model found, and never a person or a place.
func weaponPass(g *gazetteer.Gazetteer, words, tags []string) []string {
	type hit struct {
		start, end int
		ambiguous  bool
	}
	var hits []hit
	for _, mt := range g.Match(words) {
		if mt.Kind == gazetteer.WEAPON {
			hits = append(hits, hit{mt.Start, mt.End, mt.Ambiguous})
		}
	}
	for i, w := range words {
		if isDesignation(w) && (len(hits) == 0 || !covers(hits[len(hits)-1].start, hits[len(hits)-1].end, i)) {
			hits = append(hits, hit{i, i + 1, false})
		}
	}
	for _, h := range hits {
		// The model's view of the span: the mentions it overlaps. A
		// mention that contains the weapon's name ("SS-26 Islander")
		// becomes the weapon, unless it is a person or a country.
		protected, exact := false, false
		lo, hi := h.start, h.end
		for _, sp := range Spans(tags) {
			if sp.End <= h.start || sp.Start >= h.end {
				continue
			}
			same := sp.Start == h.start && sp.End == h.end
			// The curated list beats the model on exactly its span
			// ("HIMARS" read as a place), not on a longer person's or
			// country's name around it.
			switch sp.Type {
			case "PERSON", "GPE":
				protected = protected || h.ambiguous || !same
			}
			exact = exact || same
			// The weapon reaches forward over the model's mention, not
			// back: before a designation stands its maker ("Sukhoi
			// Su-35", "Lockheed F-16") or a nationality, which stay
			// mentions of their own, so that "Su-35" is the same weapon
			// with or without its maker's name.
			if sp.Type != "ORG" {
				hi = max(hi, sp.End)
			}
		}
		if protected || (h.ambiguous && !exact) {
			continue
		}
		// A reporting or service name after a designation belongs to it:
		// "SS-26 Islander", "F-16 Fighting Falcon", "MiG-29 Fulcrum".
		for k := 0; !h.ambiguous && k < 2 && hi < len(words) && tags[hi] == "O" && isUpperStart(words[hi]); k++ {
			hi++
		}
		for i := lo; i < hi; i++ {
			tags[i] = "I-WEAPON"
		}
		tags[lo] = "B-WEAPON"
		// A mention cut by the weapon loses its tail (an ORG's); one that
		// began before it keeps its head ("Sukhoi", B-MISC already).
		if hi < len(tags) && strings.HasPrefix(tags[hi], "I-") {
			tags[hi] = "B-" + tags[hi][2:]
		}
	}
	return tags
}

func covers(a, b, i int) bool { return i >= a && i < b }

// designationPrefixes start military designations written "Su-35",
// "Kh-101", "SS-26", "MiG-29": the prefix, a hyphen and a number.
var designationPrefixes = map[string]bool{
	"Su": true, "MiG": true, "Tu": true, "Kh": true, "SS": true, "SA": true,
	"Mi": true, "Ka": true, "Il": true, "Yak": true, "BM": true, "BMP": true,
	"BTR": true, "BMD": true, "TOS": true, "MQ": true, "RQ": true,
	"AH": true, "UH": true, "CH": true, "KC": true, "DF": true, "AIM": true,
	"AGM": true, "GBU": true, "FIM": true, "FGM": true, "MIM": true,
	"Shahed": true, "Geran": true, "Geranium": true, "Mohajer": true,
	"Fateh": true, "Hwasong": true, "Iskander": true, "Tor": true, "Buk": true,
	"Kalibr": true, "Zolfaghar": true, "Arash": true, "Lancet": true, "Orlan": true,
}

func isDesignation(w string) bool {
	p, rest, ok := strings.Cut(w, "-")
	if !ok || !designationPrefixes[p] || rest == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsDigit(r)
}

// normWord maps typographic quotes to the ASCII ones the training corpora
// use, so that "Russia’s" and "Russia's" look the same to the model.
func normWord(w string) string {
	switch w {
	case "“", "”", "„", "«", "»":
		return `"`
	case "‘", "’":
		return "'"
	case "’s", "‘s":
		return "'s"
	case "—", "–":
		return "-"
	}
	return w
}

// abbreviations keep their full stop, as the training corpora write them.
var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Gen": true, "Lt": true,
	"Col": true, "Sgt": true, "Capt": true, "Maj": true, "Adm": true,
	"Gov": true, "Sen": true, "Rep": true, "St": true, "Jr": true, "Sr": true,
	"Prof": true, "Inc": true, "Corp": true, "Ltd": true, "Co": true,
	"No": true, "Mt": true, "Ft": true, "Rev": true, "Pres": true,
	"Jan": true, "Feb": true, "Aug": true, "Sept": true, "Sep": true,
	"Oct": true, "Nov": true, "Dec": true,
}

// Tokens splits s as the training corpora are tokenised (Penn Treebank
// style), starting from package text's tokens and joining what it splits:
// hyphenated words ("Shahed-136", "Rostov-on-Don"), initialisms ("U.S."),
// abbreviations ("Mr."), the possessive "'s" and numbers ("1,000", "3.5").
func Tokens(s string) []news.Token {
	in := text.Tokens(s)
	out := make([]news.Token, 0, len(in))
	adj := func(i int) bool { return i+1 < len(in) && in[i].End == in[i+1].Start }
	tok := func(i int) string { return s[in[i].Start:in[i].End] }
	for i := 0; i < len(in); i++ {
		t := in[i]
		w := tok(i)
		switch {
		case isWord(w):
			// Initialism: X . Y . (single letters with stops).
			if isInitial(w) && adj(i) && tok(i+1) == "." && i+2 < len(in) && adj(i+1) && isInitial(tok(i+2)) {
				j := i
				for j+1 < len(in) && adj(j) && tok(j+1) == "." {
					t.End = in[j+1].End
					if j+2 < len(in) && adj(j+1) && isInitial(tok(j+2)) {
						j += 2
						continue
					}
					j++
					break
				}
				i = j
				out = append(out, t)
				continue
			}
			// Hyphenated words and numbers with separators.
			for i+2 < len(in) && adj(i) && adj(i+1) && isWord(tok(i+2)) &&
				(tok(i+1) == "-" || (isNumber(w) && isNumber(tok(i+2)) && (tok(i+1) == "," || tok(i+1) == "."))) {
				t.End = in[i+2].End
				i += 2
				w = s[t.Start:t.End]
			}
			if abbreviations[w] && adj(i) && tok(i+1) == "." {
				t.End = in[i+1].End
				i++
			}
			out = append(out, t)
		case (w == "'" || w == "’") && i+1 < len(in) && adj(i) && tok(i+1) == "s" && i > 0 && in[i-1].End == t.Start:
			t.End = in[i+1].End
			i++
			out = append(out, t)
		default:
			out = append(out, t)
		}
	}
	return out
}

func isWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && unicode.IsUpper(r)
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}
