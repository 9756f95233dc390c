package extract

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what the page's <head> says about itself, read once, so that
// the outlet is taken from what the publisher declares before anything
// derived.
type pageMeta struct {
	siteName string // og:site_name, application-name
	title    string // og:title, else <title>
}

func readPageMeta(doc *html.Node) pageMeta {
	var m pageMeta
	var docTitle string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				key := strings.ToLower(attr(n, "property"))
				if key == "" {
					key = strings.ToLower(attr(n, "name"))
				}
				content := cleanSpace(attr(n, "content"))
				switch key {
				case "og:site_name":
					if m.siteName == "" {
						m.siteName = content
					}
				case "og:title":
					if m.title == "" {
						m.title = content
					}
				}
			case atom.Title:
				if docTitle == "" && n.FirstChild != nil {
					docTitle = cleanSpace(n.FirstChild.Data)
				}
			case atom.Body:
				// Metadata lives in <head>; a <title> or <meta> in the body is
				// usually inside an SVG or a widget.
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if m.title == "" {
		m.title = docTitle
	}
	return m
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func cleanSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// knownOutlets names outlets by registered domain, for pages that declare
// no site name. It is deliberately short: an outlet is reported only when
// the page or this table names it, never guessed from the host's spelling.
var knownOutlets = map[string]string{
	"aljazeera.com":       "Al Jazeera",
	"apnews.com":          "Associated Press",
	"bbc.co.uk":           "BBC",
	"bbc.com":             "BBC",
	"bloomberg.com":       "Bloomberg",
	"cbsnews.com":         "CBS News",
	"cnbc.com":            "CNBC",
	"cnn.com":             "CNN",
	"dw.com":              "Deutsche Welle",
	"economist.com":       "The Economist",
	"euronews.com":        "Euronews",
	"foxnews.com":         "Fox News",
	"france24.com":        "France 24",
	"ft.com":              "Financial Times",
	"independent.co.uk":   "The Independent",
	"kyivindependent.com": "The Kyiv Independent",
	"latimes.com":         "Los Angeles Times",
	"lemonde.fr":          "Le Monde",
	"meduza.io":           "Meduza",
	"nbcnews.com":         "NBC News",
	"npr.org":             "NPR",
	"nytimes.com":         "The New York Times",
	"politico.com":        "Politico",
	"politico.eu":         "Politico Europe",
	"reuters.com":         "Reuters",
	"rferl.org":           "Radio Free Europe/Radio Liberty",
	"spiegel.de":          "Der Spiegel",
	"telegraph.co.uk":     "The Telegraph",
	"theatlantic.com":     "The Atlantic",
	"theguardian.com":     "The Guardian",
	"thehill.com":         "The Hill",
	"timesofisrael.com":   "The Times of Israel",
	"usatoday.com":        "USA Today",
	"washingtonpost.com":  "The Washington Post",
	"wsj.com":             "The Wall Street Journal",
	"axios.com":           "Axios",
	"abcnews.go.com":      "ABC News",
	"kyivpost.com":        "Kyiv Post",
	"pravda.com.ua":       "Ukrainska Pravda",
	"ukrinform.net":       "Ukrinform",
	"tass.com":            "TASS",
	"tass.ru":             "TASS",
	"rt.com":              "RT",
	"themoscowtimes.com":  "The Moscow Times",
	"iranintl.com":        "Iran International",
	"presstv.ir":          "Press TV",
	"irna.ir":             "IRNA",
	"tehrantimes.com":     "Tehran Times",
	"haaretz.com":         "Haaretz",
	"jpost.com":           "The Jerusalem Post",
	"nature.com":          "Nature",
	"sciencemag.org":      "Science",
	"wired.com":           "Wired",
	"theverge.com":        "The Verge",
	"techcrunch.com":      "TechCrunch",
	"arstechnica.com":     "Ars Technica",
	"forbes.com":          "Forbes",
	"businessinsider.com": "Business Insider",
	"vox.com":             "Vox",
	"time.com":            "Time",
	"newsweek.com":        "Newsweek",
	"ap.org":              "Associated Press",
}

// outletFromHost looks the URL's host and its parent domains up in
// knownOutlets ("edition.cnn.com" → "cnn.com").
func outletFromHost(rawURL string) string {
	host := hostOf(rawURL)
	for host != "" {
		if name, ok := knownOutlets[host]; ok {
			return name
		}
		i := strings.IndexByte(host, '.')
		if i < 0 {
			break
		}
		host = host[i+1:]
	}
	return ""
}

func hostOf(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

// isHostLike reports whether a site name is only the page's host spelled
// out ("www.wsj.com", "wsj.com"), which trafilatura returns when it found
// no name; that is not a declared outlet.
func isHostLike(name, rawURL string) bool {
	n := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), "www."))
	if n == "" {
		return true
	}
	h := strings.TrimPrefix(hostOf(rawURL), "www.")
	if h != "" && (n == h || strings.HasSuffix(h, "."+n)) {
		return true
	}
	if strings.Contains(n, "://") {
		return true // a social-media profile URL, not a name
	}
	// A bare domain name is never an outlet's name as it declares it.
	return !strings.ContainsRune(n, ' ') && strings.Count(n, ".") >= 1 && !strings.ContainsAny(n, "/")
}

