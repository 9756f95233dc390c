package resolve

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/news"
)

// mkDoc builds a document whose mentions are given as "TYPE:surface" in
// text order, each found after the end of the one before.
func mkDoc(t testing.TB, id, text string, specs ...string) Doc {
	t.Helper()
	d := Doc{ID: id, Text: text}
	next := 0
	for _, s := range specs {
		typ, surface, ok := strings.Cut(s, ":")
		if !ok {
			t.Fatalf("bad spec %q", s)
		}
		i := strings.Index(text[next:], surface)
		if i < 0 {
			t.Fatalf("%s: %q not found after %d", id, surface, next)
		}
		i += next
		next = i + len(surface)
		d.Mentions = append(d.Mentions, ner.Mention{Start: i, End: i + len(surface), Type: typ, Text: surface})
	}
	return d
}

// groups renders entities as "TYPE Name = alias, alias" lines sorted, for
// comparing partitions.
func byName(ents []news.Entity) map[string]news.Entity {
	m := map[string]news.Entity{}
	for _, e := range ents {
		m[e.Type+" "+e.Name] = e
	}
	return m
}

func aliasForms(e news.Entity) []string {
	var out []string
	for _, a := range e.Aliases {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

func TestMergeRules(t *testing.T) {
	tests := []struct {
		name string
		docs func(t *testing.T) []Doc
		want map[string][]string // "TYPE Name" → aliases with evidence; every entity listed
	}{
		{
			name: "surname, honorific, title and possessive in one document",
			docs: func(t *testing.T) []Doc {
				return []Doc{mkDoc(t, "a", "Mr. Kirby spoke. Later the spokesman John Kirby said more. Kirby added that John Kirby's view held.",
					"PERSON:Mr. Kirby", "PERSON:spokesman John Kirby", "PERSON:Kirby", "PERSON:John Kirby's")}
			},
			want: map[string][]string{"PERSON John Kirby": {"Kirby (surname)"}},
		},
		{
			name: "titles stripped from person spans",
			docs: func(t *testing.T) []Doc {
				return []Doc{mkDoc(t, "a", "U.K. Foreign Secretary James Cleverly met Deputy Secretary of State Wendy Sherman and Under Secretary of Defense for Policy Colin Kahl. Under Secretary of Defense was there.",
					"PERSON:U.K. Foreign Secretary James Cleverly", "PERSON:Deputy Secretary of State Wendy Sherman",
					"PERSON:Under Secretary of Defense for Policy Colin Kahl", "PERSON:Under Secretary of Defense")}
			},
			want: map[string][]string{"PERSON James Cleverly": nil, "PERSON Wendy Sherman": nil, "PERSON Colin Kahl": nil},
		},
		{
			name: "spelling variants and transliterations across documents",
			docs: func(t *testing.T) []Doc {
				return []Doc{
					mkDoc(t, "a", "Volodymyr Zelenskyy spoke in Kyiv about Odesa. James Cleverly agreed.", "PERSON:Volodymyr Zelenskyy", "GPE:Kyiv", "GPE:Odesa", "PERSON:James Cleverly"),
					mkDoc(t, "b", "Volodymyr Zelensky left Kiev for Odessa. James Cleverley agreed.", "PERSON:Volodymyr Zelensky", "GPE:Kiev", "GPE:Odessa", "PERSON:James Cleverley"),
					mkDoc(t, "c", "Volodymyr Zelenskyy was in Kyiv, then Odesa.", "PERSON:Volodymyr Zelenskyy", "GPE:Kyiv", "GPE:Odesa"),
				}
			},
			want: map[string][]string{
				"PERSON Volodymyr Zelenskyy": {"Volodymyr Zelensky (variant spelling)"},
				"GPE Kyiv":                   {"Kiev (variant spelling)"},
				"GPE Odesa":                  {"Odessa (variant spelling)"},
				"PERSON James Cleverly":      {"James Cleverley (variant spelling)"},
			},
		},
		{
			name: "surname resolved against the one full name in the story",
			docs: func(t *testing.T) []Doc {
				return []Doc{
					mkDoc(t, "a", "Colin Kahl visited Kyiv.", "PERSON:Colin Kahl", "GPE:Kyiv"),
					mkDoc(t, "b", "Kahl said the talks went well.", "PERSON:Kahl"),
				}
			},
			want: map[string][]string{"PERSON Colin Kahl": {"Kahl (surname)"}, "GPE Kyiv": nil},
		},
		{
			name: "given name after an honorific, one candidate in the document",
			docs: func(t *testing.T) []Doc {
				return []Doc{mkDoc(t, "a", "James Cleverley backed him. Mr. James said so.", "PERSON:James Cleverley", "PERSON:Mr. James")}
			},
			want: map[string][]string{"PERSON James Cleverley": {"James (given name)"}},
		},
		{
			name: "alias patterns: known as, repainted them as, which X calls, renamed",
			docs: func(t *testing.T) []Doc {
				return []Doc{
					mkDoc(t, "a", "Kyiv identified the Iranian-made Shahed-136, better known to the Russian military as the Geran-2, in October.",
						"GPE:Kyiv", "WEAPON:Shahed-136", "MISC:Russian", "WEAPON:Geran-2"),
					mkDoc(t, "b", "Iranian drones, the Shahed-136 is the most common, are cheap.\n\nRussian technicians have repainted them as Geranium-2 to disguise them.",
						"MISC:Iranian", "WEAPON:Shahed-136", "MISC:Russian", "WEAPON:Geranium-2"),
					mkDoc(t, "c", "Iran sent the Mohajer-6, which Russia calls Izdeliye-6, last year. Artemivsk was renamed Bakhmut in 2016.",
						"GPE:Iran", "WEAPON:Mohajer-6", "GPE:Russia", "WEAPON:Izdeliye-6", "GPE:Artemivsk", "GPE:Bakhmut"),
				}
			},
			want: map[string][]string{
				"GPE Kyiv": nil, "MISC Russian": nil, "MISC Iranian": nil, "GPE Iran": nil, "GPE Russia": nil,
				"WEAPON Shahed-136": {"Geran-2 (alias pattern)", "Geranium-2 (alias pattern)"},
				"WEAPON Mohajer-6":  {"Izdeliye-6 (alias pattern)"},
				"GPE Artemivsk":     {"Bakhmut (alias pattern)"},
			},
		},
		{
			name: "organisation descriptions and acronyms",
			docs: func(t *testing.T) []Doc {
				return []Doc{
					mkDoc(t, "a", "The British Ministry of Defence said so.", "ORG:British Ministry of Defence"),
					mkDoc(t, "b", "The British Defense Ministry said so on Twitter.", "ORG:British Defense Ministry", "ORG:Twitter"),
					mkDoc(t, "c", "The UK MoD said so. The US National Security Council agreed, the NSC said.", "ORG:UK MoD", "ORG:US National Security Council", "ORG:NSC"),
				}
			},
			want: map[string][]string{
				"ORG British Ministry of Defence":  {"British Defense Ministry (organisation description)", "UK MoD (acronym)"},
				"ORG Twitter":                      nil,
				"ORG US National Security Council": {"NSC (acronym)"},
			},
		},
		{
			name: "type repair by gazetteer and majority, then acronym",
			docs: func(t *testing.T) []Doc {
				return []Doc{
					mkDoc(t, "a", "Top U.S. officials met. The United States agreed. John Kirby spoke; Kirby said Kirby would.",
						"ORG:Top U.S.", "ORG:The United States", "PERSON:John Kirby", "GPE:Kirby", "PERSON:Kirby"),
					mkDoc(t, "b", "Lockheed Martin makes HIMARS. Kirby said so.", "PERSON:Lockheed Martin", "WEAPON:HIMARS", "PERSON:Kirby"),
				}
			},
			want: map[string][]string{
				"GPE United States": {"U.S. (acronym)"}, "PERSON John Kirby": {"Kirby (surname)"},
				"ORG Lockheed Martin": nil, "WEAPON HIMARS": nil,
			},
		},
		{
			name: "most frequent spelling by documents is canonical",
			docs: func(t *testing.T) []Doc {
				return []Doc{
					mkDoc(t, "a", "Odessa was shelled.", "GPE:Odessa"),
					mkDoc(t, "b", "Odesa was shelled.", "GPE:Odesa"),
					mkDoc(t, "c", "Odesa was shelled again.", "GPE:Odesa"),
				}
			},
			want: map[string][]string{"GPE Odesa": {"Odessa (variant spelling)"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs := tc.docs(t)
			ents, merges := Resolve(docs, Options{})
			checkPartition(t, ents, tc.want)
			checkMentions(t, docs, ents)
			checkMerges(t, ents, merges)
		})
	}
}

func TestDoNotMerge(t *testing.T) {
	tests := []struct {
		name string
		docs func(t *testing.T) []Doc
		want map[string][]string
	}{
		{
			name: "two first names with one surname are two people; the bare surname stays alone",
			docs: func(t *testing.T) []Doc {
				return []Doc{mkDoc(t, "a", "Joe Biden defended Hunter Biden. Biden declined to comment.", "PERSON:Joe Biden", "PERSON:Hunter Biden", "PERSON:Biden")}
			},
			want: map[string][]string{"PERSON Joe Biden": nil, "PERSON Hunter Biden": nil, "PERSON Biden": nil},
		},
		{
			name: "surname with a candidate in two other documents stays alone",
			docs: func(t *testing.T) []Doc {
				return []Doc{
					mkDoc(t, "a", "Joe Biden spoke.", "PERSON:Joe Biden"),
					mkDoc(t, "b", "Hunter Biden spoke.", "PERSON:Hunter Biden"),
					mkDoc(t, "c", "Biden spoke.", "PERSON:Biden"),
				}
			},
			want: map[string][]string{"PERSON Joe Biden": nil, "PERSON Hunter Biden": nil, "PERSON Biden": nil},
		},
		{
			name: "surname resolves within its own document first",
			docs: func(t *testing.T) []Doc {
				return []Doc{
					mkDoc(t, "a", "Joe Biden spoke. Biden left.", "PERSON:Joe Biden", "PERSON:Biden"),
					mkDoc(t, "b", "Hunter Biden spoke. Biden left.", "PERSON:Hunter Biden", "PERSON:Biden"),
				}
			},
			want: map[string][]string{"PERSON Joe Biden": {"Biden (surname)"}, "PERSON Hunter Biden": {"Biden (surname)"}},
		},
		{
			name: "different types never merge",
			docs: func(t *testing.T) []Doc {
				return []Doc{
					mkDoc(t, "a", "Michael Jordan visited Amman, Jordan.", "PERSON:Michael Jordan", "GPE:Amman", "GPE:Jordan"),
					mkDoc(t, "b", "Jordan closed its border.", "GPE:Jordan"),
				}
			},
			want: map[string][]string{"PERSON Michael Jordan": nil, "GPE Amman": nil, "GPE Jordan": nil},
		},
		{
			name: "near spellings that are different names",
			docs: func(t *testing.T) []Doc {
				return []Doc{mkDoc(t, "a", "Iran and Iraq; Su-35 and Su-34; Gambia and Zambia; Helmut Kohl and Colin Kahl; Austria and Australia.",
					"GPE:Iran", "GPE:Iraq", "WEAPON:Su-35", "WEAPON:Su-34", "GPE:Gambia", "GPE:Zambia",
					"PERSON:Helmut Kohl", "PERSON:Colin Kahl", "GPE:Austria", "GPE:Australia")}
			},
			want: map[string][]string{
				"GPE Iran": nil, "GPE Iraq": nil, "WEAPON Su-35": nil, "WEAPON Su-34": nil, "GPE Gambia": nil, "GPE Zambia": nil,
				"PERSON Helmut Kohl": nil, "PERSON Colin Kahl": nil, "GPE Austria": nil, "GPE Australia": nil,
			},
		},
		{
			name: "same ministry of two countries; the unqualified one is ambiguous",
			docs: func(t *testing.T) []Doc {
				return []Doc{mkDoc(t, "a", "The Russian Defense Ministry and the British Ministry of Defence disagree, the Defense Ministry said.",
					"ORG:Russian Defense Ministry", "ORG:British Ministry of Defence", "ORG:Defense Ministry")}
			},
			want: map[string][]string{"ORG Russian Defense Ministry": nil, "ORG British Ministry of Defence": nil, "ORG Defense Ministry": nil},
		},
		{
			name: "a drone called X is a second drone, not an alias",
			docs: func(t *testing.T) []Doc {
				return []Doc{mkDoc(t, "a", "Russia used the Shahed-136 and a new drone called Lancet.", "GPE:Russia", "WEAPON:Shahed-136", "WEAPON:Lancet")}
			},
			want: map[string][]string{"GPE Russia": nil, "WEAPON Shahed-136": nil, "WEAPON Lancet": nil},
		},
		{
			name: "junk: photo credits, numbers, lower-case words, common words tagged as people",
			docs: func(t *testing.T) []Doc {
				return []Doc{mkDoc(t, "a", "Jane Doe/Getty Images\nPhoto: Sam Roe\nIn 2022 the eastern front held. Time magazine said it was time. Russia agreed.",
					"PERSON:Jane Doe", "ORG:Getty Images", "PERSON:Sam Roe", "MISC:2022", "LOC:eastern", "PERSON:Time", "GPE:Russia")}
			},
			want: map[string][]string{"GPE Russia": nil},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs := tc.docs(t)
			ents, merges := Resolve(docs, Options{})
			checkPartition(t, ents, tc.want)
			checkMentions(t, docs, ents)
			checkMerges(t, ents, merges)
		})
	}
}

// checkPartition compares the entities with want: the same set of names,
// and for each the aliases with their evidence.
func checkPartition(t *testing.T, ents []news.Entity, want map[string][]string) {
	t.Helper()
	got := byName(ents)
	for k, aliases := range want {
		e, ok := got[k]
		if !ok {
			t.Errorf("missing entity %s", k)
			continue
		}
		w := slices.Clone(aliases)
		slices.Sort(w)
		if g := aliasForms(e); !slices.Equal(g, w) && !(len(g) == 0 && len(w) == 0) {
			t.Errorf("%s aliases = %q, want %q", k, g, w)
		}
	}
	for k, e := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected entity %s (aliases %q)", k, e.Aliases)
		}
	}
}

