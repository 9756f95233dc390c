package queue

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go/jetstream"
)

// bucketStory is the key-value bucket where the story stage records how
// far its committed re-analyses reach.
const bucketStory = "TRIANGULATE_STORY"

// coveredKey names the mark for the current incarnation of the article
// stream: sequences restart when the stream is recreated, and a mark
// left from an earlier one must not cover the new one's notices.
func (c *Conn) coveredKey(ctx context.Context) (jetstream.KeyValue, string, error) {
	s, err := c.js.Stream(ctx, StreamArticle)
	if err != nil {
		return nil, "", fmt.Errorf("queue: stream %s: %w", StreamArticle, err)
	}
	kv, err := c.js.KeyValue(ctx, bucketStory)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket:      bucketStory,
			Description: "how far the story stage's committed re-analyses reach",
			Storage:     jetstream.FileStorage,
		})
	}
	if err != nil {
		return nil, "", fmt.Errorf("queue: bucket %s: %w", bucketStory, err)
	}
	return kv, "covered_" + strconv.FormatInt(s.CachedInfo().Created.UnixNano(), 10), nil
}

// Covered returns the highest notification sequence that a committed
// re-analysis is known to cover, 0 if none.
//
// The story stage's reasoning: an article is committed before its notice
// is published, so every notice with a sequence up to S was published,
// and its article committed, before notice S could be fetched. A
// re-analysis that reads the corpus after fetching S therefore covers
// every notice up to S, including notices other workers hold.
func (c *Conn) Covered(ctx context.Context) (uint64, error) {
	kv, key, err := c.coveredKey(ctx)
	if err != nil {
		return 0, err
	}
	e, err := kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("queue: read %s: %w", key, err)
	}
	n, err := strconv.ParseUint(string(e.Value()), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("queue: read %s: %w", key, err)
	}
	return n, nil
}

// SetCovered raises the mark to seq (never lowers it, barring a race of
// two writers, which can only lower it and so costs one extra
// re-analysis, never a missed one).
func (c *Conn) SetCovered(ctx context.Context, seq uint64) error {
	kv, key, err := c.coveredKey(ctx)
	if err != nil {
		return err
	}
	cur, err := c.Covered(ctx)
	if err != nil || seq <= cur {
		return err
	}
	if _, err := kv.Put(ctx, key, []byte(strconv.FormatUint(seq, 10))); err != nil {
		return fmt.Errorf("queue: write %s: %w", key, err)
	}
	return nil
}
