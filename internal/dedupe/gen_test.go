package dedupe

// This file scores copy detection on corpora from the generator in
// copygen (real article bodies from ../shared/bench/extraction, read in
// place, turned into copies of known kinds and look-alike negatives), so
// that precision and recall can be measured per kind, and holds the
// detector's benchmarks.

import (
	"fmt"
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/dedupe/copygen"
	"github.com/triangulate/triangulate/internal/news"
)

// scaleOpts makes benchmark corpora whose disguised texts keep the words
// the detector ignores, so that their structure is a real article's.
var scaleOpts = copygen.ScaleOptions{Keep: func(w string) bool { return stopWords[w] }}

// goldKind is the link kind each copy category must produce.
var goldKind = map[string]string{
	copygen.CatExact: news.CopyDuplicate, copygen.CatWhitespace: news.CopyDuplicate, copygen.CatLightEdit: news.CopyDuplicate,
	copygen.CatPartial: news.CopyDuplicate, copygen.CatReprint: news.CopyDuplicate,
	copygen.CatParaphrase: news.CopyRewrite, copygen.CatShared: news.CopySharedSource,
}

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
func score(arts []news.Article, fams []copygen.Family, origin map[string]string, links []news.CopyLink) evalResult {
	res := evalResult{byCat: map[string]*prf{}, byKind: map[string]*prf{}, falseNeg: map[string]int{}, crossBench: map[string]int{}}
	for _, c := range append(slices.Clone(copygen.CopyCats), copygen.NegCats...) {
		res.byCat[c] = &prf{}
	}
	for _, k := range []string{news.CopyDuplicate, news.CopyRewrite, news.CopySharedSource} {
		res.byKind[k] = &prf{}
	}
	catOf := map[string]string{}
	famOf := map[[2]string]copygen.Family{}
	key := func(a, b string) [2]string {
		if a > b {
			a, b = b, a
		}
		return [2]string{a, b}
	}
	for _, f := range fams {
		catOf[f.A], catOf[f.B] = f.Cat, f.Cat
		famOf[key(f.A, f.B)] = f
	}
	date := map[string]string{}
	for _, a := range arts {
		date[a.ID] = a.Published
	}
	found := map[[2]string]news.CopyLink{}
	for _, l := range links {
		found[key(l.A, l.B)] = l
		f, ok := famOf[key(l.A, l.B)]
		if ok && goldKind[f.Cat] != "" {
			continue
		}
		if ok {
			res.falseNeg[f.Cat]++
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
		want := goldKind[f.Cat]
		if want == "" {
			continue
		}
		l, ok := found[key(f.A, f.B)]
		if !ok {
			res.byCat[f.Cat].fn++
			res.byKind[want].fn++
			res.examples = append(res.examples, fmt.Sprintf("missed %s %s → %s", f.Cat, f.A, f.B))
			continue
		}
		res.byCat[f.Cat].tp++
		if l.Kind == want {
			res.byKind[want].tp++
		} else {
			res.byKind[want].fn++
			res.byKind[l.Kind].fp++
			res.examples = append(res.examples, fmt.Sprintf("%s %s → %s found as %s", f.Cat, f.A, f.B, l.Kind))
		}
		if date[f.A] != "" && f.Cat != copygen.CatShared {
			if l.A == f.A {
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
	for _, c := range copygen.CopyCats {
		v := res.byCat[c]
		fmt.Fprintf(&b, "%-14s %5d %5d %5d %6.3f %6.3f %6.3f\n", c, v.tp, v.fp, v.fn, v.p(), v.r(), v.f1())
	}
	for _, c := range copygen.NegCats {
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
	bodies := copygen.BenchBodies(b, 150)
	arts := copygen.Scale(bodies, n, 42, scaleOpts)
	textBytes := 0
	for _, a := range arts {
		textBytes += len(a.Text)
	}
	b.ResetTimer()
	cpu0 := copygen.CPUTime()
	var links int
	for b.Loop() {
		l, _, err := Detect(b.Context(), arts, Options{})
		if err != nil {
			b.Fatal(err)
		}
		links = len(l)
	}
	cpu := copygen.CPUTime() - cpu0
	copygen.ReportScale(b, n, cpu, int64(textBytes))
	b.ReportMetric(float64(links), "links")
}

// BenchmarkDetect measures copy detection at 1k and 10k articles, plus the
// sizes in TRIANGULATE_DEDUPE_BENCH_SIZES (comma-separated, e.g. "100000").
func BenchmarkDetect(b *testing.B) {
	sizes := copygen.Sizes("TRIANGULATE_DEDUPE_BENCH_SIZES", 1000, 10000)
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchmarkDetect(b, n) })
	}
}

// BenchmarkIndexMemory reports the heap an Index retains per article
// (index-B/article, the texts excluded: they belong to the caller) for a
// generated corpus of 10k articles, plus the sizes in
// TRIANGULATE_DEDUPE_BENCH_SIZES. Each iteration builds a whole index.
func BenchmarkIndexMemory(b *testing.B) {
	sizes := copygen.Sizes("TRIANGULATE_DEDUPE_BENCH_SIZES", 10000)
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			arts := copygen.Scale(copygen.BenchBodies(b, 150), n, 42, scaleOpts)
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
	bodies := copygen.BenchBodies(t, 150)
	var total evalResult
	for seed := uint64(1); seed <= 4; seed++ {
		arts, fams, origin := copygen.Corpus(bodies, seed)
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
		copygen.CatExact: 0.95, copygen.CatWhitespace: 0.95, copygen.CatLightEdit: 0.95, copygen.CatPartial: 0.95, copygen.CatReprint: 0.95,
		copygen.CatParaphrase: 0.85,
	}
	for cat, floor := range floors {
		if f := total.byCat[cat].f1(); f < floor {
			t.Errorf("%s: F1 %.3f below the floor %.2f", cat, f, floor)
		}
	}
	for _, cat := range copygen.NegCats {
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
	bodies := copygen.BenchBodies(t, 0)
	var arts []news.Article
	for _, b := range bodies {
		arts = append(arts, news.Article{ID: b.ID, Text: b.Text})
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
func sameStoryPairs(bodies []copygen.Body) [][2]string {
	names := make([]map[string]bool, len(bodies))
	df := map[string]int{}
	for i, b := range bodies {
		names[i] = map[string]bool{}
		for _, w := range capWord.FindAllString(b.Text, -1) {
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
				out = append(out, [2]string{bodies[i].ID, bodies[j].ID})
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
	bodies := copygen.BenchBodies(t, 150)
	for rounds := 1; rounds <= 3; rounds++ {
		g := copygen.New(uint64(rounds))
		var arts []news.Article
		for i, b := range bodies {
			p := b.Text
			for range rounds {
				p = g.Paraphrase(p)
			}
			arts = append(arts, news.Article{ID: fmt.Sprintf("o%03d", i), Text: b.Text}, news.Article{ID: fmt.Sprintf("p%03d", i), Text: p})
		}
		links, _, err := Detect(t.Context(), arts, Options{})
		if err != nil {
			t.Fatal(err)
		}
		found, rewrite, wrong, dep := 0, 0, 0, 0
		bodyOf := func(id string) string {
			i, _ := strconv.Atoi(id[1:])
			return bodies[i].ID
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
