package scraped

import (
	"regexp"
	"strings"
)

// The phrase lists below name site furniture that the line features alone
// cannot tell from text: a cookie banner or a newsletter prompt is a
// well-formed sentence. They are matched against normalised text (lower
// case, no surrounding punctuation or bullets) and only on short units, so
// that an article sentence that happens to mention a newsletter stays.

// barrierLines, as whole lines, start the page's footer: nothing after them
// belongs to the article.
var barrierLines = setOf(
	"related articles", "related stories", "related content", "related news",
	"related coverage", "related", "more stories", "more from", "more news",
	"you may also like", "you might also like", "recommended", "recommended for you",
	"recommended stories", "read next", "most read", "most popular", "most viewed",
	"top stories", "latest news", "latest stories", "editor's picks", "editors' picks",
	"more on this story", "about the author", "leave a reply", "leave a comment",
	"post a comment", "comments", "join the conversation", "newspapers in english",
)

// barrierPrefixes start a footer line: copyright notices and comment forms.
var barrierPrefixes = []string{
	"©", "copyright ©", "copyright (c)", "(c) 19", "(c) 20", "all rights reserved",
	"your email address will not be published", "leave a reply", "comments are closed",
	"there are no comments", "be the first to comment",
}

// copyrightLine catches "Copyright 2023 The Associated Press." and
// "© 2023 Example Media".
var copyrightLine = regexp.MustCompile(`^(?:copyright|©)\s*(?:©\s*)?(?:\d{4}|\(c\))`)

// furnitureLines are whole lines of page furniture.
var furnitureLines = setOf(
	"accessibility links", "breaking news", "skip to content", "skip to main content",
	"skip to navigation", "jump to content", "advertisement", "advertising", "sponsored",
	"sponsored content", "ad", "share", "share this", "share this article", "share this story",
	"share article", "share on facebook", "share on twitter", "share via email", "tweet",
	"email", "print", "copy link", "link copied", "facebook", "twitter", "x", "linkedin",
	"whatsapp", "reddit", "telegram", "pinterest", "menu", "search", "home", "sign in",
	"sign up", "log in", "login", "log out", "register", "subscribe", "subscribe now",
	"close", "back to top", "next", "previous", "next article", "previous article",
	"image", "photo", "video", "watch", "listen", "loading", "read more", "show more",
	"load more", "see more", "see all", "continue reading", "click here", "accept",
	"accept all", "accept cookies", "reject all", "manage cookies", "cookie settings",
	"manage preferences", "i agree", "got it", "newsletter", "newsletters", "tags",
	"topics", "trending", "comment", "post comment", "submit", "name", "email address",
	"website", "save", "listen to this article", "play video", "watch video",
	"open in app", "download the app", "follow", "follow us",
)

// furniturePrefixes start furniture lines: links to other stories, social
// and subscription prompts, cookie banners, comment-form labels.
var furniturePrefixes = []string{
	"read more:", "read more ", "read also", "also read", "see also", "related:",
	"related story:", "more:", "watch:", "listen:", "watch now", "follow us on",
	"follow us", "follow @", "sign up for", "sign up to", "subscribe to", "subscribe for",
	"get the latest", "get our", "start your", "click here", "newspapers from",
	"printed and distributed by", "you are using an older browser", "your browser",
	"we use cookies", "this site uses cookies", "this website uses cookies",
	"by continuing to", "by using this site", "by clicking", "save my name, email",
	"required fields are marked", "posted in", "filed under", "tags:", "topics:",
	"categories:", "share this", "share on", "image:", "photo:", "video:", "advertisement",
	"image beacon", "download our app", "already a subscriber", "already have an account",
	"this article is more than", "listen to this article", "min read",
}

// furnitureContains are fragments that mark a short line as furniture
// wherever they occur in it.
var furnitureContains = []string{
	"image beacon", "older browser", "supported browser", "enable javascript",
	"javascript is disabled", "privacy policy", "terms of use", "terms of service",
	"cookie policy", "use cookies", "uses cookies", "sign up for our", "subscribe to our",
	"our newsletter", "in your inbox", "to your inbox", "follow us on", "free trial",
	"unlimited access", "all rights reserved", "required fields are marked",
	"will not be published", "share this article", "minute read", "min read",
}

