package dedupe

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

// seedArticles reads the five Iran–Russia seed articles as scraped, or
// with the site furniture stripped (only lines of 80 bytes or more kept).
func seedArticles(t *testing.T, strip bool) []news.Article {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "iran-russia", "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("want the 5 seed files, got %d (%v)", len(files), err)
	}
	var arts []news.Article
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if strip {
			var keep []string
			for _, l := range strings.Split(text, "\n") {
				if len(l) >= 80 {
					keep = append(keep, l)
				}
			}
			text = strings.Join(keep, "\n")
		}
		arts = append(arts, news.Article{ID: filepath.Base(f)[:3], Text: text})
	}
	return arts
}

func seedByID(arts []news.Article, id string) *news.Article {
	for i := range arts {
		if arts[i].ID == id {
			return &arts[i]
		}
	}
	return nil
}

// TestSeeds is the acceptance test: 003 paraphrases 001 paragraph
// by paragraph, the other nine pairs report the same story independently.
func TestSeeds(t *testing.T) {
	tests := []struct {
		name       string
		strip      bool
		date1      string // of 001
		date3      string // of 003
		wantA      string
		wantB      string
		wantGroups [][]string
	}{
		{"raw, undated", false, "", "", "001", "003", nil},
		{"stripped, undated", true, "", "", "001", "003", nil},
		{"raw, 001 earlier", false, "2022-12-10", "2022-12-12", "001", "003", nil},
		{"stripped, 003 earlier", true, "2022-12-12", "2022-12-10", "003", "001", nil},
	}
	groups := [][]string{{"000"}, {"001", "003"}, {"002"}, {"004"}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			arts := seedArticles(t, tc.strip)
			seedByID(arts, "001").Published = tc.date1
			seedByID(arts, "003").Published = tc.date3
			links, gs, err := Detect(context.Background(), arts, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(links) != 1 {
				t.Fatalf("want exactly one link (001↔003), got %d: %+v", len(links), links)
			}
			l := links[0]
			if l.A != tc.wantA || l.B != tc.wantB || l.Kind != news.CopyRewrite {
				t.Errorf("link = %s→%s %s, want %s→%s rewrite", l.A, l.B, l.Kind, tc.wantA, tc.wantB)
			}
			if l.Similarity <= 0 || l.Similarity > 1 {
				t.Errorf("similarity %v outside (0,1]", l.Similarity)
			}
			// The evidence must name aligned paragraphs and quote them.
			if strings.Count(l.Evidence, "↔") < 4 || !strings.Contains(l.Evidence, "¶") || !strings.Contains(l.Evidence, "“") && !strings.Contains(l.Evidence, `"`) {
				t.Errorf("evidence does not name aligned passages: %s", l.Evidence)
			}
			if !reflect.DeepEqual(gs, groups) {
				t.Errorf("groups = %v, want %v", gs, groups)
			}
			t.Logf("%s→%s %.2f: %s", l.A, l.B, l.Similarity, l.Evidence)
		})
	}
}

// Two realistic reports of one statement by a water utility, written
// independently: they share the long quotation and nothing else.
const (
	statement = `We are asking every household in the valley to cut outdoor watering to two days a week, effective immediately, because the reservoir has fallen to thirty-one percent of capacity and the forecast offers no relief before October. These measures are temporary, but they are not optional, and inspectors will begin issuing warnings on Monday.`

	reportA = `Residents of the Carver Valley will face mandatory watering limits starting next week after the regional utility declared a stage two drought emergency on Thursday evening.
The decision came after a summer with less than half the usual rainfall and two heat waves that pushed daily demand to a record in late July.
“%s” said Dana Whitfield, general manager of the Carver Valley Water District, at a news conference outside the treatment plant.
Farmers, who draw most of their water from separate irrigation canals, are not covered by the order, though the district said it was in talks with growers about voluntary cuts.
The last comparable restrictions were imposed in 2015 and lasted eleven months.`

	reportB = `CARVER VALLEY — Lawn sprinklers across the district are about to fall silent for most of the week.
Officials blamed a dry spring, an unusually hot summer and a pipeline repair that forced the utility to draw down the main reservoir faster than planned.
The general manager, Dana Whitfield, read a prepared statement to reporters:
%s
Some homeowners said the announcement caught them by surprise. “I just reseeded the whole yard,” said Marcus Oyelaran, who lives near the reservoir. Local nurseries said they expected sales of drought-tolerant plants to climb.
Fines for repeat violations will start at fifty dollars, according to the district's website.`
)

func fmtReport(tmpl, quoted string) string { return strings.Replace(tmpl, "%s", quoted, 1) }

