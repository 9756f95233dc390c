package event

import "strings"

// actorNouns are the common nouns that name an actor without a proper
// name: "police", "the government", "rebels".
var actorNouns = wordSet(`government governments police army armies military troops troop soldiers soldier forces force
rebels rebel militants militant guerrillas guerrilla guerillas insurgents insurgent militiamen militia militias
protesters protestors demonstrators students workers farmers officials official authorities leaders leader
president minister ministry parliament court judge opposition regime diplomats diplomat negotiators warships
tanks helicopters jets navy prisoners refugees civilians residents villagers activists party council administration
spokesman spokeswoman spokesperson envoy delegation coalition alliance separatists terrorists fighters commanders
intelligence group groups peacekeepers inspectors lawmakers businessman newspaper union extremists fundamentalists
islamists hardliners movement bulldozers monitors personnel technicians side sides countries nations allies partners emir
faction junta cabinet premier chancellor king sheikh agency watchdog network department embassy mission`)

// nameStops are capitalised words that do not start or continue a name.
var nameStops = wordSet(`the a an on in at for but and or while as after since during under with according meanwhile
however this that these those it he she they we i his her their its our if when some up together undoubtedly frankly
due now there then to of by from what why how explaining considering people electricity top also it's in addition
despite although though because before following last next recent recently earlier later yesterday today
one two three four five six seven eight nine ten many several most all both each other such no not`)

// adjectival actor nouns are often modifiers of a following noun.
var adjectival = wordSet(`military government police army opposition rebel militia party security`)

// verbLike reports whether a lower-case word after an actor noun is likely
// its verb ("police fired", "troops withdrew").
func verbLike(w string) bool {
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ing")
}

var pronouns = wordSet(`he she they it we`)

var preps = wordSet(`in of from at near on with for to by against over into about between among toward towards within`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// nonActorTypes are NER types whose mentions are never actors.
var nonActorTypes = map[string]bool{"WEAPON": true, "EVENT": true, "FACILITY": true, "LOC": true}

func (s *sentence) isName(i int) bool {
	t := s.toks[i]
	if !t.cap || nameStops[t.lower] || months[t.lower] || weekdays[t.lower] {
		return false
	}
	if i == 0 && (s.lx.lemmas[t.lem] || actorNouns[t.lower]) {
		return false
	}
	for _, m := range s.mentions {
		if t.start >= m.Start && t.end <= m.End && nonActorTypes[m.Type] {
			return false
		}
	}
	return true
}

func (s *sentence) isActorNoun(i int) bool {
	t := s.toks[i]
	return actorNouns[t.lower] && (!t.cap || i == 0)
}

func isAlphaLower(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return true
}

// chunk finds the actor phrases of the sentence: runs of capitalised name
// words (joined by "of" and the possessive), optionally followed by an
// actor noun ("Israeli intelligence officials", "Poland's parliament"),
// bare actor-noun runs ("rebels", "security forces") and subject pronouns.
func (s *sentence) chunk() {
	n := len(s.toks)
	s.inPhrase = make([]int, n)
	for i := range s.inPhrase {
		s.inPhrase[i] = -1
	}
	i := 0
	for i < n {
		from, to := i, i
		pron := false
		switch {
		case s.isName(i):
			to = i + 1
			for to < n {
				w := s.toks[to].lower
				switch {
				case s.isName(to):
					to++
					continue
				case (w == "of" || w == "'s" || w == "-") && to+1 < n && s.isName(to+1):
					to += 2
					continue
				}
				break
			}
			to = s.extendNoun(to)
		case s.isActorNoun(i):
			to = i + 1
			for to < n && s.isActorNoun(to) {
				to++
			}
			if to < n && adjectival[s.toks[to-1].lower] && isAlphaLower(s.toks[to].lower) && !preps[s.toks[to].lower] && !nameStops[s.toks[to].lower] && !beForms[s.toks[to].lower] && s.lx.lemma(s.toks[to].lower) == s.toks[to].lower && !verbLike(s.toks[to].lower) {
				// "military aid", "government spokesman" read as modifiers.
				i = to
				continue
			}
			// "opposition leader Maulana …", "group of Moroccan diplomats",
			// "government of Sindh province".
			if to < n && s.isName(to) {
				for to < n && s.isName(to) {
					to++
				}
			} else if to+1 < n && s.toks[to].lower == "of" {
				k := to + 1
				if k < n && s.toks[k].lower == "the" {
					k++
				}
				if k < n && s.isName(k) {
					for k < n && (s.isName(k) || s.isActorNoun(k) || (s.toks[k].lower == "'s" && k+1 < n && s.isName(k+1))) {
						k++
					}
					to = s.extendNoun(k)
				}
			}
		case pronouns[s.toks[i].lower] && !(i > 0 && preps[s.toks[i-1].lower]):
			to, pron = i+1, true
		default:
			i++
			continue
		}
		p := phrase{from: from, to: to, start: s.toks[from].start, end: s.toks[to-1].end, pronoun: pron}
		k := from - 1
		for k >= 0 && (determiners[s.toks[k].lower] && s.toks[k].lower != "of" && s.toks[k].lower != "'s" || isNumber(s.toks[k].lower) || quantityWords[s.toks[k].lower]) {
			k--
		}
		p.prepObj = k >= 0 && preps[s.toks[k].lower]
		for j := from; j < to; j++ {
			s.inPhrase[j] = len(s.phrases)
		}
		s.phrases = append(s.phrases, p)
		i = to
	}
}

// extendNoun extends a name ending before token to through a possessive
// and up to two lower-case modifiers to the actor nouns that follow.
func (s *sentence) extendNoun(to int) int {
	n := len(s.toks)
	j := to
	if j < n && s.toks[j].lower == "'s" {
		j++
	}
	for k := j; k < n && k < j+3; k++ {
		if s.isActorNoun(k) {
			for k < n && s.isActorNoun(k) {
				k++
			}
			return k
		}
		if !isAlphaLower(s.toks[k].lower) || s.lx.lemmas[s.toks[k].lem] || nameStops[s.toks[k].lower] {
			break
		}
	}
	return to
}
