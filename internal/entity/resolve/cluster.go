package resolve

import (
	"bytes"
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

// node is a set of mentions that are one name by construction: the same
// type and canonical key. Single-word person names are nodes per
// document, because "Biden" may be Joe in one article and Hunter in
// another; every other name is one node for the whole call.
type node struct {
	typ     string
	key     string
	doc     int // -1 unless short
	short   bool
	rep     int // index of the first mention, whose forms describe the node
	qual    string
	core    []string // organisation core ("ministry of defense"), else ctoks
	coreSur string   // surface words of the core, for acronyms
	gaz     bool     // some surface is a gazetteer entry
	dropped bool
}

type resolver struct {
	opts  Options
	docs  []Doc
	cl    cleaner
	ms    []cleaned
	nodes []*node
	of    []int // mention → node
	up    []int // union-find parent of nodes
	ev    []string
	lower map[string]bool // lower-case words of all texts, built on demand
}

func (r *resolver) find(i int) int {
	for r.up[i] != i {
		r.up[i] = r.up[r.up[i]]
		i = r.up[i]
	}
	return i
}

// union joins two nodes' entities and records on each, if it has none yet,
// the evidence that joined it.
func (r *resolver) union(a, b int, ev string) {
	for _, x := range [2]int{a, b} {
		if r.ev[x] == "" {
			r.ev[x] = ev
		}
	}
	ra, rb := r.find(a), r.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	r.up[rb] = ra // the earlier node stays root: deterministic
}

// collect cleans every mention, in document order.
func (r *resolver) collect() {
	for d, doc := range r.docs {
		ms := slices.Clone(doc.Mentions)
		slices.SortStableFunc(ms, func(a, b ner.Mention) int { return cmp.Compare(a.Start, b.Start) })
		lastEnd := -1
		for _, m := range ms {
			if m.Start < lastEnd {
				continue // overlapping spans: keep the first
			}
			cm, ok := r.cl.clean(doc.Text, m.Start, m.End, m.Type)
			if !ok {
				continue
			}
			lastEnd = m.End
			cm.doc = d
			cm.order = len(r.ms)
			r.ms = append(r.ms, cm)
		}
	}
}

// repairTypes fixes what the gazetteer or the majority says plainly:
// "U.S." tagged ORG is a place, "Lockheed Martin" tagged PERSON is an
// organisation, one "Kirby" tagged GPE among six PERSON "Kirby"s is a
// person. It never merges: it only changes a mention's type.
func (r *resolver) repairTypes() {
	votes := map[string]map[string]int{}
	gkind := make([]gazetteer.Kind, len(r.ms))
	for i := range r.ms {
		m := &r.ms[i]
		if k, ok := r.cl.gazKind(m.surface); ok {
			gkind[i] = k
			if k == gazetteer.GPE && (m.typ == "ORG" || m.typ == "PERSON" || m.typ == "MISC") {
				m.typ = "GPE"
			}
		}
		if votes[m.key] == nil {
			votes[m.key] = map[string]int{}
		}
		votes[m.key][m.typ]++
	}
	for i := range r.ms {
		m := &r.ms[i]
		v := votes[m.key]
		best, bestN := "", 0
		for _, t := range sortedKeys(v) {
			if t == "PERSON" && gkind[i] != "" {
				continue // a listed non-person name is not a person
			}
			if v[t] > bestN {
				best, bestN = t, v[t]
			}
		}
		switch {
		case m.typ == "PERSON" && gkind[i] != "" && gkind[i] != gazetteer.Given:
			if best == "" {
				best = string(gkind[i])
				if gkind[i] == gazetteer.NORP {
					best = "MISC"
				}
			}
			m.typ = best
		case best != "" && bestN > v[m.typ]:
			m.typ = best
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// buildNodes groups mentions by type and canonical key.
func (r *resolver) buildNodes() {
	r.of = make([]int, len(r.ms))
	index := map[string]int{}
	for i := range r.ms {
		m := &r.ms[i]
		short := m.typ == "PERSON" && len(m.ctoks) == 1
		k := m.typ + "\x00" + m.key
		if short {
			k = string(rune(m.doc)) + "\x01" + k
		}
		n, ok := index[k]
		if !ok {
			n = len(r.nodes)
			index[k] = n
			nd := &node{typ: m.typ, key: m.key, doc: -1, short: short, rep: i, core: m.ctoks, coreSur: m.surface}
			if short {
				nd.doc = m.doc
			}
			if m.typ == "ORG" {
				nd.qual, nd.core, nd.coreSur = r.orgForm(*m)
			}
			r.nodes = append(r.nodes, nd)
		}
		if _, ok := r.cl.gazKind(m.surface); ok {
			r.nodes[n].gaz = true
		}
		r.of[i] = n
	}
	r.up = make([]int, len(r.nodes))
	for i := range r.up {
		r.up[i] = i
	}
	r.ev = make([]string, len(r.nodes))
}

// prefix2 is the blocking key: names that differ in their first two
// letters are never compared.
func prefix2(s string) string {
	if len(s) > 2 {
		return s[:2]
	}
	return s
}

// mergeVariants joins spelling variants of one name, comparing only
// within blocks of the same type and first letters, and only names whose
// lengths are within the edit threshold of each other.
func (r *resolver) mergeVariants() {
	blocks := map[string][]int{}
	var order []string
	for i, n := range r.nodes {
		if n.short {
			continue
		}
		ct := r.ms[n.rep].ctoks
		b := n.typ + "\x00" + prefix2(n.key)
		if n.typ == "PERSON" {
			b = n.typ + "\x01" + prefix2(ct[len(ct)-1])
		}
		if blocks[b] == nil {
			order = append(order, b)
		}
		blocks[b] = append(blocks[b], i)
	}
	for _, b := range order {
		ids := blocks[b]
		if len(ids) < 2 {
			continue
		}
		person := strings.HasPrefix(b, "PERSON\x01")
		klen := func(i int) int {
			if person {
				ct := r.ms[r.nodes[i].rep].ctoks
				return len(ct[len(ct)-1])
			}
			return len(r.nodes[i].key)
		}
		slices.SortStableFunc(ids, func(a, b int) int { return cmp.Compare(klen(a), klen(b)) })
		for x, i := range ids {
			for _, j := range ids[x+1:] {
				if klen(j)-klen(i) > 2 {
					break
				}
				if person {
					if r.samePerson(i, j) {
						r.union(i, j, EvidenceVariant)
					}
					continue
				}
				a, c := r.nodes[i], r.nodes[j]
				if a.gaz && c.gaz {
					continue // two listed names are two places (Gambia, Zambia)
				}
				if r.opts.variantOf(a.key, c.key) {
					r.union(i, j, EvidenceVariant)
				}
			}
		}
	}
}

// samePerson reports whether two full names can name one person: variant
// surnames, agreeing given names, and no conflicting middle names.
func (r *resolver) samePerson(i, j int) bool {
	a, b := r.ms[r.nodes[i].rep].ctoks, r.ms[r.nodes[j].rep].ctoks
	if !r.opts.variantOf(a[len(a)-1], b[len(b)-1]) || !r.opts.firstNamesAgree(a[0], b[0]) {
		return false
	}
	ma, mb := a[1:len(a)-1], b[1:len(b)-1]
	if len(ma) > 0 && len(mb) > 0 && !slices.Equal(ma, mb) {
		// "George W. Bush" and "George H. W. Bush": both name a middle.
		return false
	}
	return true
}

// orgForm splits an organisation's name into a country qualifier and a
// core in one word order: "British Defense Ministry" → ("uk", "ministry
// of defense"); "UK MoD" → ("uk", "mod").
func (r *resolver) orgForm(m cleaned) (qual string, core []string, coreSur string) {
	toks := m.toks // qualifiers are looked up as written, not collapsed
	ws := strings.Fields(m.surface)
	skip := 0
	for skip < len(toks)-1 {
		if skip+1 < len(toks)-1 {
			if q, ok := qualifiers[toks[skip]+toks[skip+1]]; ok && qual == "" {
				qual, skip = q, skip+2
				continue
			}
		}
		if q, ok := qualifiers[toks[skip]]; ok && qual == "" {
			qual, skip = q, skip+1
			continue
		}
		break
	}
	core = slices.Clone(m.ctoks[skip:])
	if len(core) > 0 && core[0] == "the" {
		core = core[1:]
	}
	if n := len(core); n >= 2 && (core[n-1] == "ministry" || core[n-1] == "department") {
		core = append([]string{core[n-1], "of"}, core[:n-1]...)
	}
	coreSur = m.surface
	if skip > 0 && len(ws) == len(toks) {
		coreSur = strings.Join(ws[skip:], " ")
	}
	return qual, core, coreSur
}

// mergeOrganisations joins descriptions of one organisation: the same
// core and qualifier ("British Defense Ministry", "UK Ministry of
// Defence"); an unqualified core ("Defense Ministry") joins a qualified one
// only when a single organisation has that core.
func (r *resolver) mergeOrganisations() {
	groups := map[string][]int{}
	var order []string
	for i, n := range r.nodes {
		if n.typ != "ORG" || len(n.core) < 2 {
			continue
		}
		k := n.qual + "|" + strings.Join(n.core, " ")
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range order {
		for _, j := range groups[k][1:] {
			r.union(groups[k][0], j, EvidenceOrganisation)
		}
	}
	qualified := map[string][]int{} // core → qualified nodes
	for _, k := range order {
		q, core, _ := strings.Cut(k, "|")
		if q != "" {
			qualified[core] = append(qualified[core], groups[k]...)
		}
	}
	for _, k := range order {
		q, core, _ := strings.Cut(k, "|")
		if q != "" || len(qualified[core]) == 0 {
			continue
		}
		if root, ok := r.uniqueRoot(qualified[core]); ok {
			r.union(groups[k][0], root, EvidenceOrganisation)
		}
	}
}

// uniqueRoot returns the one entity the nodes belong to, if there is one.
func (r *resolver) uniqueRoot(ids []int) (int, bool) {
	root := -1
	for _, i := range ids {
		x := r.find(i)
		if root >= 0 && x != root {
			return 0, false
		}
		root = x
	}
	return root, root >= 0
}

// mergeAcronyms joins an acronym ("NSC", "UK MoD", "U.S.") to the one
// name of its type whose initials it spells.
func (r *resolver) mergeAcronyms() {
	byInitials := map[string][]int{}
	for i, n := range r.nodes {
		if n.short || n.typ == "PERSON" || len(n.core) < 2 {
			continue
		}
		all, content := initials(n.core)
		byInitials[n.typ+"\x00"+all] = append(byInitials[n.typ+"\x00"+all], i)
		if content != all {
			byInitials[n.typ+"\x00"+content] = append(byInitials[n.typ+"\x00"+content], i)
		}
	}
	for i, n := range r.nodes {
		if n.typ == "PERSON" || len(n.core) != 1 {
			continue
		}
		letters := acronymLetters(n.coreSur)
		if letters == "" {
			continue
		}
		var cands []int
		for _, j := range byInitials[n.typ+"\x00"+letters] {
			if q := r.nodes[j].qual; n.qual == "" || q == "" || q == n.qual {
				cands = append(cands, j)
			}
		}
		if root, ok := r.uniqueRoot(cands); ok {
			r.union(i, root, EvidenceAcronym)
		}
	}
}

// Alias phrases, matched at the end of the text before a mention; the
// antecedent is the nearest earlier mention of the same type.
var (
	knownAs   = regexp.MustCompile(`(?i)\b(?:(?:better|also|widely|commonly|locally|formerly|now|otherwise|officially)\s+)?known(?:\s+[^,.;:()"“”]{0,40}?)?\s+as(?:\s+the)?\s*$`)
	whichCall = regexp.MustCompile(`(?i)\b(?:which|that|what|whom)\s+[^,.;:()"“”]{0,40}?\b(?:calls?|called|dubs?|dubbed|names?|named|refers?\s+to\s+as|designates?|designated)(?:\s+(?:it|them))?(?:\s+as)?(?:\s+the)?\s*$`)
	renamed   = regexp.MustCompile(`(?i)\b(?:renamed|rebranded|repainted|relabell?ed|re-?designated|rechristened|redubbed)(?:\s+(?:it|them|as|to|the))*\s*$`)
	aka       = regexp.MustCompile(`(?i)(?:\ba\.?k\.?a\.?|\balias|\bformerly)\s*$`)
	paren     = regexp.MustCompile(`\(\s*$`)
	pronoun   = regexp.MustCompile(`(?i)\b(?:it|them|they)\b`)
)

// mergeAliasPatterns joins names that a sentence declares to be one:
// "the Shahed-136, better known to the Russian military as the Geran-2",
// "… which Russia calls Geran-2", "repainted them as Geranium-2", "was
// renamed Bakhmut", "X (Y)" for organisations and weapons.
func (r *resolver) mergeAliasPatterns() {
	start := 0
	for d, doc := range r.docs {
		end := start
		for end < len(r.ms) && r.ms[end].doc == d {
			end++
		}
		ms := r.ms[start:end]
		base := start
		start = end
		if len(ms) < 2 {
			continue
		}
		var sents []news.Span // split on first need: most documents have no alias phrase
		sentsDone := false
		words, indexed := newWordIndex(doc.Text)
		for j := 1; j < len(ms); j++ {
			m := ms[j]
			from := max(0, m.start-100) // phrases are short: "better known to the Russian military as the"
			pre := doc.Text[from:m.start]
			var loc int
			var crossSentence bool
			if indexed {
				loc, crossSentence = aliasTriggerIndexed(pre, m.typ, words, from)
			} else {
				loc, crossSentence = r.aliasTrigger(pre, m.typ)
			}
			if loc < 0 {
				continue
			}
			trig := from + loc
			for i := j - 1; i >= 0; i-- {
				a := ms[i]
				if m.start-a.start > r.opts.aliasWindow() {
					break
				}
				if a.typ != m.typ || a.end > trig {
					continue
				}
				if !crossSentence && !sentsDone {
					sents, sentsDone = text.Sentences(doc.Text), true
				}
				if !crossSentence && text.SpanIndex(sents, a.start) != text.SpanIndex(sents, m.start) {
					break
				}
				if !crossSentence && strings.ContainsAny(doc.Text[a.end:trig], ";") {
					break
				}
				r.union(r.of[base+i], r.of[base+j], EvidenceAlias)
				break
			}
		}
	}
}

// aliasTrigger finds an alias phrase at the end of pre and returns where
// it starts, and whether its antecedent may be in an earlier sentence (a
// pronoun refers back: "repainted them as").
func (r *resolver) aliasTrigger(pre, typ string) (int, bool) {
	var buf [128]byte
	low, exact := foldASCII(pre, buf[:0])
	if !hasAliasWord(pre, low, exact) {
		return -1, false // most mentions: skip the regular expressions
	}
	for _, re := range aliasRes {
		if exact && !containsAny(low, re.lits) {
			continue // none of the words the expression needs
		}
		if loc := re.re.FindStringIndex(pre); loc != nil {
			return loc[0], pronoun.MatchString(pre[loc[0]:])
		}
	}
	if typ == "ORG" || typ == "WEAPON" || typ == "FACILITY" || typ == "MISC" {
		if loc := paren.FindStringIndex(pre); loc != nil && strings.TrimSpace(pre[:loc[0]]) == "" {
			return loc[0], false
		}
	}
	return -1, false
}

// aliasTriggerIndexed is aliasTrigger for pre = text[from:from+len(pre)]
// with the text's alias words found once (words): a window of 100 bytes
// before every mention overlaps the previous one, and searching each for
// every word again was most of the cost of resolution.
func aliasTriggerIndexed(pre, typ string, words wordIndex, from int) (int, bool) {
	to := from + len(pre)
	if !words.has(from, to, 1) {
		return -1, false
	}
	for k, re := range aliasRes {
		if !words.has(from, to, 2<<k) {
			continue
		}
		if loc := re.re.FindStringIndex(pre); loc != nil {
			return loc[0], pronoun.MatchString(pre[loc[0]:])
		}
	}
	if typ == "ORG" || typ == "WEAPON" || typ == "FACILITY" || typ == "MISC" {
		if loc := paren.FindStringIndex(pre); loc != nil && strings.TrimSpace(pre[:loc[0]]) == "" {
			return loc[0], false
		}
	}
	return -1, false
}

// wordIndex holds every occurrence in a text (ASCII letters folded) of
// the alias words (set bit 1) and of each alias expression's words (bit
// 2<<k for aliasRes[k]), ordered by start.
type wordIndex []wordHit

type wordHit struct {
	start, end int
	sets       uint8
}

// newWordIndex indexes text; ok is false when ASCII folding is not exact
// for it (see foldASCII), and then windows must be tested one by one.
func newWordIndex(text string) (idx wordIndex, ok bool) {
	low, exact := foldASCII(text, nil)
	if !exact {
		return nil, false
	}
	sets := map[string]uint8{}
	for _, w := range aliasWords {
		sets[w] |= 1
	}
	for k, re := range aliasRes {
		for _, w := range re.lits {
			sets[w] |= 2 << k
		}
	}
	for w, bits := range sets {
		for i := 0; ; {
			j := bytes.Index(low[i:], []byte(w))
			if j < 0 {
				break
			}
			idx = append(idx, wordHit{i + j, i + j + len(w), bits})
			i += j + 1 // overlapping occurrences too
		}
	}
	slices.SortFunc(idx, func(a, b wordHit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	return idx, true
}

// has reports whether a word of a set in bits lies within [from, to).
func (x wordIndex) has(from, to int, bits uint8) bool {
	i, _ := slices.BinarySearchFunc(x, from, func(h wordHit, from int) int { return cmp.Compare(h.start, from) })
	for ; i < len(x) && x[i].start < to; i++ {
		if x[i].end <= to && x[i].sets&bits != 0 {
			return true
		}
	}
	return false
}

// aliasRes are the alias expressions in the order they are tried, each
// with lower-case words one of which any match of it contains.
var aliasRes = []struct {
	re   *regexp.Regexp
	lits []string
}{
	{knownAs, []string{"known"}},
	{whichCall, []string{"call", "dub", "name", "refer", "designat"}},
	{renamed, []string{"renamed", "rebranded", "repainted", "relabel", "designated", "rechristened", "redubbed"}},
	{aka, []string{"ak", "a.k", "alias", "formerly"}},
}

// aliasWords are the words every alias phrase contains; a cheap test for
// them keeps the regular expressions off most mentions.
var aliasWords = []string{"known", "call", "dub", "name", "refer", "designat", "paint", "brand", "label", "christen", "aka", "a.k.a", "alias", "formerly", "("}

// hasAliasWord reports whether strings.ToLower(pre) contains an alias
// word. low and exact are foldASCII(pre): when exact, the ASCII-folded
// bytes answer the same without the allocation of strings.ToLower.
func hasAliasWord(pre string, low []byte, exact bool) bool {
	if !exact {
		l := strings.ToLower(pre)
		for _, w := range aliasWords {
			if strings.Contains(l, w) {
				return true
			}
		}
		return false
	}
	return containsAny(low, aliasWords)
}

func containsAny(low []byte, words []string) bool {
	for _, w := range words {
		if bytes.Contains(low, []byte(w)) {
			return true
		}
	}
	return false
}

// foldASCII appends s to buf with ASCII letters lower-cased. exact says
// that ASCII words occur in the result exactly where they occur in
// strings.ToLower(s) and where a (?i) expression finds them: s holds none
// of the three non-ASCII letters that fold to ASCII ones (İ → i and
// K KELVIN SIGN → k in ToLower; ſ LONG S ~ s in (?i)). Every other
// non-ASCII rune lowers to non-ASCII bytes.
func foldASCII(s string, buf []byte) (low []byte, exact bool) {
	if strings.Contains(s, "\u0130") || strings.Contains(s, "\u212a") || strings.Contains(s, "\u017f") {
		return nil, false
	}
	low = append(buf, s...)
	for i, c := range low {
		if c >= 'A' && c <= 'Z' {
			low[i] = c + 'a' - 'A'
		}
	}
	return low, true
}

// lowerWords returns every all-lower-case word of the texts: a one-word
// "person" that also occurs as a common word ("Time", "Will") with no full
// name behind it is taken as a tagging error.
func (r *resolver) lowerWords() map[string]bool {
	if r.lower != nil {
		return r.lower
	}
	r.lower = map[string]bool{}
	isLetter := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	for _, d := range r.docs {
		// The maximal runs of ASCII letters (the fields of FieldsFunc on
		// non-letters; a non-ASCII byte is never a letter here), without
		// building the slice of all of them.
		t := d.Text
		for i := 0; i < len(t); {
			if !isLetter(t[i]) {
				i++
				continue
			}
			j := i + 1
			for j < len(t) && isLetter(t[j]) {
				j++
			}
			if t[i] >= 'a' && t[i] <= 'z' {
				r.lower[t[i:j]] = true
			}
			i = j
		}
	}
	return r.lower
}

// mergeShortNames resolves one-word person names against full names: the
// one full name in the same document with that surname (or, failing
// that, given name), else the one in the whole call. Two candidates leave
// the name alone: "Biden" in a story about Joe and Hunter Biden is
// neither.
func (r *resolver) mergeShortNames() {
	type full struct{ node, doc int }
	var fulls []full
	bySurname := map[string][]int{} // prefix2(surname) → full-name nodes
	docFulls := map[int][]int{}
	seen := map[[2]int]bool{}
	for i := range r.ms {
		m := &r.ms[i]
		if m.typ != "PERSON" || len(m.ctoks) < 2 {
			continue
		}
		n := r.of[i]
		if !seen[[2]int{n, m.doc}] {
			seen[[2]int{n, m.doc}] = true
			fulls = append(fulls, full{n, m.doc})
			docFulls[m.doc] = append(docFulls[m.doc], n)
		}
		if !seen[[2]int{n, -1}] {
			seen[[2]int{n, -1}] = true
			sur := m.ctoks[len(m.ctoks)-1]
			bySurname[prefix2(sur)] = append(bySurname[prefix2(sur)], n)
		}
	}
	last := func(n int) string { ct := r.ms[r.nodes[n].rep].ctoks; return ct[len(ct)-1] }
	first := func(n int) string { return r.ms[r.nodes[n].rep].ctoks[0] }
	pick := func(ids []int, ok func(int) bool) (int, int) {
		var c []int
		for _, n := range ids {
			if ok(n) {
				c = append(c, n)
			}
		}
		if len(c) == 0 {
			return 0, 0
		}
		if root, one := r.uniqueRoot(c); one {
			return root, 1
		}
		return 0, 2
	}
	unresolved := map[string][]int{}
	var uorder []string
	for i, n := range r.nodes {
		if !n.short {
			continue
		}
		k := n.key
		surname := func(f int) bool { return r.opts.variantOf(last(f), k) }
		root, c := pick(docFulls[n.doc], surname)
		ev := EvidenceSurname
		if c == 0 {
			root, c = pick(docFulls[n.doc], func(f int) bool { return first(f) == k })
			ev = EvidenceGivenName
		}
		if c == 0 {
			root, c = pick(bySurname[prefix2(k)], surname)
			ev = EvidenceSurname
		}
		switch c {
		case 1:
			r.union(i, root, ev)
			continue
		case 0:
			if r.lowerWords()[r.ms[n.rep].toks[0]] {
				n.dropped = true
				continue
			}
		}
		if unresolved[k] == nil {
			uorder = append(uorder, k)
		}
		unresolved[k] = append(unresolved[k], i)
	}
	for _, k := range uorder {
		for _, j := range unresolved[k][1:] {
			r.union(unresolved[k][0], j, EvidenceExact)
		}
	}
}

// form is one surface form of an entity with how often it is used.
type form struct {
	surface string
	node    int
	m       int // first mention
	docs    map[int]bool
	count   int
}

// entities assembles the clusters into entities with canonical names,
// aliases and evidence.
func (r *resolver) entities() ([]news.Entity, []Merge) {
	clusters := map[int][]int{}
	var roots []int
	for i := range r.ms {
		n := r.of[i]
		if r.nodes[n].dropped {
			continue
		}
		root := r.find(n)
		if clusters[root] == nil {
			roots = append(roots, root)
		}
		clusters[root] = append(clusters[root], i)
	}
	ents := make([]news.Entity, 0, len(roots))
	var merges []Merge
	for _, root := range roots {
		e, mg := r.entity(clusters[root])
		ents = append(ents, e)
		merges = append(merges, mg...)
	}
	slices.SortStableFunc(ents, func(a, b news.Entity) int {
		return cmp.Or(cmp.Compare(len(b.Mentions), len(a.Mentions)), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	slices.SortStableFunc(merges, func(a, b Merge) int {
		return cmp.Or(cmp.Compare(a.Entity, b.Entity), cmp.Compare(a.Form, b.Form))
	})
	return ents, merges
}

func (r *resolver) entity(mentions []int) (news.Entity, []Merge) {
	forms := map[string]*form{}
	var fl []*form
	for _, i := range mentions {
		m := r.ms[i]
		f := forms[m.surface]
		if f == nil {
			f = &form{surface: m.surface, node: r.of[i], m: i, docs: map[int]bool{}}
			forms[m.surface] = f
			fl = append(fl, f)
		}
		f.count++
		f.docs[m.doc] = true
	}
	canon := r.canonical(fl)
	cm := r.ms[canon.m]
	e := news.Entity{Name: canon.surface, Type: cm.typ, Aliases: []string{}}
	e.ID = EntityID(e.Type, e.Name)
	var merges []Merge
	for _, f := range fl {
		if f == canon {
			continue
		}
		ev := r.evidence(f, canon)
		e.Aliases = append(e.Aliases, f.surface+" ("+ev+")")
		merges = append(merges, Merge{Entity: e.ID, Form: f.surface, Evidence: ev})
	}
	slices.Sort(e.Aliases)
	e.Mentions = make([]news.Mention, 0, len(mentions))
	for _, i := range mentions {
		m := r.ms[i]
		e.Mentions = append(e.Mentions, news.Mention{Article: r.docs[m.doc].ID, Start: m.start, End: m.end})
	}
	return e, merges
}

// canonical picks the most complete frequent form. Reduced forms (a
// surname beside full names, an acronym beside the words it abbreviates)
// are not candidates. Among the rest, forms that are the same but for
// case and punctuation ("US", "U.S.") count together; the most documents
// wins, then more words, then the form seen first, then the longer. Counting
// documents rather than mentions keeps one article's repeated misspelling
// ("Cleverley" twice in one rewrite) from outvoting the others.
func (r *resolver) canonical(fl []*form) *form {
	full := false
	for _, f := range fl {
		if len(r.ms[f.m].toks) > 1 {
			full = true
		}
	}
	type group struct {
		best  *form
		docs  map[int]bool
		count int
		first int
	}
	groups := map[string]*group{}
	var gl []*group
	for _, f := range fl {
		m := r.ms[f.m]
		if full && len(m.toks) == 1 && (m.typ == "PERSON" || acronymLetters(m.surface) != "") {
			continue
		}
		k := strings.Join(m.toks, "")
		g := groups[k]
		if g == nil {
			g = &group{docs: map[int]bool{}, first: f.m}
			groups[k] = g
			gl = append(gl, g)
		}
		for d := range f.docs {
			g.docs[d] = true
		}
		g.count += f.count
		if g.best == nil || f.count > g.best.count {
			g.best = f
		}
	}
	if len(gl) == 0 {
		return fl[0]
	}
	best := gl[0]
	for _, g := range gl[1:] {
		a, b := r.ms[g.best.m], r.ms[best.best.m]
		if c := cmp.Or(cmp.Compare(len(g.docs), len(best.docs)), cmp.Compare(len(a.toks), len(b.toks)),
			cmp.Compare(best.first, g.first), cmp.Compare(len(a.surface), len(b.surface))); c > 0 {
			best = g
		}
	}
	return best.best
}

// evidence says why form f is a name of the entity named by canon: the
// relation between the two when there is a direct one, else the evidence
// of the merge that brought f's node in (an alias pattern, a chain).
func (r *resolver) evidence(f, canon *form) string {
	a, c := r.ms[f.m], r.ms[canon.m]
	na, nc := r.nodes[f.node], r.nodes[canon.node]
	switch {
	case strings.Join(a.toks, "") == strings.Join(c.toks, ""):
		return EvidenceExact
	case a.key == c.key:
		return EvidenceVariant
	case a.typ == "PERSON" && len(a.ctoks) == 1 && len(c.ctoks) > 1:
		if r.opts.variantOf(c.ctoks[len(c.ctoks)-1], a.key) {
			return EvidenceSurname
		}
		if c.ctoks[0] == a.key {
			return EvidenceGivenName
		}
	case a.typ == "PERSON" && len(a.ctoks) > 1 && len(c.ctoks) > 1:
		if r.opts.variantOf(a.ctoks[len(a.ctoks)-1], c.ctoks[len(c.ctoks)-1]) && r.opts.firstNamesAgree(a.ctoks[0], c.ctoks[0]) {
			return EvidenceVariant
		}
	}
	if l := acronymLetters(na.coreSur); l != "" && len(na.core) == 1 && len(nc.core) > 1 {
		if all, content := initials(nc.core); l == all || l == content {
			return EvidenceAcronym
		}
	}
	if a.typ == "ORG" && len(na.core) > 1 && slices.Equal(na.core, nc.core) {
		return EvidenceOrganisation
	}
	if a.typ != "PERSON" && r.opts.variantOf(a.key, c.key) {
		return EvidenceVariant
	}
	if ev := r.ev[f.node]; ev != "" {
		return ev
	}
	return EvidenceExact
}
