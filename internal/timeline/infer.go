package timeline

import (
	"time"

	"github.com/triangulate/triangulate/internal/text"
)

// InferPublished infers an article's publication date from its own text,
// for articles that carry none. The date returned is the earliest the
// evidence allows, a lower bound, at the precision the evidence supports;
// ok is false when the text holds no usable evidence. Only a day-precision
// result is fit to resolve relative expressions (Find's ref): a year is a
// bound, not a day.
//
// The rule, in order:
//  0. A full date in a dateline or publication stamp (a line that is not
//     prose, "Newsweek 1/17/2023 David Brennan", or a short "Published …"
//     line) is the publication date.
//  1. A weekday written with a month and day and no year ("Friday,
//     December 9th") fixes the year: the latest year, not after the current
//     one and not before any year the text states, in which that date falls
//     on that weekday; several such dates must agree on one year.
//  2. Every dated happening not stated as future (full dates, month and
//     year, bare years, the weekday-dated days of step 1) is on or before
//     publication: the latest of them, taken at the start of its period,
//     is the lower bound L, with its precision.
//  3. When L is a day, past weekday words ("on Saturday", "Friday") are
//     placed: a weekday already written with a date in the text is that
//     date ("on Friday" after "Friday, December 9th"); any other is the
//     first such weekday after L, since news names the weekday only for the
//     past week and writes the date for anything older. Publication is the
//     latest of L and those days.
//
// So the VOA seed, whose scraped page has "Dec. 3, 2022" in a caption and
// "posted on Twitter Saturday" and "Friday" in its body, is published on
// 2022-12-10, the first Saturday after Dec. 3.
func InferPublished(text string) (date time.Time, precision string, ok bool) {
	return inferPublished(text, time.Now())
}

func inferPublished(s string, now time.Time) (time.Time, string, bool) {
	cs := scan(s)
	nowY := now.Year()

	// Step 0: a full date in a dateline or publication stamp is the date.
	sents := text.Sentences(s)
	for _, c := range cs {
		if c.k != cFull || date(c.y, c.m, c.d).After(dayOf(now)) {
			continue
		}
		if i := text.SpanIndex(sents, c.start); i >= 0 && dateline(s[sents[i].Start:sents[i].End]) {
			return date(c.y, c.m, c.d), Day, true
		}
	}

	// Years the text states bound the weekday-fixed year from below.
	minY := 1900
	for _, c := range cs {
		if !c.future && (c.k == cFull || c.k == cMonthYear || c.k == cYear) && c.y <= nowY && c.y > minY {
			minY = c.y
		}
	}

	// Step 1: years that agree with every weekday-dated month-day.
	var wdCands []int
	var common map[int]bool
	for i, c := range cs {
		if c.k != cMonthDay || c.wd < 0 {
			continue
		}
		wdCands = append(wdCands, i)
		ys := map[int]bool{}
		for y := minY; y <= nowY; y++ {
			if validDay(y, c.m, c.d) && int(date(y, c.m, c.d).Weekday()) == c.wd {
				ys[y] = true
			}
		}
		if common == nil {
			common = ys
			continue
		}
		for y := range common {
			if !ys[y] {
				delete(common, y)
			}
		}
	}
	fixed := map[int]time.Time{} // candidate index → its day
	for _, i := range wdCands {
		c := cs[i]
		y, found := 0, false
		for cy := range common {
			if cy > y {
				y, found = cy, true
			}
		}
		if !found { // the dates disagree: take each one's own latest year
			y, found = weekdayYear(c.m, c.d, c.wd, minY, nowY)
		}
		if found {
			fixed[i] = date(y, c.m, c.d)
		}
	}

	// Step 2: the lower bound.
	var lb time.Time
	prec := ""
	consider := func(t time.Time, p string) {
		if t.After(dayOf(now)) {
			return
		}
		if prec == "" || t.After(lb) || t.Equal(lb) && finer(p, prec) {
			lb, prec = t, p
		}
	}
	for i, c := range cs {
		if c.future {
			continue
		}
		switch c.k {
		case cFull:
			consider(date(c.y, c.m, c.d), Day)
		case cMonthYear:
			consider(date(c.y, c.m, 1), Month)
		case cYear:
			consider(date(c.y, 1, 1), Year)
		case cMonthDay:
			if t, ok := fixed[i]; ok {
				consider(t, Day)
			}
		}
	}
	if prec == "" {
		return time.Time{}, "", false
	}
	if prec != Day {
		return lb, prec, true
	}

	// Step 3: weekday words after the bound.
	pub := lb
	for _, c := range cs {
		if c.k != cWeekday || c.future || c.mod == "next" {
			continue
		}
		var d time.Time
		for i, t := range fixed {
			if cs[i].wd == c.wd && (d.IsZero() || t.After(d)) {
				d = t
			}
		}
		if d.IsZero() {
			fwd := (c.wd - int(lb.Weekday()) + 7) % 7
			if fwd == 0 {
				fwd = 7
			}
			d = lb.AddDate(0, 0, fwd)
		}
		if d.After(pub) {
			pub = d
		}
	}
	return pub, Day, true
}

// finer says whether precision a is finer than b.
func finer(a, b string) bool {
	rank := map[string]int{Year: 0, Month: 1, Day: 2}
	return rank[a] > rank[b]
}
