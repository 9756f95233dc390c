package claim

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

// doc is one test article: its id, source group and text.
type doc struct{ id, group, text string }

// ent is a test entity: every occurrence of each of its forms in every
// article is a mention.
type ent struct {
	typ   string
	forms []string
	alias []string
}

func mkInput(docs []doc, ents []ent) Input {
	var in Input
	groups := map[string][]string{}
	var order []string
	for _, d := range docs {
		a := news.Article{ID: d.id, Text: d.text, Published: "2022-12-10"}
		text.Analyze(&a)
		in.Articles = append(in.Articles, a)
		if _, ok := groups[d.group]; !ok {
			order = append(order, d.group)
		}
		groups[d.group] = append(groups[d.group], d.id)
	}
	for _, g := range order {
		in.Groups = append(in.Groups, groups[g])
	}
	for i, e := range ents {
		ne := news.Entity{ID: "e" + string(rune('a'+i)), Name: e.forms[0], Type: e.typ, Aliases: e.alias}
		for _, d := range docs {
			for _, f := range e.forms {
				for off := 0; ; {
					k := strings.Index(d.text[off:], f)
					if k < 0 {
						break
					}
					ne.Mentions = append(ne.Mentions, news.Mention{Article: d.id, Start: off + k, End: off + k + len(f)})
					off += k + len(f)
				}
			}
		}
		in.Entities = append(in.Entities, ne)
	}
	in.Ref = map[string]time.Time{}
	for _, a := range in.Articles {
		in.Ref[a.ID] = time.Date(2022, 12, 10, 0, 0, 0, 0, time.UTC)
	}
	return in
}

var (
	iran    = ent{typ: "GPE", forms: []string{"Iran", "Tehran"}}
	russia  = ent{typ: "GPE", forms: []string{"Russia", "Moscow"}}
	ukraine = ent{typ: "GPE", forms: []string{"Ukraine"}}
	usa     = ent{typ: "GPE", forms: []string{"United States"}}
	biden   = ent{typ: "PERSON", forms: []string{"Joe Biden"}}
	korea   = ent{typ: "GPE", forms: []string{"North Korea"}}
	austr   = ent{typ: "GPE", forms: []string{"Australia"}}
)

func TestQuantities(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		in                string
		lo, hi, of        float64
		unit              string
		partial, rate, ag bool
	}{
		{"Ukraine shot down 10 of 15 drones.", 10, 10, 15, "drone", false, false, false},
		{"10 out of 15 drones were downed.", 10, 10, 15, "drone", false, false, false},
		{"Iran sent hundreds of drones.", 200, 999, 0, "drone", false, false, false},
		{"a new round of $275 million in military aid", 275e6, 275e6, 0, "USD", false, false, false},
		{"a dozen missiles were fired", 12, 12, 0, "missile", false, false, false},
		{"more than 1,000 people fled", 1000, inf, 0, "people", false, false, false},
		{"more than the $21 million offered", 21e6, inf, 0, "USD", false, false, false},
		{"between 10 and 20 soldiers died", 10, 20, 0, "soldier", false, false, false},
		{"Iran sent ten drones.", 10, 10, 0, "drone", false, false, false},
		{"about 150 generators", 127.5, 172.5, 0, "generator", false, false, false},
		{"tens of thousands of protesters marched", 20000, 99999, 0, "protester", false, false, false},
		{"the 10-15 drones launched", 10, 15, 0, "drone", false, false, false},
		{"1.5 million people without power", 1.5e6, 1.5e6, 0, "people", false, false, false},
		{"a range of 2,500 kilometers", 2500, 2500, 0, "km", false, false, false},
		{"about 90% of warheads", 76.5, 103.5, 0, "percent", false, false, false},
		{"killed two women and a man", 2, 2, 0, "women", true, false, false},
		{"worth $23 million per season", 23e6, 23e6, 0, "USD", false, true, false},
		{"died at the age of 85", 85, 85, 0, "", false, false, true},
		{"won 18 of its next 23 games", 18, 18, 23, "gam", false, false, false},
		{"Iran sent 50 more drones", 50, 50, 0, "drone", true, false, false},
		{"another 500 troops arrived", 500, 500, 0, "soldier", true, false, false},
	}
	for _, tt := range tests {
		words, offs := wordsOf(tt.in)
		qs := quantities(words, offs, make([]bool, len(words)))
		if len(qs) == 0 {
			t.Errorf("%q: no quantity", tt.in)
			continue
		}
		q := qs[0]
		if math.Abs(q.Lo-tt.lo) > 1e-6*math.Max(1, tt.lo) || (q.Hi != tt.hi && math.Abs(q.Hi-tt.hi) > 1e-6*math.Max(1, tt.hi)) ||
			q.Of != tt.of || q.Unit != tt.unit || q.Partial != tt.partial || q.Rate != tt.rate || q.Age != tt.ag {
			t.Errorf("%q: got %+v, want [%v,%v] of %v unit %q partial %v rate %v age %v", tt.in, q, tt.lo, tt.hi, tt.of, tt.unit, tt.partial, tt.rate, tt.ag)
		}
	}
	for _, s := range []string{"the 27th use of drawdown authority", "the Su-35 fighters", "one of the backers", "Iran and Russia"} {
		words, offs := wordsOf(s)
		if qs := quantities(words, offs, make([]bool, len(words))); len(qs) != 0 {
			t.Errorf("%q: want no quantity, got %+v", s, qs)
		}
	}
}