var titleStart = regexp.MustCompile(`^(?i:mr|mrs|dr|the|spokesman|foreign|deputy|under|u\.k\.|top)\b`)

// checkMentions asserts the invariants every entity keeps: a stable id of
// the documented form, mentions that cover a name only (no title, no
// possessive) and whose text is the name or one of its aliases.
func checkMentions(t *testing.T, docs []Doc, ents []news.Entity) {
	t.Helper()
	text := map[string]string{}
	for _, d := range docs {
		text[d.ID] = d.Text
	}
	for _, e := range ents {
		if e.ID != EntityID(e.Type, e.Name) || !regexp.MustCompile(`^e[0-9a-f]{10}$`).MatchString(e.ID) {
			t.Errorf("%s: id %q", e.Name, e.ID)
		}
		forms := map[string]bool{e.Name: true}
		for _, a := range e.Aliases {
			forms[a[:strings.LastIndex(a, " (")]] = true
		}
		for _, m := range e.Mentions {
			s := text[m.Article][m.Start:m.End]
			if !forms[s] {
				t.Errorf("%s: mention %q is neither the name nor an alias %v", e.Name, s, e.Aliases)
			}
			if titleStart.MatchString(s) || strings.HasSuffix(s, "'s") {
				t.Errorf("%s: mention %q keeps a title or possessive", e.Name, s)
			}
		}
	}
}

