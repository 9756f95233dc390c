package claim

import (
	"strings"
	"sync"
)

// stem reduces an English word (lower case) to a crude stem, so that
// inflections and simple derivations compare equal ("supplied",
// "supplying", "supplies" → "suppli"; "authorized", "authorize" →
// "authoriz"). It is deliberately coarse: stems are only compared with one
// another, never shown. Irregular verbs come from a table first.
func stem(w string) string {
	if r, ok := irregular[w]; ok {
		w = r
	}
	if len(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		w = undouble(w[:len(w)-2])
	case strings.HasSuffix(w, "s") && len(w) > 3:
		w = w[:len(w)-1]
	}
	if strings.HasSuffix(w, "ment") && len(w) > 7 {
		w = w[:len(w)-4]
	}
	if strings.HasSuffix(w, "e") && len(w) > 3 {
		w = w[:len(w)-1]
	}
	if strings.HasSuffix(w, "y") && len(w) > 3 {
		w = w[:len(w)-1] + "i"
	}
	return w
}

// undouble drops the doubled final consonant that -ed and -ing add
// ("stopped" → "stop"), except for letters English doubles at the end of
// stems ("killed" → "kill", "passed" → "pass").
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && strings.IndexByte("aeioulsz", w[n-1]) < 0 {
		return w[:n-1]
	}
	return w
}

var irregular = map[string]string{
	"sent": "send", "shot": "shoot", "gave": "give", "given": "give", "took": "take", "taken": "take",
	"made": "make", "said": "say", "says": "say", "told": "tell", "struck": "strike", "stricken": "strike",
	"led": "lead", "won": "win", "fought": "fight", "brought": "bring", "bought": "buy", "sold": "sell",
	"dead": "die", "died": "die", "dying": "die", "death": "die", "deaths": "die", "flew": "fly", "flown": "fly",
	"fled": "flee", "began": "begin", "begun": "begin", "held": "hold", "met": "meet", "spoke": "speak",
	"spoken": "speak", "left": "leave", "lost": "lose", "paid": "pay", "kept": "keep", "ran": "run",
	"saw": "see", "seen": "see", "knew": "know", "known": "know", "wrote": "write", "written": "write",
	"chose": "choose", "chosen": "choose", "hit": "hit", "hits": "hit", "hitting": "hit", "fell": "fall",
	"fallen": "fall", "rose": "rise", "risen": "rise", "caught": "catch", "sought": "seek", "felt": "feel",
	"drove": "drive", "driven": "drive", "froze": "freeze", "stole": "steal", "stolen": "steal",
	"shook": "shake", "shaken": "shake", "built": "build", "spent": "spend", "arose": "arise",
	"withdrew": "withdraw", "withdrawn": "withdraw", "overthrew": "overthrow", "beaten": "beat",
	"wounded": "wound", "wounds": "wound", "backers": "backer", "supporters": "supporter",
	"lying": "lie", "lied": "lie", "denial": "deny", "denials": "deny", "deliveries": "delivery",
	"deals": "deal", "news": "news",
}

// concepts groups words (written as they appear; stemmed at first use)
// into one predicate concept each, so that paraphrases compare equal:
// "downed" ≈ "shot down", "supply" ≈ "send" ≈ "provide". The first word
// names the concept. Every concept here is an event verb (or its noun)
// whose presence makes a sentence a candidate claim; attribution verbs
// (say, tell) are deliberately absent: they say who speaks, not what
// happened.
var conceptGroups = [][]string{
	{"down", "downed", "intercept", "interception", "destroy", "shootdown"},
	{"supply", "send", "provide", "deliver", "delivery", "transfer", "ship", "shipment", "export", "furnish", "sell", "sale", "give"},
	{"sanction", "penalize", "penalise", "blacklist", "embargo"},
	{"authorize", "authorise", "approve", "approval", "greenlight"},
	{"attack", "strike", "hit", "bomb", "bombing", "shell", "shelling", "raid", "assault", "bombard", "airstrike"},
	{"kill", "die", "killing", "fatality", "fatalities", "toll"},
	{"injure", "wound", "injury", "hurt"},
	{"deny", "denial", "dismiss"},
	{"admit", "acknowledge", "acknowledgment", "acknowledgement", "concede", "confess", "admission", "confirm"},
	{"support", "back", "backer", "supporter", "backing", "sponsor"},
	{"arrest", "detain", "apprehend", "custody"},
	{"pay", "payment"},
	{"commit", "pledge", "promise"},
	{"produce", "manufacture", "production", "assemble"},
	{"accuse", "allege", "blame", "accusation"},
	{"meet", "meeting", "visit"},
	{"announce", "unveil", "announcement"},
	{"sign", "signing"},
	{"launch", "fire"},
	{"elect", "election", "vote"},
	{"win", "victory"},
	{"resign", "resignation", "quit"},
	{"charge", "indict", "indictment"},
	{"sentence", "convict", "conviction", "jail", "imprison"},
	{"rescue", "evacuate", "evacuation"},
	{"earthquake", "quake", "tremor", "temblor"},
	{"capture", "seize", "occupy", "annex", "annexation", "seizure"},
	{"invade", "invasion"},
	{"cost", "price", "worth", "value"},
	{"mobilize", "mobilise", "mobilization", "mobilisation", "conscript", "recruit", "draft"},
	{"flee", "displace", "refugee"},
	{"cut", "outage", "blackout"},
	{"award", "prize"},
	{"release", "free"},
	{"buy", "purchase", "acquire", "acquisition", "obtain"},
	{"agree", "agreement", "deal", "accord"},
	{"threaten", "threat", "warn", "warning"},
}

