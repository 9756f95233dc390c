package claim

import (
	"fmt"
	"strings"

	"github.com/triangulate/triangulate/internal/news"
)

// stance is one denial or admission in a sentence: who (an entity key),
// which way, about what (content stems and concepts after the verb).
type stance struct {
	sent     int
	actor    string
	deny     bool
	matter   []string
	reversal bool // "initially denied", "later admitted": the source tells a change over time
}

// reversalWords mark a stance the source itself places in a sequence:
// such a source reports the change, it does not contradict another.
var reversalWords = map[string]bool{
	"initially": true, "later": true, "eventually": true, "subsequently": true, "first": true,
	"previously": true, "earlier": true, "since": true, "finally": true, "originally": true, "after": true,
}

var negations = map[string]bool{"not": true, "n't": true, "never": true, "refused": true, "declined": true, "no": true}

// stances finds the denials and admissions of sentence s.
func stances(si int, s *sent) []stance {
	var out []stance
	for _, p := range s.preds {
		if p.concept != "deny" && p.concept != "admit" {
			continue
		}
		deny := p.concept == "deny"
		negated, reversal := false, false
		for k := max(p.tok-4, 0); k < min(p.tok+8, len(s.words)); k++ {
			if k >= p.tok {
				if reversalWords[s.words[k]] { // "admitted his role after 30 years"
					reversal = true
				}
				continue
			}
			if negations[s.words[k]] && k >= p.tok-3 {
				negated = true
			}
			if reversalWords[s.words[k]] {
				reversal = true
			}
		}
		if negated {
			if deny {
				continue // "did not deny" asserts nothing either way
			}
			deny = true // "has not admitted", "refused to confirm"
		}
		actor := ""
		for _, e := range s.ents {
			if e.tok < p.tok {
				actor = e.key
			}
		}
		if actor == "" {
			continue
		}
		m := map[string]bool{}
		for k := p.tok + 1; k < len(s.words) && k <= p.tok+15; k++ {
			w := s.words[k]
			if !isWord(w) || len(w) < 3 || stopwords[w] || inEntity(s, k) {
				continue
			}
			if c := conceptOf(w); c != "" {
				if c != "deny" && c != "admit" {
					m["@"+c] = true
				}
				continue
			}
			m[stem(w)] = true
		}
		for _, e := range s.ents {
			if e.tok > p.tok && e.key != actor {
				m[e.key] = true
			}
		}
		out = append(out, stance{sent: si, actor: actor, deny: deny, matter: sortedKeys(m), reversal: reversal})
	}
	return out
}

func inEntity(s *sent, tok int) bool {
	o := s.offs[tok]
	for _, e := range s.ents {
		if e.start < o[1] && e.end > o[0] {
			return true
		}
	}
	return false
}

// sharesMatter reports whether two stances are about the same thing: a
// common event concept or content word, not merely a common entity.
func sharesMatter(a, b stance) bool {
	for _, x := range a.matter {
		if strings.HasPrefix(x, "gpe:") || strings.HasPrefix(x, "e:") {
			continue
		}
		for _, y := range b.matter {
			if x == y {
				return true
			}
		}
	}
	return false
}

// statementConflicts finds contradicting statements across source
// groups: a denial against an admission by the same actor on the same
// matter, and a superlative ("Russia's top military backer") against its
// qualified form ("one of Russia's top military backers") about the same
// subject. A source that reports both sides of a change ("initially
// denied …, later admitted …") is not in conflict with either.
func statementConflicts(in Input, ss []sent) []news.Conflict {
	var out []news.Conflict
	byArt := map[int][]stance{}
	var all []stance
	for i := range ss {
		if strings.HasSuffix(strings.TrimRight(ss[i].text, "”\"’' )"), "?") {
			continue // a question asserts nothing
		}
		for _, st := range stances(i, &ss[i]) {
			byArt[ss[i].art] = append(byArt[ss[i].art], st)
			all = append(all, st)
		}
	}
	// reportsChange: the article states the actor's denial and admission on
	// this matter, or marks one of them as part of a sequence.
	reportsChange := func(art int, x stance) bool {
		for _, y := range byArt[art] {
			if y.actor == x.actor && sharesMatter(x, y) && (y.deny != x.deny || y.reversal) {
				return true
			}
		}
		return false
	}
	type key struct {
		ga, gb int
		actor  string
	}
	seen := map[key]bool{}
	for _, d := range all {
		if !d.deny || d.reversal {
			continue
		}
		for _, a := range all {
			sd, sa := &ss[d.sent], &ss[a.sent]
			if a.deny || a.reversal || a.actor != d.actor || sd.group == sa.group || !sharesMatter(d, a) {
				continue
			}
			if reportsChange(sd.art, d) || reportsChange(sa.art, a) {
				continue
			}
			k := key{sd.group, sa.group, d.actor}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, news.Conflict{
				Kind: news.ConflictStatement,
				A:    spanOf(in, sd),
				B:    spanOf(in, sa),
				Explanation: fmt.Sprintf("%s reports a denial and %s an admission by the same actor on the same matter",
					label(in, sd.art), label(in, sa.art)),
			})
		}
	}
	return append(out, superlativeConflicts(in, ss)...)
}

