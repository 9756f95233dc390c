package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/store"
	"github.com/triangulate/triangulate/internal/web"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// run runs the CLI in-process and returns its exit code and streams.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const seeds = "../../examples/iran-russia"

// TestSeedsGolden pins the articles section of the seeds' report: bodies,
// titles, outlets, dates and bylines were checked by hand when the golden
// file was last refreshed with -update.
func TestSeedsGolden(t *testing.T) {
	code, out, stderr := run(t, "", "analyze", "--format", "json", seeds)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var rep news.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	// Story assignments belong to the clustering stage's own tests.
	for i := range rep.Articles {
		rep.Articles[i].Story = ""
	}
	got, err := json.MarshalIndent(rep.Articles, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "seeds.articles.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update to create it)", err)
	}
	if string(bytes.TrimSpace(want)) != string(got) {
		t.Errorf("articles differ from %s; rerun with -update after checking the change by hand", golden)
	}
}

func TestSeedsOrderIndependent(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("glob: %v %d", err, len(files))
	}
	reversed := make([]string, len(files))
	for i, f := range files {
		reversed[len(files)-1-i] = f
	}
	_, a, _ := run(t, "", append([]string{"analyze", "-f", "json"}, files...)...)
	_, b, _ := run(t, "", append([]string{"analyze", "-f", "json"}, reversed...)...)
	if a != b || a == "" {
		t.Error("the report depends on the order of the inputs")
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ format, want string }{
		{"md", "| id | title | outlet | published | byline |"},
		{"html", "<!doctype html>"},
		{"json", `"schema_version": 1`},
	} {
		code, out, stderr := run(t, "", "analyze", "--format", tc.format, filepath.Join(seeds, "002_4f741bc833aec211.txt"))
		if code != ExitOK || !strings.Contains(out, tc.want) {
			t.Errorf("%s: exit %d, want %q in output; stderr %s", tc.format, code, tc.want, stderr)
		}
		if !strings.Contains(out, "David Brennan") {
			t.Errorf("%s: byline missing", tc.format)
		}
	}
}

func TestOutFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	code, stdout, stderr := run(t, "", "analyze", "-f", "html", "-o", out, filepath.Join(seeds, "004_dde206bdf90973aa.txt"))
	if code != ExitOK || stdout != "" {
		t.Fatalf("exit %d stdout %q stderr %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(b, []byte("The Northern Advocate")) {
		t.Fatalf("report file: %v", err)
	}
}

// TestBadInputs: every bad input gives one clear line naming it, the good
// inputs are still analysed, and the exit code is 1.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, err := os.ReadFile(filepath.Join(seeds, "002_4f741bc833aec211.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(good)
	_ = zw.Close()
	big := filepath.Join(dir, "big.html")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // sparse: 50 MB of NULs, written instantly
		t.Fatal(err)
	}
	f.Close()
	jsonl := `{"url":"https://example.com/a","title":"A","published":"2023-01-17","text":"` +
		strings.Repeat("Iran supplied drones to Russia, officials said on Monday. ", 8) + `"}
{"url": "broken
`
	inputs := []string{
		write("good.txt", good),
		write("good.txt.gz", gz.Bytes()),
		write("binary.bin", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3, 0, 0}),
		write("empty.txt", nil),
		write("latin1.txt", []byte("Caf\xe9 au lait \xe0 Paris, \xe9t\xe9 2022.\n")),
		write("truncated.html", []byte("<html><head><title>Cut</title></head><body><article><p>"+strings.Repeat("Russia launched drones at Kyiv overnight, officials said. ", 10))),
		write("feed.jsonl", []byte(jsonl)),
		big,
		filepath.Join(dir, "missing.txt"),
	}
	code, out, stderr := run(t, "", append([]string{"analyze", "-f", "json"}, inputs...)...)
	if code != ExitFailure {
		t.Errorf("exit %d, want %d", code, ExitFailure)
	}
	var rep news.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report not written: %v", err)
	}
	if len(rep.Articles) < 4 { // good.txt, good.txt.gz, truncated.html, feed.jsonl:1
		t.Errorf("%d articles analysed, want ≥ 4; stderr:\n%s", len(rep.Articles), stderr)
	}
	for _, want := range []string{"binary.bin", "empty.txt", "latin1.txt", "feed.jsonl:2", "big.html", "missing.txt"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not name %s:\n%s", want, stderr)
		}
	}
	if strings.Count(stderr, "\n") != 6 {
		t.Errorf("want one line per bad input, got:\n%s", stderr)
	}
	if strings.Contains(stderr, "panic") {
		t.Errorf("panic:\n%s", stderr)
	}
}

