package claim

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/entity/gazetteer"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

const variantEvidence = " (variant spelling)"

// nameConflicts finds names spelled in a way that is likely an error in
// one source: a person whose name resolution merged two spellings
// (Cleverly / Cleverley), and a weapon system misspelled next to its
// designation ("SS-26 Islander" for the Iskander).
func nameConflicts(in Input, gz *gazetteer.Gazetteer) []news.Conflict {
	out := variantConflicts(in)
	if gz != nil {
		out = append(out, knownNameConflicts(in, gz)...)
	}
	return out
}

// variantConflicts reports, for each person entity with a "variant
// spelling" alias, the rarer spelling against the common one. Spellings
// that differ only as transliterations do (Zelensky / Zelenskyy) are
// conventions, not errors, and are left alone; so are other entity types,
// whose variants are as often national conventions (Defence / Defense,
// Kiev / Kyiv) as mistakes.
func variantConflicts(in Input) []news.Conflict {
	texts := map[string]string{}
	order := map[string]int{}
	for i, a := range in.Articles {
		texts[a.ID] = a.Text
		order[a.ID] = i
	}
	var out []news.Conflict
	for _, e := range in.Entities {
		if e.Type != "PERSON" {
			continue
		}
		for _, al := range e.Aliases {
			form, ok := strings.CutSuffix(al, variantEvidence)
			if !ok {
				continue
			}
			x, y, ok := differingWord(e.Name, form)
			if !ok || translitOnly(x, y) {
				continue
			}
			var mx, my []news.Mention
			ax, ay := map[string]bool{}, map[string]bool{}
			for _, m := range e.Mentions {
				t, ok := texts[m.Article]
				if !ok || m.Start < 0 || m.End > len(t) || m.Start >= m.End {
					continue
				}
				switch s := t[m.Start:m.End]; {
				case hasWord(s, x):
					mx = append(mx, m)
					ax[m.Article] = true
				case hasWord(s, y):
					my = append(my, m)
					ay[m.Article] = true
				}
			}
			if len(mx) == 0 || len(my) == 0 {
				continue
			}
			// The suspect is the spelling fewer articles use; on a tie, the
			// one that is not the entity's name (resolution names an entity
			// by its best-attested form).
			common, rare := mx, my
			cw, rw := x, y
			if len(ay) > len(ax) {
				common, rare, cw, rw = my, mx, y, x
			}
			sort.Slice(common, func(i, j int) bool { return mentionLess(order, common[i], common[j]) })
			sort.Slice(rare, func(i, j int) bool { return mentionLess(order, rare[i], rare[j]) })
			a, b := common[0], rare[0]
			out = append(out, news.Conflict{
				Kind: news.ConflictName,
				A:    news.SourceSpan{Article: a.Article, Start: a.Start, End: a.End, Text: texts[a.Article][a.Start:a.End]},
				B:    news.SourceSpan{Article: b.Article, Start: b.Start, End: b.End, Text: texts[b.Article][b.Start:b.End]},
				Explanation: fmt.Sprintf("“%s” and “%s” name the same person (%s); the rarer spelling “%s” is likely an error",
					cw, rw, e.Name, rw),
			})
		}
	}
	return out
}

func mentionLess(order map[string]int, a, b news.Mention) bool {
	if order[a.Article] != order[b.Article] {
		return order[a.Article] < order[b.Article]
	}
	return a.Start < b.Start
}

// differingWord returns the one word in which two names of as many words
// differ.
func differingWord(a, b string) (x, y string, ok bool) {
	fa, fb := strings.Fields(a), strings.Fields(b)
	if len(fa) != len(fb) {
		// "Cleverly" against "James Cleverley": compare the last words
		if len(fa) == 0 || len(fb) == 0 {
			return "", "", false
		}
		fa, fb = fa[len(fa)-1:], fb[len(fb)-1:]
	}
	n := 0
	for i := range fa {
		if !strings.EqualFold(fa[i], fb[i]) {
			x, y = fa[i], fb[i]
			n++
		}
	}
	return x, y, n == 1
}

func hasWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' }) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

// translitOnly reports whether two spellings differ only the way
// romanisations of one name do: i/y/j, doubled letters, kh/h, ph/f.
func translitOnly(x, y string) bool {
	reduce := func(s string) string {
		s = strings.ToLower(text.Normalize(s))
		s = strings.NewReplacer("kh", "h", "ph", "f", "ck", "k", "ou", "u").Replace(s)
		var b strings.Builder
		var last rune
		for i, r := range s {
			if i > 0 && strings.ContainsRune("iyj", r) {
				continue
			}
			if r == last {
				continue
			}
			b.WriteRune(r)
			last = r
		}
		return b.String()
	}
	return reduce(x) == reduce(y)
}

