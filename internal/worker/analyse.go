package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
)

// Analysis is what one re-analysis of the stored corpus did.
type Analysis struct {
	Articles int // stored articles analysed
	Stories  int // stories stored with their reports
	Retired  int // stories of an earlier analysis emptied (merged or split away)
}

// Reanalyse runs the analysis stages over every stored article and
// stores one report per story (pipeline.ForStory), the same code path for
// `triangulate ingest` and the scaled-out story stage.
//
// It takes lk for the whole run when lk is not nil; a caller that already
// holds the story lock passes nil. The corpus is read after the lock is
// taken, so re-analyses serialised by the lock see ever larger corpora and
// the last one to finish has seen every article committed before it began.
//
// Stories that an earlier analysis stored and this one no longer has (two
// stories merged, one split) are emptied, so that no article is listed in
// two stories; news.Store has no delete.
func Reanalyse(ctx context.Context, st news.Store, lk Locker, cfg pipeline.Config) (res Analysis, err error) {
	if lk != nil {
		unlock, err := lk.Lock(ctx)
		if err != nil {
			return res, err
		}
		defer func() {
			if uerr := unlock(); uerr != nil && err == nil {
				err = fmt.Errorf("reanalyse: %w", uerr)
			}
		}()
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t0 := time.Now()
	all, err := storedArticles(ctx, st)
	if err != nil {
		return res, err
	}
	log.Debug("reanalyse: read corpus", "articles", len(all), "took_ms", time.Since(t0).Milliseconds())
	res.Articles = len(all)
	if len(all) == 0 {
		return res, nil
	}
	rep, err := pipeline.AnalyzeArticles(ctx, all, cfg)
	if err != nil {
		return res, fmt.Errorf("reanalyse: %w", err)
	}
	t0 = time.Now()
	current := make(map[string]bool, len(rep.Stories))
	for _, s := range rep.Stories {
		if err := st.PutStory(ctx, s, pipeline.ForStory(rep, s.ID)); err != nil {
			return res, fmt.Errorf("reanalyse: store story %s: %w", s.ID, err)
		}
		current[s.ID] = true
		res.Stories++
	}
	res.Retired, err = retireStale(ctx, st, current)
	log.Debug("reanalyse: stored stories", "stories", res.Stories, "retired", res.Retired, "took_ms", time.Since(t0).Milliseconds())
	return res, err
}

// storedArticles reads every stored article. The store pages by offset in
// an order new articles can enter anywhere, so a concurrent insert can
// shift an article into the next page and have it read twice (never
// skipped: positions only grow); repeats are dropped.
func storedArticles(ctx context.Context, st news.Store) ([]news.Article, error) {
	const page = 1000
	var all []news.Article
	seen := map[string]bool{}
	for off := 0; ; off += page {
		got, err := st.Articles(ctx, news.Page{Limit: page, Offset: off})
		if err != nil {
			return nil, fmt.Errorf("reanalyse: read stored articles: %w", err)
		}
		for _, a := range got {
			if !seen[a.ID] {
				seen[a.ID] = true
				all = append(all, a)
			}
		}
		if len(got) < page {
			return all, nil
		}
	}
}

// retireStale empties the stored stories not in current.
func retireStale(ctx context.Context, st news.Store, current map[string]bool) (int, error) {
	const page = 1000
	var stale []news.Story
	for off := 0; ; off += page {
		got, err := st.Stories(ctx, news.Page{Limit: page, Offset: off})
		if err != nil {
			return 0, fmt.Errorf("reanalyse: list stories: %w", err)
		}
		for _, s := range got {
			if !current[s.ID] && len(s.Articles) > 0 {
				stale = append(stale, s)
			}
		}
		if len(got) < page {
			break
		}
	}
	for _, s := range stale {
		if err := st.PutStory(ctx, news.Story{ID: s.ID, Title: s.Title}, nil); err != nil {
			if errors.Is(err, context.Canceled) {
				return 0, err
			}
			return 0, fmt.Errorf("reanalyse: retire story %s: %w", s.ID, err)
		}
	}
	return len(stale), nil
}
