// Package queue holds the NATS JetStream side of the scaled-out shape:
// the streams and subjects between the stages, the publisher of raw
// documents (deduplicated by content hash, with back-pressure when the
// stream is full), the durable pull consumers the workers read from, and
// an embedded server for tests and `triangulate dev-cluster`.
//
// It moves messages and nothing else: it must not analyse documents,
// open the store or decide what a stage does with a message.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/zeebo/xxh3"

	"github.com/triangulate/triangulate/internal/news"
)

// Subjects and streams. Raw documents and article notifications live in
// two streams so that each has limits of its own: the raw stream is the
// bounded backlog that pushes back on ingest; notifications are tiny.
const (
	SubjectRaw     = "triangulate.raw"     // news.RawDoc as JSON, from ingest to the extract stage
	SubjectArticle = "triangulate.article" // an article id, from the extract stage to the story stage
	StreamRaw      = "TRIANGULATE_RAW"
	StreamArticle  = "TRIANGULATE_ARTICLE"

	// Durable consumer names: every worker of a stage binds to the same
	// one, so JetStream hands each message to one worker at a time.
	ConsumerExtract = "triangulate-extract"
	ConsumerAnalyze = "triangulate-analyze"
)

// Defaults for Limits.
const (
	DefaultMaxMsgs    = 100_000
	DefaultMaxBytes   = 1 << 30 // 1 GiB
	DefaultDuplicates = time.Hour
)

// ErrFull is wrapped by PublishDoc's error when the raw stream stayed full
// (its MaxMsgs or MaxBytes reached, or the server out of storage) until
// the publisher's deadline: the workers are behind, and the document was
// not queued.
var ErrFull = errors.New("stream full")

// ErrTooLarge is wrapped by PublishDoc's error for a document bigger than
// the server accepts in one message (its max_payload).
var ErrTooLarge = errors.New("document larger than the server's max payload")

// Limits bound the raw stream. Zero fields take the defaults. They apply
// when the stream is created; an existing stream keeps its own.
type Limits struct {
	MaxMsgs  int64
	MaxBytes int64
	// Duplicates is JetStream's duplicate window: a document published
	// again within it (same message id) is dropped by the server. The
	// store's idempotent PutArticle catches repeats outside it.
	Duplicates time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.MaxMsgs <= 0 {
		l.MaxMsgs = DefaultMaxMsgs
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.Duplicates <= 0 {
		l.Duplicates = DefaultDuplicates
	}
	return l
}

// Conn is a connection to a NATS server with JetStream.
type Conn struct {
	nc  *nats.Conn
	js  jetstream.JetStream
	log *slog.Logger
	url string
}

// Connect dials url (nats://host:port) and checks that JetStream answers.
// The connection reconnects on its own after a server restart; messages
// in flight then are redelivered, which the stages tolerate.
func Connect(ctx context.Context, url, name string, log *slog.Logger) (*Conn, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	nc, err := nats.Connect(url, nats.Name(name), nats.MaxReconnects(-1),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted()) }))
	if err != nil {
		return nil, fmt.Errorf("queue: connect %s: %w", Redact(url), err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue: jetstream on %s: %w", Redact(url), err)
	}
	if _, err := js.AccountInfo(ctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue: jetstream on %s: %w", Redact(url), err)
	}
	return &Conn{nc: nc, js: js, log: log, url: Redact(url)}, nil
}

// Redact drops credentials from a URL, for messages.
func Redact(u string) string {
	if i := strings.Index(u, "@"); i >= 0 {
		if j := strings.Index(u, "://"); j >= 0 && j < i {
			return u[:j+3] + "***" + u[i:]
		}
	}
	return u
}

// Close drains nothing: every message this process consumed is either
// acked already or will be redelivered to another worker.
func (c *Conn) Close() { c.nc.Close() }

// MaxPayload is the largest message the server accepts.
func (c *Conn) MaxPayload() int64 { return c.nc.MaxPayload() }

// EnsureStreams creates the two streams if they do not exist. Existing
// streams are left as they are (an operator may have tuned them); their
// limits are what PublishDoc pushes back against.
func (c *Conn) EnsureStreams(ctx context.Context, l Limits) error {
	l = l.withDefaults()
	cfgs := []jetstream.StreamConfig{{
		Name:        StreamRaw,
		Description: "raw documents waiting for the extract stage",
		Subjects:    []string{SubjectRaw},
		// Work-queue retention deletes a document once a worker acks it,
		// so the limits bound the backlog, not the history.
		Retention:  jetstream.WorkQueuePolicy,
		Discard:    jetstream.DiscardNew, // refuse, never drop a queued document
		MaxMsgs:    l.MaxMsgs,
		MaxBytes:   l.MaxBytes,
		Duplicates: l.Duplicates,
		Storage:    jetstream.FileStorage,
	}, {
		Name:        StreamArticle,
		Description: "stored articles waiting for the story stage",
		Subjects:    []string{SubjectArticle},
		Retention:   jetstream.WorkQueuePolicy,
		Discard:     jetstream.DiscardNew,
		// An id is ~30 bytes: ten times the raw backlog costs little and
		// keeps the extract stage from stalling on a slow story stage.
		MaxMsgs:    10 * l.MaxMsgs,
		MaxBytes:   l.MaxBytes / 4,
		Duplicates: l.Duplicates,
		Storage:    jetstream.FileStorage,
	}}
	for _, cfg := range cfgs {
		_, err := c.js.Stream(ctx, cfg.Name)
		if err == nil {
			continue
		}
		if !errors.Is(err, jetstream.ErrStreamNotFound) {
			return fmt.Errorf("queue: stream %s on %s: %w", cfg.Name, c.url, err)
		}
		if _, err := c.js.CreateStream(ctx, cfg); err != nil && !errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			return fmt.Errorf("queue: create stream %s on %s: %w", cfg.Name, c.url, err)
		}
	}
	return nil
}

