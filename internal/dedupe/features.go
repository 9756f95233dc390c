package dedupe

import (
	"encoding/binary"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zeebo/xxh3"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

// shingleSize is the number of words in a shingle. Five is long enough that
// two independent reports rarely share one outside quotations, and short
// enough that a light edit every few dozen words leaves most shingles intact.
const shingleSize = 5

// word is one normalised word of an article.
type word struct {
	start, end  int32
	hash        uint64 // of the normalised form; equal words hash equal
	stem        uint32 // content-word stem id; 0 for stop words
	sent        int32  // index into doc.sents
	quoted      bool   // inside quotation marks or a block quote
	informative bool   // a name, a number or a long content word
	number      bool
}

// sentence is one sentence. Its paragraph is not kept: evidence, the one
// use of it, finds it from the offsets (paraIndex), for linked pairs only.
type sentence struct {
	start, end int32
	hash       uint32 // of the sentence's stems, to count repeats across articles
	nfeat      uint8  // distinct unquoted content stems, saturating at 255
}

// doc holds what the detector keeps of one article: enough to confirm a
// candidate pair and to explain a link, and nothing that grows with the
// corpus.
type doc struct {
	id        string
	published string
	text      string // "" in the batch detector, which reads it from its Source
	src       int32  // position in the batch detector's Source
	// at is the publication time in Unix seconds, for Options.Window;
	// undated when published is empty or not a date.
	at int64
	// gone marks a doc of an Index dropped for being older than the
	// window: only its ID and dates are left.
	gone   bool
	words  int   // unquoted words (all words when the article is mostly quotation)
	nstems int32 // distinct content stems in feats
	// shingles is the sorted distinct shingle set. It is kept rather than
	// recomputed: every candidate pair needs it, and recomputing it cost
	// 2.4 times the CPU time of a whole run.
	shingles []uint32
	shset    riceSet // shingles once packed
	// feats lists (stem<<32 | sentence) for every distinct unquoted content
	// stem of every sentence, sorted, so that two articles' sentence
	// similarities come from one merge instead of all sentence pairs. Its
	// distinct stems are the article's content-stem set (document
	// frequencies, stem overlap), which is not kept twice. Once the doc is
	// packed, feats is nil and packed holds it delta-coded (see pack): the
	// index keeps about half the bytes. The
	// paragraphs are not kept: they are recomputed from the text, which the
	// caller holds anyway, for the few pairs that are linked.
	feats  []uint64
	packed []byte
	sents  []sentence
	// sentCode is sents coded in an arena by the batch detector (see
	// codeSents); read them with nsents and sent.
	sentCode []byte
	// bandKeys are the LSH band keys of the MinHash signature; sentKeys the
	// rewrite candidate keys. Both are dropped once the doc is indexed.
	bandKeys []uint64
	sentKeys []uint64
	// keyCode holds the keys coded by codeKeys in the batch detector, the
	// first nband of them band keys.
	keyCode []byte
	nband   int32
}

// pack replaces feats by its delta coding (and shingles by a riceSet): per feature, the stem's
// difference from the previous stem as a uvarint, then the sentence, as a
// difference from the previous one when the stem repeats. Most features
// take 5 bytes or 2 instead of 8.
func (d *doc) pack() { d.packIn(nil) }

// packIn is pack with the coded forms in the arena a (the heap when a is
// nil).
func (d *doc) packIn(a *arena) {
	if d.shingles != nil {
		d.shset = newRiceSetIn(d.shingles, a)
		d.shingles = nil
	}
	if d.feats == nil {
		return
	}
	buf := appendFeats(make([]byte, 0, len(d.feats)*5), d.feats)
	d.packed = a.clone(buf) // exact size: the doc lives as long as the index
	d.feats = nil
}

// appendFeats appends the coding of sorted features to dst.
func appendFeats(dst []byte, feats []uint64) []byte {
	var prev uint64
	for _, f := range feats {
		stem, sent := f>>32, f&0xffffffff
		if stem == prev>>32 && len(dst) > 0 {
			dst = binary.AppendUvarint(dst, 0)
			dst = binary.AppendUvarint(dst, sent-prev&0xffffffff)
		} else {
			dst = binary.AppendUvarint(dst, stem-prev>>32)
			dst = binary.AppendUvarint(dst, sent)
		}
		prev = f
	}
	return dst
}

// sentRecord is the size of a coded sentence: start, end and hash as
// little-endian uint32, then nfeat.
const sentRecord = 13

// codeSents moves d.sents into the arena a, as fixed-size records.
func (d *doc) codeSents(a *arena) {
	if len(d.sents) == 0 {
		return
	}
	b := a.alloc(len(d.sents) * sentRecord)
	for i, st := range d.sents {
		r := b[i*sentRecord:]
		binary.LittleEndian.PutUint32(r, uint32(st.start))
		binary.LittleEndian.PutUint32(r[4:], uint32(st.end))
		binary.LittleEndian.PutUint32(r[8:], st.hash)
		r[12] = st.nfeat
	}
	d.sentCode, d.sents = b, nil
}

// nsents returns the number of sentences of d.
func (d *doc) nsents() int {
	if d.sentCode != nil {
		return len(d.sentCode) / sentRecord
	}
	return len(d.sents)
}

// sent returns sentence i of d.
func (d *doc) sent(i int) sentence {
	if d.sentCode == nil {
		return d.sents[i]
	}
	r := d.sentCode[i*sentRecord : (i+1)*sentRecord]
	return sentence{start: int32(binary.LittleEndian.Uint32(r)), end: int32(binary.LittleEndian.Uint32(r[4:])),
		hash: binary.LittleEndian.Uint32(r[8:]), nfeat: r[12]}
}

// keyRecord is the size of a coded candidate key.
const keyRecord = 8

// key returns the coded key j.
func (d *doc) key(j int) uint64 { return binary.LittleEndian.Uint64(d.keyCode[j*keyRecord:]) }

// codeKeys moves d's candidate keys into the arena a: band keys, then
// sentence keys, each a little-endian uint64.
func (d *doc) codeKeys(a *arena) {
	b := a.alloc((len(d.bandKeys) + len(d.sentKeys)) * keyRecord)
	for i, k := range d.bandKeys {
		binary.LittleEndian.PutUint64(b[i*keyRecord:], k)
	}
	off := len(d.bandKeys) * keyRecord
	for i, k := range d.sentKeys {
		binary.LittleEndian.PutUint64(b[off+i*keyRecord:], k)
	}
	d.keyCode, d.nband = b, int32(len(d.bandKeys))
	d.bandKeys, d.sentKeys = nil, nil
}

// shingleSet returns d's shingle set, decoding it into *buf when packed.
func (d *doc) shingleSet(buf *[]uint32) []uint32 {
	if d.shingles != nil || d.shset.n == 0 {
		return d.shingles
	}
	return d.shset.decode(buf)
}

// features returns d's features, decoding them into *buf when packed.
func (d *doc) features(buf *[]uint64) []uint64 {
	if d.feats != nil || d.packed == nil {
		return d.feats
	}
	out := (*buf)[:0]
	var prev uint64
	for p := 0; p < len(d.packed); {
		ds, n := binary.Uvarint(d.packed[p:])
		p += n
		v, n := binary.Uvarint(d.packed[p:])
		p += n
		var f uint64
		if ds == 0 && len(out) > 0 {
			f = prev + v
		} else {
			f = (prev>>32+ds)<<32 | v
		}
		out = append(out, f)
		prev = f
	}
	*buf = out
	return out
}

// prepare computes an article's features. It depends only on the article,
// so the batch detector runs it in parallel.
func prepare(a news.Article, useQuotes bool) *doc {
	d := &doc{id: a.ID, published: a.Published, text: a.Text, at: publishedAt(a.Published)}
	s := a.Text
	paras := text.Paragraphs(s)
	spans := mergeFragments(s, text.Sentences(s))
	words := scanWords(s)
	markQuotes(s, paras, words)

	d.sents = make([]sentence, len(spans))
	for i, sp := range spans {
		d.sents[i] = sentence{start: int32(sp.Start), end: int32(sp.End)}
	}
	si := 0
	for i := range words {
		for si+1 < len(spans) && int(words[i].start) >= spans[si].End {
			si++
		}
		words[i].sent = int32(si)
	}

	// Shingles come from unquoted words, so that two outlets carrying the
	// same statement do not look like copies. An article that is almost all
	// quotation (a transcript, a statement reprinted whole) keeps its quotes,
	// or it would have nothing to compare.
	unq := 0
	for _, w := range words {
		if !w.quoted {
			unq++
		}
	}
	keep := func(w word) bool { return !w.quoted }
	if !useQuotes || unq < 40 && unq*4 < len(words) {
		keep = func(word) bool { return true }
		unq = len(words)
	}
	d.words = unq
	ws := make([]word, 0, unq)
	for _, w := range words {
		if keep(w) {
			ws = append(ws, w)
		}
	}
	d.bandKeys, d.shingles = signatureBands(ws)

	// Sentence features and rewrite keys.
	var feats []uint64
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && words[j].sent == words[i].sent {
			j++
		}
		sent := words[i].sent
		start := len(feats)
		var info []uint32
		for _, w := range words[i:j] {
			if w.quoted || w.stem == 0 {
				continue
			}
			feats = append(feats, uint64(w.stem)<<32|uint64(uint32(sent)))
			if w.informative {
				info = append(info, w.stem)
			}
		}
		seg := feats[start:]
		slices.Sort(seg)
		seg = slices.Compact(seg)
		feats = feats[:start+len(seg)]
		d.sents[sent].nfeat = uint8(min(len(seg), 255))
		h := uint64(len(seg))
		for _, f := range seg {
			h = mix64(h ^ f>>32)
		}
		d.sents[sent].hash = uint32(h)
		if isFurniture(s, d.sents[sent], j-i) {
			d.sents[sent].nfeat = 0
		}
		d.sentKeys = appendSentKeys(d.sentKeys, info)
		i = j
	}
	slices.Sort(feats)
	// Exact-size copies: the index keeps these for the life of the corpus.
	d.feats = slices.Clone(feats)
	d.nstems = int32(distinctStems(feats))
	slices.Sort(d.sentKeys)
	d.sentKeys = slices.Clone(slices.Compact(d.sentKeys)) // exact size: kept until indexed
	return d
}

