package event

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/text"
)

// Coded is one event found in one text: who did what to whom, as the
// sentence states it. Start and End are the byte span of the sentence in
// the text given to Code.
type Coded struct {
	Type, Mode            string
	Actor, Target         ner.Mention // zero when the actor is not a named mention
	ActorText, TargetText string
	Object, Quantity      string
	DateText, Place       string
	Negated, Hypothetical bool
	Start, End            int
	Trigger               string // the words that triggered the coding, for explanations
}

type tok struct {
	start, end int // absolute byte offsets
	text       string
	lower      string
	lem        string
	cap        bool
}

type phrase struct {
	from, to   int // token indices [from, to)
	start, end int // byte offsets
	pronoun    bool
	prepObj    bool // governed by a preposition: rarely the subject
}

type match struct {
	from, to int // token indices covered
	pat      pattern
	words    []int // token index of each pattern element
}

// Code finds PLOVER events in text, sentence by sentence: at most one event
// per clause, and only where a trigger of the dictionary is used as a verb
// (or as one of the few event nouns the dictionary lists with a verb).
// mentions are the NER mentions of text; actors and targets are chosen
// among them and among common actor nouns ("police", "the government").
func Code(txt string, mentions []ner.Mention) []Coded {
	lx := loadLexicon()
	var out []Coded
	var prevSubject string
	var prevPerson personRef
	sorted := slices.IsSortedFunc(mentions, func(a, b ner.Mention) int { return cmp.Compare(a.Start, b.Start) })
	for _, sp := range text.Sentences(txt) {
		if sp.Start < 0 || sp.End > len(txt) || sp.Start >= sp.End {
			continue
		}
		s := &sentence{lx: lx, text: txt, start: sp.Start, end: sp.End, prevSubject: prevSubject, prevPerson: prevPerson}
		s.tokenize()
		s.mentions = mentionsIn(mentions, sp.Start, sp.End, sorted)
		s.chunk()
		out = append(out, s.code()...)
		if q, ok := s.person(); ok {
			prevPerson = q
		}
		if len(s.phrases) > 0 {
			for _, p := range s.phrases {
				if !p.pronoun && !p.prepObj {
					prevSubject = s.phraseText(p)
					break
				}
			}
		}
	}
	return out
}

// mentionsIn returns the mentions within [start, end), in the order of
// ms; sorted says that ms is ordered by Start.
func mentionsIn(ms []ner.Mention, start, end int, sorted bool) []ner.Mention {
	var out []ner.Mention
	if sorted {
		// The tagger's order: the sentence's mentions are one run,
		// between the first starting at start and the first starting at
		// end (a mention inside it starts before end).
		i := sort.Search(len(ms), func(i int) bool { return ms[i].Start >= start })
		for _, m := range ms[i:] {
			if m.Start >= end {
				break
			}
			if m.End <= end && m.Start < m.End {
				out = append(out, m)
			}
		}
		return out
	}
	for _, m := range ms {
		if m.Start >= start && m.End <= end && m.Start < m.End {
			out = append(out, m)
		}
	}
	return out
}

type sentence struct {
	lx          *lexicon
	text        string
	start, end  int
	toks        []tok
	mentions    []ner.Mention
	phrases     []phrase
	inPhrase    []int // token index → phrase index, or -1
	prevSubject string
	prevPerson  personRef // the last named person of the sentences before
}

// personRef is a named person an earlier sentence gives, for "he" and "she".
type personRef struct {
	text    string
	mention ner.Mention
}

// person returns the sentence's named person for a following "he" or
// "she": its first person not governed by a preposition, else its last.
func (s *sentence) person() (personRef, bool) {
	var last personRef
	found := false
	for _, p := range s.phrases {
		if p.pronoun {
			continue
		}
		t, m := s.resolve(p)
		if m.Type != "PERSON" {
			continue
		}
		if !p.prepObj {
			return personRef{t, m}, true
		}
		last, found = personRef{t, m}, true
	}
	return last, found
}

func (s *sentence) tokenize() {
	sub := s.text[s.start:s.end]
	toks := ner.Tokens(sub)
	s.toks = make([]tok, 0, len(toks))
	for _, t := range toks {
		if t.Start < 0 || t.End > len(sub) || t.Start >= t.End {
			continue
		}
		w := sub[t.Start:t.End]
		lw := w
		if strings.IndexByte(w, 0xE2) >= 0 { // the lead byte of ’
			lw = strings.ReplaceAll(w, "’", "'")
		}
		lw = strings.ToLower(lw)
		r, _ := utf8.DecodeRuneInString(w)
		s.toks = append(s.toks, tok{start: s.start + t.Start, end: s.start + t.End, text: w, lower: lw, lem: s.lx.lemma(lw), cap: unicode.IsUpper(r)})
	}
}

