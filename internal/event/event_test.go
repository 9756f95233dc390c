package event_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/eval"
	"github.com/triangulate/triangulate/internal/event"
	"github.com/triangulate/triangulate/internal/news"
)

func model(t testing.TB) *ner.Model {
	t.Helper()
	m, err := ner.Load()
	if err != nil {
		t.Skipf("no NER model: %v", err)
	}
	return m
}

func TestCode(t *testing.T) {
	m := model(t)
	tests := []struct {
		text                string
		typ, actor, target  string
		negated, hypothetic bool
	}{
		{"Israeli soldiers arrested more than 100 Palestinians on Saturday.", "COERCE", "Israeli soldiers", "Palestinians", false, false},
		{"A refugee camp was attacked by Burundian militiamen on Monday.", "ASSAULT", "Burundian militiamen", "", false, false},
		{"The Kenyan government has imposed sanctions on Eritrea.", "SANCTION", "Kenyan government", "Eritrea", false, false},
		{"Norway will give Malawi a grant of 20 million dollars.", "AGREE", "Norway", "Malawi", false, false},
		{"Chile refused to recognise the new government of Peru.", "REJECT", "Chile", "Peru", false, false},
		{"Iran has denied supplying Russia with drones.", "AID", "Iran", "Russia", true, false},
		{"The EU is looking into imposing sanctions on Belarus.", "SANCTION", "EU", "Belarus", false, true},
		{"Egypt could send troops to Libya.", "AID", "Egypt", "Libya", false, true},
		{"Rebels threatened to attack the capital.", "THREATEN", "Rebels", "", false, false},
		{"The weather was fine on Tuesday.", "", "", "", false, false},
		// Doubtful readings are left uncoded: purpose infinitives, relative
		// clauses, participles after a causative, dangers that are not threats.
		{"Russia has been using Iranian drones to strike energy infrastructure.", "", "", "", false, false},
		{"Newsweek has contacted the Russian and Iranian foreign ministries to request comment.", "", "", "", false, false},
		{"Russia and the United States hold 90% of the world's warheads, enough to destroy the planet.", "", "", "", false, false},
		{"This is the 27th use of drawdown authority for Ukraine, which allows the United States to transfer defense articles.", "", "", "", false, false},
		{"Those who provide material support to Russia will face consequences.", "", "", "", false, false},
		{"Another wave of mobilization might see 500,000 Russians conscripted.", "", "", "", false, false},
		{"The relationship between Iran and Russia was threatening global security.", "", "", "", false, false},
		// "Washington was concerned" is Washington's concern, not a passive.
		{"Kirby said Washington was deeply concerned about the partnership between Iran and Russia.", "DISAPPROVE", "Washington", "Iran", false, false},
		// "He" is the last person named, not the magazine.
		{"Time magazine chose Volodymyr Zelenskyy as its Person of the Year. He thanked everyone for supporting his country.", "SUPPORT", "Volodymyr Zelenskyy", "", false, false},
	}
	for _, tc := range tests {
		evs := event.Code(tc.text, m.Entities(tc.text))
		if tc.typ == "" {
			if len(evs) != 0 {
				t.Errorf("%q: coded %+v, want nothing", tc.text, evs)
			}
			continue
		}
		if len(evs) == 0 {
			t.Errorf("%q: no event, want %s", tc.text, tc.typ)
			continue
		}
		e := evs[0]
		if e.Type != tc.typ || e.ActorText != tc.actor || !strings.Contains(e.TargetText, tc.target) || (tc.target == "") != (e.TargetText == "") ||
			e.Negated != tc.negated || e.Hypothetical != tc.hypothetic {
			t.Errorf("%q:\n got %s %q→%q neg=%v hyp=%v\nwant %s %q→%q neg=%v hyp=%v", tc.text, e.Type, e.ActorText, e.TargetText, e.Negated, e.Hypothetical,
				tc.typ, tc.actor, tc.target, tc.negated, tc.hypothetic)
		}
		if e.Start < 0 || e.End > len(tc.text) || e.Start >= e.End {
			t.Errorf("%q: bad span %d-%d", tc.text, e.Start, e.End)
		}
	}
}

