package resolve

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normToken folds a surface token to the form names are compared in:
// lower case, diacritics removed, only letters and digits ("U.S." → "us",
// "Shahed-136" → "shahed136", "Zelenskyy’s" is cut before this).
func normToken(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 'A' && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				b.WriteByte(c)
			}
		}
		return b.String()
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: "Zelenskyj" and "Zelenskýj" are one spelling
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// translit maps transliteration variants of one token onto one spelling.
// Doubled letters are collapsed first (Odessa/Odesa, Zelenskyy/Zelensky,
// Gaddafi/Gadafi), so the table's keys are collapsed spellings and it
// only holds what collapsing cannot reach.
var translit = map[string]string{
	"kiev":           "kyiv",
	"kharkov":        "kharkiv",
	"lvov":           "lviv",
	"lugansk":        "luhansk",
	"nikolaev":       "mykolaiv",
	"nikolayev":      "mykolaiv",
	"zaporozhye":     "zaporizhzhia",
	"zaporozhe":      "zaporizhzhia",
	"zaporizhia":     "zaporizhzhia",
	"chernigov":      "chernihiv",
	"artemovsk":      "artemivsk",
	"dnepr":          "dnipro",
	"dnepropetrovsk": "dnipro",
	"belorusia":      "belarus",
	"byelorusia":     "belarus",
	"gadafi":         "qadafi",
	"kadafi":         "qadafi",
	"mohamed":        "muhamad",
	"mohamad":        "muhamad",
	"muhamed":        "muhamad",
	// British and American spellings are one name.
	"defence":      "defense",
	"organisation": "organization",
	"centre":       "center",
	"programe":     "program",
	"labour":       "labor",
}

// canonToken is normToken's output reduced further for matching:
// doubled letters collapsed, Slavic "-skiy/-skyi/-skii" endings unified,
// and the transliteration table applied.
func canonToken(t string) string {
	if len(t) == 0 {
		return t
	}
	b := make([]byte, 0, len(t))
	for i := 0; i < len(t); i++ {
		if i > 0 && t[i] == t[i-1] && !(t[i] >= '0' && t[i] <= '9') {
			continue
		}
		b = append(b, t[i])
	}
	s := string(b)
	for _, suf := range [...]string{"skiy", "skyi", "skij", "skyj", "skii"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf)+2 {
			s = s[:len(s)-len(suf)] + "sky"
			break
		}
	}
	if r, ok := translit[s]; ok {
		return r
	}
	return s
}

// editDistance is Levenshtein distance over bytes, giving up (returning
// max+1) as soon as it must exceed max: callers only ask "within k?".
func editDistance(a, b string, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	prev := make([]int, len(a)+1)
	cur := make([]int, len(a)+1)
	for i := range prev {
		prev[i] = i
	}
	for j := 1; j <= len(b); j++ {
		cur[0] = j
		best := cur[0]
		for i := 1; i <= len(a); i++ {
			c := prev[i-1]
			if a[i-1] != b[j-1] {
				c++
			}
			if v := prev[i] + 1; v < c {
				c = v
			}
			if v := cur[i-1] + 1; v < c {
				c = v
			}
			cur[i] = c
			if c < best {
				best = c
			}
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(a)]
}

// digits returns the digits of s in order: "Su-35" and "Su-34" differ by
// one edit but are different aircraft, so variants must agree on them.
func digits(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// maxEdits is the length-aware threshold: short names differ in one
// letter from other real names too often (Iran/Iraq, Kahl/Kohl).
func (o Options) maxEdits(a, b string) int {
	n := min(len(a), len(b))
	switch {
	case n < o.minVariantLen():
		return 0
	case n < 12:
		return 1
	default:
		return 2
	}
}

// variantOf reports whether two canonical keys are spellings of one name.
func (o Options) variantOf(a, b string) bool {
	if a == b {
		return true
	}
	if a == "" || b == "" || a[0] != b[0] || digits(a) != digits(b) {
		return false
	}
	k := o.maxEdits(a, b)
	return k > 0 && editDistance(a, b, k) <= k
}

// isInitial reports whether a canonical token is one letter ("J" of "J. Kirby").
func isInitial(t string) bool { return len(t) == 1 && t[0] >= 'a' && t[0] <= 'z' }

// firstNamesAgree reports whether two given names can belong to one person:
// equal, one an initial of the other, or spelling variants.
func (o Options) firstNamesAgree(a, b string) bool {
	if a == b {
		return true
	}
	if isInitial(a) || isInitial(b) {
		return a[0] == b[0]
	}
	return o.variantOf(a, b)
}

// acronymLetters returns the letters of a surface form that looks like an
// acronym ("NSC", "U.K.", "MoD"), lower-cased, or "" when it does not.
func acronymLetters(surface string) string {
	var up, low int
	var b []byte
	for _, r := range surface {
		switch {
		case r >= 'A' && r <= 'Z':
			up++
			b = append(b, byte(r-'A'+'a'))
		case r >= 'a' && r <= 'z':
			low++
			b = append(b, byte(r))
		case r == '.' || r == '&':
		default:
			return ""
		}
	}
	if up < 2 || low > 1 || len(b) > 6 {
		return ""
	}
	return string(b)
}

// stopInitials are the words an acronym may skip ("MD" or "MoD" for
// Ministry of Defence).
var stopInitials = map[string]bool{"of": true, "the": true, "and": true, "for": true, "on": true, "in": true, "de": true}

// initials returns the initials of a token list with every word and with
// the function words skipped.
func initials(toks []string) (all, content string) {
	var a, c []byte
	for _, t := range toks {
		if t == "" {
			continue
		}
		a = append(a, t[0])
		if !stopInitials[t] {
			c = append(c, t[0])
		}
	}
	return string(a), string(c)
}