// phraseText returns the words of an actor phrase.
func (s *sentence) phraseText(p phrase) string {
	t := s.text[p.start:p.end]
	for _, d := range []string{"the ", "The ", "a ", "A ", "an ", "An "} {
		t = strings.TrimPrefix(t, d)
	}
	return t
}

// code finds the triggers of the sentence and codes one event per clause.
func (s *sentence) code() []Coded {
	matches := s.findTriggers()
	clauses := s.clauses()
	var out []Coded
	used := map[int]bool{}
	for _, m := range matches {
		c := clauseOf(clauses, m.from)
		if used[c] {
			continue
		}
		ev, ok := s.codeOne(m, clauses[c])
		if !ok {
			continue
		}
		used[c] = true
		out = append(out, ev)
	}
	return out
}

// clauses returns the clause boundaries as token index ranges.
func (s *sentence) clauses() [][2]int {
	var out [][2]int
	start := 0
	for i, t := range s.toks {
		if i == start {
			continue
		}
		cut := false
		switch t.lower {
		case ";", ":", "—", "–", "(", ")", "but", "while", "whereas", "although", "though", "because", "after", "before", "when", "which", "who", "whom", "where", "according", "despite", "unless", "saying", "adding":
			cut = true
		case "in":
			if i+1 < len(s.toks) && (s.toks[i+1].lower == "exchange" || s.toks[i+1].lower == "return" || s.toks[i+1].lower == "response") {
				cut = true
			}
		case "accused", "accuses", "accusing":
			// "X accused Y of supplying": the nested act is the accusation's
			// content, not an event of its own.
		}
		if cut {
			out = append(out, [2]int{start, i})
			start = i
		}
	}
	return append(out, [2]int{start, len(s.toks)})
}

func clauseOf(cl [][2]int, i int) int {
	for k, c := range cl {
		if i >= c[0] && i < c[1] {
			return k
		}
	}
	return len(cl) - 1
}

var determiners = map[string]bool{"the": true, "a": true, "an": true, "its": true, "their": true, "his": true, "her": true, "this": true, "that": true, "these": true, "those": true, "'s": true, "our": true, "my": true, "your": true, "of": true, "such": true, "new": true, "fresh": true, "further": true, "any": true, "no": true}

var verbContext = map[string]bool{"will": true, "would": true, "can": true, "could": true, "may": true, "might": true, "must": true, "shall": true, "should": true, "to": true, "not": true, "n't": true, "do": true, "does": true, "did": true, "they": true, "we": true, "i": true, "you": true, "also": true, "jointly": true, "never": true, "'ll": true}

// findTriggers returns the dictionary matches of the sentence, earliest
// first; at one start the longest pattern wins.
func (s *sentence) findTriggers() []match {
	var out []match
	for i := range s.toks {
		var best *match
		for _, p := range s.lx.byFirst[s.toks[i].lem] {
			if m, ok := s.matchAt(i, p); ok && (best == nil || len(m.pat.elems) > len(best.pat.elems)) {
				mm := m
				best = &mm
			}
		}
		if best == nil || !s.verbal(*best) {
			continue
		}
		out = append(out, *best)
	}
	return out
}

func (s *sentence) matchAt(i int, p pattern) (match, bool) {
	m := match{from: i, pat: p, words: []int{i}}
	pos := i
	for _, e := range p.elems[1:] {
		found := -1
		for j := pos + 1; j <= pos+1+e.gap && j < len(s.toks); j++ {
			t := s.toks[j]
			if t.lower == "." || t.lower == ";" || t.lower == ":" {
				break
			}
			if (e.literal && t.lower == e.word) || (!e.literal && t.lem == e.word) {
				found = j
				break
			}
		}
		if found < 0 {
			return match{}, false
		}
		m.words = append(m.words, found)
		pos = found
	}
	m.to = pos + 1
	return m, true
}