func TestStdin(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(seeds, "004_dde206bdf90973aa.txt"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, string(good), "analyze", "-f", "json", "-")
	if code != ExitOK || !strings.Contains(out, `"source": "-"`) {
		t.Fatalf("exit %d stderr %s", code, stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"analyze"},
		{"analyze", "--format", "pdf", seeds},
		{"analyze", "--no-such-flag", seeds},
		{"frobnicate"},
		{"eval"},
		{"eval", "nosuchtask", "x"},
		{"version", "extra"},
	} {
		code, _, stderr := run(t, "", args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, ExitUsage, stderr)
		}
		if stderr == "" {
			t.Errorf("%v: no message", args)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "", "version")
	if code != ExitOK || !strings.HasPrefix(out, "triangulate ") {
		t.Fatalf("exit %d out %q", code, out)
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{"TRIANGULATE_FORMAT": "json", "TRIANGULATE_WORKERS": "3", "TRIANGULATE_MAX_DOC_BYTES": "x", "TRIANGULATE_COPY_WINDOW": "48h"}
	c := configFromEnv(func(k string) string { return env[k] })
	if c.Format != "json" || c.Workers != 3 || c.MaxDocBytes != 0 || c.CopyWindow != 48*time.Hour {
		t.Errorf("config = %+v", c)
	}
	env["TRIANGULATE_COPY_WINDOW"] = "a month"
	if c := configFromEnv(func(k string) string { return env[k] }); c.CopyWindow != defaultCopyWindow {
		t.Errorf("unparsable TRIANGULATE_COPY_WINDOW: window %v, want the default", c.CopyWindow)
	}
}

// TestCopyWindow: a reprint published 60 days after its original is not
// linked by default (30 days), and is with --copy-window 0 or 90 days.
func TestCopyWindow(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(seeds, "002_4f741bc833aec211.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i, date := range []string{"2023-01-17", "2023-03-18"} {
		b, _ := json.Marshal(map[string]string{"url": fmt.Sprintf("https://example.com/%d", i),
			"title": "Russia desperate", "published": date, "text": string(body)})
		lines = append(lines, string(b))
	}
	in := strings.Join(lines, "\n") + "\n"
	tests := []struct {
		args  []string
		links int
	}{
		{nil, 0},
		{[]string{"--copy-window", "0"}, 1},
		{[]string{"--copy-window", "2160h"}, 1},
	}
	for _, tc := range tests {
		args := append([]string{"analyze", "-f", "json"}, tc.args...)
		code, out, stderr := run(t, in, append(args, "-")...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		var rep struct {
			Copies []json.RawMessage `json:"copies"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Copies) != tc.links {
			t.Errorf("%v: %d copy links, want %d", tc.args, len(rep.Copies), tc.links)
		}
	}
}

// TestURLs: a URL on loopback is refused without --allow-private, with
// the flag named in the message, and fetched with it.
func TestURLs(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(seeds, "002_4f741bc833aec211.txt"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>Russia desperate</title></head><body><article><p>%s</p></article></body></html>",
			strings.ReplaceAll(html.EscapeString(string(page)), "\n\n", "</p><p>"))
	}))
	defer srv.Close()

	code, _, stderr := run(t, "", "analyze", "-f", "json", srv.URL+"/a")
	if code != ExitFailure || !strings.Contains(stderr, "--allow-private") {
		t.Errorf("without --allow-private: exit %d, stderr %q", code, stderr)
	}
	code, out, stderr := run(t, "", "analyze", "-f", "json", "--allow-private", srv.URL+"/a")
	if code != ExitOK || !strings.Contains(out, "Kahl said") {
		t.Errorf("with --allow-private: exit %d, stderr %q", code, stderr)
	}
}

// TestIngestIdempotent: ingesting the corpus twice stores it once and
// leaves one analysed story whose report cites the stored articles.
func TestIngestIdempotent(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	code, _, stderr := run(t, "", "ingest", "--db", db, seeds)
	if code != ExitOK || !strings.Contains(stderr, "(5 new, 0 already stored); 1 stories") {
		t.Fatalf("first ingest: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, "", "ingest", "--db", db, seeds)
	if code != ExitOK || !strings.Contains(stderr, "(0 new, 5 already stored)") {
		t.Fatalf("second ingest: exit %d, stderr %q", code, stderr)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stories, err := st.Stories(ctx, news.Page{})
	if err != nil || len(stories) != 1 {
		t.Fatalf("stories %v, %v", stories, err)
	}
	_, rep, err := st.Story(ctx, stories[0].ID)
	if err != nil || len(rep.Articles) != 5 || len(rep.Copies) != 1 || len(rep.Entities) == 0 {
		t.Fatalf("story report: %v; %d articles, %d copies, %d entities", err, len(rep.Articles), len(rep.Copies), len(rep.Entities))
	}
}

// TestServeIngest: the server's ingest hook stores a posted article and
// analyses it; an article without text is the client's error.
func TestServeIngest(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in := &ingester{st: st}
	body, err := os.ReadFile(filepath.Join(seeds, "004_dde206bdf90973aa.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := in.one(ctx, news.RawDoc{Source: "POST", Kind: news.KindText, Content: body})
	if err != nil || a.ID == "" || a.Outlet != "The Northern Advocate" {
		t.Fatalf("one: %+v, %v", a, err)
	}
	if stories, err := st.Stories(ctx, news.Page{}); err != nil || len(stories) != 1 {
		t.Fatalf("stories after post: %v, %v", stories, err)
	}
	_, err = in.one(ctx, news.RawDoc{Source: "POST", Kind: news.KindHTML, Content: []byte("<html><body></body></html>")})
	if !errors.Is(err, web.ErrInvalid) {
		t.Fatalf("empty page: err = %v, want web.ErrInvalid", err)
	}
}

// TestScaleOutCommandErrors: the scaled-out commands fail clearly, with
// usage errors for missing or bad flags and a runtime error naming the
// server it could not reach.
func TestScaleOutCommandErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"worker"}, ExitUsage, "no --nats URL"},
		{[]string{"worker", "--nats", "nats://127.0.0.1:1", "--stage", "bogus"}, ExitUsage, `unknown stage "bogus"`},
		{[]string{"ingest", "--nats", "nats://127.0.0.1:1", seeds}, ExitFailure, "nats://127.0.0.1:1"},
	} {
		t.Setenv("TRIANGULATE_NATS", "")
		code, _, stderr := run(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe to read while a command writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDevCluster starts the embedded NATS server, waits for it to print
// its URL and the commands to run, and stops it like Ctrl-C would.
func TestDevCluster(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l, err := net.Listen("tcp", "127.0.0.1:0") // a free port for the server
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	var out, errb lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"dev-cluster", "--port", port, "--dir", t.TempDir()}, strings.NewReader(""), &out, &errb)
	}()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(out.String(), "triangulate worker --nats nats://127.0.0.1:") {
		select {
		case code := <-done:
			t.Fatalf("dev-cluster exited %d early: %s %s", code, out.String(), errb.String())
		case <-deadline:
			t.Fatalf("no URL printed in 30 s: %q %q", out.String(), errb.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Errorf("exit %d after cancel: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("dev-cluster did not stop on cancel")
	}
}
