package dedupe

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The fast paths below must give exactly what the general code gives:
// these tests hold each one against it on the seeds and on crafted words.

func TestNormalizeASCIIMatchesRunes(t *testing.T) {
	words := []string{"Russia's", "RUSSIA", "1,000", "1.5", "five", "Five", "don't", "it's", "s", "'s", "A'S", "x's", "Twenty", "3,5.7", "abc123", "ID"}
	for _, a := range seedArticles(t, false) {
		for _, w := range strings.FieldsFunc(a.Text, func(r rune) bool { return !isWordRune(r) && r != '\'' && r != ',' && r != '.' }) {
			if ascii(w) {
				words = append(words, w)
			}
		}
	}
	if len(words) < 1000 {
		t.Fatalf("only %d words: the test would prove little", len(words))
	}
	for _, w := range words {
		got := string(normalizeASCII(nil, w))
		want := string(normalizeRunes(nil, w))
		if got != want {
			t.Errorf("normalizeASCII(%q) = %q, normalizeRunes = %q", w, got, want)
		}
	}
}

func TestIsWordRuneTable(t *testing.T) {
	for r := rune(0); r < 0x80; r++ {
		if got, want := isWordRune(r), unicode.IsLetter(r) || unicode.IsDigit(r); got != want {
			t.Errorf("isWordRune(%q) = %v, want %v", r, got, want)
		}
	}
}

func TestScanWordsWithoutStems(t *testing.T) {
	for _, a := range seedArticles(t, false) {
		full, light := scanWordsOpt(a.Text, true), scanWordsOpt(a.Text, false)
		if len(full) != len(light) {
			t.Fatalf("%s: %d words with stems, %d without", a.ID, len(full), len(light))
		}
		for i := range full {
			f, l := full[i], light[i]
			if f.start != l.start || f.end != l.end || f.hash != l.hash || f.number != l.number || (f.stem != 0) != (l.stem != 0) {
				t.Fatalf("%s word %d %q: %+v with stems, %+v without", a.ID, i, a.Text[f.start:f.end], f, l)
			}
		}
	}
}

func TestStemSetFromFeatures(t *testing.T) {
	arts := seedArticles(t, false)
	stemsOf := func(d *doc) []uint32 {
		var out []uint32
		for _, f := range d.feats {
			out = append(out, uint32(f>>32))
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	docs := make([]*doc, len(arts))
	for i, a := range arts {
		docs[i] = prepare(a, true)
		if got, want := distinctStems(docs[i].feats), len(stemsOf(docs[i])); got != want {
			t.Errorf("%s: distinctStems = %d, want %d", a.ID, got, want)
		}
	}
	for _, a := range docs {
		for _, b := range docs {
			if got, want := intersectStems(a.feats, b.feats), intersectCount(stemsOf(a), stemsOf(b)); got != want {
				t.Errorf("%s/%s: intersectStems = %d, want %d", a.id, b.id, got, want)
			}
		}
	}
}

func TestSeqCacheMatchesShingleSeq(t *testing.T) {
	arts := seedArticles(t, false)
	var c seqCache
	docs := make([]*doc, 0, seqCacheSize+len(arts))
	for i := 0; i < seqCacheSize+len(arts); i++ { // more docs than slots: evictions happen
		a := arts[i%len(arts)]
		a.ID += strings.Repeat("+", i)
		docs = append(docs, prepare(a, true))
	}
	for round := 0; round < 2; round++ {
		for _, d := range docs {
			q := c.get(d)
			seq, at, end := d.shingleSeq()
			if !reflect.DeepEqual(q.seq, seq) || !reflect.DeepEqual(q.at, at) || !reflect.DeepEqual(q.end, end) {
				t.Fatalf("%s: cached sequence differs from a fresh one", d.id)
			}
			want := map[uint32]int32{}
			for i, h := range seq {
				if _, ok := want[h]; !ok {
					want[h] = int32(i)
				}
			}
			if !reflect.DeepEqual(q.firstIndex(), want) {
				t.Fatalf("%s: first-index map differs", d.id)
			}
		}
	}
	if len(c.m) > seqCacheSize {
		t.Errorf("cache holds %d sequences, bound %d", len(c.m), seqCacheSize)
	}
}

// TestPackRoundTrip checks that packed features decode to the same list:
// the index compares old articles through the decoded form only.
func TestPackRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		feats []uint64
	}{
		{"empty", nil},
		{"one", []uint64{7<<32 | 3}},
		{"stem in many sentences", []uint64{5<<32 | 0, 5<<32 | 1, 5<<32 | 200, 5<<32 | 70000}},
		{"large stems and sentences", []uint64{1<<32 | 0, 1<<32 | 9, 0xfffffffe<<32 | 300, 0xffffffff<<32 | 0, 0xffffffff<<32 | 1<<20}},
	}
	for _, a := range seedArticles(t, false) {
		tests = append(tests, struct {
			name  string
			feats []uint64
		}{a.ID, prepare(a, true).feats})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &doc{feats: slices.Clone(tc.feats)}
			d.pack()
			if d.feats != nil {
				t.Fatal("pack kept the unpacked features")
			}
			var buf []uint64
			if got := d.features(&buf); !slices.Equal(got, tc.feats) {
				t.Errorf("decoded %v, want %v", got, tc.feats)
			}
		})
	}
}

