package scraped

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClean checks the contract that holds for any input: no panic, a
// valid UTF-8 body, every body line a whole trimmed line of the input (the
// cleaner selects, it never rewrites), and an ISO date or none.
//
// Invalid UTF-8 is replaced by U+FFFD before cleaning (ingest already
// does so), so for such inputs the body lines are lines of the repaired
// text.
func FuzzClean(f *testing.F) {
	for _, s := range loadSeedsOrNone() {
		f.Add(s)
	}
	f.Add(lines("Accessibility links", "Title Here", "", p1, "In effect, he said,", p2, "Related Articles", p3))
	f.Add("Newsweek 1/17/2023 David Brennan\n\n" + p1)
	f.Add("\xff\xfe bad \xc3 bytes.\n" + p2)
	f.Add("a\r\nb\r\n\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		r := Clean(in, nil)
		c := NewCorpus()
		c.Add(in)
		c.Add(p1)
		if r2 := Clean(in, c); r2.Body != r.Body {
			// A corpus holding only this page and an unrelated one
			// shares no line with it, so it cannot change the body.
			t.Errorf("corpus changed the body:\n%q\n%q", r.Body, r2.Body)
		}
		if !utf8.ValidString(r.Body) {
			t.Fatalf("body is not valid UTF-8: %q", r.Body)
		}
		src := in
		if !utf8.ValidString(src) {
			src = strings.ToValidUTF8(src, "\uFFFD")
		}
		have := map[string]bool{}
		for _, l := range strings.Split(src, "\n") {
			have[strings.TrimSpace(l)] = true
		}
		if r.Body != "" {
			for _, l := range strings.Split(r.Body, "\n") {
				if l == "" || !have[l] {
					t.Fatalf("body line %q is not a trimmed line of the input", l)
				}
			}
		}
		if r.Published != "" && NormaliseDate(r.Published) != r.Published {
			t.Errorf("Published %q is not an ISO date", r.Published)
		}
		for _, s := range []string{r.Title, r.Outlet, r.Byline, r.Standfirst, r.Credit} {
			if !utf8.ValidString(s) {
				t.Errorf("metadata %q is not valid UTF-8", s)
			}
		}
	})
}

// loadSeedsOrNone returns the seed pages as fuzz corpus, or none on a
// checkout without them.
func loadSeedsOrNone() []string {
	seeds, _ := readSeeds()
	var out []string
	for _, s := range seeds {
		out = append(out, s.text)
	}
	return out
}
