package extract

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/triangulate/triangulate/internal/news"
)

// prose is article-length English text, long enough for trafilatura to
// take it as the main content and for language detection to be reliable.
var prose = []string{
	"The city council voted on Tuesday to expand the bus network to the northern districts, after a year of public hearings and a study of commuting patterns across the region.",
	"Officials said the first new routes would open in the spring, with buses every ten minutes at peak hours and a night service on weekends for shift workers and students.",
	"Residents of the northern districts have long complained that the only way into the centre was by car, and that parking had become scarce and expensive in recent years.",
	"The plan will be paid for by a mix of regional funds and a small rise in the parking charge, which the council said would also encourage people to leave their cars at home.",
}

func page(head, body string) string {
	return "<!DOCTYPE html><html lang=\"en\"><head>" + head + "</head><body>" + body + "</body></html>"
}

func articleBody(extra string) string {
	var b strings.Builder
	b.WriteString(`<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>`)
	b.WriteString(`<article><h1>Council expands bus network</h1>`)
	for _, p := range prose {
		b.WriteString("<p>" + p + "</p>")
	}
	b.WriteString(extra)
	b.WriteString(`</article><footer><p>Contact us</p></footer>`)
	return b.String()
}

func TestExtractHTMLMetadata(t *testing.T) {
	headFull := `<title>Council expands bus network - Riverside Gazette</title>
<meta property="og:site_name" content="Riverside Gazette">
<meta property="og:title" content="Council expands bus network">
<meta name="author" content="By Jane Doe and John Roe">
<meta property="article:published_time" content="2023-03-14T09:30:00Z">`
	tests := []struct {
		name    string
		doc     news.RawDoc
		want    news.Article
		wantErr error
	}{
		{
			name: "metadata from the page",
			doc:  news.RawDoc{Source: "a.html", Kind: news.KindHTML, Content: []byte(page(headFull, articleBody(""))), URL: "https://gazette.example/bus"},
			want: news.Article{Source: "a.html", URL: "https://gazette.example/bus", Title: "Council expands bus network",
				Outlet: "Riverside Gazette", Published: "2023-03-14", Byline: "Jane Doe, John Roe", Language: "en"},
		},
		{
			name: "hints win and dates are normalised",
			doc: news.RawDoc{Source: "feed.jsonl:3", Kind: news.KindHTML, Content: []byte(page(headFull, articleBody(""))),
				URL: "https://gazette.example/bus", Title: "Buses for the north", Published: "Tue, 10 Jan 2023 08:00:00 GMT"},
			want: news.Article{Source: "feed.jsonl:3", URL: "https://gazette.example/bus", Title: "Buses for the north",
				Outlet: "Riverside Gazette", Published: "2023-01-10", Byline: "Jane Doe, John Roe", Language: "en"},
		},
		{
			name: "outlet from the table of known hosts, title stripped of the site name",
			doc: news.RawDoc{Source: "r.html", Kind: news.KindHTML, URL: "https://www.reuters.com/world/bus",
				Content: []byte(page(`<title>Council expands bus network | Reuters</title>`, articleBody("")))},
			want: news.Article{Source: "r.html", URL: "https://www.reuters.com/world/bus", Title: "Council expands bus network",
				Outlet: "Reuters", Language: "en"},
		},
		{
			name: "no outlet guessed for an unknown host",
			doc: news.RawDoc{Source: "u.html", Kind: news.KindHTML, URL: "https://blog.example.org/p/1",
				Content: []byte(page(`<title>Council expands bus network</title>`, articleBody("")))},
			want: news.Article{Source: "u.html", URL: "https://blog.example.org/p/1", Title: "Council expands bus network", Language: "en"},
		},
		{
			name:    "empty page",
			doc:     news.RawDoc{Source: "e.html", Kind: news.KindHTML, Content: []byte(page("<title>Nothing</title>", ""))},
			wantErr: ErrNoText,
		},
		{
			name:    "empty input",
			doc:     news.RawDoc{Source: "z.html", Kind: news.KindHTML},
			wantErr: ErrNoText,
		},
	}
	e := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.Extract(context.Background(), tt.doc)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.doc.Source) {
					t.Fatalf("err = %v, want %v naming %s", err, tt.wantErr, tt.doc.Source)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			text := got.Text
			got.Text = ""
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("metadata:\n got %+v\nwant %+v", got, tt.want)
			}
			want := strings.Join(prose, "\n")
			if text != want {
				t.Errorf("text:\n got %q\nwant %q", text, want)
			}
		})
	}
}

