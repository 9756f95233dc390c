package timeline

import (
	"time"
)

// ckind is the shape of a date expression before resolution.
type ckind uint8

const (
	cFull      ckind = iota // year, month and day
	cMonthYear              // "September 2022"
	cYear                   // "in 2014", "late 2022"
	cMonthDay               // "Oct. 17", "Friday, December 9th"
	cMonth                  // "in September", "late September", "last September"
	cWeekday                // "Monday", "last Saturday", "next Friday"
	cDeictic                // yesterday, today, tomorrow
	cAgo                    // "two weeks ago"
	cRelUnit                // "last month", "earlier this year", "next week"
)

// cand is a date expression found by scan, not yet resolved.
type cand struct {
	start, end int
	k          ckind
	y, m, d    int
	wd         int    // weekday written with the expression, or -1
	mod        string // last, next, this, early, late, mid
	n          int    // day offset (cDeictic) or count (cAgo)
	unit       string // day, week, month, year
	future     bool
	t0, t1     int // token range [t0, t1)
}

func (c *cand) relative() bool {
	switch c.k {
	case cWeekday, cDeictic, cAgo, cRelUnit:
		return true
	}
	return false
}

// scan finds the date expressions of s, left to right, never overlapping.
func scan(s string) []cand {
	toks := tokenize(s)
	p := parser{s: s, t: toks}
	var out []cand
	lastEnd := -10 // token index after the previous expression
	for i := 0; i < len(toks); {
		c, ok := p.at(i, lastEnd)
		if !ok {
			i++
			continue
		}
		c.start, c.end = toks[c.t0].s, toks[c.t1-1].e
		c.future = p.future(c.t0)
		out = append(out, c)
		lastEnd = c.t1
		i = c.t1
	}
	return out
}

type parser struct {
	s string
	t []tok
}

func (p *parser) word(i int) string {
	if i < 0 || i >= len(p.t) || p.t[i].kind != 'w' {
		return ""
	}
	return p.t[i].low
}

func (p *parser) punct(i int, marks string) bool {
	if i < 0 || i >= len(p.t) || p.t[i].kind != 'p' {
		return false
	}
	for _, r := range marks {
		if string(r) == p.t[i].low {
			return true
		}
	}
	return false
}

// adj says whether tokens i and i+1 touch (no space between them).
func (p *parser) adj(i int) bool {
	return i >= 0 && i+1 < len(p.t) && p.t[i].e == p.t[i+1].s
}

// numberEdge says whether number token i is glued to more number-like
// material on either side ("SS-26", "1/2", "3.5", "$275", "10:30", "90%"),
// which makes it part of something that is not a date.
func (p *parser) numberEdge(i int) bool {
	if i > 0 && p.adj(i-1) {
		pr := p.t[i-1]
		if pr.kind != 'p' || pr.low != "(" && pr.low != "“" && pr.low != "\"" {
			return true
		}
	}
	if p.adj(i) {
		nx := p.t[i+1]
		if nx.kind != 'p' {
			return true
		}
		switch nx.low {
		case "/", ":", "%", "-", "–":
			return true
		case ".", ",":
			if p.adj(i+1) && i+2 < len(p.t) && p.t[i+2].kind == 'n' {
				return true
			}
		}
	}
	return false
}

// month reads a month name at i: full names capitalised, abbreviations
// capitalised with a period ("Dec.") or, when needDay allows it, without
// one if a day number follows ("Feb 24"). It returns the month and the next
// token index.
func (p *parser) month(i int, abbrevOK bool) (int, int, bool) {
	if i < 0 || i >= len(p.t) || p.t[i].kind != 'w' || !p.t[i].cap {
		return 0, 0, false
	}
	w := p.t[i].low
	if m, ok := months[w]; ok {
		return m, i + 1, true
	}
	m, ok := monthAbbrevs[w]
	if !ok {
		return 0, 0, false
	}
	if p.adj(i) && p.punct(i+1, ".") {
		return m, i + 2, true
	}
	if abbrevOK {
		return m, i + 1, true
	}
	return 0, 0, false
}

