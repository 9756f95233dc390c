package quote

import "strings"

// cueForm is what a word form tells about a speech or thought verb.
type cueForm struct {
	lemma string
	base  bool // the bare form ("say"): after "to" it is an infinitive
	part  bool // a present participle ("saying"): after a comma it continues the last speaker
	past  bool // a past form, which after be is a passive ("is said to")
	noun  bool // the form is also a common noun ("claims", "report"): rejected after a determiner
}

// speechVerbs are the verbs that introduce what someone said, wrote or
// thinks. The list follows the cue words that attribution corpora (PolNeAR,
// PARC) annotate most often; verbs that mostly describe actions ("call",
// "describe", "accuse") are left out because without a parse they bring
// more false contents than true ones.
var speechVerbs = []string{
	"say", "tell", "add", "write", "note", "report", "announce", "suggest", "argue",
	"claim", "state", "declare", "explain", "insist", "warn", "acknowledge", "admit",
	"deny", "confirm", "believe", "think", "contend", "maintain", "assert", "affirm",
	"allege", "predict", "estimate", "recall", "respond", "reply", "tweet",
	"conclude", "caution", "stress", "emphasize", "emphasise", "indicate", "reveal",
	"disclose", "complain", "concede", "promise", "pledge", "vow", "urge", "observe",
	"remark", "comment", "testify", "mention", "hint", "boast", "joke", "quip",
	"speculate", "fear", "hope", "expect", "worry", "feel", "agree", "signal", "show",
	"find", "charge", "counter", "retort", "recount", "inform", "proclaim", "repeat",
	"reiterate", "underscore", "highlight", "imply", "reckon", "guess", "question",
	"wonder", "doubt", "dispute", "echo", "predict", "forecast", "brief", "acknowledge",
	"assure", "remind", "clarify", "announce", "know", "understand", "suspect",
	"recognize", "recognise", "insinuate", "ask", "point",
	"continue", "go",
	// Communicative acts whose content is their object ("accused Iran of
	// supplying drones", "called the plan a disgrace").
	"accuse", "criticize", "criticise", "describe", "praise", "endorse", "blame", "cite",
	"propose", "call", "condemn", "dismiss", "reject", "applaud", "slam", "blast",
}

// irregular forms: lemma → past, past participle.
var irregular = map[string][2]string{
	"say": {"said", "said"}, "tell": {"told", "told"}, "write": {"wrote", "written"},
	"think": {"thought", "thought"}, "find": {"found", "found"}, "feel": {"felt", "felt"},
	"show": {"showed", "shown"}, "know": {"knew", "known"}, "understand": {"understood", "understood"},
	"forecast": {"forecast", "forecast"}, "go": {"went", "gone"},
}

// nounToo lists lemmas whose forms are also common nouns.
var nounToo = map[string]bool{
	"report": true, "claim": true, "state": true, "estimate": true, "reply": true,
	"tweet": true, "comment": true, "remark": true, "promise": true, "pledge": true,
	"vow": true, "fear": true, "hope": true, "worry": true, "show": true, "charge": true,
	"counter": true, "guess": true, "question": true, "doubt": true, "dispute": true,
	"echo": true, "forecast": true, "brief": true, "signal": true, "point": true,
	"joke": true, "quip": true, "demand": true, "concern": true, "find": true,
	"stress": true, "mention": true, "hint": true, "note": true, "boast": true,
	"repeat": true, "wonder": true, "highlight": true, "warn": true, "call": true,
	"blame": true, "slam": true, "blast": true, "reject": true, "praise": true,
}

// cueTable maps each inflected form to its cue information.
var cueTable = buildCues()