// TestRiceSetRoundTrip checks that coded shingle sets decode to the same
// values: containment is computed on the decoded form only.
func TestRiceSetRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		vs   []uint32
	}{
		{"empty", nil},
		{"zero", []uint32{0}},
		{"max", []uint32{0xffffffff}},
		{"ends", []uint32{0, 1, 0xfffffffe, 0xffffffff}},
		{"dense", []uint32{5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37}},
		{"clustered", []uint32{1 << 31, 1<<31 + 1, 1<<31 + 2, 0xffffff00}},
	}
	for _, a := range seedArticles(t, false) {
		d := prepare(a, true)
		tests = append(tests, struct {
			name string
			vs   []uint32
		}{a.ID, d.shingles})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newRiceSet(tc.vs)
			if s.len() != len(tc.vs) {
				t.Fatalf("len %d, want %d", s.len(), len(tc.vs))
			}
			var buf []uint32
			if got := s.decode(&buf); !slices.Equal(got, tc.vs) && len(got)+len(tc.vs) > 0 {
				t.Errorf("decoded %v, want %v", got, tc.vs)
			}
			if len(tc.vs) > 100 && len(s.code)*8 > len(tc.vs)*27 {
				t.Errorf("%d values take %d bytes: no smaller than 27 bits a value", len(tc.vs), len(s.code))
			}
		})
	}
}

// TestNormalizeRunesMixed holds normalizeRunes, which copies ASCII bytes
// without decoding them, against lower-casing rune by rune.
func TestNormalizeRunesMixed(t *testing.T) {
	ref := func(w string) string {
		var b strings.Builder
		for _, r := range w {
			if r == '’' {
				r = '\''
			}
			b.WriteRune(unicode.ToLower(r))
		}
		s := b.String()
		if n := len(s); n > 2 && s[n-2] == '\'' && s[n-1] == 's' {
			s = s[:n-2]
		}
		if d, ok := numberWords[s]; ok {
			s = d
		}
		return s
	}
	words := []string{"Russia’s", "ÉCOLE", "Zürich", "Straße", "Aи丁Bc", "Kyiv’S", "ДВА", "ﬁve", "a\xffB", "T丁rump", "FİVE"}
	for _, w := range words {
		if got, want := string(normalizeRunes(nil, w)), ref(w); got != want {
			t.Errorf("normalizeRunes(%q) = %q, want %q", w, got, want)
		}
	}
}
