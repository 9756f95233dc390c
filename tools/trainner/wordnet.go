package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// wordnetClasses are the WordNet noun lexicographer files whose
// capitalised lemmas are names, by file number.
var wordnetClasses = map[string]string{
	"18": "person", "15": "location", "14": "group", "11": "event",
	"06": "artifact", "10": "communication",
}

// buildLexicon writes the tagger's lexicon (internal/entity/ner/lexicon.go
// says what it holds) from a WordNet 3.0 database directory, as Debian's
// wordnet-base package installs it in /usr/share/wordnet.
func buildLexicon(dir, out string) error {
	names := map[string][]string{}
	common := map[string]bool{}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		f, err := os.Open(filepath.Join(dir, "data."+pos))
		if err != nil {
			return fmt.Errorf("wordnet: %w", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "  ") {
				continue // licence header
			}
			fs := strings.Fields(line)
			if len(fs) < 5 {
				continue
			}
			n, err := strconv.ParseInt(fs[3], 16, 32)
			if err != nil || len(fs) < 4+2*int(n) {
				continue
			}
			for i := range int(n) {
				w := fs[4+2*i]
				if k := strings.IndexByte(w, '('); k > 0 {
					w = w[:k] // adjective markers: "galore(ip)"
				}
				class, isName := wordnetClasses[fs[1]]
				switch {
				case pos == "noun" && isName && properName(w):
					name := strings.ReplaceAll(w, "_", " ")
					if !slices.Contains(names[name], class) {
						names[name] = append(names[name], class)
					}
				case isLowerWord(w):
					common[w] = true
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return fmt.Errorf("wordnet: %w", err)
		}
	}
	var lines []string
	for name, cs := range names {
		slices.Sort(cs)
		lines = append(lines, strings.Join(cs, "+")+"\t"+name)
	}
	for w := range common {
		lines = append(lines, "common\t"+w)
	}
	slices.Sort(lines)
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	for _, l := range lines {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// properName accepts lemmas whose every word is capitalised, allowing the
// link words of names ("Bank_of_England"); "Abbe_condenser" is a thing.
func properName(w string) bool {
	for _, p := range strings.Split(w, "_") {
		if runLink[p] {
			continue
		}
		r := []rune(p)
		if len(r) == 0 || !unicode.IsUpper(r[0]) {
			return false
		}
	}
	return true
}

var runLink = map[string]bool{"of": true, "and": true, "the": true, "de": true, "for": true, "on": true, "in": true}
