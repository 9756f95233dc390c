package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/text"
)

// SummariesResult is the score of a summariser on Multi-News records:
// ROUGE F-scores (Lin 2004, as ROUGE-1.5.5 computes them with -m and a
// word limit; see Rouge) averaged over clusters, and how many summary
// sentences are really contained in the spans they cite.
type SummariesResult struct {
	Rouge1F          float64 `json:"rouge1_f"`
	Rouge2F          float64 `json:"rouge2_f"`
	RougeLF          float64 `json:"rougeL_f"`
	Rouge1R          float64 `json:"rouge1_r"`
	Rouge2R          float64 `json:"rouge2_r"`
	CitationValidity float64 `json:"citation_validity"`
	Clusters         int     `json:"clusters"`
	Sentences        int     `json:"sentences"` // summary sentences checked for citation validity
	Words            int     `json:"words"`     // the word limit the summaries were cut at
}

// MultiNewsRecord is one line of the Multi-News JSON Lines format of
// ../shared/bench/summaries: one cluster of articles and its gold summary.
type MultiNewsRecord struct {
	ID        string   `json:"id"`
	Articles  []string `json:"articles"`
	Reference string   `json:"reference"`
}

// ReadMultiNews reads the records of a Multi-News JSON Lines file. Blank
// lines are skipped; a malformed line is an error naming its number.
func ReadMultiNews(ctx context.Context, path string) ([]MultiNewsRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read multi-news: %w", err)
	}
	defer f.Close()
	var out []MultiNewsRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("read multi-news: %w", err)
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r MultiNewsRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, fmt.Errorf("read multi-news %s:%d: %w", path, n, err)
		}
		if r.ID == "" {
			r.ID = strconv.Itoa(n)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read multi-news %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("read multi-news %s: no records", path)
	}
	return out, nil
}

// MultiNewsArticles turns a record's article texts into articles with the
// text model filled in. IDs are "d1", "d2", … in record order; there is
// no publication date, so a summariser orders by position.
func MultiNewsArticles(r MultiNewsRecord) []news.Article {
	arts := make([]news.Article, 0, len(r.Articles))
	for i, body := range r.Articles {
		a := news.Article{ID: "d" + strconv.Itoa(i+1), Source: r.ID + "#" + strconv.Itoa(i+1), Text: body, Language: "en"}
		text.Analyze(&a)
		arts = append(arts, a)
	}
	return arts
}

// Summaries scores summarize on every record of the Multi-News file at
// path: each summary is joined with spaces, cut at words words (250 when
// words ≤ 0) and compared with the record's reference.
func Summaries(ctx context.Context, path string, words int, summarize func([]news.Article) []news.SummarySentence) (*SummariesResult, error) {
	recs, err := ReadMultiNews(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("eval summaries: %w", err)
	}
	return ScoreSummaries(ctx, recs, words, summarize)
}

// ScoreSummaries is Summaries over records already read.
func ScoreSummaries(ctx context.Context, recs []MultiNewsRecord, words int, summarize func([]news.Article) []news.SummarySentence) (*SummariesResult, error) {
	if words <= 0 {
		words = 250
	}
	res := &SummariesResult{Words: words}
	valid := 0
	for _, r := range recs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("eval summaries: %w", err)
		}
		arts := MultiNewsArticles(r)
		sum := summarize(arts)
		parts := make([]string, len(sum))
		for i, s := range sum {
			parts[i] = s.Sentence
			res.Sentences++
			if CitationValid(arts, s) {
				valid++
			}
		}
		sc := Rouge(strings.Join(parts, " "), r.Reference, words)
		res.Rouge1F += sc.R1.F
		res.Rouge2F += sc.R2.F
		res.RougeLF += sc.RL.F
		res.Rouge1R += sc.R1.R
		res.Rouge2R += sc.R2.R
		res.Clusters++
	}
	if res.Clusters == 0 {
		return nil, errors.New("eval summaries: no clusters")
	}
	n := float64(res.Clusters)
	res.Rouge1F /= n
	res.Rouge2F /= n
	res.RougeLF /= n
	res.Rouge1R /= n
	res.Rouge2R /= n
	if res.Sentences > 0 {
		res.CitationValidity = float64(valid) / float64(res.Sentences)
	}
	return res, nil
}

// CitationValid reports whether s cites at least one span and every span
// it cites is a valid byte range of a known article whose text contains
// the sentence verbatim. The check is strict on purpose: a citation a
// reader cannot find by searching the cited passage is not one.
func CitationValid(arts []news.Article, s news.SummarySentence) bool {
	if len(s.Sources) == 0 || strings.TrimSpace(s.Sentence) == "" {
		return false
	}
	for _, src := range s.Sources {
		var body string
		found := false
		for i := range arts {
			if arts[i].ID == src.Article {
				body, found = arts[i].Text, true
				break
			}
		}
		if !found || src.Start < 0 || src.End > len(body) || src.Start >= src.End {
			return false
		}
		if !strings.Contains(body[src.Start:src.End], s.Sentence) {
			return false
		}
	}
	return true
}

