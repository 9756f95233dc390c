package resolve_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/entity/resolve"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/pipeline/pipelinetest"
)

// seedDocs runs the real pipeline over the example corpus and the tagger
// over its clean bodies, once for all tests.
var seedDocs = sync.OnceValues(func() ([]resolve.Doc, error) {
	rep, err := pipelinetest.Report(pipeline.Config{})
	if err != nil {
		return nil, err
	}
	m, err := ner.Load()
	if err != nil {
		return nil, err
	}
	var docs []resolve.Doc
	for _, a := range rep.Articles {
		docs = append(docs, resolve.Doc{ID: a.ID, Text: a.Text, Mentions: m.Entities(a.Text)})
	}
	return docs, nil
})

func TestSeeds(t *testing.T) {
	docs, err := seedDocs()
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 5 {
		t.Fatalf("%d seed articles, want 5", len(docs))
	}
	ents, merges := resolve.Resolve(docs, resolve.Options{})
	text := map[string]string{}
	for _, d := range docs {
		text[d.ID] = d.Text
	}
	for _, e := range ents {
		t.Logf("%-8s %-40s %2d  %s", e.Type, e.Name, len(e.Mentions), strings.Join(e.Aliases, "; "))
	}
	if len(merges) == 0 {
		t.Error("no merges on the seeds")
	}

	// forms maps every name and alias form to the entities carrying it.
	forms := map[string][]news.Entity{}
	for _, e := range ents {
		forms[e.Name] = append(forms[e.Name], e)
		for _, a := range e.Aliases {
			f := a[:strings.LastIndex(a, " (")]
			forms[f] = append(forms[f], e)
		}
		for _, m := range e.Mentions {
			s := text[m.Article][m.Start:m.End]
			if strings.HasPrefix(s, "Mr.") || strings.HasPrefix(s, "Foreign Secretary") || strings.HasSuffix(s, "’s") {
				t.Errorf("%s: mention %q keeps a title or possessive", e.Name, s)
			}
		}
		if e.Name == strings.ToLower(e.Name) && !strings.Contains(e.Name, " ") {
			t.Errorf("junk entity %q (one lower-case word)", e.Name)
		}
	}
	// One entity per referent, with its variants, as the issue lists them.
	want := []struct {
		typ, name string
		variants  []string
	}{
		{"PERSON", "Volodymyr Zelenskyy", []string{"Volodymyr Zelensky", "Zelenskyy"}},
		{"PERSON", "John Kirby", []string{"Kirby"}},
		{"PERSON", "James Cleverly", []string{"James Cleverley"}},
		{"PERSON", "Vladimir Putin", []string{"Putin"}},
		{"PERSON", "Joe Biden", []string{"Biden"}},
		{"PERSON", "Colin Kahl", []string{"Kahl"}},
		{"PERSON", "Wendy Sherman", []string{"Sherman"}},
		{"PERSON", "Lloyd Austin", []string{"Austin"}},
		{"PERSON", "Penny Wong", nil},
		{"GPE", "Odessa", nil},
		{"GPE", "Bakhmut", nil},
		{"GPE", "Tatarstan", nil},
		{"GPE", "Kyiv", nil},
		{"GPE", "Tehran", nil},
		{"GPE", "United States", []string{"U.S.", "US"}},
		{"WEAPON", "Shahed-136", []string{"Geran-2", "Geranium-2"}},
		{"WEAPON", "Su-35", nil},
		{"WEAPON", "SS-26 Islander", nil},
		{"ORG", "British Ministry of Defence", []string{"British Defense Ministry"}},
	}
	for _, w := range want {
		for _, f := range append([]string{w.name}, w.variants...) {
			es := forms[f]
			if len(es) != 1 {
				t.Errorf("%q is a form of %d entities, want 1", f, len(es))
				continue
			}
			if es[0].Name != w.name || es[0].Type != w.typ {
				t.Errorf("%q belongs to %s %q, want %s %q", f, es[0].Type, es[0].Name, w.typ, w.name)
			}
		}
	}
	for _, junk := range []string{"Time", "Under Secretary of Defense", "Russia-Iran", "Top U.S."} {
		if len(forms[junk]) > 0 {
			t.Errorf("junk form %q kept", junk)
		}
	}
}

// BenchmarkResolveSeeds resolves the tagger's mentions of the five seed
// articles, as the pipeline does for the example corpus.
func BenchmarkResolveSeeds(b *testing.B) {
	docs, err := seedDocs()
	if err != nil {
		b.Fatal(err)
	}
	resolve.Resolve(docs, resolve.Options{}) // load the gazetteer outside the timing
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resolve.Resolve(docs, resolve.Options{})
	}
}
