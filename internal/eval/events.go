package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode"
)

// EventsResult is the score of an event coder on PLOVER records: the share
// of records whose category, source actor and target actor it got right.
type EventsResult struct {
	CategoryAccuracy float64        `json:"category_accuracy"`
	ActorAccuracy    float64        `json:"actor_accuracy"`
	TargetAccuracy   float64        `json:"target_accuracy"`
	Records          int            `json:"records"`
	PerCategory      map[string]int `json:"per_category_correct"` // gold category → records coded right
	Uncoded          int            `json:"uncoded"`              // records the coder found no event in
}

// EventRecord is one PLOVER gold-standard record as the scorer reads it.
type EventRecord struct {
	Text    string
	Event   string
	Sources []string // actorText of each source actor
	Targets []string // actorText of each target actor; empty when the record has none
}

type ploverActor struct {
	ActorText string `json:"actorText"`
}

// actorTexts reads a PLOVER source/target field: a list of actors, or a
// string ("" when there is none; a few upstream records put a context word
// there, which names no actor either).
func actorTexts(raw json.RawMessage) []string {
	var list []ploverActor
	if len(raw) == 0 || json.Unmarshal(raw, &list) != nil {
		return nil
	}
	var out []string
	for _, a := range list {
		if t := strings.TrimSpace(a.ActorText); t != "" && !strings.EqualFold(t, "none") {
			out = append(out, t)
		}
	}
	return out
}

// ReadEventRecords reads PLOVER JSON Lines records.
func ReadEventRecords(path string) ([]EventRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("events %s: %w", path, err)
	}
	defer f.Close()
	var out []EventRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r struct {
			Text   string          `json:"text"`
			Event  string          `json:"event"`
			Source json.RawMessage `json:"source"`
			Target json.RawMessage `json:"target"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, fmt.Errorf("events %s:%d: %w", path, n, err)
		}
		if r.Text == "" || r.Event == "" {
			continue // a header or provenance record
		}
		out = append(out, EventRecord{Text: r.Text, Event: strings.ToUpper(r.Event), Sources: actorTexts(r.Source), Targets: actorTexts(r.Target)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("events %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("events %s: no records", path)
	}
	return out, nil
}

// Events scores code on the PLOVER records of path: category accuracy is
// exact match of the main event category; an actor (target) is right when
// the predicted text shares at least half of the shorter's words with one
// of the gold actor texts, or when both are empty.
func Events(ctx context.Context, path string, code func(sentence string) (category, actor, target string)) (*EventsResult, error) {
	recs, err := ReadEventRecords(path)
	if err != nil {
		return nil, err
	}
	return ScoreEvents(ctx, recs, code)
}

// ScoreEvents scores code on records already read.
func ScoreEvents(ctx context.Context, recs []EventRecord, code func(sentence string) (category, actor, target string)) (*EventsResult, error) {
	res := &EventsResult{Records: len(recs), PerCategory: map[string]int{}}
	if len(recs) == 0 {
		return res, nil
	}
	var cat, act, tar int
	for _, r := range recs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		c, a, t := code(r.Text)
		if c == "" {
			res.Uncoded++
		}
		if strings.EqualFold(c, r.Event) {
			cat++
			res.PerCategory[r.Event]++
		}
		if ActorMatch(a, r.Sources) {
			act++
		}
		if ActorMatch(t, r.Targets) {
			tar++
		}
	}
	n := float64(len(recs))
	res.CategoryAccuracy = float64(cat) / n
	res.ActorAccuracy = float64(act) / n
	res.TargetAccuracy = float64(tar) / n
	return res, nil
}

// ActorMatch reports whether a predicted actor text matches one of the gold
// texts: case-insensitive word overlap of at least half of the shorter of
// the two, or both empty.
func ActorMatch(pred string, gold []string) bool {
	p := actorWords(pred)
	if len(gold) == 0 {
		return len(p) == 0
	}
	if len(p) == 0 {
		return false
	}
	for _, g := range gold {
		gw := actorWords(g)
		if len(gw) == 0 {
			continue
		}
		common := 0
		for w := range p {
			if gw[w] {
				common++
			}
		}
		if 2*common >= min(len(p), len(gw)) && common > 0 {
			return true
		}
	}
	return false
}

var actorStopWords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "s": true, "and": true, "in": true}

// actorWords is the set of lower-cased words of an actor text, without
// articles and possessives ("Israel's" → "israel").
func actorWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.'
	}) {
		f = strings.Trim(f, ".")
		if f != "" && !actorStopWords[f] {
			out[f] = true
		}
	}
	return out
}
