package event

import (
	"strings"
	"sync"
)

// The trigger dictionary. Each line is `CATEGORY mode: pattern | pattern`.
// A pattern is a sequence of lemmas; words joined by "+" must be adjacent,
// words separated by a space may have up to three tokens between them, and
// ".." allows up to eight (for "said … that X must"). A leading "*" marks a
// word matched literally (not lemmatised). The lists were written by hand
// from the PLOVER category definitions and general news usage; they are
// deliberately verb-centred, because nouns alone ("the war", "support")
// over-generate badly.
const lexiconText = `
AGREE: agree | agree+to | agree+on | agree+upon | sign agreement | sign accord | sign deal | sign treaty | sign pact | sign memorandum | reach agreement | reach accord | reach deal | conclude agreement | promise | pledge | offer+to | commit+to | consent | accept | prepared+to | willing+to | ready+to | approve proposal
CONSULT visit: visit | travel+to | arrive+in+for+talk
CONSULT host: host | receive delegation
CONSULT third-party: mediate | launch mediation | broker
CONSULT: meet | meet+with | hold talk | hold meeting | hold consultation | hold discussion | hold negotiation | talk+with | consult | negotiate | confer | discuss | telephone | phone
SUPPORT: praise | commend | welcome | endorse | support | back | defend right | applaud | hail | establish tie | establish relation | forgive | express support | voice support | thank | congratulate | recognize | recognise | side+with
COOPERATE: cooperate | collaborate | share information | share intelligence | share evidence | share data | war game | joint exercise | conduct exercise | work+with | work+together | coordinate | jointly produce | deepen relationship | deepen tie | deepen alliance | deepen partnership | deepen cooperation | form alliance | enter partnership | build partnership | move toward partnership | forge partnership
AID: give | provide | supply | send | deliver | donate | grant | lend | loan | fund | finance | offer help | transfer | ship | equip | authorize .. aid | authorize .. package | authorize .. assistance | authorise .. aid | authorise .. package | approve .. aid | approve .. package | commit .. assistance | commit .. aid | announce .. aid | announce .. package | offer .. support | offer .. aid | offer .. assistance | provide .. support | provide .. aid | provide .. assistance | open border | aid | help | assist | rescue
CONCEDE: lift ban | lift sanction | lift curfew | lift emergency | lift restriction | lift embargo | ease restriction | ease sanction | release | free | allow | permit | accept demand | shorten curfew | take step | apologize | apologise | concede | yield | compromise | pardon | relax
RETREAT: withdraw | pull+out | pull+back | retreat | surrender | resign | step+down | complete withdrawal | lift blockade | lift siege | demobilize | demobilise | disarm | evacuate | abandon
DEMAND: demand | urge | call+on | call+for | insist | request | ask | appeal+to | appeal+for | press+for | seek | order | say .. must | announce .. must | conclude .. must | reiterate demand
DISAPPROVE: accuse | blame | criticize | criticise | condemn | denounce | lodge protest | lodge complaint | complain | summon | sue | express concern | deplore | rebuke | dispute | censure | object+to | chastise | reproach | slam | concern+about
REJECT: reject | refuse | decline+to | turn+down | dismiss | renege | veto | fail+to | violate ban | violate agreement | violate ceasefire | violate truce | break agreement | rule+out | *out+*of+*the+*question | oppose
THREATEN: threaten | ultimatum | swear+to | vow+to | warn+of
PROTEST demo: protest | demonstrate | rally | march | stage demonstration | stage protest | stage rally | take+to+street | sit-in
PROTEST riot: riot
PROTEST strike: go+on+strike | stop+work | strike+over
PROTEST strike-hun: hunger+strike
PROTEST obstruct: block road | block roadway | block bridge | block transport | block highway | block street | blockade | picket
SANCTION: sanction | impose .. sanction | announce .. sanction | approve .. sanction | adopt .. sanction | impose .. embargo | suspend aid | suspend tie | suspend relation | suspend link | suspend talk | cut tie | sever tie | sever relation | break+off relation | expel | recall ambassador | end mediation | embargo | freeze asset | blacklist | deny entry | prohibit aid | halt aid | withhold aid | cancel visit | prohibit | suspend | boycott
MOBILIZE troops: mobilize | mobilise | deploy | mass troop | call+up | conscript | reinforce | gather recruit | station troop
MOBILIZE police: order patrol
MOBILIZE alert: put+on+alert | raise alert
COERCE arrest: arrest | detain | jail | imprison
COERCE detain: kidnap | abduct | take hostage | hold as shield | hold hostage
COERCE seize: seize | confiscate | hack
COERCE destroy: blow+up | demolish | destroy | burn
COERCE curfew: impose curfew
COERCE censor: suspend publication | censor | shut+down
COERCE: deport | raid | crack+down | crackdown | ban
ASSAULT: attack | assault | beat | beat+up | torture | kill | massacre | assassinate | bomb | wound | injure | stab | execute | lynch | rape | shoot+dead | bombing
FIGHT heavy-weapons: shell | bombard | mount invasion | invade | mount offensive | launch offensive | retake | recapture
FIGHT firearms: open+fire | fire+on | fire+at | shoot
FIGHT aerial: strike | airstrike | air+strike | launch strike | fire missile | fire rocket | shoot+down | down drone
FIGHT: fight | clash | battle | capture | occupy | force+out | ambush | storm | overrun | besiege | target
INVESTIGATE: investigate | probe | launch investigation | launch inquiry | launch probe | open hearing | open investigation | open inquiry | inspect | put+under+investigation | examine | monitor
`

// Cooperative categories: a commitment to one of them ("will give", "said
// it would release") is PLOVER's AGREE, its refusal is REJECT.
var cooperative = map[string]bool{"AGREE": true, "CONSULT": true, "SUPPORT": true, "COOPERATE": true, "AID": true, "CONCEDE": true, "RETREAT": true}

