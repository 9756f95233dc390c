package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/triangulate/triangulate/internal/news"
)

// ConsumerOptions tune a durable consumer. Zero fields take defaults.
type ConsumerOptions struct {
	// AckWait is how long a fetched message may stay unacknowledged before
	// JetStream hands it to another worker: a worker that dies holding
	// messages delays them by this much. Msg.InProgress extends it.
	// 0 means 30 s for extract and 5 min for analyze.
	AckWait time.Duration
	// MaxAckPending bounds the messages handed out and not yet acked
	// across all workers of the consumer; 0 means 1,000.
	MaxAckPending int
}

// Consumer is a durable pull consumer shared by every worker of a stage.
type Consumer struct {
	c    jetstream.Consumer
	name string
}

// Consumer binds to the durable consumer name (ConsumerExtract or
// ConsumerAnalyze), creating it or updating its settings. The streams
// must exist (EnsureStreams).
func (c *Conn) Consumer(ctx context.Context, name string, o ConsumerOptions) (*Consumer, error) {
	var stream, subject string
	ackWait := o.AckWait
	switch name {
	case ConsumerExtract:
		stream, subject = StreamRaw, SubjectRaw
		if ackWait <= 0 {
			ackWait = 30 * time.Second
		}
	case ConsumerAnalyze:
		stream, subject = StreamArticle, SubjectArticle
		if ackWait <= 0 {
			ackWait = 5 * time.Minute
		}
	default:
		return nil, fmt.Errorf("queue: unknown consumer %q", name)
	}
	if o.MaxAckPending <= 0 {
		o.MaxAckPending = 1000
	}
	cons, err := c.js.CreateOrUpdateConsumer(ctx, stream, jetstream.ConsumerConfig{
		Durable:       name,
		FilterSubject: subject,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait,
		MaxAckPending: o.MaxAckPending,
		// No MaxDeliver: a message is redelivered until a worker commits
		// it. Documents that can never succeed are terminated by the
		// worker (Term), not dropped by a count.
		MaxDeliver: -1,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: consumer %s on %s: %w", name, stream, err)
	}
	return &Consumer{c: cons, name: name}, nil
}

// Fetch asks for up to max messages and calls each on every one as it
// arrives, until max have come, wait has passed or ctx ends. It returns
// how many arrived. When each fails, the messages still arriving are
// released for redelivery (Retry) and the error is returned: a message a
// worker has not committed is never acked.
func (c *Consumer) Fetch(ctx context.Context, max int, wait time.Duration, each func(*Msg) error) (int, error) {
	// FetchContext bounds the request by ctx; with a deadline it also
	// sets the pull request's expiry on the server.
	fctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	batch, err := c.c.Fetch(max, jetstream.FetchContext(fctx))
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return 0, fmt.Errorf("queue: fetch %s: %w", c.name, err)
	}
	n := 0
	var failed error
	for m := range batch.Messages() {
		n++
		msg := &Msg{m: m}
		if failed != nil || ctx.Err() != nil {
			// Not started: hand it back rather than let it sit out AckWait.
			// After cancellation this may fail too; AckWait then applies.
			_ = msg.Retry(0)
			continue
		}
		if err := each(msg); err != nil {
			failed = err
			cancel()
		}
	}
	if failed != nil {
		return n, failed
	}
	if ctx.Err() != nil {
		return n, ctx.Err()
	}
	if err := batch.Error(); err != nil && !errors.Is(err, context.DeadlineExceeded) &&
		!errors.Is(err, context.Canceled) && !errors.Is(err, jetstream.ErrNoMessages) {
		return n, fmt.Errorf("queue: fetch %s: %w", c.name, err)
	}
	return n, nil
}

// Msg is one fetched message.
type Msg struct{ m jetstream.Msg }

// Doc decodes a raw document.
func (m *Msg) Doc() (news.RawDoc, error) {
	var d news.RawDoc
	if err := json.Unmarshal(m.m.Data(), &d); err != nil {
		return news.RawDoc{}, fmt.Errorf("queue: decode raw document: %w", err)
	}
	return d, nil
}

// ArticleID returns a notification's article id.
func (m *Msg) ArticleID() string { return string(m.m.Data()) }

// Deliveries is how many times the message has been delivered, this time
// included (1 on first delivery); 0 when unknown.
func (m *Msg) Deliveries() uint64 {
	md, err := m.m.Metadata()
	if err != nil {
		return 0
	}
	return md.NumDelivered
}

// Ack acknowledges the message and waits for the server to confirm, so a
// caller knows the message will not come back. Call it only after the
// work it stands for is committed.
func (m *Msg) Ack(ctx context.Context) error {
	if err := m.m.DoubleAck(ctx); err != nil {
		return fmt.Errorf("queue: ack: %w", err)
	}
	return nil
}

// Retry asks for redelivery after delay (a transient failure: the store
// was unreachable).
func (m *Msg) Retry(delay time.Duration) error { return m.m.NakWithDelay(delay) }

// Reject stops redelivery of a message that can never succeed (it does
// not decode, or its document has no text); the worker logs why.
func (m *Msg) Reject(reason string) error { return m.m.TermWithReason(reason) }

// InProgress resets the message's ack timer while work on it continues.
func (m *Msg) InProgress() error { return m.m.InProgress() }

// Seq is the message's sequence number in its stream; 0 when unknown.
func (m *Msg) Seq() uint64 {
	md, err := m.m.Metadata()
	if err != nil {
		return 0
	}
	return md.Sequence.Stream
}

// Pending is how many messages of the durable consumer name are not yet
// acked: those waiting to be fetched, and those fetched and unacked.
func (c *Conn) Pending(ctx context.Context, name string) (waiting uint64, unacked int, err error) {
	stream := StreamRaw
	if name == ConsumerAnalyze {
		stream = StreamArticle
	}
	cons, err := c.js.Consumer(ctx, stream, name)
	if err != nil {
		return 0, 0, fmt.Errorf("queue: consumer %s: %w", name, err)
	}
	info := cons.CachedInfo()
	return info.NumPending, info.NumAckPending, nil
}
