package worker

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/triangulate/triangulate/internal/news"
	"github.com/triangulate/triangulate/internal/pipeline"
	"github.com/triangulate/triangulate/internal/queue"
	"github.com/triangulate/triangulate/internal/store"
	"github.com/triangulate/triangulate/internal/store/storetest"
)

// The subprocess worker of TestSIGKILLWorker: the test binary re-executed
// with these variables set runs one worker until it is killed.
const (
	envChild     = "TRIANGULATE_WORKER_TEST_CHILD"
	envChildNATS = "TRIANGULATE_WORKER_TEST_NATS"
	envChildDB   = "TRIANGULATE_WORKER_TEST_DB"
)

func TestMain(m *testing.M) {
	if os.Getenv(envChild) == "1" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

func runChild() int {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	q, err := queue.Connect(ctx, os.Getenv(envChildNATS), "test-child", log)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	st, err := store.Open(ctx, os.Getenv(envChildDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	w := New(q, st, LockerFor(st), testConfig(log))
	if err := w.Run(ctx); err != nil { // runs until SIGKILL
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// testConfig keeps redelivery quick: a killed worker's messages come back
// after AckWait.
func testConfig(log *slog.Logger) Config {
	return Config{Batch: 8, AckWait: 2 * time.Second, NoticeAckWait: 4 * time.Second, Settle: time.Second, Logger: log}
}

// corpusSize is 2,000 articles; under the race detector (about ten times
// slower) or -short, 300, so the package stays well under a minute on two
// busy cores.
func corpusSize() int {
	if raceEnabled || testing.Short() {
		return 300
	}
	return 2000
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func startNATS(t *testing.T) string {
	t.Helper()
	srv, err := queue.StartServer(context.Background(), queue.ServerOptions{Port: -1, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	return srv.URL()
}

func connect(t *testing.T, url string) *queue.Conn {
	t.Helper()
	q, err := queue.Connect(context.Background(), url, t.Name(), testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

// pgDSN returns a DSN for a fresh schema on the server named by
// TRIANGULATE_TEST_POSTGRES (dropped when the test ends), or "".
func pgDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("TRIANGULATE_TEST_POSTGRES")
	if dsn == "" {
		return ""
	}
	return storetest.PostgresSchema(t, dsn, "w_")
}

func openStore(t testing.TB, dsn string) news.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func publish(t *testing.T, q *queue.Conn, docs []news.RawDoc) {
	t.Helper()
	ctx := context.Background()
	if err := q.EnsureStreams(ctx, queue.Limits{}); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		dup, err := q.PublishDoc(ctx, d, queue.PublishOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if dup {
			t.Fatalf("%s: reported duplicate on first publish", d.Source)
		}
	}
}

// reference is the single-process run over the same documents: the
// story partition the workers must reproduce.
var reference struct {
	once sync.Once
	n    int
	rep  *news.Report
	err  error
}

func referenceRun(t *testing.T, docs []news.RawDoc) *news.Report {
	t.Helper()
	reference.once.Do(func() {
		t0 := time.Now()
		defer func() {
			t.Logf("single-process reference run over %d documents: %s", len(docs), time.Since(t0).Round(time.Millisecond))
		}()
		reference.n = len(docs)
		rep, errs, err := pipeline.Analyze(context.Background(), docs, pipeline.Config{})
		if err == nil && len(errs) > 0 {
			err = fmt.Errorf("reference run: %v", errs[0])
		}
		reference.rep, reference.err = rep, err
	})
	if reference.err != nil {
		t.Fatal(reference.err)
	}
	if reference.n != len(docs) {
		t.Fatalf("reference built over %d docs, not %d", reference.n, len(docs))
	}
	return reference.rep
}

// partition is a set of sets of article ids in a canonical form.
func partition(groups map[string][]string) []string {
	var out []string
	for _, ids := range groups {
		ids = slices.Clone(ids)
		slices.Sort(ids)
		out = append(out, strings.Join(ids, ","))
	}
	slices.Sort(out)
	return out
}

// waitIdle waits until every raw document and every notice is acked.
func waitIdle(t *testing.T, q *queue.Conn, timeout time.Duration) {
	t.Helper()
	ctx := context.Background()
	t0 := time.Now()
	defer func() { t.Logf("queue idle after %s", time.Since(t0).Round(time.Millisecond)) }()
	deadline := time.Now().Add(timeout)
	for {
		rw, ru, err1 := q.Pending(ctx, queue.ConsumerExtract)
		aw, au, err2 := q.Pending(ctx, queue.ConsumerAnalyze)
		if err1 == nil && err2 == nil && rw == 0 && ru == 0 && aw == 0 && au == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not idle after %s: raw %d waiting %d unacked (%v); notices %d waiting %d unacked (%v)",
				timeout, rw, ru, err1, aw, au, err2)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkStore asserts that the store holds every article of ref exactly
// once, that the story assignment is ref's partition, and that every
// story's stored report holds exactly its articles.
func checkStore(t *testing.T, st news.Store, ref *news.Report) {
	t.Helper()
	ctx := context.Background()
	var all []news.Article
	for off := 0; ; off += 1000 {
		page, err := st.Articles(ctx, news.Page{Limit: 1000, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if len(page) < 1000 {
			break
		}
	}
	if len(all) != len(ref.Articles) {
		t.Errorf("stored %d articles, the single-process run has %d", len(all), len(ref.Articles))
	}
	want := map[string]bool{}
	for _, a := range ref.Articles {
		want[a.ID] = true
	}
	seen := map[string]bool{}
	got := map[string][]string{}
	for _, a := range all {
		if seen[a.ID] {
			t.Errorf("article %s stored twice", a.ID)
		}
		seen[a.ID] = true
		if !want[a.ID] {
			t.Errorf("stored article %s (%s) is not in the single-process run", a.ID, a.Source)
		}
		if a.Story == "" {
			t.Errorf("article %s has no story", a.ID)
		}
		got[a.Story] = append(got[a.Story], a.ID)
	}
	wantGroups := map[string][]string{}
	for _, s := range ref.Stories {
		wantGroups[s.ID] = s.Articles
	}
	gp, wp := partition(got), partition(wantGroups)
	if !slices.Equal(gp, wp) {
		t.Errorf("story partition differs from the single-process run: %d stories stored, %d expected", len(gp), len(wp))
		for _, g := range gp {
			if !slices.Contains(wp, g) {
				t.Logf("stored only: %.200s", g)
			}
		}
	}
	// Every story listed with articles is one of the partition's, and its
	// report covers exactly its articles.
	listed := 0
	for off := 0; ; off += 1000 {
		page, err := st.Stories(ctx, news.Page{Limit: 1000, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page {
			if len(s.Articles) == 0 {
				continue
			}
			listed++
			if members := got[s.ID]; !sameSet(members, s.Articles) {
				t.Errorf("story %s lists %d articles, %d articles name it", s.ID, len(s.Articles), len(members))
				continue
			}
			_, rep, err := st.Story(ctx, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range rep.Articles {
				ids = append(ids, a.ID)
			}
			if !sameSet(ids, s.Articles) {
				t.Errorf("story %s: report has %d articles, story %d", s.ID, len(ids), len(s.Articles))
			}
		}
		if len(page) < 1000 {
			break
		}
	}
	if listed != len(wp) {
		t.Errorf("%d stories listed with articles, want %d (stale stories left behind?)", listed, len(wp))
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestWorkersCancelMidRun: three workers share the queue; one is cancelled
// right after committing an article and before acking it. Its message is
// redelivered to another worker, which finds the article stored: nothing
// is lost, nothing stored twice, and the stories equal the single-process
// run's.
func TestWorkersCancelMidRun(t *testing.T) {
	t.Parallel() // much of each run is waiting out ack timeouts
	docs := genDocs(corpusSize(), 1)
	natsURL := startNATS(t)
	q := connect(t, natsURL)
	publish(t, q, docs)

	dsn := pgDSN(t)
	var shared news.Store
	var sharedLock Locker
	if dsn == "" {
		t.Log("TRIANGULATE_TEST_POSTGRES not set: three workers in this process share one SQLite store")
		shared = openStore(t, filepath.Join(t.TempDir(), "t.db"))
		sharedLock = NewLocalLocker()
	}
	ctx, cancelAll := context.WithCancel(context.Background())
	defer cancelAll()
	victimCtx, cancelVictim := context.WithCancel(ctx)
	defer cancelVictim()
	var wg sync.WaitGroup
	workers := make([]*Worker, 3)
	for i := range workers {
		st, lk := shared, sharedLock
		if st == nil { // PostgreSQL: a pool and a lock of its own, as a separate process would have
			st = openStore(t, dsn)
			lk = LockerFor(st)
		}
		cfg := testConfig(testLogger(t))
		wctx := ctx
		if i == 0 {
			wctx = victimCtx
			commits := 0
			cfg.afterCommit = func() {
				if commits++; commits == corpusSize()/10 {
					cancelVictim() // committed, not acked
				}
			}
		}
		workers[i] = New(connect(t, natsURL), st, lk, cfg)
		wg.Add(1)
		go func(w *Worker, ctx context.Context) {
			defer wg.Done()
			if err := w.Run(ctx); err != nil {
				t.Error(err)
			}
		}(workers[i], wctx)
	}
	waitIdle(t, q, 3*time.Minute)
	if victimCtx.Err() == nil {
		t.Fatal("the victim worker was never cancelled")
	}
	cancelAll()
	wg.Wait()

	var sum Stats
	for i, w := range workers {
		s := w.Stats()
		t.Logf("worker %d: %+v", i, s)
		sum.Stored += s.Stored
		sum.Existing += s.Existing
		sum.Rejected += s.Rejected
		sum.Analyses += s.Analyses
	}
	if v := workers[0].Stats().Stored; v != int64(corpusSize()/10) {
		t.Errorf("victim stored %d articles before it stopped, want %d", v, corpusSize()/10)
	}
	if sum.Existing < 1 {
		t.Errorf("no redelivery found its article already stored (existing = %d): the victim's unacked message was lost or acked", sum.Existing)
	}
	if sum.Stored != int64(len(docs)) || sum.Rejected != 0 {
		t.Errorf("stored %d, rejected %d of %d documents", sum.Stored, sum.Rejected, len(docs))
	}
	st := shared
	if st == nil {
		st = openStore(t, dsn)
	}
	checkStore(t, st, referenceRun(t, docs))
}

// TestSIGKILLWorker kills a subprocess worker (the test binary re-run)
// with SIGKILL mid-run, then lets two workers in this process finish.
func TestSIGKILLWorker(t *testing.T) {
	dsn := pgDSN(t)
	if dsn == "" {
		t.Skip("TRIANGULATE_TEST_POSTGRES not set: workers in separate processes need PostgreSQL")
	}
	t.Parallel()
	docs := genDocs(corpusSize(), 1)
	natsURL := startNATS(t)
	q := connect(t, natsURL)
	publish(t, q, docs)
	openStore(t, dsn) // migrate before the child starts

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command(exe, "-test.run=^$")
	child.Env = append(os.Environ(), envChild+"=1", envChildNATS+"="+natsURL, envChildDB+"="+dsn)
	child.Stderr = testWriter{t}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			_ = child.Process.Kill()
			_ = child.Wait()
		}
	}()
	// Kill it once it has acked a third of the documents: it holds
	// fetched, unacked messages then, some of them already committed.
	ctx := context.Background()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		s, err := q.State(ctx, queue.StreamRaw)
		if err != nil {
			t.Fatal(err)
		}
		if s.Msgs <= uint64(len(docs)*2/3) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("child worker made no progress: %d documents left", s.Msgs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	killed = true
	_, unacked, err := q.Pending(ctx, queue.ConsumerExtract)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("child killed holding %d unacked documents", unacked)

	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	workers := make([]*Worker, 2)
	for i := range workers {
		st := openStore(t, dsn)
		workers[i] = New(connect(t, natsURL), st, LockerFor(st), testConfig(testLogger(t)))
		wg.Add(1)
		go func(w *Worker) {
			defer wg.Done()
			if err := w.Run(wctx); err != nil {
				t.Error(err)
			}
		}(workers[i])
	}
	waitIdle(t, q, 3*time.Minute)
	cancel()
	wg.Wait()
	for i, w := range workers {
		t.Logf("worker %d: %+v", i, w.Stats())
	}
	checkStore(t, openStore(t, dsn), referenceRun(t, docs))
}
