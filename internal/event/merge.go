package event

import (
	"cmp"
	"slices"
	"strings"

	"github.com/zeebo/xxh3"

	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/news"
)

// Merge merges coded events across articles into news.Event values: the
// same (type, actor, target, object) reported by several articles, or
// several times in one, is one event with several sources. entityOf maps a
// mention to an entity id; when it returns "" (or the actor is not a named
// mention) a normalised actor text is the key instead. A capital city
// ("Tehran", "Moscow") is keyed as its country, so that "Tehran sent
// Moscow drones" and "Iran sent Russia drones" are one event.
//
// Negated statements ("Iran denied supplying drones") are kept apart from
// the positive ones, since they say the opposite; an event is hypothetical
// only when every source states it so.
func Merge(coded map[string][]Coded, entityOf func(article string, m ner.Mention) string) []news.Event {
	type acc struct{ ev news.Event }
	byKey := map[string]*acc{}
	articles := make([]string, 0, len(coded))
	for a := range coded {
		articles = append(articles, a)
	}
	slices.Sort(articles)
	// A capital stands for its country ("Tehran sent Moscow drones"):
	// its key is the key the country itself has in these articles, or
	// the country's name when no coded event names the country.
	countryID := map[string]string{}
	for _, a := range articles {
		for _, c := range coded[a] {
			for _, am := range [...]struct {
				m    ner.Mention
				text string
			}{{c.Actor, c.ActorText}, {c.Target, c.TargetText}} {
				country, ok := countryOf[normalise(am.text)]
				if !ok || entityOf == nil || am.m.End <= am.m.Start {
					continue
				}
				if _, seen := countryID[country]; !seen {
					if id := entityOf(a, am.m); id != "" {
						countryID[country] = id
					}
				}
			}
		}
	}
	key := func(article string, m ner.Mention, text string) string {
		if country, ok := capitals[normalise(text)]; ok {
			if id := countryID[country]; id != "" {
				return id
			}
			return country
		}
		if entityOf != nil && m.End > m.Start {
			if id := entityOf(article, m); id != "" {
				return id
			}
		}
		return normalise(text)
	}
	for _, a := range articles {
		for _, c := range coded[a] {
			actor, target := key(a, c.Actor, c.ActorText), key(a, c.Target, c.TargetText)
			obj := objectKey(c.Object)
			neg := ""
			if c.Negated {
				neg = "not"
			}
			k := strings.Join([]string{c.Type, actor, target, obj, neg}, "\x00")
			e := byKey[k]
			if e == nil {
				id := "v" + hex(xxh3.HashString(k))[:10]
				e = &acc{ev: news.Event{ID: id, Type: c.Type, Mode: c.Mode, Actor: actor, Target: target,
					Object: c.Object, Quantity: c.Quantity, Date: c.DateText, Place: c.Place,
					Negated: c.Negated, Hypothetical: true, Sources: []news.SourceSpan{}}}
				byKey[k] = e
			}
			if !c.Hypothetical {
				e.ev.Hypothetical = false
			}
			fill := func(dst *string, v string) {
				if *dst == "" {
					*dst = v
				}
			}
			fill(&e.ev.Mode, c.Mode)
			fill(&e.ev.Quantity, c.Quantity)
			fill(&e.ev.Date, c.DateText)
			fill(&e.ev.Place, c.Place)
			src := news.SourceSpan{Article: a, Start: c.Start, End: c.End}
			if !slices.Contains(e.ev.Sources, src) {
				e.ev.Sources = append(e.ev.Sources, src)
			}
		}
	}
	out := make([]news.Event, 0, len(byKey))
	for _, e := range byKey {
		out = append(out, e.ev)
	}
	slices.SortFunc(out, func(a, b news.Event) int {
		return cmp.Or(cmp.Compare(len(b.Sources), len(a.Sources)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func hex(v uint64) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 16)
	for i := 15; i >= 0; i-- {
		b[i] = digits[v&15]
		v >>= 4
	}
	return string(b)
}

// normalise reduces an actor text to a key: lower case, no leading
// article, no possessive, single spaces.
func normalise(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	s = strings.TrimSuffix(s, "'s")
	f := strings.Fields(s)
	if len(f) > 0 && (f[0] == "the" || f[0] == "a" || f[0] == "an") {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// objectKey keeps the head of an object ("hundreds of Shahed-136 drones" →
// "drone") so that differently worded reports of one delivery merge.
func objectKey(s string) string {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return ""
	}
	for i := len(f) - 1; i >= 0; i-- {
		w := strings.Trim(f[i], `"'“”‘’.,`)
		if w == "" || isNumber(w) || scaleWords[w] {
			continue
		}
		return strings.TrimSuffix(w, "s")
	}
	return ""
}

// Edge is the set of events between one actor and one target.
type Edge struct {
	Actor, Target string
	Events        []string       // event ids
	Types         map[string]int // event type → count
}

// Graph groups events by (actor, target) pair. Events without an actor or
// without a target are left out: they are not relations between two actors.
func Graph(events []news.Event) []Edge {
	idx := map[[2]string]int{}
	var out []Edge
	for _, e := range events {
		if e.Actor == "" || e.Target == "" {
			continue
		}
		k := [2]string{e.Actor, e.Target}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Edge{Actor: e.Actor, Target: e.Target, Types: map[string]int{}})
		}
		out[i].Events = append(out[i].Events, e.ID)
		out[i].Types[e.Type]++
	}
	slices.SortFunc(out, func(a, b Edge) int {
		return cmp.Or(cmp.Compare(len(b.Events), len(a.Events)), cmp.Compare(a.Actor, b.Actor), cmp.Compare(a.Target, b.Target))
	})
	for i := range out {
		slices.Sort(out[i].Events)
	}
	return out
}

// capitals maps a capital city, as newsrooms use it for its government
// ("Tehran denied", "talks with Moscow"), to its country's key. The
// gazetteer lists places but not which is whose capital, so the table is
// here; it holds the capitals of the countries most often in the news.
var capitals = map[string]string{
	"tehran": "iran", "moscow": "russia", "kyiv": "ukraine", "kiev": "ukraine", "washington": "united states",
	"washington, d.c.": "united states", "beijing": "china", "pyongyang": "north korea", "seoul": "south korea",
	"london": "united kingdom", "paris": "france", "berlin": "germany", "rome": "italy", "madrid": "spain",
	"ankara": "turkey", "damascus": "syria", "baghdad": "iraq", "kabul": "afghanistan", "islamabad": "pakistan",
	"new delhi": "india", "tokyo": "japan", "canberra": "australia", "ottawa": "canada", "minsk": "belarus",
	"warsaw": "poland", "riyadh": "saudi arabia", "cairo": "egypt", "tripoli": "libya",
	"beirut": "lebanon", "amman": "jordan", "sanaa": "yemen", "caracas": "venezuela", "havana": "cuba",
	"taipei": "taiwan", "tbilisi": "georgia", "yerevan": "armenia", "baku": "azerbaijan",
}

// countryOf maps the names a country goes by to the key capitals use.
var countryOf = func() map[string]string {
	m := map[string]string{}
	for _, c := range capitals {
		m[c] = c
	}
	for alias, c := range map[string]string{"us": "united states", "u.s.": "united states", "usa": "united states",
		"america": "united states", "uk": "united kingdom", "u.k.": "united kingdom", "britain": "united kingdom",
		"great britain": "united kingdom", "eu": "european union", "dprk": "north korea", "islamic republic of iran": "iran",
		"russian federation": "russia"} {
		m[alias] = c
	}
	return m
}()
