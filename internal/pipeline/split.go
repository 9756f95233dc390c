package pipeline

import (
	"github.com/triangulate/triangulate/internal/news"
)

// ForStory returns the part of rep that concerns one story: its articles
// and every item citing them, with citations of other stories' articles
// dropped. The store keeps one such report per story, so a story page
// reads one row.
func ForStory(rep *news.Report, storyID string) *news.Report {
	out := news.NewReport()
	in := map[string]bool{}
	for _, s := range rep.Stories {
		if s.ID == storyID {
			out.Stories = append(out.Stories, s)
			for _, id := range s.Articles {
				in[id] = true
			}
		}
	}
	for _, a := range rep.Articles {
		if in[a.ID] {
			out.Articles = append(out.Articles, a)
		}
	}
	for _, c := range rep.Copies {
		if in[c.A] && in[c.B] {
			out.Copies = append(out.Copies, c)
		}
	}
	for _, g := range rep.SourceGroups {
		var kept []string
		for _, id := range g {
			if in[id] {
				kept = append(kept, id)
			}
		}
		if len(kept) > 0 {
			out.SourceGroups = append(out.SourceGroups, kept)
		}
	}
	for _, e := range rep.Entities {
		var ms []news.Mention
		for _, m := range e.Mentions {
			if in[m.Article] {
				ms = append(ms, m)
			}
		}
		if len(ms) > 0 {
			e.Mentions = ms
			out.Entities = append(out.Entities, e)
		}
	}
	for _, q := range rep.Quotes {
		if in[q.Article] {
			out.Quotes = append(out.Quotes, q)
		}
	}
	events := map[string]bool{}
	for _, e := range rep.Events {
		if e.Sources = spansIn(e.Sources, in); len(e.Sources) > 0 {
			out.Events = append(out.Events, e)
			events[e.ID] = true
		}
	}
	for _, c := range rep.Claims {
		if c.Sources = spansIn(c.Sources, in); len(c.Sources) > 0 {
			out.Claims = append(out.Claims, c)
		}
	}
	for _, c := range rep.Conflicts {
		if in[c.A.Article] || in[c.B.Article] {
			out.Conflicts = append(out.Conflicts, c)
		}
	}
	for _, t := range rep.Timeline {
		if t.Sources = spansIn(t.Sources, in); len(t.Sources) > 0 {
			out.Timeline = append(out.Timeline, t)
		}
	}
	for _, s := range rep.Summary {
		if s.Sources = spansIn(s.Sources, in); len(s.Sources) > 0 {
			out.Summary = append(out.Summary, s)
		}
	}
	for _, e := range rep.ActorGraph {
		var ids []string
		for _, id := range e.Events {
			if events[id] {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			e.Events = ids
			out.ActorGraph = append(out.ActorGraph, e)
		}
	}
	out.Normalize()
	return out
}

func spansIn(spans []news.SourceSpan, in map[string]bool) []news.SourceSpan {
	var out []news.SourceSpan
	for _, s := range spans {
		if in[s.Article] {
			out = append(out, s)
		}
	}
	return out
}
