package core

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

func TestBounds(t *testing.T) {
	tests := []struct {
		p             news.Page
		limit, offset int
	}{
		{news.Page{}, DefaultLimit, 0},
		{news.Page{Limit: 10, Offset: 20}, 10, 20},
		{news.Page{Limit: -3, Offset: -1}, DefaultLimit, 0},
		{news.Page{Limit: MaxLimit + 1}, MaxLimit, 0},
		{news.Page{Limit: 1 << 40}, MaxLimit, 0},
	}
	for _, tc := range tests {
		if l, o := Bounds(tc.p); l != tc.limit || o != tc.offset {
			t.Errorf("Bounds(%+v) = %d, %d; want %d, %d", tc.p, l, o, tc.limit, tc.offset)
		}
	}
}

func TestTextHash(t *testing.T) {
	base := TextHash("The minister said: \u201cWe will respond.\u201d")
	tests := []struct {
		text string
		same bool
	}{
		{"the minister said: \"we will respond.\"", true},
		{"  The   minister said:\n\n\u201cWe will respond.\u201d  ", true},
		{"The minister said: \u201cWe will not respond.\u201d", false},
		{"The minister said.", false},
	}
	for _, tc := range tests {
		if got := TextHash(tc.text) == base; got != tc.same {
			t.Errorf("TextHash(%q) same as base = %v, want %v", tc.text, got, tc.same)
		}
	}
	if len(base) != 32 {
		t.Errorf("hash %q: want 32 hex digits", base)
	}
	for _, empty := range []string{"", " \n\t ", "\u200b"} {
		if h := TextHash(empty); h != "" {
			t.Errorf("TextHash(%q) = %q, want \"\" (no key)", empty, h)
		}
	}
}

func TestValidateArticle(t *testing.T) {
	tests := []struct {
		a  news.Article
		ok bool
	}{
		{news.Article{ID: "a1", Text: "fine \u00e9"}, true},
		{news.Article{ID: " ", Text: "blank id"}, false},
		{news.Article{ID: "a1", Title: "bad \xc3"}, false},
		{news.Article{ID: "a1", URL: "x\x00y"}, false},
	}
	for _, tc := range tests {
		err := ValidateArticle(&tc.a)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrInvalid)) {
			t.Errorf("ValidateArticle(%+v) = %v, want ok=%v", tc.a, err, tc.ok)
		}
	}
}

func TestArticleRow(t *testing.T) {
	a := news.Article{ID: "a1", Source: "s", URL: "u", Title: "t", Outlet: "o", Published: "2024-01-02",
		Byline: "b", Language: "en", Text: "body", Story: "s1"}
	data, err := ArticleData(a)
	if err != nil {
		t.Fatal(err)
	}
	row := ArticleRow{ID: a.ID, Source: a.Source, URL: a.URL, Title: a.Title, Outlet: a.Outlet,
		Published: a.Published, Byline: a.Byline, Language: a.Language, Text: a.Text, Story: "s2", Data: []byte(data)}
	got, err := row.Article()
	if err != nil {
		t.Fatal(err)
	}
	want := a
	want.Story = "s2" // the column wins
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	row.Data = nil // a row from before the data column
	if got, err := row.Article(); err != nil || got.Text != "body" || got.ID != "a1" {
		t.Errorf("row without data: %+v %v", got, err)
	}
	row.Data = []byte("{broken")
	if _, err := row.Article(); err == nil {
		t.Error("broken data JSON accepted")
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		q    string
		want []Term
		fts  string
	}{
		{"", nil, ""},
		{"drones", []Term{{Text: "drones"}}, `"drones"`},
		{"Shahed drones", []Term{{Text: "Shahed"}, {Text: "drones"}}, `"Shahed" AND "drones"`},
		{`"drone strike" Kyiv`, []Term{{Text: "drone strike", Phrase: true}, {Text: "Kyiv"}}, `"drone strike" AND "Kyiv"`},
		{"iran or russia", []Term{{Text: "iran"}, {Text: "russia", Or: true}}, `"iran" OR "russia"`},
		{"or iran", []Term{{Text: "iran"}}, `"iran"`},
		{"strike -unions", []Term{{Text: "strike"}, {Text: "unions", Not: true}}, `"strike" NOT "unions"`},
		{"-unions strike", []Term{{Text: "unions", Not: true}, {Text: "strike"}}, `"strike" NOT "unions"`},
		{"-unions", []Term{{Text: "unions", Not: true}}, ""},
		{`-"general strike" pay`, []Term{{Text: "general strike", Phrase: true, Not: true}, {Text: "pay"}}, `"pay" NOT "general strike"`},
		{`say "hi`, []Term{{Text: "say"}, {Text: "hi", Phrase: true}}, `"say" AND "hi"`},
		{`a"b"c`, []Term{{Text: "a"}, {Text: "b", Phrase: true}, {Text: "c"}}, `"a" AND "b" AND "c"`},
		{`* ( ) : ^ - --`, nil, ""},
		{`x"y`, []Term{{Text: "x"}, {Text: "y", Phrase: true}}, `"x" AND "y"`},
		{`O'Brien's`, []Term{{Text: "O'Brien's"}}, `"O'Brien's"`},
		{"Зеленский  удары", []Term{{Text: "Зеленский"}, {Text: "удары"}}, `"Зеленский" AND "удары"`},
	}
	for _, tc := range tests {
		got := ParseQuery(tc.q)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", tc.q, got, tc.want)
		}
		if f := FTS5Query(got); f != tc.fts {
			t.Errorf("FTS5Query(%q) = %s, want %s", tc.q, f, tc.fts)
		}
	}
}

