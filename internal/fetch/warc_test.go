package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

// record builds one WARC record as crawlers write it.
func record(typ, uri, contentType, block string) string {
	var b strings.Builder
	b.WriteString("WARC/1.1\r\n")
	fmt.Fprintf(&b, "WARC-Type: %s\r\n", typ)
	b.WriteString("WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n")
	b.WriteString("WARC-Date: 2024-03-05T10:00:00Z\r\n")
	if uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", uri)
	}
	fmt.Fprintf(&b, "Content-Type: %s\r\n", contentType)
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(block))
	b.WriteString(block)
	b.WriteString("\r\n\r\n")
	return b.String()
}

func httpResponse(status, contentType, body string, headers ...string) string {
	h := "HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\n"
	for _, x := range headers {
		h += x + "\r\n"
	}
	return h + "\r\n" + body
}

func warcResponse(uri, status, contentType, body string, headers ...string) string {
	return record("response", uri, "application/http; msgtype=response", httpResponse(status, contentType, body, headers...))
}

// sampleWARC is the brief's case: an HTML response, a non-HTML response, a
// request and a 404, around a warcinfo record; only record 3 is an article.
func sampleWARC() []string {
	return []string{
		record("warcinfo", "", "application/warc-fields", "software: test\r\nformat: WARC File Format 1.1\r\n"),
		record("request", "https://news.example/a", "application/http; msgtype=request", "GET /a HTTP/1.1\r\nHost: news.example\r\nUser-Agent: crawler\r\n\r\n"),
		warcResponse("https://news.example/a", "200 OK", "text/html; charset=utf-8", page("Story A", "Archived body of story A")),
		warcResponse("https://news.example/logo.png", "200 OK", "image/png", "\x89PNG\r\n\x1a\nxxxx"),
		warcResponse("https://news.example/gone", "404 Not Found", "text/html", page("Not found", "nothing here")),
	}
}

func gz(parts ...string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	for _, p := range parts {
		zw.Write([]byte(p))
	}
	zw.Close()
	return b.Bytes()
}

type encoding int

const (
	plain encoding = iota
	gzipPerRecord
	gzipWhole
)

func (e encoding) String() string { return [...]string{"plain", "gzip per record", "gzip whole"}[e] }

