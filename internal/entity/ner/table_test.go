package ner

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"io"
	"slices"
	"testing"
)

func TestFeatTable(t *testing.T) {
	const nl = 5
	rows := map[uint64][]float32{
		0:          {0, 0, 0, 0, 0}, // stored although every weight is zero
		1:          {1.5, 0, 0, 0, 0},
		2:          {0, -2, 0, 3, 0},
		3:          {4, 5, 6, 7, 8},
		1 << 63:    {0, 0, 0, 0, 9},
		^uint64(0): {-1, 0, 0, 0, 0},
	}
	tab := newFeatTable(len(rows))
	for k, r := range rows {
		tab.add(k, r)
	}
	// Keys whose home cell is the same probe past each other.
	var same []uint64
	h := tab.home(12345)
	for k := uint64(100); len(same) < 4; k++ {
		if tab.home(k) == h {
			same = append(same, k)
		}
	}
	for i, k := range same[:3] {
		row := []float32{float32(i), 0, float32(-i), 0, 0}
		rows[k] = row
		tab.add(k, row)
	}
	got := make([]float32, nl)
	for k, want := range rows {
		s := tab.find(k)
		if s == nil {
			t.Errorf("key %d: not found", k)
			continue
		}
		tab.row(s, got)
		if !slices.Equal(got, want) {
			t.Errorf("key %d: row %v, want %v", k, got, want)
		}
	}
	for _, k := range []uint64{4, 5, 1 << 62, same[3]} {
		if tab.find(k) != nil {
			t.Errorf("key %d: found but never stored", k)
		}
	}
	sorted := tab.sorted()
	if len(sorted) != len(rows) {
		t.Fatalf("sorted lists %d features, want %d", len(sorted), len(rows))
	}
	if !slices.IsSortedFunc(sorted, func(a, b *slot) int { return cmp.Compare(a.key, b.key) }) {
		t.Error("sorted is not in key order")
	}
}

// TestRewriteEmbedded: the in-memory layout must keep everything the file
// says, so writing the loaded model gives back the same bytes.
func TestRewriteEmbedded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes the whole model")
	}
	m, err := Load()
	if err != nil {
		t.Skip("no embedded model:", err)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, want := gunzip(t, buf.Bytes()), gunzip(t, embedded)
	if !bytes.Equal(got, want) {
		t.Errorf("rewritten model differs: %d bytes, want %d", len(got), len(want))
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
