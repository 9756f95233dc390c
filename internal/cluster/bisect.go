package cluster

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Bisection decides whether a story is two events. Two same-kind events
// joined early (two earthquakes, two boxing title defences) share the
// vocabulary of their kind, so their centroids stay as alike as two halves
// of one event. What differs is structure: each event has its own names,
// places, years and tolls, and these occur together in one group of
// members and never in the other. The first principal component of the
// members' vectors then explains far more of their variance than it would
// if the same terms were scattered at random over the members. bisect
// measures exactly that: the share of variance on the first component,
// divided by the mean share over copies of the story whose terms were
// shuffled among members (each term keeping its document frequency and
// weights). One event gives a ratio near 1–1.5; two events 2–4 on ECB+
// train. The ratio is scale-free, so one threshold serves stories of 6 and
// of 60 members.

// nullShuffles is how many shuffled copies estimate the share of variance
// the first component takes by chance; 8 keep the ratio's noise well under
// the gap between one event and two.
const nullShuffles = 8

// powerIters bounds the power iteration; the first component of a story
// that holds two events is far ahead of the second, so it converges fast.
const powerIters = 30

// maxBisect bounds the members analysed: beyond it, a story is left whole,
// which keeps one refinement's cost bounded.
const maxBisect = 512

// sparseRow is one member restricted to the story's shared terms: local
// column indices, increasing, and their weights, unit length.
type sparseRow struct {
	cols []int32
	w    []float64
}

// bisection is the outcome of analysing a set of members.
type bisection struct {
	side []bool  // true: second part
	gap  float64 // first-component share over the shuffled share
}

// bisect splits vecs in two along their first principal component (then
// polished by 2-means) and reports how much more structured they are than
// chance. It returns gap 0 when there is nothing to analyse.
func bisect(vecs [][]term) bisection {
	n := len(vecs)
	if n < 4 || n > maxBisect {
		return bisection{}
	}
	rows, m := sharedRows(vecs)
	if m == 0 {
		return bisection{}
	}
	share, y := pcShare(rows, m)
	if share == 0 {
		return bisection{}
	}
	// The shuffles' seed depends only on the input, so the result is the
	// same on every run.
	rng := rand.New(rand.NewPCG(uint64(n), uint64(m)))
	var null float64
	shuf := make([]sparseRow, n)
	for range nullShuffles {
		shuffleColumns(rows, m, shuf, rng)
		s, _ := pcShare(shuf, m)
		null += s
	}
	null /= nullShuffles
	side := make([]bool, n)
	for i := range y {
		side[i] = y[i] > 0
	}
	polish(rows, m, side)
	b := bisection{side: side}
	if null > 0 {
		b.gap = share / null
	}
	return b
}

