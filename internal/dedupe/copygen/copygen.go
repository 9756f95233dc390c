// Package copygen generates article corpora with known copy relations from
// real article bodies, for the tests and benchmarks of copy detection and
// of the stages that run beside it: exact and re-wrapped duplicates, light
// edits, partial copies, wire reprints with their own intros, sentence-level
// paraphrases, shared-source passages, and look-alike negatives (two halves
// of one story, one statement quoted by two outlets). Scale disguises the
// bodies so that a few hundred of them stand for a corpus of any size.
//
// It is test support: only tests and benchmarks import it. It must not
// import the packages it helps test (dedupe's tests import it).
package copygen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

// Generated categories. The first seven are copies with a gold link; the
// last two are negatives: their pairs must not be linked.
const (
	CatExact      = "exact"
	CatWhitespace = "whitespace"
	CatLightEdit  = "light-edit"
	CatPartial    = "partial"
	CatReprint    = "reprint"
	CatParaphrase = "paraphrase"
	CatShared     = "shared-source"
	CatSameStory  = "same-story"   // two halves of one article: same names, different sentences
	CatSameQuote  = "shared-quote" // different articles quoting one long statement
)

// CopyCats are the copy categories, NegCats the negative ones.
var CopyCats = []string{CatExact, CatWhitespace, CatLightEdit, CatPartial, CatReprint, CatParaphrase, CatShared}
var NegCats = []string{CatSameStory, CatSameQuote}

// Family is a set of generated articles with the pair that must (or, for a
// negative, must not) be linked.
type Family struct {
	Cat  string
	A, B string // A is the original when the category has one
}

