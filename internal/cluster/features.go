package cluster

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Feature kinds. Each kind has its own weight because what tells two
// same-kind events apart (two earthquakes, two rehab check-ins) is who,
// where and how much, not the shared vocabulary of the event type.
const (
	kindWord   = iota // a stemmed content word
	kindName          // a capitalised word or run of capitalised words
	kindNumber        // a token with a digit: dates, counts, magnitudes
	numKinds
)

// word is a token of the article as the feature extractor sees it.
type word struct {
	text     string // as written
	capital  bool   // starts with an upper-case letter
	digit    bool   // holds a digit
	initial  bool   // first word of a sentence or line
	breakers bool   // punctuation between this word and the previous one
}

// extract turns a title and a body into counted features, as term ids
// (see termKey). The title is read too because feeds often carry a
// headline the extracted body lacks.
func extract(title, text string) counted {
	src := text
	if title != "" && !strings.HasPrefix(strings.TrimSpace(text), strings.TrimSpace(title)) {
		src = title + "\n" + text
	}
	words := tokenize(src)
	names := nameForms(words)

	// Terms are counted by id straight away: building a key string per
	// token, a map keyed by strings and a sort took a third of a large
	// batch's clustering time.
	counts := newVecMap(len(words) / 2)
	add := func(id tid) { counts.set(id, counts.get(id)+1) }

	var run []string // the current run of name words, lower-cased
	var joined []byte
	flush := func() {
		// A multi-word name ("John Kirby", "New Zealand") is a feature of its
		// own: its parts may be common, the pair rarely is.
		if len(run) >= 2 && len(run) <= 4 {
			joined = joined[:0]
			for i, w := range run {
				if i > 0 {
					joined = append(joined, '_')
				}
				joined = append(joined, w...)
			}
			add(termBytes(kindName, joined))
		}
		run = run[:0]
	}
	for _, w := range words {
		lower := strings.ToLower(w.text)
		if w.breakers {
			flush()
		}
		if w.digit {
			flush()
			if n := normNumber(lower); n != "" {
				add(termKey(kindNumber, n))
			}
			continue
		}
		isName := w.capital && names[lower] && !weekday[lower]
		if isName {
			run = append(run, lower)
		} else {
			flush()
		}
		if stop[lower] || utf8.RuneCountInString(lower) < 2 {
			// "US", "UN", "EU" are stop words lower-cased but names in
			// capitals; "The" at a sentence start is neither.
			if isName && len(lower) >= 2 && strings.ToUpper(w.text) == w.text {
				add(termKey(kindName, lower))
			}
			continue
		}
		if isName {
			add(termKey(kindName, lower))
		}
		add(termKey(kindWord, stem(lower)))
	}
	flush()

	out := make(counted, 0, counts.len())
	counts.each(func(id tid, n float32) { out = append(out, termTF{id, n}) })
	return out
}

// nameForms returns the lower-cased words that are written capitalised
// somewhere other than at the start of a sentence, in a sentence that is
// not in title case. A capital at the start of a sentence or in a headline
// says nothing; one in mid-sentence says "name".
func nameForms(words []word) map[string]bool {
	names := make(map[string]bool)
	start := 0
	for i := 0; i <= len(words); i++ {
		if i < len(words) && (i == start || !words[i].initial) {
			continue
		}
		// words[start:i] is one sentence.
		caps, total := 0, 0
		for _, w := range words[start:i] {
			if w.digit {
				continue
			}
			total++
			if w.capital {
				caps++
			}
		}
		if total >= 4 && caps*2 <= total {
			for _, w := range words[start:i] {
				if w.capital && !w.initial && !w.digit {
					names[strings.ToLower(w.text)] = true
				}
			}
		}
		start = i
	}
	return names
}