// checkMerges asserts that the structured evidence and the aliases agree.
func checkMerges(t *testing.T, ents []news.Entity, merges []Merge) {
	t.Helper()
	ids := map[string]news.Entity{}
	n := 0
	for _, e := range ents {
		ids[e.ID] = e
		n += len(e.Aliases)
	}
	if len(merges) != n {
		t.Errorf("%d merges for %d aliases", len(merges), n)
	}
	for _, m := range merges {
		e, ok := ids[m.Entity]
		if !ok || !slices.Contains(e.Aliases, fmt.Sprintf("%s (%s)", m.Form, m.Evidence)) {
			t.Errorf("merge %+v not among the aliases of its entity", m)
		}
	}
}

func TestBadInput(t *testing.T) {
	docs := []Doc{
		{ID: "a", Text: "short", Mentions: []ner.Mention{{Start: -1, End: 3, Type: "PERSON"}, {Start: 2, End: 99, Type: "GPE"}, {Start: 3, End: 1, Type: "ORG"}}},
		{ID: "b"},
	}
	ents, merges := Resolve(docs, Options{})
	if len(ents) != 0 || len(merges) != 0 {
		t.Errorf("got %v %v from mentions out of range", ents, merges)
	}
	if ents, _ := Resolve(nil, Options{}); len(ents) != 0 {
		t.Errorf("entities from no documents: %v", ents)
	}
}

func TestDeterministic(t *testing.T) {
	docs := genDocs(40, 7)
	a, am := Resolve(docs, Options{})
	b, bm := Resolve(docs, Options{})
	if fmt.Sprint(a) != fmt.Sprint(b) || fmt.Sprint(am) != fmt.Sprint(bm) {
		t.Error("two runs over the same input differ")
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"cleverly", "cleverley", 2, 1},
		{"kahl", "kohl", 1, 1},
		{"abc", "abcdef", 2, 3},
		{"", "ab", 2, 2},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 1, 2},
	}
	for _, tc := range tests {
		if got := editDistance(tc.a, tc.b, tc.max); got != tc.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}
