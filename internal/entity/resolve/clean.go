package resolve

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
)

// word is one whitespace-separated token of a mention, as byte offsets
// into the document's text.
type word struct{ start, end int }

// titleWords are the words of titles, honorifics and roles that the tagger
// leaves inside person spans ("Foreign Secretary James Cleverly", "Under
// Secretary of Defense for Policy Colin Kahl"). Compared lower-cased with
// punctuation removed ("Mr." → "mr").
var titleWords = set(`mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend
president presidentelect vice prime premier minister ministers secretary secretarygeneral deputy under assistant
undersecretary foreign defense defence home interior finance treasury justice state health energy
commerce trade education labor labour transport transportation agriculture culture economy economic
affairs policy security national homeland intelligence strategic communications press public diplomacy
spokesman spokeswoman spokesperson spokespeople spokesmen official officials aide adviser advisor advisers
general gen lieutenant lt colonel col major maj captain capt admiral adm sgt sergeant commander cmdr
brigadier marshal field air naval navy army chief chiefs staff joint head
senator sen rep representative congressman congresswoman governor gov mayor chancellor
king queen prince princess crown emir sheikh ayatollah supreme leader pope cardinal archbishop bishop
ambassador envoy special director deputydirector chairman chairwoman chair chairperson ceo cfo founder
editor correspondent reporter anchor judge attorney prosecutor counsel coordinator
speaker whip member mp mps lawmaker commissioner high representative
former then acting interim incoming outgoing late top senior new current ex
the a an his her their its mr. dr.`)

// titleLinks join the words of one title ("Secretary of State", "Under
// Secretary of Defense for Policy"); the word after a link is part of the
// title even when it is not a title word ("Minister of Energy").
var titleLinks = set(`of for and to on`)

// modifiers are leading words stripped from a mention of any type ("Top
// U.S. officials" tagged "Top U.S.").
var modifiers = set(`the a an top senior former then acting interim so-called socalled`)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// qualifiers map a leading country word of an organisation's name onto one
// code, so that "British Ministry of Defence", "UK MoD" and "U.K. Defence
// Ministry" share a qualifier. Unknown demonyms fall back to themselves.
var qualifiers = map[string]string{
	"british": "uk", "uk": "uk", "britain": "uk", "britains": "uk", "unitedkingdom": "uk", "english": "uk",
	"us": "us", "american": "us", "america": "us", "unitedstates": "us", "usa": "us", "whitehouse": "us",
	"russian": "ru", "russia": "ru", "russias": "ru", "kremlin": "ru",
	"iranian": "ir", "iran": "ir", "irans": "ir",
	"ukrainian": "ua", "ukraine": "ua", "ukraines": "ua",
	"chinese": "cn", "china": "cn", "chinas": "cn",
	"french": "fr", "france": "fr", "german": "de", "germany": "de",
	"israeli": "il", "israel": "il", "turkish": "tr", "turkey": "tr",
	"australian": "au", "australia": "au", "canadian": "ca", "canada": "ca",
	"japanese": "jp", "japan": "jp", "indian": "in", "india": "in",
	"european": "eu", "eu": "eu", "northkorean": "kp", "southkorean": "kr",
	"belarusian": "by", "belarus": "by", "syrian": "sy", "syria": "sy",
	"saudi": "sa", "polish": "pl", "poland": "pl", "italian": "it", "italy": "it",
}

// cleaned is one mention after cleaning: the words that name the entity.
type cleaned struct {
	doc        int
	start, end int // byte offsets of the name only
	typ        string
	surface    string   // text[start:end]
	toks       []string // normToken of each word, empties dropped
	ctoks      []string // canonToken of each token
	key        string   // strings.Join(ctoks, ""): what exact matching compares
	order      int      // position in input order, for deterministic ties
}