// verbal reports whether a match is used as an event predicate: a
// capitalised trigger is part of a name ("Strategic Command"), and a bare
// single-word trigger after a determiner is a noun ("their support").
func (s *sentence) verbal(m match) bool {
	t := s.toks[m.from]
	if t.cap && m.from > 0 {
		return false
	}
	if len(m.pat.elems) > 1 {
		return true
	}
	prev := ""
	if m.from > 0 {
		prev = s.toks[m.from-1].lower
	}
	if determiners[prev] {
		return false
	}
	prevText := ""
	if m.from > 0 {
		prevText = s.toks[m.from-1].text
	}
	if m.from > 1 && determiners[s.toks[m.from-2].lower] && s.toks[m.from-2].lower != "no" && isAlphaLower(prevText) && !auxiliaries[prev] && !adverbs[prev] &&
		s.inPhrase[m.from-1] < 0 && !strings.HasSuffix(t.lower, "ing") && !strings.HasSuffix(t.lower, "ed") {
		return false // "its dwindling supplies", "the latest battles"
	}
	if m.from+1 < len(s.toks) && strings.HasSuffix(t.lower, "ing") && s.toks[m.from+1].lower == "of" {
		return false // "the equipping of a force"
	}
	if m.from+1 < len(s.toks) && s.toks[m.from+1].lower == "to" && frameVerbs[t.lem] {
		return false // "seeks to collaborate": a marker of intent, not a demand
	}
	if strings.HasSuffix(t.lower, "ed") && m.from > 0 && isAlphaLower(prevText) && s.inPhrase[m.from-1] < 0 && !auxiliaries[prev] && !adverbs[prev] && !relDays[prev] && !strings.HasSuffix(prev, "ly") && !pronouns[prev] && !relatives[prev] {
		return false // a reduced relative: "a memo released Friday"
	}
	if nounTriggers[t.lower] {
		return true
	}
	if t.lower == t.lem && !strings.HasSuffix(t.lower, "ed") {
		// A bare form is a verb after a modal, "to", a negation or a plural
		// subject; otherwise it is usually a noun ("military aid").
		if verbContext[prev] {
			return true
		}
		if m.from > 0 && strings.HasSuffix(prev, "s") && s.inPhrase[m.from-1] >= 0 {
			return true
		}
		return false
	}
	if strings.HasSuffix(t.lower, "ing") && (prev == "of" || prev == "for" || prev == "by") {
		return false
	}
	return true
}

var auxiliaries = wordSet("has have had was were is are be been being will would can could may might must shall should do does did not n't never also then and or finally still already now just")

var adverbs = wordSet("again once outright soon later then now also still already just never ever even thus today yesterday first last")

var relatives = wordSet("who which that")

// frameVerbs before "to" mark an intent or a request, not an event.
var frameVerbs = wordSet("seek try plan want intend attempt hope aim expect")

// nounTriggers are event nouns that are coded even without a verb.
var nounTriggers = map[string]bool{"crackdown": true, "bombing": true, "airstrike": true, "airstrikes": true, "ultimatum": true}

