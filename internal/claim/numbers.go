package claim

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Quantity is one number a sentence states about something, normalised:
// the interval [Lo, Hi] of values the wording allows ("hundreds" is
// 200–999, "more than 10" is 10–∞, "about 150" is 127.5–172.5), what it
// counts (Unit: "USD", "percent", a unit group or the stem of the head
// noun), and for partitives ("10 of 15", "10 out of 15") the whole.
type Quantity struct {
	Start, End int // byte offsets of the number phrase in the article text
	Lo, Hi     float64
	Of         float64 // the whole of a partitive, 0 when none
	Unit       string
	Vague      bool // a vague plural ("hundreds", "dozens")
	// Partial marks a member of an enumeration or alternative ("two women
	// and a man", "12 Somali and 11 Yemeni", "$184 million or $23
	// million"): a part, not the count of the whole.
	Partial bool
	// Rate marks a per-period figure ("$23 million per season", "an
	// average annual value of $21 million"); Age an age ("at the age of
	// 85"). Neither counts the thing the sentence is about.
	Rate, Age bool
	tok       int // index of the first number token in the sentence's tokens
	endTok    int // index after the last token of the phrase
}

// exact reports whether the quantity is one stated value.
func (q Quantity) exact() bool { return q.Lo == q.Hi }

// Value is a representative value (the midpoint of a bounded interval).
func (q Quantity) Value() float64 {
	if math.IsInf(q.Hi, 1) {
		return q.Lo
	}
	return (q.Lo + q.Hi) / 2
}

var smallNumbers = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var scales = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"mln": 1e6, "bln": 1e9, "bn": 1e9,
}

// vague plurals and the intervals they allow: "hundreds" is at least two
// hundred and fewer than a thousand.
var vagues = map[string][2]float64{
	"tens": {20, 99}, "dozens": {24, 99}, "hundreds": {200, 999}, "thousands": {2000, 9999},
	"millions": {2e6, 999e6}, "billions": {2e9, 999e9},
}

// vagueBase is the unit of the vague plurals that "hundreds of …" and
// "tens of …" multiply.
var vagueBase = map[string]float64{"thousands": 1e3, "millions": 1e6, "billions": 1e9}

var currencies = map[string]string{"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}

var currencyWords = map[string]string{
	"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
	"sterling": "GBP", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "yuan": "CNY",
	"rial": "IRR", "rials": "IRR", "hryvnia": "UAH", "hryvnias": "UAH", "yen": "JPY",
}

var measureSuffix = map[string]string{"km": "km", "kg": "kg", "mm": "mm", "m": "m", "t": "t", "mph": "mph", "kph": "kph", "cm": "cm"}

// notHead are words that may follow a number without being what it
// counts: the head noun comes after them, or the phrase has none.
var notHead = map[string]bool{
	"such": true, "more": true, "other": true, "new": true, "additional": true, "further": true, "extra": true,
	"of": true, "the": true, "these": true, "those": true, "its": true, "their": true, "his": true, "her": true,
	"our": true, "some": true, "about": true, "roughly": true, "nearly": true, "different": true, "separate": true,
	"so-called": true, "total": true,
}

// headStop are words that end the noun phrase after a number.
var headStop = map[string]bool{
	"that": true, "which": true, "who": true, "to": true, "in": true, "on": true, "at": true, "for": true,
	"from": true, "by": true, "with": true, "and": true, "or": true, "as": true, "into": true, "than": true,
	"were": true, "was": true, "are": true, "is": true, "have": true, "had": true, "has": true, "will": true,
	"would": true, "since": true, "before": true, "after": true, "during": true, "used": true, "being": true,
	"without": true, "across": true, "over": true, "under": true, "while": true, "per": true, "a": true,
	"an": true, "each": true, "this": true, "last": true, "ago": true, "earlier": true, "later": true,
}

// parseNumberWord reads one token as a number: digits ("6,000", "1.5",
// "500kg"), a fraction glued to a whole ("1/2"), or a number word. It
// returns the value and a measure unit glued to the digits.
func parseNumberWord(w string) (v float64, unit string, ok bool) {
	if v, ok := smallNumbers[w]; ok {
		return v, "", true
	}
	if i := strings.IndexByte(w, '-'); i > 0 { // "twenty-five"
		a, okA := smallNumbers[w[:i]]
		b, okB := smallNumbers[w[i+1:]]
		if okA && okB && a >= 20 && b < 10 {
			return a + b, "", true
		}
	}
	if w == "" || w[0] < '0' || w[0] > '9' {
		return 0, "", false
	}
	digits := w
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < '0' || c > '9') && c != ',' && c != '.' && c != '/' {
			digits, unit = w[:i], w[i:]
			break
		}
	}
	if unit != "" {
		u, known := measureSuffix[unit]
		if !known {
			return 0, "", false // "27th", "1990s", "9mm"-like codes we do not read
		}
		unit = u
	}
	if strings.Contains(digits, "/") {
		a, b, _ := strings.Cut(digits, "/")
		x, err1 := strconv.ParseFloat(a, 64)
		y, err2 := strconv.ParseFloat(b, 64)
		if err1 != nil || err2 != nil || y == 0 || strings.Count(digits, "/") > 1 {
			return 0, "", false
		}
		return x / y, unit, true
	}
	// A comma must group thousands ("6,000"), else it is a list ("3,4").
	if strings.Contains(digits, ",") {
		parts := strings.Split(strings.SplitN(digits, ".", 2)[0], ",")
		for i, p := range parts {
			if (i == 0 && (len(p) == 0 || len(p) > 3)) || (i > 0 && len(p) != 3) {
				return 0, "", false
			}
		}
		digits = strings.ReplaceAll(digits, ",", "")
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, "", false
	}
	return v, unit, true
}

