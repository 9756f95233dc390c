// Package pipeline runs the analysis stages in order over a set of raw
// documents and assembles the report: extract → text → copies → stories →
// the analysis stages that later issues fill in.
//
// It holds the order of the stages and the article identities, nothing of
// any stage's method: each stage is called through its package's API.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/triangulate/triangulate/internal/par"

	"github.com/zeebo/xxh3"

	"github.com/triangulate/triangulate/internal/claim"
	"github.com/triangulate/triangulate/internal/cluster"
	"github.com/triangulate/triangulate/internal/dedupe"
	"github.com/triangulate/triangulate/internal/entity/ner"
	"github.com/triangulate/triangulate/internal/entity/resolve"
	"github.com/triangulate/triangulate/internal/event"
	"github.com/triangulate/triangulate/internal/extract"
	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/quote"
	"github.com/triangulate/triangulate/internal/summary"
	"github.com/triangulate/triangulate/internal/text"
	"github.com/triangulate/triangulate/internal/timeline"
)

// Config holds the knobs of a run. The zero value is usable.
type Config struct {
	Extract extract.Options
	Dedupe  dedupe.Options
	Cluster cluster.Options
	Summary summary.Options
	Resolve resolve.Options
	Claim   claim.Options
	// Workers bounds the goroutines that extract documents; 0 means
	// GOMAXPROCS.
	Workers int
	// Logger receives stage timings at debug level; nil discards.
	Logger *slog.Logger
	// Progress, when set, is called once per extracted document, never
	// concurrently.
	Progress func()
}

// DocError is a problem with one document: the report is still built from
// the others.
type DocError struct {
	Source string
	Err    error
}

// Error names the source once: stage errors often name it already
// ("extract x.html: no article text found").
func (e *DocError) Error() string {
	msg := e.Err.Error()
	if strings.Contains(msg, e.Source) {
		return msg
	}
	return e.Source + ": " + msg
}
func (e *DocError) Unwrap() error { return e.Err }

// Analyze extracts every document and runs the analysis stages. Problems
// with single documents come back in errs (as *DocError) and leave them
// out of the report; err is set only when the run as a whole could not
// complete (cancellation).
func Analyze(ctx context.Context, docs []news.RawDoc, cfg Config) (rep *news.Report, errs []error, err error) {
	articles, errs, err := Extract(ctx, docs, cfg)
	if err != nil {
		return nil, errs, err
	}
	rep, err = AnalyzeArticles(ctx, articles, cfg)
	return rep, errs, err
}

// Extract turns raw documents into articles with content-derived IDs
// (see AssignIDs), sorted by Source.
func Extract(ctx context.Context, docs []news.RawDoc, cfg Config) ([]news.Article, []error, error) {
	log := logger(cfg)
	t0 := time.Now()
	articles, errs := extractAll(ctx, docs, cfg)
	if err := ctx.Err(); err != nil {
		return nil, errs, fmt.Errorf("analyze: %w", err)
	}
	log.Debug("extracted", "docs", len(docs), "articles", len(articles), "failed", len(errs), "took_ms", time.Since(t0).Milliseconds())
	AssignIDs(articles)
	return articles, errs, nil
}

func logger(cfg Config) *slog.Logger {
	if cfg.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return cfg.Logger
}

