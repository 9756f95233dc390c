package fetch

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/triangulate/triangulate/internal/news"
)

func rssFeed(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Test wire</title><link>https://wire.example/</link><description>d</description>
` + strings.Join(items, "\n") + `
</channel></rss>`
}

func rssItem(title, link, pubDate, description, content string) string {
	s := "<item><title>" + html.EscapeString(title) + "</title>"
	if link != "" {
		s += "<link>" + html.EscapeString(link) + "</link>"
	}
	s += "<pubDate>" + pubDate + "</pubDate>"
	s += "<description>" + html.EscapeString(description) + "</description>"
	if content != "" {
		s += "<content:encoded><![CDATA[" + content + "]]></content:encoded>"
	}
	return s + "</item>"
}

func atomFeed(entries ...string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title><id>urn:x</id><updated>2024-03-05T10:00:00Z</updated>
` + strings.Join(entries, "\n") + `
</feed>`
}

func atomEntry(title, href, published, summary, content string) string {
	s := "<entry><title>" + html.EscapeString(title) + "</title><id>urn:" + html.EscapeString(title) + "</id>"
	if href != "" {
		s += `<link rel="alternate" type="text/html" href="` + html.EscapeString(href) + `"/>`
	}
	s += "<published>" + published + "</published><updated>" + published + "</updated>"
	s += "<summary>" + html.EscapeString(summary) + "</summary>"
	if content != "" {
		s += `<content type="html">` + html.EscapeString(content) + "</content>"
	}
	return s + "</entry>"
}

func feedServer(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	full := func(marker string) string { return "<p>" + words(marker, 200) + "</p><p>Second paragraph.</p>" }
	short := "A teaser of a dozen words that is no article on its own at all."
	mux := http.NewServeMux()
	serve := func(path, ctype string, body func() string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			fmt.Fprint(w, body())
		})
	}
	serve("/rss-full", "application/rss+xml", func() string {
		return rssFeed(
			rssItem("Full one", srv.URL+"/articles/1", "Tue, 05 Mar 2024 09:30:00 +0000", short, full("FullOne")),
			rssItem("Full two", "", "Wed, 06 Mar 2024 23:30:00 -0500", full("FullTwo"), ""),
		)
	})
	serve("/rss-links", "application/rss+xml", func() string {
		return rssFeed(
			rssItem("Linked one", srv.URL+"/articles/1", "Tue, 05 Mar 2024 09:30:00 +0000", short, ""),
			rssItem("Linked two", "/articles/2", "Wed, 06 Mar 2024 10:00:00 +0000", short, ""),
			rssItem("Gone", "/articles/missing", "Thu, 07 Mar 2024 10:00:00 +0000", short, ""),
			rssItem("No link", "", "Thu, 07 Mar 2024 10:00:00 +0000", short, ""),
		)
	})
	serve("/atom-full", "application/atom+xml", func() string {
		return atomFeed(atomEntry("Atom full", srv.URL+"/articles/3", "2024-03-05T10:00:00+03:00", short, full("AtomFull")))
	})
	serve("/atom-links", "application/atom+xml; charset=utf-8", func() string {
		return atomFeed(
			atomEntry("Atom linked", "/articles/3", "2024-03-05T10:00:00Z", short, ""),
			atomEntry("Atom to image", "/image", "2024-03-06T10:00:00Z", short, ""),
		)
	})
	serve("/rss-as-text-xml", "text/xml", func() string {
		return rssFeed(rssItem("Labelled", srv.URL+"/articles/2", "Tue, 05 Mar 2024 09:30:00 +0000", short, ""))
	})
	serve("/rss-as-html", "text/html", func() string {
		return rssFeed(rssItem("Mislabelled", srv.URL+"/articles/1", "Tue, 05 Mar 2024 09:30:00 +0000", short, ""))
	})
	serve("/many", "application/rss+xml", func() string {
		var items []string
		for i := 1; i <= 5; i++ {
			items = append(items, rssItem(fmt.Sprintf("Item %d", i), fmt.Sprintf("/articles/%d", i), "Tue, 05 Mar 2024 09:30:00 +0000", short, ""))
		}
		return rssFeed(items...)
	})
	serve("/empty-feed", "application/rss+xml", func() string { return rssFeed() })
	serve("/broken-feed", "application/rss+xml", func() string { return `<?xml version="1.0"?><rss version="2.0"><channel><item><title>x` })
	mux.HandleFunc("/articles/{n}", func(w http.ResponseWriter, r *http.Request) {
		n := r.PathValue("n")
		if n == "missing" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page("Page "+n, "Article "+n+" body"))
	})
	serve("/image", "image/jpeg", func() string { return "\xff\xd8\xff" })
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFeeds(t *testing.T) {
	srv := feedServer(t)
	type want struct {
		source, url, title, published, marker string
	}
	tests := []struct {
		name       string
		path       string
		maxEntries int
		want       []want
		wantFails  []error // in order
	}{
		{
			name: "RSS with full articles", path: "/rss-full",
			want: []want{
				{"/rss-full#1", "/articles/1", "Full one", "2024-03-05", "FullOne"},
				// A description holding the article counts as well, and the
				// date is the publisher's day, not UTC's.
				{"/rss-full#2", "", "Full two", "2024-03-06", "FullTwo"},
			},
		},
		{
			name: "RSS with links only", path: "/rss-links",
			want: []want{
				{"/articles/1", "/articles/1", "Linked one", "2024-03-05", "Article 1 body"},
				{"/articles/2", "/articles/2", "Linked two", "2024-03-06", "Article 2 body"},
			},
			wantFails: []error{ErrStatus, ErrEntry},
		},
		{
			name: "Atom with full content", path: "/atom-full",
			want: []want{{"/atom-full#1", "/articles/3", "Atom full", "2024-03-05", "AtomFull"}},
		},
		{
			name: "Atom with links only", path: "/atom-links",
			want:      []want{{"/articles/3", "/articles/3", "Atom linked", "2024-03-05", "Article 3 body"}},
			wantFails: []error{ErrNotHTML},
		},
		{
			name: "RSS labelled text/xml", path: "/rss-as-text-xml",
			want: []want{{"/articles/2", "/articles/2", "Labelled", "2024-03-05", "Article 2 body"}},
		},
		{
			name: "RSS labelled text/html", path: "/rss-as-html",
			want: []want{{"/articles/1", "/articles/1", "Mislabelled", "2024-03-05", "Article 1 body"}},
		},
		{
			name: "entry limit", path: "/many", maxEntries: 2,
			want: []want{
				{"/articles/1", "/articles/1", "Item 1", "2024-03-05", "Article 1 body"},
				{"/articles/2", "/articles/2", "Item 2", "2024-03-05", "Article 2 body"},
			},
			wantFails: []error{ErrEntryLimit},
		},
		{name: "empty feed", path: "/empty-feed", wantFails: []error{ErrNoEntries}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := New(quick(Options{MaxEntries: tc.maxEntries}))
			docs, fails, err := collect(t, f, srv.URL+tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != len(tc.want) {
				t.Fatalf("got %d docs, want %d (fails: %v)", len(docs), len(tc.want), fails)
			}
			for i, w := range tc.want {
				d := docs[i]
				wantURL := ""
				if w.url != "" {
					wantURL = srv.URL + w.url
				}
				if d.Source != srv.URL+w.source || d.URL != wantURL || d.Title != w.title || d.Published != w.published || d.Kind != news.KindHTML {
					t.Errorf("doc %d = source %q url %q title %q published %q kind %q;\nwant %q %q %q %q html",
						i, d.Source, d.URL, d.Title, d.Published, d.Kind, srv.URL+w.source, wantURL, w.title, w.published)
				}
				if !strings.Contains(string(d.Content), w.marker) {
					t.Errorf("doc %d lacks %q", i, w.marker)
				}
			}
			if len(fails) != len(tc.wantFails) {
				t.Fatalf("fails %v, want %v", fails, tc.wantFails)
			}
			for i, want := range tc.wantFails {
				var fe *Error
				if !errors.Is(fails[i], want) || !errors.As(fails[i], &fe) {
					t.Errorf("fail %d = %v, want an *Error wrapping %v", i, fails[i], want)
				}
			}
		})
	}
}