// knownNameConflicts finds a capitalised word written next to a known
// weapon designation that is one edit from a known system's name and is
// not itself known: "SS-26 Islander" where the SS-26 is the Iskander.
// The other side of the conflict is a passage that spells the name
// correctly when some article has one, else the known name alone (a span
// with no article).
func knownNameConflicts(in Input, gz *gazetteer.Gazetteer) []news.Conflict {
	var out []news.Conflict
	seen := map[string]bool{}
	for _, a := range in.Articles {
		sents, toks := text.SentenceTokens(a.Text)
		for si := range sents {
			words := make([]string, len(toks[si]))
			for i, t := range toks[si] {
				words[i] = a.Text[t.Start:t.End]
			}
			for _, m := range gz.Match(words) {
				if m.Kind != gazetteer.WEAPON || m.Ambiguous {
					continue
				}
				for _, ti := range []int{m.End, m.Start - 1} {
					if ti < 0 || ti >= len(words) {
						continue
					}
					w := words[ti]
					known, ok := misspeltWeapon(gz, w)
					if !ok {
						continue
					}
					lo, hi := min(ti, m.Start), max(ti, m.End-1)
					start, end := toks[si][lo].Start, toks[si][hi].End
					k := a.ID + "\x00" + w
					if seen[k] {
						continue
					}
					seen[k] = true
					desig := a.Text[toks[si][m.Start].Start:toks[si][m.End-1].End]
					out = append(out, news.Conflict{
						Kind: news.ConflictName,
						A:    news.SourceSpan{Article: a.ID, Start: start, End: end, Text: a.Text[start:end]},
						B:    findName(in, known),
						Explanation: fmt.Sprintf("“%s” next to %s is one letter from “%s”, the known weapon system; “%s” is likely a misspelling",
							w, desig, known, w),
					})
				}
			}
		}
	}
	return out
}

// misspeltWeapon reports whether w (a capitalised word of five letters or
// more that no list knows) is one edit from an unambiguous known weapon
// name, and which.
func misspeltWeapon(gz *gazetteer.Gazetteer, w string) (string, bool) {
	r, _ := utf8.DecodeRuneInString(w)
	if len(w) < 5 || !unicode.IsUpper(r) {
		return "", false
	}
	for _, c := range w {
		if !unicode.IsLetter(c) {
			return "", false
		}
	}
	if _, ok := gz.Lookup(w); ok {
		return "", false
	}
	for _, v := range edits1(w) {
		ms := gz.Match([]string{v})
		if len(ms) == 1 && ms[0].End == 1 && ms[0].Kind == gazetteer.WEAPON && !ms[0].Ambiguous {
			return v, true
		}
	}
	return "", false
}

// edits1 returns the words one deletion, transposition, substitution or
// insertion of a lower-case letter away from w, keeping its first letter.
func edits1(w string) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	rs := []rune(w)
	var out []string
	for i := 1; i <= len(rs); i++ {
		if i < len(rs) {
			out = append(out, string(rs[:i])+string(rs[i+1:]))
			if i+1 < len(rs) {
				t := append([]rune{}, rs...)
				t[i], t[i+1] = t[i+1], t[i]
				out = append(out, string(t))
			}
		}
		for _, c := range letters {
			if i < len(rs) && c != rs[i] {
				t := append([]rune{}, rs...)
				t[i] = c
				out = append(out, string(t))
			}
			out = append(out, string(rs[:i])+string(c)+string(rs[i:]))
		}
	}
	return out
}

// findName returns the first passage of the input that writes name, or a
// span holding only the name when none does.
func findName(in Input, name string) news.SourceSpan {
	for _, a := range in.Articles {
		for off := 0; off < len(a.Text); {
			i := strings.Index(a.Text[off:], name)
			if i < 0 {
				break
			}
			s, e := off+i, off+i+len(name)
			before, _ := utf8.DecodeLastRuneInString(a.Text[:s])
			after, _ := utf8.DecodeRuneInString(a.Text[e:])
			if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
				return news.SourceSpan{Article: a.ID, Start: s, End: e, Text: name}
			}
			off = e
		}
	}
	return news.SourceSpan{Text: name}
}
