package scraped

import (
	"regexp"
	"strings"
)

// doc is one scraped text, read into units, with the article's run.
type doc struct {
	lines []srcLine
	units []unit
	s, e  int  // the article's run of units, inclusive
	ok    bool // false when no run of prose was found
}

func parse(text string, c *Corpus) *doc {
	d := &doc{lines: splitLines(text)}
	d.units = buildUnits(d.lines)
	classify(d.units, d.lines, c)
	d.s, d.e, d.ok = core(d.units)
	if d.ok {
		d.s, d.e = extend(d.units, d.lines, d.s, d.e)
	}
	return d
}

func (d *doc) result() Result {
	var r Result
	header, footer := d.units, []unit(nil)
	if d.ok {
		header, footer = d.units[:d.s], d.units[d.e+1:]
		r.Body = d.body()
	}
	hd := readHeader(header)
	ft := readFooter(footer)
	r.Title, r.Standfirst = hd.title, hd.standfirst
	// The masthead is the name as the outlet prints it; a byline line
	// often shortens it ("Kyiv Herald" under "The Kyiv Herald").
	r.Outlet = firstOf(hd.masthead, hd.meta.outlet, ft.outlet)
	r.Published = firstOf(hd.meta.date, ft.meta.date)
	authors := hd.meta.authors
	if len(authors) == 0 {
		authors = ft.meta.authors
	}
	r.Byline = strings.Join(authors, ", ")
	r.Credit = strings.Join(ft.credits, "\n")
	return r
}