// mediaPlaceholder is what a scraper leaves where a picture or a player
// was: "16x9 Image", "Video 2:31", "Photo gallery".
var mediaPlaceholder = regexp.MustCompile(`(?i)^(?:\d+\s*[x×:]\s*\d+\b.*|(?:image|photo|video|gallery|audio|play)\b.{0,20}|.{0,20}\b(?:image|photo|video|gallery|slideshow))$`)

// trialLine: a subscription prompt ("Start your unlimited Newsweek trial").
var trialLine = regexp.MustCompile(`(?i)\b(?:trial|subscription|subscribe)\b`)

func setOf(ss ...string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}

func hasAnyPrefix(s string, ps []string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func containsAny(s string, ps []string) bool {
	for _, p := range ps {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// isBarrier reports an end-of-article marker. n is the normalised text.
func isBarrier(n string, words int) bool {
	if barrierLines[n] {
		return true
	}
	if words > 40 {
		return false
	}
	if words <= 4 && strings.Contains(n, "comments") {
		return true
	}
	return hasAnyPrefix(n, barrierPrefixes) || copyrightLine.MatchString(n) || commentHead.MatchString(n)
}

// commentHead opens a comment thread: "Guy Hence says:", "12 Comments",
// "3 responses to ...".
var commentHead = regexp.MustCompile(`^(?:\S+(?:\s+\S+){0,3}\s+says|\d+\s+(?:comments?|responses?|replies)\b.*|(?:show|view|load)\s+(?:all\s+)?comments?.*)$`)

// isFurnitureText is isFurniture for a raw line.
func isFurnitureText(s string) bool {
	n := normalise(s)
	w := len(strings.Fields(s))
	return isBarrier(n, w) || isFurniture(n, s, w)
}

// isFurniture reports page furniture. n is the normalised text, raw the
// text as printed.
func isFurniture(n, raw string, words int) bool {
	if furnitureLines[n] {
		return true
	}
	if words > 30 {
		return false
	}
	if hasAnyPrefix(n, furniturePrefixes) || containsAny(n, furnitureContains) {
		return true
	}
	if words <= 5 && mediaPlaceholder.MatchString(n) {
		return true
	}
	if words <= 8 && strings.HasPrefix(n, "start your") && trialLine.MatchString(n) {
		return true
	}
	return isMenu(raw) || isLink(raw, words)
}

// isMenu reports a navigation line: three or more short items between
// separators ("Home | World | Politics").
func isMenu(s string) bool {
	for _, sep := range []string{"|", "•", "·", "»", " > ", " / "} {
		parts := strings.Split(s, sep)
		if len(parts) < 3 {
			continue
		}
		short := 0
		for _, p := range parts {
			if n := len(strings.Fields(p)); n <= 3 {
				short++
			}
		}
		if short*4 >= len(parts)*3 {
			return true
		}
	}
	return false
}

// isLink reports a bare address or a short line carrying one.
func isLink(s string, words int) bool {
	l := strings.ToLower(s)
	if !strings.Contains(l, "http://") && !strings.Contains(l, "https://") && !strings.Contains(l, "www.") {
		return false
	}
	return words <= 12
}

// caption matches picture captions and credits. It is case-sensitive on
// purpose: "Photo:" and "Credits –" are credit labels, "a photo by the
// ministry" is prose.
var caption = regexp.MustCompile(`©|Getty Images|\b(?:Photo|Photograph|Picture|Image|Credits?|Image source|Photo credit)\s*(?::|–|—| - |by\b)|\((?:Photo|Image|Picture)\b|\bAP Photo\b|/(?:AFP|Reuters|AP|EPA|Getty|Bloomberg)\b|\bShutterstock\b|\bFile [Pp]hoto\b`)

// captionHints are literals one of which every caption match holds; they
// spare the regular expression most lines.
var captionHints = []string{"©", "Getty", "Photo", "Picture", "Image", "Credit", "/", "Shutterstock", "File"}

func isCaption(s string, words int) bool {
	return words <= 80 && containsAny(s, captionHints) && caption.MatchString(s)
}

// credit matches reporting credits at the end of a story.
var credit = regexp.MustCompile(`(?i)contributed (?:to )?(?:this|the) (?:report|story|article)|contributed reporting|^\(?(?:additional )?reporting by\b|^\(?writing by\b|^\(?editing by\b|^some information (?:for|in) this (?:story|report) came from|^this (?:story|report) (?:includes|contains) (?:reporting|material|information) from`)

// creditHints are literals one of which every credit match holds.
var creditHints = []string{"contribut", " by", "some information", "this story", "this report"}

// isCredit reports a reporting credit; n is the normalised (lower-case)
// text.
func isCredit(n string, words int) bool {
	return words <= 60 && containsAny(n, creditHints) && credit.MatchString(n)
}

// knownOutlets maps the names and short forms of news outlets that a
// scraped page names in its masthead, byline line, author box or credit,
// to the name reported. It is deliberately short: an outlet that is not
// listed is still found from the page's layout (a masthead, a byline
// line), this list only lets a bare name be trusted.
var knownOutlets = map[string]string{
	"voa": "VOA", "voa news": "VOA", "voice of america": "VOA",
	"reuters": "Reuters", "associated press": "AP", "the associated press": "AP", "ap": "AP",
	"afp": "AFP", "agence france-presse": "AFP", "bbc": "BBC", "bbc news": "BBC",
	"cnn": "CNN", "newsweek": "Newsweek", "the guardian": "The Guardian", "guardian": "The Guardian",
	"the new york times": "The New York Times", "new york times": "The New York Times",
	"the washington post": "The Washington Post", "washington post": "The Washington Post",
	"the wall street journal": "The Wall Street Journal", "wall street journal": "The Wall Street Journal",
	"al jazeera": "Al Jazeera", "bloomberg": "Bloomberg", "npr": "NPR", "fox news": "Fox News",
	"sky news": "Sky News", "cbs news": "CBS News", "nbc news": "NBC News", "abc news": "ABC News",
	"politico": "Politico", "axios": "Axios", "the telegraph": "The Telegraph",
	"the independent": "The Independent", "financial times": "Financial Times",
	"the economist": "The Economist", "rfe/rl": "RFE/RL", "radio free europe/radio liberty": "RFE/RL",
	"dw": "DW", "deutsche welle": "DW", "france 24": "France 24", "euronews": "Euronews",
	"tass": "TASS", "the kyiv independent": "The Kyiv Independent", "kyiv independent": "The Kyiv Independent",
	"the hill": "The Hill", "usa today": "USA Today", "business insider": "Business Insider",
	"the times of israel": "The Times of Israel", "times of israel": "The Times of Israel",
}

// pressWords are words newspapers put in their names; a short Title Case
// line above the headline that carries one is a masthead.
var pressWords = setOf(
	"news", "times", "post", "herald", "advocate", "journal", "tribune", "gazette",
	"chronicle", "telegraph", "guardian", "independent", "observer", "mail", "express",
	"standard", "courier", "examiner", "mirror", "daily", "weekly", "press", "record",
	"inquirer", "globe", "sun", "star", "review", "dispatch", "bulletin", "register",
	"sentinel", "monitor", "reporter", "today", "mercury", "argus", "leader", "echo",
	"enquirer", "messenger", "free press", "wire", "agency",
)

// outletName returns the reported name of s if it names an outlet: a
// known outlet, or a short Title Case name with a press word in it.
func outletName(s string) (string, bool) {
	s = strings.TrimSpace(s)
	n := normalise(s)
	if o, ok := knownOutlets[n]; ok {
		return o, true
	}
	ws := strings.Fields(s)
	if len(ws) < 2 || len(ws) > 5 || !properName(ws) {
		return "", false
	}
	for _, w := range strings.Fields(n) {
		if pressWords[strings.Trim(w, ".,'’")] {
			return s, true
		}
	}
	return "", false
}

// outletPrefix returns the known outlet that s starts with
// ("VOA White House Bureau Chief ...").
func outletPrefix(s string) string {
	ws := strings.Fields(s)
	for n := min(len(ws), 4); n >= 1; n-- {
		if o, ok := knownOutlets[normalise(strings.Join(ws[:n], " "))]; ok {
			return o
		}
	}
	return ""
}