// PRF is a precision, recall and F1 triple.
type PRF struct{ P, R, F float64 }

// RougeScore holds ROUGE-1, ROUGE-2 and summary-level ROUGE-L of one
// summary against one reference.
type RougeScore struct{ R1, R2, RL PRF }

// Rouge scores a system summary against one reference as ROUGE-1.5.5 does
// with `-m -n 2 -l words` (F with α = 0.5):
//
//   - the system summary is cut to its first `words` white-space separated
//     words (ROUGE-1.5.5's -l counts words of the raw text); words ≤ 0
//     means no cut;
//   - both texts are lower-cased, every character other than a–z and 0–9
//     becomes a space, and the tokens are split on white space;
//   - tokens longer than 3 characters are replaced by their Porter stem
//     (the original 1980 algorithm, as the Perl module ROUGE ships);
//     ROUGE-1.5.5 also consults a WordNet exception list of irregular
//     forms first, which is not reproduced here;
//   - no stop words are removed;
//   - ROUGE-N counts clipped n-gram matches; ROUGE-L is one longest common
//     subsequence between the whole token sequences (the summary taken as
//     one unit, as the "summary-level" figure of a single-sentence view).
func Rouge(system, reference string, words int) RougeScore {
	if words > 0 {
		f := strings.Fields(system)
		if len(f) > words {
			system = strings.Join(f[:words], " ")
		}
	}
	sys, ref := RougeTokens(system), RougeTokens(reference)
	return RougeScore{R1: rougeN(sys, ref, 1), R2: rougeN(sys, ref, 2), RL: rougeL(sys, ref)}
}

// RougeTokens is ROUGE-1.5.5's normalisation with stemming (see Rouge).
func RougeTokens(s string) []string {
	b := []byte(strings.ToLower(s))
	for i, c := range b {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			b[i] = ' '
		}
	}
	toks := strings.Fields(string(b))
	for i, t := range toks {
		if len(t) > 3 {
			toks[i] = PorterStem(t)
		}
	}
	return toks
}

func rougeN(sys, ref []string, n int) PRF {
	count := func(toks []string) (map[string]int, int) {
		m := map[string]int{}
		total := 0
		for i := 0; i+n <= len(toks); i++ {
			m[strings.Join(toks[i:i+n], " ")]++
			total++
		}
		return m, total
	}
	sm, st := count(sys)
	rm, rt := count(ref)
	hit := 0
	for g, c := range sm {
		hit += min(c, rm[g])
	}
	return rougePRF(hit, st, rt)
}

