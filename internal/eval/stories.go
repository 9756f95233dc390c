package eval

import (
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/triangulate/triangulate/internal/news"
)

// StoriesResult is the score of a story clustering against ECB+ gold
// stories, where a gold story is one (topic, half) pair: a topic's ecb and
// ecbplus documents are two different events of the same kind.
type StoriesResult struct {
	B3F1              float64 `json:"b3_f1"`
	B3Precision       float64 `json:"b3_precision"`
	B3Recall          float64 `json:"b3_recall"`
	PairwiseF1        float64 `json:"pairwise_f1"`
	PairwisePrecision float64 `json:"pairwise_precision"`
	PairwiseRecall    float64 `json:"pairwise_recall"`
	Docs              int     `json:"docs"`
	Clusters          int     `json:"clusters"`      // predicted stories
	GoldClusters      int     `json:"gold_clusters"` // (topic, half) pairs present
}

// StoriesOptions narrows a stories evaluation.
type StoriesOptions struct {
	// Topics, when not empty, restricts the evaluation to these topic
	// folders (by name, e.g. "2", "5"); the clusterer sees only their
	// documents.
	Topics []string
}

// ECBPlusDevTopics are the dev topics of the usual ECB+ split (Cybulska &
// Vossen 2015; Barhom et al. 2019). Thresholds are tuned on the other
// topics of 1–35 and reported on these.
var ECBPlusDevTopics = []string{"2", "5", "12", "18", "21", "23", "34", "35"}

// ClusterFunc is the stage under test: documents in, stories out.
type ClusterFunc func(ctx context.Context, docs []news.Article) ([]news.Story, error)

// Stories scores cluster on every document of the ECB+ folder dir.
func Stories(ctx context.Context, dir string, cluster func(ctx context.Context, docs []news.Article) ([]news.Story, error)) (*StoriesResult, error) {
	return StoriesWith(ctx, dir, StoriesOptions{}, cluster)
}

// StoriesWith scores cluster on the documents of dir that opts selects.
func StoriesWith(ctx context.Context, dir string, opts StoriesOptions, cluster func(ctx context.Context, docs []news.Article) ([]news.Story, error)) (*StoriesResult, error) {
	docs, gold, err := LoadECBPlus(ctx, dir, opts.Topics)
	if err != nil {
		return nil, err
	}
	stories, err := cluster(ctx, docs)
	if err != nil {
		return nil, fmt.Errorf("eval stories: %w", err)
	}
	return ScoreStories(docs, gold, stories), nil
}

// LoadECBPlus reads the ECB+ documents under dir, which may be the
// benchmark folder (holding xml/), the xml/ folder itself (holding topic
// folders) or one topic folder. It returns the documents sorted by id and,
// for each, its gold story label "topic/half".
func LoadECBPlus(ctx context.Context, dir string, topics []string) ([]news.Article, map[string]string, error) {
	root := dir
	if fi, err := os.Stat(filepath.Join(dir, "xml")); err == nil && fi.IsDir() {
		root = filepath.Join(dir, "xml")
	}
	var want map[string]bool
	if len(topics) > 0 {
		want = make(map[string]bool, len(topics))
		for _, t := range topics {
			want[t] = true
		}
	}
	var files []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".xml") {
			return nil
		}
		if want != nil && !want[filepath.Base(filepath.Dir(path))] {
			return nil
		}
		files = append(files, path)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("eval stories: %w", err)
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("eval stories: %s: no ECB+ xml documents found", dir)
	}
	docs := make([]news.Article, 0, len(files))
	gold := make(map[string]string, len(files))
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return nil, nil, fmt.Errorf("eval stories: %w", err)
		}
		a, err := readECBDoc(path)
		if err != nil {
			return nil, nil, err
		}
		if _, dup := gold[a.ID]; dup {
			return nil, nil, fmt.Errorf("eval stories: %s: document %s appears twice", path, a.ID)
		}
		half := "ecb"
		if strings.HasSuffix(filepath.Base(path), "ecbplus.xml") {
			half = "ecbplus"
		}
		gold[a.ID] = filepath.Base(filepath.Dir(path)) + "/" + half
		docs = append(docs, a)
	}
	slices.SortFunc(docs, func(x, y news.Article) int { return cmp.Compare(x.ID, y.ID) })
	return docs, gold, nil
}