// tokenize splits s into words: runs of letters, digits and inner
// apostrophes, with decimal points and thousands separators kept inside
// numbers ("6.1", "2,500"). Possessive endings are dropped.
func tokenize(s string) []word {
	out := make([]word, 0, len(s)/6)
	initial := true
	breakers := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			switch r {
			case '.', '!', '?', '\n', ':', ';':
				initial = true
				breakers = true
			case ' ', '\t', '\r', '\u00a0':
			default:
				breakers = true
			}
			i += n
			continue
		}
		j := i
		digit := false
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			switch {
			case unicode.IsLetter(r2):
			case unicode.IsDigit(r2):
				digit = true
			case (r2 == '.' || r2 == ',') && digit && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9':
			case (r2 == '\'' || r2 == '’') && j+n2 < len(s):
				r3, _ := utf8.DecodeRuneInString(s[j+n2:])
				if !unicode.IsLetter(r3) {
					goto done
				}
			default:
				goto done
			}
			j += n2
		}
	done:
		t := s[i:j]
		if k := strings.IndexAny(t, "'’"); k > 0 {
			t = t[:k] // "Iran's" → "Iran", "don't" → "don" (a stop word)
		}
		out = append(out, word{
			text:     t,
			capital:  unicode.IsUpper(r),
			digit:    digit,
			initial:  initial,
			breakers: breakers,
		})
		initial, breakers = false, false
		i = j
	}
	return out
}

// normNumber keeps the numbers that can tell events apart. Thousands
// separators are dropped so "2,500" and "2500" meet; one-digit counts
// are kept because magnitudes and death tolls are often that small.
func normNumber(s string) string {
	s = strings.ReplaceAll(s, ",", "")
	s = strings.TrimSuffix(s, "th")
	s = strings.TrimSuffix(s, "st")
	s = strings.TrimSuffix(s, "nd")
	s = strings.TrimSuffix(s, "rd")
	if s == "" {
		return ""
	}
	return s
}

// stem is a light suffix stripper: enough that "quakes", "quake" and
// "quaked" meet, without a dependency. Consistency matters more than
// linguistic accuracy, since both sides of every comparison go through it.
func stem(w string) string {
	n := len(w)
	switch {
	case n > 5 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 6 && strings.HasSuffix(w, "ing"):
		return trimE(w[:n-3])
	case n > 5 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
		return trimE(w[:n-2])
	case n > 4 && strings.HasSuffix(w, "es") && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes")):
		return w[:n-2]
	case n > 3 && w[n-1] == 's' && w[n-2] != 's' && w[n-2] != 'u' && w[n-2] != 'i':
		return trimE(w[:n-1])
	}
	return trimE(w)
}

// trimE drops a final "e" so that "quake" and "quaking" share "quak".
func trimE(w string) string {
	if len(w) > 3 && w[len(w)-1] == 'e' {
		return w[:len(w)-1]
	}
	return w
}

// sublinear is the usual 1+ln(tf): the tenth "earthquake" adds little.
func sublinear(tf float32) float64 { return 1 + math.Log(float64(tf)) }

// weekday names are capitalised but say nothing about which event.
var weekday = setOf("monday tuesday wednesday thursday friday saturday sunday")

// stop holds function words and the verbs of reporting, which every news
// story shares.
var stop = setOf(`a about above across after afterwards again against all almost alone along already also
although always am among amongst an and another any anyhow anyone anything anyway anywhere are around as at
be became because become becomes becoming been before beforehand behind being below beside besides between
beyond both but by can cannot could did do does doing done down during each either else elsewhere enough
etc even ever every everyone everything everywhere except few for former formerly from further had has have
having he hence her here hereafter hereby herein hers herself him himself his how however i if in indeed
into is it its itself just last latter least less made many may me meanwhile might mine more moreover most
mostly much must my myself namely neither never nevertheless next no nobody none noone nor not nothing now
nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own per
perhaps please put rather re same seem seemed seeming seems several she should since so some somehow someone
something sometime sometimes somewhere still such than that the their theirs them themselves then thence
there thereafter thereby therefore therein thereupon these they this those though through throughout thru
thus to together too toward towards under until up upon us very via was we well were what whatever when
whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who
whoever whole whom whose why will with within without would yet you your yours yourself yourselves
said says say saying told tell according reported reports report reporting news also would like get got
mr mrs ms s t don didn doesn isn wasn aren won can't new year years time day days week weeks people
http https www com html htm`)

func setOf(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
