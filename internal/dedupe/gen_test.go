package dedupe

// This file is the test corpus generator: it turns real article bodies from
// ../shared/bench/extraction (read in place, never copied into the repo)
// into copies of known kinds and into look-alike negatives, so that
// precision and recall can be measured per kind.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

// Generated categories. The first seven are copies with a gold link; the
// last two are negatives: their pairs must not be linked.
const (
	catExact      = "exact"
	catWhitespace = "whitespace"
	catLightEdit  = "light-edit"
	catPartial    = "partial"
	catReprint    = "reprint"
	catParaphrase = "paraphrase"
	catShared     = "shared-source"
	catSameStory  = "same-story"   // two halves of one article: same names, different sentences
	catSameQuote  = "shared-quote" // different articles quoting one long statement
)

var copyCats = []string{catExact, catWhitespace, catLightEdit, catPartial, catReprint, catParaphrase, catShared}
var negCats = []string{catSameStory, catSameQuote}

// goldKind is the link kind each copy category must produce.
var goldKind = map[string]string{
	catExact: news.CopyDuplicate, catWhitespace: news.CopyDuplicate, catLightEdit: news.CopyDuplicate,
	catPartial: news.CopyDuplicate, catReprint: news.CopyDuplicate,
	catParaphrase: news.CopyRewrite, catShared: news.CopySharedSource,
}

// family is a set of generated articles with the pair that must (or, for a
// negative, must not) be linked.
type family struct {
	cat  string
	a, b string // a is the original when the category has one
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

// benchBodies returns the article bodies of the extraction benchmark with
// at least minWords words and four paragraphs, in a fixed order, or skips.
func benchBodies(t testing.TB, minWords int) []body {
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
	var out []body
	for _, k := range keys {
		b := gt[k].ArticleBody
		if len(strings.Fields(b)) >= minWords && len(paragraphsOf(b)) >= 4 {
			out = append(out, body{id: k[:8], text: b})
		}
	}
	return out
}

// body is one bench article: the first 8 hex digits of its id and its text.
type body struct{ id, text string }

func paragraphsOf(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?]["”’]?\s+`)

// sentencesOf splits a paragraph into sentences for the generator; it need
// not agree with the detector's splitter.
func sentencesOf(p string) []string {
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

type gen struct {
	r *rand.Rand
}

func newGen(seed uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed, seed^0x5eed))} }