// isFurniture reports a short line without sentence punctuation: a
// heading, a "Read more" or "Share this" line. Sites repeat them across
// articles, so they must not count as aligned sentences.
func isFurniture(s string, st sentence, words int) bool {
	if words >= 8 {
		return false
	}
	t := strings.TrimRight(s[st.start:st.end], "\"”’' )")
	return !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "!") && !strings.HasSuffix(t, "?")
}

// appendSentKeys adds a sentence's rewrite candidate keys: the pair of its
// two informative stems with the smallest hash, under two hash seeds. A
// paraphrase keeps names and numbers, so a rewritten sentence shares a key
// with its source often enough that a rewritten article shares several,
// while one key a sentence keeps the index small.
func appendSentKeys(keys []uint64, info []uint32) []uint64 {
	if len(info) < 2 {
		return keys
	}
	slices.Sort(info)
	info = slices.Compact(info)
	if len(info) < 2 {
		return keys
	}
	for seed := uint64(1); seed <= 2; seed++ {
		var a, b uint32
		ha, hb := ^uint64(0), ^uint64(0)
		for _, x := range info {
			h := mix64(uint64(x) ^ seed*0x9e3779b97f4a7c15)
			switch {
			case h < ha:
				hb, b = ha, a
				ha, a = h, x
			case h < hb:
				hb, b = h, x
			}
		}
		if a > b {
			a, b = b, a
		}
		keys = append(keys, mix64(uint64(a)<<32|uint64(b))^seed)
	}
	return keys
}

