package scraped

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// meta is what a header line such as "Newsweek 1/17/2023 David Brennan" or
// "By Jane Doe | Published 3:15 PM EST, Sat December 10, 2022" says.
type meta struct {
	date    string // ISO
	outlet  string
	authors []string
}

// Dates are parsed strictly, from the handful of forms news pages print in
// their header, rather than with a general natural-language date parser: a
// header line is either one of these forms or not a date line, and a
// lenient parser would read "9" or "Sat" in a menu as a date. Numeric
// dates are read month first (the US convention of the pages that print
// them, such as MSN) unless the first number cannot be a month.
const monthRE = `(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)`

var (
	dateMDY   = regexp.MustCompile(`(?i)\b` + monthRE + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	dateDMY   = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthRE + `\.?,?\s+(\d{4})\b`)
	dateISO   = regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})(?:T|\b)`)
	dateSlash = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
	dateDots  = regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b`)

	clockTime = regexp.MustCompile(`(?i)\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+(?:[A-Z]{2,5}|GMT[+-]\d{1,2}|UTC[+-]\d{1,2}))?`)
	weekday   = regexp.MustCompile(`(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun)\b\.?`)
	metaWords = regexp.MustCompile(`(?i)\b(?:first published|published|updated|last updated|posted|modified|on|at|date)\b:?`)
	byPrefix  = regexp.MustCompile(`(?i)^(?:by|written by|words by|author:|authors:|reporter:)\s+`)
	metaSeps  = regexp.MustCompile(`\s*(?:\||•|·|,|\s[-–—]\s|;)\s*`)
	nameAnd   = regexp.MustCompile(`\s+(?:and|&)\s+`)
)

var months = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

func monthOf(s string) time.Month {
	s = strings.ToLower(s)
	if m, ok := months[s]; ok {
		return m
	}
	if len(s) >= 3 {
		return months[s[:3]]
	}
	return 0
}

// isoDate validates a calendar date and formats it.
func isoDate(y int, m time.Month, d int) (string, bool) {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != m {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// findDate returns the first date written in s, as ISO, with its byte span.
func findDate(s string) (iso string, start, end int, ok bool) {
	start = -1
	try := func(re *regexp.Regexp, read func(g []string) (string, bool)) {
		for _, loc := range re.FindAllStringSubmatchIndex(s, -1) {
			if start >= 0 && loc[0] >= start {
				return
			}
			g := make([]string, len(loc)/2)
			for i := range g {
				if loc[2*i] >= 0 {
					g[i] = s[loc[2*i]:loc[2*i+1]]
				}
			}
			if d, good := read(g); good {
				iso, start, end = d, loc[0], loc[1]
				return
			}
		}
	}
	try(dateMDY, func(g []string) (string, bool) { return isoDate(atoi(g[3]), monthOf(g[1]), atoi(g[2])) })
	try(dateDMY, func(g []string) (string, bool) { return isoDate(atoi(g[3]), monthOf(g[2]), atoi(g[1])) })
	try(dateISO, func(g []string) (string, bool) { return isoDate(atoi(g[1]), time.Month(atoi(g[2])), atoi(g[3])) })
	try(dateSlash, func(g []string) (string, bool) {
		a, b := atoi(g[1]), atoi(g[2])
		if a > 12 {
			a, b = b, a
		}
		return isoDate(atoi(g[3]), time.Month(a), b)
	})
	try(dateDots, func(g []string) (string, bool) { return isoDate(atoi(g[3]), time.Month(atoi(g[2])), atoi(g[1])) })
	return iso, start, end, start >= 0
}

// NormaliseDate reads a date in one of the forms news pages print in their
// header ("1/17/2023", "January 17, 2023", "17 Jan 2023", "2023-01-17",
// "Published 3:15 PM EST, Sat December 10, 2022") and returns it as ISO
// YYYY-MM-DD, or "" when s holds no such date.
func NormaliseDate(s string) string {
	iso, _, _, _ := findDate(s)
	return iso
}

// parseMeta reads a header meta line: a date with outlet and author names
// around it, or a "By ..." line. It fails on anything else, so that a short
// sentence with a date in it ("The war began on February 24, 2022.") is
// not taken for a date line.
func parseMeta(s string) (meta, bool) {
	var m meta
	ws := strings.Fields(s)
	if len(ws) > 16 || ending(s) == endLeadIn {
		return m, false
	}
	iso, a, b, hasDate := findDate(s)
	var rest []string
	if hasDate {
		m.date = iso
		rest = []string{s[:a], s[b:]}
	} else {
		if !byPrefix.MatchString(s) {
			return m, false
		}
		rest = []string{s}
	}
	for _, part := range rest {
		if !readMetaPart(part, &m) {
			return meta{}, false
		}
	}
	if !hasDate && len(m.authors) == 0 {
		return meta{}, false
	}
	return m, true
}

// readMetaPart reads the words beside a header date: times, weekdays and
// labels are skipped; what is left must be author names or an outlet.
func readMetaPart(part string, m *meta) bool {
	part = clockTime.ReplaceAllString(part, " ")
	part = weekday.ReplaceAllString(part, " ")
	part = metaWords.ReplaceAllString(part, " ")
	for _, piece := range metaSeps.Split(part, -1) {
		piece = strings.TrimFunc(piece, func(r rune) bool { return unicode.IsSpace(r) || isPunct(r) })
		if piece == "" {
			continue
		}
		by := false
		if loc := byPrefix.FindStringIndex(piece); loc != nil {
			piece, by = piece[loc[1]:], true
		}
		if o, ok := outletName(piece); ok && !by {
			if m.outlet == "" {
				m.outlet = o
			}
			continue
		}
		if names := personNames(piece); len(names) > 0 {
			m.authors = append(m.authors, names...)
			continue
		}
		// One capitalised word beside a date ("Newsweek 1/17/2023") is
		// the outlet: a person's byline has a given name and a surname.
		if ws := strings.Fields(piece); len(ws) == 1 && !by && properName(ws) && len([]rune(piece)) >= 2 {
			if m.outlet == "" {
				m.outlet = piece
			}
			continue
		}
		return false
	}
	return true
}

// nameParticles may stand in lower case inside a person's name.
var nameParticles = setOf("de", "da", "di", "del", "van", "von", "der", "den", "bin", "al", "le", "la", "du", "dos", "ibn")

// properName reports whether every word is capitalised (particles aside)
// and made of letters and the marks names use.
func properName(ws []string) bool {
	for _, w := range ws {
		if nameParticles[w] || w == "of" || w == "the" || w == "and" || w == "&" {
			continue
		}
		r := []rune(w)
		if len(r) == 0 || !unicode.IsUpper(r[0]) {
			return false
		}
		for _, c := range r {
			if !unicode.IsLetter(c) && !strings.ContainsRune(".'’-/", c) && !unicode.IsDigit(c) {
				return false
			}
		}
	}
	return true
}

// personNames splits "Jane Doe and John Roe" into names, each of two to
// four capitalised words; it returns nil if any piece is not a name.
func personNames(s string) []string {
	var out []string
	for _, p := range nameAnd.Split(strings.TrimSpace(s), -1) {
		ws := strings.Fields(p)
		if len(ws) < 2 || len(ws) > 4 || !properName(ws) {
			return nil
		}
		for _, w := range ws {
			if w == "of" || w == "the" || w == "and" || w == "&" {
				return nil
			}
		}
		if _, ok := outletName(p); ok {
			return nil
		}
		out = append(out, strings.Join(ws, " "))
	}
	return out
}
