package eval

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/triangulate/triangulate/internal/news"
)

// shingleSize is the n of the word n-grams the extraction benchmark compares.
const shingleSize = 4

// ExtractionResult is the score of an extractor on an extraction benchmark
// folder (html/ + ground-truth.json, as in ../shared/bench/extraction).
type ExtractionResult struct {
	F1        float64 `json:"f1"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	Items     int     `json:"items"`
	// Failed counts pages for which the extractor returned an error; they
	// are scored as an empty prediction, as the benchmark does.
	Failed  int              `json:"failed"`
	PerItem []ExtractionItem `json:"per_item,omitempty"`
}

// ExtractionItem is the score of one page. TP, FP and FN are normalised so
// that they sum to 1 (or are all 0 when neither text has a shingle).
type ExtractionItem struct {
	ID        string  `json:"id"`
	URL       string  `json:"url,omitempty"`
	TP        float64 `json:"tp"`
	FP        float64 `json:"fp"`
	FN        float64 `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	Error     string  `json:"error,omitempty"`
	// Predicted is the body the extractor returned, kept so that a caller
	// can write a predictions file or look at the worst pages.
	Predicted string `json:"-"`
}

// groundTruthItem is one entry of ground-truth.json and of a predictions file.
type groundTruthItem struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

// Extraction runs extract over every page of the benchmark folder dir
// (dir/html/<id>.html.gz and dir/ground-truth.json) and scores the bodies
// it returns with the benchmark's shingle metric. The page's URL from the
// ground truth is passed as RawDoc.URL, as a crawler would know it.
//
// extract is called from several goroutines at once (GOMAXPROCS of them),
// so it must be safe for concurrent use, as extract.Extractor.Extract is.
func Extraction(ctx context.Context, dir string, extract func(context.Context, news.RawDoc) (news.Article, error)) (*ExtractionResult, error) {
	truth, err := readBodies(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("extraction benchmark %s: %w", dir, err)
	}
	ids := sortedKeys(truth)

	items := make([]ExtractionItem, len(ids))
	jobs := make(chan int)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	workers := max(1, min(runtime.GOMAXPROCS(0), len(ids)))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				it, err := extractOne(ctx, dir, ids[i], truth[ids[i]], extract)
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					continue
				}
				items[i] = it
			}
		}()
	}
feed:
	for i := range ids {
		select {
		case <-ctx.Done():
			break feed
		case err := <-errs:
			errs <- err
			break feed
		case jobs <- i:
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("extraction benchmark %s: %w", dir, err)
	}
	select {
	case err := <-errs:
		return nil, fmt.Errorf("extraction benchmark %s: %w", dir, err)
	default:
	}
	return summarise(items), nil
}

// extractOne reads and extracts one page. Only an unreadable page is an
// error; an extractor's failure is the extractor's score.
func extractOne(ctx context.Context, dir, id string, gt groundTruthItem, extract func(context.Context, news.RawDoc) (news.Article, error)) (ExtractionItem, error) {
	page, path, err := readPage(dir, id)
	if err != nil {
		return ExtractionItem{}, err
	}
	item := ExtractionItem{ID: id, URL: gt.URL}
	art, err := safeExtract(ctx, extract, news.RawDoc{Source: path, Kind: news.KindHTML, Content: page, URL: gt.URL})
	if err != nil {
		item.Error = err.Error()
		art.Text = ""
	}
	item.Predicted = art.Text
	item.TP, item.FP, item.FN = ShingleMatch(gt.ArticleBody, art.Text)
	return item, nil
}

// safeExtract turns a panicking extractor into a failed page, so that one
// bad page cannot take down a whole benchmark run.
func safeExtract(ctx context.Context, extract func(context.Context, news.RawDoc) (news.Article, error), doc news.RawDoc) (art news.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extract %s: panic: %v", doc.Source, r)
		}
	}()
	return extract(ctx, doc)
}