func wordsOf(s string) ([]string, [][2]int) {
	toks := text.Tokens(s)
	words := make([]string, len(toks))
	offs := make([][2]int, len(toks))
	for i, t := range toks {
		words[i], offs[i] = strings.ToLower(s[t.Start:t.End]), [2]int{t.Start, t.End}
	}
	return words, offs
}

func TestStem(t *testing.T) {
	for _, g := range [][]string{
		{"supplied", "supplying", "supplies", "supply"},
		{"authorized", "authorize", "authorizing"},
		{"drones", "drone"},
		{"killed", "kills", "killing"},
		{"stopped", "stop"},
	} {
		for _, w := range g[1:] {
			if stem(w) != stem(g[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q", w, stem(w), g[0], stem(g[0]))
			}
		}
	}
	for _, p := range [][2]string{{"downed", "down"}, {"sent", "supply"}, {"provide", "supply"}, {"deliveries", "supply"},
		{"backer", "support"}, {"denied", "deny"}, {"acknowledged", "admit"}, {"sanctions", "sanction"}} {
		if c := conceptOf(p[0]); c != p[1] {
			t.Errorf("conceptOf(%q) = %q, want %q", p[0], c, p[1])
		}
	}
}

// TestMatch checks each rule by which two sentences state the same claim,
// and the cases that must stay apart.
func TestMatch(t *testing.T) {
	ents := []ent{iran, russia, ukraine, usa, biden, korea, austr}
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"same number and paraphrased verb", "Ukraine shot down 10 of 15 drones on Saturday.",
			"Officials said 10 out of 15 drones were downed by Ukraine overnight.", true},
		{"same money and entities", "Joe Biden authorized a new round of $275 million in military aid for Ukraine, the memo said.",
			"To help bolster air defenses, Joe Biden on Friday authorized a new $275 million package in military aid for Ukraine.", true},
		{"same event concept and wording", "Ukraine accused Iran of supplying Russia with kamikaze drones used to hit energy infrastructure.",
			"Ukraine has accused Iran of sending Russia the kamikaze drones that hit its energy infrastructure.", true},
		{"different quantities of the same unit", "Joe Biden authorized a new round of $275 million in military aid for Ukraine.",
			"The United States has committed $20 billion in military aid for Ukraine since Joe Biden took office.", false},
		{"shared entities, different actors and matters", "North Korea has denied recent reports that it has sent ammunition to Russia for use in Ukraine.",
			"Australia announced sanctions against three Iranians for supplying drones to Russia for use against Ukraine.", false},
		{"no shared entity", "Ukraine shot down 10 of 15 drones.", "Iran sent 10 of 15 drones to Russia.", false},
		{"superlative and its qualified form", "Iran has become Russia's top military backer, officials say.",
			"Iran has become one of Russia's top military backers, officials say.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mkInput([]doc{{"a1", "g1", tt.a}, {"a2", "g2", tt.b}}, ents)
			o := Options{}.withDefaults(2)
			ss := analyse(in, keyer{gz: o.Gazetteer})
			if len(ss) != 2 {
				t.Fatalf("%d sentences", len(ss))
			}
			w := newIDF(ss)
			if _, got := match(&ss[0], &ss[1], w, o); got != tt.want {
				t.Errorf("match = %v, want %v (keys %v / %v, lex %.2f)", got, tt.want, ss[0].keys, ss[1].keys, w.lexSim(ss[0].stems, ss[1].stems))
			}
		})
	}
}

