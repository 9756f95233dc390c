// Package ingest turns command-line inputs (files, directories, globs and
// standard input) into news.RawDoc values: it finds the inputs, decodes gzip
// and foreign charsets, splits JSON Lines into records, tells HTML from plain
// text by content, and rejects what is not a text document (binary, empty,
// too large, undeclared non-UTF-8) with an error that names the input.
//
// It must not interpret the documents it reads: extracting the article body,
// title or date is the extract stage's job, and ingest must not import any
// other stage's package.
package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DefaultMaxDocBytes is the size limit applied when Options.MaxDocBytes is 0.
// No news article comes near it; it exists so that a stray disk image or a
// gzip bomb costs an error message, not the machine's memory.
const DefaultMaxDocBytes int64 = 16 << 20

// Options tune reading. The zero value is ready to use.
type Options struct {
	// MaxDocBytes bounds one document: a whole file, a decompressed gzip
	// stream, or one JSON Lines record. 0 means DefaultMaxDocBytes.
	MaxDocBytes int64
}

func (o Options) maxBytes() int64 {
	if o.MaxDocBytes <= 0 {
		return DefaultMaxDocBytes
	}
	return o.MaxDocBytes
}

// Sentinel errors, for errors.Is. Every error ingest returns or reports is
// an *Error wrapping one of these (or an operating-system error).
var (
	ErrBinary    = errors.New("binary file")
	ErrTooLarge  = errors.New("too large")
	ErrNotUTF8   = errors.New("not UTF-8 and no charset declared")
	ErrEmpty     = errors.New("empty document")
	ErrMalformed = errors.New("malformed JSON")
	ErrNoMatch   = errors.New("no files match the pattern")
)

// Error says which input (and, for JSON Lines, which line) a problem is in.
// Line is 0 when the problem concerns the whole input.
type Error struct {
	Source string
	Line   int
	Err    error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Source, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Source, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Stdin is the argument that names standard input.
const Stdin = "-"

// Expand resolves args to the list of inputs to read, in argument order:
// a file is itself; a directory is every regular file below it, walked in
// lexical order, skipping hidden files and directories (their names start
// with a dot); a glob, including one the shell left unexpanded (quoted, or
// matching nothing under a shell without nullglob), is its matches, each
// expanded as above; "-" is standard input. An input reached twice is listed
// once.
//
// A missing path or a glob matching nothing is an error naming it; the other
// arguments still expand, so the caller can report every problem at once.
func Expand(args []string) (inputs []string, errs []error) {
	seen := make(map[string]bool)
	add := func(p string) {
		key := p
		if p != Stdin {
			key = filepath.Clean(p)
		}
		if !seen[key] {
			seen[key] = true
			inputs = append(inputs, p)
		}
	}
	for _, arg := range args {
		switch {
		case arg == Stdin:
			add(Stdin)
		case arg == "":
			errs = append(errs, &Error{Source: `""`, Err: errors.New("empty path")})
		default:
			// A literal file wins over a pattern: a file may really be called
			// "report[1].html".
			if _, err := os.Lstat(arg); err != nil && hasMeta(arg) {
				errs = append(errs, expandGlob(arg, add)...)
				continue
			}
			errs = append(errs, expandPath(arg, add)...)
		}
	}
	return inputs, errs
}

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[`) }

func expandGlob(pattern string, add func(string)) []error {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return []error{&Error{Source: pattern, Err: fmt.Errorf("bad pattern: %w", err)}}
	}
	// Like a shell, a pattern matches hidden names only when it asks for them
	// with a leading dot in the last element.
	showHidden := strings.HasPrefix(filepath.Base(pattern), ".")
	var errs []error
	n := 0
	for _, m := range matches {
		if !showHidden && isHidden(filepath.Base(m)) {
			continue
		}
		n++
		errs = append(errs, expandPath(m, add)...)
	}
	if n == 0 {
		errs = append(errs, &Error{Source: pattern, Err: ErrNoMatch})
	}
	return errs
}

func expandPath(p string, add func(string)) []error {
	info, err := os.Stat(p)
	if err != nil {
		return []error{&Error{Source: p, Err: unwrapPath(err)}}
	}
	if !info.IsDir() {
		add(p)
		return nil
	}
	var errs []error
	found := 0
	// WalkDir visits entries in lexical order, which makes the order of
	// articles (and so of report ids derived from it) reproducible.
	walkErr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &Error{Source: path, Err: unwrapPath(err)})
			if d != nil && d.IsDir() && path != p {
				return fs.SkipDir
			}
			return nil
		}
		if path != p && isHidden(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && isCorpusNote(d.Name()) {
			return nil
		}
		if d.IsDir() {
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			// WalkDir does not follow links; a link to a regular file is
			// still a document the user put there.
			fi, err := os.Stat(path)
			if err != nil {
				errs = append(errs, &Error{Source: path, Err: unwrapPath(err)})
				return nil
			}
			mode = fi.Mode().Type()
		}
		if mode.IsRegular() {
			found++
			add(path)
		}
		return nil
	})
	if walkErr != nil {
		errs = append(errs, &Error{Source: p, Err: unwrapPath(walkErr)})
	}
	if found == 0 && len(errs) == 0 {
		errs = append(errs, &Error{Source: p, Err: errors.New("directory holds no files")})
	}
	return errs
}

// isCorpusNote reports whether a file found while walking a folder is
// the folder's own documentation (README, LICENSE, NOTICE, COPYING) rather
// than an article: corpora ship with such notes, and reading one as news
// would add a bogus article. Named explicitly, such a file is still read.
func isCorpusNote(name string) bool {
	base := strings.ToUpper(name)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	switch base {
	case "README", "LICENSE", "LICENCE", "NOTICE", "COPYING":
		return true
	}
	return false
}

// isHidden reports whether a base name is hidden by the Unix convention;
// "." and ".." are the current and parent directory, not hidden names.
func isHidden(name string) bool {
	return len(name) > 1 && name[0] == '.' && name != ".."
}

// unwrapPath drops the *fs.PathError layer, whose message repeats the path
// that *Error already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
