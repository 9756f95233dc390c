package pipeline

import (
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

func TestForStory(t *testing.T) {
	sp := func(a string) news.SourceSpan { return news.SourceSpan{Article: a, Start: 0, End: 1} }
	rep := news.NewReport()
	rep.Articles = []news.Article{{ID: "a1", Story: "s1"}, {ID: "a2", Story: "s1"}, {ID: "a3", Story: "s2"}}
	rep.Stories = []news.Story{{ID: "s1", Articles: []string{"a1", "a2"}}, {ID: "s2", Articles: []string{"a3"}}}
	rep.Copies = []news.CopyLink{{A: "a1", B: "a2"}}
	rep.SourceGroups = [][]string{{"a1", "a2"}, {"a3"}}
	rep.Entities = []news.Entity{{ID: "e1", Mentions: []news.Mention{{Article: "a1"}, {Article: "a3"}}}, {ID: "e2", Mentions: []news.Mention{{Article: "a3"}}}}
	rep.Events = []news.Event{{ID: "v1", Sources: []news.SourceSpan{sp("a1"), sp("a3")}}, {ID: "v2", Sources: []news.SourceSpan{sp("a3")}}}
	rep.ActorGraph = []news.ActorEdge{{Actor: "e1", Target: "e2", Events: []string{"v1", "v2"}}}
	rep.Claims = []news.Claim{{ID: "c1", Sources: []news.SourceSpan{sp("a3")}}}
	rep.Timeline = []news.TimelineEntry{{Date: "2022", Sources: []news.SourceSpan{sp("a2")}}}

	got := ForStory(rep, "s1")
	if len(got.Articles) != 2 || len(got.Stories) != 1 || len(got.Copies) != 1 || len(got.SourceGroups) != 1 {
		t.Errorf("articles %d stories %d copies %d groups %v", len(got.Articles), len(got.Stories), len(got.Copies), got.SourceGroups)
	}
	if len(got.Entities) != 1 || len(got.Entities[0].Mentions) != 1 || got.Entities[0].Mentions[0].Article != "a1" {
		t.Errorf("entities = %+v", got.Entities)
	}
	if len(got.Events) != 1 || len(got.Events[0].Sources) != 1 || len(got.ActorGraph) != 1 || len(got.ActorGraph[0].Events) != 1 {
		t.Errorf("events %+v graph %+v", got.Events, got.ActorGraph)
	}
	if len(got.Claims) != 0 || len(got.Timeline) != 1 {
		t.Errorf("claims %d timeline %d", len(got.Claims), len(got.Timeline))
	}
	// The input is left as it was.
	if len(rep.Events[0].Sources) != 2 || len(rep.Entities[0].Mentions) != 2 {
		t.Error("ForStory modified its input")
	}
}