// TestKinds builds each kind of copy from the seeds and from two
// hand-written reports, plus the look-alikes that must not be linked.
func TestKinds(t *testing.T) {
	arts := seedArticles(t, true)
	s0, s1, s2, s4 := seedByID(arts, "000").Text, seedByID(arts, "001").Text, seedByID(arts, "002").Text, seedByID(arts, "004").Text
	paras0 := strings.Split(s0, "\n")
	half := len(paras0) / 2
	excerpt := strings.Join(paras0[len(paras0)/4:len(paras0)/4+half], "\n")
	rewrapped := hardWrap(s1, 70)
	lightly := strings.NewReplacer("Friday", "Fri.", " the UN ", " the United Nations ", "Reuters", "Reuters news agency").Replace(s1)

	// A quotation-free passage reprinted by two outlets (a wire paragraph).
	wire := strings.ReplaceAll(statement, "We are asking", "The utility is asking")
	wire = strings.ReplaceAll(wire, "These measures are temporary", "The district said the measures were temporary")
	insert := func(s, p string) string {
		ls := strings.Split(s, "\n")
		k := len(ls) / 2
		return strings.Join(slices.Concat(ls[:k], []string{p}, ls[k:]), "\n")
	}

	tests := []struct {
		name     string
		a, b     string
		wantKind string // "" for no link
		wantA    string // "a" or "b": which is the original; "" when either
	}{
		{"re-wrapped duplicate", s1, rewrapped, news.CopyDuplicate, ""},
		{"lightly edited duplicate", s1, lightly, news.CopyDuplicate, ""},
		{"partial copy names the complete text as original", excerpt, s0, news.CopyDuplicate, "b"},
		{"shared wire passage in different articles", insert(s2, wire), insert(s4, wire), news.CopySharedSource, ""},
		{"same statement quoted in curly and block quotes", fmtReport(reportA, statement), fmtReport(reportB, statement), "", ""},
		{"same statement in straight quotes", fmtReport(reportA, statement), strings.Replace(fmtReport(reportB, `"`+statement+`"`), "reporters:", "reporters.", 1), "", ""},
		{"reports of one statement reprinted unquoted", fmtReport(strings.Replace(reportA, "“%s” said", "%s That was said by", 1), wire), strings.Replace(fmtReport(reportB, wire), "reporters:", "reporters.", 1), news.CopySharedSource, ""},
		{"same story, independent", s1, s4, "", ""},
		{"different stories", s0, s2, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := []news.Article{{ID: "a", Text: tc.a}, {ID: "b", Text: tc.b}}
			links, groups, err := Detect(context.Background(), in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantKind == "" {
				if len(links) != 0 {
					t.Fatalf("want no link, got %+v", links)
				}
				if len(groups) != 2 {
					t.Errorf("groups = %v, want two singletons", groups)
				}
				return
			}
			if len(links) != 1 {
				t.Fatalf("want one %s link, got %+v", tc.wantKind, links)
			}
			l := links[0]
			if l.Kind != tc.wantKind {
				t.Errorf("kind = %s, want %s (%s)", l.Kind, tc.wantKind, l.Evidence)
			}
			if tc.wantA != "" && l.A != tc.wantA {
				t.Errorf("original = %s, want %s", l.A, tc.wantA)
			}
			if l.Similarity <= 0 || l.Similarity > 1 || l.Evidence == "" {
				t.Errorf("bad similarity %v or evidence %q", l.Similarity, l.Evidence)
			}
			if !reflect.DeepEqual(groups, [][]string{{"a", "b"}}) {
				t.Errorf("groups = %v", groups)
			}
			t.Logf("%s %.2f: %s", l.Kind, l.Similarity, l.Evidence)
		})
	}
}