// TestCorroboration checks that corroboration counts source groups, not
// articles: a rewrite adds a source, not an independent one.
func TestCorroboration(t *testing.T) {
	ents := []ent{ukraine, biden}
	in := mkInput([]doc{
		{"a1", "g1", "Ukraine shot down 10 of 15 drones on Saturday, the air force said."},
		{"a2", "g1", "The air force said 10 out of 15 drones were downed by Ukraine on Saturday."},
		{"a3", "g2", "Joe Biden authorized $275 million in military aid for Ukraine on Friday."},
		{"a4", "g3", "On Friday Joe Biden authorized a $275 million military aid package for Ukraine."},
	}, ents)
	claims, _ := Analyze(in, Options{})
	got := map[string]int{}
	for _, c := range claims {
		for _, s := range c.Sources {
			got[s.Article] = c.IndependentSources
		}
		if !strings.HasPrefix(c.ID, "c") || len(c.ID) != 11 {
			t.Errorf("claim id %q", c.ID)
		}
	}
	want := map[string]int{"a1": 1, "a2": 1, "a3": 2, "a4": 2}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("%s: independent sources %d, want %d (claims %+v)", id, got[id], n, claims)
		}
	}
	for _, c := range claims {
		if c.IndependentSources == 2 && c.Status != news.StatusCorroborated || c.IndependentSources == 1 && c.Status != news.StatusSingleSource {
			t.Errorf("claim %q: status %s with %d sources", c.Text, c.Status, c.IndependentSources)
		}
	}
	again, _ := Analyze(in, Options{})
	for i := range claims {
		if claims[i].ID != again[i].ID {
			t.Errorf("unstable ids: %s vs %s", claims[i].ID, again[i].ID)
		}
	}
}

func TestClaimFilter(t *testing.T) {
	in := mkInput([]doc{{"a1", "g1", "Did Iran send drones to Russia?\nNewsweek has contacted the Iranian foreign ministry for comment.\n" +
		"I think we should expect Iran and Russia to deepen their relationship.\nIran sent 200 drones to Russia in October."}}, []ent{iran, russia})
	claims, _ := Analyze(in, Options{})
	if len(claims) != 1 || !strings.Contains(claims[0].Text, "200 drones") {
		t.Errorf("claims %+v, want only the statement with a number", claims)
	}
}