func rougeL(sys, ref []string) PRF {
	if len(sys) == 0 || len(ref) == 0 {
		return PRF{}
	}
	// Two rows of the LCS table: summaries are a few hundred tokens.
	prev := make([]int, len(ref)+1)
	cur := make([]int, len(ref)+1)
	for i := 1; i <= len(sys); i++ {
		for j := 1; j <= len(ref); j++ {
			switch {
			case sys[i-1] == ref[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return rougePRF(prev[len(ref)], len(sys), len(ref))
}

func rougePRF(hit, sys, ref int) PRF {
	var s PRF
	if sys > 0 {
		s.P = float64(hit) / float64(sys)
	}
	if ref > 0 {
		s.R = float64(hit) / float64(ref)
	}
	if s.P+s.R > 0 {
		s.F = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

// PorterStem returns the stem of a lower-case ASCII word by Porter's 1980
// algorithm, in the form of his reference C and Perl implementations
// (which ROUGE-1.5.5 uses): they differ from the paper by "bli"→"ble" and
// "logi"→"log" in step 2. Porter2 (Snowball "english") stems differently
// (e.g. "generously", "fluently", "y" after a consonant), so it is not used.
func PorterStem(w string) string {
	if len(w) <= 2 {
		return w
	}
	p := porter{b: []byte(w), k: len(w) - 1}
	p.step1ab()
	if p.k > 0 {
		p.step1c()
		p.step2()
		p.step3()
		p.step4()
		p.step5()
	}
	return string(p.b[:p.k+1])
}

// porter holds the word being stemmed: b[0..k] is the current word and j
// marks the end of the stem before a suffix just matched by ends.
type porter struct {
	b    []byte
	k, j int
}

func (p *porter) cons(i int) bool {
	switch p.b[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !p.cons(i-1)
	}
	return true
}

// m counts the vowel-consonant sequences of b[0..j].
func (p *porter) m() int {
	n, i := 0, 0
	for {
		if i > p.j {
			return n
		}
		if !p.cons(i) {
			break
		}
		i++
	}
	i++
	for {
		for {
			if i > p.j {
				return n
			}
			if p.cons(i) {
				break
			}
			i++
		}
		i++
		n++
		for {
			if i > p.j {
				return n
			}
			if !p.cons(i) {
				break
			}
			i++
		}
		i++
	}
}

func (p *porter) vowelInStem() bool {
	for i := 0; i <= p.j; i++ {
		if !p.cons(i) {
			return true
		}
	}
	return false
}

func (p *porter) doublec(j int) bool {
	return j >= 1 && p.b[j] == p.b[j-1] && p.cons(j)
}

func (p *porter) cvc(i int) bool {
	if i < 2 || !p.cons(i) || p.cons(i-1) || !p.cons(i-2) {
		return false
	}
	switch p.b[i] {
	case 'w', 'x', 'y':
		return false
	}
	return true
}

func (p *porter) ends(s string) bool {
	n := len(s)
	if n > p.k+1 || string(p.b[p.k+1-n:p.k+1]) != s {
		return false
	}
	p.j = p.k - n
	return true
}

func (p *porter) setTo(s string) {
	p.b = append(p.b[:p.j+1], s...)
	p.k = p.j + len(s)
}

func (p *porter) r(s string) {
	if p.m() > 0 {
		p.setTo(s)
	}
}

func (p *porter) step1ab() {
	if p.b[p.k] == 's' {
		switch {
		case p.ends("sses"):
			p.k -= 2
		case p.ends("ies"):
			p.setTo("i")
		case p.b[p.k-1] != 's':
			p.k--
		}
	}
	if p.ends("eed") {
		if p.m() > 0 {
			p.k--
		}
		return
	}
	if (p.ends("ed") || p.ends("ing")) && p.vowelInStem() {
		p.k = p.j
		switch {
		case p.ends("at"):
			p.setTo("ate")
		case p.ends("bl"):
			p.setTo("ble")
		case p.ends("iz"):
			p.setTo("ize")
		case p.doublec(p.k):
			p.k--
			if c := p.b[p.k]; c == 'l' || c == 's' || c == 'z' {
				p.k++
			}
		default:
			if p.m() == 1 && p.cvc(p.k) {
				p.setTo("e")
			}
		}
	}
}

func (p *porter) step1c() {
	if p.ends("y") && p.vowelInStem() {
		p.b[p.k] = 'i'
	}
}

// porterStep2 and porterStep3 list suffix → replacement by the letter
// before last (step 2) or last (step 3) of the suffix, in the reference
// implementation's order.
var porterStep2 = map[byte][][2]string{
	'a': {{"ational", "ate"}, {"tional", "tion"}},
	'c': {{"enci", "ence"}, {"anci", "ance"}},
	'e': {{"izer", "ize"}},
	'l': {{"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"}},
	'o': {{"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}},
	's': {{"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"}},
	't': {{"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}},
	'g': {{"logi", "log"}},
}

var porterStep3 = map[byte][][2]string{
	'e': {{"icate", "ic"}, {"ative", ""}, {"alize", "al"}},
	'i': {{"iciti", "ic"}},
	'l': {{"ical", "ic"}, {"ful", ""}},
	's': {{"ness", ""}},
}

func (p *porter) replaceFirst(rules [][2]string) {
	for _, r := range rules {
		if p.ends(r[0]) {
			p.r(r[1])
			return
		}
	}
}

func (p *porter) step2() {
	if p.k < 1 {
		return
	}
	p.replaceFirst(porterStep2[p.b[p.k-1]])
}

func (p *porter) step3() { p.replaceFirst(porterStep3[p.b[p.k]]) }

var porterStep4 = map[byte][]string{
	'a': {"al"}, 'c': {"ance", "ence"}, 'e': {"er"}, 'i': {"ic"}, 'l': {"able", "ible"},
	'n': {"ant", "ement", "ment", "ent"}, 'o': {"ion", "ou"}, 's': {"ism"}, 't': {"ate", "iti"},
	'u': {"ous"}, 'v': {"ive"}, 'z': {"ize"},
}

func (p *porter) step4() {
	if p.k < 1 {
		return
	}
	matched := false
	for _, suf := range porterStep4[p.b[p.k-1]] {
		if !p.ends(suf) {
			continue
		}
		if suf == "ion" && (p.j < 0 || p.b[p.j] != 's' && p.b[p.j] != 't') {
			continue
		}
		matched = true
		break
	}
	if matched && p.m() > 1 {
		p.k = p.j
	}
}

func (p *porter) step5() {
	p.j = p.k
	if p.b[p.k] == 'e' {
		a := p.m()
		if a > 1 || a == 1 && !p.cvc(p.k-1) {
			p.k--
		}
	}
	if p.b[p.k] == 'l' && p.doublec(p.k) && p.m() > 1 {
		p.k--
	}
}
