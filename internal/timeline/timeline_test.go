package timeline

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// tue is the reference date of the Newsweek seed: Tuesday, 17 January 2023.
var tue = date(2023, 1, 17)

// now pins "the current year" for weekday-fixed years.
var now = date(2026, 11, 23)

type want struct{ text, date, prec string }

func TestFind(t *testing.T) {
	tests := []struct {
		in   string
		ref  time.Time
		want []want
	}{
		// Absolute, with and without a year.
		{"Drones hit Kyiv on Oct. 17.", tue, []want{{"Oct. 17", "2022-10-17", Day}}},
		{"from October 17th onwards", tue, []want{{"October 17th", "2022-10-17", Day}}},
		{"The invasion began Feb 24, 2022, at dawn.", tue, []want{{"Feb 24, 2022", "2022-02-24", Day}}},
		{"The invasion began on 24 February 2022.", tue, []want{{"24 February 2022", "2022-02-24", Day}}},
		{"on the 17th of October", tue, []want{{"17th of October", "2022-10-17", Day}}},
		{"He spoke on December 9th.", tue, []want{{"December 9th", "2022-12-09", Day}}},
		{"in Kharkiv, Ukraine, Dec. 3, 2022.", tue, []want{{"Dec. 3, 2022", "2022-12-03", Day}}},
		{"Newsweek 1/17/2023 David Brennan", tue, []want{{"1/17/2023", "2023-01-17", Day}}},
		{"dated 17/1/2023 in Kyiv", tue, []want{{"17/1/2023", "2023-01-17", Day}}},
		{"released 2022-10-17.", tue, []want{{"2022-10-17", "2022-10-17", Day}}},
		{"On Friday, December 9th, Kirby noted", tue, []want{{"Friday, December 9th", "2022-12-09", Day}}},
		{"on Saturday, 10 December 2022,", tue, []want{{"Saturday, 10 December 2022", "2022-12-10", Day}}},
		{"a leap day, Feb. 29, came and went", tue, []want{{"Feb. 29", "2020-02-29", Day}}},
		// Months and years.
		{"mobilization announced in September.", tue, []want{{"September", "2022-09", Month}}},
		{"since January, prices rose", tue, []want{{"January", "2023-01", Month}}},
		{"annexed in late September.", tue, []want{{"late September", "2022-09", Month}}},
		{"by mid-September the front moved", tue, []want{{"mid-September", "2022-09", Month}}},
		{"in September 2022 the front moved", tue, []want{{"September 2022", "2022-09", Month}}},
		{"last September it rained", tue, []want{{"last September", "2022-09", Month}}},
		{"next January it will snow", tue, []want{{"next January", "2024-01", Month}}},
		{"The talks will resume in March.", tue, []want{{"March", "2023-03", Month}}},
		{"from September to November", tue, []want{{"September", "2022-09", Month}, {"November", "2022-11", Month}}},
		{"Annexed in 2014, Crimea", tue, []want{{"2014", "2014", Year}}},
		{"fought since 2014.", tue, []want{{"2014", "2014", Year}}},
		{"happenings of 2022, dedicated to", tue, []want{{"2022", "2022", Year}}},
		{"by late 2022 the war", tue, []want{{"late 2022", "2022", Year}}},
		// Relative to the publication date.
		{"They told journalists on Monday in Kyiv", tue, []want{{"Monday", "2023-01-16", Day}}},
		{"Kahl said Monday.", tue, []want{{"Monday", "2023-01-16", Day}}},
		{"The ministry said on Tuesday", tue, []want{{"Tuesday", "2023-01-17", Day}}},
		{"reported on Sunday—citing a lawmaker", tue, []want{{"Sunday", "2023-01-15", Day}}},
		{"It happened last Saturday.", tue, []want{{"last Saturday", "2023-01-14", Day}}},
		{"It happened last Tuesday.", tue, []want{{"last Tuesday", "2023-01-10", Day}}},
		{"They meet next Friday.", tue, []want{{"next Friday", "2023-01-20", Day}}},
		{"They meet next Tuesday.", tue, []want{{"next Tuesday", "2023-01-24", Day}}},
		{"The ministers will meet on Friday.", tue, []want{{"Friday", "2023-01-20", Day}}},
		{"sources expect the sanctions to be adopted on Monday.", tue, []want{{"Monday", "2023-01-23", Day}}},
		{"He said on Monday that talks will resume.", tue, []want{{"Monday", "2023-01-16", Day}}},
		{"The vote will be held on Feb. 24.", tue, []want{{"Feb. 24", "2023-02-24", Day}}},
		{"Strikes were reported yesterday.", tue, []want{{"yesterday", "2023-01-16", Day}}},
		{"Today, the minister resigned.", tue, []want{{"Today", "2023-01-17", Day}}},
		{"They vote tomorrow.", tue, []want{{"tomorrow", "2023-01-18", Day}}},
		{"It began two weeks ago.", tue, []want{{"two weeks ago", "2023-01-03", Day}}},
		{"It began 3 days ago.", tue, []want{{"3 days ago", "2023-01-14", Day}}},
		{"It began two months ago.", tue, []want{{"two months ago", "2022-11", Month}}},
		{"It began a year ago.", tue, []want{{"a year ago", "2022", Year}}},
		{"Talks resume next month.", tue, []want{{"next month", "2023-02", Month}}},
		{"Talks ended last month.", tue, []want{{"last month", "2022-12", Month}}},
		{"Talks ended last year.", tue, []want{{"last year", "2022", Year}}},
		{"Talks ended earlier this year.", tue, []want{{"earlier this year", "2023", Year}}},
		{"Talks end later this month.", tue, []want{{"later this month", "2023-01", Month}}},
		{"a delegation visiting Ukraine this week.", tue, []want{{"this week", "2023-01", Month}}},
		{"a delegation visited Ukraine last week.", tue, []want{{"last week", "2023-01", Month}}},
		// A week across two months is only known to its year.
		{"a delegation visiting Ukraine this week.", date(2023, 1, 31), []want{{"this week", "2023", Year}}},
		// Several in one text.
		{"On Saturday, December 10, the air force said; on Friday Biden acted.", date(2022, 12, 10),
			[]want{{"Saturday, December 10", "2022-12-10", Day}, {"Friday", "2022-12-09", Day}}},
	}
	for _, tc := range tests {
		got := find(tc.in, tc.ref, now)
		if len(got) != len(tc.want) {
			t.Errorf("%q: got %d expressions %+v, want %d", tc.in, len(got), got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			g := got[i]
			if g.Text != w.text || g.Date != w.date || g.Precision != w.prec {
				t.Errorf("%q: got %q → %q (%s), want %q → %q (%s)", tc.in, g.Text, g.Date, g.Precision, w.text, w.date, w.prec)
			}
		}
	}
}

func TestFindRelativeFlag(t *testing.T) {
	for in, rel := range map[string]bool{
		"on Monday": true, "last Saturday": true, "two weeks ago": true, "next month": true, "yesterday": true,
		"Oct. 17": false, "in September": false, "Feb 24, 2022": false, "in 2014": false,
	} {
		got := find(in, tue, now)
		if len(got) != 1 || got[0].Relative != rel {
			t.Errorf("%q: got %+v, want one expression with Relative=%v", in, got, rel)
		}
	}
}

// TestFindNotDates holds numbers, codes and names that a looser parser
// takes for dates (go-dateparser reads "Su-35" as 1935 and "10 of 15" as
// 15 October).
func TestFindNotDates(t *testing.T) {
	for _, in := range []string{
		"Russian-made Sukhoi Su-35 fighters",
		"its stock of its own SS-26 Islander short range ballistic missiles",
		"it had downed 10 of 15 such drones",
		"a new round of $275 million in military aid",
		"80,000 155 mm artillery rounds",
		"The latest battles of Russia’s 9 1/2 month war in Ukraine",
		"This is the 27th use of presidential drawdown authority",
		"a range of 2,500 kilometers and 6,000 drones",
		"a force of 2000 troops",
		"Black Friday sales and Good Friday services",
		"according to the Sunday Times",
		"May God help them; the March was long",
		"Jan Smith said so",
		"at 10:30 on the clock, up 2.5% or 1,200",
		"he prays every Friday",
		"the following Monday was quiet",
		"Person of the Year",
		"in the coming months and a few days ago",
		"Electricity is expected to be restored in a few days.",
		"Shahed-136 and Geran-2 drones",
		"100,000 people and 1.5 million people",
		"version 1/2 of the plan and 12/31 of it",
		"Section 2022-99-99 of the code",
	} {
		if got := find(in, tue, now); len(got) != 0 {
			t.Errorf("%q: found %+v, want nothing", in, got)
		}
	}
}

func TestFindNoRef(t *testing.T) {
	tests := []struct {
		in   string
		want []want
	}{
		{"The invasion began Feb 24, 2022.", []want{{"Feb 24, 2022", "2022-02-24", Day}}},
		{"Strikes since Oct. 17 went on.", []want{{"Oct. 17", "", ""}}},
		{"They spoke on Monday.", []want{{"Monday", "", ""}}},
		{"Photo Dec. 3, 2022. Strikes since Oct. 17.", []want{{"Dec. 3, 2022", "2022-12-03", Day}, {"Oct. 17", "2022-10-17", Day}}},
		{"Strikes since Oct. 17. Photo Dec. 3, 2022.", []want{{"Oct. 17", "2022-10-17", Day}, {"Dec. 3, 2022", "2022-12-03", Day}}},
		{"Since 2014 and since Feb. 24, aid grew.", []want{{"2014", "2014", Year}, {"Feb. 24", "", ""}}},
		{"in September 2022 and again in October", []want{{"September 2022", "2022-09", Month}, {"October", "2022-10", Month}}},
		// The weekday fixes the year: the latest one not after now.
		{"On Friday, December 9th, Kirby said", []want{{"Friday, December 9th", "2022-12-09", Day}}},
	}
	for _, tc := range tests {
		got := find(tc.in, time.Time{}, now)
		if len(got) != len(tc.want) {
			t.Errorf("%q: got %+v, want %d expressions", tc.in, got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			g := got[i]
			if g.Text != w.text || g.Date != w.date || g.Precision != w.prec {
				t.Errorf("%q: got %q → %q (%s), want %q → %q (%s)", tc.in, g.Text, g.Date, g.Precision, w.text, w.date, w.prec)
			}
		}
	}
}

func TestInferPublished(t *testing.T) {
	tests := []struct {
		name, in string
		date     string // "" when no evidence
		prec     string
	}{
		{"dateline", "Newsweek 1/17/2023 David Brennan\nThey told journalists on Monday that Russia is low on missiles.", "2023-01-17", Day},
		{"weekday fixes year", "On Friday, December 9th, Kirby noted it. On Saturday, December 10, drones came. Biden on Friday authorized aid.", "2022-12-10", Day},
		{"weekday after the latest date", "Police look at fragments in Kharkiv, Dec. 3, 2022.\nThe update was posted on Twitter Saturday. Austin said Friday.", "2022-12-10", Day},
		{"future date is no bound", "The summit will be held on March 3, 2030. It was agreed on Dec. 3, 2022.", "2022-12-03", Day},
		{"year only", "The happenings of 2022, and fighting since 2014. Friday he spoke.", "2022-01-01", Year},
		{"month", "The wave announced in September 2022 ended. Monday he spoke.", "2022-09-01", Month},
		{"no evidence", "They spoke on Monday about the October 17 attacks.", "", ""},
		{"empty", "", "", ""},
	}
	for _, tc := range tests {
		d, p, ok := inferPublished(tc.in, now)
		if tc.date == "" {
			if ok {
				t.Errorf("%s: got %s (%s), want no evidence", tc.name, fmtDay(d), p)
			}
			continue
		}
		if !ok || fmtDay(d) != tc.date || p != tc.prec {
			t.Errorf("%s: got %s (%s) ok=%v, want %s (%s)", tc.name, fmtDay(d), p, ok, tc.date, tc.prec)
		}
	}
}

var dateRE = map[string]*regexp.Regexp{
	Day:   regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`),
	Month: regexp.MustCompile(`^\d{4}-\d{2}$`),
	Year:  regexp.MustCompile(`^\d{4}$`),
}

// checkExprs asserts Find's invariants on any input.
func checkExprs(t *testing.T, s string, es []Expr) {
	t.Helper()
	end := 0
	for _, e := range es {
		if e.Start < end || e.End <= e.Start || e.End > len(s) {
			t.Fatalf("%q: bad span %d:%d after %d", s, e.Start, e.End, end)
		}
		end = e.End
		if e.Text != s[e.Start:e.End] {
			t.Fatalf("%q: Text %q != text[%d:%d]", s, e.Text, e.Start, e.End)
		}
		if e.Date == "" {
			if e.Precision != "" {
				t.Fatalf("%q: precision %q without a date", s, e.Precision)
			}
			continue
		}
		re, ok := dateRE[e.Precision]
		if !ok || !re.MatchString(e.Date) {
			t.Fatalf("%q: date %q precision %q", s, e.Date, e.Precision)
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"On Friday, December 9th, Kirby noted", "Newsweek 1/17/2023 David Brennan", "Su-35 SS-26 10 of 15",
		"2022-10-17 and 2022-02-30", "in late September since 2014", "two weeks ago last Saturday next Friday",
		"Feb. 29 9 1/2 month", "mid-", "Dec.", "31/12/9999", "January 0, 0000", "\xff\xfeMonday",
		"earlier this", "a few", "from September to", "of 2022",
	} {
		f.Add(s, int64(0))
		f.Add(s, tue.Unix())
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		var ref time.Time
		if unix != 0 {
			ref = time.Unix(unix%(1<<36), 0).UTC() // within a few thousand years
		}
		checkExprs(t, s, find(s, ref, now))
		if d, p, ok := inferPublished(s, now); ok {
			if !dateRE[Day].MatchString(fmtDay(d)) || dateRE[p] == nil {
				t.Fatalf("%q: inferred %v %q", s, d, p)
			}
		}
	})
}

func TestTrim(t *testing.T) {
	long := strings.Repeat("Ukraine’s air force said ", 20)
	for _, s := range []string{"short", long, strings.Repeat("é", 300), strings.Repeat("x", 250)} {
		got := trim(s, MaxText)
		if n := len([]rune(got)); n > MaxText {
			t.Errorf("trim gave %d runes", n)
		}
		if len([]rune(s)) <= MaxText && got != s {
			t.Errorf("trim changed a short string: %q", got)
		}
		if !strings.HasPrefix(s, strings.TrimSuffix(got, "…")) {
			t.Errorf("trim %q is not a prefix", got)
		}
	}
}