func encode(enc encoding, recs []string) []byte {
	switch enc {
	case gzipPerRecord:
		var out []byte
		for _, r := range recs {
			out = append(out, gz(r)...)
		}
		return out
	case gzipWhole:
		return gz(recs...)
	}
	return []byte(strings.Join(recs, ""))
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readAll(t *testing.T, path string, opts Options) ([]news.RawDoc, []error, error) {
	t.Helper()
	var docs []news.RawDoc
	var fails []error
	err := ReadWARC(context.Background(), path, opts, func(d news.RawDoc) error {
		docs = append(docs, d)
		return nil
	}, func(err error) { fails = append(fails, err) })
	return docs, fails, err
}

func TestReadWARC(t *testing.T) {
	for _, enc := range []encoding{plain, gzipPerRecord, gzipWhole} {
		t.Run(enc.String(), func(t *testing.T) {
			path := writeFile(t, "crawl.warc.gz", encode(enc, sampleWARC()))
			if ok, err := IsWARC(path); !ok || err != nil {
				t.Fatalf("IsWARC = %v, %v", ok, err)
			}
			docs, fails, err := readAll(t, path, Options{})
			if err != nil || len(fails) != 0 {
				t.Fatalf("err %v, fails %v", err, fails)
			}
			if len(docs) != 1 {
				t.Fatalf("got %d docs, want exactly 1", len(docs))
			}
			d := docs[0]
			if d.Source != path+"#3" || d.URL != "https://news.example/a" || d.Kind != news.KindHTML || d.Published != "" || d.Title != "" {
				t.Errorf("doc = %+v", news.RawDoc{Source: d.Source, URL: d.URL, Kind: d.Kind, Published: d.Published, Title: d.Title})
			}
			if !strings.Contains(string(d.Content), "Archived body of story A") || strings.Contains(string(d.Content), "HTTP/1.1") {
				t.Errorf("content is not the payload: %q", d.Content)
			}
		})
	}
}

func TestReadWARCPayloads(t *testing.T) {
	body := page("Story B", "Payload marker B")
	var chunked strings.Builder
	for i := 0; i < len(body); i += 40 {
		part := body[i:min(i+40, len(body))]
		fmt.Fprintf(&chunked, "%x\r\n%s\r\n", len(part), part)
	}
	chunked.WriteString("0\r\n\r\n")
	zipped := string(gz(body))

	tests := []struct {
		name     string
		rec      string
		maxBytes int64
		wantDoc  string // marker, or "" for no document
		wantFail error
	}{
		{"plain", warcResponse("https://x/b", "200 OK", "text/html", body), 0, "Payload marker B", nil},
		{"XHTML", warcResponse("https://x/b", "200 OK", "application/xhtml+xml", body), 0, "Payload marker B", nil},
		{"chunked", warcResponse("https://x/b", "200 OK", "text/html", chunked.String(), "Transfer-Encoding: chunked"), 0, "Payload marker B", nil},
		{"gzip-encoded", warcResponse("https://x/b", "200 OK", "text/html", zipped, "Content-Encoding: gzip"), 0, "Payload marker B", nil},
		{"de-chunked with a stale header", warcResponse("https://x/b", "200 OK", "text/html", body, "Transfer-Encoding: chunked"), 0, "Payload marker B", nil},
		{"declared charset", warcResponse("https://x/b", "200 OK", "text/html; charset=iso-8859-1", "<html><body><p>Caf\xe9</p></body></html>"), 0, "Café", nil},
		{"target URI in angle brackets (WARC 1.0)", strings.Replace(warcResponse("<https://x/b>", "200 OK", "text/html", body), "WARC/1.1", "WARC/1.0", 1), 0, "Payload marker B", nil},
		{"redirect", warcResponse("https://x/b", "301 Moved Permanently", "text/html", body, "Location: https://x/c"), 0, "", nil},
		{"revisit", record("revisit", "https://x/b", "application/http; msgtype=response", httpResponse("200 OK", "text/html", "")), 0, "", nil},
		{"resource, not a response", record("resource", "https://x/b", "text/html", body), 0, "", nil},
		{"over the size limit", warcResponse("https://x/b", "200 OK", "text/html", body), 50, "", ErrTooLarge},
		{"far over the size limit", warcResponse("https://x/b", "200 OK", "text/html", page("big", strings.Repeat("word ", 100<<10))), 50, "", ErrTooLarge},
		{"far over the size limit, not HTML", warcResponse("https://x/b", "200 OK", "video/mp4", strings.Repeat("v", 400<<10)), 50, "", nil},
		{"gzip bomb over the limit", warcResponse("https://x/b", "200 OK", "text/html", string(gz(strings.Repeat("<p>a</p>", 10000))), "Content-Encoding: gzip"), 1000, "", ErrTooLarge},
		{"unknown content encoding", warcResponse("https://x/b", "200 OK", "text/html", body, "Content-Encoding: br"), 0, "", errUnknown},
		{"broken HTTP message", record("response", "https://x/b", "application/http; msgtype=response", "not http at all\r\n\r\n"), 0, "", errUnknown},
		{"binary labelled HTML", warcResponse("https://x/b", "200 OK", "text/html", "\x00\x01\x02binary"), 0, "", ErrBinary},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs := []string{tc.rec, warcResponse("https://x/after", "200 OK", "text/html", "<p>after</p>")}
			path := writeFile(t, "t.warc", encode(plain, recs))
			docs, fails, err := readAll(t, path, Options{MaxBytes: tc.maxBytes})
			if err != nil {
				t.Fatal(err)
			}
			// The record after is always read: a bad payload does not stop
			// the file.
			if len(docs) == 0 || docs[len(docs)-1].Source != path+"#2" {
				t.Fatalf("the record after was not read: %d docs", len(docs))
			}
			docs = docs[:len(docs)-1]
			if tc.wantDoc == "" {
				if len(docs) != 0 {
					t.Errorf("got a document: %q", docs[0].Content)
				}
			} else if len(docs) != 1 || !strings.Contains(string(docs[0].Content), tc.wantDoc) || docs[0].Source != path+"#1" {
				t.Errorf("want one document #1 with %q, got %d", tc.wantDoc, len(docs))
			}
			switch {
			case tc.wantFail == nil && len(fails) > 0:
				t.Errorf("unexpected fails %v", fails)
			case tc.wantFail != nil && len(fails) != 1:
				t.Errorf("fails %v, want one", fails)
			case tc.wantFail != nil && tc.wantFail != errUnknown && !errors.Is(fails[0], tc.wantFail):
				t.Errorf("fail %v, want %v", fails[0], tc.wantFail)
			case tc.wantFail != nil && !strings.HasPrefix(fails[0].Error(), path+"#1: "):
				t.Errorf("fail %q does not name the record", fails[0])
			}
		})
	}
}

// errUnknown stands for "some error" where the exact cause is the
// standard library's wording.
var errUnknown = errors.New("any")