// AnalyzeArticles runs every analysis stage over articles that already
// have IDs (fresh from Extract, or read back from a store) and builds the
// report. Articles are reported in the order given.
func AnalyzeArticles(ctx context.Context, articles []news.Article, cfg Config) (rep *news.Report, err error) {
	log := logger(cfg)
	parallel(ctx, len(articles), cfg.Workers, func(i int) { text.Analyze(&articles[i]) })

	rep = news.NewReport()
	rep.Articles = articles

	// Copies and stories read the articles and nothing of each other, so
	// they run side by side: on a large batch they are the two costliest
	// corpus-wide stages.
	t1 := time.Now()
	var (
		links      []news.CopyLink
		groups     [][]string
		copiesErr  error
		copiesTook time.Duration
		wg         sync.WaitGroup
	)
	wg.Go(func() {
		links, groups, copiesErr = dedupe.Detect(ctx, articles, cfg.Dedupe)
		copiesTook = time.Since(t1)
	})
	stories, err := cluster.Cluster(ctx, articles, cfg.Cluster)
	wg.Wait()
	if copiesErr != nil {
		return nil, fmt.Errorf("analyze: copies: %w", copiesErr)
	}
	if err != nil {
		return nil, fmt.Errorf("analyze: stories: %w", err)
	}
	rep.Copies, rep.SourceGroups = links, groups
	log.Debug("copies", "links", len(links), "groups", len(groups), "took_ms", copiesTook.Milliseconds())
	rep.Stories = stories
	storyOf := map[string]string{}
	for _, s := range stories {
		for _, id := range s.Articles {
			storyOf[id] = s.ID
		}
	}
	for i := range rep.Articles {
		rep.Articles[i].Story = storyOf[rep.Articles[i].ID]
	}
	log.Debug("clustered", "stories", len(stories), "took_ms", time.Since(t1).Milliseconds())

	t1 = time.Now()
	mentions, err := entities(ctx, rep, cfg)
	if err != nil {
		return nil, err
	}
	log.Debug("entities", "entities", len(rep.Entities), "took_ms", time.Since(t1).Milliseconds())

	// Shared by the stages below: who each mention is, and the day each
	// article's relative dates resolve against.
	idx := newEntityIndex(rep.Entities)
	ref := refDates(rep.Articles)

	t1 = time.Now()
	quotes(ctx, rep, mentions, idx, cfg.Workers)
	log.Debug("quotes", "quotes", len(rep.Quotes), "took_ms", time.Since(t1).Milliseconds())

	t1 = time.Now()
	events(ctx, rep, mentions, idx, ref, cfg.Workers)
	log.Debug("events", "events", len(rep.Events), "edges", len(rep.ActorGraph), "took_ms", time.Since(t1).Milliseconds())

	t1 = time.Now()
	rep.Timeline = timeline.Build(rep.Articles, ref)
	log.Debug("timeline", "entries", len(rep.Timeline), "took_ms", time.Since(t1).Milliseconds())

	t1 = time.Now()
	for _, st := range stories {
		arts := storyArticles(rep, st)
		claims, conflicts := claim.Analyze(claim.Input{Articles: arts, Groups: rep.SourceGroups,
			Entities: rep.Entities, Ref: ref}, cfg.Claim)
		rep.Claims = append(rep.Claims, claims...)
		rep.Conflicts = append(rep.Conflicts, conflicts...)
		// The summary orders undated articles by their inferred day; claims
		// above must see only stated dates, so this edits the copies after.
		for i := range arts {
			if arts[i].Published == "" && arts[i].PublishedPrecision == timeline.Day {
				arts[i].Published = arts[i].PublishedInferred
			}
		}
		rep.Summary = append(rep.Summary, summary.Summarize(arts, rep.SourceGroups, cfg.Summary)...)
	}
	log.Debug("claims and summary", "claims", len(rep.Claims), "summary", len(rep.Summary), "took_ms", time.Since(t1).Milliseconds())
	texts := make(map[string]string, len(rep.Articles))
	for _, a := range rep.Articles {
		texts[a.ID] = a.Text
	}
	rep.Conflicts = append(rep.Conflicts, quote.Altered(rep.Quotes, texts)...)
	log.Debug("claims", "claims", len(rep.Claims), "conflicts", len(rep.Conflicts), "took_ms", time.Since(t1).Milliseconds())

	rep.Normalize()
	return rep, nil
}

// extractAll runs the extractor over docs with a bounded worker pool,
// keeping the input order among successes.
func extractAll(ctx context.Context, docs []news.RawDoc, cfg Config) ([]news.Article, []error) {
	ex := extract.New(cfg.Extract)
	// Corpus statistics (lines repeated across scraped pages) must be
	// complete before any document is extracted.
	for _, d := range docs {
		ex.Observe(d)
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type result struct {
		a   news.Article
		err error
	}
	results := make([]result, len(docs))
	jobs := make(chan int)
	var (
		wg         sync.WaitGroup
		progressMu sync.Mutex // Progress is called from one goroutine at a time
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				a, err := ex.Extract(ctx, docs[i])
				results[i] = result{a, err}
				if cfg.Progress != nil {
					progressMu.Lock()
					cfg.Progress()
					progressMu.Unlock()
				}
			}
		}()
	}