func TestQuantityAndMode(t *testing.T) {
	m := model(t)
	s := "On Friday, the United States authorized a new $275 million package of military aid for Ukraine."
	evs := event.Code(s, m.Entities(s))
	if len(evs) != 1 {
		t.Fatalf("%d events: %+v", len(evs), evs)
	}
	if e := evs[0]; e.Type != "AID" || e.Mode != "military" || e.Quantity != "$275 million" || e.TargetText != "Ukraine" || e.DateText != "Friday" {
		t.Errorf("got %+v", e)
	}
}

func TestMergeAndGraph(t *testing.T) {
	iran := ner.Mention{Start: 0, End: 4, Type: "GPE", Text: "Iran"}
	coded := map[string][]event.Coded{
		"a1": {{Type: "AID", Mode: "military", Actor: iran, ActorText: "Iran", TargetText: "Russia", Object: "hundreds of drones", Start: 0, End: 40}},
		"a2": {
			{Type: "AID", Actor: iran, ActorText: "Iran", TargetText: "Russia", Object: "Shahed-136 drones", Hypothetical: true, Start: 10, End: 50},
			{Type: "AID", Actor: iran, ActorText: "Iran", TargetText: "Russia", Object: "drones", Negated: true, Start: 60, End: 90},
			{Type: "SANCTION", ActorText: "the EU", TargetText: "Iran", Start: 100, End: 140},
		},
		// A capital stands for its country: one more source of the AID.
		"a3": {{Type: "AID", Actor: ner.Mention{Start: 0, End: 6, Type: "GPE", Text: "Tehran"}, ActorText: "Tehran", TargetText: "Moscow", Object: "drones", Start: 0, End: 30}},
	}
	entityOf := func(article string, m ner.Mention) string {
		if m.Text == "Iran" {
			return "e-iran"
		}
		return ""
	}
	evs := event.Merge(coded, entityOf)
	if len(evs) != 3 {
		t.Fatalf("%d events, want 3 (one merged AID, one denied AID, one sanction): %+v", len(evs), evs)
	}
	aid := evs[0]
	if aid.Type != "AID" || aid.Actor != "e-iran" || aid.Target != "russia" || len(aid.Sources) != 3 || aid.Hypothetical || aid.Negated || aid.Mode != "military" {
		t.Errorf("merged AID: %+v", aid)
	}
	again := event.Merge(coded, entityOf)
	for i := range evs {
		if evs[i].ID != again[i].ID || !strings.HasPrefix(evs[i].ID, "v") {
			t.Errorf("unstable or malformed id %q vs %q", evs[i].ID, again[i].ID)
		}
	}
	g := event.Graph(evs)
	if len(g) != 2 || g[0].Actor != "e-iran" || g[0].Target != "russia" || len(g[0].Events) != 2 || g[0].Types["AID"] != 2 || len(evs[0].Sources) != 3 {
		t.Errorf("graph: %+v", g)
	}
}

