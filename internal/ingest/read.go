package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"

	"github.com/triangulate/triangulate/internal/news"
)

const (
	// bufSize is the read buffer, and so the most that detection can see
	// before committing to a kind: enough for any HTML head and for the first
	// record of nearly every JSON Lines file.
	bufSize = 64 << 10
	// sniffLen is how much of a document the binary and HTML tests look at;
	// the NUL test covers the whole document.
	sniffLen = 4 << 10
)

// ReadInput reads one input (a path from Expand, or "-" for stdin) and calls
// emit for each document in it: one for an HTML or text file, one per record
// for JSON Lines. Gzip is decompressed first, whatever the file is called.
//
// Per-document problems (a malformed JSON line, a record without html or
// text, a record over the size limit) go to fail, which may be nil, and the
// input carries on. Problems with the whole input (unreadable, binary, too
// large, not UTF-8, empty) are returned as an *Error. An error from emit
// stops reading and is returned as it is, since it is the caller's own.
func ReadInput(ctx context.Context, input string, stdin io.Reader, opts Options, emit func(news.RawDoc) error, fail func(error)) error {
	if err := ctx.Err(); err != nil {
		return &Error{Source: input, Err: err}
	}
	if fail == nil {
		fail = func(error) {}
	}
	limit := opts.maxBytes()

	var r io.Reader
	size := int64(-1) // unknown for pipes and stdin
	if input == Stdin {
		if stdin == nil {
			return &Error{Source: input, Err: errors.New("no standard input")}
		}
		r = stdin
	} else {
		f, err := os.Open(input)
		if err != nil {
			return &Error{Source: input, Err: unwrapPath(err)}
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return &Error{Source: input, Err: unwrapPath(err)}
		}
		if fi.IsDir() {
			return &Error{Source: input, Err: errors.New("is a directory")}
		}
		if fi.Mode().IsRegular() {
			size = fi.Size()
		}
		r = f
	}

	br := bufio.NewReaderSize(r, bufSize)
	compressed := false
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return &Error{Source: input, Err: fmt.Errorf("corrupt gzip: %w", err)}
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, bufSize)
		compressed = true
	}

	head, err := br.Peek(bufSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) &&
		!(compressed && errors.Is(err, io.ErrUnexpectedEOF) && len(head) > 0) {
		return &Error{Source: input, Err: readErr(err, compressed)}
	}
	if looksJSONL(head) {
		return readJSONL(ctx, input, br, compressed, limit, emit, fail)
	}

	// A whole-file document: refuse an oversized file before reading it, and
	// bound the read for streams whose size is unknown (stdin, gzip).
	if size > limit && !compressed {
		return &Error{Source: input, Err: fmt.Errorf("%w: %s exceeds the %s limit", ErrTooLarge, approxSize(size), humanSize(limit))}
	}
	data, err := io.ReadAll(io.LimitReader(br, limit+1))
	if err != nil {
		// A truncated download still holds a readable article; extraction
		// copes with HTML cut short, so keep what was decompressed.
		if !(compressed && errors.Is(err, io.ErrUnexpectedEOF) && len(data) > 0) {
			return &Error{Source: input, Err: readErr(err, compressed)}
		}
	}
	if int64(len(data)) > limit {
		what := "exceeds"
		if compressed {
			what = "decompressed size exceeds"
		}
		return &Error{Source: input, Err: fmt.Errorf("%w: %s the %s limit", ErrTooLarge, what, humanSize(limit))}
	}
	if err := ctx.Err(); err != nil {
		return &Error{Source: input, Err: err}
	}
	kind, content, err := decode(data)
	if err == nil && len(bytes.TrimSpace(content)) == 0 {
		err = ErrEmpty // nothing left once a cut character was dropped
	}
	if err != nil {
		return &Error{Source: input, Err: err}
	}
	return emit(news.RawDoc{Source: input, Kind: kind, Content: content})
}

func readErr(err error, compressed bool) error {
	if compressed {
		return fmt.Errorf("corrupt gzip: %w", err)
	}
	return err
}

