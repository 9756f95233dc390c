package fetch

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/triangulate/triangulate/internal/ingest"
	"github.com/triangulate/triangulate/internal/news"
)

// A WARC file (ISO 28500) is a sequence of records, each a version line,
// header lines, a blank line, Content-Length bytes of block and CRLF CRLF;
// a .warc.gz is the same with each record (or the whole file) gzipped, which
// a multistream gzip reader reads as one stream. The reader here is written
// for this program rather than taken from a library: it only needs to find
// HTTP responses, and it must never panic or buffer more than one record on
// hostile input (nlnwa/gowarc v1.5.0 panics on the six bytes "WARC/\n").

// warcMagic starts every WARC record of versions 1.0 and 1.1.
const warcMagic = "WARC/1."

// Bounds on a record's header, far above what crawlers write, so that a
// corrupt file costs an error instead of memory.
const (
	maxWARCLine    = 64 << 10
	maxWARCHeaders = 512
	// httpHeaderSlack is room for the HTTP status line and headers on top of
	// the payload limit when a response block is read whole.
	httpHeaderSlack = 256 << 10
)

// ErrWARC is a WARC file whose structure is broken (truncated, corrupt,
// missing a field the format requires). Reading stops there, since the next
// record cannot be found reliably.
var ErrWARC = errors.New("malformed WARC")

// IsWARC reports whether the file at path is a WARC file, by content: it
// starts with "WARC/1.", possibly inside gzip. It errs only when the file
// cannot be read.
func IsWARC(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	return isWARC(f), nil
}

func isWARC(r io.Reader) bool {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return false
		}
		br = bufio.NewReader(zr)
	}
	head, _ := br.Peek(len(warcMagic))
	return string(head) == warcMagic
}

// ReadWARC reads a WARC file (plain, or gzipped per record or as a whole)
// and emits every HTTP response record whose status is 200 and whose
// payload is HTML as a news.KindHTML document: URL is the record's
// WARC-Target-URI and Source is "path#N", N the record's 1-based number in
// the file. No date hint is given: WARC-Date is when the page was crawled,
// not when the article was published.
//
// A record that is well framed but unusable (an HTML response over
// Options.MaxBytes, an unreadable HTTP message or encoding) goes to fail,
// which may be nil, and reading carries on; a broken file (truncated,
// corrupt gzip, a record without Content-Length) ends reading with an error
// that names the file and the record. An error from emit stops and is
// returned as it is. Only Options.MaxBytes is used.
func ReadWARC(ctx context.Context, path string, opts Options, emit func(news.RawDoc) error, fail func(error)) error {
	f, err := os.Open(path)
	if err != nil {
		return &ingest.Error{Source: path, Err: unwrapPath(err)}
	}
	defer f.Close()
	return readWARC(ctx, f, path, opts.normalised().MaxBytes, emit, fail)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// warcRecord is one record's header; the block is read separately.
type warcRecord struct {
	typ, contentType, target string
	length                   int64
}

func readWARC(ctx context.Context, r io.Reader, name string, maxBytes int64, emit func(news.RawDoc) error, fail func(error)) error {
	if fail == nil {
		fail = func(error) {}
	}
	br := bufio.NewReaderSize(r, 64<<10)
	gzipped := false
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return &ingest.Error{Source: name, Err: fmt.Errorf("%w: corrupt gzip: %v", ErrWARC, err)}
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
		gzipped = true
	}
	if !gzipped {
		if head, _ := br.Peek(len(warcMagic)); string(head) != warcMagic {
			return &ingest.Error{Source: name, Err: fmt.Errorf("%w: not a WARC file (it does not start with %q)", ErrWARC, warcMagic)}
		}
	}
	for n := 1; ; n++ {
		src := fmt.Sprintf("%s#%d", name, n)
		if err := ctx.Err(); err != nil {
			return &ingest.Error{Source: src, Err: err}
		}
		rec, err := readWARCHeader(br)
		if err == io.EOF {
			if n == 1 {
				return &ingest.Error{Source: name, Err: fmt.Errorf("%w: no records", ErrWARC)}
			}
			return nil
		}
		if err != nil {
			return &ingest.Error{Source: src, Err: warcErr(err, gzipped)}
		}
		doc, skip, err := readWARCBlock(br, rec, maxBytes)
		if err != nil {
			return &ingest.Error{Source: src, Err: warcErr(err, gzipped)}
		}
		if err := readRecordEnd(br); err != nil {
			return &ingest.Error{Source: src, Err: warcErr(err, gzipped)}
		}
		switch {
		case skip != nil:
			fail(&ingest.Error{Source: src, Err: skip})
		case doc != nil:
			doc.Source = src
			if err := emit(*doc); err != nil {
				return err
			}
		}
	}
}

