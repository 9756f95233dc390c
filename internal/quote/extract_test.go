package quote

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/news"
)

// mentionsOf tags every occurrence of the given names, as the NER stage
// would: "John Kirby=PERSON".
func mentionsOf(s string, names ...string) []ner.Mention {
	var out []ner.Mention
	for _, nt := range names {
		name, typ, _ := strings.Cut(nt, "=")
		for off := 0; ; {
			i := strings.Index(s[off:], name)
			if i < 0 {
				break
			}
			out = append(out, ner.Mention{Start: off + i, End: off + i + len(name), Type: typ, Text: name})
			off += i + len(name)
		}
	}
	return out
}

func TestExtract(t *testing.T) {
	type want struct {
		text    string // the quote's text
		source  string // the speaker span's text ("" for none)
		speaker string // SpeakerName
		direct  bool
	}
	tests := []struct {
		name     string
		text     string
		mentions []string
		want     []want
		absent   []string // texts that must not be quotes
	}{
		{
			name: "quote then speaker",
			text: "“Russia is desperate,” Kahl said.",
			want: []want{{"Russia is desperate,", "Kahl", "Kahl", true}},
		},
		{
			name:     "inverted speaker with title",
			text:     "“Russia is seeking to collaborate with Iran,” said John Kirby of the US national security council.",
			mentions: []string{"John Kirby=PERSON"},
			want:     []want{{"Russia is seeking to collaborate with Iran,", "John Kirby of the US national security council", "John Kirby", true}},
		},
		{
			name:     "quote broken by he said",
			text:     "Colin Kahl spoke in Kyiv. “It is a sign of desperation,” he said, “and they know it.”",
			mentions: []string{"Colin Kahl=PERSON"},
			want: []want{
				{"It is a sign of desperation,", "he", "Colin Kahl", true},
				{"and they know it.", "he", "Colin Kahl", true},
			},
		},
		{
			name:     "sentence-initial quote attributed in the next sentence",
			text:     "John Kirby spoke on Friday.\n“People in Ukraine today are actually dying.” Mr. Kirby said.",
			mentions: []string{"John Kirby=PERSON", "Kirby=PERSON"},
			want:     []want{{"People in Ukraine today are actually dying.", "Mr. Kirby", "John Kirby", true}},
		},
		{
			name:     "block quote after a line ending in said",
			text:     "In effect, Kirby said,\nIran has become Russia’s top military backer.\nThe war goes on.",
			mentions: []string{"Kirby=PERSON"},
			want:     []want{{"Iran has become Russia’s top military backer.", "Kirby", "Kirby", true}},
			absent:   []string{"The war goes on."},
		},
		{
			name: "quote running over paragraphs",
			text: "Sherman said:\n“The mobilization is a staggering thing.\n“We will work very hard on it.”\nThen she left.",
			want: []want{{"The mobilization is a staggering thing.\n“We will work very hard on it.", "Sherman", "Sherman", true}},
		},
		{
			name:   "scare quotes are not quotes",
			text:   "Ukraine has accused Iran of supplying Russia with ‘kamikaze’ drones. The UN is examining all “available information” before deciding.",
			absent: []string{"kamikaze", "available information"},
		},
		{
			name: "short quote with a cue is a quote",
			text: "The Kremlin said Time’s choice was “Russophobic.”",
			want: []want{
				{"Russophobic.", "The Kremlin", "Kremlin", true},
				{"Time’s choice was “Russophobic.”", "The Kremlin", "Kremlin", false},
			},
		},
		{
			name:     "reported speech with title and that",
			text:     "White House spokesperson John Kirby said on Friday that Washington was deeply concerned.",
			mentions: []string{"John Kirby=PERSON", "White House=ORG"},
			want:     []want{{"Washington was deeply concerned", "White House spokesperson John Kirby", "John Kirby", false}},
		},
		{
			name:     "content before the cue, description resolved",
			text:     "The British Defense Ministry posted an update. Iran’s support of Russia is likely to grow, the ministry said.",
			mentions: []string{"British Defense Ministry=ORG", "Iran=GPE", "Russia=GPE"},
			want:     []want{{"Iran’s support of Russia is likely to grow", "the ministry", "British Defense Ministry", false}},
		},
		{
			name:     "according to",
			text:     "According to the U.S. national security council’s Kirby, military coordination is now a fait accompli.",
			mentions: []string{"U.S.=GPE"},
			want:     []want{{"military coordination is now a fait accompli", "the U.S. national security council’s Kirby", "Kirby", false}},
		},
		{
			name:     "pronoun resolved to the nearer named person of the paragraph",
			text:     "NSC spokesperson John Kirby said the partnership would harm Ukraine.\nBritish Foreign Secretary James Cleverly backed up his comments. He said that Iran had sent hundreds of drones.",
			mentions: []string{"John Kirby=PERSON", "James Cleverly=PERSON", "Ukraine=GPE", "Iran=GPE"},
			want:     []want{{"Iran had sent hundreds of drones", "He", "James Cleverly", false}},
		},
		{
			name:     "it resolved to the last organisation speaking",
			text:     "The British Ministry of Defence said that the Kremlin relied on Iran.\n“Russia is attempting to obtain more weapons,” it said.",
			mentions: []string{"British Ministry of Defence=ORG", "Kremlin=ORG", "Iran=GPE", "Russia=GPE"},
			want:     []want{{"Russia is attempting to obtain more weapons,", "it", "British Ministry of Defence", true}},
		},
		{
			name:     "given name with title expanded",
			text:     "James Cleverley spoke.\nMr. James said, “In return, Russia is offering support.”",
			mentions: []string{"James Cleverley=PERSON", "James=PERSON"},
			want:     []want{{"In return, Russia is offering support.", "Mr. James", "James Cleverley", true}},
		},
		{
			name: "double apostrophes as quotation marks",
			text: "''We finally may be seeing some wage acceleration,'' said Mr. Ailes.",
			want: []want{{"We finally may be seeing some wage acceleration,", "Mr. Ailes", "Ailes", true}},
		},
		{
			name: "appositive between subject and cue",
			text: "Scott Goodstein, its chief executive officer, said candidates are becoming more aware.",
			want: []want{{"candidates are becoming more aware", "Scott Goodstein", "Scott Goodstein", false}},
		},
		{
			name:   "nouns and participles are not cues",
			text:   "There have been numerous reports of drones. The alleged drones were seen by the U.S. and the United States objected.",
			absent: []string{"of drones", "drones were seen by the U.S. and the United States objected"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.text, mentionsOf(tt.text, tt.mentions...))
			checkSpans(t, tt.text, got)
			for _, w := range tt.want {
				ok := false
				for _, f := range got {
					if f.Text != w.text || f.Direct != w.direct {
						continue
					}
					src := ""
					if f.SourceStart >= 0 {
						src = tt.text[f.SourceStart:f.SourceEnd]
					}
					if src != w.source || f.SpeakerName != w.speaker {
						t.Errorf("%q: speaker %q (%q), want %q (%q)", w.text, src, f.SpeakerName, w.source, w.speaker)
					}
					ok = true
				}
				if !ok {
					t.Errorf("no quote %q (direct=%v); got:\n%s", w.text, w.direct, dump(tt.text, got))
				}
			}
			for _, a := range tt.absent {
				for _, f := range got {
					if f.Text == a {
						t.Errorf("%q taken for a quote (speaker %q)", a, f.SpeakerName)
					}
				}
			}
		})
	}
}

