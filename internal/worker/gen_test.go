package worker

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/triangulate/triangulate/internal/news"
)

// genDocs generates n short plain-text articles about n/perStory
// happenings, each happening told by several outlets in their own words,
// so that clustering has real work: stories of one kind (two earthquakes,
// two elections) differ only in names, places, numbers and dates. Every
// line carries names or numbers of its own article, so no line repeats
// across documents and extraction does not depend on which other
// documents it sees (the worker extracts each document alone).
func genDocs(n int, seed uint64) []news.RawDoc {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	const perStory = 6
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var docs []news.RawDoc
	for s := 0; len(docs) < n; s++ {
		tpl := templates[r.IntN(len(templates))]
		slots := map[string]string{
			"{Person}":  pick(firstNames) + " " + pick(lastNames),
			"{Person2}": pick(firstNames) + " " + pick(lastNames),
			"{City}":    pick(cities),
			"{Org}":     pick(orgPrefixes) + " " + pick(orgSuffixes),
			"{Org2}":    pick(orgPrefixes) + " " + pick(orgSuffixes),
			"{N}":       fmt.Sprint(10 + r.IntN(990)),
			"{M}":       fmt.Sprint(2 + r.IntN(98)),
			"{Mag}":     fmt.Sprintf("%d.%d", 4+r.IntN(4), r.IntN(10)),
		}
		day := base.Add(time.Duration(r.IntN(60)) * 24 * time.Hour)
		fill := func(s string) string {
			for k, v := range slots {
				s = strings.ReplaceAll(s, k, v)
			}
			return s
		}
		for k := 0; k < perStory && len(docs) < n; k++ {
			outlet := pick(outlets)
			reporter := pick(firstNames) + " " + pick(lastNames)
			witness := pick(firstNames) + " " + pick(lastNames)
			lines := []string{fill(tpl.lead[r.IntN(len(tpl.lead))])}
			for _, i := range r.Perm(len(tpl.body))[:3] {
				lines = append(lines, fill(tpl.body[i]))
			}
			lines = append(lines,
				fmt.Sprintf("%s, who lives %d kilometres from %s, told %s that %d people had gathered by the evening.",
					witness, 2+r.IntN(40), slots["{City}"], outlet, 20+r.IntN(500)),
				fmt.Sprintf("Reporting by %s in %s; %d further reports are expected.", reporter, slots["{City}"], 2+r.IntN(9)))
			// Each line names this article's own details, so the corpus
			// statistics of scraped-text extraction never see a repeat.
			for i, l := range lines[:len(lines)-2] {
				lines[i] = fmt.Sprintf("%s, %s of the %s reported at %d:%02d.", strings.TrimSuffix(l, "."),
					pick(firstNames)+" "+pick(lastNames), outlet, 6+r.IntN(16), r.IntN(60))
			}
			title := fill(tpl.title)
			docs = append(docs, news.RawDoc{
				Source:    fmt.Sprintf("gen/%04d-%d.txt", s, k),
				Kind:      news.KindText,
				URL:       fmt.Sprintf("https://%s.example/%04d/%d", strings.ToLower(strings.ReplaceAll(outlet, " ", "-")), s, k),
				Title:     title,
				Published: day.Add(time.Duration(r.IntN(2)) * 24 * time.Hour).Format(time.DateOnly),
				Content:   []byte(title + "\n\n" + strings.Join(lines, "\n\n") + "\n"),
			})
		}
	}
	return docs
}

type template struct {
	title string
	lead  []string
	body  []string
}