var beForms = map[string]bool{"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "being": true, "get": true, "got": true, "'s": false}

// passiveAux returns the token index of the passive auxiliary before the
// trigger ("was attacked"), or -1 when the trigger is active.
func (s *sentence) passiveAux(m match) int {
	t := s.toks[m.from]
	if !strings.HasSuffix(t.lower, "ed") && irregular[t.lower] == "" {
		return -1
	}
	if len(m.pat.elems) > 1 && m.pat.elems[1].word == "to" && m.pat.elems[1].gap == 0 {
		return -1 // "is prepared to", "is committed to": an attitude, not a passive
	}
	if m.pat.elems[0].word == "concern" {
		return -1 // "Washington was concerned about": the subject is concerned
	}
	b := -1
	for j := m.from - 1; j >= 0 && j >= m.from-4; j-- {
		w := s.toks[j].lower
		if beForms[w] || w == "has" || w == "have" || w == "had" {
			if beForms[w] {
				b = j
			}
			continue
		}
		if !strings.HasSuffix(w, "ly") && w != "not" && w != "also" && w != "reportedly" {
			break
		}
		b = min(b, j)
	}
	if b < 0 {
		return -1
	}
	for b > 0 && (beForms[s.toks[b-1].lower] || auxiliaries[s.toks[b-1].lower] && s.toks[b-1].lower != "and") {
		b--
	}
	return b
}

var hypoWords = map[string]bool{"could": true, "may": true, "might": true, "likely": true, "possibly": true, "potentially": true, "consider": true, "considering": true, "considers": true, "considered": true, "plan": true, "plans": true, "planning": true, "planned": true, "intend": true, "intends": true, "intended": true, "seek": true, "seeks": true, "seeking": true, "try": true, "tries": true, "trying": true, "attempt": true, "attempts": true, "attempting": true, "expect": true, "expects": true, "expected": true, "if": true, "alleged": true, "allegedly": true, "suspected": true, "want": true, "wants": true, "hope": true, "hopes": true, "aim": true, "aims": true, "proposed": true, "should": true, "look": true, "looking": true, "mull": true, "mulling": true, "weigh": true, "weighing": true, "enough": true, "able": true, "capable": true, "lobbied": true, "lobby": true, "urged": true, "asked": true, "pressed": true, "wanted": true}

var hypoSentenceWords = map[string]bool{"speculation": true, "rumors": true, "rumours": true, "fears": true, "fear": true, "if": true, "whether": true, "reports": true}

var commitWords = map[string]bool{"will": true, "would": true, "'ll": true, "shall": true, "wo": true}

func (s *sentence) codeOne(m match, cl [2]int) (Coded, bool) {
	ev := Coded{Type: m.pat.cat, Mode: m.pat.mode, Start: s.start, End: s.end}
	var trig []string
	for _, w := range m.words {
		trig = append(trig, s.toks[w].text)
	}
	ev.Trigger = strings.Join(trig, " ")

	// Modifiers in the clause before the trigger.
	lo := max(cl[0], m.from-8)
	commit, neg, hypo, deny := false, false, false, false
	for j := lo; j < m.from; j++ {
		w := s.toks[j].lower
		switch {
		case commitWords[w]:
			commit = true
		case w == "going" && j+1 < m.from && s.toks[j+1].lower == "to":
			commit = true
		case hypoWords[w]:
			hypo = true
		case w == "deny" || w == "denied" || w == "denies" || w == "denying":
			deny = true
		case w == "admitted" || w == "admits" || w == "confirmed" || w == "confirms" || w == "acknowledged":
			deny = false // "denied this, it later admitted to having sent"
		case (w == "not" || w == "n't" || w == "never") && j >= m.from-3:
			neg = true
		}
	}
	for j := 0; j < m.from; j++ {
		if hypoSentenceWords[s.toks[j].lower] {
			hypo = true
		}
	}
	if m.from > 0 && s.toks[m.from-1].lower == "no" {
		neg = true
	}
	switch {
	case hypo:
		ev.Hypothetical = true
		if neg || deny {
			ev.Negated = true
		}
	case commit && neg && cooperative[ev.Type]:
		ev.Type, ev.Mode = "REJECT", ""
	case commit && cooperative[ev.Type] && ev.Type != "AGREE":
		ev.Type, ev.Mode = "AGREE", ""
	case commit && material[ev.Type]:
		ev.Type, ev.Mode = "THREATEN", ""
	case commit && ev.Type != "AGREE" && ev.Type != "THREATEN" && ev.Type != "REJECT":
		ev.Hypothetical = true
		ev.Negated = neg
	default:
		ev.Negated = neg || deny
	}

	if s.infinitive(m) || s.smallClause(m) {
		return Coded{}, false
	}

	// Actor and target.
	var actor, target *phrase
	passive := false
	if b := s.passiveAux(m); b >= 0 {
		passive = true
		// The patient is the subject right before the auxiliaries.
		if p := s.before(b, cl[0], true); p != nil && p.to >= b-3 {
			target = p
		}
		for j := m.to; j < cl[1]; j++ {
			if s.toks[j].lower == "by" {
				actor = s.after(j+1, cl[1])
				break
			}
			if s.toks[j].lower == "in" && m.pat.cat == "INVESTIGATE" {
				actor = s.after(j+1, cl[1])
				break
			}
		}
	} else {
		actor = s.before(m.from, cl[0], false)
		if m.from > 0 && s.inPhrase[m.from-1] >= 0 {
			// "a U.S. delegation visiting Ukraine": the adjacent phrase.
			actor = &s.phrases[s.inPhrase[m.from-1]]
		}
		if actor == nil && cl[0] > 0 {
			// A relative clause ("which allows the United States to…",
			// "those who provide") says what its antecedent is or does, and
			// the antecedent is as often a thing or a generic "those" as an
			// actor: not coded. A clause whose search stopped at a reporting
			// verb ("the military reported air strikes") has no actor; any
			// other clause without a subject shares the sentence's.
			if w := s.toks[cl[0]].lower; w == "who" || w == "which" || w == "whom" || w == "where" {
				return Coded{}, false
			}
			if !s.reportedBetween(cl[0], m.from) {
				actor = s.first(cl[0])
			}
		}
		if actor == nil {
			// An active verb whose subject cannot be found is most often a
			// dictionary word in another sense, or a clause read wrongly.
			return Coded{}, false
		}
		target = s.after(m.to, cl[1])
	}
	if actor != nil {
		ev.ActorText, ev.Actor = s.resolve(*actor)
		if !passive && (ev.ActorText == "" || !s.actorLike(*actor, ev.ActorText, m.from)) {
			return Coded{}, false
		}
	}
	if target != nil {
		ev.TargetText, ev.Target = s.resolve(*target)
		if strings.EqualFold(ev.TargetText, ev.ActorText) {
			// "protecting Iran … and sending Iran new weapons": an actor that
			// is also the target was picked from the wrong clause.
			return Coded{}, false
		}
	}
	if ev.Type == "THREATEN" && len(m.pat.elems) == 1 && ev.TargetText == "" && !s.hasWord(m.to, min(m.to+4, cl[1]), "to") {
		// "was threatening global security" describes a danger; PLOVER's
		// THREATEN is a threat of an act, made to someone.
		return Coded{}, false
	}
	ev.Object = s.object(m, cl, target)
	ev.Quantity = s.quantity(m.from, cl[1])
	ev.DateText = s.date()
	ev.Place = s.place(m.to, cl[1], actor, target)
	if ev.ActorText == "" && ev.TargetText == "" {
		// An act by no one on no one says nothing a reader can use, and such
		// codings are mostly dictionary words used in another sense.
		return Coded{}, false
	}
	if ev.Type == "AID" && ev.Mode == "" {
		ev.Mode = s.aidMode(m.from, cl[1])
	}
	return ev, true
}

// before returns the nearest actor phrase ending before token i and
// starting at or after token lo, preferring phrases not governed by a
// preposition (subjects) unless any will do.
func (s *sentence) before(i, lo int, any bool) *phrase {
	for j := i - 1; j > lo; j-- {
		if w := s.toks[j].lower; w == "reported" || w == "reports" {
			// Who reports a happening is not its actor.
			lo = j
			break
		}
	}
	var fallback *phrase
	for k := len(s.phrases) - 1; k >= 0; k-- {
		p := &s.phrases[k]
		if p.to > i || p.from < lo {
			continue
		}
		if !any && s.modifier(*p) {
			if fallback == nil {
				fallback = p
			}
			continue
		}
		if p.prepObj && !any {
			if fallback == nil {
				fallback = p
			}
			continue
		}
		return p
	}
	return fallback
}

// after returns the actor phrase after token i and before hi that is the
// likeliest target: the first named one, else the first common-noun one,
// not crossing a comma or a reporting verb. Phrases after a possessive
// determiner ("their countries", "its troops") refer back to the actor.
func (s *sentence) after(i, hi int) *phrase {
	stop := hi
	for j := i; j < hi; j++ {
		w := s.toks[j].lower
		if w == "," || w == "said" || w == "says" || w == "reported" || w == "told" || (w == "which" || w == "who") && j > i {
			// A relative clause's phrases belong to another predicate.
			stop = j
			break
		}
	}
	var common *phrase
	for k := range s.phrases {
		p := &s.phrases[k]
		if p.from < i || p.from >= stop || p.pronoun {
			continue
		}
		if common != nil && s.infinitiveBetween(common.to, p.from) {
			// "calling on partner countries to discuss the Russia-Iran
			// partnership": the infinitive's phrases are its own.
			break
		}
		if p.from > 0 && possessives[s.toks[p.from-1].lower] {
			continue
		}
		if s.named(*p) {
			return p
		}
		if common == nil {
			common = p
		}
	}
	return common
}

// infinitiveBetween reports whether an infinitive ("to" before a
// lower-case word that is not a determiner or a quantity) starts between
// tokens lo and hi.
func (s *sentence) infinitiveBetween(lo, hi int) bool {
	for j := lo; j+1 < hi; j++ {
		n := s.toks[j+1]
		if s.toks[j].lower == "to" && isAlphaLower(n.text) && !determiners[n.lower] && !quantityWords[n.lower] && !s.isActorNoun(j+1) && !moreWords[n.lower] {
			return true
		}
	}
	return false
}

var moreWords = wordSet("most many more some all several other both each")

var possessives = wordSet("its their his her our my your")

// named reports whether a phrase holds a capitalised name.
func (s *sentence) named(p phrase) bool {
	for j := p.from; j < p.to; j++ {
		if s.isName(j) {
			return true
		}
	}
	return false
}

// modifier reports whether a name phrase only modifies the noun after it
// ("Iranian drones"): then it is rarely the actor.
func (s *sentence) modifier(p phrase) bool {
	if p.to >= len(s.toks) || p.pronoun {
		return false
	}
	w := s.toks[p.to].lower
	if p.to == p.from+1 && demonym(s.toks[p.from].text) && isAlphaLower(w) && !auxiliaries[w] && !preps[w] && !relatives[w] && !strings.HasSuffix(w, "ed") {
		return true // "Iranian drones", "Russian forces"
	}
	return isAlphaLower(w) && !auxiliaries[w] && !preps[w] && !nameStops[w] && !relatives[w] && s.lx.lemma(w) == w && !verbLike(w) || (isAlphaLower(w) && strings.HasSuffix(w, "s") && !s.lx.lemmas[s.lx.lemma(w)] && !auxiliaries[w] && !preps[w])
}

// first returns the sentence's subject: its first phrase not governed by a
// preposition, before token hi.
func (s *sentence) first(hi int) *phrase {
	for k := range s.phrases {
		p := &s.phrases[k]
		if p.from >= hi {
			break
		}
		if !p.prepObj && !p.pronoun {
			return p
		}
	}
	return nil
}

// resolve gives a phrase's text and named mention; a pronoun stands for
// the sentence's subject, or the previous sentence's.
func (s *sentence) resolve(p phrase) (string, ner.Mention) {
	if p.pronoun {
		if w := s.toks[p.from].lower; w == "he" || w == "she" {
			// "He" stands for a person, never for "Time" or "Washington":
			// the sentence's own person before it, else the last one named.
			if q := s.first(p.from); q != nil {
				if t, m := s.resolve(*q); m.Type == "PERSON" {
					return t, m
				}
			}
			if s.prevPerson.text != "" {
				return s.prevPerson.text, s.prevPerson.mention
			}
			return "", ner.Mention{}
		}
		if q := s.first(p.from); q != nil {
			return s.resolve(*q)
		}
		if s.prevSubject != "" {
			return s.prevSubject, ner.Mention{}
		}
		return s.text[p.start:p.end], ner.Mention{}
	}
	var best ner.Mention
	for _, m := range s.mentions {
		if m.Start < p.end && m.End > p.start && actorTypes[m.Type] && m.End-m.Start > best.End-best.Start {
			best = m
		}
	}
	return s.phraseText(p), best
}

var actorTypes = map[string]bool{"PERSON": true, "ORG": true, "GPE": true}

var objectStops = map[string]bool{"to": true, "for": true, "from": true, "in": true, "on": true, "at": true, "by": true, "against": true, "into": true, "since": true, "as": true, "that": true, "which": true, "who": true, ",": true, ".": true, ";": true, ":": true, "—": true, "(": true, "before": true, "after": true, "over": true, "during": true, "if": true, "unless": true, "because": true, "while": true, "but": true, "including": true}

var particles = wordSet("to on with up down out for at off into upon toward about")

func (s *sentence) object(m match, cl [2]int, target *phrase) string {
	if n := len(m.words); n > 1 && !particles[m.pat.elems[n-1].word] && m.words[n-1] > m.from+1 {
		// "offering military and technical support": the pattern's noun
		// and its modifiers are the object.
		i := m.from + 1
		for i < m.words[n-1] && (determiners[s.toks[i].lower] || (target != nil && i >= target.from && i < target.to)) {
			i++
		}
		return strings.Trim(s.text[s.toks[i].start:s.toks[m.words[n-1]].end], " \"'“”‘’")
	}
	i := m.to
	if target != nil && target.from == i {
		i = target.to
	}
	for i < cl[1] && (determiners[s.toks[i].lower] || s.toks[i].lower == "with" || s.toks[i].lower == "some") {
		i++
	}
	j := i
	for j < cl[1] && j < i+8 && !objectStops[s.toks[j].lower] {
		if target != nil && j == target.from {
			break
		}
		j++
	}
	if j <= i {
		return ""
	}
	obj := strings.Trim(s.text[s.toks[i].start:s.toks[j-1].end], " \"'“”‘’")
	if !strings.ContainsFunc(obj, unicode.IsLetter) {
		return ""
	}
	return obj
}

var quantityWords = map[string]bool{"hundreds": true, "thousands": true, "dozens": true, "scores": true, "millions": true, "billions": true, "several": true}

var scaleWords = map[string]bool{"million": true, "billion": true, "trillion": true, "thousand": true, "hundred": true}

func (s *sentence) quantity(from, hi int) string {
	for j := from; j < hi; j++ {
		t := s.toks[j]
		switch {
		case t.lower == "$" || t.lower == "€" || t.lower == "£":
			if j+1 < hi && isNumber(s.toks[j+1].lower) {
				end := j + 2
				if end < hi && scaleWords[s.toks[end].lower] {
					end++
				}
				return s.text[t.start:s.toks[end-1].end]
			}
		case isNumber(t.lower):
			end := j + 1
			if end < hi && scaleWords[s.toks[end].lower] {
				end++
			}
			if j > 0 && (s.toks[j-1].lower == "of" || isMonth(s.toks[j-1].lower)) {
				continue // "10 of 15", "October 17"
			}
			if end < hi && (isMonth(s.toks[end].lower) || s.toks[end].lower == "percent" || s.toks[end].lower == "%") {
				continue
			}
			return s.text[t.start:s.toks[end-1].end]
		case quantityWords[t.lower]:
			return t.text
		case (t.lower == "a" || t.lower == "small" || t.lower == "limited") && j+2 < hi && s.toks[j+2].lower == "number":
			return s.text[t.start:s.toks[j+2].end]
		}
	}
	return ""
}

func isNumber(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	for _, r := range w {
		if !(r >= '0' && r <= '9' || r == ',' || r == '.') {
			return false
		}
	}
	if len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) {
		return false // a year
	}
	return true
}

