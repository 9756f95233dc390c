package ner

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// Unknown is the tag of a token whose annotation is missing: the corpus
// could not say whether it is O or part of a MISC mention (a tweet corpus
// without a MISC class). Training takes whichever of the two the current
// model prefers, so that the token teaches nothing either way.
const Unknown = "?"

// Sentence is one training sentence: tokens and their BIO tags in the
// model's types (or Unknown).
type Sentence struct {
	Tokens []string
	Tags   []string
}

// TrainOptions tune training. The zero value is usable.
type TrainOptions struct {
	Epochs   int     // passes over the data; default 10
	MinCount int     // features seen fewer times are dropped; default 2
	Seed     uint64  // shuffling seed, for reproducible models
	Prune    float32 // averaged weights smaller than this are dropped; default 0.01
	// Progress, when set, is called after every epoch.
	Progress func(epoch int, errors, tokens int)
}

// Train fits a model to sentences, each taken as a document of its own.
func Train(ctx context.Context, sents []Sentence, opt TrainOptions) (*Model, error) {
	docs := make([][]Sentence, len(sents))
	for i := range sents {
		docs[i] = sents[i : i+1]
	}
	return TrainDocs(ctx, docs, opt)
}

// TrainDocs fits a model to documents with the averaged structured
// perceptron (Collins 2002): decode with the current weights, and where
// the best sequence differs from the gold one, add the gold features and
// subtract the predicted ones. Averaging the weights over all steps makes
// this nearly as good as a CRF for tagging at a fraction of the cost.
//
// The sentences of a document are decoded in order, so that the
// prediction-history features see, as at tagging time, what the model
// itself said earlier in the document.
func TrainDocs(ctx context.Context, docs [][]Sentence, opt TrainOptions) (*Model, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 2
	}
	if opt.Prune == 0 {
		opt.Prune = 0.01
	}
	m, err := newModel(labels())
	if err != nil {
		return nil, err
	}
	labelID := map[string]int{}
	for i, l := range m.labels {
		labelID[l] = i
	}
	nl := m.nl

	// Static features are computed once; the gazetteer, the words and the
	// document statistics don't change. The history features do, and
	// are added as each sentence is decoded.
	type example struct {
		info  []tokenInfo
		feats [][]int32
		gold  []int // -1 where the tag is Unknown
		// partial is set when some gold tags are Unknown; the gold
		// sequence is then the best one the known tags allow.
		partial bool
	}
	unknownOK := make([]bool, nl)
	for _, l := range []string{"O", "B-MISC", "I-MISC"} {
		unknownOK[labelID[l]] = true
	}
	negInf := float32(math.Inf(-1))
	var cscore []float32
	counts := map[uint64]int32{}
	// index numbers the features during training; the model's read-only
	// table is built from it at the end.
	index := map[uint64]int32{}
	hashes := make([][][][]uint64, len(docs))
	infos := make([][][]tokenInfo, len(docs))
	for d, doc := range docs {
		infos[d] = make([][]tokenInfo, len(doc))
		hashes[d] = make([][][]uint64, len(doc))
		for s, sent := range doc {
			if len(sent.Tokens) != len(sent.Tags) {
				return nil, fmt.Errorf("ner: train: document %d sentence %d has %d tokens and %d tags", d, s, len(sent.Tokens), len(sent.Tags))
			}
			infos[d][s] = analyse(m.gaz, m.lex, sent.Tokens)
		}
		ds := newDocStats(infos[d])
		for s, info := range infos[d] {
			st := sentenceStyle(info)
			ds.annotate(info, st)
			hashes[d][s] = make([][]uint64, len(info))
			for i := range info {
				fs := features(nil, info, i, st)
				hashes[d][s][i] = fs
				for _, f := range fs {
					counts[f]++
				}
			}
		}
	}
	for f, c := range counts {
		if int(c) >= opt.MinCount {
			index[f] = int32(len(index))
		}
	}
	for _, f := range histFeatures() {
		if _, ok := index[f]; !ok {
			index[f] = int32(len(index))
		}
	}
	counts = nil
	data := make([][]example, len(docs))
	for d, doc := range docs {
		for s, sent := range doc {
			ex := example{info: infos[d][s], feats: make([][]int32, len(sent.Tokens)), gold: make([]int, len(sent.Tags))}
			for i, fs := range hashes[d][s] {
				for _, f := range fs {
					if r, ok := index[f]; ok {
						ex.feats[i] = append(ex.feats[i], r)
					}
				}
			}
			for i, t := range sent.Tags {
				if t == Unknown {
					ex.gold[i] = -1
					ex.partial = true
					continue
				}
				id, ok := labelID[t]
				if !ok {
					return nil, fmt.Errorf("ner: train: document %d sentence %d: unknown tag %q", d, s, t)
				}
				ex.gold[i] = id
			}
			if len(ex.gold) > 0 {
				data[d] = append(data[d], ex)
			}
		}
		hashes[d] = nil
	}

	// w holds the current weights and acc the running sum of c·Δ, so that
	// the average is w − acc/c (Daumé's trick; no per-step copying).
	nw := len(index) * nl
	w := make([]float32, nw)
	acc := make([]float64, nw)
	tw := make([]float32, len(m.trans))
	tacc := make([]float64, len(m.trans))
	c := 1.0
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7472692d6e6572))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	var score []float32
	var pred, gold, partGold []int
	sc := new(scratch)
	var tv []float32
	var hist []int32 // per token: the history feature's row, or -1
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs, toks := 0, 0
		for k, idx := range order {
			if k%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			h := history{}
			for e := range data[idx] {
				ex := &data[idx][e]
				n := len(ex.gold)
				for i := range ex.info {
					ex.info[i].hist = ""
				}
				h.annotate(ex.info)
				hist = hist[:0]
				for i := range ex.info {
					r := int32(-1)
					if ex.info[i].hist != "" {
						r = index[feat(fHist, ex.info[i].hist)]
					}
					hist = append(hist, r)
				}
				score = score[:0]
				for i := 0; i < n; i++ {
					for range nl {
						score = append(score, 0)
					}
					row := score[i*nl : (i+1)*nl]
					for _, r := range ex.feats[i] {
						wr := w[int(r)*nl : int(r)*nl+nl]
						for l := range row {
							row[l] += wr[l]
						}
					}
					if r := hist[i]; r >= 0 {
						wr := w[int(r)*nl : int(r)*nl+nl]
						for l := range row {
							row[l] += wr[l]
						}
					}
				}
				tv = m.lat.weights(tv, tw)
				pred = grow(pred, n)
				m.lat.viterbi(pred, score, tv, sc)
				gold = ex.gold
				if ex.partial {
					cscore = append(cscore[:0], score...)
					for i, g := range ex.gold {
						for l := range nl {
							if g >= 0 && l != g || g < 0 && !unknownOK[l] {
								cscore[i*nl+l] = negInf
							}
						}
					}
					partGold = grow(partGold, n)
					m.lat.viterbi(partGold, cscore, tv, sc)
					gold = partGold
				}
				h.update(ex.info, pred)
				toks += n
				prev, gprev := nl, nl
				for i := 0; i < n; i++ {
					g, p := gold[i], pred[i]
					if g != p {
						errs++
						up := func(r int32) {
							gi, pi := int(r)*nl+g, int(r)*nl+p
							w[gi]++
							acc[gi] += c
							w[pi]--
							acc[pi] -= c
						}
						for _, r := range ex.feats[i] {
							up(r)
						}
						if hist[i] >= 0 {
							up(hist[i])
						}
					}
					if g != p || gprev != prev {
						gi, pi := gprev*nl+g, prev*nl+p
						tw[gi]++
						tacc[gi] += c
						tw[pi]--
						tacc[pi] -= c
					}
					prev, gprev = p, g
				}
				c++
			}
		}
		if opt.Progress != nil {
			opt.Progress(epoch, errs, toks)
		}
	}

	for i := range tw {
		m.trans[i] = tw[i] - float32(tacc[i]/c)
	}
	m.tv = m.lat.weights(nil, m.trans)
	// Keep only features with a weight worth storing, renumbering rows.
	m.feats = newFeatTable(len(index))
	row := make([]float32, nl)
	for f, r := range index {
		clear(row)
		var big bool
		for l := range row {
			v := w[int(r)*nl+l] - float32(acc[int(r)*nl+l]/c)
			if float32(math.Abs(float64(v))) >= opt.Prune {
				row[l] = v
				big = true
			}
		}
		if big {
			m.feats.add(f, row)
		}
	}
	return m, nil
}