// StreamState is what a stream holds now.
type StreamState struct {
	Msgs, Bytes       uint64
	MaxMsgs, MaxBytes int64
}

// State returns the state of one of the streams.
func (c *Conn) State(ctx context.Context, stream string) (StreamState, error) {
	s, err := c.js.Stream(ctx, stream)
	if err != nil {
		return StreamState{}, fmt.Errorf("queue: stream %s: %w", stream, err)
	}
	info := s.CachedInfo()
	return StreamState{Msgs: info.State.Msgs, Bytes: info.State.Bytes, MaxMsgs: info.Config.MaxMsgs, MaxBytes: info.Config.MaxBytes}, nil
}

// DocID is a raw document's message id: a hash of its URL and content, so
// that the same page fetched twice within the duplicate window is queued
// once, whatever its Source.
func DocID(doc news.RawDoc) string {
	h := xxh3.New()
	_, _ = h.WriteString(doc.URL)
	_, _ = h.Write([]byte{0})
	_, _ = h.Write(doc.Content)
	s := h.Sum128()
	return fmt.Sprintf("d%016x%016x", s.Hi, s.Lo)
}

// PublishOptions tune PublishDoc's back-pressure.
type PublishOptions struct {
	// RetryFor is how long a document is retried while the stream is
	// full before PublishDoc gives up with ErrFull; 0 means 2 minutes.
	RetryFor time.Duration
	// MinBackoff and MaxBackoff bound the wait between attempts; 0 means
	// 50 ms and 2 s.
	MinBackoff, MaxBackoff time.Duration
}

// PublishDoc queues doc on the raw stream and returns whether JetStream
// found it a duplicate (already queued within the duplicate window). The
// call returns only once the server has stored the message (or refused
// it): nothing is left in a client buffer to be lost.
//
// When the stream is full it waits with exponential backoff and tries
// again until RetryFor has passed, then fails with an error wrapping
// ErrFull. It never drops a document silently.
func (c *Conn) PublishDoc(ctx context.Context, doc news.RawDoc, o PublishOptions) (duplicate bool, err error) {
	if o.RetryFor <= 0 {
		o.RetryFor = 2 * time.Minute
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 50 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 2 * time.Second
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return false, fmt.Errorf("queue: %s: encode: %w", doc.Source, err)
	}
	// Headers and subject take a few hundred bytes of the payload limit.
	if limit := c.MaxPayload() - 1024; int64(len(data)) > limit {
		return false, fmt.Errorf("queue: %s: %d bytes encoded, limit %d: %w", doc.Source, len(data), limit, ErrTooLarge)
	}
	id := DocID(doc)
	deadline := time.Now().Add(o.RetryFor)
	wait := o.MinBackoff
	for attempt := 1; ; attempt++ {
		ack, err := c.js.Publish(ctx, SubjectRaw, data, jetstream.WithMsgID(id), jetstream.WithExpectStream(StreamRaw))
		if err == nil {
			return ack.Duplicate, nil
		}
		if !isFull(err) {
			return false, fmt.Errorf("queue: publish %s: %w", doc.Source, err)
		}
		left := time.Until(deadline)
		if left <= 0 {
			st, _ := c.State(ctx, StreamRaw)
			return false, fmt.Errorf("queue: publish %s: %w: %s holds %d of %d messages, %d of %d bytes; "+
				"gave up after %d attempts in %s: start more workers or raise the limits",
				doc.Source, ErrFull, StreamRaw, st.Msgs, st.MaxMsgs, st.Bytes, st.MaxBytes, attempt, o.RetryFor)
		}
		if attempt == 1 {
			c.log.Warn("raw stream full; waiting for workers", "source", doc.Source, "err", err)
		}
		t := time.NewTimer(min(wait, left))
		select {
		case <-ctx.Done():
			t.Stop()
			return false, fmt.Errorf("queue: publish %s: %w", doc.Source, ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, o.MaxBackoff)
	}
}

// isFull tells the refusals a full stream or server gives, which are
// worth waiting out, from other failures.
func isFull(err error) bool {
	var apiErr *jetstream.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch apiErr.ErrorCode {
	case 10023: // JSInsufficientResourcesErr: the server's JetStream storage is full
		return true
	case 10077: // JSStreamStoreFailedF: carries the store's refusal
		d := strings.ToLower(apiErr.Description)
		return strings.Contains(d, "maximum messages") || strings.Contains(d, "maximum bytes") ||
			strings.Contains(d, "resources exceeded")
	}
	return false
}

// PublishArticle tells the story stage that article id is stored. The id
// doubles as the message id, so a redelivered raw document does not queue
// a second notification within the duplicate window; one that does only
// costs an extra, harmless re-analysis.
func (c *Conn) PublishArticle(ctx context.Context, id string) error {
	if _, err := c.js.Publish(ctx, SubjectArticle, []byte(id), jetstream.WithMsgID("a:"+id), jetstream.WithExpectStream(StreamArticle)); err != nil {
		return fmt.Errorf("queue: notify article %s: %w", id, err)
	}
	return nil
}