// decode turns the bytes of one whole document into UTF-8 content and says
// whether it is HTML or text.
func decode(data []byte) (news.DocKind, []byte, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		// UTF-16 with a byte-order mark (Windows "Unicode" text): its NUL
		// bytes would otherwise read as binary.
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return "", nil, fmt.Errorf("bad UTF-16: %w", err)
		}
		data = out
	}
	if err := checkBinary(data); err != nil {
		return "", nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", nil, ErrEmpty
	}
	kind := news.KindText
	if isHTML(data) {
		kind = news.KindHTML
	}
	if utf8.Valid(data) {
		return kind, data, nil
	}
	if t := trimCutRune(data); utf8.Valid(t) {
		// The file was cut in the middle of its last character.
		return kind, t, nil
	}
	if kind != news.KindHTML {
		return "", nil, ErrNotUTF8
	}
	label := declaredCharset(data)
	if label == "" {
		return "", nil, ErrNotUTF8
	}
	enc, name := charset.Lookup(label)
	if enc == nil {
		return "", nil, &charsetError{label: label}
	}
	if name == "utf-8" {
		// Pages that declare UTF-8 yet hold a few stray bytes (a pasted
		// Windows-1252 quote) are common; losing those characters beats
		// losing the article.
		return kind, bytes.ToValidUTF8(data, []byte("\uFFFD")), nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", nil, fmt.Errorf("decoding declared charset %s: %w", name, err)
	}
	return kind, out, nil
}

var bomUTF8 = []byte{0xef, 0xbb, 0xbf}

// charsetError is a declared charset this program cannot decode; it counts
// as ErrNotUTF8 for callers that only ask whether the text was readable.
type charsetError struct{ label string }

func (e *charsetError) Error() string {
	return fmt.Sprintf("not UTF-8, and the declared charset %q is unknown", e.label)
}

func (e *charsetError) Is(target error) bool { return target == ErrNotUTF8 }

// checkBinary rejects documents no text extraction can use. NUL never occurs
// in text or HTML; other control bytes occur in text only as strays.
func checkBinary(data []byte) error {
	if bytes.IndexByte(data, 0) >= 0 {
		return fmt.Errorf("%w (NUL bytes), not a text or HTML document", ErrBinary)
	}
	head := data[:min(len(data), sniffLen)]
	ctrl := 0
	for _, c := range head {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) || c == 0x7f {
			ctrl++
		}
	}
	if ctrl > 0 && ctrl*20 > len(head) {
		return fmt.Errorf("%w (mostly control bytes), not a text or HTML document", ErrBinary)
	}
	return nil
}

// trimCutRune drops an incomplete UTF-8 sequence at the very end of b.
func trimCutRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

var (
	htmlStarts = []string{"<!doctype html", "<html", "<head", "<body"}
	tagRE      = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]{0,200})?/?>`)
	commentRE  = regexp.MustCompile(`^(?s:\s*(?:<!--.*?-->|<\?xml[^>]*>|<!doctype[^>]*>))*\s*`)
)

// isHTML tells HTML from plain text by content: a document start a browser
// would recognise, or, for fragments without one, a density of tags no plain
// text has.
func isHTML(data []byte) bool {
	head := data[:min(len(data), sniffLen)]
	lower := bytes.ToLower(head)
	t := bytes.TrimLeft(lower, " \t\r\n\f")
	for _, p := range htmlStarts {
		if bytes.HasPrefix(t, []byte(p)) {
			return true
		}
	}
	// Past comments, an XML declaration or a non-HTML doctype (XHTML).
	if m := commentRE.Find(t); len(m) > 0 {
		rest := t[len(m):]
		for _, p := range htmlStarts {
			if bytes.HasPrefix(rest, []byte(p)) {
				return true
			}
		}
	}
	tags := tagRE.FindAllIndex(head, 64)
	return len(tags) >= 2 && len(tags)*300 >= len(head)
}

var (
	metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([-a-zA-Z0-9_.:+]+)`)
	xmlEncodingRE = regexp.MustCompile(`(?i)^\s*<\?xml[^>]*?encoding\s*=\s*["']([-a-zA-Z0-9_.:+]+)`)
)

// declaredCharset finds the charset an HTML page declares in a meta tag or
// XML declaration. It looks further than the 1024 bytes the HTML standard
// prescans, because saved pages often carry long inline scripts before the
// meta tag.
func declaredCharset(data []byte) string {
	head := data[:min(len(data), bufSize)]
	if m := xmlEncodingRE.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	if m := metaCharsetRE.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

var jsonKeyStartRE = regexp.MustCompile(`^\{\s*"[^"\\\n]{1,64}"\s*:`)

// looksJSONL decides from the head of an input whether it is JSON Lines: the
// first non-space byte is '{' and the first line is a JSON object, or, when
// that line is too long to see whole or is itself broken, starts like one.
func looksJSONL(head []byte) bool {
	head = bytes.TrimPrefix(head, bomUTF8)
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return false
	}
	line := t
	if i := bytes.IndexByte(t, '\n'); i >= 0 {
		line = t[:i]
	}
	if json.Valid(bytes.TrimSpace(line)) {
		return true
	}
	return jsonKeyStartRE.Match(line)
}