// quantities finds the numbers stated in one sentence. words are its
// tokens, lower-cased; offs their byte offsets in the article; skip marks
// tokens that belong to date expressions (years and days are dates, not
// quantities).
func quantities(words []string, offs [][2]int, skip []bool) []Quantity {
	var out []Quantity
	n := len(words)
	for i := 0; i < n; i++ {
		if skip[i] {
			continue
		}
		start := i
		var (
			lo, hi float64
			unit   string
			vague  bool
			j      int // first token after the number phrase
		)
		switch {
		case words[i] == "a" && i+1 < n && words[i+1] == "dozen":
			lo, hi, j = 12, 12, i+2
		case words[i] == "dozen" && (i == 0 || words[i-1] != "a"):
			continue
		case vagues[words[i]] != [2]float64{}:
			r := vagues[words[i]]
			lo, hi, vague, j = r[0], r[1], true, i+1
			// "tens of thousands", "hundreds of thousands"
			if i+2 < n && words[i+1] == "of" {
				if base, ok := vagueBase[words[i+2]]; ok {
					lo, hi, j = lo*base, (hi+1)*base-1, i+3
				}
			}
			if words[i] == "tens" && j == i+1 {
				continue // bare "tens" is not a count
			}
		default:
			v, u, ok := parseNumberWord(words[i])
			if !ok {
				// "10-15": a range in one token
				if a, b, cut := strings.Cut(words[i], "-"); cut {
					x, _, okA := parseNumberWord(a)
					y, _, okB := parseNumberWord(b)
					if okA && okB && a != "" && b != "" && a[0] >= '0' && a[0] <= '9' && y > x {
						lo, hi, j = x, y, i+1
						break
					}
				}
				continue
			}
			if _, word := smallNumbers[words[i]]; word && words[i] == "one" {
				continue // "one of", "one" as a pronoun: too often not a count
			}
			unit, j = u, i+1
			// "9 1/2"
			if j < n && strings.Contains(words[j], "/") {
				if f, _, ok := parseNumberWord(words[j]); ok && f < 1 {
					v += f
					j++
				}
			}
			// "1.5 million", "two hundred thousand"
			for j < n {
				s, ok := scales[words[j]]
				if !ok {
					break
				}
				v *= s
				j++
			}
			lo, hi = v, v
			// "10 to 15", "10-15" written apart
			if j+1 < n && (words[j] == "to" || words[j] == "-" || words[j] == "–") {
				if w, _, ok := parseNumberWord(words[j+1]); ok && w > v {
					k := j + 2
					for k < n {
						s, ok := scales[words[k]]
						if !ok {
							break
						}
						w *= s
						k++
					}
					if w > v {
						hi, j = w, k
					}
				}
			}
		}
		q := Quantity{Lo: lo, Hi: hi, Vague: vague, tok: i}
		// Currency before the number: "$ 275 million".
		if start > 0 {
			if c, ok := currencies[words[start-1]]; ok {
				unit, start = c, start-1
			}
		}
		// Modifiers before: "more than", "about", "up to", "between … and",
		// also across an article ("more than the $21 million").
		if start > 0 && words[start-1] == "the" {
			s := start - 1
			if l, h := modify(words, s, lo, hi, &s); l != lo || h != hi {
				lo, hi, start = l, h, s
			}
		} else {
			lo, hi = modify(words, start, lo, hi, &start)
		}
		q.Lo, q.Hi = lo, hi
		// Partitive: "10 of 15", "10 out of 15".
		k := j
		if k < n && words[k] == "out" {
			k++
		}
		if k+1 < n && words[k] == "of" {
			d := k + 1 // "18 of its next 23 games"
			for d < n && d <= k+3 && partitiveDet[words[d]] {
				d++
			}
			if d < n {
				if w, _, ok := parseNumberWord(words[d]); ok && w > q.Hi && !skip[d] {
					q.Of = w
					j = d + 1
				}
			}
		}
		// Between X and Y.
		if start > 0 && words[start-1] == "between" && j+1 < n && words[j] == "and" {
			if w, _, ok := parseNumberWord(words[j+1]); ok && w > q.Lo {
				q.Hi, start, j = w, start-1, j+2
			}
		}
		if j < n && (words[j] == "%" || words[j] == "percent") {
			unit, j = "percent", j+1
		} else if j+1 < n && words[j] == "per" && words[j+1] == "cent" {
			unit, j = "percent", j+2
		}
		if unit == "" && j < n {
			if c, ok := currencyWords[words[j]]; ok {
				unit, j = c, j+1
			} else if u, ok := measureSuffix[words[j]]; ok && len(words[j]) > 1 {
				unit, j = u, j+1
			}
		}
		if unit == "" {
			var h int
			unit, h = headNoun(words, j)
			if h >= 0 {
				j = h + 1 // the span covers what is counted: "hundreds of drones"
			}
		} else if len(unit) > 0 && unit[0] >= 'a' && unit[0] <= 'z' {
			unit = unitOf(unit)
		}
		q.Unit = unit
		q.Start, q.End = offs[start][0], offs[max(j-1, i)][1]
		q.endTok = j
		markContext(words, start, j, &q, out)
		out = append(out, q)
		i = max(i, j-1)
	}
	return out
}