// TestConflicts checks each conflict kind and the cases that must not be
// flagged.
func TestConflicts(t *testing.T) {
	ents := []ent{iran, russia, ukraine, usa, biden,
		{typ: "PERSON", forms: []string{"James Cleverly", "James Cleverley"}, alias: []string{"James Cleverley (variant spelling)"}},
		{typ: "PERSON", forms: []string{"Volodymyr Zelenskyy", "Volodymyr Zelensky"}, alias: []string{"Volodymyr Zelensky (variant spelling)"}},
	}
	tests := []struct {
		name string
		docs []doc
		want string // the conflict kind expected, "" for none
	}{
		{"vague vs exact count", []doc{
			{"a1", "g1", "Iran has sent hundreds of drones to Russia, officials said."},
			{"a2", "g2", "Iran agreed to send 6,000 drones to Russia, an official said."}}, news.ConflictNumber},
		{"casualty counts", []doc{
			{"a1", "g1", "Twelve people were killed in Ukraine when the missile hit."},
			{"a2", "g2", "The strike in Ukraine killed 25 people, officials said."}}, news.ConflictNumber},
		{"compatible: vague covers exact", []doc{
			{"a1", "g1", "Iran has sent hundreds of drones to Russia, officials said."},
			{"a2", "g2", "Iran agreed to send 400 drones to Russia, an official said."}}, ""},
		{"compatible: more than", []doc{
			{"a1", "g1", "More than 20 people were killed in Ukraine when the missile hit."},
			{"a2", "g2", "The strike in Ukraine killed 25 people, officials said."}}, ""},
		{"an increment is not a total", []doc{
			{"a1", "g1", "Iran has sent hundreds of drones to Russia, officials said."},
			{"a2", "g2", "Iran sent 50 more drones to Russia last week, officials said."}}, ""},
		{"different quantities: package vs total", []doc{
			{"a1", "g1", "Joe Biden authorized a new round of $275 million in military aid for Ukraine."},
			{"a2", "g2", "In total, the United States has committed $20 billion in security assistance to Ukraine."}}, ""},
		{"different units", []doc{
			{"a1", "g1", "Iran has sent hundreds of missiles to Russia."},
			{"a2", "g2", "Iran agreed to send 6,000 drones to Russia."}}, ""},
		{"different events", []doc{
			{"a1", "g1", "Ukraine shot down 10 of 15 drones sent by Russia."},
			{"a2", "g2", "Iran agreed to send 6,000 drones to Russia."}}, ""},
		{"parts of an enumeration", []doc{
			{"a1", "g1", "The fire in Ukraine killed two women and a man."},
			{"a2", "g2", "Three people were killed in the fire in Ukraine."}}, ""},
		{"rate vs total", []doc{
			{"a1", "g1", "Russia offered Ukraine a deal worth $184 million in total."},
			{"a2", "g2", "Russia offered Ukraine a deal worth $23 million per year."}}, ""},
		{"same article", []doc{
			{"a1", "g1", "Iran has sent hundreds of drones to Russia. Iran agreed to send 6,000 drones to Russia."}}, ""},
		{"durations change with the day of writing", []doc{
			{"a1", "g1", "Russia has relied on drones after nearly nine months of war in Ukraine."},
			{"a2", "g2", "Russia has relied on drones after almost 11 months of war in Ukraine."}}, ""},

		{"variant spelling of a person", []doc{
			{"a1", "g1", "Foreign Secretary James Cleverly said Iran had sent drones to Russia."},
			{"a2", "g2", "Foreign Secretary James Cleverly warned Russia again."},
			{"a3", "g3", "Foreign Secretary James Cleverley said Iran had sent drones."}}, news.ConflictName},
		{"transliteration is not an error", []doc{
			{"a1", "g1", "President Volodymyr Zelenskyy spoke in Ukraine."},
			{"a2", "g2", "President Volodymyr Zelensky spoke in Ukraine."}}, ""},
		{"misspelt weapon next to its designation", []doc{
			{"a1", "g1", "Russia has expended its stock of SS-26 Islander short range ballistic missiles."}}, news.ConflictName},
		{"correct weapon name", []doc{
			{"a1", "g1", "Russia has expended its stock of SS-26 Iskander short range ballistic missiles."}}, ""},

		{"same event, different dates", []doc{
			{"a1", "g1", "Joe Biden authorized a $275 million military aid package for Ukraine on Dec. 9, 2022."},
			{"a2", "g2", "Joe Biden authorized a $275 million military aid package for Ukraine on Nov. 4, 2022."}}, news.ConflictDate},
		{"same event, same date at different precision", []doc{
			{"a1", "g1", "Joe Biden authorized a $275 million military aid package for Ukraine on Dec. 9, 2022."},
			{"a2", "g2", "Joe Biden authorized a $275 million military aid package for Ukraine in December 2022."}}, ""},

		{"denial vs admission across sources", []doc{
			{"a1", "g1", "Iran has denied supplying drones to Russia for the war."},
			{"a2", "g2", "Iran admitted it had supplied drones to Russia for the war."}}, news.ConflictStatement},
		{"one source reports both: a change over time", []doc{
			{"a1", "g1", "Iran has denied supplying drones to Russia for the war."},
			{"a2", "g2", "Iran initially denied supplying drones to Russia, but later admitted it had sent drones to Russia."}}, ""},
		{"denial vs admission within one source group", []doc{
			{"a1", "g1", "Iran has denied supplying drones to Russia for the war."},
			{"a2", "g1", "Iran admitted it had supplied drones to Russia for the war."}}, ""},
		{"denial and admission on different matters", []doc{
			{"a1", "g1", "Russia denied that it is intentionally killing civilians in Ukraine."},
			{"a2", "g2", "Russia confirmed it targets energy infrastructure in Ukraine."}}, ""},
		{"superlative vs qualified", []doc{
			{"a1", "g1", "Iran has become one of Russia's top military backers since the invasion."},
			{"a2", "g2", "The US said that Iran is now Russia's top military backer."}}, news.ConflictStatement},
		{"superlatives about different possessors", []doc{
			{"a1", "g1", "Iran has become one of Russia's top military backers since the invasion."},
			{"a2", "g2", "The United States is now Ukraine's top military backer."}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mkInput(tt.docs, ents)
			_, cs := Analyze(in, Options{})
			kinds := map[string]int{}
			for _, c := range cs {
				kinds[c.Kind]++
				if c.A.Text == "" || c.B.Text == "" || c.Explanation == "" {
					t.Errorf("conflict without texts or explanation: %+v", c)
				}
				if c.A.Article != "" {
					a := articleText(in, c.A.Article)
					if a[c.A.Start:c.A.End] != c.A.Text {
						t.Errorf("span A %d:%d does not hold its text %q", c.A.Start, c.A.End, c.A.Text)
					}
				}
			}
			switch {
			case tt.want == "" && len(cs) > 0:
				t.Errorf("want no conflict, got %+v", cs)
			case tt.want != "" && (kinds[tt.want] != 1 || len(cs) != 1):
				t.Errorf("want one %s conflict, got %+v", tt.want, cs)
			}
		})
	}
}

