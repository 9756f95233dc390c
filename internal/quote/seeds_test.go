package quote_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/pipeline/pipelinetest"
	"github.com/triangulate/triangulate/internal/quote"
)

// seedArticle is one example article with what the extractor found in it.
type seedArticle struct {
	news.Article
	found []quote.Found
}

var seedOnce = sync.OnceValues(func() (map[string]*seedArticle, error) {
	rep, err := pipelinetest.Report(pipeline.Config{Workers: 1})
	if err != nil {
		return nil, err
	}
	m, err := ner.Load()
	if err != nil {
		return nil, err
	}
	out := map[string]*seedArticle{}
	for _, a := range rep.Articles {
		key := filepath.Base(a.Source)[:3] // "001"
		out[key] = &seedArticle{Article: a, found: quote.Extract(a.Text, m.Entities(a.Text))}
	}
	return out, nil
})

func seeds(t *testing.T) map[string]*seedArticle {
	t.Helper()
	s, err := seedOnce()
	if err != nil {
		t.Fatalf("seeds: %v", err)
	}
	if len(s) != 5 {
		t.Fatalf("%d seed articles, want 5", len(s))
	}
	if os.Getenv("QUOTE_DEBUG") != "" {
		for _, k := range []string{"000", "001", "002", "003", "004"} {
			for _, f := range s[k].found {
				src := ""
				if f.SourceStart >= 0 {
					src = s[k].Text[f.SourceStart:f.SourceEnd]
				}
				t.Logf("%s direct=%v [%s|%s] cue=%q: %.90q", k, f.Direct, src, f.SpeakerName, f.Cue, f.Text)
			}
		}
	}
	return s
}

func TestSeedSpeakers(t *testing.T) {
	s := seeds(t)
	tests := []struct {
		article string
		speaker string // SpeakerName
		words   string // a passage of the quote
		direct  bool
	}{
		{"002", "Colin Kahl", "it is a sign of Russia's desperation", true},
		{"002", "Colin Kahl", "I think we should expect Iran and Russia", true},
		{"002", "Wendy Sherman", "Putin decided to press further", true},
		{"002", "Wendy Sherman", "The mobilization of 500,000 people", true},
		{"002", "Wendy Sherman", "I suspect that, of course", true},
		{"002", "Wendy Sherman", "further large-scale mobilization would pose problems", false},
		{"000", "John Kirby", "Washington was deeply concerned", false},
		{"000", "John Kirby", "the U.S. government also would be calling", false},
		{"001", "John Kirby", "Russia is seeking to collaborate with Iran", true},
		{"001", "John Kirby", "Iran has become Russia’s top military backer", true},
		{"003", "John Kirby", "Russia’s been using Iranian drones", true},
		{"004", "John Kirby", "Russia is seeking to collaborate with Iran", true},
		{"001", "James Cleverly", "sordid deals", true},
		{"001", "James Cleverly", "hundreds of drones used to kill Ukrainian civilians", true},
		{"001", "James Cleverly", "In return, Russia is offering military", true},
		{"003", "James Cleverley", "serious agreements", true},
		{"003", "James Cleverley", "In return, Russia is offering military", true},
		{"003", "Penny Wong", "The supply of drones to Russia", true},
		{"000", "Lloyd Austin", "the whole world has seen Putin", true},
		{"000", "British Defense Ministry", "Russia has highly likely expended", true},
		{"000", "British Defense Ministry", "Russia is attempting to obtain more weapons", true},
		{"004", "British Ministry of Defence", "Iran’s support to the Russian military", true},
		{"000", "Volodymyr Zelenskyy", "From nuclear security to the restoration", true},
		{"000", "Volodymyr Zelenskyy", "We must return the Ukrainian flag", true},
		{"004", "Volodymyr Zelenskyy", "Bakhmut, Soledar, Maryinka, Kreminna", true},
		{"004", "Volodymyr Zelenskyy", "remains very difficult", true},
		{"000", "Roula Khalaf", "Zelenskyy has come to embody", true},
	}
	for _, tt := range tests {
		t.Run(tt.article+"/"+tt.speaker+"/"+tt.words, func(t *testing.T) {
			var got []string
			for _, f := range s[tt.article].found {
				if f.Direct == tt.direct && strings.Contains(f.Text, tt.words) {
					if f.SpeakerName == tt.speaker {
						return
					}
					got = append(got, f.SpeakerName)
				}
			}
			t.Errorf("no quote %q by %s (direct=%v); found with speakers %q", tt.words, tt.speaker, tt.direct, got)
		})
	}
}

// TestSeedScareQuotes checks that quoted words used as labels are not
// taken for quotations.
func TestSeedScareQuotes(t *testing.T) {
	s := seeds(t)
	for _, tt := range []struct{ article, text string }{
		{"001", "kamikaze"},
		{"002", "kamikaze"},
		{"001", "available information"},
	} {
		for _, f := range s[tt.article].found {
			if f.Direct && f.Text == tt.text {
				t.Errorf("%s: scare quote %q reported as a quotation by %q", tt.article, tt.text, f.SpeakerName)
			}
		}
	}
}

func TestSeedAltered(t *testing.T) {
	s := seeds(t)
	var quotes []news.Quote
	texts := map[string]string{}
	for _, k := range []string{"000", "001", "002", "003", "004"} {
		a := s[k]
		quotes = append(quotes, quote.Quotes(a.ID, a.found)...)
		texts[a.ID] = a.Text
	}
	conflicts := quote.Altered(quotes, texts)
	id := func(k string) string { return s[k].ID }
	want := []struct {
		a, b         string
		aText, bText string
	}{
		{"001", "003", "sordid deals", "serious agreements"},
		{"001", "003", "many months", "several months"},
	}
	for _, w := range want {
		found := false
		for _, c := range conflicts {
			if c.A.Article == id(w.a) && c.B.Article == id(w.b) && strings.Contains(c.A.Text, w.aText) && strings.Contains(c.B.Text, w.bText) {
				found = true
				if !strings.Contains(c.Explanation, w.aText) || !strings.Contains(c.Explanation, w.bText) {
					t.Errorf("explanation %q does not name the changed words %q → %q", c.Explanation, w.aText, w.bText)
				}
				if c.Kind != news.ConflictQuote {
					t.Errorf("kind %q, want %q", c.Kind, news.ConflictQuote)
				}
			}
		}
		if !found {
			t.Errorf("altered quote %q (%s) → %q (%s) not reported", w.aText, w.a, w.bText, w.b)
		}
	}
	// Shortened or re-punctuated quotations are not altered.
	for _, c := range conflicts {
		for _, ok := range []string{"weapons development", "advanced military components", "actually dying", "In return, Russia"} {
			if strings.Contains(c.A.Text, ok) || strings.Contains(c.B.Text, ok) {
				t.Errorf("faithful quotation reported as altered: %q vs %q (%s)", c.A.Text, c.B.Text, c.Explanation)
			}
		}
	}
	if len(conflicts) > len(want) {
		for _, c := range conflicts {
			t.Logf("conflict: %s", c.Explanation)
		}
		t.Errorf("%d conflicts, want %d", len(conflicts), len(want))
	}
}