func TestFeedEntryErrorNamesFeedAndEntry(t *testing.T) {
	srv := feedServer(t)
	_, fails, err := collect(t, New(quick(Options{})), srv.URL+"/rss-links")
	if err != nil || len(fails) == 0 {
		t.Fatalf("err %v, fails %v", err, fails)
	}
	want := fmt.Sprintf("fetch %s/articles/missing (entry 3 of feed %s/rss-links): unexpected HTTP status 404 Not Found", srv.URL, srv.URL)
	if got := fails[0].Error(); got != want {
		t.Errorf("fail = %q\nwant   %q", got, want)
	}
}

func TestBrokenFeed(t *testing.T) {
	srv := feedServer(t)
	_, _, err := collect(t, New(quick(Options{})), srv.URL+"/broken-feed")
	if err == nil || !strings.Contains(err.Error(), "parsing the feed") || !strings.Contains(err.Error(), "/broken-feed") {
		t.Fatalf("error %v, want a feed parse error naming the URL", err)
	}
}

// The link of a feed entry goes through the same guard as any URL: a feed
// cannot point the fetcher at the local network.
func TestFeedLinkGuarded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rssFeed(rssItem("Metadata", "http://169.254.169.254/latest/meta-data/", "Tue, 05 Mar 2024 09:30:00 +0000", "short", "")))
	}))
	defer srv.Close()
	public := srv.Listener.Addr().String()
	f := newFetcher(Options{PerHostInterval: -1}, guard{classify: func(ap netip.AddrPort) string {
		if ap.String() == public {
			return ""
		}
		return addrClass(ap.Addr())
	}})
	docs, fails, err := collect(t, f, srv.URL)
	if err != nil || len(docs) != 0 || len(fails) != 1 || !errors.Is(fails[0], ErrRefused) {
		t.Fatalf("docs %d, fails %v, err %v; want one refusal", len(docs), fails, err)
	}
}

func TestWordCount(t *testing.T) {
	tests := map[string]int{
		"":                                       0,
		"one two three":                          3,
		"<p>one <b>two</b></p><p>three</p>":      3,
		"<script>var a = 1 2 3</script><p>x</p>": 1,
		"one&amp;two three":                      2,
		"<style>p { color: red }</style>a b":     2,
	}
	for in, want := range tests {
		if got := wordCount(in); got != want {
			t.Errorf("wordCount(%q) = %d, want %d", in, got, want)
		}
	}
}
