package scraped

import (
	"fmt"
	"strings"
	"testing"
)

// Paragraphs of a made-up report, reused by the synthetic pages below.
const (
	p1 = "Iran has agreed to help Russia build a factory for attack drones in the Tatarstan region, according to two officials familiar with the plan."
	p2 = "The plant would make up to 6,000 drones, the officials said, speaking on condition of anonymity because the talks are not public."
	p3 = "Ukraine's air force said it shot down 10 of 15 drones launched overnight, most of them over the southern regions."
	p4 = "Officials in Kyiv said the new factory would let Moscow keep up its strikes on power stations through the winter."
)

func lines(ls ...string) string { return strings.Join(ls, "\n") }

func TestCleanSynthetic(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Result
	}{
		{
			name: "clean article comes back unchanged",
			in:   lines(p1, "", p2, "", "He declined to comment.", "", p3),
			want: Result{Body: lines(p1, p2, "He declined to comment.", p3)},
		},
		{
			name: "clean article, one paragraph a line, surrounding space",
			in:   "  " + lines(p1, p2+"\r", "\t"+p3, p4) + "\n\n",
			want: Result{Body: lines(p1, p2, p3, p4)},
		},
		{
			name: "headline above a clean article",
			in:   lines("Drone factory planned in Tatarstan, officials say", "", p1, "", p2),
			want: Result{Title: "Drone factory planned in Tatarstan, officials say", Body: lines(p1, p2)},
		},
		{
			name: "full page of furniture around the article",
			in: lines(
				"Skip to main content",
				"Home | World | Politics | Business | Tech",
				"We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.",
				"Accept all",
				"",
				"Drone factory planned in Tatarstan, officials say",
				"By Jane Doe and John Roe",
				"Published 3:15 PM EST, Sat December 10, 2022",
				"Share this article",
				"",
				p1, "", p2, "",
				"Read more: How Iranian drones changed the war in Ukraine",
				"",
				"Sign up for our daily newsletter to get the latest news in your inbox.",
				"",
				p3, "", p4, "",
				"Follow us on Twitter and Facebook",
				"",
				"Leave a Reply",
				"Your email address will not be published. Required fields are marked *",
				"Name *",
				"Email *",
				"Save my name, email, and website in this browser for the next time I comment.",
				"© 2022 Example Media Group. All rights reserved.",
			),
			want: Result{
				Title:     "Drone factory planned in Tatarstan, officials say",
				Byline:    "Jane Doe, John Roe",
				Published: "2022-12-10",
				Body:      lines(p1, p2, p3, p4),
			},
		},
		{
			name: "related links and copyright footer end the article",
			in: lines(p1, p2, p3, "Related stories",
				"Russia says drone strikes will go on through the winter, officials in Moscow say.",
				"Copyright 2022 The Associated Press. All rights reserved. This material may not be published."),
			want: Result{Body: lines(p1, p2, p3)},
		},
		{
			name: "masthead, headline, standfirst and byline line",
			in: lines("The Kyiv Herald", "", "Iran to build drone plant in Russia",
				"Officials say production could start next year", "", "Kyiv Herald 17 Jan 2023 Olena Petrenko",
				"", p1, "", p2),
			want: Result{
				Title: "Iran to build drone plant in Russia", Outlet: "The Kyiv Herald",
				Standfirst: "Officials say production could start next year",
				Published:  "2023-01-17", Byline: "Olena Petrenko", Body: lines(p1, p2),
			},
		},
		{
			name: "dates in the body are not the publication date",
			in:   lines("Drone factory planned", "", "On January 5, 2023, officials said the plan was agreed. "+p1, "", p2),
			want: Result{Title: "Drone factory planned", Body: lines("On January 5, 2023, officials said the plan was agreed. "+p1, p2)},
		},
		{
			name: "wire credit at the end",
			in:   lines(p1, "", p2, "", "(Reporting by Jane Doe; Editing by John Roe)"),
			want: Result{Body: lines(p1, p2), Credit: "(Reporting by Jane Doe; Editing by John Roe)"},
		},
		{
			name: "third-person author box",
			in: lines(p1, "", p2, "", "Jane Doe",
				"Jane Doe is a senior correspondent covering Eastern Europe, based in Warsaw since 2015."),
			want: Result{Body: lines(p1, p2), Byline: "Jane Doe"},
		},
		{
			name: "subheadings dropped, lead-in and its quotation kept",
			in:   lines(p1, "", "Air defences", "", "The ministry said:", "Air defences are ready", "", p2),
			want: Result{Body: lines(p1, "The ministry said:", "Air defences are ready", p2)},
		},
		{
			name: "hard-wrapped paragraphs stay whole",
			in: lines("Officials in Kyiv said on Monday that the new",
				"drone factory would let Moscow keep up its strikes",
				"on power stations through the winter.", "",
				"The ministry declined to comment on the report,",
				"saying only that air defences were ready and waiting."),
			want: Result{Body: lines("Officials in Kyiv said on Monday that the new",
				"drone factory would let Moscow keep up its strikes",
				"on power stations through the winter.",
				"The ministry declined to comment on the report,",
				"saying only that air defences were ready and waiting.")},
		},
		{
			name: "caption printed twice and a photo credit",
			in: lines("A drone is seen over Kyiv, Ukraine, Oct. 17, 2022.", "A drone is seen over Kyiv, Ukraine, Oct. 17, 2022.",
				"", p1, "", "Rescuers at the scene of a strike in Kyiv. Photo: Jane Doe/AFP", "", p2),
			want: Result{Body: lines(p1, p2)},
		},
		{name: "empty", in: "", want: Result{}},
		{name: "only furniture", in: lines("Accessibility links", "Menu", "Sign in", "© 2024 Example"), want: Result{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clean(tt.in, nil)
			if got != tt.want {
				t.Errorf("Clean() =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

// TestCorpus checks the cross-document signal: a line every page of a site
// prints is furniture, while a paragraph two outlets share (a wire copy)
// stays news, and one page added twice is not a site.
func TestCorpus(t *testing.T) {
	const tagline = "Your trusted source since 1998"
	docA := lines(tagline, "", "Drone factory planned in Tatarstan", "", p1, "", p2)
	docB := lines(tagline, "", "Kyiv reports overnight drone attack", "", p3, "", p2)

	tests := []struct {
		name      string
		docs      []string
		wantTitle string
		wantBody  string
	}{
		{"no corpus: the tagline looks like a headline", nil, tagline, lines(p1, p2)},
		{"same page twice is not a site", []string{docA, docA}, tagline, lines(p1, p2)},
		{"tagline shared by the site's pages", []string{docA, docB}, "Drone factory planned in Tatarstan", lines(p1, p2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c *Corpus
			if tt.docs != nil {
				c = NewCorpus()
				for _, d := range tt.docs {
					c.Add(d)
				}
			}
			got := Clean(docA, c)
			if got.Title != tt.wantTitle {
				t.Errorf("Title = %q, want %q", got.Title, tt.wantTitle)
			}
			if got.Body != tt.wantBody {
				t.Errorf("Body = %q, want %q", got.Body, tt.wantBody)
			}
		})
	}

	var zero Corpus // the zero value must be usable too
	zero.Add(docA)
	zero.Add(docB)
	if got := Clean(docB, &zero).Title; got != "Kyiv reports overnight drone attack" {
		t.Errorf("zero Corpus: Title = %q", got)
	}
}

func TestNormaliseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1/17/2023", "2023-01-17"},
		{"17/1/2023", "2023-01-17"},
		{"3/4/2023", "2023-03-04"}, // ambiguous: read month first
		{"January 17, 2023", "2023-01-17"},
		{"17 Jan 2023", "2023-01-17"},
		{"5th of September 2022", "2022-09-05"},
		{"Sept. 5th, 2022", "2022-09-05"},
		{"Dec. 3, 2022", "2022-12-03"},
		{"Published 3:15 PM EST, Sat December 10, 2022", "2022-12-10"},
		{"Updated 2023-01-17T10:00:00Z", "2023-01-17"},
		{"17.01.2023", "2023-01-17"},
		{"2/30/2023", ""},
		{"13/13/2023", ""},
		{"Sat 9", ""},
		{"May 2023", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormaliseDate(tt.in); got != tt.want {
			t.Errorf("NormaliseDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseMeta(t *testing.T) {
	tests := []struct {
		in      string
		ok      bool
		date    string
		outlet  string
		authors string
	}{
		{"Newsweek 1/17/2023 David Brennan", true, "2023-01-17", "Newsweek", "David Brennan"},
		{"By Jane Doe and John Roe", true, "", "", "Jane Doe, John Roe"},
		{"By Jane Doe | Reuters | January 17, 2023", true, "2023-01-17", "Reuters", "Jane Doe"},
		{"Published 3:15 PM EST, Sat December 10, 2022", true, "2022-12-10", "", ""},
		{"December 10, 2022", true, "2022-12-10", "", ""},
		{"The war began on February 24, 2022.", false, "", "", ""},
		{"Officials met on January 5, 2023 in Kyiv", false, "", "", ""},
		{"Russia war crimes", false, "", "", ""},
		{"Bye now", false, "", "", ""},
	}
	for _, tt := range tests {
		m, ok := parseMeta(tt.in)
		if ok != tt.ok || m.date != tt.date || m.outlet != tt.outlet || strings.Join(m.authors, ", ") != tt.authors {
			t.Errorf("parseMeta(%q) = %+v, %v; want date %q outlet %q authors %q ok %v",
				tt.in, m, ok, tt.date, tt.outlet, tt.authors, tt.ok)
		}
	}
}

func ExampleClean() {
	page := lines(
		"Accessibility links",
		"Drone factory planned in Tatarstan",
		"Newsweek 1/17/2023 David Brennan",
		"",
		"Iran has agreed to help Russia build a factory for attack drones, officials said.",
		"",
		"Related Articles",
	)
	r := Clean(page, nil)
	fmt.Println(r.Title)
	fmt.Println(r.Outlet, r.Published, r.Byline)
	fmt.Println(r.Body)
	// Output:
	// Drone factory planned in Tatarstan
	// Newsweek 2023-01-17 David Brennan
	// Iran has agreed to help Russia build a factory for attack drones, officials said.
}
