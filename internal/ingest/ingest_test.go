package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// read runs ReadInput on content written to a file named name and collects
// what it emits and reports.
func read(t *testing.T, name string, content []byte, opts Options) (docs []news.RawDoc, fails []error, err error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	err = ReadInput(context.Background(), path, nil, opts,
		func(d news.RawDoc) error { docs = append(docs, d); return nil },
		func(e error) { fails = append(fails, e) })
	return docs, fails, err
}

func TestReadInputWholeDocuments(t *testing.T) {
	const article = "Iran has become one of Russia’s top military backers.\nThe ministry said so on Saturday.\n"
	truncatedGzip := gz(t, []byte("<html><body><p>"+strings.Repeat("Iran sent drones. ", 2000)))
	truncatedGzip = truncatedGzip[:len(truncatedGzip)/2]
	cut := []byte("Russia’")
	cut = cut[:len(cut)-1]
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "Hello Kyiv" {
		utf16 = append(utf16, byte(r), 0)
	}
	ctrl := bytes.Repeat([]byte{'a', 0x01, 0x02, 0x03}, 100)

	tests := []struct {
		name     string
		file     string
		content  []byte
		opts     Options
		kind     news.DocKind
		want     string // substring of the emitted content
		notWant  string // must not appear in the content
		wantErr  error  // sentinel; nil means success
		wantMsg  string // exact error message after the path prefix
		anyError bool   // an error of no particular sentinel
	}{
		{name: "plain text", file: "a.txt", content: []byte(article), kind: news.KindText, want: "Russia’s top"},
		{name: "text by content despite .html", file: "a.html", content: []byte(article), kind: news.KindText, want: "Saturday"},
		{name: "html by content despite .txt", file: "a.txt", content: []byte("<!DOCTYPE html><html><body><p>Hi</p></body></html>"), kind: news.KindHTML, want: "<p>Hi</p>"},
		{name: "html after comment", file: "a", content: []byte("<!-- saved from url -->\n<html><p>x</p>"), kind: news.KindHTML, want: "<p>x</p>"},
		{name: "html fragment by tag density", file: "frag", content: []byte("<div class=\"story\"><p>Iran sent drones.</p><p>Russia used them.</p></div>"), kind: news.KindHTML, want: "Russia used"},
		{name: "text with angle brackets", file: "t", content: []byte("If 3 < 4 and 5 > 2 then maths works, said nobody in this long paragraph of text."), kind: news.KindText, want: "3 < 4"},
		{name: "utf-8 bom stripped", file: "bom.txt", content: append([]byte{0xef, 0xbb, 0xbf}, article...), kind: news.KindText, want: article},
		{name: "utf-16 with bom decoded", file: "u16.txt", content: utf16, kind: news.KindText, want: "Hello Kyiv"},
		{name: "truncated html is fine", file: "t.html", content: []byte("<html><head><title>Drones</title></head><body><p>Iran sent drones to Rus"), kind: news.KindHTML, want: "to Rus"},
		{name: "cut in the last character", file: "cut.txt", content: cut, kind: news.KindText, want: "Russia", notWant: "\uFFFD"},
		{name: "latin-1 html with meta charset", file: "l1.html", content: []byte("<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9 cr\xe8me</body></html>"), kind: news.KindHTML, want: "café crème"},
		{name: "cp1251 html with http-equiv", file: "ru.html", content: []byte("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>"), kind: news.KindHTML, want: "Привет"},
		{name: "xml declaration encoding", file: "x.xhtml", content: []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<html><body>na\xefve</body></html>"), kind: news.KindHTML, want: "naïve"},
		{name: "declared utf-8 with stray byte", file: "s.html", content: []byte("<html><head><meta charset=utf-8></head><body>it\x92s</body></html>"), kind: news.KindHTML, want: "it\uFFFDs"},
		{name: "gzip of html", file: "page.gz", content: gz(t, []byte("<html><body><p>Shahed-136</p></body></html>")), kind: news.KindHTML, want: "Shahed-136"},
		{name: "gzip of text", file: "a.txt.gz", content: gz(t, []byte(article)), kind: news.KindText, want: "ministry"},
		{name: "truncated gzip keeps what decompressed", file: "cut.gz", content: truncatedGzip, kind: news.KindHTML, want: "Iran sent drones."},

		{name: "binary", file: "blob.bin", content: []byte("PK\x03\x04\x00\x00binary"), wantErr: ErrBinary, wantMsg: "binary file (NUL bytes), not a text or HTML document"},
		{name: "control bytes without NUL", file: "ctl", content: ctrl, wantErr: ErrBinary, wantMsg: "binary file (mostly control bytes), not a text or HTML document"},
		{name: "empty", file: "e.txt", content: nil, wantErr: ErrEmpty, wantMsg: "empty document"},
		{name: "whitespace only", file: "w.txt", content: []byte(" \n\t\r\n  "), wantErr: ErrEmpty},
		{name: "bom only", file: "b.txt", content: []byte{0xef, 0xbb, 0xbf, '\n'}, wantErr: ErrEmpty},
		{name: "latin-1 text", file: "l1.txt", content: []byte("caf\xe9 au lait, na\xefve"), wantErr: ErrNotUTF8, wantMsg: "not UTF-8 and no charset declared"},
		{name: "latin-1 html without charset", file: "l1.html", content: []byte("<html><body>caf\xe9</body></html>"), wantErr: ErrNotUTF8},
		{name: "unknown declared charset", file: "k.html", content: []byte("<html><meta charset=klingon><body>caf\xe9</body></html>"), wantErr: ErrNotUTF8, wantMsg: `not UTF-8, and the declared charset "klingon" is unknown`},
		{name: "gzip bomb hits the limit", file: "bomb.gz", content: gz(t, bytes.Repeat([]byte("a"), 8<<20)), opts: Options{MaxDocBytes: 1 << 20}, wantErr: ErrTooLarge, wantMsg: "too large: decompressed size exceeds the 1 MiB limit"},
		{name: "gzip of binary", file: "bin.gz", content: gz(t, []byte("\x00\x01\x02")), wantErr: ErrBinary},
		{name: "corrupt gzip", file: "bad.gz", content: []byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 'j', 'u', 'n', 'k'}, anyError: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, fails, err := read(t, tt.file, tt.content, tt.opts)
			if len(fails) != 0 {
				t.Errorf("unexpected per-document failures: %v", fails)
			}
			if tt.wantErr != nil || tt.anyError {
				if err == nil {
					t.Fatalf("want error %v, got docs %q", tt.wantErr, docs)
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %q is not %v", err, tt.wantErr)
				}
				var ie *Error
				if !errors.As(err, &ie) || filepath.Base(ie.Source) != tt.file || ie.Line != 0 {
					t.Fatalf("error %#v does not name the input %s", err, tt.file)
				}
				if tt.wantMsg != "" && err.Error() != ie.Source+": "+tt.wantMsg {
					t.Errorf("message = %q, want %q", err.Error(), ie.Source+": "+tt.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(docs) != 1 {
				t.Fatalf("got %d docs, want 1", len(docs))
			}
			d := docs[0]
			if d.Kind != tt.kind {
				t.Errorf("kind = %s, want %s", d.Kind, tt.kind)
			}
			if filepath.Base(d.Source) != tt.file {
				t.Errorf("source = %s", d.Source)
			}
			if !utf8.Valid(d.Content) {
				t.Errorf("content is not valid UTF-8: %q", d.Content)
			}
			if bytes.HasPrefix(d.Content, bomUTF8) {
				t.Errorf("BOM kept")
			}
			if !bytes.Contains(d.Content, []byte(tt.want)) {
				t.Errorf("content %q lacks %q", d.Content, tt.want)
			}
			if tt.notWant != "" && bytes.Contains(d.Content, []byte(tt.notWant)) {
				t.Errorf("content %q holds %q", d.Content, tt.notWant)
			}
		})
	}
}

func TestReadInputTooLargeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: 50 MiB that cost no disk and no time to write. Its content
	// (NUL bytes) would be rejected as binary, so the error proves the size
	// check came first, without reading.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	called := false
	err = ReadInput(context.Background(), path, nil, Options{}, func(news.RawDoc) error { called = true; return nil }, nil)
	if !errors.Is(err, ErrTooLarge) || called {
		t.Fatalf("err = %v, emitted = %v; want ErrTooLarge", err, called)
	}
	if want := path + ": too large: 50.0 MiB exceeds the 16 MiB limit"; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestReadInputJSONL(t *testing.T) {
	good := func(i int) string {
		return fmt.Sprintf(`{"url":"https://example.com/%d","title":"T%d","published":"2022-12-10","text":"Body %d."}`, i, i, i)
	}
	lines := []string{
		good(1),
		`{"url":"https://example.com/h","html":"<p>Hi</p>","text":"ignored"}`,
		`{"url":"https://example.com/broken","text":"cut`, // line 3: malformed
		"",                                      // line 4: blank, skipped silently
		`{"url":"https://x","title":"no body"}`, // line 5: no html/text
		`{"text":"   "}`,                        // line 6: blank body
		`[1,2,3]`,                               // line 7: not an object
		good(8),
		`{"text":"` + strings.Repeat("x", 3000) + `"}`, // line 9: over the per-line limit below
		good(10),
	}
	content := strings.Join(lines, "\n") // no final newline: the last line still counts
	type want struct {
		source, url, title, published string
		kind                          news.DocKind
		content                       string
	}
	wantDocs := []want{
		{":1", "https://example.com/1", "T1", "2022-12-10", news.KindText, "Body 1."},
		{":2", "https://example.com/h", "", "", news.KindHTML, "<p>Hi</p>"},
		{":8", "https://example.com/8", "T8", "2022-12-10", news.KindText, "Body 8."},
		{":10", "https://example.com/10", "T10", "2022-12-10", news.KindText, "Body 10."},
	}
	wantFails := []struct {
		line int
		err  error
		msg  string
	}{
		{3, ErrMalformed, "malformed JSON: unexpected end of JSON input"},
		{5, ErrEmpty, `empty document: the record has no "html" or "text" field`},
		{6, ErrEmpty, ""},
		{7, ErrMalformed, "malformed JSON: not a JSON object"},
		{9, ErrTooLarge, "too large: line exceeds the 2 KiB limit"},
	}
	for _, variant := range []struct {
		name    string
		file    string
		content []byte
	}{
		{"plain", "f.jsonl", []byte(content)},
		{"gzip", "f.jsonl", gz(t, []byte(content))},
		{"crlf and bom", "f.jsonl", append([]byte{0xef, 0xbb, 0xbf}, strings.ReplaceAll(content, "\n", "\r\n")...)},
		{"detected by content", "feed.txt", []byte(content)},
	} {
		t.Run(variant.name, func(t *testing.T) {
			docs, fails, err := read(t, variant.file, variant.content, Options{MaxDocBytes: 2 << 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != len(wantDocs) {
				t.Fatalf("got %d docs, want %d: %+v", len(docs), len(wantDocs), docs)
			}
			for i, w := range wantDocs {
				d := docs[i]
				if filepath.Base(d.Source) != variant.file+w.source || d.URL != w.url || d.Title != w.title ||
					d.Published != w.published || d.Kind != w.kind || string(d.Content) != w.content {
					t.Errorf("doc %d = %+v (content %q), want %+v", i, d, d.Content, w)
				}
			}
			if len(fails) != len(wantFails) {
				t.Fatalf("got %d failures %v, want %d", len(fails), fails, len(wantFails))
			}
			for i, w := range wantFails {
				var ie *Error
				if !errors.As(fails[i], &ie) || ie.Line != w.line || !errors.Is(fails[i], w.err) {
					t.Errorf("failure %d = %v, want line %d %v", i, fails[i], w.line, w.err)
					continue
				}
				if w.msg != "" && fails[i].Error() != fmt.Sprintf("%s:%d: %s", ie.Source, w.line, w.msg) {
					t.Errorf("failure %d message = %q, want ...:%d: %s", i, fails[i], w.line, w.msg)
				}
			}
		})
	}
}

func TestReadInputJSONLBrokenFirstLine(t *testing.T) {
	// A broken first record must not turn the whole feed into one text
	// document.
	content := `{"url":"a","text":"unterminated` + "\n" + `{"text":"Second."}` + "\n"
	docs, fails, err := read(t, "feed", []byte(content), Options{})
	if err != nil || len(docs) != 1 || len(fails) != 1 || string(docs[0].Content) != "Second." {
		t.Fatalf("docs %+v fails %v err %v", docs, fails, err)
	}
}

func TestReadInputStdin(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		sources []string
	}{
		{"text", "Kyiv was hit.\n", []string{"-"}},
		{"jsonl", `{"text":"a"}` + "\n" + `{"html":"<p>b</p>"}` + "\n", []string{"-:1", "-:2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := ReadInput(context.Background(), "-", strings.NewReader(tt.in), Options{},
				func(d news.RawDoc) error { got = append(got, d.Source); return nil }, nil)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, ",") != strings.Join(tt.sources, ",") {
				t.Errorf("sources = %v, want %v", got, tt.sources)
			}
		})
	}
	t.Run("too large", func(t *testing.T) {
		err := ReadInput(context.Background(), "-", strings.NewReader(strings.Repeat("word ", 1000)), Options{MaxDocBytes: 1000},
			func(news.RawDoc) error { return nil }, nil)
		if !errors.Is(err, ErrTooLarge) || err.Error() != "-: too large: exceeds the 1000 bytes limit" {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("nil stdin", func(t *testing.T) {
		if err := ReadInput(context.Background(), "-", nil, Options{}, func(news.RawDoc) error { return nil }, nil); err == nil {
			t.Error("want an error")
		}
	})
}

func TestReadInputErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.jsonl")
	if err := os.WriteFile(file, []byte(`{"text":"a"}`+"\n"+`{"text":"b"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		input   string
		emitErr error
		want    error
	}{
		{"missing file", context.Background(), filepath.Join(dir, "nope.txt"), nil, fs.ErrNotExist},
		{"directory", context.Background(), dir, nil, nil},
		{"emit error is returned as is", context.Background(), file, stop, stop},
		{"cancelled", cancelled, file, nil, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			err := ReadInput(tt.ctx, tt.input, nil, Options{}, func(news.RawDoc) error { n++; return tt.emitErr }, nil)
			if err == nil {
				t.Fatal("want an error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if tt.emitErr != nil && (err != tt.emitErr || n != 1) {
				t.Errorf("err = %v after %d docs, want emit's own error after 1", err, n)
			}
			if tt.emitErr == nil && !strings.HasPrefix(err.Error(), tt.input+": ") && !strings.HasPrefix(err.Error(), tt.input+":1: ") {
				t.Errorf("error %q does not name %s", err, tt.input)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	root := t.TempDir()
	files := []string{"b.txt", "A.txt", "a.html", "sub/c.jsonl", "sub/z/d.txt", "sub/y.txt.gz",
		".hidden/x.txt", ".dot.txt", "sub/.git/config", "other/e.txt", "q[1].txt", "README.md", "sub/LICENSE"}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "b.txt"), filepath.Join(root, "other", "link.txt")); err != nil {
		t.Fatal(err)
	}
	p := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }

	tests := []struct {
		name    string
		args    []string
		want    []string
		errSrcs []string // the Source of each error, in order
		errIs   []error
	}{
		{"directory in lexical order without hidden entries", []string{root},
			[]string{"A.txt", "a.html", "b.txt", "other/e.txt", "other/link.txt", "q[1].txt", "sub/c.jsonl", "sub/y.txt.gz", "sub/z/d.txt"}, nil, nil},
		{"single file", []string{p("sub/z/d.txt")}, []string{"sub/z/d.txt"}, nil, nil},
		{"corpus note named explicitly", []string{p("README.md")}, []string{"README.md"}, nil, nil},
		{"hidden file named explicitly", []string{p(".dot.txt")}, []string{".dot.txt"}, nil, nil},
		{"unexpanded glob", []string{p("*.txt")}, []string{"A.txt", "b.txt", "q[1].txt"}, nil, nil},
		{"glob asking for hidden", []string{p(".*.txt")}, []string{".dot.txt"}, nil, nil},
		{"glob matching a directory", []string{p("s*")}, []string{"sub/c.jsonl", "sub/y.txt.gz", "sub/z/d.txt"}, nil, nil},
		{"literal name with brackets wins over pattern", []string{p("q[1].txt")}, []string{"q[1].txt"}, nil, nil},
		{"stdin and duplicates", []string{"-", p("b.txt"), p("./b.txt"), "-", p("*.html")}, []string{"-", "b.txt", "a.html"}, nil, nil},
		{"missing path and no match, others still expand", []string{p("nope.txt"), p("a.html"), p("*.xml"), p("other")},
			[]string{"a.html", "other/e.txt", "other/link.txt"}, []string{p("nope.txt"), p("*.xml")}, []error{fs.ErrNotExist, ErrNoMatch}},
		{"bad pattern", []string{p("[")}, nil, []string{p("[")}, []error{nil}},
		{"empty directory", []string{p("empty")}, nil, []string{p("empty")}, []error{nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := Expand(tt.args)
			var want []string
			for _, w := range tt.want {
				if w == "-" {
					want = append(want, w)
				} else {
					want = append(want, p(w))
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("inputs =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if len(errs) != len(tt.errSrcs) {
				t.Fatalf("errs = %v, want %d", errs, len(tt.errSrcs))
			}
			for i, e := range errs {
				var ie *Error
				if !errors.As(e, &ie) || ie.Source != tt.errSrcs[i] {
					t.Errorf("error %v does not name %s", e, tt.errSrcs[i])
				}
				if tt.errIs[i] != nil && !errors.Is(e, tt.errIs[i]) {
					t.Errorf("error %v is not %v", e, tt.errIs[i])
				}
			}
		})
	}
}

func FuzzReadInput(f *testing.F) {
	seeds := []string{
		"", "plain text\n", "<html><body>x</body></html>", `{"text":"a"}` + "\n" + `{"html":"<p>b</p>"}`,
		`{"text":"a"`, "\x00\x01", "caf\xe9", "<meta charset=latin1><html>caf\xe9", "\xef\xbb\xbf{\"text\":\"x\"}",
		"\x1f\x8b", "\xff\xfeh\x00i\x00",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add(gz(f, []byte(`{"text":"zipped"}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		var docs []news.RawDoc
		var fails []error
		err := ReadInput(context.Background(), "-", bytes.NewReader(data), Options{MaxDocBytes: 1 << 16},
			func(d news.RawDoc) error { docs = append(docs, d); return nil },
			func(e error) { fails = append(fails, e) })
		var ie *Error
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("error %v is not an *Error", err)
		}
		for _, e := range fails {
			if !errors.As(e, &ie) || ie.Line < 1 {
				t.Fatalf("failure %v has no line", e)
			}
		}
		for _, d := range docs {
			if d.Kind != news.KindHTML && d.Kind != news.KindText {
				t.Fatalf("kind %q", d.Kind)
			}
			if !utf8.Valid(d.Content) || len(bytes.TrimSpace(d.Content)) == 0 || bytes.IndexByte(d.Content, 0) >= 0 {
				t.Fatalf("bad content %q", d.Content)
			}
		}
	})
}

func BenchmarkReadInputJSONL(b *testing.B) {
	var buf bytes.Buffer
	body := strings.Repeat("Iran has become one of Russia’s top military backers, the ministry said. ", 40)
	for i := range 1000 {
		fmt.Fprintf(&buf, `{"url":"https://example.com/%d","title":"Story %d","published":"2022-12-10","text":%q}`+"\n", i, i, body)
	}
	path := filepath.Join(b.TempDir(), "bench.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := ReadInput(context.Background(), path, nil, Options{}, func(news.RawDoc) error { n++; return nil }, nil)
		if err != nil || n != 1000 {
			b.Fatal(err, n)
		}
	}
}