// whitespace re-wraps the text: paragraphs joined or split differently,
// runs of spaces, hard line breaks, as after a copy from another CMS.
func (g *gen) whitespace(s string) string {
	var b strings.Builder
	for _, p := range paragraphsOf(s) {
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

// lightEdit changes about 2% of the words (typos, dropped or replaced
// words) and adds site furniture around the body.
func (g *gen) lightEdit(s string) string {
	var out []string
	for _, p := range paragraphsOf(s) {
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

// partial returns a contiguous excerpt of 40–70% of the sentences.
func (g *gen) partial(s string) string {
	var sents []string
	for _, p := range paragraphsOf(s) {
		sents = append(sents, sentencesOf(p)...)
		sents[len(sents)-1] += "\n\n"
	}
	frac := 0.4 + 0.3*g.r.Float64()
	n := max(2, int(frac*float64(len(sents))))
	start := g.r.IntN(len(sents) - n + 1)
	return strings.TrimSpace(strings.Join(sents[start:start+n], " "))
}

var intros = []string{"(Wire, %s) —", "%s:", "UPDATED %s."}

var days = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}

// reprint mimics a wire story run by another outlet: its own intro
// instead of the first paragraph, and the end trimmed.
func (g *gen) reprint(s string) string {
	ps := paragraphsOf(s)
	keep := len(ps) - g.r.IntN(max(1, len(ps)/4))
	body := ps[1:max(2, keep)]
	// The outlet's own intro: a dateline, then the lede retold.
	intro := fmt.Sprintf(intros[g.r.IntN(len(intros))], days[g.r.IntN(len(days))])
	lede := g.paraphrase(ps[0])
	return intro + " " + lede + "\n\n" + strings.Join(body, "\n\n")
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

// paraphrase rewrites sentence by sentence: synonym swaps, clauses
// reordered around a comma, sentences dropped or added, numbers written
// differently. Names, numbers and the order of facts stay, as in a
// content farm's rewrite.
func (g *gen) paraphrase(s string) string {
	var out []string
	for _, p := range paragraphsOf(s) {
		var ps []string
		for _, sent := range sentencesOf(p) {
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

func (g *gen) rewriteSentence(s string) string {
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

// passage returns 3–5 consecutive sentences (at least 50 words) from the
// middle of s, or "".
func (g *gen) passage(s string) string {
	var sents []string
	for _, p := range paragraphsOf(s) {
		sents = append(sents, sentencesOf(p)...)
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
	ps := paragraphsOf(s)
	k := len(ps) / 2
	out := append(slices.Clip(ps[:k]), para)
	return strings.Join(append(out, ps[k:]...), "\n\n")
}

var speakers = []string{"the minister", "a spokeswoman for the agency", "the company's chief executive", "the mayor"}

// genCorpus makes one corpus from the bodies: every body is used by at most
// one family, so that the only relations in the corpus are the generated
// ones. Originals get a date half of the time, their copies a later one.
func genCorpus(bodies []body, seed uint64) ([]news.Article, []family, map[string]string) {
	g := newGen(seed)
	order := g.r.Perm(len(bodies))
	var arts []news.Article
	var fams []family
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
		cur = append(cur, b.id)
		return b.text, true
	}
	id := 0
	add := func(text, date string) string {
		id++
		a := news.Article{ID: fmt.Sprintf("g%d-%04d", seed, id), Text: text, Published: date}
		arts = append(arts, a)
		origin[a.ID] = strings.Join(cur, "+")
		return a.ID
	}
	cats := append(slices.Clone(copyCats), negCats...)
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
		var f family
		switch cat {
		case catExact:
			f = family{cat, add(base, d1), add(base, d2)}
		case catWhitespace:
			f = family{cat, add(base, d1), add(g.whitespace(base), d2)}
		case catLightEdit:
			f = family{cat, add(base, d1), add(g.lightEdit(base), d2)}
		case catPartial:
			f = family{cat, add(base, d1), add(g.partial(base), d2)}
		case catReprint:
			f = family{cat, add(base, d1), add(g.reprint(base), d2)}
		case catParaphrase:
			f = family{cat, add(base, d1), add(g.paraphrase(base), d2)}
		case catShared, catSameQuote:
			src := g.passage(base)
			y, ok1 := take()
			z, ok2 := take()
			if src == "" || !ok1 || !ok2 {
				continue
			}
			if cat == catSameQuote {
				// The same statement quoted by two outlets, each in its own words.
				q1 := fmt.Sprintf("“%s” %s said in a statement.", src, speakers[g.r.IntN(len(speakers))])
				q2 := fmt.Sprintf("In a statement, %s said: “%s”", speakers[g.r.IntN(len(speakers))], src)
				f = family{cat, add(insertMiddle(y, q1), d1), add(insertMiddle(z, q2), d2)}
			} else {
				f = family{cat, add(insertMiddle(y, src), d1), add(insertMiddle(z, src), d2)}
			}
		case catSameStory:
			ps := paragraphsOf(base)
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
			f = family{cat, add(strings.Join(even, "\n\n"), d1), add(strings.Join(odd, "\n\n"), d2)}
		}
		fams = append(fams, f)
	}
	return arts, fams, origin
}

// dependentBodies lists pairs of bench bodies that really share text, found
// by reading every link the detector made between different bodies: a
// link between them is right, not a false positive.
var dependentBodies = map[string]string{
	"9cb8224b+ac1bfdd4": "Billboard and Rolling Stone print one press release's list of 30 tour dates",
	"dfd43bc0+57e2e988": "two my6sense press releases end with the same 'About my6sense' paragraph",
	"8cad00dc+52111884": "two Jeongdong Theater blog posts end with the same show information block",
}

// dependent reports whether two articles' origins include a known
// dependent pair of bench bodies, and names the pair.
func dependent(oa, ob string) (string, bool) {
	for _, x := range strings.Split(oa, "+") {
		for _, y := range strings.Split(ob, "+") {
			if why, ok := dependentBodies[x+"+"+y]; ok {
				return x + "+" + y + " (" + why + ")", true
			}
			if why, ok := dependentBodies[y+"+"+x]; ok {
				return y + "+" + x + " (" + why + ")", true
			}
		}
	}
	return "", false
}

// prf is a precision/recall/F1 tally.
type prf struct{ tp, fp, fn int }

func (c prf) p() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c prf) r() float64 { return ratio(c.tp, c.tp+c.fn) }
func (c prf) f1() float64 {
	p, r := c.p(), c.r()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// evalResult scores links against the families of a corpus.
type evalResult struct {
	byCat     map[string]*prf // pair found (any kind); FP = wrong links touching the category
	byKind    map[string]*prf // pair found with the right kind
	direction prf             // tp: original as A among dated found pairs; fp: reversed
	falseNeg  map[string]int  // links inside negative families
	examples  []string        // a few misses, for the log
	// crossBench counts links between bench bodies that really share text.
	crossBench map[string]int
}

// score compares links with the generated families. A link between
// articles made from different bench bodies is a false link unless the two
// bodies are known to depend on each other (dependentBodies).
func score(arts []news.Article, fams []family, origin map[string]string, links []news.CopyLink) evalResult {
	res := evalResult{byCat: map[string]*prf{}, byKind: map[string]*prf{}, falseNeg: map[string]int{}, crossBench: map[string]int{}}
	for _, c := range append(slices.Clone(copyCats), negCats...) {
		res.byCat[c] = &prf{}
	}
	for _, k := range []string{news.CopyDuplicate, news.CopyRewrite, news.CopySharedSource} {
		res.byKind[k] = &prf{}
	}
	catOf := map[string]string{}
	famOf := map[[2]string]family{}
	key := func(a, b string) [2]string {
		if a > b {
			a, b = b, a
		}
		return [2]string{a, b}
	}
	for _, f := range fams {
		catOf[f.a], catOf[f.b] = f.cat, f.cat
		famOf[key(f.a, f.b)] = f
	}
	date := map[string]string{}
	for _, a := range arts {
		date[a.ID] = a.Published
	}
	found := map[[2]string]news.CopyLink{}
	for _, l := range links {
		found[key(l.A, l.B)] = l
		f, ok := famOf[key(l.A, l.B)]
		if ok && goldKind[f.cat] != "" {
			continue
		}
		if ok {
			res.falseNeg[f.cat]++
		} else if bp, dep := dependent(origin[l.A], origin[l.B]); dep {
			res.crossBench[bp]++
			continue
		}
		for _, id := range []string{l.A, l.B} {
			if c := catOf[id]; c != "" {
				res.byCat[c].fp++
			}
		}
		res.byKind[l.Kind].fp++
		res.examples = append(res.examples, fmt.Sprintf("false %s link %s(%s %s) → %s(%s %s): %s", l.Kind, l.A, catOf[l.A], origin[l.A], l.B, catOf[l.B], origin[l.B], l.Evidence))
	}
	for _, f := range fams {
		want := goldKind[f.cat]
		if want == "" {
			continue
		}
		l, ok := found[key(f.a, f.b)]
		if !ok {
			res.byCat[f.cat].fn++
			res.byKind[want].fn++
			res.examples = append(res.examples, fmt.Sprintf("missed %s %s → %s", f.cat, f.a, f.b))
			continue
		}
		res.byCat[f.cat].tp++
		if l.Kind == want {
			res.byKind[want].tp++
		} else {
			res.byKind[want].fn++
			res.byKind[l.Kind].fp++
			res.examples = append(res.examples, fmt.Sprintf("%s %s → %s found as %s", f.cat, f.a, f.b, l.Kind))
		}
		if date[f.a] != "" && f.cat != catShared {
			if l.A == f.a {
				res.direction.tp++
			} else {
				res.direction.fp++
			}
		}
	}
	return res
}

func (res *evalResult) merge(o evalResult) {
	for k, v := range o.byCat {
		c := res.byCat[k]
		c.tp, c.fp, c.fn = c.tp+v.tp, c.fp+v.fp, c.fn+v.fn
	}
	for k, v := range o.byKind {
		c := res.byKind[k]
		c.tp, c.fp, c.fn = c.tp+v.tp, c.fp+v.fp, c.fn+v.fn
	}
	for k, v := range o.falseNeg {
		res.falseNeg[k] += v
	}
	for k, v := range o.crossBench {
		res.crossBench[k] += v
	}
	res.direction.tp += o.direction.tp
	res.direction.fp += o.direction.fp
	res.examples = append(res.examples, o.examples...)
}

func (res evalResult) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %5s %5s %5s %6s %6s %6s\n", "category", "tp", "fp", "fn", "P", "R", "F1")
	for _, c := range copyCats {
		v := res.byCat[c]
		fmt.Fprintf(&b, "%-14s %5d %5d %5d %6.3f %6.3f %6.3f\n", c, v.tp, v.fp, v.fn, v.p(), v.r(), v.f1())
	}
	for _, c := range negCats {
		fmt.Fprintf(&b, "%-14s links inside negative pairs: %d (wrong links touching them: %d)\n", c, res.falseNeg[c], res.byCat[c].fp)
	}
	fmt.Fprintf(&b, "%-14s %5s %5s %5s %6s %6s %6s\n", "kind", "tp", "fp", "fn", "P", "R", "F1")
	for _, k := range []string{news.CopyDuplicate, news.CopyRewrite, news.CopySharedSource} {
		v := res.byKind[k]
		fmt.Fprintf(&b, "%-14s %5d %5d %5d %6.3f %6.3f %6.3f\n", k, v.tp, v.fp, v.fn, v.p(), v.r(), v.f1())
	}
	for k, v := range res.crossBench {
		fmt.Fprintf(&b, "links between dependent bench bodies %s: %d\n", k, v)
	}
	fmt.Fprintf(&b, "direction: %d of %d dated pairs with the original as A\n", res.direction.tp, res.direction.tp+res.direction.fp)
	return b.String()
}

var longWord = regexp.MustCompile(`\p{L}{3,}|\d+`)

// disguise makes a new text from a body by writing a tag of universe u
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
func disguise(s string, u int) string {
	if u == 0 {
		return s
	}
	tag := string(rune(0x4e00 + u%0x5000))
	num := strconv.Itoa(u)
	return longWord.ReplaceAllStringFunc(s, func(w string) string {
		if w[0] >= '0' && w[0] <= '9' {
			return w + num // numbers differ between universes too
		}
		if stopWords[strings.ToLower(w)] {
			return w
		}
		_, n := utf8.DecodeRuneInString(w)
		return w[:n] + tag + w[n:]
	})
}

// scaleCorpus returns n articles for benchmarks: disguised bodies, half of
// them with one generated copy of a random kind.
func scaleCorpus(bodies []body, n int, seed uint64) []news.Article {
	arts := make([]news.Article, 0, n)
	scaleCorpusTo(bodies, n, seed, func(a news.Article) { arts = append(arts, a) })
	return arts
}

// scaleCorpusTo is scaleCorpus handing each article to emit as it is made,
// so that a large corpus need not be held in memory.
func scaleCorpusTo(bodies []body, n int, seed uint64, emit func(news.Article)) {
	g := newGen(seed)
	count := 0
	add := func(text string) {
		emit(news.Article{ID: fmt.Sprintf("s%07d", count), Text: text})
		count++
	}
	for k := 0; count < n; k++ {
		base := disguise(bodies[k%len(bodies)].text, k/len(bodies))
		add(base)
		if count == n || g.r.IntN(2) == 0 {
			continue
		}
		switch g.r.IntN(6) {
		case 0:
			add(g.whitespace(base))
		case 1:
			add(g.lightEdit(base))
		case 2:
			add(g.partial(base))
		case 3:
			add(g.reprint(base))
		default:
			add(g.paraphrase(base))
		}
	}
}

// benchmarkDetect runs Detect over a generated corpus of n articles, held
// in memory, and reports articles per second of wall clock and of CPU time
// (user + system, getrusage), the links, the corpus's text size and the
// process's peak RSS (which includes generating the corpus and the texts
// themselves; BenchmarkDetectStream leaves the texts out). Generating the
// corpus is not timed. Sizes are a parameter so that a 100k run is one
// line away.
//
// TRIANGULATE_DEDUPE_BENCH_MEMLIMIT (bytes, e.g. "1000000000") sets a soft
// memory limit for the run, as GOMEMLIMIT would, to show the RSS a process
// so configured reaches: the garbage collector then works harder instead of
// letting the heap double.
func benchmarkDetect(b *testing.B, n int) {
	if v, err := strconv.ParseInt(os.Getenv("TRIANGULATE_DEDUPE_BENCH_MEMLIMIT"), 10, 64); err == nil && v > 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(v))
	}
	bodies := benchBodies(b, 150)
	arts := scaleCorpus(bodies, n, 42)
	textBytes := 0
	for _, a := range arts {
		textBytes += len(a.Text)
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	var links int
	for b.Loop() {
		l, _, err := Detect(b.Context(), arts, Options{})
		if err != nil {
			b.Fatal(err)
		}
		links = len(l)
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	if cpu > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "articles/CPU-s")
	}
	b.ReportMetric(float64(links), "links")
	b.ReportMetric(float64(textBytes)/1e6, "text-MB")
	b.ReportMetric(float64(peakRSS())/1e6, "peak-RSS-MB")
}

// BenchmarkDetect measures copy detection at 1k and 10k articles, plus the
// sizes in TRIANGULATE_DEDUPE_BENCH_SIZES (comma-separated, e.g. "100000").
func BenchmarkDetect(b *testing.B) {
	sizes := []int{1000, 10000}
	for _, f := range strings.Split(os.Getenv("TRIANGULATE_DEDUPE_BENCH_SIZES"), ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchmarkDetect(b, n) })
	}
}

// BenchmarkIndexMemory reports the heap an Index retains per article
// (index-B/article, the texts excluded: they belong to the caller) for a
// generated corpus of 10k articles, plus the sizes in
// TRIANGULATE_DEDUPE_BENCH_SIZES. Each iteration builds a whole index.
func BenchmarkIndexMemory(b *testing.B) {
	sizes := []int{10000}
	for _, f := range strings.Split(os.Getenv("TRIANGULATE_DEDUPE_BENCH_SIZES"), ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			arts := scaleCorpus(benchBodies(b, 150), n, 42)
			var perArticle float64
			for b.Loop() {
				var m0, m1 runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m0)
				ix := NewIndex(Options{})
				for _, a := range arts {
					ix.Add(a)
				}
				runtime.GC()
				runtime.ReadMemStats(&m1)
				perArticle = float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc)) / float64(n)
				runtime.KeepAlive(ix)
			}
			b.ReportMetric(perArticle, "index-B/article")
		})
	}
}