// body returns the lines of the units kept in the article's run.
func (d *doc) body() string {
	var out []string
	for i := d.s; i <= d.e; i++ {
		u := &d.units[i]
		keep := u.keep()
		// A short line after "he said:" is the quotation it announces,
		// not a subheading.
		if !keep && u.kind == kindHeading && i > d.s && d.units[i-1].keep() &&
			(d.units[i-1].end == endLeadIn || d.units[i-1].end == endOpen) {
			keep = true
		}
		if !keep {
			continue
		}
		for k := u.first; k <= u.last; k++ {
			out = append(out, d.lines[k].text)
		}
	}
	return strings.Join(out, "\n")
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// header is what the lines above the article say.
type header struct {
	title, standfirst, masthead string
	meta                        meta
}

// readHeader finds the masthead, title, standfirst and meta line above the
// article. Dates are taken from meta lines only, never from captions or
// prose, which carry the dates of the events they describe.
func readHeader(units []unit) header {
	var h header
	var cands []int // units that may be a masthead, title or standfirst
	for i := range units {
		u := &units[i]
		switch u.kind {
		case kindMeta:
			mergeMeta(&h.meta, u.meta)
		case kindHeading, kindLong, kindShort:
			cands = append(cands, i)
		case kindFurniture:
			// A masthead repeated across the run's pages is still
			// the outlet's name.
			if u.repeated {
				cands = append(cands, i)
			}
		}
	}
	// Mastheads come first: a short name with a press word in it, above
	// a longer line that can be the headline.
	for len(cands) > 0 {
		u := &units[cands[0]]
		name, ok := outletName(u.text)
		if !ok || u.end == endSentence {
			break
		}
		_, known := knownOutlets[normalise(u.text)]
		if !known && !hasTitleAfter(units, cands[1:]) {
			break
		}
		if h.masthead == "" {
			h.masthead = name
		}
		cands = cands[1:]
	}
	ti := pickTitle(units, cands)
	if ti < 0 {
		return h
	}
	h.title = units[cands[ti]].text
	if ti+1 < len(cands) && cands[ti+1] == cands[ti]+1 {
		if s := &units[cands[ti+1]]; s.words >= 5 && !s.repeated && !s.titleLike() {
			h.standfirst = s.text
		}
	}
	return h
}

func hasTitleAfter(units []unit, cands []int) bool {
	for _, i := range cands {
		if units[i].words >= 3 {
			return true
		}
	}
	return false
}

// pickTitle returns the index in cands of the headline: the first line of
// three words or more that no other page of the run shares; failing that,
// the shared one nearest the article (a wire headline printed by two
// outlets).
func pickTitle(units []unit, cands []int) int {
	for k, i := range cands {
		if u := &units[i]; u.words >= 3 && !u.repeated && u.kind != kindFurniture {
			return k
		}
	}
	for k := len(cands) - 1; k >= 0; k-- {
		if u := &units[cands[k]]; u.words >= 3 && u.kind != kindFurniture {
			return k
		}
	}
	return -1
}

func mergeMeta(dst *meta, m meta) {
	if dst.date == "" {
		dst.date = m.date
	}
	if dst.outlet == "" {
		dst.outlet = m.outlet
	}
	if len(dst.authors) == 0 {
		dst.authors = m.authors
	}
}

// footer is what the lines below the article say.
type footer struct {
	outlet  string
	credits []string
	meta    meta
}

// readFooter reads reporting credits, author boxes and date lines below
// the article. Captions are never read for an outlet: "Credits – SF
// Chronicle" names who took the picture, not who published the story.
func readFooter(units []unit) footer {
	var f footer
	for i := range units {
		u := &units[i]
		switch u.kind {
		case kindCredit:
			f.credits = append(f.credits, u.text)
			if f.outlet == "" {
				f.outlet = outletPrefix(u.text)
			}
		case kindAuthor:
			name := byPrefix.ReplaceAllString(u.text, "")
			if o, ok := outletName(name); ok {
				f.outlet = firstOf(f.outlet, o)
			} else if names := personNames(name); len(names) > 0 && len(f.meta.authors) == 0 {
				f.meta.authors = names
			}
		case kindMeta:
			mergeMeta(&f.meta, u.meta)
		}
	}
	return f
}

// Author boxes: a name line, then a biography, then nothing but furniture.

var (
	quoted      = regexp.MustCompile(`“[^”]*”|"[^"]*"`)
	firstPerson = regexp.MustCompile(`\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|my|My|me|myself)\b`)
	jobWord     = regexp.MustCompile(`(?i)\b(?:editor|reporter|journalists?|correspondent|writer|columnist|byline|contributor|producer|covers|covering|has covered|bureau chief)\b`)
)

// markAuthorBox marks a name line followed by a biography near the end of
// the page. A biography speaks in the first person outside quotation
// marks, or names the name line and a newsroom job ("Stories with the VOA
// News byline are the work of multiple VOA journalists").
func markAuthorBox(units []unit) {
	for i := 0; i+1 < len(units); i++ {
		name, bio := &units[i], &units[i+1]
		if !isNameLine(name) || bio.kind != kindProse || bio.words < 12 || !proseEnds(units, i+2) {
			continue
		}
		outside := quoted.ReplaceAllString(bio.text, " ")
		fp := len(firstPerson.FindAllString(outside, -1))
		if fp >= 2 || (mentions(bio.text, name.text) && jobWord.MatchString(bio.text)) {
			name.kind, bio.kind = kindAuthor, kindBio
		}
	}
}

func isNameLine(u *unit) bool {
	if u.kind != kindHeading || u.end != endNone {
		return false
	}
	ws := strings.Fields(byPrefix.ReplaceAllString(u.text, ""))
	return len(ws) >= 2 && len(ws) <= 4 && properName(ws)
}

// mentions reports whether text uses one of the name's words (case and
// whole word), as a biography names its subject.
func mentions(text, name string) bool {
	tw := map[string]bool{}
	for _, w := range strings.Fields(text) {
		tw[strings.TrimFunc(w, isPunct)] = true
	}
	for _, w := range strings.Fields(name) {
		if len([]rune(w)) >= 3 && tw[w] {
			return true
		}
	}
	return false
}

// proseEnds reports whether no paragraph of prose follows from unit j on,
// up to the next end-of-article marker.
func proseEnds(units []unit, j int) bool {
	for ; j < len(units); j++ {
		if units[j].kind.barrierLike() {
			return true
		}
		if units[j].kind == kindProse {
			return false
		}
	}
	return true
}
