package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// importCorpus converts the files of a corpus that is not in CoNLL form
// into the gzipped CoNLL of tools/trainner/data, keeping the corpus's own
// tags (mapping.go maps them at training time). It is how the committed
// files were made from the upstream ones (PROVENANCE.md names them), so
// that the derivation can be checked and redone.
//
//	docred:   DocRED / Re-DocRED JSON (one array of documents; each
//	          document's vertexSet gives typed mentions by sentence and
//	          token span). One -DOCSTART- per document.
//	crossner: CrossNER's "token<TAB>tag" files, sentences separated by
//	          blank lines, no document boundaries: each sentence becomes
//	          a document of its own, so that no document-level feature
//	          links unrelated sentences.
//	uner:     Universal NER's IOB2 files ("# newdoc id" and "# sent_id"
//	          comments, then "index<TAB>token<TAB>tag<TAB>…" a token,
//	          blank lines between sentences). One -DOCSTART- per
//	          "# newdoc", so that a document's sentences stay together.
func importCorpus(format string, in []string, out string) error {
	var b bytes.Buffer
	for _, path := range in {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		switch format {
		case "docred":
			err = importDocRED(f, &b)
		case "crossner":
			err = importCrossNER(f, &b)
		case "uner":
			err = importUNER(f, &b)
		default:
			err = fmt.Errorf("unknown format %q (docred, crossner or uner)", format)
		}
		f.Close()
		if err != nil {
			return fmt.Errorf("import %s: %w", path, err)
		}
	}
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b.Bytes()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, z.Bytes(), 0o644)
}

type docredDoc struct {
	Title     string     `json:"title"`
	Sents     [][]string `json:"sents"`
	VertexSet [][]struct {
		SentID int    `json:"sent_id"`
		Pos    [2]int `json:"pos"`
		Type   string `json:"type"`
	} `json:"vertexSet"`
}

func importDocRED(r io.Reader, w *bytes.Buffer) error {
	var docs []docredDoc
	if err := json.NewDecoder(r).Decode(&docs); err != nil {
		return err
	}
	for _, d := range docs {
		// Mentions by sentence; where two overlap, the longer one wins
		// (CoNLL tags cannot nest).
		tags := make([][]string, len(d.Sents))
		for s := range d.Sents {
			tags[s] = make([]string, len(d.Sents[s]))
		}
		type mention struct {
			sent, start, end int
			typ              string
		}
		var ms []mention
		for _, ent := range d.VertexSet {
			for _, m := range ent {
				if m.SentID < 0 || m.SentID >= len(d.Sents) || m.Pos[0] < 0 || m.Pos[1] > len(d.Sents[m.SentID]) || m.Pos[0] >= m.Pos[1] {
					continue
				}
				ms = append(ms, mention{m.SentID, m.Pos[0], m.Pos[1], m.Type})
			}
		}
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].end-ms[i].start > ms[j].end-ms[j].start })
		for _, m := range ms {
			free := true
			for i := m.start; i < m.end; i++ {
				free = free && tags[m.sent][i] == ""
			}
			if !free {
				continue
			}
			tags[m.sent][m.start] = "B-" + m.typ
			for i := m.start + 1; i < m.end; i++ {
				tags[m.sent][i] = "I-" + m.typ
			}
		}
		w.WriteString("-DOCSTART- O\n\n")
		for s, sent := range d.Sents {
			n := 0
			for i, t := range sent {
				t = strings.Join(strings.Fields(t), "_")
				if t == "" {
					continue
				}
				tag := tags[s][i]
				if tag == "" {
					tag = "O"
				}
				fmt.Fprintf(w, "%s %s\n", t, tag)
				n++
			}
			if n > 0 {
				w.WriteString("\n")
			}
		}
	}
	return nil
}

func importCrossNER(r io.Reader, w *bytes.Buffer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	open := false
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			if open {
				w.WriteString("\n")
				open = false
			}
			continue
		}
		if len(f) < 2 {
			return fmt.Errorf("want `token<TAB>tag`, got %q", sc.Text())
		}
		if !open {
			w.WriteString("-DOCSTART- O\n\n")
			open = true
		}
		fmt.Fprintf(w, "%s %s\n", strings.Join(f[:len(f)-1], "_"), f[len(f)-1])
	}
	if open {
		w.WriteString("\n")
	}
	return sc.Err()
}

func importUNER(r io.Reader, w *bytes.Buffer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	open, started := false, false
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			// A document starts at its "# newdoc"; a file without one
			// is a single document.
			if strings.HasPrefix(line, "# newdoc") {
				if open {
					w.WriteString("\n")
					open = false
				}
				w.WriteString("-DOCSTART- O\n\n")
				started = true
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			if open {
				w.WriteString("\n")
				open = false
			}
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			return fmt.Errorf("line %d: want `index<TAB>token<TAB>tag`, got %q", n, line)
		}
		tok := strings.Join(strings.Fields(f[1]), "_")
		if tok == "" {
			continue
		}
		if !started {
			w.WriteString("-DOCSTART- O\n\n")
			started = true
		}
		tag := f[2]
		if tag == "B-O" || tag == "I-O" {
			// The first release of English-EWT's training file ends
			// each document with a stray "B-O".
			tag = "O"
		}
		fmt.Fprintf(w, "%s %s\n", tok, tag)
		open = true
	}
	if open {
		w.WriteString("\n")
	}
	return sc.Err()
}