// splitWords splits text[start:end] at white space.
func splitWords(text string, start, end int) []word {
	var out []word
	i := start
	for i < end {
		r, n := utf8.DecodeRuneInString(text[i:end])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < end {
			r, n := utf8.DecodeRuneInString(text[j:end])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		out = append(out, word{i, j})
		i = j
	}
	return out
}

// trimWord cuts surrounding punctuation and a possessive from one word:
// quotes, brackets and commas always; a final period only when the word is
// not an abbreviation ("U.S.", "Jr." keep theirs).
func trimWord(text string, w word) word {
	for w.start < w.end {
		r, n := utf8.DecodeRuneInString(text[w.start:w.end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		w.start += n
	}
	for w.start < w.end {
		s := text[w.start:w.end]
		switch {
		case strings.HasSuffix(s, "'s"), strings.HasSuffix(s, "'S"):
			w.end -= 2
			continue
		case strings.HasSuffix(s, "’s"):
			w.end -= len("’s")
			continue
		case strings.HasSuffix(s, "s'"):
			w.end--
			continue
		case strings.HasSuffix(s, "s’"):
			w.end -= len("’")
			continue
		}
		r, n := utf8.DecodeLastRuneInString(s)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		if r == '.' && strings.Count(s, ".") > 1 {
			break // "U.S.", "D.C."
		}
		if r == '.' && len(s) <= 4 && isUpperRune(s) {
			break // "Jr.", "Mr.", "St."
		}
		w.end -= n
	}
	return w
}

func isUpperRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func lowerWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// cleaner holds what cleaning consults.
type cleaner struct {
	gaz *gazetteer.Gazetteer
}

// gazKind looks a surface up in the gazetteer.
func (c cleaner) gazKind(s string) (gazetteer.Kind, bool) {
	if c.gaz == nil {
		return "", false
	}
	return c.gaz.Lookup(s)
}

// isPlaceOrPeople reports whether a word names a country or nationality,
// which a person span may start with ("British Foreign Secretary …").
func (c cleaner) isPlaceOrPeople(w string) bool {
	if _, ok := qualifiers[normToken(w)]; ok {
		return true
	}
	k, ok := c.gazKind(w)
	return ok && (k == gazetteer.NORP || k == gazetteer.GPE)
}

// clean reduces a mention to the words that name the entity and retypes
// nationality words. ok is false for a mention that names nothing (a
// title alone, a number, a lower-case word, a photo credit).
func (c cleaner) clean(text string, start, end int, typ string) (cleaned, bool) {
	if start < 0 || end > len(text) || start >= end {
		return cleaned{}, false
	}
	if isCredit(text, start, end) {
		return cleaned{}, false
	}
	var ws []word
	for _, w := range splitWords(text, start, end) {
		if w = trimWord(text, w); w.start < w.end {
			ws = append(ws, w)
		}
	}
	// Leading lower-case words and modifiers: "eastern Ukraine", "the
	// Kremlin", "Top U.S.".
	for len(ws) > 1 {
		s := text[ws[0].start:ws[0].end]
		if !lowerWord(s) && !modifiers[strings.ToLower(s)] {
			break
		}
		ws = ws[1:]
	}
	if typ == "PERSON" {
		ws = c.stripTitles(text, ws)
	}
	if len(ws) == 0 {
		return cleaned{}, false
	}
	cm := cleaned{start: ws[0].start, end: ws[len(ws)-1].end, typ: typ}
	cm.surface = text[cm.start:cm.end]
	for _, w := range ws {
		if t := normToken(text[w.start:w.end]); t != "" {
			cm.toks = append(cm.toks, t)
			cm.ctoks = append(cm.ctoks, canonToken(t))
		}
	}
	cm.key = strings.Join(cm.ctoks, "")
	if junk(cm) {
		return cleaned{}, false
	}
	k, listed := c.gazKind(cm.surface)
	switch {
	case listed && k == gazetteer.NORP:
		cm.typ = "MISC" // "Russian", "Iranians": nationalities are MISC, not places
	case !listed && c.placeCompound(cm.surface):
		return cleaned{}, false // "Russia-Iran" (ties): a relation, not an entity
	case !listed && strings.HasSuffix(cm.surface, "ern"):
		// "Middle Eastern" is an adjective of the place "Middle East".
		if k, ok := c.gazKind(strings.TrimSuffix(cm.surface, "ern")); ok && (k == gazetteer.LOC || k == gazetteer.GPE) {
			cm.typ = "MISC"
		}
	}
	return cm, true
}

// placeCompound reports a hyphenated pair of places or peoples
// ("Russia-Iran", "US-Russian").
func (c cleaner) placeCompound(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		k, ok := c.gazKind(p)
		if !ok || (k != gazetteer.GPE && k != gazetteer.NORP) {
			return false
		}
	}
	return true
}

// stripTitles drops the leading title of a person span, and the country
// or nationality before it: "U.K. Foreign Secretary James Cleverly" →
// "James Cleverly". A span that is all title ("Under Secretary of
// Defense") comes back empty.
func (c cleaner) stripTitles(text string, ws []word) []word {
	i := 0
	for i < len(ws) {
		s := text[ws[i].start:ws[i].end]
		n := normToken(s)
		switch {
		case titleWords[n], lowerWord(s) && !titleLinks[n]:
			i++
		case titleLinks[n] && i > 0 && i+1 < len(ws):
			i += 2 // "of Defense", "for Policy"
		case i < len(ws)-1 && c.isPlaceOrPeople(s) && i+1 < len(ws) && titleWords[normToken(text[ws[i+1].start:ws[i+1].end])]:
			i++ // "British" before "Foreign Secretary"
		default:
			return ws[i:]
		}
	}
	return nil
}

// junk reports mentions that cannot name an entity: no letters, a number,
// one lower-case word.
func junk(cm cleaned) bool {
	if cm.key == "" {
		return true
	}
	letters := false
	for _, r := range cm.surface {
		if unicode.IsLetter(r) {
			letters = true
			break
		}
	}
	if !letters {
		return true
	}
	if len(cm.toks) == 1 && strings.ToLower(cm.surface) == cm.surface {
		return true
	}
	return false
}

// creditWords end photo credits ("Name/Getty Images", "AFP via Getty").
var creditWords = []string{"Getty", "AFP", "AP Photo", "Reuters/", "EPA", "Shutterstock", "Alamy", "Images", "Sipa", "Anadolu", "Bloomberg via"}

// isCredit reports a mention inside a photo credit: a slash joining it to
// the next or previous name, an agency named in it, or a "Photo:" lead.
func isCredit(text string, start, end int) bool {
	span := text[start:end]
	if strings.Contains(span, "/") || (end < len(text) && text[end] == '/') || (start > 0 && text[start-1] == '/') {
		return true
	}
	for _, w := range creditWords {
		if strings.Contains(span, w) && w != "Images" {
			return true
		}
	}
	if strings.HasSuffix(span, "Images") {
		return true
	}
	lead := text[max(0, start-24):start]
	if i := strings.LastIndexByte(lead, '\n'); i >= 0 {
		lead = lead[i+1:]
	}
	var buf [32]byte
	if low, exact := foldASCII(lead, buf[:0]); exact {
		return containsAny(low, creditLeads)
	}
	ll := strings.ToLower(lead)
	for _, p := range creditLeads {
		if strings.Contains(ll, p) {
			return true
		}
	}
	return false
}

// creditLeads open a photo credit.
var creditLeads = []string{"photo:", "photograph:", "image:", "credit:", "photo by", "picture:", "pictured:"}