// mergeFragments joins a sentence to the next when the split was probably
// an abbreviation ("U.S. officials", "Mr. Kirby", "Dec. 3") rather than a
// sentence end: a fragment of three words aligns with anything that shares
// a name.
func mergeFragments(s string, spans []news.Span) []news.Span {
	out := spans[:0:0]
	for _, sp := range spans {
		if n := len(out); n > 0 && !strings.ContainsAny(s[out[n-1].End:sp.Start], "\n") &&
			(endsInAbbreviation(s[out[n-1].Start:out[n-1].End]) || startsLower(s[sp.Start:sp.End])) {
			out[n-1].End = sp.End
			continue
		}
		out = append(out, sp)
	}
	return out
}

func endsInAbbreviation(t string) bool {
	if !strings.HasSuffix(t, ".") {
		return false
	}
	t = t[:len(t)-1]
	i := strings.LastIndexAny(t, " (\"“")
	last := t[i+1:]
	if strings.Contains(last, ".") || len(last) == 1 {
		return true // "U.S", "a.m", "J"
	}
	return abbreviations[strings.ToLower(last)]
}

var abbreviations = setOf("mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")

func startsLower(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLower(r)
}

// signatureBands returns the LSH band keys of the MinHash signature of a
// word sequence's shingles, and their set (see shingleSet).
func signatureBands(ws []word) ([]uint64, []uint32) {
	var sig [numHashes]uint64
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	var seq []uint32
	forShingles(ws, func(i int, h uint64) {
		seq = append(seq, uint32(h))
		for b := range sig {
			if v := mix64(h ^ minhashSeeds[b]); v < sig[b] {
				sig[b] = v
			}
		}
	})
	keys := make([]uint64, numBands)
	for b := range keys {
		keys[b] = bandKey(sig[:], b)
	}
	slices.Sort(seq)
	return keys, slices.Clone(slices.Compact(seq)) // exact size: the index keeps it
}