// readPage returns the HTML of page id, gunzipped. A plain html/<id>.html is
// accepted too, so that a hand-made split need not compress its pages.
func readPage(dir, id string) ([]byte, string, error) {
	path := filepath.Join(dir, "html", id+".html.gz")
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		plain := filepath.Join(dir, "html", id+".html")
		b, perr := os.ReadFile(plain)
		if perr == nil {
			return b, plain, nil
		}
	}
	if err != nil {
		return nil, path, fmt.Errorf("read page %s: %w", id, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, path, fmt.Errorf("read %s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, path, fmt.Errorf("read %s: %w", path, err)
	}
	return b, path, nil
}

// ScoreExtractionFile scores a predictions file against the ground truth of
// the benchmark folder dir. The file may be the upstream wrapper
// {"version": …, "output": {id: {"articleBody": …}}} or a plain
// {id: {"articleBody": …}} object. A page with no prediction counts as an
// empty body.
func ScoreExtractionFile(dir, predictions string) (*ExtractionResult, error) {
	truth, err := readBodies(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("extraction benchmark %s: %w", dir, err)
	}
	pred, err := readBodies(predictions)
	if err != nil {
		return nil, fmt.Errorf("extraction predictions: %w", err)
	}
	return ScoreExtraction(truth2bodies(truth), truth2bodies(pred)), nil
}

// ScoreExtraction scores predicted bodies against true bodies, both keyed by
// item id. Every id of truth is an item; extra ids of pred are ignored.
func ScoreExtraction(truth, pred map[string]string) *ExtractionResult {
	ids := sortedKeys(truth)
	items := make([]ExtractionItem, len(ids))
	for i, id := range ids {
		items[i] = ExtractionItem{ID: id, Predicted: pred[id]}
		items[i].TP, items[i].FP, items[i].FN = ShingleMatch(truth[id], pred[id])
	}
	return summarise(items)
}

// summarise macro-averages per-item precision and recall, the way the
// benchmark does: precision over items whose prediction has a shingle,
// recall over items whose truth has one, F1 from the two averages (not an
// average of per-item F1s).
func summarise(items []ExtractionItem) *ExtractionResult {
	res := &ExtractionResult{Items: len(items), PerItem: items}
	var sumP, sumR float64
	var nP, nR int
	for i := range items {
		it := &items[i]
		if it.Error != "" {
			res.Failed++
		}
		if it.TP+it.FP > 0 {
			it.Precision = it.TP / (it.TP + it.FP)
			sumP += it.Precision
			nP++
		}
		if it.TP+it.FN > 0 {
			it.Recall = it.TP / (it.TP + it.FN)
			sumR += it.Recall
			nR++
		}
	}
	if nP > 0 {
		res.Precision = sumP / float64(nP)
	}
	if nR > 0 {
		res.Recall = sumR / float64(nR)
	}
	if res.Precision+res.Recall > 0 {
		res.F1 = 2 * res.Precision * res.Recall / (res.Precision + res.Recall)
	}
	return res
}

// ShingleMatch compares two texts as multisets of word 4-gram shingles and
// returns the shared (tp), extra (fp) and missing (fn) counts, normalised to
// sum to 1 so that long articles weigh no more than short ones.
func ShingleMatch(truth, pred string) (tp, fp, fn float64) {
	ts, ps := shingles(truth), shingles(pred)
	for k, t := range ts {
		p := ps[k]
		tp += float64(min(t, p))
		fn += float64(max(0, t-p))
	}
	for k, p := range ps {
		fp += float64(max(0, p-ts[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	return tp, fp, fn
}

// shingles counts the 4-token windows of text. A text of fewer than four
// tokens yields one shorter shingle, and an empty one none, as upstream.
func shingles(text string) map[string]int {
	toks := wordTokens(text)
	out := map[string]int{}
	if len(toks) == 0 {
		return out
	}
	if len(toks) < shingleSize {
		out[strings.Join(toks, " ")]++
		return out
	}
	for i := 0; i+shingleSize <= len(toks); i++ {
		// Tokens never contain a space, so joining by one is unambiguous.
		out[strings.Join(toks[i:i+shingleSize], " ")]++
	}
	return out
}

// wordTokens returns the runs of word characters of s, as Python's Unicode
// regex \w+ finds them (letters, numbers and the underscore; case kept).
func wordTokens(s string) []string {
	var toks []string
	start := -1
	for i, r := range s {
		w := r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
		switch {
		case w && start < 0:
			start = i
		case !w && start >= 0:
			toks = append(toks, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, s[start:])
	}
	return toks
}

// readBodies reads ground-truth.json or a predictions file (either shape).
func readBodies(path string) (map[string]groundTruthItem, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var wrapped struct {
		Output map[string]groundTruthItem `json:"output"`
	}
	if err := json.Unmarshal(b, &wrapped); err == nil && wrapped.Output != nil {
		return wrapped.Output, nil
	}
	var plain map[string]groundTruthItem
	if err := json.Unmarshal(bytes.TrimSpace(b), &plain); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return plain, nil
}

func truth2bodies(m map[string]groundTruthItem) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v.ArticleBody
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
