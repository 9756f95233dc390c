package web

import (
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

// span finds sub in the text of article a of r and returns its source span;
// the test fails if it is not there, so fixtures cannot cite thin air.
func span(t *testing.T, r *news.Report, a, sub string) news.SourceSpan {
	t.Helper()
	art := r.Article(a)
	if art == nil {
		t.Fatalf("fixture: no article %s", a)
	}
	i := strings.Index(art.Text, sub)
	if i < 0 {
		t.Fatalf("fixture: %q not in %s", sub, a)
	}
	return news.SourceSpan{Article: a, Start: i, End: i + len(sub)}
}

// richReport is a story with data in every section of the contract: four
// articles, one of them a rewrite of another (so three source groups),
// claims of each status, an altered quote, events between three actors.
func richReport(t *testing.T) (news.Story, *news.Report) {
	t.Helper()
	r := news.NewReport()
	r.Articles = []news.Article{
		{ID: "a1", Source: "seeds/1.txt", URL: "https://wire.example/1", Title: "Iran sends drones to Russia", Outlet: "Wire One", Published: "2022-10-18", Byline: "A. Writer", Language: "en", Story: "s1",
			Text: "Iran supplied hundreds of Shahed-136 drones to Russia in October.\nZelensky said: \"We will never surrender our land to anyone.\"\nThe strikes hit Kyiv on 17 October."},
		{ID: "a2", Source: "seeds/2.txt", Title: "Drone deliveries confirmed", Outlet: "Second Post", Published: "2022-10-19", Language: "en", Story: "s1",
			Text: "Officials confirmed that Iran supplied hundreds of Shahed-136 drones to Russia.\nRussia attacked Ukraine's power grid."},
		{ID: "a3", Source: "seeds/3.txt", Title: "Iran's drones in Russia", Outlet: "Daily Echo", Published: "2022-10-20", Language: "en", Story: "s1",
			Text: "Tehran supplied hundreds of Shahed-136 drones to Moscow in October.\nZelensky said: \"We will not surrender our homeland to anyone.\""},
		{ID: "a4", Source: "seeds/4.txt", Title: "Sanctions follow", Outlet: "Third Times", Published: "2022-10-21", Language: "en", Story: "s1",
			Text: "The European Union sanctioned Iranian officials in December 2022.\nA spokesman said the deliveries had stopped."},
	}
	s := news.Story{ID: "s1", Title: "Iranian drones for Russia", Articles: []string{"a1", "a2", "a3", "a4"}}
	r.Stories = []news.Story{s}
	r.Copies = []news.CopyLink{{A: "a1", B: "a3", Kind: news.CopyRewrite, Similarity: 0.81, Evidence: "paragraph 1 ↔ paragraph 1"}}
	r.SourceGroups = [][]string{{"a1", "a3"}, {"a2"}, {"a4"}}
	r.Entities = []news.Entity{
		{ID: "e1", Name: "Iran", Type: "GPE", Aliases: []string{"Tehran (capital as metonym)"}, Mentions: []news.Mention{{Article: "a1", Start: 0, End: 4}, {Article: "a2", Start: 25, End: 29}}},
		{ID: "e2", Name: "Russia", Type: "GPE", Aliases: []string{"Moscow (capital as metonym)"}, Mentions: []news.Mention{{Article: "a1", Start: 58, End: 64}}},
		{ID: "e3", Name: "Volodymyr Zelensky", Type: "PERSON", Aliases: []string{"Zelensky (variant spelling)", "Zelenskyy"}, Mentions: []news.Mention{}},
		{ID: "e4", Name: "Ukraine", Type: "GPE", Aliases: []string{}, Mentions: []news.Mention{}},
		{ID: "e5", Name: "European Union", Type: "ORG", Aliases: []string{}, Mentions: []news.Mention{}},
	}
	qa := span(t, r, "a1", "We will never surrender our land to anyone.")
	qb := span(t, r, "a3", "We will not surrender our homeland to anyone.")
	r.Quotes = []news.Quote{
		{ID: "q1", Text: "We will never surrender our land to anyone.", Speaker: "e3", SpeakerName: "Zelensky", Article: "a1", Start: qa.Start, End: qa.End, Direct: true},
		{ID: "q2", Text: "We will not surrender our homeland to anyone.", Speaker: "e3", SpeakerName: "Zelensky", Article: "a3", Start: qb.Start, End: qb.End, Direct: true},
		{ID: "q3", Text: "the deliveries had stopped", SpeakerName: "A spokesman", Article: "a4", Start: span(t, r, "a4", "the deliveries had stopped").Start, End: span(t, r, "a4", "the deliveries had stopped").End},
	}
	drones := span(t, r, "a1", "Iran supplied hundreds of Shahed-136 drones to Russia")
	r.Events = []news.Event{
		{ID: "v1", Type: "AID", Mode: "military", Actor: "e1", Target: "e2", Object: "Shahed-136 drones", Quantity: "hundreds", Date: "2022-10", Sources: []news.SourceSpan{drones}},
		{ID: "v2", Type: "AID", Mode: "military", Actor: "e1", Target: "e2", Object: "drones", Sources: []news.SourceSpan{span(t, r, "a2", "Iran supplied hundreds")}},
		{ID: "v3", Type: "ASSAULT", Actor: "e2", Target: "e4", Object: "power grid", Sources: []news.SourceSpan{span(t, r, "a2", "Russia attacked Ukraine's power grid")}},
		{ID: "v4", Type: "SANCTION", Actor: "e5", Target: "e1", Date: "2022-12", Sources: []news.SourceSpan{span(t, r, "a4", "The European Union sanctioned Iranian officials")}},
		{ID: "v5", Type: "CONSULT", Actor: "e2", Target: "e2"}, // no edge: actor is target
	}
	r.Claims = []news.Claim{
		{ID: "c1", Text: "Iran supplied hundreds of Shahed-136 drones to Russia.", Sources: []news.SourceSpan{drones, span(t, r, "a2", "Iran supplied hundreds of Shahed-136 drones to Russia"), span(t, r, "a3", "Tehran supplied hundreds")}, IndependentSources: 2, Status: news.StatusCorroborated},
		{ID: "c2", Text: "The EU sanctioned Iranian officials in December 2022.", Sources: []news.SourceSpan{span(t, r, "a4", "The European Union sanctioned Iranian officials in December 2022")}, IndependentSources: 1, Status: news.StatusSingleSource},
		{ID: "c3", Text: "Zelensky vowed never to surrender land.", Sources: []news.SourceSpan{qa, qb}, IndependentSources: 1, Status: news.StatusContested},
	}
	r.Conflicts = []news.Conflict{{Kind: news.ConflictQuote, A: qa, B: qb, Explanation: "the same quote, worded differently"}}
	r.Timeline = []news.TimelineEntry{
		{Date: "2022-12", Precision: "month", Text: "The EU sanctions Iranian officials.", Sources: []news.SourceSpan{span(t, r, "a4", "December 2022")}},
		{Date: "2022-10-17", Precision: "day", Text: "Strikes hit Kyiv.", Sources: []news.SourceSpan{span(t, r, "a1", "The strikes hit Kyiv on 17 October.")}},
	}
	r.Summary = []news.SummarySentence{
		{Sentence: "Iran supplied hundreds of Shahed-136 drones to Russia in October.", Sources: []news.SourceSpan{span(t, r, "a1", "Iran supplied hundreds of Shahed-136 drones to Russia in October.")}},
		{Sentence: "The European Union sanctioned Iranian officials in December 2022.", Sources: []news.SourceSpan{span(t, r, "a4", "The European Union sanctioned Iranian officials in December 2022.")}},
	}
	r.Normalize()
	return s, r
}

// storeWith returns a fake store holding the rich story and its articles.
func storeWith(t *testing.T) *fakeStore {
	t.Helper()
	st := newFakeStore()
	s, r := richReport(t)
	for _, a := range r.Articles {
		if _, _, err := st.PutArticle(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PutStory(t.Context(), s, r); err != nil {
		t.Fatal(err)
	}
	return st
}
