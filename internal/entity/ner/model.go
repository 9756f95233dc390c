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
	feats  featTable // feature hash → emission weights
	trans  []float32 // (nl+1) × nl; row nl is the start state
	allow  []bool    // (nl+1) × nl: BIO-legal transitions
	lat    lattice   // allow laid out for Viterbi
	tv     []float32 // trans laid out for lat (lattice.weights)
	gaz    *gazetteer.Gazetteer
	lex    *lexicon
	// bPer and iPer are the label ids of B-PERSON and I-PERSON (-1 if
	// the model has none), for trimTitles.
	bPer, iPer int
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
	m := &Model{labels: labels, nl: nl, gaz: g, lex: lx, feats: newFeatTable(0),
		bPer: slices.Index(labels, "B-PERSON"), iPer: slices.Index(labels, "I-PERSON")}
	m.trans = make([]float32, (nl+1)*nl)
	m.allow = make([]bool, (nl+1)*nl)
	for p := 0; p <= nl; p++ {
		for c := 0; c < nl; c++ {
			m.allow[p*nl+c] = legal(labels, p, c)
		}
	}
	m.lat = newLattice(nl, m.allow)
	m.tv = m.lat.weights(nil, m.trans)
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
	total := 0
	for _, row := range ids {
		total += len(row)
	}
	// One backing array for the whole document; each sentence's slice is
	// capped so that appending to it cannot overwrite the next one.
	flat := make([]string, total)
	out := make([][]string, len(ids))
	for s, row := range ids {
		if len(row) == 0 {
			continue
		}
		tags := flat[:len(row):len(row)]
		flat = flat[len(row):]
		for i, id := range row {
			tags[i] = m.labels[id]
		}
		out[s] = tags
	}
	return out
}