// day reads a day of month (1–31, perhaps ordinal) at i.
func (p *parser) day(i int) (int, bool) {
	if i < 0 || i >= len(p.t) {
		return 0, false
	}
	t := p.t[i]
	if t.kind != 'n' || t.nd > 2 || t.val < 1 || t.val > 31 || p.numberEdge(i) {
		return 0, false
	}
	return t.val, true
}

// year reads a four-digit year in [lo, hi] at i.
func (p *parser) year(i, lo, hi int) (int, bool) {
	if i < 0 || i >= len(p.t) {
		return 0, false
	}
	t := p.t[i]
	if t.kind != 'n' || t.ord || t.nd != 4 || t.val < lo || t.val > hi {
		return 0, false
	}
	if p.adj(i) {
		nx := p.t[i+1]
		if nx.kind == 'n' || nx.kind == 'p' && (nx.low == "%" || nx.low == "/" || nx.low == ":") {
			return 0, false
		}
		if (nx.low == "." || nx.low == ",") && p.adj(i+1) && i+2 < len(p.t) && p.t[i+2].kind == 'n' {
			return 0, false
		}
	}
	if i > 0 && p.adj(i-1) {
		if pr := p.t[i-1]; pr.kind != 'p' || pr.low != "(" && pr.low != "“" && pr.low != "\"" && pr.low != "-" && pr.low != "–" {
			return 0, false
		}
	}
	return t.val, true
}

// at tries every pattern at token i, most specific first. lastEnd is the
// token index just after the previous expression, for "from September to
// November", where "to" is a cue only right after a date.
func (p *parser) at(i, lastEnd int) (cand, bool) {
	t := p.t[i]
	switch t.kind {
	case 'n':
		if c, ok := p.numeric(i); ok {
			return c, true
		}
		if c, ok := p.dayMonth(i); ok {
			return c, true
		}
		if c, ok := p.ago(i); ok {
			return c, true
		}
		return p.bareYear(i, lastEnd)
	case 'w':
	default:
		return cand{}, false
	}
	w := t.low
	if _, ok := weekdays[w]; ok && t.cap {
		if c, ok := p.weekdayDate(i); ok {
			return c, true
		}
		return p.weekday(i, i, "")
	}
	if t.cap {
		if c, ok := p.monthFirst(i, i); ok {
			return c, true
		}
		if c, ok := p.monthAlone(i, lastEnd); ok {
			return c, true
		}
	}
	switch w {
	case "yesterday", "today", "tonight", "tomorrow":
		return p.deictic(i)
	case "last", "next", "this", "past", "coming":
		return p.modified(i)
	case "early", "late", "mid":
		return p.period(i)
	case "earlier", "later":
		if p.word(i+1) == "this" {
			if u := p.word(i + 2); u == "week" || u == "month" || u == "year" {
				return cand{k: cRelUnit, mod: "this", unit: u, wd: -1, t0: i, t1: i + 3}, true
			}
		}
	}
	if n, ok := numberWords[w]; ok {
		return p.agoWord(i, n)
	}
	return cand{}, false
}

// numeric reads "2022-10-17" and "1/17/2023" (US order; day first when the
// first number cannot be a month). A year is required: "1/2" is a fraction.
func (p *parser) numeric(i int) (cand, bool) {
	t := p.t
	if i+4 >= len(t) || !p.adj(i) || !p.adj(i+1) || !p.adj(i+2) || !p.adj(i+3) {
		return cand{}, false
	}
	if i > 0 && p.adj(i-1) && (t[i-1].kind != 'p' || t[i-1].low == "/" || t[i-1].low == "-" || t[i-1].low == ".") {
		return cand{}, false
	}
	a, b, c := t[i], t[i+2], t[i+4]
	if a.kind != 'n' || b.kind != 'n' || c.kind != 'n' || a.ord || b.ord || c.ord {
		return cand{}, false
	}
	if p.adj(i+4) && (t[i+5].kind != 'p' || t[i+5].low == "/" || t[i+5].low == "-" || p.adj(i+5) && i+6 < len(t) && t[i+6].kind == 'n') {
		return cand{}, false
	}
	var y, m, d int
	switch {
	case t[i+1].low == "-" && t[i+3].low == "-" && a.nd == 4 && b.nd <= 2 && c.nd <= 2:
		y, m, d = a.val, b.val, c.val
	case t[i+1].low == "/" && t[i+3].low == "/" && a.nd <= 2 && b.nd <= 2 && c.nd == 4:
		y, m, d = c.val, a.val, b.val
		if m > 12 {
			m, d = d, m
		}
	default:
		return cand{}, false
	}
	if y < 1000 || !validDay(y, m, d) {
		return cand{}, false
	}
	return cand{k: cFull, y: y, m: m, d: d, wd: -1, t0: i, t1: i + 5}, true
}