// normaliseDate turns a date in any common format into YYYY-MM-DD, or ""
// when it cannot be read. Ambiguous numeric dates are read month first, as
// feeds and US sites write them.
func normaliseDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("2006-01-02")
	}
	t, err := dateparse.ParseAny(s)
	if err != nil || t.Year() < 1000 || t.Year() > 9999 {
		return ""
	}
	return t.Format("2006-01-02")
}

var (
	rxBylinePrefix = regexp.MustCompile(`(?i)^\s*(?:written\s+)?by[:\s]+`)
	rxNameSplit    = regexp.MustCompile(`(?i)\s*(?:;|,|\||/|&|\band\b|\s+und\s+|\s+et\s+|\s+y\s+)\s*`)
	rxHasDigit     = regexp.MustCompile(`\d`)
	rxEmailOrURL   = regexp.MustCompile(`@|https?://|www\.`)
	// Words that mark a fragment as a role, a place or a date rather than a name.
	// Agencies credited after the names ("DANICA KIRKA, JILL LAWLESS
	// Associated Press").
	rxAgencySuffix = regexp.MustCompile(`(?i)\s+(?:the\s+)?(?:associated press|reuters|afp|ap|dpa|bloomberg(?: news)?|staff writer|staff reporter)$`)
	rxNotName      = regexp.MustCompile(`(?i)^(?:updated|published|posted|staff|reporter|correspondent|editor|editors|contributor|writer|news|desk|agency|agencies|wire|wires|the associated press|associated press|reuters|afp|ap|and|more|follow|share|min read|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`)
)

// cleanByline keeps the author names of a byline: no "By", no dates, roles,
// e-mail addresses or outlet names, duplicates removed, joined by ", ".
func cleanByline(raw, outlet string) string {
	raw = cleanSpace(raw)
	if raw == "" {
		return ""
	}
	raw = rxBylinePrefix.ReplaceAllString(raw, "")
	var names []string
	seen := map[string]bool{}
	for _, part := range rxNameSplit.Split(raw, -1) {
		part = strings.Trim(rxBylinePrefix.ReplaceAllString(part, ""), " .-–—:·•")
		part = strings.TrimSpace(rxAgencySuffix.ReplaceAllString(part, ""))
		if outlet != "" && len(part) > len(outlet) && strings.HasSuffix(strings.ToLower(part), " "+strings.ToLower(outlet)) {
			part = strings.TrimSpace(part[:len(part)-len(outlet)])
		}
		part = titleIfShouting(part)
		if !plausibleName(part, outlet) {
			continue
		}
		if k := strings.ToLower(part); !seen[k] {
			seen[k] = true
			names = append(names, part)
		}
	}
	return strings.Join(names, ", ")
}

func plausibleName(s, outlet string) bool {
	if s == "" || len(s) > 60 || rxHasDigit.MatchString(s) || rxEmailOrURL.MatchString(s) || rxNotName.MatchString(s) {
		return false
	}
	if outlet != "" && strings.Contains(strings.ToLower(outlet), strings.ToLower(s)) {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 5 {
		return false
	}
	// A lone short word is a credential ("MS", "RD", "PhD") or initials.
	if len(words) == 1 && utf8.RuneCountInString(s) <= 4 {
		return false
	}
	// A name starts with a letter; lower-case single words are fragments
	// ("staff", "in"), though particles inside a name ("van", "de") are fine.
	first := []rune(s)[0]
	if !unicode.IsLetter(first) {
		return false
	}
	if len(words) == 1 && unicode.IsLower(first) {
		return false
	}
	return true
}

// titleIfShouting writes a name set in capitals ("DANICA KIRKA") the way
// names are written; mixed-case names are left as the page spells them.
func titleIfShouting(s string) string {
	if s != strings.ToUpper(s) || s == strings.ToLower(s) {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// titleSeparators split a page title from the site name appended to it.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · "}

// stripSiteName removes the site's name from either end of a page title
// ("Daily Deals … - IGN", "LinkNaija | …: BREAKING NEWS …"), recognising it
// as the outlet or as the host's name.
func stripSiteName(title, outlet, rawURL string) string {
	names := []string{normKey(outlet)}
	if h := strings.TrimPrefix(hostOf(rawURL), "www."); h != "" {
		names = append(names, normKey(h), normKey(strings.SplitN(h, ".", 2)[0]))
	}
	isSite := func(seg string) bool {
		k := normKey(seg)
		if k == "" {
			return false
		}
		for _, n := range names {
			if n != "" && (k == n || strings.HasPrefix(n, k) && len(k) >= 3) {
				return true
			}
		}
		return false
	}
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(title, sep); i > 0 && isSite(title[i+len(sep):]) {
			return strings.TrimSpace(title[:i])
		}
		if i := strings.Index(title, sep); i > 0 && isSite(title[:i]) {
			return strings.TrimSpace(title[i+len(sep):])
		}
	}
	return title
}