// TestSeeds checks the key events of the example corpus and that each
// comes from the articles that report it.
func TestSeeds(t *testing.T) {
	m := model(t)
	rep := seedReport(t)
	coded := map[string][]event.Coded{}
	for _, a := range rep.Articles {
		coded[a.ID] = event.Code(a.Text, m.Entities(a.Text))
	}
	evs := event.Merge(coded, nil)
	findAll := func(typ, actor, target string, neg, hypo bool) []*news.Event {
		var out []*news.Event
		for i, e := range evs {
			if e.Type == typ && strings.Contains(e.Actor, actor) && strings.Contains(e.Target, target) && e.Negated == neg && e.Hypothetical == hypo {
				out = append(out, &evs[i])
			}
		}
		return out
	}
	find := func(typ, actor, target string, neg, hypo bool) *news.Event {
		if all := findAll(typ, actor, target, neg, hypo); len(all) > 0 {
			return all[0]
		}
		return nil
	}
	tests := []struct {
		name               string
		typ, actor, target string
		neg, hypo          bool
		quantity, mode     string
	}{
		{"Iran supplies drones to Russia", "AID", "iran", "russia", false, false, "hundreds", "military"},
		{"Russia offers Iran military support", "AID", "russia", "iran", false, false, "", "military"},
		{"the US gives Ukraine $275M", "AID", "biden", "ukraine", false, false, "$275 million", "military"},
		{"Australia sanctions Iranians", "SANCTION", "australia", "iranian", false, false, "", ""},
		{"the EU may sanction Iran", "SANCTION", "eu", "iran", false, true, "", ""},
		{"Russia strikes Ukraine", "FIGHT", "russia", "ukraine", false, false, "", ""},
		{"Iran denied supplying Russia", "AID", "iran", "russia", true, false, "", "military"},
	}
	for _, tc := range tests {
		// Several events may share type, actor and target (deliveries of
		// different things); the one with the expected quantity is meant.
		e := find(tc.typ, tc.actor, tc.target, tc.neg, tc.hypo)
		for _, c := range findAll(tc.typ, tc.actor, tc.target, tc.neg, tc.hypo) {
			if tc.quantity != "" && c.Quantity == tc.quantity {
				e = c
				break
			}
		}
		if e == nil {
			t.Errorf("%s: no %s %s→%s (neg=%v hyp=%v)", tc.name, tc.typ, tc.actor, tc.target, tc.neg, tc.hypo)
			continue
		}
		if tc.quantity != "" && e.Quantity != tc.quantity {
			t.Errorf("%s: quantity %q, want %q", tc.name, e.Quantity, tc.quantity)
		}
		if tc.mode != "" && e.Mode != tc.mode {
			t.Errorf("%s: mode %q, want %q", tc.name, e.Mode, tc.mode)
		}
		for _, s := range e.Sources {
			a := rep.Article(s.Article)
			if a == nil || s.Start < 0 || s.End > len(a.Text) || s.Start >= s.End {
				t.Errorf("%s: bad source %+v", tc.name, s)
			}
		}
	}
	// Capitals are merged with their countries: 002's "Tehran supplying
	// weapons to Moscow" is a source of Iran's supply to Russia.
	for _, e := range evs {
		if e.Actor == "tehran" || e.Target == "moscow" {
			t.Errorf("capital not merged with its country: %+v", e)
		}
	}
	var fromTehran bool
	for _, e := range findAll("AID", "iran", "russia", false, false) {
		for _, s := range e.Sources {
			a := rep.Article(s.Article)
			fromTehran = fromTehran || a != nil && strings.Contains(a.Text[s.Start:s.End], "Tehran supplying weapons to Moscow")
		}
	}
	if !fromTehran {
		t.Errorf("no Iran→Russia AID has the \"Tehran supplying weapons to Moscow\" source")
	}
	// Russia's offer of support is reported by three articles (000 hedges it).
	if e := find("AID", "russia", "iranian regime", false, false); e == nil || len(e.Sources) < 2 {
		t.Errorf("Russia's support to the Iranian regime should have two sources: %+v", e)
	}
}

// TestPLOVERDev scores the coder on the shared PLOVER dev records. The
// dictionaries were written while looking at this file, so the figure is
// optimistic; the held-out half checks it.
func TestPLOVERDev(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "bench", "events", "plover_gsr_dev.jsonl")
	if _, err := os.Stat(path); err != nil {
		t.Skip("../shared/bench/events not present")
	}
	m := model(t)
	res, err := eval.Events(context.Background(), path, func(s string) (string, string, string) {
		return event.Classify(s, m.Entities(s))
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("category %.3f actor %.3f target %.3f over %d records", res.CategoryAccuracy, res.ActorAccuracy, res.TargetAccuracy, res.Records)
	if res.CategoryAccuracy < 0.75 || res.ActorAccuracy < 0.70 || res.TargetAccuracy < 0.70 {
		t.Errorf("below target: %+v", res)
	}
}

func FuzzCode(f *testing.F) {
	for _, s := range []string{"", "Iran has sent hundreds of drones to Russia.", "was attacked by", "“It will not”; — by by by", "\xff\xfe said", "The EU is looking into imposing sanctions on Iran."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, e := range event.Code(s, nil) {
			if e.Start < 0 || e.End > len(s) || e.Start >= e.End {
				t.Fatalf("bad span %d-%d in %q", e.Start, e.End, s)
			}
			if !slices.Contains([]string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "FIGHT", "ASSAULT", "INVESTIGATE"}, e.Type) {
				t.Fatalf("unknown type %q", e.Type)
			}
		}
	})
}

func BenchmarkCode(b *testing.B) {
	rep := seedReport(b)
	m := model(b)
	type doc struct {
		text string
		ms   []ner.Mention
	}
	var docs []doc
	bytes := 0
	for _, a := range rep.Articles {
		docs = append(docs, doc{a.Text, m.Entities(a.Text)})
		bytes += len(a.Text)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			event.Code(d.text, d.ms)
		}
	}
}