// hardWrap re-wraps text at width columns, with a blank line between
// paragraphs, as an e-mail or a CMS export does.
func hardWrap(s string, width int) string {
	var b strings.Builder
	for _, p := range strings.Split(s, "\n") {
		col := 0
		for _, w := range strings.Fields(p) {
			if col > 0 && col+len(w) >= width {
				b.WriteString("\n")
				col = 0
			} else if col > 0 {
				b.WriteString("  "[:1+col%2])
				col++
			}
			b.WriteString(w)
			col += len(w)
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

func TestMarkQuotes(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // the quoted words, space-separated
	}{
		{"curly", "He said “stop the war now” and left.", "stop the war now"},
		{"straight", `He said "stop the war" and left.`, "stop the war"},
		{"apostrophes are not quotes", "Russia’s drones and Ukraine’s grid", ""},
		{"single curly quote closed", "so-called ‘kamikaze’ drones", "kamikaze"},
		{"unclosed single quote ignored", "the ‘black death - which killed many", ""},
		{"unclosed double quote runs to paragraph end", "He said: “We will fight on\nNext paragraph here.", "We will fight on"},
		{"block quote after a colon", "The ministry said:\nIran is the main supplier of drones.\nAfter that, nothing.", "Iran is the main supplier of drones"},
		{"block quote after said comma", "In effect, Kirby said,\nIran has become a backer.\nThe end.", "Iran has become a backer"},
		{"embedded tweet", "Text.\nWe stand with Ukraine pic.twitter.com/x — Jane (@jane) May 1\nMore.", "We stand with Ukraine pic twitter com x Jane jane May 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := scanWords(tc.text)
			markQuotes(tc.text, text.Paragraphs(tc.text), ws)
			var got []string
			for _, w := range ws {
				if w.quoted {
					got = append(got, tc.text[w.start:w.end])
				}
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("quoted = %q, want %q", g, tc.want)
			}
		})
	}
}

func TestDetectIsOrderIndependent(t *testing.T) {
	arts := seedArticles(t, false)
	dup := *seedByID(arts, "002")
	dup.ID, dup.Text = "002b", hardWrap(dup.Text, 60)
	arts = append(arts, dup)
	want, wantGroups, err := Detect(context.Background(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 2 {
		t.Fatalf("want the rewrite and the duplicate, got %+v", want)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 3; i++ {
		shuffled := slices.Clone(arts)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got, groups, err := Detect(context.Background(), shuffled, Options{Workers: 1 + i})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(groups, wantGroups) {
			t.Fatalf("order changed the result:\n%+v\n%v\nwant\n%+v\n%v", got, groups, want, wantGroups)
		}
	}
	// Groups partition the articles.
	seen := map[string]int{}
	for _, g := range wantGroups {
		for _, id := range g {
			seen[id]++
		}
	}
	for _, a := range arts {
		if seen[a.ID] != 1 {
			t.Errorf("article %s in %d groups", a.ID, seen[a.ID])
		}
	}
}

func TestIndexAdd(t *testing.T) {
	arts := seedArticles(t, false)
	ix := NewIndex(Options{})
	for _, id := range []string{"000", "001", "002", "004"} {
		if l := ix.Add(*seedByID(arts, id)); len(l) != 0 {
			t.Fatalf("adding %s linked it: %+v", id, l)
		}
	}
	l := ix.Add(*seedByID(arts, "003"))
	if len(l) != 1 || l[0].A != "001" || l[0].B != "003" || l[0].Kind != news.CopyRewrite {
		t.Fatalf("adding 003: %+v", l)
	}
	if l := ix.Add(*seedByID(arts, "003")); l != nil {
		t.Errorf("adding 003 again returned %+v", l)
	}
	if ix.Len() != 5 {
		t.Errorf("Len = %d, want 5", ix.Len())
	}
	want := [][]string{{"000"}, {"001", "003"}, {"002"}, {"004"}}
	if g := ix.Groups(); !reflect.DeepEqual(g, want) {
		t.Errorf("groups = %v, want %v", g, want)
	}
}

func TestDetectErrors(t *testing.T) {
	_, _, err := Detect(context.Background(), []news.Article{{ID: "x", Text: "a"}, {ID: "x", Text: "b"}}, Options{})
	if !errors.Is(err, ErrDuplicateID) {
		t.Errorf("duplicate ids: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = Detect(ctx, seedArticles(t, false), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	links, groups, err := Detect(context.Background(), nil, Options{})
	if err != nil || len(links) != 0 || len(groups) != 0 {
		t.Errorf("empty input: %v %v %v", links, groups, err)
	}
}

func TestDegenerateTexts(t *testing.T) {
	texts := []string{"", " ", "\n\n", "Word.", "“", "‘", "a b c d e", "1,000 2,000", strings.Repeat("x ", 3000), "\xff\xfe broken utf8 \xc3"}
	var arts []news.Article
	for i, s := range texts {
		arts = append(arts, news.Article{ID: string(rune('a' + i)), Text: s})
	}
	links, groups, err := Detect(context.Background(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 0 {
		t.Errorf("degenerate texts linked: %+v", links)
	}
	if len(groups) != len(texts) {
		t.Errorf("groups = %v", groups)
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("He said “stop” now. Then left.", "He said \"stop\" now.\nThen left.")
	f.Add("A, b. C d e f g h i j k l m n.", "A, b. C d e f g h i j k l m n o.")
	f.Add("In effect, he said,\n‘x", ">quote\n— X (@x) 1")
	f.Fuzz(func(t *testing.T, a, b string) {
		in := []news.Article{{ID: "a", Text: a}, {ID: "b", Text: b}, {ID: "c", Text: a + "\n" + b}}
		links, groups, err := Detect(context.Background(), in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, g := range groups {
			n += len(g)
		}
		if n != 3 {
			t.Fatalf("groups %v do not partition the articles", groups)
		}
		for _, l := range links {
			if l.A == l.B || l.Similarity < 0 || l.Similarity > 1 || l.Evidence == "" {
				t.Fatalf("bad link %+v", l)
			}
		}
	})
}