// TestGeneratedCorpus measures precision and recall per kind on corpora
// generated from the bench texts and holds the floors: F1 ≥ 0.95
// on duplicates and partial copies, ≥ 0.85 on paraphrase rewrites, and no
// link between two articles that merely tell the same story or quote the
// same statement.
func TestGeneratedCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("generated corpus: skipped in -short mode")
	}
	bodies := benchBodies(t, 150)
	var total evalResult
	for seed := uint64(1); seed <= 4; seed++ {
		arts, fams, origin := genCorpus(bodies, seed)
		links, _, err := Detect(t.Context(), arts, Options{})
		if err != nil {
			t.Fatal(err)
		}
		res := score(arts, fams, origin, links)
		if seed == 1 {
			total = res
		} else {
			total.merge(res)
		}
	}
	t.Logf("%d bodies, 4 corpora\n%s", len(bodies), total.table())
	for _, e := range total.examples {
		t.Log(e)
	}
	floors := map[string]float64{
		catExact: 0.95, catWhitespace: 0.95, catLightEdit: 0.95, catPartial: 0.95, catReprint: 0.95,
		catParaphrase: 0.85,
	}
	for cat, floor := range floors {
		if f := total.byCat[cat].f1(); f < floor {
			t.Errorf("%s: F1 %.3f below the floor %.2f", cat, f, floor)
		}
	}
	for _, cat := range negCats {
		if n := total.falseNeg[cat]; n != 0 {
			t.Errorf("%s: %d links between articles that do not copy each other", cat, n)
		}
	}
}