func dump(s string, fs []Found) string {
	var b strings.Builder
	for _, f := range fs {
		src := ""
		if f.SourceStart >= 0 {
			src = s[f.SourceStart:f.SourceEnd]
		}
		b.WriteString("  " + src + " / " + f.SpeakerName + " / " + f.Cue + ": " + f.Text + "\n")
	}
	return b.String()
}

// checkSpans asserts the offsets contract of Found.
func checkSpans(t testing.TB, s string, fs []Found) {
	t.Helper()
	for _, f := range fs {
		if f.Start < 0 || f.End > len(s) || f.Start >= f.End {
			t.Fatalf("bad content span [%d,%d) of %d bytes", f.Start, f.End, len(s))
		}
		if f.Text != s[f.Start:f.End] {
			t.Fatalf("Text %q is not text[%d:%d] = %q", f.Text, f.Start, f.End, s[f.Start:f.End])
		}
		if (f.SourceStart < 0) != (f.SourceEnd < 0) || f.SourceStart >= 0 && (f.SourceEnd > len(s) || f.SourceStart >= f.SourceEnd) {
			t.Fatalf("bad source span [%d,%d) of %d bytes", f.SourceStart, f.SourceEnd, len(s))
		}
		if !utf8.ValidString(s) {
			continue
		}
		if !utf8.ValidString(f.Text) {
			t.Fatalf("quote text %q cuts a character", f.Text)
		}
	}
}

func TestID(t *testing.T) {
	a, b := ID("a1", 10, 20), ID("a1", 10, 21)
	if a == b || a != ID("a1", 10, 20) || !strings.HasPrefix(a, "q") || len(a) != 11 {
		t.Errorf("ids %q %q: want stable, distinct, q + 10 hex", a, b)
	}
	qs := Quotes("a1", []Found{{Quote: news.Quote{Start: 10, End: 20}}})
	if qs[0].ID != a || qs[0].Article != "a1" {
		t.Errorf("Quotes: %+v", qs[0])
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"“Russia is desperate,” Kahl said.",
		"“A,” he said, “b.”\n“c\n“d”",
		"''x'' said ‘y’ “z",
		"In effect, Kirby said,\nIran has become a backer.",
		"According to , said — said: “",
		"\"\"\"'' '' ‘’ “”",
		"WASHINGTON — — said",
		string([]byte{0xff, 0xfe, '"', 's', 'a', 'i', 'd'}),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Mentions over arbitrary spans, as a tagger might give.
		var ms []ner.Mention
		for i := 0; i+3 <= len(s) && len(ms) < 4; i += 7 {
			ms = append(ms, ner.Mention{Start: i, End: i + 3, Type: []string{"PERSON", "ORG", "GPE"}[i%3], Text: s[i : i+3]})
		}
		fs := Extract(s, ms)
		checkSpans(t, s, fs)
		qs := Quotes("a", fs)
		for i := range qs {
			qs[i].Direct = true
			if qs[i].SpeakerName == "" {
				qs[i].SpeakerName = "X"
			}
		}
		Altered(append(qs, Quotes("b", fs)...), map[string]string{"a": s, "b": s})
	})
}

func BenchmarkExtract(b *testing.B) {
	raw, err := os.ReadFile("../../examples/iran-russia/001_fef7078a1548e2c8.txt")
	if err != nil {
		b.Skip("example corpus absent")
	}
	s := string(raw)
	m, err := ner.Load()
	if err != nil {
		b.Fatal(err)
	}
	ms := m.Entities(s)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(s, ms)
	}
}