// superlative is a ranking claim: subject is (one of) possessor's top head.
type superlative struct {
	sent               int
	subject, possessor string
	head               string
	phrase             string
	qualified          bool
}

var superWords = map[string]bool{
	"top": true, "biggest": true, "largest": true, "greatest": true, "leading": true, "main": true,
	"primary": true, "chief": true, "foremost": true, "strongest": true, "closest": true, "principal": true,
}

// superlatives finds ranking claims with a named possessor ("Russia's top
// military backer", "the largest supplier of Russia") and a named subject
// before them.
func superlatives(si int, s *sent, doc string) []superlative {
	var out []superlative
	n := len(s.words)
	entAt := func(tok int) string {
		for _, e := range s.ents {
			if e.tok == tok {
				return e.key
			}
		}
		return ""
	}
	for i := 0; i < n; i++ {
		mark := i
		switch {
		case superWords[s.words[i]]:
		case s.words[i] == "most" && i+1 < n && isWord(s.words[i+1]) && !stopwords[s.words[i+1]]:
			i++
		default:
			continue
		}
		// head: the last word of the noun phrase after the marker
		h := -1
		for k := i + 1; k < n && k <= i+3; k++ {
			w := s.words[k]
			if !isWord(w) || stopwords[w] || headStop[w] {
				break
			}
			h = k
		}
		if h < 0 {
			continue
		}
		possessor, start := "", mark
		switch {
		case mark >= 2 && s.words[mark-1] == "'s":
			possessor, start = entAt(mark-2), mark-2
		case h+2 < n && s.words[h+1] == "of":
			possessor = entAt(h + 2)
		}
		if possessor == "" {
			continue
		}
		for start > 0 && !isWord(s.words[start-1]) && s.words[start-1] != "'s" {
			start-- // opening quotation marks
		}
		qualified := false
		for k := max(start-4, 0); k+1 < start+1 && k+1 < n; k++ {
			if (s.words[k] == "one" || s.words[k] == "among") && (s.words[k+1] == "of" || s.words[k] == "among") {
				qualified = true
			}
		}
		subject := ""
		for _, e := range s.ents {
			if e.tok < start && e.key != possessor {
				subject = e.key
			}
		}
		if subject == "" {
			continue
		}
		head := s.words[h]
		if c := conceptOf(head); c != "" {
			head = "@" + c
		} else {
			head = stem(head)
		}
		out = append(out, superlative{sent: si, subject: subject, possessor: possessor, head: head,
			phrase: doc[s.offs[mark][0]:s.offs[h][1]], qualified: qualified})
	}
	return out
}

func superlativeConflicts(in Input, ss []sent) []news.Conflict {
	var all []superlative
	for i := range ss {
		all = append(all, superlatives(i, &ss[i], in.Articles[ss[i].art].Text)...)
	}
	type key struct {
		ga, gb             int
		subject, possessor string
		head               string
	}
	seen := map[key]bool{}
	var out []news.Conflict
	for _, q := range all {
		if !q.qualified {
			continue
		}
		for _, u := range all {
			sq, su := &ss[q.sent], &ss[u.sent]
			if u.qualified || sq.group == su.group || u.subject != q.subject || u.possessor != q.possessor || u.head != q.head {
				continue
			}
			k := key{sq.group, su.group, q.subject, q.possessor, q.head}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, news.Conflict{
				Kind: news.ConflictStatement,
				A:    spanOf(in, sq),
				B:    spanOf(in, su),
				Explanation: fmt.Sprintf("%s says “one of … %s”, %s says “%s”: one of several is not the first",
					label(in, sq.art), q.phrase, label(in, su.art), u.phrase),
			})
		}
	}
	return out
}