// TestBenchSameStoryNotLinked runs detection over every bench body as is.
// The bench holds several stories told by two or three outlets each
// (Assange, Carlineo, Taylor Swift, NASA's lunar landers…), written
// independently: none of those may be linked. The only links allowed are
// the pairs known to share text (dependentBodies).
func TestBenchSameStoryNotLinked(t *testing.T) {
	bodies := benchBodies(t, 0)
	var arts []news.Article
	for _, b := range bodies {
		arts = append(arts, news.Article{ID: b.id, Text: b.text})
	}
	if n := len(sameStoryPairs(bodies)); n < 10 {
		t.Fatalf("only %d same-story pairs in the bench: the test would prove nothing", n)
	}
	links, _, err := Detect(t.Context(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		if _, ok := dependent(l.A, l.B); !ok {
			t.Errorf("independent articles linked: %s → %s %s: %s", l.A, l.B, l.Kind, l.Evidence)
		}
	}
}

var capWord = regexp.MustCompile(`\b[A-Z][a-z]{3,}\b`)

// sameStoryPairs returns pairs of bodies sharing at least five capitalised
// words that occur in at most three bodies: articles on one story.
func sameStoryPairs(bodies []body) [][2]string {
	names := make([]map[string]bool, len(bodies))
	df := map[string]int{}
	for i, b := range bodies {
		names[i] = map[string]bool{}
		for _, w := range capWord.FindAllString(b.text, -1) {
			if !names[i][w] {
				names[i][w] = true
				df[w]++
			}
		}
	}
	var out [][2]string
	for i := range bodies {
		for j := i + 1; j < len(bodies); j++ {
			n := 0
			for w := range names[i] {
				if names[j][w] && df[w] <= 3 {
					n++
				}
			}
			if n >= 5 {
				out = append(out, [2]string{bodies[i].id, bodies[j].id})
			}
		}
	}
	return out
}

// TestParaphraseStress logs how recall on rewrites falls as the paraphrase
// gets heavier (the generator applied once, twice, three times). It has no
// floor: it shows where the method stops, for docs/dedupe.md. It runs only
// when TRIANGULATE_DEDUPE_STRESS is set, to keep the default run light.
func TestParaphraseStress(t *testing.T) {
	if os.Getenv("TRIANGULATE_DEDUPE_STRESS") == "" {
		t.Skip("stress figures: set TRIANGULATE_DEDUPE_STRESS=1 to run")
	}
	bodies := benchBodies(t, 150)
	for rounds := 1; rounds <= 3; rounds++ {
		g := newGen(uint64(rounds))
		var arts []news.Article
		for i, b := range bodies {
			p := b.text
			for range rounds {
				p = g.paraphrase(p)
			}
			arts = append(arts, news.Article{ID: fmt.Sprintf("o%03d", i), Text: b.text}, news.Article{ID: fmt.Sprintf("p%03d", i), Text: p})
		}
		links, _, err := Detect(t.Context(), arts, Options{})
		if err != nil {
			t.Fatal(err)
		}
		found, rewrite, wrong, dep := 0, 0, 0, 0
		bodyOf := func(id string) string {
			i, _ := strconv.Atoi(id[1:])
			return bodies[i].id
		}
		for _, l := range links {
			_, isDep := dependent(bodyOf(l.A), bodyOf(l.B))
			switch {
			case l.A[1:] != l.B[1:] && isDep:
				dep++
			case l.A[1:] != l.B[1:]:
				wrong++
				t.Logf("false link %s(%s) → %s(%s) %s: %.160s", l.A, bodyOf(l.A), l.B, bodyOf(l.B), l.Kind, l.Evidence)
			case l.Kind == news.CopyRewrite:
				rewrite++
				found++
			default:
				found++
			}
		}
		t.Logf("paraphrased %d×: %d of %d pairs linked (%d as rewrite); %d links between dependent bodies, %d false links", rounds, found, len(bodies), rewrite, dep, wrong)
	}
}
