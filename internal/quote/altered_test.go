package quote

import (
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

// quoteIn makes a direct quote of the first occurrence of q in text.
func quoteIn(article, text, q, speaker string) news.Quote {
	i := strings.Index(text, q)
	if i < 0 {
		panic("test quote not in text: " + q)
	}
	return news.Quote{Article: article, Text: q, Start: i, End: i + len(q), SpeakerName: speaker, Direct: true}
}

func TestAltered(t *testing.T) {
	tests := []struct {
		name           string
		a, b           string // article texts
		qa, qb         string // the quoted words in each
		sa, sb         string // speakers
		altered        bool
		explainA, expB string
	}{
		{
			name: "words substituted in the same slot",
			a:    "The “sordid deals” between the two countries have seen Iran send drones, he said.",
			b:    "Looking at the “serious agreements” between the two countries, Iran has sent drones.",
			qa:   "sordid deals", qb: "serious agreements", sa: "James Cleverly", sb: "James Cleverley",
			altered: true, explainA: "sordid deals", expB: "serious agreements",
		},
		{
			name: "one word changed, anchored after",
			a:    "It later admitted to having sent Moscow drones “many months” before the war began.",
			b:    "Iran later admitted that it had supplied some equipment “several months” before the attack.",
			qa:   "many months", qb: "several months", sa: "Tehran", sb: "Iran",
			altered: true, explainA: "many months", expB: "several months",
		},
		{
			name: "two different quotations sharing only stop words",
			a:    "“We need everyone on it,” Noem said on Twitter.",
			b:    "“Meth. We're on it,” Noem said in a statement.",
			qa:   "We need everyone on it,", qb: "Meth. We're on it,", sa: "Kristi Noem", sb: "Noem",
			altered: false,
		},
		{
			name: "two long quotations in the same attribution phrase",
			a:    "“We have a need and saw a need to bring on some additional providers with enhanced lander capabilities,” Steve Clarke, NASA's deputy associate administrator for exploration, said.",
			b:    "“We were actually looking to do this a little bit later, but we saw the need to accelerate that,” Steve Clarke, NASA's deputy associate administrator for exploration, said.",
			qa:   "We have a need and saw a need to bring on some additional providers with enhanced lander capabilities,",
			qb:   "We were actually looking to do this a little bit later, but we saw the need to accelerate that,",
			sa:   "Steve Clarke", sb: "Steve Clarke",
			altered: false,
		},
		{
			name: "a shorter excerpt is faithful",
			a:    "“Russia is seeking to collaborate with Iran in areas like weapons development, training,” Kirby said.",
			b:    "Kirby said Russia wanted “to collaborate with Iran in areas like weapons development”.",
			qa:   "Russia is seeking to collaborate with Iran in areas like weapons development, training,",
			qb:   "to collaborate with Iran in areas like weapons development",
			sa:   "John Kirby", sb: "Kirby",
			altered: false,
		},
		{
			name: "punctuation, case and contractions are faithful",
			a:    "“Russia has been using Iranian drones to strike infrastructure, depriving millions of power, heat, and critical services,” he said.",
			b:    "“Russia’s been using Iranian drones to strike infrastructure depriving millions of power, heat, critical services.” Mr. Kirby said.",
			qa:   "Russia has been using Iranian drones to strike infrastructure, depriving millions of power, heat, and critical services,",
			qb:   "Russia’s been using Iranian drones to strike infrastructure depriving millions of power, heat, critical services.",
			sa:   "John Kirby", sb: "John Kirby",
			altered: false,
		},
		{
			name: "a dropped negation is an alteration",
			a:    "“We are not planning to send troops to the region,” she said.",
			b:    "“We are planning to send troops to the region,” she said.",
			qa:   "We are not planning to send troops to the region,",
			qb:   "We are planning to send troops to the region,",
			sa:   "Wendy Sherman", sb: "Wendy Sherman",
			altered: true, explainA: "not", expB: "",
		},
		{
			name: "different speakers are not compared",
			a:    "The “sordid deals” between the two countries, he said.",
			b:    "The “serious agreements” between the two countries, she said.",
			qa:   "sordid deals", qb: "serious agreements", sa: "James Cleverly", sb: "Penny Wong",
			altered: false,
		},
		{
			name: "two different short quotes of one speaker are not one",
			a:    "Russia is providing an “unprecedented level” of military support to Iran.",
			b:    "Russia intended to “provide Iran with advanced military components” including helicopters.",
			qa:   "unprecedented level", qb: "provide Iran with advanced military components", sa: "John Kirby", sb: "John Kirby",
			altered: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := []news.Quote{quoteIn("a", tt.a, tt.qa, tt.sa), quoteIn("b", tt.b, tt.qb, tt.sb)}
			cs := Altered(qs, map[string]string{"a": tt.a, "b": tt.b})
			if got := len(cs) > 0; got != tt.altered {
				t.Fatalf("altered = %v, want %v (%v)", got, tt.altered, cs)
			}
			if !tt.altered {
				return
			}
			c := cs[0]
			if c.Kind != news.ConflictQuote || c.A.Article != "a" || c.B.Article != "b" || c.A.Text != tt.qa || c.B.Text != tt.qb {
				t.Errorf("conflict %+v", c)
			}
			if !strings.Contains(c.Explanation, "“"+tt.explainA) || !strings.Contains(c.Explanation, "“"+tt.expB) {
				t.Errorf("explanation %q does not name %q → %q", c.Explanation, tt.explainA, tt.expB)
			}
		})
	}
}

func TestSameSpeaker(t *testing.T) {
	tests := []struct {
		a, b news.Quote
		want bool
	}{
		{news.Quote{Speaker: "e1", SpeakerName: "X"}, news.Quote{Speaker: "e1", SpeakerName: "Y"}, true},
		{news.Quote{Speaker: "e1"}, news.Quote{Speaker: "e2"}, false},
		{news.Quote{SpeakerName: "James Cleverly"}, news.Quote{SpeakerName: "James Cleverley"}, true},
		{news.Quote{SpeakerName: "Kirby"}, news.Quote{SpeakerName: "John Kirby"}, true},
		{news.Quote{SpeakerName: "Tehran"}, news.Quote{SpeakerName: "Iran"}, true},
		{news.Quote{SpeakerName: "John Kirby"}, news.Quote{SpeakerName: "John Kerry"}, false},
		{news.Quote{SpeakerName: ""}, news.Quote{SpeakerName: ""}, false},
	}
	for _, tt := range tests {
		if got := sameSpeaker(tt.a, tt.b); got != tt.want {
			t.Errorf("sameSpeaker(%q, %q) = %v, want %v", tt.a.SpeakerName, tt.b.SpeakerName, got, tt.want)
		}
	}
}