// monthFirst reads "Oct. 17", "October 17th, 2022", "Feb 24 2022" and
// "September 2022" starting at the month token i; t0 is where the
// expression starts (a weekday before it) and wd that weekday or -1.
func (p *parser) monthFirst(t0, i int) (cand, bool) {
	m, j, ok := p.month(i, true)
	if !ok {
		return cand{}, false
	}
	if d, ok := p.day(j); ok {
		// An abbreviation without a period needs the day; a full name or
		// "Dec." has it here anyway.
		k := j + 1
		if p.punct(k, ",") {
			if y, ok := p.year(k+1, 1000, 2999); ok && validDay(y, m, d) {
				return cand{k: cFull, y: y, m: m, d: d, wd: -1, t0: t0, t1: k + 2}, true
			}
		} else if y, ok := p.year(k, 1000, 2999); ok && validDay(y, m, d) {
			return cand{k: cFull, y: y, m: m, d: d, wd: -1, t0: t0, t1: k + 1}, true
		}
		if !validDay(2000, m, d) { // 2000 is a leap year: Feb 29 stays possible
			return cand{}, false
		}
		return cand{k: cMonthDay, m: m, d: d, wd: -1, t0: t0, t1: j + 1}, true
	}
	if _, full := months[p.t[i].low]; !full && j == i+1 {
		return cand{}, false // "Jan Smith 2022": no period, no day
	}
	k := j
	if p.punct(k, ",") {
		k++
	}
	if y, ok := p.year(k, 1800, 2199); ok {
		return cand{k: cMonthYear, y: y, m: m, wd: -1, t0: t0, t1: k + 1}, true
	}
	return cand{}, false
}

// dayMonth reads "24 February 2022", "9th December", "17th of October".
func (p *parser) dayMonth(i int) (cand, bool) {
	d, ok := p.day(i)
	if !ok {
		return cand{}, false
	}
	j := i + 1
	if p.word(j) == "of" && p.t[i].ord {
		j++
	}
	m, k, ok := p.month(j, true)
	if !ok || !validDay(2000, m, d) {
		return cand{}, false
	}
	if p.punct(k, ",") {
		if y, ok := p.year(k+1, 1000, 2999); ok && validDay(y, m, d) {
			return cand{k: cFull, y: y, m: m, d: d, wd: -1, t0: i, t1: k + 2}, true
		}
	}
	if y, ok := p.year(k, 1000, 2999); ok && validDay(y, m, d) {
		return cand{k: cFull, y: y, m: m, d: d, wd: -1, t0: i, t1: k + 1}, true
	}
	return cand{k: cMonthDay, m: m, d: d, wd: -1, t0: i, t1: k}, true
}

// weekdayDate reads "Friday, December 9th" and "Saturday, 10 December 2022":
// the weekday written with the date pins the year when none is given.
func (p *parser) weekdayDate(i int) (cand, bool) {
	wd := weekdays[p.t[i].low]
	j := i + 1
	if p.punct(j, ",") {
		j++
	}
	c, ok := p.monthFirst(i, j)
	if !ok {
		c, ok = p.dayMonth(j)
		c.t0 = i
	}
	if !ok || c.k == cMonthYear {
		return cand{}, false
	}
	c.wd = wd
	return c, true
}

// weekday reads a weekday alone at i, with mod ("last", "next", "this")
// already read from t0.
func (p *parser) weekday(t0, i int, mod string) (cand, bool) {
	if i > 0 && p.t[i-1].kind == 'w' && p.t[i-1].cap && holidayPrefixes[p.t[i-1].low] {
		return cand{}, false
	}
	switch p.word(t0 - 1) {
	case "following", "previous", "same", "that", "every", "each", "the":
		// Anaphoric ("the following Monday") or habitual ("every Friday"):
		// not anchored on the publication date.
		return cand{}, false
	}
	if i+1 < len(p.t) && p.t[i+1].kind == 'w' && p.t[i+1].cap && titleSuffixes[p.t[i+1].low] {
		return cand{}, false // "Sunday Times", "Monday Night Football"
	}
	return cand{k: cWeekday, wd: weekdays[p.t[i].low], mod: mod, t0: t0, t1: i + 1}, true
}

