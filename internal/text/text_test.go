package text

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

func spanTexts(s string, spans []news.Span) []string {
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = s[sp.Start:sp.End]
	}
	return out
}

func tokenTexts(s string, toks []news.Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = s[t.Start:t.End]
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"titles", "Mr. Smith went to Washington. He met Mrs. Jones.",
			[]string{"Mr. Smith went to Washington.", "He met Mrs. Jones."}},
		{"titles never end a sentence", "Gen. Valery Gerasimov met Sen. Ted Cruz, Rep. Adam Schiff, Gov. Greg Abbott, Prof. Smith, Dr. Who and Capt. Kirk.",
			[]string{"Gen. Valery Gerasimov met Sen. Ted Cruz, Rep. Adam Schiff, Gov. Greg Abbott, Prof. Smith, Dr. Who and Capt. Kirk."}},
		{"saint vs street", "They flew to St. Petersburg. He lives on Main St. The house is old.",
			[]string{"They flew to St. Petersburg.", "He lives on Main St.", "The house is old."}},
		{"Jr. mid-sentence", "Martin Luther King Jr. was born in Atlanta.",
			[]string{"Martin Luther King Jr. was born in Atlanta."}},
		{"Jr. at the end before a starter", "The son of John Smith Jr. The family moved.",
			[]string{"The son of John Smith Jr.", "The family moved."}},
		{"dotted abbreviations inside", "The U.S. Defense Department, the U.K. government and the U.N. Security Council and the E.U. agreed.",
			[]string{"The U.S. Defense Department, the U.K. government and the U.N. Security Council and the E.U. agreed."}},
		{"dotted abbreviation at the end", "He lives in the U.S. The ministry said so.",
			[]string{"He lives in the U.S.", "The ministry said so."}},
		{"month before a number", "It happened on Dec. 3, 2022. Then it ended.",
			[]string{"It happened on Dec. 3, 2022.", "Then it ended."}},
		{"month at the end", "Talks began in Jan. and ended in Feb. The deal failed.",
			[]string{"Talks began in Jan. and ended in Feb.", "The deal failed."}},
		{"No. before a number", "He lives at No. 10 Downing St. and works from 9 a.m. every day.",
			[]string{"He lives at No. 10 Downing St. and works from 9 a.m. every day."}},
		{"a.m. before a name", "The meeting starts at 10 a.m. Friday in Kyiv.",
			[]string{"The meeting starts at 10 a.m. Friday in Kyiv."}},
		{"p.m. at the end", "The meeting ended at 5 p.m. The talks resume today.",
			[]string{"The meeting ended at 5 p.m.", "The talks resume today."}},
		{"company abbreviations", "Apple Inc. said profits rose. Acme Corp. and Foo Co. Ltd. agreed.",
			[]string{"Apple Inc. said profits rose.", "Acme Corp. and Foo Co. Ltd. agreed."}},
		{"lowercase abbreviations", "Russia vs. Ukraine, e.g. the war, i.e. the invasion, etc. are topics.",
			[]string{"Russia vs. Ukraine, e.g. the war, i.e. the invasion, etc. are topics."}},
		{"initials", "John F. Kennedy was president. George W. Bush was too.",
			[]string{"John F. Kennedy was president.", "George W. Bush was too."}},
		{"pronoun I is not an initial", "So do I. Russia does not.",
			[]string{"So do I.", "Russia does not."}},
		{"numbers", "It rose 10.5 percent to $275 million. About 1.5 million people and 80,000 155 mm rounds were counted. They fired 155 mm. The shells hit.",
			[]string{"It rose 10.5 percent to $275 million.", "About 1.5 million people and 80,000 155 mm rounds were counted.", "They fired 155 mm.", "The shells hit."}},
		{"fractions", "He ran 9 1/2 miles. She ran 3.25 miles.",
			[]string{"He ran 9 1/2 miles.", "She ran 3.25 miles."}},
		{"a number starts a sentence", "It happened in 2022. 10 people died.",
			[]string{"It happened in 2022.", "10 people died."}},
		{"ellipses", "Wait... What happened? He paused … and went on.",
			[]string{"Wait...", "What happened?", "He paused … and went on."}},
		{"question and exclamation", "Nobody knows! Really?! Yes. Why? 15 drones.",
			[]string{"Nobody knows!", "Really?!", "Yes.", "Why?", "15 drones."}},
		{"quote then attribution", "“It is over,” he said. “We won.”",
			[]string{"“It is over,” he said.", "“We won.”"}},
		{"quote with comma is one sentence", "“Hello,” he said.",
			[]string{"“Hello,” he said."}},
		{"closing quote belongs to the sentence", `"Frankly speaking, it is a sign." Kahl said`,
			[]string{`"Frankly speaking, it is a sign."`, "Kahl said"}},
		{"question in quotes then lowercase", "“Why?” he asked. “Because.”",
			[]string{"“Why?” he asked.", "“Because.”"}},
		{"curly quote then title", "“Russia’s been using Iranian drones.” Mr. Kirby said.",
			[]string{"“Russia’s been using Iranian drones.”", "Mr. Kirby said."}},
		{"quote ends a sentence", "The Kremlin said Time’s choice was “Russophobic.” Moscow agreed.",
			[]string{"The Kremlin said Time’s choice was “Russophobic.”", "Moscow agreed."}},
		{"single quotes", "He said ‘no.’ Then he left. 'Fine.' She agreed.",
			[]string{"He said ‘no.’", "Then he left.", "'Fine.'", "She agreed."}},
		{"brackets", "(He left.) Then she came. [Sic.] Done.",
			[]string{"(He left.)", "Then she came.", "[Sic.]", "Done."}},
		{"state abbreviation in brackets", "Sen. Elizabeth Warren (D-Mass.) said so.",
			[]string{"Sen. Elizabeth Warren (D-Mass.) said so."}},
		{"state abbreviation at the end", "He spoke in Springfield, Ill. The crowd cheered.",
			[]string{"He spoke in Springfield, Ill.", "The crowd cheered."}},
		{"line breaks always end a sentence", "Headline without stop\nFirst sentence. Second one.\r\n\r\n  Third by Mr.\nFourth",
			[]string{"Headline without stop", "First sentence.", "Second one.", "Third by Mr.", "Fourth"}},
		{"unicode separators", "One\u2028Two\u2029Three\u0085Four",
			[]string{"One", "Two", "Three", "Four"}},
		{"no-break space", "One.\u00a0Two.\u00a0",
			[]string{"One.", "Two."}},
		{"cyrillic", "Зеленський сказав. Він пішов.",
			[]string{"Зеленський сказав.", "Він пішов."}},
		{"no space after the stop", "The drones hit Kyiv.The city burned.",
			[]string{"The drones hit Kyiv.The city burned."}},
		{"opening quote before a starter", "He spoke in the U.S. “The war must end,” he said.",
			[]string{"He spoke in the U.S.", "“The war must end,” he said."}},
		{"empty", "", nil},
		{"blank", " \n\t \r\n ", nil},
		{"only punctuation", "...", []string{"..."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sentences(tt.in)
			checkSentences(t, tt.in, got)
			if texts := spanTexts(tt.in, got); !slices.Equal(texts, tt.want) {
				t.Errorf("Sentences(%q) =\n%q\nwant\n%q", tt.in, texts, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"possessive clitic", "Russia’s drones", []string{"Russia", "’s", "drones"}},
		{"contractions", "don't can't won't I'm they're we've he'll she'd", []string{"do", "n't", "ca", "n't", "wo", "n't", "I", "'m", "they", "'re", "we", "'ve", "he", "'ll", "she", "'d"}},
		{"inner apostrophe kept", "O'Malley's campaign", []string{"O'Malley", "'s", "campaign"}},
		{"plural possessive", "Ukrainians’ homes", []string{"Ukrainians", "’", "homes"}},
		{"hyphenated", "Shahed-136 drones, Su-35 jets, Russia-Iran ties", []string{"Shahed-136", "drones", ",", "Su-35", "jets", ",", "Russia-Iran", "ties"}},
		{"dotted abbreviations", "the U.S. and U.K. governments, e.g. this", []string{"the", "U.S.", "and", "U.K.", "governments", ",", "e.g.", "this"}},
		{"dotted then hyphen", "U.S.-led coalition", []string{"U.S.-led", "coalition"}},
		{"dotted without last stop", "U.S", []string{"U.S"}},
		{"currency", "$275 million, €1.5bn", []string{"$", "275", "million", ",", "€", "1.5bn"}},
		{"numbers", "10.5 percent, 1,000 troops, 1,000,000.50 dollars", []string{"10.5", "percent", ",", "1,000", "troops", ",", "1,000,000.50", "dollars"}},
		{"list is not a number", "1,2,3 and 1,0000", []string{"1", ",", "2", ",", "3", "and", "1", ",", "0000"}},
		{"times and dates", "at 10:30 a.m. on 12/3/2022", []string{"at", "10:30", "a.m.", "on", "12/3/2022"}},
		{"fraction", "9 1/2 miles", []string{"9", "1/2", "miles"}},
		{"units and percent", "500kg warhead, 90%", []string{"500kg", "warhead", ",", "90", "%"}},
		{"title abbreviations keep their stop", "Mr. Kirby and Gen. Gerasimov", []string{"Mr.", "Kirby", "and", "Gen.", "Gerasimov"}},
		{"initial keeps its stop", "John F. Kennedy", []string{"John", "F.", "Kennedy"}},
		{"sentence stop is separate", "He left. So did I.", []string{"He", "left", ".", "So", "did", "I", "."}},
		{"ellipsis and double dash", "It ended... or--not …", []string{"It", "ended", "...", "or", "--", "not", "…"}},
		{"quotes", "“Hello,” he said.", []string{"“", "Hello", ",", "”", "he", "said", "."}},
		{"straight quotes", `"Frankly," 'he' said`, []string{`"`, "Frankly", ",", `"`, "'", "he", "'", "said"}},
		{"ampersand", "AT&T and R&D, rock & roll", []string{"AT&T", "and", "R&D", ",", "rock", "&", "roll"}},
		{"url", "see https://example.com/a?b=1. Next", []string{"see", "https://example.com/a?b=1", ".", "Next"}},
		{"www", "(www.voanews.com)", []string{"(", "www.voanews.com", ")"}},
		{"brackets and dashes", "(Reuters) - war — enough", []string{"(", "Reuters", ")", "-", "war", "—", "enough"}},
		{"unicode words", "café naïve Київ Zelenskyy’s", []string{"café", "naïve", "Київ", "Zelenskyy", "’s"}},
		{"combining accent", "Cafe\u0301 open", []string{"Cafe\u0301", "open"}},
		{"invalid byte", "ab\xffcd", []string{"ab", "\xff", "cd"}},
		{"no-break space separates", "10\u00a0km", []string{"10", "km"}},
		{"emoji", "ok 👍", []string{"ok", "👍"}},
		{"empty", "", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tokens(tt.in)
			checkTokens(t, tt.in, got)
			if texts := tokenTexts(tt.in, got); !slices.Equal(texts, tt.want) {
				t.Errorf("Tokens(%q) =\n%q\nwant\n%q", tt.in, texts, tt.want)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	in := "  Title \n\n First para. Two.\r\n\u00a0\nLast"
	want := []string{"Title", "First para. Two.", "Last"}
	got := Paragraphs(in)
	if texts := spanTexts(in, got); !slices.Equal(texts, want) {
		t.Errorf("Paragraphs = %q, want %q", texts, want)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Russia’s “Top” Backers", `russia's "top" backers`},
		{"  Shahed\u2011136 — drones –  2022\u2212", "shahed-136 - drones - 2022-"},
		{"a\u00a0\tb\n\nc ", "a b c"},
		{"Cafe\u0301 ＩＲＡＮ ﬁnal…", "café iran final..."},
		{"zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"},
		{"«Слава Україні»", `"слава україні"`},
		{"bad\xffbyte", "bad\uFFFDbyte"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHelpers(t *testing.T) {
	s := "He left. Mr. Kirby said so.\nNext line"
	a := &news.Article{Text: s}
	Analyze(a)
	if !slices.Equal(a.Sentences, Sentences(s)) || !slices.Equal(a.Tokens, Tokens(s)) {
		t.Fatal("Analyze does not fill Sentences and Tokens")
	}
	sents, toks := SentenceTokens(s)
	if len(sents) != 3 || len(toks) != 3 {
		t.Fatalf("SentenceTokens: %d sentences, %d token lists", len(sents), len(toks))
	}
	var flat []news.Token
	for i, sp := range sents {
		if !slices.Equal(toks[i], TokensIn(s, sp)) {
			t.Errorf("sentence %d: SentenceTokens %v != TokensIn %v", i, toks[i], TokensIn(s, sp))
		}
		flat = append(flat, toks[i]...)
	}
	if !slices.Equal(flat, Tokens(s)) {
		t.Error("sentence tokens do not add up to Tokens")
	}
	if want := []string{"Mr.", "Kirby", "said", "so", "."}; !slices.Equal(tokenTexts(s, toks[1]), want) {
		t.Errorf("tokens of sentence 1 = %q", tokenTexts(s, toks[1]))
	}
	for _, bad := range []news.Span{{Start: -1, End: 3}, {Start: 3, End: 1}, {Start: 0, End: len(s) + 1}} {
		if got := TokensIn(s, bad); got != nil {
			t.Errorf("TokensIn(%v) = %v, want nil", bad, got)
		}
	}
	idx := []struct{ off, sent, tok int }{{0, 0, 0}, {2, 0, -1}, {7, 0, 2}, {8, -1, -1}, {9, 1, 3}, {len(s) - 1, 2, len(a.Tokens) - 1}, {len(s), -1, -1}}
	for _, c := range idx {
		if got := SpanIndex(a.Sentences, c.off); got != c.sent {
			t.Errorf("SpanIndex(%d) = %d, want %d", c.off, got, c.sent)
		}
		if got := TokenIndex(a.Tokens, c.off); got != c.tok {
			t.Errorf("TokenIndex(%d) = %d, want %d", c.off, got, c.tok)
		}
	}
}

// corpus returns the seed articles shipped in the repository and, when the
// shared benchmark folder is present, the PolNeAR dev articles.
func corpus(t testing.TB, withShared bool) map[string]string {
	t.Helper()
	files, _ := filepath.Glob("../../examples/iran-russia/*.txt")
	if withShared {
		shared, _ := filepath.Glob("../../../shared/bench/quotes/dev/text/*.txt")
		files = append(files, shared...)
	}
	out := make(map[string]string)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = string(b)
	}
	return out
}

func TestInvariantsOnCorpus(t *testing.T) {
	docs := corpus(t, true)
	if len(docs) == 0 {
		t.Skip("no seed texts: ../../examples/iran-russia is absent")
	}
	if _, err := os.Stat("../../../shared/bench/quotes"); err != nil {
		t.Log("../../../shared/bench/quotes absent: checking the repository seeds only")
	}
	sentences := 0
	for name, s := range docs {
		sents := Sentences(s)
		checkSentences(t, s, sents)
		toks := Tokens(s)
		checkTokens(t, s, toks)
		checkTokensInSentences(t, s, sents, toks)
		sentences += len(sents)
		if t.Failed() {
			t.Fatalf("in %s", name)
		}
	}
	t.Logf("%d documents, %d sentences", len(docs), sentences)
}

func isBlank(s string) bool {
	for i := 0; i < len(s); {
		n := spaceAt(s, i, len(s))
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

func checkTrimmed(t testing.TB, s string, start, end int) {
	t.Helper()
	r, _ := utf8.DecodeRuneInString(s[start:end])
	l, _ := utf8.DecodeLastRuneInString(s[start:end])
	if (r != utf8.RuneError && isSpaceRune(r)) || (l != utf8.RuneError && isSpaceRune(l)) {
		t.Errorf("span [%d,%d) %q is not trimmed", start, end, s[start:end])
	}
}

// checkSentences asserts the sentence contract: in order, non-empty,
// trimmed, no line break inside, and every non-space byte in exactly one.
func checkSentences(t testing.TB, s string, sents []news.Span) {
	t.Helper()
	prev := 0
	for i, sp := range sents {
		if sp.Start < prev || sp.End <= sp.Start || sp.End > len(s) {
			t.Fatalf("sentence %d %v out of order or range (prev end %d, len %d)", i, sp, prev, len(s))
		}
		if !isBlank(s[prev:sp.Start]) {
			t.Errorf("non-space text %q between sentences %d and %d", s[prev:sp.Start], i-1, i)
		}
		checkTrimmed(t, s, sp.Start, sp.End)
		if e, _ := lineEnd(s, sp.Start); e < sp.End {
			t.Errorf("sentence %d %q holds a line break", i, s[sp.Start:sp.End])
		}
		prev = sp.End
	}
	if !isBlank(s[prev:]) {
		t.Errorf("non-space text %q after the last sentence", s[prev:])
	}
}

// checkTokens asserts the token contract: in order, non-empty, no space
// inside, and every non-space byte in exactly one token.
func checkTokens(t testing.TB, s string, toks []news.Token) {
	t.Helper()
	prev := 0
	for i, tk := range toks {
		if tk.Start < prev || tk.End <= tk.Start || tk.End > len(s) {
			t.Fatalf("token %d %v out of order or range (prev end %d, len %d)", i, tk, prev, len(s))
		}
		if !isBlank(s[prev:tk.Start]) {
			t.Errorf("non-space text %q between tokens %d and %d", s[prev:tk.Start], i-1, i)
		}
		for j := tk.Start; j < tk.End; {
			if spaceAt(s, j, tk.End) > 0 {
				t.Errorf("token %d %q holds space", i, s[tk.Start:tk.End])
				break
			}
			_, n := decodeAt(s, j, tk.End)
			j += n
		}
		prev = tk.End
	}
	if !isBlank(s[prev:]) {
		t.Errorf("non-space text %q after the last token", s[prev:])
	}
}

func checkTokensInSentences(t testing.TB, s string, sents []news.Span, toks []news.Token) {
	t.Helper()
	for i, tk := range toks {
		a, b := SpanIndex(sents, tk.Start), SpanIndex(sents, tk.End-1)
		if a < 0 || a != b {
			t.Errorf("token %d %q crosses a sentence boundary (sentences %d, %d)", i, s[tk.Start:tk.End], a, b)
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSentences(t, s, Sentences(s))
		checkSentences(t, s, Paragraphs(s))
	})
}

func FuzzTokens(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sents := Sentences(s)
		toks := Tokens(s)
		checkTokens(t, s, toks)
		checkTokensInSentences(t, s, sents, toks)
		n := Normalize(s)
		if !utf8.ValidString(n) || n != strings.TrimSpace(n) {
			t.Errorf("Normalize(%q) = %q", s, n)
		}
	})
}

func fuzzSeeds(f *testing.F) []string {
	seeds := []string{
		"", "Mr. Smith. He left.", "“Hello,” he said. “Bye.”", "U.S.-led 10.5 $275 1,000 9 1/2",
		"Wait… What?! No.\r\nNext", "don't O'Malley’s https://x.y/z.", "a\xffb. \xe2\x80 C.", "One\u2028Two\u00a0.",
		"(D-Mass.) said. 'Fine.' [Sic.]",
	}
	for _, s := range corpus(f, false) {
		if len(s) > 600 {
			s = s[:600]
		}
		seeds = append(seeds, s)
	}
	return seeds
}

func benchText(b *testing.B) string {
	docs := corpus(b, false)
	if len(docs) == 0 {
		b.Skip("no seed texts: ../../examples/iran-russia is absent")
	}
	keys := make([]string, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var sb strings.Builder
	for _, k := range keys {
		sb.WriteString(docs[k])
		sb.WriteString("\n")
	}
	return sb.String()
}

func BenchmarkSentences(b *testing.B) {
	s := benchText(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Sentences(s)
	}
}

func BenchmarkTokens(b *testing.B) {
	s := benchText(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Tokens(s)
	}
}

func BenchmarkNormalize(b *testing.B) {
	s := benchText(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(s)
	}
}
