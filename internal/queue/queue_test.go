package queue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/triangulate/triangulate/internal/news"
)

func startServer(t *testing.T, o ServerOptions) *Conn {
	t.Helper()
	o.Port, o.Dir = -1, t.TempDir()
	srv, err := StartServer(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	if !strings.HasPrefix(srv.URL(), "nats://127.0.0.1:") {
		t.Errorf("embedded server listens on %s, want loopback", srv.URL())
	}
	q, err := Connect(context.Background(), srv.URL(), t.Name(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

func doc(i int) news.RawDoc {
	return news.RawDoc{Source: fmt.Sprintf("d%03d.txt", i), Kind: news.KindText,
		URL: fmt.Sprintf("https://example.com/%d", i), Content: []byte(fmt.Sprintf("Article number %d.", i))}
}

func TestDocID(t *testing.T) {
	a := doc(1)
	tests := []struct {
		name string
		b    news.RawDoc
		same bool
	}{
		{"same content, other source and title", news.RawDoc{Source: "x/y.txt", Title: "t", URL: a.URL, Content: a.Content}, true},
		{"other content", news.RawDoc{URL: a.URL, Content: []byte("Article number 2.")}, false},
		{"other URL", news.RawDoc{URL: "https://example.com/2", Content: a.Content}, false},
		// The separator keeps URL and content from running together.
		{"boundary moved", news.RawDoc{URL: a.URL + "A", Content: a.Content[1:]}, false},
	}
	for _, tt := range tests {
		if got := DocID(a) == DocID(tt.b); got != tt.same {
			t.Errorf("%s: same id = %v, want %v", tt.name, got, tt.same)
		}
	}
}

func TestPublishDeduplicates(t *testing.T) {
	q := startServer(t, ServerOptions{})
	ctx := context.Background()
	if err := q.EnsureStreams(ctx, Limits{}); err != nil {
		t.Fatal(err)
	}
	if err := q.EnsureStreams(ctx, Limits{MaxMsgs: 3}); err != nil { // idempotent; keeps the first limits
		t.Fatal(err)
	}
	steps := []struct {
		d       news.RawDoc
		wantDup bool
	}{
		{doc(1), false},
		{doc(2), false},
		{news.RawDoc{Source: "again.txt", URL: doc(1).URL, Content: doc(1).Content}, true},
		{doc(1), true},
	}
	for i, s := range steps {
		dup, err := q.PublishDoc(ctx, s.d, PublishOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if dup != s.wantDup {
			t.Errorf("step %d (%s): duplicate = %v, want %v", i, s.d.Source, dup, s.wantDup)
		}
	}
	st, err := q.State(ctx, StreamRaw)
	if err != nil {
		t.Fatal(err)
	}
	if st.Msgs != 2 || st.MaxMsgs != DefaultMaxMsgs {
		t.Errorf("stream holds %d messages (max %d), want 2 (max %d)", st.Msgs, st.MaxMsgs, DefaultMaxMsgs)
	}
}

// TestBackPressure: with a stream of five messages, a publisher facing a
// full stream and no worker gives up with ErrFull after its deadline; with
// a slow worker it waits and every document arrives exactly once.
func TestBackPressure(t *testing.T) {
	q := startServer(t, ServerOptions{})
	ctx := context.Background()
	if err := q.EnsureStreams(ctx, Limits{MaxMsgs: 5}); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := q.PublishDoc(ctx, doc(i), PublishOptions{}); err != nil {
			t.Fatalf("doc %d: %v", i, err)
		}
	}
	t0 := time.Now()
	_, err := q.PublishDoc(ctx, doc(5), PublishOptions{RetryFor: 300 * time.Millisecond, MinBackoff: 20 * time.Millisecond})
	if !errors.Is(err, ErrFull) {
		t.Fatalf("publish to a full stream: %v, want ErrFull", err)
	}
	if took := time.Since(t0); took < 200*time.Millisecond {
		t.Errorf("gave up after %s, before retrying for its 300ms", took)
	}
	for _, want := range []string{"d005.txt", "5 of 5 messages", "start more workers"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}

	// A slow worker: one document per 20 ms.
	cons, err := q.Consumer(ctx, ConsumerExtract, ConsumerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wctx, stop := context.WithCancel(ctx)
	var (
		mu   sync.Mutex
		got  = map[string]int{}
		wg   sync.WaitGroup
		werr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for wctx.Err() == nil {
			_, err := cons.Fetch(wctx, 1, 500*time.Millisecond, func(m *Msg) error {
				d, err := m.Doc()
				if err != nil {
					return err
				}
				time.Sleep(20 * time.Millisecond)
				mu.Lock()
				got[d.Source]++
				mu.Unlock()
				return m.Ack(wctx)
			})
			if err != nil && wctx.Err() == nil {
				werr = err
				return
			}
		}
	}()
	const n = 40
	for i := 5; i < n; i++ {
		if _, err := q.PublishDoc(ctx, doc(i), PublishOptions{RetryFor: 20 * time.Second, MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond}); err != nil {
			t.Fatalf("doc %d with a slow worker: %v", i, err)
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		k := len(got)
		mu.Unlock()
		if k == n || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	wg.Wait()
	if werr != nil {
		t.Fatal(werr)
	}
	for i := range n {
		if c := got[doc(i).Source]; c != 1 {
			t.Errorf("%s delivered %d times, want once", doc(i).Source, c)
		}
	}
}

func TestPublishTooLarge(t *testing.T) {
	q := startServer(t, ServerOptions{MaxPayload: 4096})
	ctx := context.Background()
	if err := q.EnsureStreams(ctx, Limits{}); err != nil {
		t.Fatal(err)
	}
	big := news.RawDoc{Source: "big.html", Content: []byte(strings.Repeat("x", 8000))}
	if _, err := q.PublishDoc(ctx, big, PublishOptions{}); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "big.html") {
		t.Errorf("oversized document: %v, want ErrTooLarge naming big.html", err)
	}
	if _, err := q.PublishDoc(ctx, doc(1), PublishOptions{}); err != nil {
		t.Errorf("small document after a refused one: %v", err)
	}
}

func TestIsFull(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&jetstream.APIError{ErrorCode: 10077, Description: "maximum messages exceeded"}, true},
		{&jetstream.APIError{ErrorCode: 10077, Description: "maximum bytes exceeded"}, true},
		{fmt.Errorf("publish: %w", &jetstream.APIError{ErrorCode: 10023, Description: "insufficient resources"}), true},
		{&jetstream.APIError{ErrorCode: 10077, Description: "some other store failure"}, false},
		{&jetstream.APIError{ErrorCode: 10059, Description: "stream not found"}, false},
		{errors.New("maximum messages exceeded"), false}, // not from the server's API
		{context.DeadlineExceeded, false},
	}
	for _, tt := range tests {
		if got := isFull(tt.err); got != tt.want {
			t.Errorf("isFull(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// TestCovered: the mark only rises, and starts from zero for a new
// incarnation of the article stream.
func TestCovered(t *testing.T) {
	q := startServer(t, ServerOptions{})
	ctx := context.Background()
	if err := q.EnsureStreams(ctx, Limits{}); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ set, want uint64 }{{0, 0}, {7, 7}, {3, 7}, {9, 9}} {
		if step.set > 0 {
			if err := q.SetCovered(ctx, step.set); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := q.Covered(ctx); err != nil || got != step.want {
			t.Errorf("after SetCovered(%d): Covered = %d, %v; want %d", step.set, got, err, step.want)
		}
	}
	if err := q.js.DeleteStream(ctx, StreamArticle); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // a new stream's creation time differs
	if err := q.EnsureStreams(ctx, Limits{}); err != nil {
		t.Fatal(err)
	}
	if got, err := q.Covered(ctx); err != nil || got != 0 {
		t.Errorf("recreated stream: Covered = %d, %v; want 0", got, err)
	}
}