var partitiveDet = map[string]bool{
	"the": true, "its": true, "their": true, "his": true, "her": true, "next": true, "last": true,
	"first": true, "final": true, "past": true, "our": true,
}

var periods = map[string]bool{
	"year": true, "season": true, "month": true, "week": true, "day": true, "game": true, "hour": true,
	"annum": true, "match": true, "night": true,
}

// markContext sets the Partial, Rate and Age flags of q, the phrase of
// tokens [start, end), from the words around it; prev holds the
// sentence's earlier quantities.
func markContext(words []string, start, end int, q *Quantity, prev []Quantity) {
	n := len(words)
	at := func(k int) string {
		if k >= 0 && k < n {
			return words[k]
		}
		return ""
	}
	numberLike := func(w string) bool {
		_, _, ok := parseNumberWord(w)
		_, cur := currencies[w]
		return ok || cur || w == "a" || w == "an" || vagues[w] != [2]float64{}
	}
	if c := at(end); (c == "and" || c == "or" || c == "," || c == "-" || c == "–") && numberLike(at(end+1)) {
		q.Partial = true // also a score or record: "a 20 - 13 lead", "58-3"
	}
	if c := at(start - 1); (c == "-" || c == "–") && numberLike(at(start-2)) {
		q.Partial = true
	}
	if c := at(start - 1); c == "and" || c == "or" || c == "," {
		// "a man and two women"; but "a five-year, $80 million contract"
		// is one phrase
		if c != "," && (numberLike(at(start-2)) || numberLike(at(start-3))) {
			q.Partial = true
		}
		if len(prev) > 0 && prev[len(prev)-1].endTok >= start-3 {
			q.Partial = true
			prev[len(prev)-1].Partial = true
		}
	}
	// "10 extra titles", "another 500": an increment on a total, which
	// another source's total ("22 launch titles") does not contradict.
	for k := max(q.tok+1, start); k <= end && k < n; k++ {
		switch words[k] {
		case "extra", "additional", "more", "further", "fresh":
			q.Partial = true
		}
	}
	if a := at(start - 1); a == "another" || a == "additional" || a == "extra" {
		q.Partial = true
	}
	switch {
	case at(end) == "per" || at(end) == "annually" || at(end) == "apiece" || at(end) == "each" || at(end) == "a-year":
		q.Rate = true
	case (at(end) == "a" || at(end) == "an" || at(end) == "every") && periods[stem(at(end+1))]:
		q.Rate = true
	}
	for k := max(start-5, 0); k < start; k++ {
		switch words[k] {
		case "annual", "average", "yearly", "monthly", "weekly", "daily", "rate":
			q.Rate = true
		}
	}
	if a := at(start - 1); a == "aged" || a == "age" || (a == "of" && at(start-2) == "age") {
		q.Age = true
	}
	if (at(end) == "years" || at(end) == "year") && at(end+1) == "old" || strings.HasSuffix(at(end), "year-old") {
		q.Age = true
	}
}