// record is one JSON Lines document. Pointers tell a missing field from an
// empty one only for the error message's sake.
type record struct {
	URL       string  `json:"url"`
	Title     string  `json:"title"`
	Published string  `json:"published"`
	HTML      *string `json:"html"`
	Text      *string `json:"text"`
}

// readJSONL streams records line by line so that a feed of any length costs
// one line of memory; each line is bounded by limit.
func readJSONL(ctx context.Context, input string, br *bufio.Reader, compressed bool, limit int64, emit func(news.RawDoc) error, fail func(error)) error {
	var buf []byte
	for lineNo := 1; ; lineNo++ {
		if err := ctx.Err(); err != nil {
			return &Error{Source: input, Line: lineNo, Err: err}
		}
		line, tooLong, err := readLine(br, buf[:0], limit)
		buf = line
		if err != nil && err != io.EOF {
			return &Error{Source: input, Line: lineNo, Err: readErr(err, compressed)}
		}
		switch {
		case tooLong:
			fail(&Error{Source: input, Line: lineNo, Err: fmt.Errorf("%w: line exceeds the %s limit", ErrTooLarge, humanSize(limit))})
		default:
			doc, perr := parseRecord(line, lineNo == 1)
			if perr != nil {
				fail(&Error{Source: input, Line: lineNo, Err: perr})
			} else if doc != nil {
				doc.Source = fmt.Sprintf("%s:%d", input, lineNo)
				if eerr := emit(*doc); eerr != nil {
					return eerr
				}
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine reads up to and excluding the next '\n' into buf. A line longer
// than limit is drained without being kept, and reported by tooLong.
func readLine(br *bufio.Reader, buf []byte, limit int64) (line []byte, tooLong bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(frag)) > limit+1 { // +1: the newline itself
				tooLong = true
				buf = buf[:0]
			} else {
				buf = append(buf, frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		return buf, tooLong, err
	}
}

// parseRecord parses one JSON Lines line; a blank line yields no document
// and no error.
func parseRecord(line []byte, first bool) (*news.RawDoc, error) {
	if first {
		line = bytes.TrimPrefix(line, bomUTF8)
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil, nil
	}
	if line[0] != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrMalformed, strings.TrimPrefix(err.Error(), "json: "))
	}
	doc := &news.RawDoc{URL: rec.URL, Title: rec.Title, Published: rec.Published}
	switch {
	case rec.HTML != nil && strings.TrimSpace(*rec.HTML) != "":
		doc.Kind, doc.Content = news.KindHTML, []byte(*rec.HTML)
	case rec.Text != nil && strings.TrimSpace(*rec.Text) != "":
		doc.Kind, doc.Content = news.KindText, []byte(*rec.Text)
	case rec.HTML != nil || rec.Text != nil:
		return nil, fmt.Errorf("%w: the record's html/text is blank", ErrEmpty)
	default:
		return nil, fmt.Errorf("%w: the record has no \"html\" or \"text\" field", ErrEmpty)
	}
	doc.Content = bytes.TrimPrefix(doc.Content, bomUTF8)
	if bytes.IndexByte(doc.Content, 0) >= 0 {
		return nil, fmt.Errorf("%w (NUL characters), not a text or HTML document", ErrBinary)
	}
	return doc, nil
}

// approxSize prints a measured size with one decimal ("50.0 MiB"), so that
// a file just over the limit does not read as equal to it.
func approxSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// humanSize prints a byte count the way the limit is usually set: whole
// MiB without a fraction, anything else with one decimal.
func humanSize(n int64) string {
	const (
		kib = 1 << 10
		mib = 1 << 20
		gib = 1 << 30
	)
	switch {
	case n >= gib && n%gib == 0:
		return fmt.Sprintf("%d GiB", n/gib)
	case n >= gib:
		return fmt.Sprintf("%.1f GiB", float64(n)/gib)
	case n >= mib && n%mib == 0:
		return fmt.Sprintf("%d MiB", n/mib)
	case n >= mib:
		return fmt.Sprintf("%.1f MiB", float64(n)/mib)
	case n >= kib && n%kib == 0:
		return fmt.Sprintf("%d KiB", n/kib)
	case n >= kib:
		return fmt.Sprintf("%.1f KiB", float64(n)/kib)
	}
	return fmt.Sprintf("%d bytes", n)
}
