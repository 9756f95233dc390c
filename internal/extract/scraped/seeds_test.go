package scraped

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedDir holds the scraped seed pages, inside the repository so that the
// test runs on a plain clone.
const seedDir = "../../../examples/iran-russia"

type seed struct {
	name, text string
}

func loadSeeds(tb testing.TB) []seed {
	tb.Helper()
	seeds, err := readSeeds()
	if err != nil {
		tb.Fatal(err)
	}
	if len(seeds) == 0 {
		tb.Skip("seed pages not found in " + seedDir)
	}
	return seeds
}

func readSeeds() ([]seed, error) {
	paths, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil {
		return nil, err
	}
	var out []seed
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, seed{name: filepath.Base(p)[:3], text: string(b)})
	}
	return out, nil
}

// TestSeeds checks each seed against a hand reading of the page: the body
// must be exactly the page's lines minus the furniture listed in drop
// (matched by prefix), in order, so that a lost paragraph or a surviving
// menu line both fail.
func TestSeeds(t *testing.T) {
	type want struct {
		title, outlet, published, byline, standfirst string
		creditPrefix                                 string
		drop                                         []string // prefixes of the lines that are not body
	}
	wants := map[string]want{
		"000": {
			title:        "Iran One of Russia’s Top Military Backers, UK Says",
			outlet:       "VOA",
			creditPrefix: "VOA White House Bureau Chief Patsy Widakuswara contributed to this report.",
			drop: []string{
				"Accessibility links", "Breaking News", "Iran One of Russia’s Top Military Backers",
				"Police officers look at collected fragments", // the caption, printed twice
				"Russia war crimes", "US Ukraine aid", "Russia’s weapons",
				"VOA White House Bureau Chief", "• 16x9 Image", "VOA News",
				"The Voice of America provides", "XS", "SM", "MD", "LG",
			},
		},
		"001": {drop: nil},
		"002": {
			title:     "Russia Desperate for Iran, North Korea Help With Missiles, Drones: U.S.",
			outlet:    "Newsweek",
			published: "2023-01-17",
			byline:    "David Brennan",
			drop: []string{
				"You are using an older browser version", "Russia Desperate for Iran",
				"Newsweek 1/17/2023 David Brennan", "A destroyed Russian multiple launch rocket system",
				"Related Articles", "Start your unlimited Newsweek trial", "image beacon",
			},
		},
		"003": {
			title:  "The US Believes Iranian Support For The Russian Military Will Increase As Russia Seeks Defensive Back Up",
			byline: "Umar Ali",
			drop: []string{
				"The US Believes Iranian Support", "Mr. Kirby says Iran has become Russia’s most prominent military supporter. Credits",
				"Umar Ali", "As editor in chief", "Leave a Reply", "Your email address will not be published",
			},
		},
		"004": {
			title:      "Iran steps up Russian drone supply",
			outlet:     "The Northern Advocate",
			standfirst: "Britain, US, warn of deepening alliance in coming months",
			drop: []string{
				"The Northern Advocate", "Iran steps up Russian drone supply", "Britain, US, warn of",
				"-", "Newspapers in English", "Newspapers from New Zealand",
			},
		},
	}
	seeds := loadSeeds(t)
	corpus := NewCorpus()
	for _, s := range seeds {
		corpus.Add(s.text)
	}
	for _, s := range seeds {
		w, ok := wants[s.name]
		if !ok {
			t.Errorf("no expectation for seed %s", s.name)
			continue
		}
		var body []string
		for _, l := range strings.Split(s.text, "\n") {
			l = strings.TrimSpace(l)
			if l != "" && !hasAnyPrefix(l, w.drop) {
				body = append(body, l)
			}
		}
		wantBody := strings.Join(body, "\n")
		for _, c := range []struct {
			name   string
			corpus *Corpus
		}{{"nil corpus", nil}, {"all seeds", corpus}} {
			t.Run(s.name+"/"+c.name, func(t *testing.T) {
				r := Clean(s.text, c.corpus)
				if r.Body != wantBody {
					t.Errorf("body differs\n got: %q\nwant: %q", r.Body, wantBody)
				}
				check := func(field, got, want string) {
					if got != want {
						t.Errorf("%s = %q, want %q", field, got, want)
					}
				}
				check("Title", r.Title, w.title)
				check("Outlet", r.Outlet, w.outlet)
				check("Published", r.Published, w.published)
				check("Byline", r.Byline, w.byline)
				check("Standfirst", r.Standfirst, w.standfirst)
				if !strings.HasPrefix(r.Credit, w.creditPrefix) || (w.creditPrefix == "") != (r.Credit == "") {
					t.Errorf("Credit = %q, want prefix %q", r.Credit, w.creditPrefix)
				}
			})
		}
	}
}

// TestSeedsKeepShortArticleLines guards the short lines that belong to
// the article and look like furniture to a naive filter.
func TestSeedsKeepShortArticleLines(t *testing.T) {
	seeds := loadSeeds(t)
	keep := map[string][]string{
		"001": {"In effect, Kirby said,", "Iran has become Russia’s top military backer …",
			"In return, Russia is offering military and technical support"},
		"002": {"Newsweek has contacted the Russian and Iranian foreign ministries to request comment.",
			"Sherman said further large-scale mobilization would pose problems for Moscow."},
		"000": {"Time magazine also chose Zelenskyy as its Person of the Year.",
			"The Kremlin said Time’s choice was “Russophobic.”"},
	}
	for _, s := range seeds {
		body := "\n" + Clean(s.text, nil).Body
		for _, k := range keep[s.name] {
			if !strings.Contains(body, "\n"+k) {
				t.Errorf("seed %s: body lost the line %q", s.name, k)
			}
		}
	}
}

func BenchmarkClean(b *testing.B) {
	seeds := loadSeeds(b)
	c := NewCorpus()
	size := 0
	for _, s := range seeds {
		c.Add(s.text)
		size += len(s.text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range seeds {
			Clean(s.text, c)
		}
	}
}
