package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// lexicon.txt.gz is drawn from WordNet 3.0 (Princeton University; the
// WordNet 3.0 licence, see PROVENANCE.md) by `go run ./tools/trainner
// -wordnet /usr/share/wordnet`: the capitalised noun lemmas of the
// person, location, group, event, artifact and communication files, each
// with its file's name ("person\tAlbert Einstein"), and the lower-case
// one-word lemmas of every part of speech ("common\tbank"). It gives the
// tagger world knowledge the small training corpora lack: that "Perth" is
// a place and "Reading" also an ordinary word.
//
//go:embed lexicon.txt.gz
var lexiconData []byte

// lexicon is the decoded word list. It is built once and never modified.
type lexicon struct {
	names  map[string]string // name, tokens joined by spaces → class
	first  map[string]int    // first token → longest name, in tokens
	common map[string]bool   // lower-case ordinary words
}

// maxLexSpan bounds the names matched; longer ones are rare in WordNet.
const maxLexSpan = 4

var loadLexicon = sync.OnceValues(func() (*lexicon, error) {
	lx := &lexicon{names: map[string]string{}, first: map[string]int{}, common: map[string]bool{}}
	if len(lexiconData) == 0 {
		return lx, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(lexiconData))
	if err != nil {
		return nil, fmt.Errorf("ner: lexicon: %w", err)
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		class, name, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		if class == "common" {
			lx.common[name] = true
			continue
		}
		toks := strings.Fields(name)
		if len(toks) == 0 || len(toks) > maxLexSpan {
			continue
		}
		lx.names[strings.Join(toks, " ")] = class
		lx.first[toks[0]] = max(lx.first[toks[0]], len(toks))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ner: lexicon: %w", err)
	}
	return lx, nil
})

// annotate marks the tokens of a sentence that are in the lexicon: wn is
// the class of the longest name starting or continuing there, prefixed
// "B-" or "I-"; common is set on capitalised words that are also
// ordinary lower-case words.
func (lx *lexicon) annotate(info []tokenInfo) {
	if lx == nil {
		return
	}
	// key is reused; a map indexed by string(key) does not copy it.
	var key []byte
	for i := 0; i < len(info); {
		n := lx.first[info[i].word]
		found := 0
		for j := min(len(info), i+n); j > i && n > 0; j-- {
			key = key[:0]
			for k := i; k < j; k++ {
				if k > i {
					key = append(key, ' ')
				}
				key = append(key, info[k].word...)
			}
			if c, ok := lx.names[string(key)]; ok {
				info[i].wn = "B-" + c
				for k := i + 1; k < j; k++ {
					info[k].wn = "I-" + c
				}
				found = j - i
				break
			}
		}
		if found == 0 {
			found = 1
		}
		i += found
	}
	for i := range info {
		if isUpperStart(info[i].word) && lx.common[info[i].lower] {
			info[i].common = true
		}
	}
}