// units groups head nouns of quantities that count the same things.
var unitGroups = [][]string{
	{"drone", "uav", "uavs", "shahed", "shaheds"},
	{"missile", "rocket"},
	{"people", "person", "persons", "civilian", "resident", "individual"},
	{"soldier", "troop", "serviceman", "servicemen", "fighter"},
	{"km", "kilometer", "kilometre", "kms"},
	{"kg", "kilogram", "kilo"},
	{"mile"},
	{"percent", "%", "per cent", "pct"},
}

type lexicon struct {
	concept map[string]string // stem → concept name
	unit    map[string]string // stem → unit name
}

var lex = sync.OnceValue(func() *lexicon {
	l := &lexicon{concept: map[string]string{}, unit: map[string]string{}}
	for _, g := range conceptGroups {
		for _, w := range g {
			l.concept[stem(w)] = g[0]
		}
	}
	for _, g := range unitGroups {
		for _, w := range g {
			l.unit[stem(w)] = g[0]
		}
	}
	return l
})

// conceptOf returns the predicate concept of a lower-case word, or "".
func conceptOf(w string) string { return lex().concept[stem(w)] }

// unitOf returns the unit a head noun counts: a group name, or the noun's
// stem.
func unitOf(w string) string {
	s := stem(w)
	if u, ok := lex().unit[s]; ok {
		return u
	}
	return s
}

// stopwords are function words and reporting words that say nothing about
// what a sentence claims.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also although am an and any are as at be
	been before being below between both but by can could did do does doing down during each either else even ever
	every few for from further had has have having he her here hers herself him himself his how however i if in into
	is it its itself just least less like may me might more most much must my myself neither no nor not now of off
	often on once only or other our ours ourselves out over own per rather same shall she should since so some still
	such than that the their theirs them themselves then there these they this those though through thus to too under
	until up upon us very was we were what when where whether which while who whom whose why will with within without
	would yet you your yours yourself say said says saying tell told according added adding noted stated statement
	claimed claim reported report reports mr mrs ms dr according one two three four five six seven eight nine ten
	many several new last first later earlier year years month months week weeks day days time today yesterday
	monday tuesday wednesday thursday friday saturday sunday january february march april june july august
	september october november december jan feb mar apr jun jul aug sep sept oct nov dec 's n't 're 've 'll 'd
	's got get gets go goes going went gone come comes came become became becomes because via amid among across
	toward towards onto despite per cent percent around nearly almost approximately roughly just only`) {
		m[w] = true
	}
	return m
}()

// capitals maps capitals, government seats and institutions used as
// metonyms for their country ("Tehran supplying weapons to Moscow").
var capitals = map[string]string{
	"moscow": "russia", "kremlin": "russia", "kyiv": "ukraine", "kiev": "ukraine", "tehran": "iran",
	"washington": "united states", "white house": "united states", "pentagon": "united states",
	"london": "united kingdom", "downing street": "united kingdom", "beijing": "china", "pyongyang": "north korea",
	"seoul": "south korea", "paris": "france", "berlin": "germany", "tokyo": "japan", "jerusalem": "israel",
	"damascus": "syria", "baghdad": "iraq", "ankara": "turkey", "minsk": "belarus", "kabul": "afghanistan",
	"new delhi": "india", "islamabad": "pakistan", "riyadh": "saudi arabia", "cairo": "egypt", "rome": "italy",
	"madrid": "spain", "ottawa": "canada", "canberra": "australia", "brussels": "belgium", "warsaw": "poland",
	"us": "united states", "u.s.": "united states", "usa": "united states", "u.s.a.": "united states",
	"america": "united states", "uk": "united kingdom", "u.k.": "united kingdom", "britain": "united kingdom",
	"great britain": "united kingdom", "england": "united kingdom",
}

// demonyms the suffix rules of countryOfDemonym cannot derive.
var demonyms = map[string]string{
	"british": "united kingdom", "briton": "united kingdom", "britons": "united kingdom", "english": "united kingdom",
	"american": "united states", "americans": "united states", "french": "france", "dutch": "netherlands",
	"german": "germany", "germans": "germany", "swiss": "switzerland", "greek": "greece", "turkish": "turkey",
	"polish": "poland", "spanish": "spain", "swedish": "sweden", "danish": "denmark", "finnish": "finland",
	"irish": "ireland", "welsh": "united kingdom", "scottish": "united kingdom", "filipino": "philippines",
	"thai": "thailand", "afghan": "afghanistan", "iraqi": "iraq", "israeli": "israel", "pakistani": "pakistan",
	"saudi": "saudi arabia", "yemeni": "yemen", "kuwaiti": "kuwait", "qatari": "qatar", "emirati": "united arab emirates",
	"peruvian": "peru", "chilean": "chile", "mexican": "mexico", "cuban": "cuba", "new zealander": "new zealand",
	"soviet": "russia", "chinese": "china", "japanese": "japan", "vietnamese": "vietnam", "lebanese": "lebanon",
	"sudanese": "sudan", "portuguese": "portugal", "taiwanese": "taiwan", "congolese": "congo",
}
