// Package ner is Triangulate's named-entity tagger: an averaged structured
// perceptron over hashed lexical, shape, context and gazetteer features,
// decoded with Viterbi over BIO tags for the types PERSON, ORG, GPE, LOC,
// FACILITY, WEAPON, EVENT and MISC.
//
// The trained model is embedded (model.bin.gz; PROVENANCE.md says how it
// was made and from which openly licensed data). The package recognises
// mentions in one text at a time; merging mentions into entities across
// documents is resolution's job, not this package's. It does no I/O beyond
// reading its embedded model.
package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
)

// Types are the entity types the tagger knows, in label order.
var Types = []string{"PERSON", "ORG", "GPE", "LOC", "FACILITY", "WEAPON", "EVENT", "MISC"}

// labels are O followed by B- and I- of each type.
func labels() []string {
	l := []string{"O"}
	for _, t := range Types {
		l = append(l, "B-"+t, "I-"+t)
	}
	return l
}

// Model is a trained tagger. It is immutable once built and safe for
// concurrent use.
type Model struct {
	labels []string
	nl     int
	index  map[uint64]int32 // feature hash → row of weights
	w      []float32        // rows × nl emission weights
	trans  []float32        // (nl+1) × nl; row nl is the start state
	allow  []bool           // (nl+1) × nl: BIO-legal transitions
	gaz    *gazetteer.Gazetteer
	lex    *lexicon
}

//go:embed model.bin.gz
var embedded []byte

// ErrNoModel is returned by Load when the binary was built without a
// trained model (the placeholder file is empty).
var ErrNoModel = errors.New("ner: no trained model embedded")

var loadOnce = sync.OnceValues(func() (*Model, error) {
	if len(embedded) == 0 {
		return nil, ErrNoModel
	}
	return Read(bytes.NewReader(embedded))
})

// Load returns the embedded trained model. It is decoded once and shared.
func Load() (*Model, error) { return loadOnce() }

func newModel(labels []string) (*Model, error) {
	g, err := gazetteer.Default()
	if err != nil {
		return nil, err
	}
	nl := len(labels)
	lx, err := loadLexicon()
	if err != nil {
		return nil, err
	}
	m := &Model{labels: labels, nl: nl, gaz: g, lex: lx, index: map[uint64]int32{}}
	m.trans = make([]float32, (nl+1)*nl)
	m.allow = make([]bool, (nl+1)*nl)
	for p := 0; p <= nl; p++ {
		for c := 0; c < nl; c++ {
			m.allow[p*nl+c] = legal(labels, p, c)
		}
	}
	return m, nil
}

// legal says whether label c may follow label p (p == len(labels) is the
// start of a sentence): I-X only continues B-X or I-X.
func legal(labels []string, p, c int) bool {
	cl := labels[c]
	if len(cl) < 2 || cl[0] != 'I' {
		return true
	}
	if p == len(labels) {
		return false
	}
	pl := labels[p]
	return len(pl) > 2 && pl[2:] == cl[2:]
}

// Labels returns the model's tag set.
func (m *Model) Labels() []string { return slices.Clone(m.labels) }

// Tag returns one BIO tag for each token of a sentence, taken as a
// document of its own. TagDocument does better on running text.
func (m *Model) Tag(tokens []string) []string {
	if len(tokens) == 0 {
		return nil
	}
	return m.TagDocument([][]string{tokens})[0]
}

// TagDocument returns the BIO tags of each sentence of a document, in
// order. How a word is written elsewhere in the document and what it was
// tagged in earlier sentences are features, so a document tagged whole
// comes out better than its sentences tagged one by one.
func (m *Model) TagDocument(sents [][]string) [][]string {
	ids := m.decodeDoc(sents)
	out := make([][]string, len(ids))
	for s, row := range ids {
		if len(row) == 0 {
			continue
		}
		out[s] = make([]string, len(row))
		for i, id := range row {
			out[s][i] = m.labels[id]
		}
	}
	return out
}

// decodeDoc tags the sentences of a document in order, feeding each
// sentence's decision to the history the next ones see.
func (m *Model) decodeDoc(sents [][]string) [][]int {
	infos := make([][]tokenInfo, len(sents))
	for s, toks := range sents {
		infos[s] = analyse(m.gaz, m.lex, toks)
	}
	ds := newDocStats(infos)
	h := history{}
	out := make([][]int, len(sents))
	var buf []uint64
	for s, info := range infos {
		if len(info) == 0 {
			continue
		}
		caps := infoAllCaps(info)
		ds.annotate(info, caps)
		h.annotate(info)
		out[s], buf = m.decodeInfo(info, caps, buf)
		h.update(info, out[s])
	}
	return out
}

// decodeInfo runs Viterbi over the emission scores of one analysed
// sentence. buf is reused scratch space for feature hashes.
func (m *Model) decodeInfo(info []tokenInfo, caps bool, buf []uint64) ([]int, []uint64) {
	nl, n := m.nl, len(info)
	score := make([]float32, n*nl)
	for i := range info {
		buf = features(buf[:0], info, i, caps)
		row := score[i*nl : (i+1)*nl]
		for _, f := range buf {
			r, ok := m.index[f]
			if !ok {
				continue
			}
			w := m.w[int(r)*nl : int(r)*nl+nl]
			for k := range row {
				row[k] += w[k]
			}
		}
	}
	return viterbi(score, n, nl, m.trans, m.allow), buf
}