// warcErr marks a structural error as ErrWARC and says when the cause is the
// compression rather than the records.
func warcErr(err error, gzipped bool) error {
	switch {
	case errors.Is(err, ErrWARC):
		return err
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return fmt.Errorf("%w: truncated record", ErrWARC)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: truncated record: %v", ErrWARC, err)
	case gzipped && (errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || isFlateError(err)):
		return fmt.Errorf("%w: corrupt gzip: %v", ErrWARC, err)
	}
	return fmt.Errorf("%w: %v", ErrWARC, err)
}

func isFlateError(err error) bool {
	var ce flate.CorruptInputError
	return errors.As(err, &ce)
}

// readWARCHeader reads a record's version line and header fields. It
// returns io.EOF only at a clean end between records.
func readWARCHeader(br *bufio.Reader) (*warcRecord, error) {
	// Blank lines between records are tolerated: some writers add them.
	var line string
	for {
		l, err := readLine(br)
		if err == io.EOF && l == "" {
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(l) != "" {
			line = l
			break
		}
	}
	if !strings.HasPrefix(line, "WARC/") {
		return nil, fmt.Errorf("%w: expected a WARC version line, found %q", ErrWARC, clip(line))
	}
	rec := &warcRecord{length: -1}
	for i := 0; ; i++ {
		if i > maxWARCHeaders {
			return nil, fmt.Errorf("%w: more than %d header lines", ErrWARC, maxWARCHeaders)
		}
		l, err := readLine(br)
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if l == "" {
			break
		}
		if l[0] == ' ' || l[0] == '\t' {
			continue // a folded continuation of a field this reader does not use
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			return nil, fmt.Errorf("%w: header line without a colon: %q", ErrWARC, clip(l))
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "warc-type":
			rec.typ = strings.ToLower(value)
		case "content-type":
			rec.contentType = strings.ToLower(value)
		case "warc-target-uri":
			// WARC 1.0 wrote the URI in angle brackets.
			rec.target = strings.TrimSuffix(strings.TrimPrefix(value, "<"), ">")
		case "content-length":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%w: bad Content-Length %q", ErrWARC, clip(value))
			}
			rec.length = n
		}
	}
	if rec.length < 0 {
		return nil, fmt.Errorf("%w: record without Content-Length", ErrWARC)
	}
	return rec, nil
}