func TestReadWARCBroken(t *testing.T) {
	recs := sampleWARC()
	whole := strings.Join(recs, "")
	cut := len(recs[0]) + len(recs[1]) + len(recs[2])/2 // the middle of record 3's block
	tests := []struct {
		name    string
		data    []byte
		wantRec string // "#N", or "" for the file as a whole
		wantMsg string
	}{
		{"truncated", []byte(whole[:cut]), "#3", "truncated"},
		{"truncated gzip per record", append(encode(gzipPerRecord, recs[:2]), gz(recs[2])[:40]...), "#3", "truncated"},
		{"truncated in a header", []byte(whole[:len(recs[0])+10]), "#2", "truncated"},
		{"no Content-Length", []byte(recs[0] + strings.Replace(recs[1], "Content-Length", "X-Length", 1)), "#2", "without Content-Length"},
		{"bad Content-Length", []byte(recs[0] + strings.Replace(recs[1], "Content-Length: ", "Content-Length: -", 1)), "#2", "bad Content-Length"},
		{"block longer than declared", []byte(recs[0] + strings.Replace(recs[1], "Content-Length: ", "Content-Length: 1", 1)), "#2", "truncated"},
		{"garbage between records", []byte(recs[0] + "junk\r\n" + recs[1]), "#2", "expected a WARC version line"},
		{"corrupt gzip", append(encode(gzipPerRecord, recs[:1]), []byte("\x1f\x8b\x08\x00garbage")...), "#2", "gzip"},
		{"not a WARC file", []byte(page("t", "x")), "", "not a WARC file"},
		{"empty", nil, "", "not a WARC file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "bad.warc.gz", tc.data)
			_, _, err := readAll(t, path, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrWARC) || !strings.HasPrefix(err.Error(), path+tc.wantRec+": ") || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q, want ErrWARC naming %s%s and %q", err, filepath.Base(path), tc.wantRec, tc.wantMsg)
			}
		})
	}
	if _, _, err := readAll(t, filepath.Join(t.TempDir(), "missing.warc"), Options{}); err == nil || !strings.Contains(err.Error(), "missing.warc") {
		t.Errorf("missing file: %v", err)
	}
}

func TestReadWARCStopsOnEmitError(t *testing.T) {
	recs := sampleWARC()
	path := writeFile(t, "x.warc", encode(plain, append(recs, recs[2])))
	stop := errors.New("stop")
	calls := 0
	err := ReadWARC(context.Background(), path, Options{}, func(news.RawDoc) error { calls++; return stop }, nil)
	if err != stop || calls != 1 {
		t.Errorf("err %v after %d calls, want the emit error after 1", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ReadWARC(ctx, path, Options{}, func(news.RawDoc) error { return nil }, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestIsWARC(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"plain", []byte(sampleWARC()[0]), true},
		{"gzip", gz(sampleWARC()[0]), true},
		{"WARC 1.0", []byte("WARC/1.0\r\n"), true},
		{"HTML", []byte(page("t", "x")), false},
		{"gzipped HTML", gz(page("t", "x")), false},
		{"WARC inside text", []byte(" WARC/1.1\r\n"), false},
		{"empty", nil, false},
		{"broken gzip", []byte{0x1f, 0x8b, 0x00}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := IsWARC(writeFile(t, "f", tc.data))
			if err != nil || got != tc.want {
				t.Errorf("IsWARC = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	if _, err := IsWARC(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("IsWARC of a missing file: no error")
	}
}

func FuzzReadWARC(f *testing.F) {
	recs := sampleWARC()
	for _, enc := range []encoding{plain, gzipPerRecord, gzipWhole} {
		f.Add(encode(enc, recs))
	}
	whole := strings.Join(recs, "")
	f.Add([]byte(whole[:len(whole)/2]))
	f.Add([]byte("WARC/\n"))
	f.Add([]byte("WARC/1.1\r\nContent-Length: 99999999999\r\n\r\nx"))
	f.Add([]byte(warcResponse("u", "200 OK", "text/html", "<p>x</p>", "Transfer-Encoding: chunked", "Content-Encoding: deflate")))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := readWARC(context.Background(), bytes.NewReader(data), "fuzz.warc", 1<<16, func(d news.RawDoc) error {
			if d.Kind != news.KindHTML || !utf8.Valid(d.Content) || !strings.HasPrefix(d.Source, "fuzz.warc#") {
				t.Fatalf("bad document: kind %q source %q valid UTF-8 %v", d.Kind, d.Source, utf8.Valid(d.Content))
			}
			return nil
		}, func(err error) {
			if !strings.HasPrefix(err.Error(), "fuzz.warc#") {
				t.Fatalf("fail does not name the record: %v", err)
			}
		})
		if err != nil && !strings.HasPrefix(err.Error(), "fuzz.warc") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}

func BenchmarkReadWARC(b *testing.B) {
	var recs []string
	for i := range 200 {
		body := page(fmt.Sprintf("Story %d", i), words("Bench", 800))
		recs = append(recs,
			record("request", "https://news.example/a", "application/http; msgtype=request", "GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n"),
			warcResponse(fmt.Sprintf("https://news.example/%d", i), "200 OK", "text/html; charset=utf-8", body))
	}
	data := encode(gzipPerRecord, recs)
	raw := len(strings.Join(recs, ""))
	b.SetBytes(int64(raw))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := readWARC(context.Background(), bytes.NewReader(data), "bench.warc.gz", DefaultMaxBytes, func(news.RawDoc) error { n++; return nil }, nil)
		if err != nil || n != 200 {
			b.Fatalf("%d docs, %v", n, err)
		}
	}
}