// monthAlone reads a month written without day or year, which counts only
// after a cue word ("in September", "since March") or right after another
// date ("from September to November").
func (p *parser) monthAlone(i, lastEnd int) (cand, bool) {
	if _, full := months[p.t[i].low]; !full {
		if _, ab := monthAbbrevs[p.t[i].low]; !ab || !p.adj(i) || !p.punct(i+1, ".") {
			return cand{}, false
		}
	}
	m, j, ok := p.month(i, false)
	if !ok {
		return cand{}, false
	}
	prev := p.word(i - 1)
	if !monthCues[prev] && !((prev == "to" || prev == "and") && lastEnd >= i-2) {
		return cand{}, false
	}
	return cand{k: cMonth, m: m, wd: -1, t0: i, t1: j}, true
}

// modified reads last/next/this/past/coming followed by a weekday, a month
// or week/month/year.
func (p *parser) modified(i int) (cand, bool) {
	mod := p.word(i)
	switch mod {
	case "past":
		mod = "last"
	case "coming":
		mod = "next"
	}
	j := i + 1
	if j >= len(p.t) || p.t[j].kind != 'w' {
		return cand{}, false
	}
	w := p.t[j].low
	if _, ok := weekdays[w]; ok && p.t[j].cap {
		if p.word(i) == "past" || p.word(i) == "coming" {
			mod = ""
		}
		return p.weekday(i, j, mod)
	}
	switch w {
	case "week":
		return cand{k: cRelUnit, mod: mod, unit: w, wd: -1, t0: i, t1: j + 1}, true
	case "month", "year":
		if p.word(i) == "past" || p.word(i) == "coming" {
			return cand{}, false // "the past year" is a period of twelve months
		}
		return cand{k: cRelUnit, mod: mod, unit: w, wd: -1, t0: i, t1: j + 1}, true
	}
	if p.word(i) != "last" && p.word(i) != "next" && p.word(i) != "this" {
		return cand{}, false
	}
	if _, full := months[w]; full && p.t[j].cap {
		m, k, _ := p.month(j, false)
		return cand{k: cMonth, m: m, mod: mod, wd: -1, t0: i, t1: k}, true
	}
	return cand{}, false
}

// period reads early/late/mid before a month or a year: "late September",
// "mid-2022".
func (p *parser) period(i int) (cand, bool) {
	mod := p.word(i)
	j := i + 1
	if p.punct(j, "-–") && p.adj(i) && p.adj(j) {
		j++
	}
	if j >= len(p.t) {
		return cand{}, false
	}
	if p.t[j].kind == 'w' {
		if _, full := months[p.t[j].low]; full && p.t[j].cap {
			m, k, _ := p.month(j, false)
			// "late September 2022" keeps its year.
			kk := k
			if p.punct(kk, ",") {
				kk++
			}
			if y, ok := p.year(kk, 1800, 2199); ok {
				return cand{k: cMonthYear, y: y, m: m, mod: mod, wd: -1, t0: i, t1: kk + 1}, true
			}
			return cand{k: cMonth, m: m, mod: mod, wd: -1, t0: i, t1: k}, true
		}
		return cand{}, false
	}
	if y, ok := p.year(j, 1900, 2099); ok && (j == i+1 || p.t[j].s == p.t[j-1].e) {
		return cand{k: cYear, y: y, mod: mod, wd: -1, t0: i, t1: j + 1}, true
	}
	return cand{}, false
}