// repoRoot finds the module root from the test's working directory.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// BenchBodies returns the article bodies of the extraction benchmark
// (../shared/bench/extraction, read in place, never copied into the repo)
// with at least minWords words and four paragraphs, in a fixed order, or
// skips the test or benchmark when that folder is absent.
func BenchBodies(t testing.TB, minWords int) []Body {
	t.Helper()
	p := filepath.Join(repoRoot(t), "..", "shared", "bench", "extraction", "ground-truth.json")
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("bench texts absent (%v)", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	keys := make([]string, 0, len(gt))
	for k := range gt {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []Body
	for _, k := range keys {
		b := gt[k].ArticleBody
		if len(strings.Fields(b)) >= minWords && len(Paragraphs(b)) >= 4 {
			out = append(out, Body{ID: k[:8], Text: b})
		}
	}
	return out
}

// Body is one bench article: the first 8 hex digits of its id and its text.
type Body struct{ ID, Text string }

// Paragraphs splits a text at line breaks, dropping blank lines.
func Paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?]["”’]?\s+`)

// sentences splits a paragraph into sentences for the generator; it need
// not agree with the detector's splitter.
func sentences(p string) []string {
	var out []string
	last := 0
	for _, m := range sentenceEnd.FindAllStringIndex(p, -1) {
		out = append(out, strings.TrimSpace(p[last:m[1]]))
		last = m[1]
	}
	if t := strings.TrimSpace(p[last:]); t != "" {
		out = append(out, t)
	}
	return out
}

// Gen makes copies of texts, each kind a method, from one seeded random
// source: the same seed gives the same copies.
type Gen struct {
	r *rand.Rand
}

// New returns a generator seeded with seed.
func New(seed uint64) *Gen { return &Gen{r: rand.New(rand.NewPCG(seed, seed^0x5eed))} }

// Whitespace re-wraps the text: paragraphs joined or split differently,
// runs of spaces, hard line breaks, as after a copy from another CMS.
func (g *Gen) Whitespace(s string) string {
	var b strings.Builder
	for _, p := range Paragraphs(s) {
		words := strings.Fields(p)
		for i, w := range words {
			b.WriteString(w)
			switch {
			case i == len(words)-1:
			case g.r.IntN(12) == 0:
				b.WriteString("  ")
			default:
				b.WriteByte(' ')
			}
		}
		if g.r.IntN(3) == 0 {
			b.WriteString("\n\n\n")
		} else {
			b.WriteString("\n")
		}
	}
	return "  " + b.String()
}

var boilerplate = []string{
	"Advertisement",
	"Sign up for our daily newsletter to get the latest stories in your inbox.",
	"Read more: the week's top stories",
	"© 2024 All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
	"Share this article",
}

// LightEdit changes about 2% of the words (typos, dropped or replaced
// words) and adds site furniture around the body.
func (g *Gen) LightEdit(s string) string {
	var out []string
	for _, p := range Paragraphs(s) {
		words := strings.Fields(p)
		for i := range words {
			if g.r.IntN(50) != 0 {
				continue
			}
			switch g.r.IntN(3) {
			case 0:
				words[i] = ""
			case 1:
				if w := words[i]; len(w) > 3 {
					k := 1 + g.r.IntN(len(w)-2)
					words[i] = w[:k] + w[k+1:]
				}
			default:
				words[i] = "the " + words[i]
			}
		}
		out = append(out, strings.Join(strings.Fields(strings.Join(words, " ")), " "))
	}
	out = append([]string{boilerplate[g.r.IntN(len(boilerplate))]}, out...)
	out = append(out, boilerplate[g.r.IntN(len(boilerplate))])
	return strings.Join(out, "\n\n")
}

// Partial returns a contiguous excerpt of 40–70% of the sentences.
func (g *Gen) Partial(s string) string {
	var sents []string
	for _, p := range Paragraphs(s) {
		sents = append(sents, sentences(p)...)
		sents[len(sents)-1] += "\n\n"
	}
	frac := 0.4 + 0.3*g.r.Float64()
	n := max(2, int(frac*float64(len(sents))))
	start := g.r.IntN(len(sents) - n + 1)
	return strings.TrimSpace(strings.Join(sents[start:start+n], " "))
}

var intros = []string{"(Wire, %s) —", "%s:", "UPDATED %s."}

var days = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}

// Reprint mimics a wire story run by another outlet: its own intro
// instead of the first paragraph, and the end trimmed.
func (g *Gen) Reprint(s string) string {
	ps := Paragraphs(s)
	keep := len(ps) - g.r.IntN(max(1, len(ps)/4))
	rest := ps[1:max(2, keep)]
	// The outlet's own intro: a dateline, then the lede retold.
	intro := fmt.Sprintf(intros[g.r.IntN(len(intros))], days[g.r.IntN(len(days))])
	lede := g.Paraphrase(ps[0])
	return intro + " " + lede + "\n\n" + strings.Join(rest, "\n\n")
}

// synonyms is a small hand-made table of the swaps a rewriter makes.
var synonyms = func() map[string][]string {
	groups := [][]string{
		{"said", "stated", "told reporters", "explained"},
		{"says", "states", "explains"},
		{"big", "large", "major"}, {"small", "little", "minor"},
		{"buy", "purchase"}, {"bought", "purchased"},
		{"help", "assist", "aid"}, {"helped", "assisted"},
		{"start", "begin"}, {"started", "began"},
		{"show", "reveal", "indicate"}, {"showed", "revealed", "indicated"},
		{"important", "significant", "key"}, {"company", "firm", "business"},
		{"companies", "firms", "businesses"}, {"people", "individuals", "persons"},
		{"also", "additionally", "moreover"}, {"however", "but", "yet"},
		{"because", "since", "as"}, {"about", "roughly", "approximately"},
		{"get", "obtain", "receive"}, {"got", "obtained", "received"},
		{"use", "employ", "utilise"}, {"used", "employed"},
		{"make", "create", "produce"}, {"made", "created", "produced"},
		{"new", "fresh", "novel"}, {"old", "former", "previous"},
		{"think", "believe"}, {"thought", "believed"},
		{"want", "wish", "seek"}, {"wanted", "sought"},
		{"often", "frequently"}, {"quickly", "rapidly", "swiftly"},
		{"many", "numerous", "several"}, {"very", "extremely", "highly"},
		{"recent", "latest"}, {"government", "administration", "authorities"},
		{"country", "nation"}, {"city", "town"}, {"problem", "issue"},
		{"problems", "issues"}, {"plan", "scheme", "proposal"},
		{"increase", "rise", "growth"}, {"decrease", "drop", "decline"},
		{"before", "prior to"}, {"after", "following"}, {"during", "throughout"},
		{"told", "informed"}, {"asked", "questioned"}, {"found", "discovered"},
		{"week", "seven days"}, {"month", "period"}, {"children", "kids"},
		{"house", "home"}, {"job", "position"}, {"money", "funds", "cash"},
		{"fight", "battle"}, {"hard", "difficult", "tough"}, {"easy", "simple"},
		{"enough", "sufficient"}, {"need", "require"}, {"needed", "required"},
		{"announced", "unveiled", "revealed"}, {"officials", "authorities"},
		{"expected", "anticipated", "projected"}, {"including", "among them"},
		{"according", "as per"}, {"reported", "disclosed"}, {"began", "commenced"},
		{"before", "ahead of"}, {"against", "versus"}, {"between", "among"},
		{"while", "whereas"}, {"around", "about", "nearly"}, {"than", "compared with"},
		{"several", "a number of"}, {"known", "recognised"}, {"added", "continued"},
		{"called", "described as"}, {"later", "subsequently"}, {"first", "initial"},
		{"last", "previous"}, {"still", "nevertheless"}, {"likely", "probably"},
		{"billion", "bn"}, {"million", "mn"}, {"group", "organisation"},
		{"claims", "allegations"}, {"claimed", "alleged"}, {"report", "account"},
		{"support", "backing"}, {"supported", "backed"}, {"decision", "ruling"},
		{"president", "leader"}, {"agency", "body"}, {"team", "squad"},
		{"most", "the majority of"}, {"some", "certain"}, {"each", "every"},
		{"says", "maintains"}, {"told", "advised"}, {"market", "sector"},
		{"users", "customers"}, {"price", "cost"}, {"prices", "costs"},
		{"change", "shift"}, {"changes", "shifts"}, {"around", "roughly"},
	}
	m := make(map[string][]string)
	for _, g := range groups {
		for _, w := range g {
			for _, v := range g {
				if v != w {
					m[w] = append(m[w], v)
				}
			}
		}
	}
	return m
}()

var padding = []string{"reportedly", "notably", "now", "also", "indeed", "effectively", "apparently", "in fact,"}

var fillers = []string{
	"The situation remains fluid and more details are expected in the coming days.",
	"It was not immediately clear how the decision would affect ordinary residents.",
	"Observers have long warned that such developments could have wider consequences.",
	"Requests for further comment were not returned by the time of publication.",
	"The development comes amid growing public attention to the matter.",
}

var smallNumbers = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

var thousands = regexp.MustCompile(`\b(\d{1,3}),(\d{3})\b`)

// Paraphrase rewrites sentence by sentence: synonym swaps, clauses
// reordered around a comma, sentences dropped or added, numbers written
// differently. Names, numbers and the order of facts stay, as in a
// content farm's rewrite.
func (g *Gen) Paraphrase(s string) string {
	var out []string
	for _, p := range Paragraphs(s) {
		var ps []string
		for _, sent := range sentences(p) {
			if g.r.IntN(10) == 0 {
				continue // dropped
			}
			ps = append(ps, g.rewriteSentence(sent))
			if g.r.IntN(12) == 0 {
				ps = append(ps, fillers[g.r.IntN(len(fillers))])
			}
		}
		if len(ps) > 0 {
			out = append(out, strings.Join(ps, " "))
		}
	}
	return strings.Join(out, "\n\n")
}

func (g *Gen) rewriteSentence(s string) string {
	// Clause reordering: "A, B." → "B, a." for a sentence with one comma.
	if i := strings.Index(s, ", "); i > 0 && strings.Count(s, ", ") == 1 && g.r.IntN(3) == 0 &&
		strings.HasSuffix(s, ".") && !strings.ContainsAny(s, "\"“”") {
		a, b := s[:i], strings.TrimSuffix(s[i+2:], ".")
		if len(b) > 0 && len(a) > 0 {
			s = strings.ToUpper(b[:1]) + b[1:] + ", " + lowerFirst(a) + "."
		}
	}
	var words []string
	for _, w := range strings.Fields(s) {
		// A spinner pads sentences with discourse words; it also breaks
		// the runs of identical words a shingle would catch.
		if len(words) > 0 && g.r.IntN(9) == 0 {
			words = append(words, padding[g.r.IntN(len(padding))])
		}
		words = append(words, w)
	}
	for i, w := range words {
		core := strings.TrimRight(w, ".,;:!?\"”’)")
		tail := w[len(core):]
		if alts, ok := synonyms[strings.ToLower(core)]; ok && g.r.IntN(10) < 8 && core == strings.ToLower(core) {
			words[i] = alts[g.r.IntN(len(alts))] + tail
			continue
		}
		if n, err := strconv.Atoi(core); err == nil && n >= 0 && n < 10 && g.r.IntN(2) == 0 {
			words[i] = smallNumbers[n] + tail
		}
	}
	s = strings.Join(words, " ")
	s = thousands.ReplaceAllString(s, "$1$2")
	s = strings.ReplaceAll(s, " percent", "%")
	return s
}

func lowerFirst(s string) string {
	// Keep names and acronyms capitalised.
	if len(s) > 1 && s[1] >= 'a' && s[1] <= 'z' && !strings.HasPrefix(s, "I ") {
		f := strings.Fields(s)
		if len(f) > 0 && (f[0] == "The" || f[0] == "A" || f[0] == "An" || f[0] == "In" || f[0] == "It" || f[0] == "This" || f[0] == "But" || f[0] == "And") {
			return strings.ToLower(s[:1]) + s[1:]
		}
	}
	return s
}

// Passage returns 3–5 consecutive sentences (at least 50 words) from the
// middle of s, or "".
func (g *Gen) Passage(s string) string {
	var sents []string
	for _, p := range Paragraphs(s) {
		sents = append(sents, sentences(p)...)
	}
	if len(sents) < 6 {
		return ""
	}
	for try := 0; try < 5; try++ {
		n := 3 + g.r.IntN(3)
		start := g.r.IntN(len(sents) - n + 1)
		p := strings.Join(sents[start:start+n], " ")
		if len(strings.Fields(p)) >= 50 && !strings.ContainsAny(p, "\"“”") {
			return p
		}
	}
	return ""
}

// insertMiddle puts a paragraph in the middle of an article.
func insertMiddle(s, para string) string {
	ps := Paragraphs(s)
	k := len(ps) / 2
	out := append(slices.Clip(ps[:k]), para)
	return strings.Join(append(out, ps[k:]...), "\n\n")
}

var speakers = []string{"the minister", "a spokeswoman for the agency", "the company's chief executive", "the mayor"}

// Corpus makes one corpus from the bodies: every Body is used by at most
// one Family, so that the only relations in the corpus are the generated
// ones. Originals get a date half of the time, their copies a later one.
func Corpus(bodies []Body, seed uint64) ([]news.Article, []Family, map[string]string) {
	g := New(seed)
	order := g.r.Perm(len(bodies))
	var arts []news.Article
	var fams []Family
	next := 0
	// origin names the bench bodies each article is made of.
	origin := map[string]string{}
	var cur []string
	take := func() (string, bool) {
		if next >= len(order) {
			return "", false
		}
		next++
		b := bodies[order[next-1]]
		cur = append(cur, b.ID)
		return b.Text, true
	}
	id := 0
	add := func(text, date string) string {
		id++
		a := news.Article{ID: fmt.Sprintf("g%d-%04d", seed, id), Text: text, Published: date}
		arts = append(arts, a)
		origin[a.ID] = strings.Join(cur, "+")
		return a.ID
	}
	cats := append(slices.Clone(CopyCats), NegCats...)
	for i := 0; ; i++ {
		cat := cats[i%len(cats)]
		cur = cur[:0]
		base, ok := take()
		if !ok {
			break
		}
		d1, d2 := "", ""
		if g.r.IntN(2) == 0 {
			d1, d2 = "2024-03-01", "2024-03-02"
		}
		var f Family
		switch cat {
		case CatExact:
			f = Family{cat, add(base, d1), add(base, d2)}
		case CatWhitespace:
			f = Family{cat, add(base, d1), add(g.Whitespace(base), d2)}
		case CatLightEdit:
			f = Family{cat, add(base, d1), add(g.LightEdit(base), d2)}
		case CatPartial:
			f = Family{cat, add(base, d1), add(g.Partial(base), d2)}
		case CatReprint:
			f = Family{cat, add(base, d1), add(g.Reprint(base), d2)}
		case CatParaphrase:
			f = Family{cat, add(base, d1), add(g.Paraphrase(base), d2)}
		case CatShared, CatSameQuote:
			src := g.Passage(base)
			y, ok1 := take()
			z, ok2 := take()
			if src == "" || !ok1 || !ok2 {
				continue
			}
			if cat == CatSameQuote {
				// The same statement quoted by two outlets, each in its own words.
				q1 := fmt.Sprintf("“%s” %s said in a statement.", src, speakers[g.r.IntN(len(speakers))])
				q2 := fmt.Sprintf("In a statement, %s said: “%s”", speakers[g.r.IntN(len(speakers))], src)
				f = Family{cat, add(insertMiddle(y, q1), d1), add(insertMiddle(z, q2), d2)}
			} else {
				f = Family{cat, add(insertMiddle(y, src), d1), add(insertMiddle(z, src), d2)}
			}
		case CatSameStory:
			ps := Paragraphs(base)
			if len(ps) < 6 {
				continue
			}
			var odd, even []string
			for k, p := range ps {
				if k%2 == 0 {
					even = append(even, p)
				} else {
					odd = append(odd, p)
				}
			}
			f = Family{cat, add(strings.Join(even, "\n\n"), d1), add(strings.Join(odd, "\n\n"), d2)}
		}
		fams = append(fams, f)
	}
	return arts, fams, origin
}

// dependentBodies lists pairs of bench bodies that really share text, found

var longWord = regexp.MustCompile(`\p{L}{3,}|\d+`)

// Disguise makes a new text from a body by writing a tag of universe u
// after the first letter of every word of three letters or more: the same
// structure, lengths and function words, but no content word, number (nor
// five-letter stem) in common with the body or with another universe. It
// lets a few hundred bodies stand for a corpus of any size without
// inventing relations between its articles.
//
// The tag is one letter, a CJK ideograph (caseless, so no two universes'
// tags fold together), whatever u: a five-letter stem then keeps the
// first four letters of the word in every universe. A tag of one ASCII
// letter per decimal digit of u would leave fewer as u grows (one at
// u ≥ 100), so that in a large corpus all the words of a universe with
// the same first two letters would share a stem and the sentence keys of
// unrelated articles would collide, making the cost per article grow with
// the corpus for a reason no real corpus has.
//
// Words for which keep (given the word lower-cased) is true are left as
// they are, as are all words of universe 0.
func Disguise(s string, u int, keep func(lower string) bool) string {
	if u == 0 {
		return s
	}
	tag := string(rune(0x4e00 + u%0x5000))
	num := strconv.Itoa(u)
	return longWord.ReplaceAllStringFunc(s, func(w string) string {
		if w[0] >= '0' && w[0] <= '9' {
			return w + num // numbers differ between universes too
		}
		if keep != nil && keep(strings.ToLower(w)) {
			return w
		}
		_, n := utf8.DecodeRuneInString(w)
		return w[:n] + tag + w[n:]
	})
}

// ScaleOptions shapes a benchmark corpus.
type ScaleOptions struct {
	// Keep reports the lower-cased words Disguise leaves as they are: the
	// function words of the detector under test, so that the disguised
	// texts keep the structure it sees (dedupe passes its stop words).
	Keep func(lower string) bool
	// PerDay, when positive, dates the articles as a feed: article i is
	// published i/PerDay days after 2024-01-01. Zero leaves them undated.
	PerDay int
}

// Scale returns n articles for benchmarks: disguised bodies, half of them
// with one generated copy of a random kind.
func Scale(bodies []Body, n int, seed uint64, opts ScaleOptions) []news.Article {
	arts := make([]news.Article, 0, n)
	ScaleTo(bodies, n, seed, opts, func(a news.Article) { arts = append(arts, a) })
	return arts
}

// ScaleTo is Scale handing each article to emit as it is made, so that a
// large corpus need not be held in memory. Article i has the ID
// ScaleID(i).
func ScaleTo(bodies []Body, n int, seed uint64, opts ScaleOptions, emit func(news.Article)) {
	g := New(seed)
	count := 0
	add := func(text string) {
		emit(news.Article{ID: ScaleID(count), Text: text, Published: opts.published(count)})
		count++
	}
	for k := 0; count < n; k++ {
		base := Disguise(bodies[k%len(bodies)].Text, k/len(bodies), opts.Keep)
		add(base)
		if count == n || g.r.IntN(2) == 0 {
			continue
		}
		switch g.r.IntN(6) {
		case 0:
			add(g.Whitespace(base))
		case 1:
			add(g.LightEdit(base))
		case 2:
			add(g.Partial(base))
		case 3:
			add(g.Reprint(base))
		default:
			add(g.Paraphrase(base))
		}
	}
}

// ScaleID is the ID of the i-th article of a Scale corpus.
func ScaleID(i int) string { return fmt.Sprintf("s%07d", i) }

var feedStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func (o ScaleOptions) published(i int) string {
	if o.PerDay <= 0 {
		return ""
	}
	return feedStart.AddDate(0, 0, i/o.PerDay).Format(time.DateOnly)
}