// Material conflict: a commitment to one of them is a THREATEN.
var material = map[string]bool{"SANCTION": true, "COERCE": true, "FIGHT": true, "ASSAULT": true, "MOBILIZE": true, "PROTEST": true}

type elem struct {
	word    string
	literal bool
	gap     int // tokens allowed before this element (0 for the first)
}

type pattern struct {
	cat, mode string
	elems     []elem
}

type lexicon struct {
	byFirst map[string][]pattern // keyed by the first element's word
	lemmas  map[string]bool      // every word the patterns use, for lemmatisation
}

var loadLexicon = sync.OnceValue(func() *lexicon {
	lx := &lexicon{byFirst: map[string][]pattern{}, lemmas: map[string]bool{}}
	for _, line := range strings.Split(lexiconText, "\n") {
		head, body, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		cat, mode, _ := strings.Cut(strings.TrimSpace(head), " ")
		for _, p := range strings.Split(body, "|") {
			pat := pattern{cat: cat, mode: strings.TrimSpace(mode)}
			gap := 0
			for _, w := range strings.Fields(p) {
				if w == ".." {
					gap = 10
					continue
				}
				for j, part := range strings.Split(w, "+") {
					if j > 0 {
						gap = 0
					}
					e := elem{word: part, gap: gap}
					if strings.HasPrefix(part, "*") {
						e.word, e.literal = part[1:], true
					} else {
						lx.lemmas[part] = true
					}
					pat.elems = append(pat.elems, e)
				}
				gap = 3
			}
			if len(pat.elems) > 0 {
				lx.byFirst[pat.elems[0].word] = append(lx.byFirst[pat.elems[0].word], pat)
			}
		}
	}
	return lx
})

// irregular maps irregular inflections to their lemmas.
var irregular = map[string]string{
	"sent": "send", "gave": "give", "given": "give", "struck": "strike", "stricken": "strike",
	"shot": "shoot", "fought": "fight", "held": "hold", "met": "meet", "made": "make",
	"took": "take", "taken": "take", "beaten": "beat", "sought": "seek", "began": "begin",
	"begun": "begin", "withdrew": "withdraw", "withdrawn": "withdraw", "blew": "blow",
	"blown": "blow", "broke": "break", "broken": "break", "led": "lead", "told": "tell",
	"said": "say", "says": "say", "overran": "overrun", "forbade": "forbid", "swore": "swear",
	"sworn": "swear", "froze": "freeze", "frozen": "freeze", "lent": "lend", "won": "win",
	"lost": "lose", "sold": "sell", "paid": "pay", "laid": "lay", "kept": "keep", "left": "leave",
	"upheld": "uphold", "withheld": "withhold", "stood": "stand", "rebuilt": "rebuild",
	"brought": "bring", "fled": "flee", "forgave": "forgive", "forgiven": "forgive",
	"undertook": "undertake", "drove": "drive", "driven": "drive", "spoke": "speak",
	"spoken": "speak", "rode": "ride", "wrote": "write", "written": "write", "hit": "hit",
	"bombings": "bombing", "attacks": "attack", "strikes": "strike", "airstrikes": "airstrike",
	"talks": "talk", "ties": "tie", "troops": "troop", "streets": "street", "relations": "relation",
	"downed": "down", "drones": "drone", "sanctions": "sanction", "u.s.": "u.s.",
}

// lemma returns the lexicon lemma of a lower-cased word when one of its
// plausible stems is in the lexicon, else the word itself. Stemming only
// towards known lemmas keeps "sanctioned" → "sanction" without turning
// "news" into "new".
func (lx *lexicon) lemma(w string) string {
	if l, ok := irregular[w]; ok {
		return l
	}
	if lx.lemmas[w] {
		return w
	}
	// The candidate stems, tried in this order; the first in the lexicon
	// wins. They are built in a stack buffer so that a miss (most words)
	// allocates nothing.
	var buf [48]byte
	try := func(stem, suffix string) (string, bool) {
		if len(stem)+len(suffix) > len(buf) {
			c := stem + suffix
			return c, lx.lemmas[c]
		}
		b := append(append(buf[:0], stem...), suffix...)
		if lx.lemmas[string(b)] {
			return string(b), true
		}
		return "", false
	}
	n := len(w)
	switch {
	case strings.HasSuffix(w, "ies") && n > 4, strings.HasSuffix(w, "ied") && n > 4:
		if c, ok := try(w[:n-3], "y"); ok {
			return c
		}
	}
	if strings.HasSuffix(w, "ing") && n > 4 {
		s := w[:n-3]
		if c, ok := try(s, ""); ok {
			return c
		}
		if c, ok := try(s, "e"); ok {
			return c
		}
		if len(s) > 2 && s[len(s)-1] == s[len(s)-2] {
			if c, ok := try(s[:len(s)-1], ""); ok {
				return c
			}
		}
	}
	if strings.HasSuffix(w, "ed") && n > 4 {
		s := w[:n-2]
		if c, ok := try(s, ""); ok {
			return c
		}
		if c, ok := try(w[:n-1], ""); ok {
			return c
		}
		if len(s) > 2 && s[len(s)-1] == s[len(s)-2] {
			if c, ok := try(s[:len(s)-1], ""); ok {
				return c
			}
		}
	}
	if strings.HasSuffix(w, "es") && n > 3 {
		if c, ok := try(w[:n-2], ""); ok {
			return c
		}
	}
	if strings.HasSuffix(w, "s") && n > 3 {
		if c, ok := try(w[:n-1], ""); ok {
			return c
		}
	}
	return w
}