// scratch is the working memory of decoding one document, pooled so that
// tagging allocates little beyond its results.
type scratch struct {
	feats []uint64 // a sentence's feature hashes, token after token
	ends  []int    // where each token's features end in feats
	found []*slot  // the table cell of each feature, or nil
	sink  uint64   // keeps the touching loads of decodeInfo alive
	score []float32
	delta []float32
	back  []int32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// decodeDoc tags the sentences of a document in order, feeding each
// sentence's decision to the history the next ones see.
func (m *Model) decodeDoc(sents [][]string) [][]int {
	infos := make([][]tokenInfo, len(sents))
	total := 0
	for s, toks := range sents {
		infos[s] = analyse(m.gaz, m.lex, toks)
		total += len(toks)
	}
	ds := newDocStats(infos)
	h := history{}
	out := make([][]int, len(sents))
	flat := make([]int, total)
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	for s, info := range infos {
		if len(info) == 0 {
			continue
		}
		st := sentenceStyle(info)
		ds.annotate(info, st)
		h.annotate(info)
		out[s] = flat[:len(info):len(info)]
		flat = flat[len(info):]
		m.decodeInfo(out[s], info, st, sc)
		trimTitles(info, out[s], m.bPer, m.iPer)
		h.update(info, out[s])
	}
	return out
}

// decodeInfo runs Viterbi over the emission scores of one analysed
// sentence, writing one label per token to out.
//
// Looking features up is bound by memory, not arithmetic: the table and
// the weights are megabytes and each look-up is a cache miss. So the
// sentence's features are all hashed first, then their cells touched in a
// loop whose loads do not depend on each other (the processor overlaps
// the misses), then looked up for real, then their weights touched the
// same way, and only then summed.
func (m *Model) decodeInfo(out []int, info []tokenInfo, st style, sc *scratch) {
	nl, n := m.nl, len(info)
	sc.feats = sc.feats[:0]
	sc.ends = sc.ends[:0]
	for i := range info {
		sc.feats = features(sc.feats, info, i, st)
		sc.ends = append(sc.ends, len(sc.feats))
	}
	t := &m.feats
	var sink uint64
	for _, f := range sc.feats {
		sink += t.slots[t.home(f)].key
	}
	sc.found = sc.found[:0]
	for _, f := range sc.feats {
		if s := t.find(f); s != nil {
			sc.found = append(sc.found, s)
			sink += uint64(t.w[s.ref].label)
		} else {
			sc.found = append(sc.found, nil)
		}
	}
	sc.sink = sink
	sc.score = grow(sc.score, n*nl)
	score := sc.score
	clear(score)
	start := 0
	for i, end := range sc.ends {
		row := score[i*nl : (i+1)*nl]
		// Weights are added feature by feature in the order features
		// lists them, as always: float addition is not associative, and
		// a different order could flip a close decision.
		var o float32
		for _, s := range sc.found[start:end] {
			if s == nil {
				continue
			}
			o += s.w0
			for r := s.ref; r > 1; r++ {
				w := t.w[r]
				row[w.label&^lastWeight] += w.v
				if w.label&lastWeight != 0 {
					break
				}
			}
		}
		row[0] = o
		start = end
	}
	m.lat.viterbi(out, score, m.tv, sc)
}

// grow returns s resized to n, reallocating only when it is too small.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// lattice is the BIO transition structure in the form Viterbi wants: for
// each label c, the labels that may precede it, in increasing order (so
// that ties break as a full scan would), and whether it may start a
// sentence. Nine of the seventeen labels may follow anything and the
// eight I- labels only two, so this visits 169 transitions a token where
// the full square is 289.
type lattice struct {
	nl    int
	start []bool  // nl: may the label open a sentence?
	off   []int32 // nl+1: preds of c are pred[off[c]:off[c+1]]
	pred  []int32 // previous labels
	tidx  []int32 // their index in trans (p*nl + c)
}

// weights lays out transition weights ((nl+1) × nl) as viterbi wants
// them: the weight of each pred, in order, then the start row.
func (lat *lattice) weights(dst, trans []float32) []float32 {
	dst = dst[:0]
	for _, t := range lat.tidx {
		dst = append(dst, trans[t])
	}
	return append(dst, trans[lat.nl*lat.nl:(lat.nl+1)*lat.nl]...)
}

func newLattice(nl int, allow []bool) lattice {
	lat := lattice{nl: nl, start: make([]bool, nl), off: make([]int32, nl+1)}
	for c := 0; c < nl; c++ {
		lat.start[c] = allow[nl*nl+c]
		for p := 0; p < nl; p++ {
			if allow[p*nl+c] {
				lat.pred = append(lat.pred, int32(p))
				lat.tidx = append(lat.tidx, int32(p*nl+c))
			}
		}
		lat.off[c+1] = int32(len(lat.pred))
	}
	return lat
}

// viterbi writes to out the best label sequence given emission scores
// (n × nl) and transition weights tv laid out by weights. sc's delta and
// back are used as scratch.
func (lat *lattice) viterbi(out []int, score []float32, tv []float32, sc *scratch) {
	nl := lat.nl
	n := len(score) / nl
	if n == 0 {
		return
	}
	negInf := float32(math.Inf(-1))
	sc.delta = grow(sc.delta, n*nl)
	sc.back = grow(sc.back, n*nl)
	delta, back := sc.delta, sc.back
	startW := tv[len(lat.pred) : len(lat.pred)+nl]
	for c := 0; c < nl; c++ {
		if lat.start[c] {
			delta[c] = score[c] + startW[c]
		} else {
			delta[c] = negInf
		}
	}
	for i := 1; i < n; i++ {
		prev := delta[(i-1)*nl : i*nl]
		cur := delta[i*nl : (i+1)*nl]
		bk := back[i*nl : (i+1)*nl]
		em := score[i*nl : (i+1)*nl]
		for c := range cur {
			pred := lat.pred[lat.off[c]:lat.off[c+1]]
			w := tv[lat.off[c]:lat.off[c+1]]
			best, arg := negInf, int32(0)
			if len(pred) == nl {
				// Any label may precede c: pred is 0 … nl−1.
				w = w[:len(prev)]
				for p, d := range prev {
					if s := d + w[p]; s > best {
						best, arg = s, int32(p)
					}
				}
			} else {
				w = w[:len(pred)]
				for j, p := range pred {
					if s := prev[p] + w[j]; s > best {
						best, arg = s, p
					}
				}
			}
			cur[c] = best + em[c]
			bk[c] = arg
		}
	}
	out = out[:n]
	best := negInf
	out[n-1] = 0
	for c, s := range delta[(n-1)*nl : n*nl] {
		if s > best {
			best, out[n-1] = s, c
		}
	}
	for i := n - 1; i > 0; i-- {
		out[i-1] = int(back[i*nl+out[i]])
	}
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
	for _, w := range m.feats.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(w.v))))
	}
	for _, s := range m.feats.slots {
		maxAbs = max(maxAbs, float32(math.Abs(float64(s.w0))))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	binary.Write(bw, binary.LittleEndian, scale)
	feats := m.feats.sorted()
	uvarint(uint64(len(feats)))
	var prev uint64
	row := make([]float32, m.nl)
	for _, f := range feats {
		uvarint(f.key - prev)
		prev = f.key
		m.feats.row(f, row)
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
	m.tv = m.lat.weights(nil, m.trans)
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
	m.feats = newFeatTable(int(nf))
	row := make([]float32, m.nl)
	var key uint64
	for i := 0; i < int(nf); i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		if i > 0 && d == 0 {
			return nil, fmt.Errorf("feature %d repeats its predecessor", i)
		}
		key += d
		clear(row)
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
			row[l] = float32(q) * scale
		}
		m.feats.add(key, row)
	}
	return m, nil
}