// bareYear reads a four-digit year after a cue word: "in 2014", "since
// 2014", "happenings of 2022,".
func (p *parser) bareYear(i, lastEnd int) (cand, bool) {
	y, ok := p.year(i, 1900, 2099)
	if !ok || i == 0 || p.adj(i-1) {
		return cand{}, false
	}
	prev := p.word(i - 1)
	strong := yearCues[prev]
	weak := weakYearCues[prev]
	if (prev == "to" || prev == "and") && lastEnd < i-1 {
		weak = false
	}
	if !strong && !weak {
		return cand{}, false
	}
	if !strong && i+1 < len(p.t) {
		nx := p.t[i+1]
		if nx.kind == 'w' && !nx.cap && !functionWords[nx.low] {
			return cand{}, false // "a force of 2000 troops"
		}
		if nx.kind == 'n' {
			return cand{}, false
		}
	}
	return cand{k: cYear, y: y, wd: -1, t0: i, t1: i + 1}, true
}

func (p *parser) deictic(i int) (cand, bool) {
	t := p.t[i]
	// A capitalised "Today" after a word is a title ("NBC's Today show").
	if t.cap && i > 0 && p.t[i-1].kind == 'w' {
		return cand{}, false
	}
	n := 0
	switch t.low {
	case "yesterday":
		n = -1
	case "tomorrow":
		n = 1
	}
	return cand{k: cDeictic, n: n, wd: -1, t0: i, t1: i + 1}, true
}

// ago reads "2 weeks ago" at a number token.
func (p *parser) ago(i int) (cand, bool) {
	t := p.t[i]
	if t.ord || t.nd > 3 || t.val < 1 || p.numberEdge(i) {
		return cand{}, false
	}
	return p.agoAt(i, t.val)
}

// agoWord reads "two weeks ago", "a year ago"; "a few days ago" has no
// date.
func (p *parser) agoWord(i, n int) (cand, bool) {
	if n < 1 {
		return cand{}, false
	}
	return p.agoAt(i, n)
}

func (p *parser) agoAt(i, n int) (cand, bool) {
	u, ok := agoUnits[p.word(i+1)]
	if !ok || p.word(i+2) != "ago" {
		return cand{}, false
	}
	return cand{k: cAgo, n: n, unit: u, wd: -1, t0: i, t1: i + 3}, true
}

// future says whether the words just before token t0, back to the start
// of the clause or a verb of speech, mark a planned or expected date.
func (p *parser) future(t0 int) bool {
	for i := t0 - 1; i >= 0 && i >= t0-10; i-- {
		t := p.t[i]
		if t.kind == 'p' {
			switch t.low {
			case ".", "!", "?", ";", ":", "“", "”", "\"":
				return false
			}
			continue
		}
		if t.kind != 'w' {
			continue
		}
		if speechVerbs[t.low] {
			return false
		}
		if t.low == "set" {
			if p.word(i+1) == "to" {
				return true
			}
			continue
		}
		if futureWords[t.low] {
			return true
		}
	}
	return false
}