var templates = []template{
	{
		title: "Magnitude {Mag} earthquake strikes near {City}",
		lead: []string{
			"An earthquake of magnitude {Mag} struck near {City} on Tuesday, damaging {N} buildings.",
			"A magnitude {Mag} quake shook {City} early on Tuesday and left {N} buildings damaged.",
		},
		body: []string{
			"Rescue teams led by {Person} searched the rubble for survivors through the night.",
			"The {Org} said {M} aftershocks had been recorded since the main shock.",
			"Mayor {Person2} of {City} asked residents to stay away from damaged buildings.",
			"Hospitals in {City} treated {M} people for injuries, officials said.",
			"The {Org} measured the quake at a depth of {M} kilometres below {City}.",
		},
	},
	{
		title: "{Person} wins {City} mayoral election with {M} percent",
		lead: []string{
			"{Person} won the mayoral election in {City} with {M} percent of the vote, the electoral board said.",
			"Voters in {City} elected {Person} as mayor, giving the candidate {M} percent of the ballots.",
		},
		body: []string{
			"Turnout reached {N} thousand voters, according to the {Org}.",
			"{Person2}, the runner-up, conceded defeat late on Sunday in {City}.",
			"{Person} promised to expand public transport across {City} within {M} months.",
			"The {Org} had endorsed {Person} during the campaign in {City}.",
			"Observers from the {Org2} reported no irregularities at {N} polling stations.",
		},
	},
	{
		title: "{Org} agrees to buy {Org2} for {N} million dollars",
		lead: []string{
			"The {Org} agreed to acquire the {Org2} for {N} million dollars, the companies said on Monday.",
			"{Org} will buy rival {Org2} in a deal worth {N} million dollars, both firms announced.",
		},
		body: []string{
			"Chief executive {Person} said the deal would close within {M} months.",
			"Shares of the {Org2} rose {M} percent after the announcement.",
			"Regulators in {City} must still approve the purchase of the {Org2}.",
			"{Person2}, an analyst in {City}, called the {N} million dollar price generous.",
			"The combined company will employ {N} people, the {Org} said.",
		},
	},
	{
		title: "Workers at {Org} in {City} strike over pay",
		lead: []string{
			"Thousands of workers at the {Org} in {City} walked out on Wednesday demanding a {M} percent raise.",
			"A strike halted the {Org} plant in {City} as staff demanded {M} percent higher wages.",
		},
		body: []string{
			"Union leader {Person} said {N} members had voted for the strike.",
			"The {Org} offered a raise of {M} percent, which the union rejected.",
			"{Person2} of the {Org2} warned that the strike could spread beyond {City}.",
			"Production of {N} vehicles a day at the {City} plant has stopped.",
			"Talks between the union and the {Org} are scheduled for next week in {City}.",
		},
	},
	{
		title: "Floods force {N} families from homes in {City}",
		lead: []string{
			"Flooding in {City} forced {N} families from their homes after {M} hours of heavy rain.",
			"Heavy rain over {City} flooded streets and drove {N} families to shelters.",
		},
		body: []string{
			"Emergency services chief {Person} said the river had risen {M} metres.",
			"The {Org} opened {M} shelters across {City} for the displaced families.",
			"{Person2}, a shopkeeper in {City}, said the water reached the first floor.",
			"Forecasters at the {Org2} expect more rain over {City} this week.",
			"Damage in {City} was estimated at {N} million dollars by the {Org}.",
		},
	},
}

var (
	firstNames  = []string{"Anna", "Boris", "Carla", "David", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemal", "Lena", "Marco", "Nadia", "Omar", "Petra", "Quentin", "Rosa", "Samir", "Tomas", "Ulla", "Viktor", "Wanda", "Yusuf", "Zora"}
	lastNames   = []string{"Almeida", "Brandt", "Castillo", "Dimitrov", "Eriksen", "Fischer", "Gallo", "Haddad", "Ivanova", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Ueda", "Varga", "Weber", "Yilmaz", "Zhou"}
	cities      = []string{"Lisbon", "Porto", "Valencia", "Bologna", "Krakow", "Gdansk", "Tampere", "Aarhus", "Ghent", "Utrecht", "Graz", "Brno", "Cluj", "Varna", "Split", "Izmir", "Haifa", "Tunis", "Accra", "Mombasa", "Osaka", "Busan", "Perth", "Quito", "Recife"}
	orgPrefixes = []string{"Northern", "Atlas", "Harbor", "Summit", "Meridian", "Pioneer", "Coastal", "Granite", "Silver", "Union"}
	orgSuffixes = []string{"Motors", "Energy", "Holdings", "Logistics", "Bank", "Foods", "Institute", "Agency", "Council", "Works"}
	outlets     = []string{"Daily Ledger", "Morning Post", "City Herald", "Evening Star", "Wire Service", "Global Times", "Metro News", "Courier"}
)