// readLine reads one line without its CRLF or LF, bounded by maxWARCLine.
func readLine(br *bufio.Reader) (string, error) {
	var buf []byte
	for {
		frag, err := br.ReadSlice('\n')
		buf = append(buf, frag...)
		if len(buf) > maxWARCLine {
			return "", fmt.Errorf("%w: header line longer than %d bytes", ErrWARC, maxWARCLine)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		s := strings.TrimSuffix(strings.TrimSuffix(string(buf), "\n"), "\r")
		if err == io.EOF && len(buf) > 0 {
			// A header line cut short by the end of the file.
			return s, io.ErrUnexpectedEOF
		}
		return s, err
	}
}

// readRecordEnd consumes the CRLF CRLF that ends a record.
func readRecordEnd(br *bufio.Reader) error {
	for range 2 {
		l, err := readLine(br)
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		if l != "" {
			return fmt.Errorf("%w: block longer than its Content-Length (expected the end of the record, found %q)", ErrWARC, clip(l))
		}
	}
	return nil
}

// readWARCBlock reads or skips a record's block. It returns the document of
// a usable HTML response, or skip, the reason a response was not used when
// the user should hear of it; err is a structural error.
func readWARCBlock(br *bufio.Reader, rec *warcRecord, maxBytes int64) (doc *news.RawDoc, skip error, err error) {
	isResponse := rec.typ == "response" && strings.HasPrefix(rec.contentType, "application/http")
	if !isResponse {
		return nil, nil, discard(br, rec.length)
	}
	if rec.length > maxBytes+httpHeaderSlack {
		// Too large to be an article worth reading whole; its status and
		// type are still worth a look so as not to report every video.
		// Peek's slice is the reader's buffer: judge it before discarding.
		head, _ := br.Peek(int(min(rec.length, 16<<10)))
		resp, perr := http.ReadResponse(bufio.NewReader(bytes.NewReader(head)), nil)
		isArticle := perr == nil && resp.StatusCode == http.StatusOK && isHTMLType(resp.Header.Get("Content-Type"))
		if err := discard(br, rec.length); err != nil {
			return nil, nil, err
		}
		if isArticle {
			return nil, fmt.Errorf("%w: the HTML response exceeds the %d-byte limit", ErrTooLarge, maxBytes), nil
		}
		return nil, nil, nil
	}
	// Grown as bytes arrive rather than allocated from the header's claim,
	// so that a lying Content-Length costs no more than the file holds.
	var block bytes.Buffer
	block.Grow(int(min(rec.length, 1<<20)))
	if m, err := block.ReadFrom(io.LimitReader(br, rec.length)); err != nil || m < rec.length {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, nil, fmt.Errorf("block has %d of its %d bytes: %w", m, rec.length, err)
	}
	raw := block.Bytes()
	resp, err := http.ReadResponse(bufio.NewReader(&block), nil)
	if err != nil {
		return nil, fmt.Errorf("unreadable HTTP response: %w", err), nil
	}
	defer resp.Body.Close()
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode != http.StatusOK || !isHTMLType(ct) {
		return nil, nil, nil // a redirect, an error page, an image: not an article
	}
	encoding := resp.Header.Get("Content-Encoding")
	body, err := decodeBody(resp.Body, encoding, maxBytes)
	if err != nil && len(resp.TransferEncoding) > 0 {
		// Some crawlers (wget among them) archive the payload de-chunked but
		// keep the Transfer-Encoding header: read it as it stands.
		if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
			if b, err2 := decodeBody(bytes.NewReader(raw[i+4:]), encoding, maxBytes); err2 == nil {
				body, err = b, nil
			}
		}
	}
	if err != nil {
		return nil, err, nil
	}
	content, err := decodeHTML(body, ct)
	if err != nil {
		return nil, err, nil
	}
	return &news.RawDoc{Kind: news.KindHTML, Content: content, URL: rec.target}, nil, nil
}

func isHTMLType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(strings.ToLower(ct), ";")
		mt = strings.TrimSpace(mt)
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// decodeBody reads an archived response's payload, undoing the chunking
// (done by http.ReadResponse) and the content encoding the server applied,
// bounded by maxBytes after decoding.
func decodeBody(r io.Reader, encoding string, maxBytes int64) ([]byte, error) {
	switch enc := strings.ToLower(strings.TrimSpace(encoding)); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("payload: corrupt gzip: %w", err)
		}
		defer zr.Close()
		r = zr
	case "deflate":
		// Servers send either zlib-wrapped or raw deflate under this name.
		bb := bufio.NewReader(r)
		if h, _ := bb.Peek(2); len(h) == 2 && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
			zr, err := zlib.NewReader(bb)
			if err != nil {
				return nil, fmt.Errorf("payload: corrupt deflate: %w", err)
			}
			defer zr.Close()
			r = zr
		} else {
			r = flate.NewReader(bb)
		}
	default:
		return nil, fmt.Errorf("payload: unsupported Content-Encoding %q", clip(enc))
	}
	body, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	// Crawlers archive payloads cut short (WARC-Truncated); extraction copes
	// with HTML cut short, so what arrived is kept.
	if err != nil && !(errors.Is(err, io.ErrUnexpectedEOF) && len(body) > 0) {
		return nil, fmt.Errorf("payload: %w", err)
	}
	if int64(len(body)) > maxBytes {
		return nil, fmt.Errorf("%w: the HTML response exceeds the %d-byte limit", ErrTooLarge, maxBytes)
	}
	return body, nil
}

func discard(br *bufio.Reader, n int64) error {
	m, err := io.CopyN(io.Discard, br, n)
	if err != nil && m < n {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("block has %d of its %d bytes: %w", m, n, err)
	}
	return nil
}

// clip shortens text quoted in an error message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
