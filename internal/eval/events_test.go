package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestActorMatch(t *testing.T) {
	tests := []struct {
		pred string
		gold []string
		want bool
	}{
		{"Israeli soldiers", []string{"Israeli soldiers"}, true},
		{"Zimbabwe", []string{"Opposition groups in Zimbabwe"}, true}, // contained in the gold text
		{"Romanian officials", []string{"Hungarian", "Romanian"}, true},
		{"Israel's", []string{"Israel"}, true},
		{"United Nations", []string{"United States"}, true}, // half of the shorter
		{"Russia", []string{"Ukraine"}, false},
		{"", []string{"Ukraine"}, false},
		{"", nil, true},
		{"police", nil, false},
		{"the", []string{"the"}, false}, // no content words
	}
	for _, tc := range tests {
		if got := ActorMatch(tc.pred, tc.gold); got != tc.want {
			t.Errorf("ActorMatch(%q, %q) = %v, want %v", tc.pred, tc.gold, got, tc.want)
		}
	}
}

func TestEventsScoring(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.jsonl")
	lines := `{"id":"h","text":"","event":""}
{"text":"Ankara attacked Baku.","event":"ASSAULT","source":[{"actorText":"Ankara"}],"target":[{"actorText":"Baku"}]}
{"text":"C agreed.","event":"AGREE","source":[{"actorText":"C"}],"target":""}
{"text":"D met E.","event":"CONSULT","source":[{"actorText":"D"}],"target":"diplomatic"}
{"text":"F rioted.","event":"PROTEST","source":[{"actorText":"None"}]}
`
	write(t, path, []byte(lines))
	code := func(s string) (string, string, string) {
		switch s {
		case "Ankara attacked Baku.":
			return "ASSAULT", "Ankara", "Baku"
		case "C agreed.":
			return "AGREE", "C", "somebody" // target wrong: gold has none
		case "D met E.":
			return "CONSULT", "E", "" // actor wrong
		}
		return "", "", ""
	}
	res, err := Events(context.Background(), path, code)
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != 4 || res.Uncoded != 1 {
		t.Fatalf("records %d uncoded %d, want 4 and 1", res.Records, res.Uncoded)
	}
	if !near(res.CategoryAccuracy, 0.75) || !near(res.ActorAccuracy, 0.75) || !near(res.TargetAccuracy, 0.75) {
		t.Errorf("got %+v, want 0.75 each", res)
	}
	if _, err := Events(context.Background(), filepath.Join(dir, "missing.jsonl"), code); err == nil {
		t.Error("missing file: no error")
	}
	write(t, path, []byte("{not json\n"))
	if _, err := Events(context.Background(), path, code); err == nil {
		t.Error("bad JSON: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	write(t, path, []byte(lines))
	if _, err := Events(ctx, path, code); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestEventsSharedFile(t *testing.T) {
	path := filepath.Join(sharedDir(t), "bench", "events", "plover_gsr_dev.jsonl")
	if _, err := os.Stat(path); err != nil {
		t.Skip("../shared/bench/events not present")
	}
	recs, err := ReadEventRecords(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 161 {
		t.Errorf("%d records, want 161", len(recs))
	}
	// A coder that copies the gold answers scores 1 on every key.
	gold := map[string]EventRecord{}
	for _, r := range recs {
		gold[r.Text] = r
	}
	res, err := ScoreEvents(context.Background(), recs, func(s string) (string, string, string) {
		r := gold[s]
		a, tg := "", ""
		if len(r.Sources) > 0 {
			a = r.Sources[0]
		}
		if len(r.Targets) > 0 {
			tg = r.Targets[0]
		}
		return r.Event, a, tg
	})
	if err != nil {
		t.Fatal(err)
	}
	// Two records share one sentence with different codings, so a perfect
	// copy of one cannot match both.
	if res.CategoryAccuracy < 0.98 || res.ActorAccuracy < 0.98 || res.TargetAccuracy < 0.98 {
		t.Errorf("gold copy scores %+v", res)
	}
}