func TestMergeEntities(t *testing.T) {
	m := func(a string, s, e int) news.Mention { return news.Mention{Article: a, Start: s, End: e} }
	rows := []news.Entity{
		{ID: "e1", Name: "Zelensky", Type: "PERSON", Aliases: []string{"Zelenskyy"}, Mentions: []news.Mention{m("a2", 5, 13)}},
		{ID: "e1", Name: "Volodymyr Zelenskyy", Type: "PERSON", Mentions: []news.Mention{m("a1", 0, 19), m("a2", 5, 13)}},
		{ID: "e1", Name: "Zelensky", Type: "ORG"},
	}
	want := news.Entity{ID: "e1", Name: "Zelensky", Type: "PERSON",
		Aliases:  []string{"Volodymyr Zelenskyy", "Zelenskyy"},
		Mentions: []news.Mention{m("a1", 0, 19), m("a2", 5, 13)}}
	// Every order of the rows gives the same entity.
	perms := [][]int{{0, 1, 2}, {2, 1, 0}, {1, 0, 2}, {1, 2, 0}}
	for _, p := range perms {
		var in []news.Entity
		for _, i := range p {
			in = append(in, rows[i])
		}
		if got := MergeEntities("e1", in); !reflect.DeepEqual(got, want) {
			t.Errorf("order %v: %+v, want %+v", p, got, want)
		}
	}
	if got := MergeEntities("e9", nil); got.Aliases == nil || got.Mentions == nil {
		t.Errorf("empty merge has nil slices: %+v", got)
	}

	grouped := GroupEntities(append(rows, news.Entity{ID: "e2", Name: "Kyiv"}, news.Entity{Name: "no id"}))
	var ids []string
	for _, e := range grouped {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{"e1", "e2"}) || !reflect.DeepEqual(grouped[0], want) {
		t.Errorf("GroupEntities: %+v", grouped)
	}
}

func TestMembers(t *testing.T) {
	got := Members([]string{"a2", "", "a1", "a2", "a3", "a1"})
	if want := []string{"a2", "a1", "a3"}; !slices.Equal(got, want) {
		t.Errorf("Members = %v, want %v", got, want)
	}
	if got := Members(nil); got == nil {
		t.Error("Members(nil) = nil, want empty")
	}
}

func TestCheckSteps(t *testing.T) {
	if err := CheckSteps([]Step{{Version: 1}, {Version: 2}}); err != nil {
		t.Error(err)
	}
	if err := CheckSteps([]Step{{Version: 1}, {Version: 3}}); err == nil {
		t.Error("a gap in versions passed")
	}
}

type fakeRows struct {
	n, i int
	err  error
}

func (r *fakeRows) Next() bool { r.i++; return r.i <= r.n }
func (r *fakeRows) Err() error { return r.err }

func TestCollect(t *testing.T) {
	rows := &fakeRows{n: 3}
	got, err := Collect(rows, func() (int, error) { return rows.i * 10, nil })
	if err != nil || fmt.Sprint(got) != "[10 20 30]" {
		t.Errorf("Collect = %v, %v", got, err)
	}
	if got, err := Collect(&fakeRows{}, func() (int, error) { return 0, nil }); err != nil || got == nil || len(got) != 0 {
		t.Errorf("no rows: %#v, %v; want an empty non-nil slice", got, err)
	}
	boom := errors.New("boom")
	if _, err := Collect(&fakeRows{n: 2}, func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("scan error lost: %v", err)
	}
	if _, err := Collect(&fakeRows{n: 1, err: boom}, func() (int, error) { return 1, nil }); !errors.Is(err, boom) {
		t.Errorf("iteration error lost: %v", err)
	}
}

func TestEntityRows(t *testing.T) {
	if _, err := DecodeEntity("s1", []byte("{")); err == nil || !strings.Contains(err.Error(), "s1") {
		t.Errorf("bad JSON: %v, want an error naming the story", err)
	}
	if _, _, err := MergeEntityRows("e1", nil); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("no rows: %v, want ErrNotFound", err)
	}
	a, _ := DecodeEntity("s1", []byte(`{"id":"e1","name":"Kirby","type":"PERSON"}`))
	b, _ := DecodeEntity("s2", []byte(`{"id":"e1","name":"John Kirby","type":"PERSON"}`))
	e, stories, err := MergeEntityRows("e1", []EntityRow{a, b})
	if err != nil || e.ID != "e1" || fmt.Sprint(stories) != "[s1 s2]" {
		t.Errorf("merge = %+v %v %v", e, stories, err)
	}
}