func articleText(in Input, id string) string {
	for _, a := range in.Articles {
		if a.ID == id {
			return a.Text
		}
	}
	return ""
}

// TestContested checks that a claim a conflict touches is contested.
func TestContested(t *testing.T) {
	in := mkInput([]doc{
		{"a1", "g1", "Iran has sent hundreds of drones to Russia, officials said."},
		{"a2", "g2", "Iran agreed to send 6,000 drones to Russia, an official said."}}, []ent{iran, russia})
	claims, conflicts := Analyze(in, Options{})
	if len(conflicts) != 1 || len(claims) != 2 {
		t.Fatalf("claims %+v conflicts %+v", claims, conflicts)
	}
	for _, c := range claims {
		if c.Status != news.StatusContested {
			t.Errorf("claim %q: status %s, want contested", c.Text, c.Status)
		}
	}
}

func TestNoPanicOnBadInput(t *testing.T) {
	in := Input{
		Articles: []news.Article{{ID: "x", Text: "Iran sent 5 drones.", Sentences: []news.Span{{Start: -1, End: 400}, {Start: 0, End: 19}}}},
		Entities: []news.Entity{{ID: "e1", Name: "Iran", Type: "GPE", Mentions: []news.Mention{{Article: "x", Start: 0, End: 4}, {Article: "x", Start: 50, End: 90}, {Article: "nope", Start: 0, End: 4}}}},
	}
	Analyze(in, Options{})
	Analyze(Input{}, Options{})
}
