package resolve

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/entity/ner"
)

// genDocs builds n synthetic articles of people, places and weapons with
// variant spellings, surnames and titles, from a fixed seed.
func genDocs(n int, seed uint64) []Doc {
	rng := rand.New(rand.NewPCG(seed, 1))
	syll := []string{"ka", "ro", "vel", "min", "sky", "tor", "an", "ber", "li", "zen", "do", "mar", "qu", "shi", "pe"}
	name := func() string {
		var b strings.Builder
		for range 2 + rng.IntN(2) {
			b.WriteString(syll[rng.IntN(len(syll))])
		}
		s := b.String()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	var people, places []string
	for range 400 {
		people = append(people, name()+" "+name())
		places = append(places, name()+[]string{"", "ia", "sk", "ovo"}[rng.IntN(4)])
	}
	var docs []Doc
	for d := range n {
		var b strings.Builder
		var ms []ner.Mention
		add := func(prefix, s, typ, suffix string) {
			b.WriteString(prefix)
			ms = append(ms, ner.Mention{Start: b.Len(), End: b.Len() + len(s), Type: typ, Text: s})
			b.WriteString(s)
			b.WriteString(suffix)
		}
		for range 60 {
			switch rng.IntN(5) {
			case 0:
				add("Said ", "Foreign Minister "+people[rng.IntN(len(people))], "PERSON", " today. ")
			case 1:
				p := people[rng.IntN(len(people))]
				add("Later ", p[strings.IndexByte(p, ' ')+1:], "PERSON", " added. ")
			case 2:
				p := places[rng.IntN(len(places))]
				if rng.IntN(4) == 0 {
					p += "a" // a variant spelling
				}
				add("Troops reached ", p, "GPE", ". ")
			case 3:
				add("They fired the ", fmt.Sprintf("%s-%d", name(), rng.IntN(50)), "WEAPON", ". ")
			default:
				add("The ", name()+" Ministry", "ORG", " said. ")
			}
		}
		docs = append(docs, Doc{ID: fmt.Sprintf("d%d", d), Text: b.String(), Mentions: ms})
	}
	return docs
}

func BenchmarkResolve(b *testing.B) {
	docs := genDocs(200, 1)
	n := 0
	for _, d := range docs {
		n += len(d.Mentions)
	}
	Resolve(docs, Options{}) // load the gazetteer outside the timing
	b.ResetTimer()
	for b.Loop() {
		Resolve(docs, Options{})
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "mentions/s")
}
