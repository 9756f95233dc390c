package timeline

import (
	"time"
)

// Precisions of a resolved date.
const (
	Day   = "day"
	Month = "month"
	Year  = "year"
)

// Expr is one date expression in a text.
//
// Text is text[Start:End]. Modifiers that change the meaning are part of it
// ("last Saturday", "late September", "two weeks ago"); a bare preposition
// is not ("on Monday" gives "Monday"). Date is "2022-10-17", "2022-10" or
// "2022" by Precision, or "" when the expression could not be resolved
// (relative to an unknown publication date, a month and day with no year
// in sight). Relative marks expressions whose meaning depends on the
// publication date (weekdays, yesterday, "two weeks ago", "next month").
// Future marks a date stated as planned or expected ("will meet on
// Tuesday"), which is resolved forwards from the publication date.
type Expr struct {
	Start, End int
	Text       string
	Date       string
	Precision  string
	Relative   bool
	Future     bool
}

// Find finds every date expression in text and resolves it against ref,
// the article's publication date (only its calendar day is used; the zero
// time means unknown).
//
// Rules, chosen to follow news-writing convention (AP style names the
// weekday for the past week and the date beyond it):
//   - a weekday ("Monday", "on Monday", "this Monday") is the most recent
//     such day on or before ref, or, in a future sentence, the first on or
//     after it; "last Monday" is strictly before ref, "next Monday" the
//     first strictly after;
//   - a month and day without a year ("Feb. 24", "October 17th") is the most
//     recent such date on or before ref, or the first on or after it in a
//     future sentence; written with its weekday ("Friday, December 9th") the
//     year whose calendar agrees is taken, near ref;
//   - a month alone ("in September", "late September") likewise, at month
//     precision; "last/next September" strictly before/after ref's month;
//   - yesterday, today, tonight, tomorrow: ref −1, 0, +1 day;
//   - "N days/weeks ago": day precision; "N months ago": month; "N years ago": year;
//   - last/this/next month and year, "earlier/later this month|year": that
//     month or year; last/this/next week: the Monday–Sunday week, reported
//     at month precision when it lies in one month, else at year precision
//     (the contract has no week precision, and a coarser true date is
//     better than an invented day).
//
// With ref unknown, dates carrying a year resolve; a month and day or a
// month alone takes the year of the nearest explicit date that carries one
// (preceding it if any, else following); relative expressions stay
// unresolved.
func Find(text string, ref time.Time) []Expr {
	return find(text, ref, time.Now())
}

func find(text string, ref, now time.Time) []Expr {
	cands := scan(text)
	out := make([]Expr, 0, len(cands))
	var r *time.Time
	if !ref.IsZero() {
		d := dayOf(ref)
		r = &d
	}
	for i := range cands {
		c := &cands[i]
		e := Expr{Start: c.start, End: c.end, Text: text[c.start:c.end], Relative: c.relative(), Future: c.future}
		if r != nil {
			e.Date, e.Precision = c.resolve(*r)
		} else {
			e.Date, e.Precision = c.resolveNoRef(cands, i, now)
		}
		out = append(out, e)
	}
	return out
}

// dayOf returns t's calendar day at midnight UTC, so that day arithmetic
// never meets a daylight-saving change.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// validDay says whether d is a day of month m in year y.
func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := date(y, m, d)
	return t.Month() == time.Month(m) && t.Day() == d
}

func fmtDay(t time.Time) string   { return t.Format("2006-01-02") }
func fmtMonth(t time.Time) string { return t.Format("2006-01") }
func fmtYear(t time.Time) string  { return t.Format("2006") }

func format(t time.Time, prec string) (string, string) {
	switch prec {
	case Day:
		return fmtDay(t), Day
	case Month:
		return fmtMonth(t), Month
	case Year:
		return fmtYear(t), Year
	}
	return "", ""
}