feed:
	for i := range docs {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()

	var (
		articles []news.Article
		errs     []error
	)
	for i, r := range results {
		switch {
		case r.err != nil:
			errs = append(errs, &DocError{Source: docs[i].Source, Err: r.err})
		case r.a.Text == "" && ctx.Err() == nil:
			errs = append(errs, &DocError{Source: docs[i].Source, Err: errors.New("no article text found")})
		case r.a.Text != "":
			inferPublished(&r.a, docs[i])
			articles = append(articles, r.a)
		}
	}
	return articles, errs
}

// AssignIDs gives every article an ID derived from its content (URL,
// title and text), so that the same input yields the same IDs whatever
// the order of the files or the run. Articles with identical content (a
// wire story saved twice) get suffixes in the order of their Source. The
// slice is left sorted by Source, then ID, which is the report's order.
func AssignIDs(articles []news.Article) {
	for i := range articles {
		a := &articles[i]
		h := xxh3.New()
		_, _ = h.WriteString(a.URL)
		_, _ = h.WriteString("\x00")
		_, _ = h.WriteString(a.Title)
		_, _ = h.WriteString("\x00")
		_, _ = h.WriteString(a.Text)
		a.ID = fmt.Sprintf("a%010x", h.Sum64()>>24)
	}
	sort.SliceStable(articles, func(i, j int) bool {
		if articles[i].ID != articles[j].ID {
			return articles[i].ID < articles[j].ID
		}
		return articles[i].Source < articles[j].Source
	})
	for i := 0; i < len(articles); {
		j := i + 1
		for j < len(articles) && articles[j].ID == articles[i].ID {
			j++
		}
		for k := i + 1; k < j; k++ {
			articles[k].ID = articles[i].ID + "-" + strconv.Itoa(k-i+1)
		}
		i = j
	}
	sort.SliceStable(articles, func(i, j int) bool {
		if articles[i].Source != articles[j].Source {
			return articles[i].Source < articles[j].Source
		}
		return articles[i].ID < articles[j].ID
	})
}