// sharedRows keeps the terms held by at least two members: a term of one
// member cannot mark a group, and only adds noise to both the story and its
// shuffles. Columns are numbered in term-id order, so nothing depends on
// map order.
func sharedRows(vecs [][]term) ([]sparseRow, int) {
	df := make(map[tid]int32)
	for _, v := range vecs {
		for _, t := range v {
			df[t.id]++
		}
	}
	ids := make([]tid, 0, len(df))
	for id, k := range df {
		if k >= 2 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	col := make(map[tid]int32, len(ids))
	for j, id := range ids {
		col[id] = int32(j)
	}
	rows := make([]sparseRow, len(vecs))
	type cw struct {
		c int32
		w float64
	}
	var buf []cw
	for i, v := range vecs {
		buf = buf[:0]
		for _, t := range v {
			if j, ok := col[t.id]; ok {
				buf = append(buf, cw{j, float64(t.w)})
			}
		}
		slices.SortFunc(buf, func(a, b cw) int { return int(a.c - b.c) })
		r := sparseRow{cols: make([]int32, len(buf)), w: make([]float64, len(buf))}
		for k, e := range buf {
			r.cols[k], r.w[k] = e.c, e.w
		}
		normalize(r.w)
		rows[i] = r
	}
	return rows, len(ids)
}

func normalize(w []float64) {
	var s float64
	for _, x := range w {
		s += x * x
	}
	if s == 0 {
		return
	}
	s = math.Sqrt(s)
	for k := range w {
		w[k] /= s
	}
}

// pcShare returns the share of the rows' centred variance on their first
// principal component, and each row's coordinate on it. It works in
// member space (y ← (R−1μᵀ)(R−1μᵀ)ᵀ y), so its cost is the number of
// non-zeros times the iterations, whatever the vocabulary.
func pcShare(rows []sparseRow, m int) (float64, []float64) {
	if len(rows) <= gramRows {
		return pcShareGram(rows, m)
	}
	return pcShareSparse(rows, m)
}

// pcShareSparse is pcShare by power iteration on the sparse rows.
func pcShareSparse(rows []sparseRow, m int) (float64, []float64) {
	n := len(rows)
	var x []float64
	mean := make([]float64, m)
	var sq float64
	for _, r := range rows {
		for k, c := range r.cols {
			mean[c] += r.w[k]
			sq += r.w[k] * r.w[k]
		}
	}
	var mm float64
	for c := range mean {
		mean[c] /= float64(n)
		mm += mean[c] * mean[c]
	}
	trace := sq - float64(n)*mm
	if trace <= 1e-12 {
		return 0, nil
	}
	x = make([]float64, m)
	dotRow := func(r sparseRow, v []float64) float64 {
		var d float64
		for k, c := range r.cols {
			d += r.w[k] * v[c]
		}
		return d
	}
	// Start from the deviation of the member farthest from the mean: it
	// lies on the main axis of a two-event story.
	far, farD := 0, -1.0
	for i, r := range rows {
		var nd float64
		for k, c := range r.cols {
			nd += r.w[k] * r.w[k]
			nd -= 2 * r.w[k] * mean[c]
		}
		nd += mm
		if nd > farD {
			far, farD = i, nd
		}
	}
	clear(x)
	for k, c := range rows[far].cols {
		x[c] = rows[far].w[k]
	}
	for c := range x {
		x[c] -= mean[c]
	}
	y := make([]float64, n)
	var lambda float64
	for it := 0; it < powerIters; it++ {
		// y = (R − 1μᵀ) x
		mx := 0.0
		for c := range x {
			mx += mean[c] * x[c]
		}
		var yy float64
		for i, r := range rows {
			y[i] = dotRow(r, x) - mx
			yy += y[i] * y[i]
		}
		if yy == 0 {
			return 0, nil
		}
		ny := math.Sqrt(yy)
		for i := range y {
			y[i] /= ny
		}
		// x = (R − 1μᵀ)ᵀ y
		clear(x)
		var sy float64
		for i, r := range rows {
			sy += y[i]
			for k, c := range r.cols {
				x[c] += y[i] * r.w[k]
			}
		}
		var xx float64
		for c := range x {
			x[c] -= sy * mean[c]
			xx += x[c] * x[c]
		}
		// With y of unit length, |Pᵀy|² is the Rayleigh quotient: it
		// converges to the largest eigenvalue.
		next := xx
		if it > 0 && math.Abs(next-lambda) <= 1e-9*next {
			lambda = next
			break
		}
		lambda = next
	}
	return lambda / trace, y
}

// shuffleColumns fills out with rows whose terms were dealt to random
// members: each term keeps how many members hold it and its weights, but
// which terms occur together is left to chance.
func shuffleColumns(rows []sparseRow, m int, out []sparseRow, rng *rand.Rand) {
	n := len(rows)
	for i := range out {
		out[i].cols = out[i].cols[:0]
		out[i].w = out[i].w[:0]
	}
	// Gather each column's weights in row order, then deal them out.
	start := make([]int, m+1)
	for _, r := range rows {
		for _, c := range r.cols {
			start[c+1]++
		}
	}
	for c := range m {
		start[c+1] += start[c]
	}
	ws := make([]float64, start[m])
	fill := slices.Clone(start[:m])
	for _, r := range rows {
		for k, c := range r.cols {
			ws[fill[c]] = r.w[k]
			fill[c]++
		}
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	for c := range m {
		k := start[c+1] - start[c]
		// Partial Fisher–Yates: perm[:k] is a uniform random k-subset.
		for j := range k {
			s := j + rng.IntN(n-j)
			perm[j], perm[s] = perm[s], perm[j]
			i := perm[j]
			out[i].cols = append(out[i].cols, int32(c))
			out[i].w = append(out[i].w, ws[start[c]+j])
		}
	}
	for i := range out {
		normalize(out[i].w)
	}
}

// polish runs 2-means (cosine to each part's centroid) from the given
// partition, so that members near the component's zero go to the part
// they resemble.
func polish(rows []sparseRow, m int, side []bool) {
	cen := [2][]float64{make([]float64, m), make([]float64, m)}
	for range 10 {
		clear(cen[0])
		clear(cen[1])
		for i, r := range rows {
			k := 0
			if side[i] {
				k = 1
			}
			for j, c := range r.cols {
				cen[k][c] += r.w[j]
			}
		}
		var norm [2]float64
		for k := range cen {
			for _, v := range cen[k] {
				norm[k] += v * v
			}
			norm[k] = math.Sqrt(norm[k])
		}
		if norm[0] == 0 || norm[1] == 0 {
			return
		}
		changed := false
		for i, r := range rows {
			var d [2]float64
			for j, c := range r.cols {
				d[0] += r.w[j] * cen[0][c]
				d[1] += r.w[j] * cen[1][c]
			}
			toB := d[1]/norm[1] > d[0]/norm[0]
			if toB != side[i] {
				side[i], changed = toB, true
			}
		}
		if !changed {
			return
		}
	}
}

// gramRows is the size up to which pcShare works on the members' n×n
// covariance (Gram) matrix: building it costs n² row products once, after
// which each power step is n², against n × non-zeros per step in the
// sparse form. Most stories are small, and the split test runs 9 times
// per look, so this was most of a feed's clustering time.
const gramRows = 48

// pcShareGram is pcShare on the centred Gram matrix C = (R−1μᵀ)(R−1μᵀ)ᵀ:
// the same share of variance and the same member coordinates (C's first
// eigenvector), from the same start (the farthest member's column).
func pcShareGram(rows []sparseRow, m int) (float64, []float64) {
	n := len(rows)
	mean := make([]float64, m)
	for _, r := range rows {
		for k, c := range r.cols {
			mean[c] += r.w[k]
		}
	}
	var mm float64
	for c := range mean {
		mean[c] /= float64(n)
		mm += mean[c] * mean[c]
	}
	// rm[i] = rowᵢ·μ; C[i][j] = rowᵢ·rowⱼ − rmᵢ − rmⱼ + μ·μ.
	rm := make([]float64, n)
	for i, r := range rows {
		for k, c := range r.cols {
			rm[i] += r.w[k] * mean[c]
		}
	}
	cm := make([]float64, n*n)
	dense := make([]float64, m)
	for i, r := range rows {
		for k, c := range r.cols {
			dense[c] = r.w[k]
		}
		for j := i; j < n; j++ {
			var d float64
			for k, c := range rows[j].cols {
				d += rows[j].w[k] * dense[c]
			}
			v := d - rm[i] - rm[j] + mm
			cm[i*n+j], cm[j*n+i] = v, v
		}
		for _, c := range r.cols {
			dense[c] = 0
		}
	}
	var trace float64
	far, farD := 0, math.Inf(-1)
	for i := range n {
		trace += cm[i*n+i]
		if cm[i*n+i] > farD {
			far, farD = i, cm[i*n+i]
		}
	}
	if trace <= 1e-12 {
		return 0, nil
	}
	y := make([]float64, n)
	next := make([]float64, n)
	copy(y, cm[far*n:far*n+n])
	var lambda float64
	for it := 0; it < powerIters; it++ {
		var yy float64
		for _, v := range y {
			yy += v * v
		}
		if yy == 0 {
			return 0, nil
		}
		ny := math.Sqrt(yy)
		for i := range y {
			y[i] /= ny
		}
		// Rayleigh quotient yᵀCy, and the next iterate Cy.
		var q float64
		for i := range n {
			var d float64
			row := cm[i*n : i*n+n]
			for j, v := range row {
				d += v * y[j]
			}
			next[i] = d
			q += y[i] * d
		}
		if it > 0 && math.Abs(q-lambda) <= 1e-9*q {
			lambda = q
			break
		}
		lambda = q
		y, next = next, y
	}
	return lambda / trace, y
}