// resolve gives c's date against ref (a day at midnight UTC).
func (c *cand) resolve(ref time.Time) (string, string) {
	switch c.k {
	case cFull:
		return format(date(c.y, c.m, c.d), Day)
	case cMonthYear:
		return format(date(c.y, c.m, 1), Month)
	case cYear:
		return format(date(c.y, 1, 1), Year)
	case cMonthDay:
		if c.wd >= 0 {
			// The written weekday picks the year; look within a year or so
			// of ref, nearest first, then fall back to the plain rule.
			for _, dy := range []int{0, -1, 1, -2} {
				y := ref.Year() + dy
				if validDay(y, c.m, c.d) && int(date(y, c.m, c.d).Weekday()) == c.wd {
					return format(date(y, c.m, c.d), Day)
				}
			}
		}
		return format(monthDayNear(ref, c.m, c.d, c.future), Day)
	case cMonth:
		y := ref.Year()
		rm := int(ref.Month())
		switch {
		case c.mod == "last":
			if c.m >= rm {
				y--
			}
		case c.mod == "next":
			if c.m <= rm {
				y++
			}
		case c.mod == "this":
		case c.future:
			if c.m < rm {
				y++
			}
		default:
			if c.m > rm {
				y--
			}
		}
		return format(date(y, c.m, 1), Month)
	case cWeekday:
		diff := (int(ref.Weekday()) - c.wd + 7) % 7 // days back to the most recent on or before ref
		switch {
		case c.mod == "last":
			if diff == 0 {
				diff = 7
			}
			return format(ref.AddDate(0, 0, -diff), Day)
		case c.mod == "next":
			fwd := (c.wd - int(ref.Weekday()) + 7) % 7
			if fwd == 0 {
				fwd = 7
			}
			return format(ref.AddDate(0, 0, fwd), Day)
		case c.future:
			fwd := (c.wd - int(ref.Weekday()) + 7) % 7
			return format(ref.AddDate(0, 0, fwd), Day)
		default:
			return format(ref.AddDate(0, 0, -diff), Day)
		}
	case cDeictic:
		return format(ref.AddDate(0, 0, c.n), Day)
	case cAgo:
		switch c.unit {
		case "day":
			return format(ref.AddDate(0, 0, -c.n), Day)
		case "week":
			return format(ref.AddDate(0, 0, -7*c.n), Day)
		case "month":
			return format(firstOfMonth(ref).AddDate(0, -c.n, 0), Month)
		case "year":
			return format(ref.AddDate(-c.n, 0, 0), Year)
		}
	case cRelUnit:
		step := 0
		switch c.mod {
		case "last":
			step = -1
		case "next":
			step = 1
		}
		switch c.unit {
		case "month":
			return format(firstOfMonth(ref).AddDate(0, step, 0), Month)
		case "year":
			return format(date(ref.Year()+step, 1, 1), Year)
		case "week":
			mon := ref.AddDate(0, 0, -((int(ref.Weekday())+6)%7)+7*step)
			sun := mon.AddDate(0, 0, 6)
			switch {
			case mon.Month() == sun.Month() && mon.Year() == sun.Year():
				return format(mon, Month)
			case mon.Year() == sun.Year():
				return format(mon, Year)
			}
		}
	}
	return "", ""
}

func firstOfMonth(t time.Time) time.Time { return date(t.Year(), int(t.Month()), 1) }

// monthDayNear is the most recent month-day on or before ref, or with
// future set the first on or after it. Feb 29 moves to a leap year.
func monthDayNear(ref time.Time, m, d int, future bool) time.Time {
	y := ref.Year()
	step := -1
	if future {
		step = 1
	}
	for k := 0; k < 9; k++ {
		if validDay(y, m, d) {
			t := date(y, m, d)
			if !future && !t.After(ref) || future && !t.Before(ref) {
				return t
			}
		}
		y += step
	}
	return date(ref.Year(), m, 1) // unreachable for a valid month and day
}

// resolveNoRef resolves c when the publication date is unknown: from its
// own year, else the year of the nearest explicit date in cs that has one.
func (c *cand) resolveNoRef(cs []cand, i int, now time.Time) (string, string) {
	switch c.k {
	case cFull, cMonthYear, cYear:
		return c.resolve(time.Time{})
	case cMonthDay, cMonth:
	default:
		return "", ""
	}
	y, ok := contextYear(cs, i)
	if !ok && c.k == cMonthDay && c.wd >= 0 {
		y, ok = weekdayYear(c.m, c.d, c.wd, 1900, now.Year())
	}
	if !ok {
		return "", ""
	}
	if c.k == cMonth {
		return format(date(y, c.m, 1), Month)
	}
	if !validDay(y, c.m, c.d) {
		return "", ""
	}
	return format(date(y, c.m, c.d), Day)
}

// contextYear is the year of the nearest explicit full or month-year date
// before cs[i], else after it. Bare years ("since 2014") are not used: they
// often name the start of a long period, not the article's time.
func contextYear(cs []cand, i int) (int, bool) {
	for j := i - 1; j >= 0; j-- {
		if cs[j].k == cFull || cs[j].k == cMonthYear {
			return cs[j].y, true
		}
	}
	for j := i + 1; j < len(cs); j++ {
		if cs[j].k == cFull || cs[j].k == cMonthYear {
			return cs[j].y, true
		}
	}
	return 0, false
}

// weekdayYear is the latest year in [lo, hi] in which m/d falls on weekday
// wd: news is read after it is written, so the latest past match is the
// likeliest (Friday, December 9th → 2022 when read in 2023–2032).
func weekdayYear(m, d, wd, lo, hi int) (int, bool) {
	for y := hi; y >= lo; y-- {
		if validDay(y, m, d) && int(date(y, m, d).Weekday()) == wd {
			return y, true
		}
	}
	return 0, false
}