func buildCues() map[string]cueForm {
	t := map[string]cueForm{}
	for _, v := range speechVerbs {
		n := nounToo[v]
		t[v] = cueForm{lemma: v, base: true, noun: n}
		t[thirdPerson(v)] = cueForm{lemma: v, noun: n}
		past, pp := regularPast(v), regularPast(v)
		if irr, ok := irregular[v]; ok {
			past, pp = irr[0], irr[1]
		}
		t[past] = cueForm{lemma: v, past: true}
		t[pp] = cueForm{lemma: v, past: true}
		t[presentParticiple(v)] = cueForm{lemma: v, part: true, noun: n}
	}
	return t
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

func thirdPerson(v string) string {
	switch {
	case strings.HasSuffix(v, "s"), strings.HasSuffix(v, "sh"), strings.HasSuffix(v, "ch"),
		strings.HasSuffix(v, "x"), strings.HasSuffix(v, "o"):
		return v + "es"
	case len(v) > 1 && v[len(v)-1] == 'y' && !isVowel(v[len(v)-2]):
		return v[:len(v)-1] + "ies"
	}
	return v + "s"
}

func regularPast(v string) string {
	switch {
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case len(v) > 1 && v[len(v)-1] == 'y' && !isVowel(v[len(v)-2]):
		return v[:len(v)-1] + "ied"
	case doublesFinal(v):
		return v + v[len(v)-1:] + "ed"
	}
	return v + "ed"
}

func presentParticiple(v string) string {
	switch {
	case strings.HasSuffix(v, "ee"):
		return v + "ing"
	case strings.HasSuffix(v, "e"):
		return v[:len(v)-1] + "ing"
	case doublesFinal(v):
		return v + v[len(v)-1:] + "ing"
	}
	return v + "ing"
}

// doublesFinal reports the one-syllable consonant-vowel-consonant verbs of
// the list whose final consonant doubles ("admit" → "admitted").
func doublesFinal(v string) bool {
	switch v {
	case "admit", "quip", "slam":
		return true
	}
	return false
}

// determiners before a cue form make it a noun ("the report", "his claims").
var determiners = set("the", "a", "an", "this", "that", "these", "those", "his", "her", "its",
	"their", "our", "my", "your", "whose", "no", "any", "some", "every", "each", "such",
	"first", "last", "new", "recent", "latest", "public", "own", "’s", "'s", "of", "in", "on",
	"for", "with", "by", "and", "or")

// adjDeterminers before a past form make it an adjective ("the alleged
// drones").
var adjDeterminers = set("the", "a", "an", "this", "these", "those", "his", "her", "its",
	"their", "our", "my", "your", "such", "’s", "'s")

// beForms before a past form make a passive ("is said to", "was reported").
var beForms = set("is", "was", "are", "were", "be", "been", "being", "’s", "'s", "get", "got")

// adverbials may stand between a subject and its cue, or after a cue
// before its content ("said Friday that", "also noted").
var adverbials = set("also", "later", "previously", "then", "further", "again", "recently",
	"repeatedly", "publicly", "reportedly", "has", "have", "had", "will", "would", "may",
	"might", "could", "can", "should", "must", "did", "does", "do", "not", "never", "often",
	"once", "still", "already", "just", "even", "initially", "first", "now", "only",
	"frequently", "similarly", "separately", "privately", "openly", "bluntly", "flatly",
	"explicitly", "quickly", "simply", "essentially", "basically", "clearly", "recently",
	"subsequently", "ultimately", "finally", "eventually", "originally", "correctly",
	"wrongly", "falsely", "rightly", "loudly", "quietly", "pointedly", "emphatically",
	"however", "meanwhile", "too", "instead", "nonetheless", "yesterday", "today", "tonight",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"n't", "n’t", "’t", "reportedly", "since", "is", "are", "was", "were", "been", "be", "allegedly", "apparently", "herself", "himself", "themselves")

// timeWords may follow a cue before its content ("said on Friday that").
var timeWords = set("on", "in", "at", "last", "this", "next", "early", "late", "earlier",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"yesterday", "today", "tonight", "week", "month", "year", "morning", "afternoon",
	"evening", "night", "weekend", "statement", "interview", "a", "an", "the", "twitter",
	"x", "facebook", "television", "tv", "radio", "press", "conference", "briefing",
	"speech", "letter", "email", "post", "video", "address", "recently", "previously",
	"also", "later", "earlier", "then", "again", "repeatedly", "publicly", "privately",
	"separately", "written", "joint", "nightly", "weekly", "daily", "its", "his", "her",
	"their", "an", "announcement", "release", "news", "thursday’s", "friday’s",
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "ago", "days", "weeks", "months",
	"afterward", "afterwards", "recent", "tweet", "message", "via", "through", "spokesman",
	"spokeswoman", "spokesperson", "by", "to", "reporters", "journalists", "cnn", "fox",
	"abc", "nbc", "cbs", "msnbc", "bbc", "reuters", "ap", "told", "when", "asked")

// clauseWords end a subject noun phrase when walking left from a cue.
var clauseWords = set("that", "and", "but", "or", "which", "who", "whom", "when", "while",
	"as", "because", "if", "although", "though", "since", "after", "before", "where", "so",
	"then", "whether", "than", "until", "unless", "once", "what", "how", "why", "yet",
	"nor", "whereas", "is", "was", "are", "were", "be", "been", "has", "have", "had",
	"will", "would", "said", "says", "told", "also", "not", "to", "do", "does", "did",
	"can", "could", "may", "might", "should", "must", "shall", "there", "it’s", "it's")

// pronouns that can be a speaker, with the entity types they may stand for.
var pronouns = map[string][]string{
	"he": {"PERSON"}, "she": {"PERSON"}, "it": {"ORG", "GPE"},
	"they": {"PERSON", "ORG", "GPE"}, "we": nil, "i": nil, "you": nil,
	"him": {"PERSON"}, "her": {"PERSON"}, "them": {"PERSON", "ORG", "GPE"},
}

// personNouns and orgNouns are head words of descriptions that stand for a
// speaker named elsewhere ("the spokesman", "the ministry").
var personNouns = set("spokesman", "spokeswoman", "spokesperson", "president", "minister",
	"secretary", "official", "editor", "ambassador", "general", "commander", "chief",
	"leader", "senator", "governor", "mayor", "candidate", "director", "adviser", "advisor",
	"analyst", "expert", "lawmaker", "diplomat", "envoy", "chancellor", "premier", "king",
	"queen", "prince", "judge", "prosecutor", "lawyer", "attorney", "aide", "source",
	"representative", "congressman", "congresswoman", "nominee", "officer", "man", "woman",
	"economist", "researcher", "professor", "author", "executive", "chairman",
	"chairwoman", "head", "deputy", "undersecretary", "dictator", "strategist", "manager",
	"businessman", "billionaire", "mogul", "frontrunner", "front-runner", "republican",
	"democrat", "incumbent", "pope", "cleric", "activist")

var orgNouns = set("ministry", "department", "agency", "government", "administration",
	"office", "committee", "council", "army", "military", "company", "campaign",
	"house", "newspaper", "network", "service", "commission",
	"party", "organization", "organisation", "group", "union", "court", "bank", "firm",
	"corporation", "board", "embassy", "parliament", "congress", "senate", "force",
	"forces", "command", "authority", "authorities", "regime", "report", "study", "poll",
	"survey", "document", "memo", "statement", "team", "coalition", "alliance", "outlet",
	"magazine", "station", "center", "centre", "institute", "foundation", "university",
	"spokesman's")

// titles are stripped from the front of a speaker's name.
var titles = set("mr.", "mrs.", "ms.", "miss", "dr.", "prof.", "sen.", "rep.", "gov.", "gen.",
	"lt.", "col.", "maj.", "capt.", "adm.", "sgt.", "rev.", "sir", "dame", "lord", "lady",
	"president", "vice", "prime", "minister", "foreign", "defense", "defence", "secretary",
	"deputy", "under", "undersecretary", "spokesman", "spokeswoman", "spokesperson",
	"nsc", "editor", "chief", "general", "ambassador", "senator", "governor", "mayor",
	"chancellor", "king", "queen", "prince", "premier", "commander", "director", "state",
	"national", "security", "adviser", "advisor", "press", "white", "house", "chairman",
	"leader", "speaker", "former", "u.s.", "us", "u.k.", "uk", "british", "american",
	"ukrainian", "russian", "iranian", "australian", "french", "german", "chinese",
	"israeli", "european", "top", "senior", "interior", "finance", "economy", "trade",
	"justice", "attorney", "pope", "executive", "officer", "candidate", "presidential",
	"republican", "democratic", "democrat", "nominee", "financial", "times",
	"congressman", "congresswoman", "rep", "sen", "gov", "mr", "mrs", "ms", "dr")

// functionWords make a short quote a modifier when absent after it: a
// quoted word followed by a content word ("‘kamikaze’ drones") is a scare
// quote, one followed by a function word or punctuation may be speech.
var functionWords = set("the", "a", "an", "of", "to", "in", "on", "at", "for", "with",
	"by", "from", "about", "between", "before", "after", "and", "or", "but", "that",
	"which", "who", "as", "is", "was", "are", "were", "be", "been", "has", "have", "had",
	"will", "would", "he", "she", "it", "they", "we", "said", "says", "over", "into",
	"than", "because", "if", "while", "when", "since", "during", "against", "under",
	"through", "among", "without", "within", "toward", "towards", "despite", "until",
	"so", "not", "can", "could", "may", "might", "should", "must", "this", "these",
	"those", "its", "his", "her", "their", "our", "i", "you", "there", "here", "told",
	"according", "added", "wrote", "asked", "writes", "adds", "says", "again")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