// readECBDoc turns one ECB+ XML file into an article: tokens joined by
// spaces within a sentence, sentences by newlines. In ecbplus files
// sentence 0 is the source page's URL, which goes to URL, not to the text.
func readECBDoc(path string) (news.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return news.Article{}, fmt.Errorf("eval stories: %w", err)
	}
	defer f.Close()
	name := filepath.Base(path)
	a := news.Article{ID: strings.TrimSuffix(name, ".xml"), Source: path}
	plus := strings.HasSuffix(name, "ecbplus.xml")

	type sentence struct {
		n    int
		toks []string
	}
	var sents []sentence
	dec := xml.NewDecoder(f)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return news.Article{}, fmt.Errorf("eval stories: %s: %w", path, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local == "Markables" || se.Name.Local == "Relations" {
			if err := dec.Skip(); err != nil {
				return news.Article{}, fmt.Errorf("eval stories: %s: %w", path, err)
			}
			continue
		}
		if se.Name.Local != "token" {
			continue
		}
		n := 0
		for _, at := range se.Attr {
			if at.Name.Local == "sentence" {
				if n, err = strconv.Atoi(at.Value); err != nil {
					return news.Article{}, fmt.Errorf("eval stories: %s: bad sentence number %q", path, at.Value)
				}
			}
		}
		var text string
		if err := dec.DecodeElement(&text, &se); err != nil {
			return news.Article{}, fmt.Errorf("eval stories: %s: %w", path, err)
		}
		if len(sents) == 0 || sents[len(sents)-1].n != n {
			sents = append(sents, sentence{n: n})
		}
		s := &sents[len(sents)-1]
		s.toks = append(s.toks, strings.TrimSpace(text))
	}
	var lines []string
	for i, s := range sents {
		if plus && i == 0 && s.n == 0 {
			a.URL = strings.Join(s.toks, "")
			continue
		}
		lines = append(lines, strings.Join(s.toks, " "))
	}
	a.Text = strings.Join(lines, "\n")
	if len(lines) > 0 {
		a.Title = lines[0]
	}
	return a, nil
}

// ScoreStories computes B³ and pairwise precision, recall and F1 of the
// predicted stories against gold labels. A document the stories leave out
// counts as a story of its own; ids not in gold are ignored; a document in
// two stories counts in the first.
func ScoreStories(docs []news.Article, gold map[string]string, stories []news.Story) *StoriesResult {
	pred := make(map[string]int, len(docs))
	for i, s := range stories {
		for _, id := range s.Articles {
			if _, ok := gold[id]; !ok {
				continue
			}
			if _, seen := pred[id]; !seen {
				pred[id] = i
			}
		}
	}
	next := len(stories)
	for _, d := range docs {
		if _, ok := pred[d.ID]; !ok {
			pred[d.ID] = next
			next++
		}
	}

	predSize := map[int]int{}
	goldSize := map[string]int{}
	both := map[string]int{} // pred cluster + gold label → documents
	key := func(id string) string { return strconv.Itoa(pred[id]) + "\x00" + gold[id] }
	for _, d := range docs {
		predSize[pred[d.ID]]++
		goldSize[gold[d.ID]]++
		both[key(d.ID)]++
	}

	r := &StoriesResult{Docs: len(docs), Clusters: len(predSize), GoldClusters: len(goldSize)}
	if len(docs) == 0 {
		return r
	}
	var p, rc float64
	for _, d := range docs {
		n := float64(both[key(d.ID)])
		p += n / float64(predSize[pred[d.ID]])
		rc += n / float64(goldSize[gold[d.ID]])
	}
	r.B3Precision = p / float64(len(docs))
	r.B3Recall = rc / float64(len(docs))
	r.B3F1 = f1(r.B3Precision, r.B3Recall)

	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	var tp, pp, gp float64
	for _, n := range both {
		tp += pairs(n)
	}
	for _, n := range predSize {
		pp += pairs(n)
	}
	for _, n := range goldSize {
		gp += pairs(n)
	}
	// With no predicted pairs there is nothing wrong to count: precision 1.
	r.PairwisePrecision, r.PairwiseRecall = 1, 1
	if pp > 0 {
		r.PairwisePrecision = tp / pp
	}
	if gp > 0 {
		r.PairwiseRecall = tp / gp
	}
	r.PairwiseF1 = f1(r.PairwisePrecision, r.PairwiseRecall)
	return r
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// BaselineDistance is the cosine distance at which the baseline stops
// merging, tuned on the ECB+ train topics (1–35 minus ECBPlusDevTopics).
const BaselineDistance = 0.85

// Baseline returns the reference line of issue 4: TF-IDF (sublinear tf,
// stop words removed) with cosine average-linkage agglomerative clustering,
// cut at the cosine distance given (BaselineDistance when ≤ 0). It lives
// here, not in the pipeline, because it is all-pairs and exists only to be
// scored beside the real clusterer.
func Baseline(distance float64) ClusterFunc {
	if distance <= 0 {
		distance = BaselineDistance
	}
	return func(ctx context.Context, docs []news.Article) ([]news.Story, error) {
		d, err := NewDendrogram(ctx, docs)
		if err != nil {
			return nil, err
		}
		return d.Cut(distance), nil
	}
}

// Dendrogram is the full merge history of average-linkage clustering, so
// that one run can be cut at many thresholds when tuning.
type Dendrogram struct {
	ids    []string
	merges []merge
}

type merge struct {
	a, b int // cluster indices: the merged cluster takes index a
	sim  float64
}

// NewDendrogram clusters docs bottom-up, always merging the two clusters of
// highest average pairwise cosine similarity. O(n²) memory and time per
// merge row; meant for benchmark-sized inputs.
func NewDendrogram(ctx context.Context, docs []news.Article) (*Dendrogram, error) {
	n := len(docs)
	d := &Dendrogram{ids: make([]string, n)}
	vecs := tfidf(docs)
	for i := range docs {
		d.ids[i] = docs[i].ID
	}
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("eval stories: %w", err)
			}
		}
		for j := i + 1; j < n; j++ {
			s := dot(vecs[i], vecs[j])
			sim[i][j], sim[j][i] = s, s
		}
	}
	size := make([]int, n)
	alive := make([]bool, n)
	for i := range size {
		size[i], alive[i] = 1, true
	}
	for step := 0; step < n-1; step++ {
		if step%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("eval stories: %w", err)
			}
		}
		ba, bb, bs := -1, -1, math.Inf(-1)
		for i := 0; i < n; i++ {
			if !alive[i] {
				continue
			}
			row := sim[i]
			for j := i + 1; j < n; j++ {
				if alive[j] && row[j] > bs {
					ba, bb, bs = i, j, row[j]
				}
			}
		}
		if ba < 0 {
			break
		}
		d.merges = append(d.merges, merge{ba, bb, bs})
		// Lance–Williams update for average linkage.
		na, nb := float64(size[ba]), float64(size[bb])
		for k := 0; k < n; k++ {
			if !alive[k] || k == ba || k == bb {
				continue
			}
			s := (na*sim[ba][k] + nb*sim[bb][k]) / (na + nb)
			sim[ba][k], sim[k][ba] = s, s
		}
		size[ba] += size[bb]
		alive[bb] = false
	}
	return d, nil
}