// forShingles calls f with the start index and hash of every shingle of
// ws that holds a content word. Shingles of function words and numbers
// alone ("one of the most", "in the 2019 season") recur in unrelated texts
// and say nothing about copying.
func forShingles(ws []word, f func(i int, h uint64)) {
	n := len(ws) - shingleSize + 1
	if len(ws) > 0 && n < 1 {
		n = 1
	}
	var buf [8 * shingleSize]byte
	for i := 0; i < n; i++ {
		k, content := 0, false
		for j := i; j < i+shingleSize && j < len(ws); j++ {
			binary.LittleEndian.PutUint64(buf[k:], ws[j].hash)
			k += 8
			content = content || ws[j].stem != 0 && !ws[j].number
		}
		if content {
			f(i, xxh3.Hash(buf[:k]))
		}
	}
}

// shingleSeq returns the 32-bit shingle hashes of an article in text order
// with the byte offsets where each starts and ends; used only to confirm
// a shared passage and to explain a link.
func (d *doc) shingleSeq() (seq []uint32, at []int32, end []int32) {
	return d.shingleSeqIn(d.text, text.Paragraphs(d.text))
}

// shingleSeqIn is shingleSeq given the text s and its paragraphs.
func (d *doc) shingleSeqIn(s string, paras []news.Span) (seq []uint32, at []int32, end []int32) {
	words := scanWordsOpt(s, false)
	markQuotes(s, paras, words)
	keepAll := d.words == len(words)
	var ws []word
	for _, w := range words {
		if keepAll || !w.quoted {
			ws = append(ws, w)
		}
	}
	forShingles(ws, func(i int, h uint64) {
		seq = append(seq, uint32(h))
		at = append(at, ws[i].start)
		end = append(end, ws[min(i+shingleSize, len(ws))-1].end)
	})
	return seq, at, end
}

// scanWords splits s into normalised words: runs of letters and digits,
// keeping apostrophes inside words and separators inside numbers.
func scanWords(s string) []word { return scanWordsOpt(s, true) }

// scanWordsOpt is scanWords; without stems, a content word's stem is 1
// instead of its id, which is all that shingles need to know (stemOf
// never returns 0 for a content word), and informative is not set.
func scanWordsOpt(s string, stems bool) []word {
	ws := make([]word, 0, len(s)/6)
	var buf []byte
	sentStart := true
	for i := 0; i < len(s); {
		var r rune
		n := 1
		if c := s[i]; c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if !isWordRune(r) {
			if r == '.' || r == '!' || r == '?' || r == '\n' || r == ':' {
				sentStart = true
			}
			i += n
			continue
		}
		start := i
		j := i
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf && asciiWord[c] {
				j++
				continue
			}
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r2) {
				j += n2
				continue
			}
			// Keep "don't", "1,000" and "1.5" whole.
			if r2 == '\'' || r2 == '’' || r2 == ',' || r2 == '.' {
				r3, _ := utf8.DecodeRuneInString(s[j+n2:])
				r1, _ := utf8.DecodeLastRuneInString(s[:j])
				if r2 == '\'' || r2 == '’' {
					if unicode.IsLetter(r1) && unicode.IsLetter(r3) {
						j += n2
						continue
					}
				} else if unicode.IsDigit(r1) && unicode.IsDigit(r3) {
					j += n2
					continue
				}
			}
			break
		}
		first, _ := utf8.DecodeRuneInString(s[start:j])
		buf = normalize(buf[:0], s[start:j])
		w := word{start: int32(start), end: int32(j), hash: xxh3.Hash(buf)}
		if len(buf) > 0 {
			w.number = buf[0] >= '0' && buf[0] <= '9'
			if stems {
				w.stem, w.informative = stemOf(buf, unicode.IsUpper(first) && !sentStart)
			} else if isContent(buf) {
				w.stem = 1
			}
		}
		ws = append(ws, w)
		sentStart = false
		i = j
	}
	return ws
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// asciiWord[c] is unicode.IsLetter(c) || unicode.IsDigit(c) for ASCII c.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))
	}
	return t
}()