// modify applies the modifiers written before a number to its interval.
func modify(words []string, at int, lo, hi float64, start *int) (float64, float64) {
	prev := func(k int) string {
		if at-k >= 0 {
			return words[at-k]
		}
		return ""
	}
	two := prev(2) + " " + prev(1)
	switch {
	case two == "more than" || two == "over than" || two == "at least" || two == "upwards of" || two == "in excess of" || two == "excess of" || prev(1) == "over" || prev(1) == "exceeding":
		*start = at - 1
		if prev(1) == "than" || prev(1) == "least" || prev(1) == "of" {
			*start = at - 2
		}
		return lo, math.Inf(1)
	case two == "less than" || two == "fewer than" || two == "up to" || two == "at most" || prev(1) == "under" || prev(1) == "below":
		*start = at - 1
		if prev(1) == "than" || prev(1) == "to" || prev(1) == "most" {
			*start = at - 2
		}
		return 0, hi
	case prev(1) == "nearly" || prev(1) == "almost" || two == "close to" || two == "just under":
		*start = at - 1
		return lo * 0.85, hi
	case prev(1) == "about" || prev(1) == "around" || prev(1) == "approximately" || prev(1) == "roughly" ||
		prev(1) == "some" || prev(1) == "estimated" || prev(1) == "reportedly" || prev(1) == "circa":
		*start = at - 1
		return lo * 0.85, hi * 1.15
	}
	return lo, hi
}

// headNoun returns the unit of the noun phrase starting at token j: its
// last noun-like word before a function word, or "" when there is none.
func headNoun(words []string, j int) (string, int) {
	head, at := "", -1
	for k := j; k < len(words) && k < j+4; k++ {
		w := words[k]
		if notHead[w] {
			if head != "" {
				break
			}
			continue
		}
		if headStop[w] || !isWord(w) {
			break
		}
		if _, _, ok := parseNumberWord(w); ok {
			break
		}
		if strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ly") {
			break // "500,000 Russians conscripted": a verb, not the head
		}
		head, at = w, k
	}
	if head == "" {
		return "", -1
	}
	return unitOf(head), at
}

// isWord reports whether w is a word: letters, with inner hyphens and
// apostrophes.
func isWord(w string) bool {
	letter := false
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case r == '-' || r == '\'':
		default:
			return false
		}
	}
	return letter
}
