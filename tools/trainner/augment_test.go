package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/entity/ner"
)

func TestTitleCase(t *testing.T) {
	tests := []struct {
		in   string
		all  bool
		want string
	}{
		{"Russia is desperate for help with missiles from Iran", false, "Russia Is Desperate for Help With Missiles From Iran"},
		{"the US believes support for the military will increase", true, "The US Believes Support For The Military Will Increase"},
		{"the iPhone 's maker , 3M", false, "The IPhone 's Maker , 3M"},
	}
	for _, tt := range tests {
		got := strings.Join(titleCase(strings.Fields(tt.in), tt.all), " ")
		if got != tt.want {
			t.Errorf("titleCase(%q, %v) = %q, want %q", tt.in, tt.all, got, tt.want)
		}
	}
}

func TestWithHeadlines(t *testing.T) {
	sent := func(s, tags string) ner.Sentence {
		return ner.Sentence{Tokens: strings.Fields(s), Tags: strings.Fields(tags)}
	}
	var docs []doc
	for _, w := range []string{"Paris", "Rome", "Berlin", "Madrid", "Vienna", "Prague", "Warsaw", "Oslo"} {
		docs = append(docs, doc{
			sent(w+" is a large city in Europe , officials said at length today in a statement that went on and on and on and on and on and on", "B-GPE O O O O O B-LOC O O O O O O O O O O O O O O O O O O O O O O O"),
			sent("Its mayor spoke in "+w+" .", "O O O O B-GPE O"),
		})
	}
	got := withHeadlines(docs)
	again := withHeadlines(docs)
	if !reflect.DeepEqual(got, again) {
		t.Fatal("withHeadlines is not deterministic")
	}
	added := 0
	for i, d := range got {
		switch len(d) {
		case len(docs[i]):
			if !reflect.DeepEqual(d, docs[i]) {
				t.Errorf("document %d changed without a headline", i)
			}
		case len(docs[i]) + 1:
			added++
			head, src := d[0], docs[i][1] // the first sentence is too long to copy
			if !reflect.DeepEqual(head.Tags, src.Tags) {
				t.Errorf("document %d: headline tags %v, want those of %v", i, head.Tags, src.Tags)
			}
			if head.Tokens[1] != "Mayor" || head.Tokens[2] != "Spoke" {
				t.Errorf("document %d: headline %v is not title case", i, head.Tokens)
			}
			if !reflect.DeepEqual(d[1:], docs[i]) {
				t.Errorf("document %d: body changed", i)
			}
		default:
			t.Errorf("document %d: %d sentences from %d", i, len(d), len(docs[i]))
		}
	}
	if added == 0 || added == len(docs) {
		t.Errorf("%d of %d documents got a headline, want some but not all", added, len(docs))
	}
}