var months = map[string]bool{"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true, "august": true, "september": true, "october": true, "november": true, "december": true, "jan.": true, "feb.": true, "aug.": true, "sept.": true, "oct.": true, "nov.": true, "dec.": true}

func isMonth(w string) bool { return months[w] }

var weekdays = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true}

var relDays = map[string]bool{"yesterday": true, "today": true, "tonight": true}

// date returns the first date expression of the sentence.
func (s *sentence) date() string {
	for j, t := range s.toks {
		switch {
		case weekdays[t.lower] || relDays[t.lower]:
			return t.text
		case months[t.lower] && t.cap:
			end := j + 1
			if end < len(s.toks) && (isNumber(s.toks[end].lower) || isOrdinal(s.toks[end].lower)) {
				end++
			}
			if end < len(s.toks) && len(s.toks[end].lower) == 4 && isDigits(s.toks[end].lower) {
				end++
			}
			if end == j+1 && t.lower == "may" {
				continue
			}
			return s.text[t.start:s.toks[end-1].end]
		case (t.lower == "last" || t.lower == "this" || t.lower == "next") && j+1 < len(s.toks) && (s.toks[j+1].lower == "week" || s.toks[j+1].lower == "month" || s.toks[j+1].lower == "year"):
			return s.text[t.start:s.toks[j+1].end]
		}
	}
	return ""
}