// TestExtractFallback checks that readability takes over when trafilatura
// finds too little: MinText is set above the page's length, so the
// cascade must ask readability, whose body then wins if longer.
func TestExtractFallback(t *testing.T) {
	root, err := parseHTML(page("<title>Council expands bus network</title>", articleBody("")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		base []paragraph
		want int // paragraphs
	}{
		{"trafilatura found nothing", nil, len(prose)},
		{"trafilatura found one line", []paragraph{{text: "Council expands bus network"}}, len(prose)},
	}
	e := New(Options{MinText: 10000})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := found{}
			got := e.cascade(context.Background(), root, nil, tt.base, &f)
			got = cleanParagraphs(got, "Council expands bus network", "")
			if len(got) != tt.want || got[0].text != prose[0] {
				t.Errorf("cascade gave %d paragraphs %q, want readability's %d", len(got), joinParagraphs(got), tt.want)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	p := func(s string) paragraph { return paragraph{text: s} }
	li := func(s string) paragraph { return paragraph{text: s, item: true} }
	long := func(s string) string { return s + strings.Repeat(" and more words to make it long", 3) + "." }
	a, b, c, d := long("Alpha"), long("Bravo"), long("Charlie"), long("Delta")
	tests := []struct {
		name      string
		base, alt []paragraph
		want      []string
	}{
		{"readability reads on past trafilatura's stop", []paragraph{p(a), p(b)}, []paragraph{p(a), p(b), p(c), li("Related story one")},
			[]string{a, b, c}},
		{"gap between shared paragraphs filled", []paragraph{p(a), p(c)}, []paragraph{p(a), p(b), p(c)},
			[]string{a, b, c}},
		{"trafilatura's unshared tail dropped", []paragraph{p(a), p(b), p(c), p("Pats place Olszewski on IR")}, []paragraph{p(a), p(b), p(c)},
			[]string{a, b, c}},
		{"no agreement keeps trafilatura", []paragraph{p(a), p(b)}, []paragraph{p(c), p(d)},
			[]string{a, b}},
		{"truncated paragraph repaired", []paragraph{p("Binge eating disorder is the most common eating disorder (")},
			[]paragraph{p("Binge eating disorder is the most common eating disorder (1).")},
			[]string{"Binge eating disorder is the most common eating disorder (1)."}},
		{"captions and repeats not added", []paragraph{p(a), p(c)}, []paragraph{p(a), p(long("Smoke rises (Photo: Getty)")), p(c)},
			[]string{a, c}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := merge(tt.base, tt.alt)
			var texts []string
			for _, p := range got {
				texts = append(texts, p.text)
			}
			if strings.Join(texts, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("merge =\n%s\nwant\n%s", strings.Join(texts, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCleanParagraphs(t *testing.T) {
	ps := []paragraph{
		{text: "Council expands bus network", heading: true},
		{text: "By JERUSALEM POST STAFF"},
		{text: "NOVEMBER 20, 2019 10:43"},
		{text: prose[0]},
		{text: "READ MORE: Buses in the south"},
		{text: prose[1]},
		{text: "Sign up for our newsletter"},
	}
	got := joinParagraphs(cleanParagraphs(ps, "Council expands bus network", ""))
	if want := prose[0] + "\n" + prose[1]; got != want {
		t.Errorf("cleanParagraphs =\n%s\nwant\n%s", got, want)
	}
}

func TestRenderParagraphs(t *testing.T) {
	tests := []struct {
		name    string
		html    string
		trimmed bool
		want    string
	}{
		{"blocks and breaks", "<div>One <b>two</b><p>three\n  four</p>five<br>six</div>", false, "One two\nthree four\nfive\nsix"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", false, "a b\nc"},
		{"scripts skipped", "<p>kept<script>var x</script></p><style>p{}</style>", false, "kept"},
		{"trimmed text gets spaces back", "<p><b>Vernon’s</b>injury, <a>Chad Thomas</a>has</p>", true, "Vernon’s injury, Chad Thomas has"},
		{"but not before punctuation", "<p><a>Rudolph</a>. And <i>20</i><sup>th</sup></p>", true, "Rudolph. And 20th"},
		{"preformatted lines kept", "<pre>a  b\nc</pre>", false, "a b\nc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := parseHTML(tt.html)
			if err != nil {
				t.Fatal(err)
			}
			if got := joinParagraphs(renderParagraphs(root, tt.trimmed)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCleanByline(t *testing.T) {
	tests := []struct{ raw, outlet, want string }{
		{"By Jane Doe", "", "Jane Doe"},
		{"by Jane Doe and John Roe", "", "Jane Doe, John Roe"},
		{"Jane Doe; John Roe; Jane Doe", "", "Jane Doe, John Roe"},
		{"DANICA KIRKA, JILL LAWLESS Associated Press", "", "Danica Kirka, Jill Lawless"},
		{"Rachael Link, MS, RD", "", "Rachael Link"},
		{"Charlie Wood, Business Insider", "Business Insider Deutschland", "Charlie Wood"},
		{"By Staff | Updated November 20, 2019", "", ""},
		{"jane@example.com", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := cleanByline(tt.raw, tt.outlet); got != tt.want {
			t.Errorf("cleanByline(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestNormaliseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2022-12-10", "2022-12-10"},
		{"2022-12-10T08:00:00+02:00", "2022-12-10"},
		{"Tue, 10 Jan 2023 08:00:00 GMT", "2023-01-10"},
		{"January 5, 2021", "2021-01-05"},
		{"12/31/2020", "2020-12-31"},
		{"yesterday-ish", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normaliseDate(tt.in); got != tt.want {
			t.Errorf("normaliseDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripSiteName(t *testing.T) {
	tests := []struct{ title, outlet, url, want string }{
		{"Daily Deals - IGN", "IGN", "https://www.ign.com/a", "Daily Deals"},
		{"Meal Prep | The Beachbody Blog", "The Beachbody Blog", "", "Meal Prep"},
		{"9to5Mac Gift Guide: what to buy - 9to5Mac", "", "https://9to5mac.com/x", "9to5Mac Gift Guide: what to buy"},
		{"Left - Right", "Gazette", "https://gazette.example/", "Left - Right"},
	}
	for _, tt := range tests {
		if got := stripSiteName(tt.title, tt.outlet, tt.url); got != tt.want {
			t.Errorf("stripSiteName(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{strings.Join(prose, " "), "en"},
		{"Der Stadtrat hat am Dienstag beschlossen, das Busnetz in die nördlichen Bezirke auszuweiten, nachdem ein Jahr lang öffentliche Anhörungen stattgefunden hatten.", "de"},
		{"Hello there", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := detectLanguage(tt.text); got != tt.want {
			t.Errorf("detectLanguage(%.20q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestExtractText(t *testing.T) {
	e := New(Options{})
	doc := news.RawDoc{Source: "000.txt", Kind: news.KindText, Content: []byte("  First line of the story.  \n\n\nSecond line of the story.\n")}
	e.Observe(doc)
	got, err := e.Extract(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Text, "First line of the story.") || strings.Contains(got.Text, "\n\n") || got.Text != strings.TrimSpace(got.Text) {
		t.Errorf("Text = %q", got.Text)
	}
	if _, err := e.Extract(context.Background(), news.RawDoc{Source: "blank.txt", Kind: news.KindText, Content: []byte(" \n\t\n")}); !errors.Is(err, ErrNoText) {
		t.Errorf("blank text: err = %v, want ErrNoText", err)
	}
	if _, err := e.Extract(context.Background(), news.RawDoc{Source: "x", Kind: "pdf", Content: []byte("x")}); err == nil {
		t.Error("unknown kind: no error")
	}
}

func TestExtractCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := New(Options{}).Extract(ctx, news.RawDoc{Source: "a.html", Kind: news.KindHTML, Content: []byte(page("", articleBody("")))})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestExtractAwkwardInput feeds inputs that have broken extractors: they
// must give an article or an error, never a panic or invalid text.
func TestExtractAwkwardInput(t *testing.T) {
	full := page("<title>t</title>", articleBody(""))
	huge := "<html><body>" + strings.Repeat("<div><p>"+prose[0]+"</p>", 20000) // ~4 MB, never closed
	tests := []struct {
		name    string
		content string
		opts    Options
	}{
		{"truncated mid-tag", full[:len(full)/2] + "<p class=\"x", Options{}},
		{"only a doctype", "<!DOCTYPE html>", Options{}},
		{"invalid UTF-8", "<p>" + prose[0] + "\xff\xfe" + prose[1] + "</p>", Options{}},
		{"deep nesting", strings.Repeat("<div>", 5000) + prose[0], Options{}},
		{"huge input cut at MaxInput", huge, Options{MaxInput: 1 << 18}},
		{"binary noise", "\x00\x01\x02<\x00p>\x00", Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := New(tt.opts).Extract(context.Background(), news.RawDoc{Source: "x.html", Kind: news.KindHTML, Content: []byte(tt.content)})
			if err != nil {
				if !errors.Is(err, ErrNoText) {
					t.Logf("error (allowed): %v", err)
				}
				return
			}
			checkArticle(t, got)
		})
	}
}

func checkArticle(t *testing.T, a news.Article) {
	t.Helper()
	for name, s := range map[string]string{"text": a.Text, "title": a.Title, "byline": a.Byline, "outlet": a.Outlet} {
		if !utf8.ValidString(s) {
			t.Errorf("%s is not valid UTF-8: %q", name, s)
		}
	}
	if a.Text == "" || a.Text != strings.TrimSpace(a.Text) || strings.Contains(a.Text, "\n\n") {
		t.Errorf("text not in Article.Text form: %q", a.Text)
	}
	if a.Published != "" && len(a.Published) != len("2006-01-02") {
		t.Errorf("published %q is not YYYY-MM-DD", a.Published)
	}
}

// benchDir returns ../shared/bench/extraction next to the repository root,
// or skips.
func benchDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Skipf("no working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("repository root not found, so ../shared cannot be located")
		}
		dir = parent
	}
	bench := filepath.Join(filepath.Dir(dir), "shared", "bench", "extraction")
	if _, err := os.Stat(filepath.Join(bench, "ground-truth.json")); err != nil {
		tb.Skip("../shared/bench/extraction absent; benchmark checks skipped")
	}
	return bench
}

// TestNoDateGuessedFromText: a page whose markup carries no date gets no
// publication date, even when its text mentions years and days; a guess
// would mislead readers and split stories by time.
func TestNoDateGuessedFromText(t *testing.T) {
	body := strings.Replace(articleBody(""), "<article>",
		"<article><p>Posted in 2022. Updated on January 5, 2021, by the editors of the remarkable happenings of 2022.</p>", 1)
	got, err := New(Options{}).Extract(context.Background(), news.RawDoc{Source: "d.html", Kind: news.KindHTML,
		Content: []byte(page(`<title>Council expands bus network</title>`, body))})
	if err != nil {
		t.Fatal(err)
	}
	if got.Published != "" {
		t.Errorf("published = %q, want none", got.Published)
	}
}