// Cut replays the merges whose similarity is at least 1-distance. Average
// linkage never inverts, so this equals stopping the clustering there.
func (d *Dendrogram) Cut(distance float64) []news.Story {
	parent := make([]int, len(d.ids))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, m := range d.merges {
		if m.sim < 1-distance {
			break
		}
		parent[find(m.b)] = find(m.a)
	}
	groups := map[int][]string{}
	var roots []int
	for i, id := range d.ids {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], id)
	}
	out := make([]news.Story, 0, len(roots))
	for i, r := range roots {
		ids := groups[r]
		slices.Sort(ids)
		out = append(out, news.Story{ID: "b" + strconv.Itoa(i+1), Articles: ids})
	}
	return out
}

type wv struct {
	term int
	w    float64
}

// tfidf returns unit TF-IDF vectors (sublinear tf, smoothed idf, stop
// words removed) sorted by term, for the baseline.
func tfidf(docs []news.Article) [][]wv {
	vocab := map[string]int{}
	counts := make([]map[int]float64, len(docs))
	var df []float64
	for i, d := range docs {
		c := map[int]float64{}
		for _, w := range strings.FieldsFunc(strings.ToLower(d.Text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			if baselineStop[w] || len(w) < 2 {
				continue
			}
			id, ok := vocab[w]
			if !ok {
				id = len(vocab)
				vocab[w] = id
				df = append(df, 0)
			}
			if c[id] == 0 {
				df[id]++
			}
			c[id]++
		}
		counts[i] = c
	}
	n := float64(len(docs))
	out := make([][]wv, len(docs))
	for i, c := range counts {
		v := make([]wv, 0, len(c))
		var norm float64
		for id, tf := range c {
			w := (1 + math.Log(tf)) * (math.Log((1+n)/(1+df[id])) + 1)
			v = append(v, wv{id, w})
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for k := range v {
			v[k].w /= norm
		}
		slices.SortFunc(v, func(x, y wv) int { return cmp.Compare(x.term, y.term) })
		out[i] = v
	}
	return out
}

func dot(a, b []wv) float64 {
	var s float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].term < b[j].term:
			i++
		case a[i].term > b[j].term:
			j++
		default:
			s += a[i].w * b[j].w
			i++
			j++
		}
	}
	return s
}

// baselineStop is the usual English stop list (as in scikit-learn's), kept
// separate from the clusterer's so the reference line cannot drift with it.
var baselineStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above across after afterwards again against all almost alone along
already also although always am among amongst amoungst amount an and another any anyhow anyone anything anyway
anywhere are around as at back be became because become becomes becoming been before beforehand behind being
below beside besides between beyond bill both bottom but by call can cannot cant co con could couldnt cry de
describe detail do done down due during each eg eight either eleven else elsewhere empty enough etc even ever
every everyone everything everywhere except few fifteen fifty fill find fire first five for former formerly
forty found four from front full further get give go had has hasnt have he hence her here hereafter hereby
herein hereupon hers herself him himself his how however hundred i ie if in inc indeed interest into is it its
itself keep last latter latterly least less ltd made many may me meanwhile might mill mine more moreover most
mostly move much must my myself name namely neither never nevertheless next nine no nobody none noone nor not
nothing now nowhere of off often on once one only onto or other others otherwise our ours ourselves out over
own part per perhaps please put rather re same see seem seemed seeming seems serious several she should show
side since sincere six sixty so some somehow someone something sometime sometimes somewhere still such system
take ten than that the their them themselves then thence there thereafter thereby therefore therein thereupon
these they thick thin third this those though three through throughout thru thus to together too top toward
towards twelve twenty two un under until up upon us very via was we well were what whatever when whence
whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever
whole whom whose why will with within without would yet you your yours yourself yourselves`) {
		m[w] = true
	}
	return m
}()
