package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbrevClass says how a word followed by a period behaves at a possible
// sentence end. Lists are case-sensitive on purpose: "No. 10" is an
// abbreviation, "said no." is the end of a sentence.
type abbrevClass uint8

const (
	notAbbrev abbrevClass = iota
	// title abbreviations precede a name and never end a sentence in news
	// text: "Gen. Valery Gerasimov", "Mt. Everest".
	title
	// general abbreviations may end a sentence; they do when the next word
	// is a frequent sentence starter ("... Inc. The company said").
	general
	// number abbreviations are general ones that are followed by a number
	// when they do not end a sentence: "Dec. 3", "No. 10".
	number
)

var abbrevs = func() map[string]abbrevClass {
	m := make(map[string]abbrevClass)
	add := func(c abbrevClass, words string) {
		for _, w := range strings.Fields(words) {
			m[w] = c
		}
	}
	add(title, `Mr Mrs Ms Mx Messrs Mmes Mme Mlle Dr Drs Prof Profs Gen Gens Sen Sens Rep Reps
		Gov Govs Lt Col Capt Cpt Sgt Maj Adm Cmdr Cdr Rev Hon Pres Supt Atty Amb Brig Cpl Pvt
		Pfc Spc Ens Insp Det Fr Msgr Rt Mt Ft Sra Srta`)
	add(general, `Jr Sr Inc Corp Co Cos Ltd Bros Intl Natl Assn Assoc Dept Univ Govt Ave Blvd Rd
		St Sq Hwy Pkwy Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
		Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss
		Mo Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo
		etc vs v al approx est ca cf incl viz ft lb lbs oz yr yrs mos hrs`)
	add(number, `Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos Art Vol Vols vol Fig fig
		p pp Ch ch Nr Apt Ste Bldg Rte Tel tel ext`)
	return m
}()

// starters are words that begin sentences far more often than they follow
// an abbreviation inside one. After "U.S." or "Inc." a capitalised word is
// usually a name ("U.S. Defense Department"); one of these marks a new
// sentence ("... in the U.S. The ministry said").
var starters = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(`The A An He She It They We I You This That These Those
		There Their His Her Its Our My Your In On At But And Or So Yet As If When While After
		Before Since Although Though However Meanwhile Still Also Then Now Some Many Most Much
		More What Why How Who Where Which Such For By With From Last Earlier Later According
		Under Despite Both Each Other Another Asked Among During Over Until Instead
		Nevertheless Moreover Furthermore Thus Therefore Indeed Even Only Just Not No Yes
		Mr Mrs Ms Here Today Yesterday Tomorrow Overall Finally First Every All Any Nothing
		Everyone Nobody Several Few Let Do Does Did Is Are Was Were Has Have Had Will Would
		Can Could Should Must Officials Analysts Experts Critics Sources`) {
		m[w] = true
	}
	return m
}()

// classify looks w up, and for hyphenated or bracketed forms ("(D-Mass") the
// part after the last hyphen, slash or bracket.
func classify(w string) abbrevClass {
	if c, ok := abbrevs[w]; ok {
		return c
	}
	if i := strings.LastIndexAny(w, "-/("); i >= 0 && i+1 < len(w) {
		return abbrevs[w[i+1:]]
	}
	return notAbbrev
}

// isInitial reports whether w is one capital letter, as in "John F. Kennedy".
// "I" is left out: "So do I." ends sentences far more often than a middle
// initial I appears.
func isInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && n > 0 && unicode.IsUpper(r) && r != 'I'
}

// isDotted reports whether w is an abbreviation written with inner periods
// whose final period was cut off: "U.S", "e.g", "a.m", "Ph.D".
func isDotted(w string) bool {
	if !strings.Contains(w, ".") {
		return false
	}
	for seg := range strings.SplitSeq(w, ".") {
		n := utf8.RuneCountInString(seg)
		if n < 1 || n > 2 {
			return false
		}
		for _, r := range seg {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return true
}