// viterbi finds the best label sequence given emission scores (n × nl)
// and transition weights ((nl+1) × nl, the last row for the start).
func viterbi(score []float32, n, nl int, trans []float32, allow []bool) []int {
	negInf := float32(math.Inf(-1))
	delta := make([]float32, n*nl)
	back := make([]int32, n*nl)
	for c := 0; c < nl; c++ {
		if allow[nl*nl+c] {
			delta[c] = score[c] + trans[nl*nl+c]
		} else {
			delta[c] = negInf
		}
	}
	for i := 1; i < n; i++ {
		for c := 0; c < nl; c++ {
			best, arg := negInf, int32(0)
			for p := 0; p < nl; p++ {
				if !allow[p*nl+c] {
					continue
				}
				if s := delta[(i-1)*nl+p] + trans[p*nl+c]; s > best {
					best, arg = s, int32(p)
				}
			}
			delta[i*nl+c] = best + score[i*nl+c]
			back[i*nl+c] = arg
		}
	}
	out := make([]int, n)
	best := negInf
	for c := 0; c < nl; c++ {
		if s := delta[(n-1)*nl+c]; s > best {
			best, out[n-1] = s, c
		}
	}
	for i := n - 1; i > 0; i-- {
		out[i-1] = int(back[i*nl+out[i]])
	}
	return out
}

// The serialised form, gzip-compressed: magic, labels, transition weights
// as float32, then the features sorted by hash, each as the varint delta
// of its hash, a count of non-zero weights and (label byte, int16) pairs
// scaled by a single float32. Quantising to 16 bits loses nothing the
// tagger can notice and halves the file.
const magic = "TRINER01"

// Write serialises the model.
func (m *Model) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	var tmp [binary.MaxVarintLen64]byte
	uvarint := func(v uint64) { bw.Write(tmp[:binary.PutUvarint(tmp[:], v)]) }
	bw.WriteString(magic)
	uvarint(uint64(len(m.labels)))
	for _, l := range m.labels {
		uvarint(uint64(len(l)))
		bw.WriteString(l)
	}
	for _, t := range m.trans {
		binary.Write(bw, binary.LittleEndian, t)
	}
	var maxAbs float32
	for _, v := range m.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	binary.Write(bw, binary.LittleEndian, scale)
	keys := make([]uint64, 0, len(m.index))
	for k := range m.index {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	uvarint(uint64(len(keys)))
	var prev uint64
	for _, k := range keys {
		uvarint(k - prev)
		prev = k
		row := m.w[int(m.index[k])*m.nl : int(m.index[k]+1)*m.nl]
		var nz int
		for _, v := range row {
			if q := quantise(v, scale); q != 0 {
				nz++
			}
		}
		uvarint(uint64(nz))
		for l, v := range row {
			if q := quantise(v, scale); q != 0 {
				bw.WriteByte(byte(l))
				bw.Write(binary.LittleEndian.AppendUint16(tmp[:0], uint16(q)))
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

func quantise(v, scale float32) int16 {
	return int16(math.Round(float64(v / scale)))
}

// Read decodes a model written by Write.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("ner: read model: %w", err)
	}
	br := bufio.NewReader(zr)
	m, err := readModel(br)
	if err != nil {
		return nil, fmt.Errorf("ner: read model: %w", err)
	}
	return m, nil
}

func readModel(br *bufio.Reader) (*Model, error) {
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, err
	}
	if string(head) != magic {
		return nil, errors.New("not a tagger model")
	}
	nl, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	if nl == 0 || nl > 255 {
		return nil, fmt.Errorf("bad label count %d", nl)
	}
	labels := make([]string, nl)
	for i := range labels {
		n, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		if n > 64 {
			return nil, fmt.Errorf("bad label length %d", n)
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, err
		}
		labels[i] = string(b)
	}
	m, err := newModel(labels)
	if err != nil {
		return nil, err
	}
	if err := binary.Read(br, binary.LittleEndian, m.trans); err != nil {
		return nil, err
	}
	var scale float32
	if err := binary.Read(br, binary.LittleEndian, &scale); err != nil {
		return nil, err
	}
	nf, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	if nf > 1<<26 {
		return nil, fmt.Errorf("bad feature count %d", nf)
	}
	m.index = make(map[uint64]int32, nf)
	m.w = make([]float32, int(nf)*m.nl)
	var key uint64
	for i := 0; i < int(nf); i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		key += d
		m.index[key] = int32(i)
		nz, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		if nz > uint64(m.nl) {
			return nil, fmt.Errorf("bad weight count %d", nz)
		}
		for range nz {
			l, err := br.ReadByte()
			if err != nil {
				return nil, err
			}
			var b [2]byte
			if _, err := io.ReadFull(br, b[:]); err != nil {
				return nil, err
			}
			q := int16(binary.LittleEndian.Uint16(b[:]))
			if int(l) >= m.nl {
				return nil, fmt.Errorf("bad label %d", l)
			}
			m.w[i*m.nl+int(l)] = float32(q) * scale
		}
	}
	return m, nil
}