// storyArticles returns the articles of one story, in report order.
func storyArticles(rep *news.Report, st news.Story) []news.Article {
	in := make(map[string]bool, len(st.Articles))
	for _, id := range st.Articles {
		in[id] = true
	}
	var out []news.Article
	for _, a := range rep.Articles {
		if in[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

// inferPublished dates an article that states no publication date from its
// own evidence. The clean body is tried first; for scraped text the raw
// page is tried when the body alone cannot fix a day, because captions
// and bylines that extraction rightly drops ("Dec. 3, 2022") still bound
// the date.
func inferPublished(a *news.Article, doc news.RawDoc) {
	if a.Published != "" {
		return
	}
	d, prec, ok := timeline.InferPublished(a.Text)
	if (!ok || prec != timeline.Day) && doc.Kind == news.KindText {
		if d2, prec2, ok2 := timeline.InferPublished(string(doc.Content)); ok2 && (!ok || prec2 == timeline.Day) {
			d, prec, ok = d2, prec2, ok2
		}
	}
	// A year-only bound ("since 2014") is true but tells a reader nothing
	// about when the article appeared, so only day and month are kept.
	switch {
	case !ok:
		return
	case prec == timeline.Day:
		a.PublishedInferred = d.Format("2006-01-02")
	case prec == timeline.Month:
		a.PublishedInferred = d.Format("2006-01")
	default:
		return
	}
	a.PublishedPrecision = prec
}

// refDates gives each article the day its relative dates ("on Monday")
// resolve against: the stated publication date, else an inferred one of
// day precision.
func refDates(articles []news.Article) map[string]time.Time {
	out := map[string]time.Time{}
	for _, a := range articles {
		d := a.Published
		if d == "" && a.PublishedPrecision == timeline.Day {
			d = a.PublishedInferred
		}
		if t, err := time.Parse("2006-01-02", d); err == nil {
			out[a.ID] = t
		}
	}
	return out
}

// entities tags every article with the trained NER model and resolves the
// mentions into entities across the whole report. It returns the raw
// mentions per article for the stages that read them.
func entities(ctx context.Context, rep *news.Report, cfg Config) (map[string][]ner.Mention, error) {
	m, err := ner.Load()
	if err != nil {
		return nil, fmt.Errorf("analyze: entities: %w", err)
	}
	docs := make([]resolve.Doc, len(rep.Articles))
	parallel(ctx, len(rep.Articles), cfg.Workers, func(i int) {
		a := rep.Articles[i]
		docs[i] = resolve.Doc{ID: a.ID, Text: a.Text, Mentions: m.Entities(a.Text)}
	})
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("analyze: entities: %w", err)
	}
	mentions := make(map[string][]ner.Mention, len(rep.Articles))
	for _, d := range docs {
		mentions[d.ID] = d.Mentions
	}
	rep.Entities, _ = resolve.Resolve(docs, cfg.Resolve)
	return mentions, nil
}

// entityIndex finds the resolved entity behind a tagger mention. Resolved
// mentions cover the name only ("Kirby"), tagger mentions may include a
// title ("spokesman John Kirby"), so overlap decides.
type entityIndex map[string][]entitySpan

type entitySpan struct {
	start, end int
	id         string
}

func newEntityIndex(ents []news.Entity) entityIndex {
	idx := entityIndex{}
	for _, e := range ents {
		for _, m := range e.Mentions {
			idx[m.Article] = append(idx[m.Article], entitySpan{m.Start, m.End, e.ID})
		}
	}
	return idx
}

// When several entities overlap ("Financial Times Editor Roula Khalaf"),
// the last one is the head of the phrase and names the person meant.
func (idx entityIndex) of(article string, m ner.Mention) string {
	best, bestEnd := "", -1
	for _, s := range idx[article] {
		if s.start < m.End && m.Start < s.end && s.end > bestEnd {
			best, bestEnd = s.id, s.end
		}
	}
	return best
}

// quotes finds direct and reported quotes per article and links each
// speaker to its resolved entity, whose canonical name it then carries.
func quotes(ctx context.Context, rep *news.Report, mentions map[string][]ner.Mention, idx entityIndex, workers int) {
	names := make(map[string]string, len(rep.Entities))
	for _, e := range rep.Entities {
		names[e.ID] = e.Name
	}
	found := make([][]quote.Found, len(rep.Articles))
	parallel(ctx, len(rep.Articles), workers, func(i int) {
		a := rep.Articles[i]
		found[i] = quote.Extract(a.Text, mentions[a.ID])
	})
	for ai, a := range rep.Articles {
		found := found[ai]
		qs := quote.Quotes(a.ID, found)
		for i, f := range found {
			if f.SourceStart < 0 {
				continue
			}
			if id := idx.of(a.ID, ner.Mention{Start: f.SourceStart, End: f.SourceEnd}); id != "" {
				qs[i].Speaker, qs[i].SpeakerName = id, names[id]
			}
		}
		rep.Quotes = append(rep.Quotes, qs...)
	}
}

// events codes PLOVER events per article, merges them across articles and
// builds the actor graph.
func events(ctx context.Context, rep *news.Report, mentions map[string][]ner.Mention, idx entityIndex, ref map[string]time.Time, workers int) {
	perArticle := make([][]event.Coded, len(rep.Articles))
	parallel(ctx, len(rep.Articles), workers, func(i int) {
		a := rep.Articles[i]
		perArticle[i] = event.Code(a.Text, mentions[a.ID])
	})
	coded := make(map[string][]event.Coded, len(rep.Articles))
	for i, a := range rep.Articles {
		coded[a.ID] = perArticle[i]
	}
	rep.Events = event.Merge(coded, idx.of)
	resolveEventDates(rep, ref)
	for _, e := range event.Graph(rep.Events) {
		rep.ActorGraph = append(rep.ActorGraph, news.ActorEdge{Actor: e.Actor, Target: e.Target, Events: e.Events, Types: e.Types})
	}
}

// resolveEventDates turns an event's date words ("Friday", "Feb. 24") into
// a calendar date against the publication day of the article that gave
// them; words that cannot be resolved are kept as written.
func resolveEventDates(rep *news.Report, ref map[string]time.Time) {
	for i := range rep.Events {
		e := &rep.Events[i]
		if e.Date == "" || len(e.Sources) == 0 {
			continue
		}
		for _, x := range timeline.Find(e.Date, ref[e.Sources[0].Article]) {
			if x.Date != "" {
				e.Date = x.Date
				break
			}
		}
	}
}

// parallel calls fn(0..n-1) on up to workers goroutines (0 = GOMAXPROCS).
// Each call writes only its own index's results, so the outcome does not
// depend on scheduling. It stops handing out work when ctx is done.
func parallel(ctx context.Context, n, workers int, fn func(i int)) {
	// fn reports nothing and the callers check ctx themselves, so there is
	// no error to keep.
	_ = par.For(ctx, n, workers, 1, func(_, i int) error { fn(i); return nil })
}