func isOrdinal(w string) bool {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(w, suf) && isDigits(strings.TrimSuffix(w, suf)) {
			return true
		}
	}
	return false
}

func isDigits(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// place returns the location after "in"/"at"/"near" in the clause that is
// neither the actor nor the target.
func (s *sentence) place(from, hi int, actor, target *phrase) string {
	for j := from; j+1 < hi; j++ {
		if w := s.toks[j].lower; w != "in" && w != "at" && w != "near" {
			continue
		}
		k := j + 1
		if k < hi && s.toks[k].lower == "the" {
			k++
		}
		for _, m := range s.mentions {
			if k < hi && m.Start == s.toks[k].start && (m.Type == "GPE" || m.Type == "LOC" || m.Type == "FACILITY") {
				if (actor != nil && m.Start >= actor.start && m.End <= actor.end) || (target != nil && m.Start >= target.start && m.End <= target.end) {
					continue
				}
				return m.Text
			}
		}
	}
	return ""
}

var militaryWords = []string{"military", "weapon", "drone", "missile", "arms", "ammunition", "defense", "defence", "security assistance", "artillery", "rocket", "troop", "helicopter", "fighter", "air defense", "intelligence", "warhead", "shahed"}
var economicWords = []string{"$", "dollar", "euro", "loan", "grant", "economic", "trade", "financial", "fund", "credit", "shilling"}
var humanitarianWords = []string{"food", "medical", "humanitarian", "refugee", "asylum", "shelter", "medicine", "relief", "water"}

func (s *sentence) aidMode(from, hi int) string {
	if from >= hi {
		return ""
	}
	span := strings.ToLower(s.text[s.toks[from].start:s.toks[hi-1].end])
	for _, set := range []struct {
		mode  string
		words []string
	}{{"military", militaryWords}, {"humanitarian", humanitarianWords}, {"economic", economicWords}} {
		for _, w := range set.words {
			if strings.Contains(span, w) {
				return set.mode
			}
		}
	}
	return ""
}

// Classify returns the main event of one sentence the way PLOVER's
// gold-standard records code it: the category, actor text and target text
// of the first event coded (the main clause comes first in news style).
func Classify(sentence string, mentions []ner.Mention) (category, actor, target string) {
	evs := Code(sentence, mentions)
	if len(evs) == 0 {
		return "", "", ""
	}
	return evs[0].Type, evs[0].ActorText, evs[0].TargetText
}

// infinitiveKeep are the words before "to" whose infinitive is the event
// the sentence reports ("is seeking to collaborate", "plans to supply"),
// hedged by the modifiers codeOne reads. After any other word ("drones to
// strike", "ministries to request comment", "enough to destroy", "lobbied
// Tehran to provide") the infinitive is a purpose or a wish whose actor
// the shallow reading cannot tell.
var infinitiveKeep = wordSet(`seek seeks seeking sought try tries trying tried plan plans planning planned
want wants wanted intend intends intending intended attempt attempts attempting attempted hope hopes hoped
aim aims aiming aimed expect expects expected decide decides decided deciding agree agrees agreed
prepare prepares prepared preparing going able need needs needed continue continues continued vow vows vowed
pledge pledges pledged promise promises promised threaten threatens threatened threatening refuse refuses
refused ready willing committed set moved move moves began begin begins started start starts likely unlikely
is are was were be`)

// infinitive reports whether the trigger is an infinitive after a word
// that does not make it the reported event.
func (s *sentence) infinitive(m match) bool {
	j := m.from - 1
	for j >= 0 && isQuote(s.toks[j].text) {
		j--
	}
	if j < 0 || s.toks[j].lower != "to" {
		return false
	}
	k := j - 1
	for k >= 0 && (isQuote(s.toks[k].text) || adverbs[s.toks[k].lower] || strings.HasSuffix(s.toks[k].lower, "ly") && !infinitiveKeep[s.toks[k].lower]) {
		k--
	}
	return k < 0 || !infinitiveKeep[s.toks[k].lower]
}

func isQuote(w string) bool {
	switch w {
	case "\"", "“", "”", "'", "‘", "’", "``", "''":
		return true
	}
	return false
}

// causatives take a noun phrase and a participle: "might see 500,000
// Russians conscripted", where the phrase is the patient, not the actor.
var causatives = wordSet("see sees saw seen seeing have has had get gets got want wants wanted keep kept leave left")

// smallClause reports whether a participle trigger follows a noun phrase
// that is the object of a causative verb.
func (s *sentence) smallClause(m match) bool {
	t := s.toks[m.from]
	if !strings.HasSuffix(t.lower, "ed") || m.from == 0 || s.inPhrase[m.from-1] < 0 {
		return false
	}
	p := s.phrases[s.inPhrase[m.from-1]]
	k := p.from - 1
	for k >= 0 && (isNumber(s.toks[k].lower) || quantityWords[s.toks[k].lower] || determiners[s.toks[k].lower]) {
		k--
	}
	return k >= 0 && causatives[s.toks[k].lower]
}

// reportedBetween reports whether a reporting verb stands between tokens
// lo and hi: who reports a happening is not its actor.
func (s *sentence) reportedBetween(lo, hi int) bool {
	for j := lo; j < hi && j < len(s.toks); j++ {
		if w := s.toks[j].lower; w == "reported" || w == "reports" {
			return true
		}
	}
	return false
}

// demonym reports whether a single word is a nationality adjective
// ("Iranian", "Russian", "Israeli", "Chinese", "British"): as an actor it
// is the modifier of a noun the shallow reading lost ("Iranian drones"),
// not an actor. Plurals ("Iranians") are people and are kept.
func demonym(w string) bool {
	if w == "" || strings.ContainsAny(w, " .-") || strings.HasSuffix(w, "s") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	lw := strings.ToLower(w)
	for _, suf := range []string{"ian", "ean", "ese", "ish", "ic", "ch", "li", "ni", "si", "ki", "ti", "ri"} {
		if strings.HasSuffix(lw, suf) && len(lw) > len(suf)+2 {
			return true
		}
	}
	return false
}

// backReferences are common nouns that refer back to actors named
// elsewhere ("the two countries", "both sides"): as actors they say
// nothing a reader can use.
var backReferences = wordSet("countries nations sides side parties partners")

// actorLike reports whether a resolved actor text names an actor: not a
// lone nationality adjective and not a back-reference.
func (s *sentence) actorLike(p phrase, t string, trigger int) bool {
	if demonym(t) && (trigger-p.to > 3 || trigger < p.to || s.hasWord(p.to, trigger, ",") || s.hasWord(p.to, trigger, "said") || s.hasWord(p.to, trigger, "that")) {
		// Next to its verb a nationality is a people ("Palestinian riots",
		// "Algerian landowners began"); far from it, a lost modifier.
		return false
	}
	if !p.pronoun && !s.named(p) {
		f := strings.Fields(strings.ToLower(t))
		if len(f) > 0 && backReferences[f[len(f)-1]] {
			return false
		}
	}
	return true
}

// hasWord reports whether a token in [lo, hi) is the lower-case word w.
func (s *sentence) hasWord(lo, hi int, w string) bool {
	for j := max(lo, 0); j < hi && j < len(s.toks); j++ {
		if s.toks[j].lower == w {
			return true
		}
	}
	return false
}