// normalize lower-cases a word, folds typographic apostrophes, drops a
// possessive "'s" and thousands separators, and writes number words as
// digits, so that "Russia’s"/"Russia's"/"Russia" and "1,000"/"1000" and
// "five"/"5" compare equal.
func normalize(dst []byte, w string) []byte {
	if ascii(w) {
		return normalizeASCII(dst, w)
	}
	return normalizeRunes(dst, w)
}

// normalizeRunes is normalize for any UTF-8 word.
func normalizeRunes(dst []byte, w string) []byte {
	digits := true
	for _, r := range w {
		if !unicode.IsDigit(r) && r != ',' && r != '.' {
			digits = false
			break
		}
	}
	if digits {
		for i := 0; i < len(w); i++ {
			if w[i] != ',' {
				dst = append(dst, w[i])
			}
		}
		return dst
	}
	for i := 0; i < len(w); {
		if c := w[i]; c < utf8.RuneSelf {
			// ASCII bytes of a mixed word: unicode.ToLower reduces to this.
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[i:])
		i += n
		if r == '’' {
			r = '\''
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	if n := len(dst); n > 2 && dst[n-2] == '\'' && dst[n-1] == 's' {
		dst = dst[:n-2]
	}
	if d, ok := numberWords[string(dst)]; ok {
		dst = append(dst[:0], d...)
	}
	return dst
}

// normalizeASCII is normalize for a word of ASCII bytes only, where
// unicode.IsDigit and unicode.ToLower reduce to byte tests and no
// typographic apostrophe can occur.
func normalizeASCII(dst []byte, w string) []byte {
	digits := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < '0' || c > '9') && c != ',' && c != '.' {
			digits = false
			break
		}
	}
	if digits {
		for i := 0; i < len(w); i++ {
			if w[i] != ',' {
				dst = append(dst, w[i])
			}
		}
		return dst
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	if n := len(dst); n > 2 && dst[n-2] == '\'' && dst[n-1] == 's' {
		dst = dst[:n-2]
	}
	if d, ok := numberWords[string(dst)]; ok {
		dst = append(dst[:0], d...)
	}
	return dst
}

func ascii(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// stemOf returns the content stem id of a normalised word (0 for a stop
// word) and whether the word is informative enough to key a rewrite
// candidate. The stem is a five-letter prefix: crude, but it merges
// inflections ("supplying"/"supplied", "defense"/"defence") at no cost, and
// a paraphrase changes words far more than a prefix collision does.
// isContent reports whether stemOf(w, …) gives w a stem (not 0).
func isContent(w []byte) bool {
	isNum := w[0] >= '0' && w[0] <= '9'
	return !stopWords[string(w)] && (isNum || len(w) >= 3)
}

func stemOf(w []byte, capitalised bool) (uint32, bool) {
	if stopWords[string(w)] {
		return 0, false
	}
	isNum := w[0] >= '0' && w[0] <= '9'
	if !isNum && len(w) < 3 {
		return 0, false
	}
	st := w
	if !isNum {
		if utf8.RuneCount(st) > 5 {
			n := 0
			for i := range string(st) {
				if n == 5 {
					st = st[:i]
					break
				}
				n++
			}
		} else if len(st) >= 4 && st[len(st)-1] == 's' {
			st = st[:len(st)-1]
		}
	}
	id := uint32(xxh3.Hash(st))
	if id == 0 {
		id = 1
	}
	return id, isNum || capitalised || len(w) >= 8
}

// markQuotes flags the words inside quotation marks and in block quotes.
// Quoted text is discounted because independent reports of one statement
// share it word for word.
func markQuotes(s string, paras []news.Span, ws []word) {
	wi := 0
	prevIntro := false
	for _, p := range paras {
		ps := s[p.Start:p.End]
		block := prevIntro || isBlockQuote(ps)
		prevIntro = introducesQuote(ps)
		// Quote spans inside the paragraph; an unclosed quote runs to the
		// paragraph's end (the convention for quotes over several paragraphs).
		var spans [][2]int
		open := -1
		var closer rune
		for i := 0; i < len(ps); {
			if c := ps[i]; c < utf8.RuneSelf && c != '"' {
				i++ // no other ASCII byte opens or closes a quotation
				continue
			}
			r, n := utf8.DecodeRuneInString(ps[i:])
			switch {
			case open < 0 && (r == '"' || r == '“' || r == '«' || r == '„'):
				open, closer = i, closeOf(r)
			case open < 0 && r == '‘' && (i == 0 || !isWordBefore(ps, i)):
				open, closer = i, '’'
			case open >= 0 && r == closer && (closer != '’' || !isWordAfter(ps, i+n)):
				spans = append(spans, [2]int{p.Start + open, p.Start + i + n})
				open = -1
			case open >= 0 && closer == '”' && r == '"':
				// Mixed straight and curly marks in scraped text.
				spans = append(spans, [2]int{p.Start + open, p.Start + i + n})
				open = -1
			}
			i += n
		}
		// An unclosed double quote runs to the paragraph's end; an unclosed
		// single one was an apostrophe or a typo, not a quotation.
		if open >= 0 && closer != '’' {
			spans = append(spans, [2]int{p.Start + open, p.End})
		}
		for wi < len(ws) && int(ws[wi].start) < p.Start {
			wi++
		}
		k := 0
		for wi < len(ws) && int(ws[wi].start) < p.End {
			w := &ws[wi]
			if block {
				w.quoted = true
			} else {
				for k < len(spans) && spans[k][1] <= int(w.start) {
					k++
				}
				if k < len(spans) && spans[k][0] <= int(w.start) {
					w.quoted = true
				}
			}
			wi++
		}
	}
}

func closeOf(r rune) rune {
	switch r {
	case '“':
		return '”'
	case '«':
		return '»'
	case '„':
		return '“'
	}
	return '"'
}

func isWordBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWordRune(r)
}

func isWordAfter(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// isBlockQuote reports paragraphs that are quotations by their form: a
// mail-style "> " prefix or an embedded tweet's attribution line.
func isBlockQuote(p string) bool {
	return strings.HasPrefix(p, ">") || strings.Contains(p, "pic.twitter.com") ||
		strings.Contains(p, "(@") && (strings.Contains(p, "— ") || strings.Contains(p, "- "))
}

// introducesQuote reports a paragraph that hands over to a block quote:
// it ends with a colon, or with a comma right after a speech verb
// ("In effect, Kirby said,").
func introducesQuote(p string) bool {
	p = strings.TrimRight(p, " \t")
	if strings.HasSuffix(p, ":") {
		return true
	}
	if !strings.HasSuffix(p, ",") {
		return false
	}
	f := strings.Fields(strings.ToLower(p[:len(p)-1]))
	for i := len(f) - 1; i >= 0 && i >= len(f)-3; i-- {
		if speechVerbs[strings.Trim(f[i], ",.")] {
			return true
		}
	}
	return false
}

var speechVerbs = setOf("said", "says", "added", "adds", "wrote", "writes", "tweeted", "stated", "declared", "told", "noted", "continued", "explained")

var numberWords = map[string]string{
	"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
	"twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
	"sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
	"twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
	"hundred": "100", "thousand": "1000",
}

// stopWords are function words and reporting verbs: every article has them,
// so they say nothing about whether one copies another.
var stopWords = setOf(
	"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
	"be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
	"can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
	"had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
	"i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself",
	"no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
	"same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
	"under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
	"you", "your", "yours", "yourself", "yourselves", "may", "might", "must", "shall", "upon", "yet", "however", "although", "though", "since", "within", "without",
	"said", "says", "say", "told", "according", "added", "adding", "stated", "noted", "reported", "mr", "mrs", "ms", "dr",
	"percent", "per", "cent", "one", "new", "year", "years", "would", "like", "many", "much", "well", "even", "still", "back",
	"don't", "it's", "that's", "there's", "isn't", "wasn't", "can't", "won't", "didn't", "doesn't",
)

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// mix64 is the SplitMix64 finaliser: a cheap, well-spread permutation of
// 64-bit values, used to derive the MinHash functions from one xxh3 hash.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
