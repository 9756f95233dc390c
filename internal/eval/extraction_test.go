package eval

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

// sharedDir returns ../shared next to the repository root, found by walking
// up from the package directory to the one holding go.mod, or skips.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Skipf("no working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found, so ../shared cannot be located")
		}
		dir = parent
	}
	shared := filepath.Join(filepath.Dir(dir), "shared")
	if _, err := os.Stat(filepath.Join(shared, "bench", "extraction", "ground-truth.json")); err != nil {
		t.Skip("../shared/bench/extraction absent; benchmark checks skipped")
	}
	return shared
}

func TestWordTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ,. ", nil},
		{"Hello, world!", []string{"Hello", "world"}},
		{"it’s 3.5% of snake_case", []string{"it", "s", "3", "5", "of", "snake_case"}},
		{"Зеленський і Київ", []string{"Зеленський", "і", "Київ"}},
		{"tail", []string{"tail"}},
	}
	for _, tt := range tests {
		if got := wordTokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wordTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShingleMatch(t *testing.T) {
	tests := []struct {
		name        string
		truth, pred string
		tp, fp, fn  float64
	}{
		{"both empty", "", "", 0, 0, 0},
		{"identical", "a b c d e", "a b c d e", 1, 0, 0},
		{"punctuation ignored", "a, b. c d!", "a b c d", 1, 0, 0},
		{"empty prediction", "a b c d e", "", 0, 0, 1},
		{"extra tail", "a b c d", "a b c d e", 0.5, 0.5, 0},
		{"short texts are one shingle", "a b", "a b", 1, 0, 0},
		{"case kept", "A b c d", "a b c d", 0, 0.5, 0.5},
		// Multisets: the repeated shingle is only matched once.
		{"repeats counted", "a b c d", "a b c d x a b c d", 1.0 / 6, 5.0 / 6, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, fp, fn := ShingleMatch(tt.truth, tt.pred)
			if !near(tp, tt.tp) || !near(fp, tt.fp) || !near(fn, tt.fn) {
				t.Errorf("ShingleMatch = %.3f %.3f %.3f, want %.3f %.3f %.3f", tp, fp, fn, tt.tp, tt.fp, tt.fn)
			}
		})
	}
}

func TestScoreExtractionAverages(t *testing.T) {
	truth := map[string]string{"a": "one two three four five", "b": "six seven eight nine", "c": ""}
	pred := map[string]string{"a": "one two three four five", "b": "", "c": "stray words here"}
	got := ScoreExtraction(truth, pred)
	// Precision averages a (1) and c (0); recall averages a (1) and b (0).
	if got.Items != 3 || !near(got.Precision, 0.5) || !near(got.Recall, 0.5) || !near(got.F1, 0.5) {
		t.Errorf("ScoreExtraction = %+v", got)
	}
}

// TestReferenceScores checks the metric against the figures published with
// the benchmark for the two prediction files shipped with it.
func TestReferenceScores(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "bench", "extraction")
	tests := []struct {
		file     string
		f1, p, r float64
	}{
		{"go_trafilatura.json", 0.960, 0.940, 0.980},
		{"go_readability.json", 0.934, 0.900, 0.971},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ScoreExtractionFile(dir, filepath.Join(dir, "output", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got.Items != 181 {
				t.Errorf("items = %d, want 181", got.Items)
			}
			if round3(got.F1) != tt.f1 || round3(got.Precision) != tt.p || round3(got.Recall) != tt.r {
				t.Errorf("F1/P/R = %.4f/%.4f/%.4f, want %.3f/%.3f/%.3f", got.F1, got.Precision, got.Recall, tt.f1, tt.p, tt.r)
			}
		})
	}
}

// TestExtractionFolder runs Extraction over a hand-made folder in the
// benchmark format, with gzipped and plain pages and a failing page.
func TestExtractionFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	gt := map[string]groundTruthItem{
		"p1": {ArticleBody: "alpha beta gamma delta epsilon", URL: "https://example.com/1"},
		"p2": {ArticleBody: "zeta eta theta iota", URL: "https://example.com/2"},
		"p3": {ArticleBody: "kappa lambda mu nu", URL: "https://example.com/3"},
	}
	b, _ := json.Marshal(gt)
	write(t, filepath.Join(dir, "ground-truth.json"), b)
	writeGzip(t, filepath.Join(dir, "html", "p1.html.gz"), "<p>alpha beta gamma delta epsilon</p>")
	write(t, filepath.Join(dir, "html", "p2.html"), []byte("<p>zeta eta theta iota</p>"))
	writeGzip(t, filepath.Join(dir, "html", "p3.html.gz"), "fail")

	// A toy extractor: strips the <p> tags, fails on "fail", and checks that
	// the ground-truth URL reaches it.
	ext := func(_ context.Context, d news.RawDoc) (news.Article, error) {
		s := string(d.Content)
		if s == "fail" {
			return news.Article{}, errors.New("no article text found")
		}
		if !strings.HasPrefix(d.URL, "https://example.com/") {
			return news.Article{}, errors.New("URL not passed")
		}
		return news.Article{Text: strings.TrimSuffix(strings.TrimPrefix(s, "<p>"), "</p>")}, nil
	}
	got, err := Extraction(context.Background(), dir, ext)
	if err != nil {
		t.Fatal(err)
	}
	// p3 has no prediction: it counts for recall (0) but not for precision.
	if got.Items != 3 || got.Failed != 1 || !near(got.Precision, 1) || !near(got.Recall, 2.0/3) {
		t.Errorf("Extraction = %+v", got)
	}

	// A page listed in the ground truth but missing is a broken folder.
	if err := os.Remove(filepath.Join(dir, "html", "p2.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := Extraction(context.Background(), dir, ext); err == nil || !strings.Contains(err.Error(), "p2") {
		t.Errorf("missing page: err = %v, want one naming p2", err)
	}
	if _, err := Extraction(context.Background(), t.TempDir(), ext); err == nil {
		t.Error("folder without ground truth: no error")
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeGzip(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
