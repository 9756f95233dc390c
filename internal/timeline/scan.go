package timeline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tok is one word, number or punctuation mark of the scanned text.
type tok struct {
	s, e int    // byte span
	kind byte   // 'w' word, 'n' number, 'p' punctuation
	low  string // lowercased word; the mark itself for punctuation
	cap  bool   // word begins with an upper-case letter
	val  int    // number value (digits only; capped)
	nd   int    // number of digits
	ord  bool   // number written as an ordinal: 9th, 1st
}

// tokenize splits s into words (letters), numbers (ASCII digits, with an
// ordinal suffix kept on the number) and single punctuation runes. It is
// deliberately not internal/text's tokenizer: dates need "1/17/2023" and
// "9th" cut in a fixed way whatever that package decides for other stages.
func tokenize(s string) []tok {
	toks := make([]tok, 0, len(s)/5)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c >= '0' && c <= '9':
			j := i
			v := 0
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				if j-i < 9 {
					v = v*10 + int(s[j]-'0')
				}
				j++
			}
			t := tok{s: i, e: j, kind: 'n', val: v, nd: j - i}
			if j+2 <= len(s) {
				suf := strings.ToLower(s[j : j+2])
				if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") && (j+2 == len(s) || !isWordByte(s, j+2)) {
					t.e = j + 2
					t.ord = true
				}
			}
			t.low = s[t.s:t.e]
			toks = append(toks, t)
			i = t.e
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsLetter(r) {
				j := i
				for j < len(s) {
					r2, n2 := utf8.DecodeRuneInString(s[j:])
					if !unicode.IsLetter(r2) {
						break
					}
					j += n2
				}
				toks = append(toks, tok{s: i, e: j, kind: 'w', low: strings.ToLower(s[i:j]), cap: unicode.IsUpper(r)})
				i = j
				continue
			}
			if unicode.IsSpace(r) {
				i += n
				continue
			}
			toks = append(toks, tok{s: i, e: i + n, kind: 'p', low: s[i : i+n]})
			i += n
		}
	}
	return toks
}

func isWordByte(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

// monthAbbrevs need a period or a following day number to count, so that a
// person called Jan or the word "mar" is not a month.
var monthAbbrevs = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]int{
	"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
}

// holidayPrefixes turn a weekday into the name of a day that is not "the
// most recent such weekday": Black Friday, Good Friday, Bloody Sunday.
var holidayPrefixes = set("black good super bloody ash cyber easter palm holy maundy giving")

// titleSuffixes after a capitalised weekday make it part of a name:
// newspapers, programmes, services. A name in general may follow a weekday
// ("on Friday Biden acted"), so the list is closed.
var titleSuffixes = set(`times telegraph express mail post herald mirror star independent observer
	tribune review edition magazine night football service prayer school sport sports league
	mass club market`)

// monthCues may stand before a month written alone ("in September"); a bare
// capitalised "May" or "March" without one is too often a verb or a name.
var monthCues = set("in since by until till from before after during through throughout of around between")

// monthMods are kept in the expression's text because they change or
// qualify its meaning: "late September", "last September".
var monthMods = set("early late mid last next this")

// yearCues may stand before a bare four-digit year. AP style writes counts
// of 1,000 and more with a comma, so after these words a bare number in
// 1900–2099 is a year; the weaker cues (of, by, from, to, and) also need a
// function word or punctuation after the number ("a force of 2000 troops").
var yearCues = set("in since until till during throughout before after early late mid circa")
var weakYearCues = set("of by from to and between around")

// functionWords may follow a year after a weak cue ("of 2022, dedicated").
var functionWords = set(`and or but when while as after before to the a an in on at with through until
	that which it he she they we its his her their there was were is are had has have for of by from
	and when, amid despite than then where who`)

// futureWords in the words just before a date make it a planned or
// expected date, resolved forwards from the publication date.
var futureWords = set("will shall ll expected expect expects expecting scheduled due plans plan planned planning upcoming intends intend set")

// speechVerbs end the look-back for futureWords: in "he will go, Kahl said
// Monday" the future belongs to the quote, not to Monday.
var speechVerbs = set("said says told tells announced reported according added noted wrote stated")

var agoUnits = map[string]string{
	"day": "day", "days": "day", "week": "week", "weeks": "week",
	"month": "month", "months": "month", "year": "year", "years": "year",
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"several": -1, "few": -1,
}

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[strings.TrimSuffix(w, ",")] = true
	}
	return m
}
