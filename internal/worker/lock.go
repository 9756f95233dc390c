package worker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/triangulate/triangulate/internal/news"
)

// Locker serialises re-analyses of the stored corpus: two overlapping
// ones would interleave their story writes. Lock blocks until the lock is
// held or ctx ends; the returned unlock reports an error when the lock
// was lost while held (the session holding it died), in which case what
// was written under it may have raced another writer and must be redone.
type Locker interface {
	Lock(ctx context.Context) (unlock func() error, err error)
}

// LockerFor returns the story-analysis lock for st: a PostgreSQL advisory
// lock, which spans processes and machines, when st is the PostgreSQL
// store; otherwise a lock local to this process (an SQLite store serves
// one worker process; workers in one process must share the Locker).
func LockerFor(st news.Store) Locker {
	if p, ok := st.(interface{ Pool() *pgxpool.Pool }); ok {
		return &pgLocker{pool: p.Pool()}
	}
	return NewLocalLocker()
}

// storyLockKey is the advisory lock's first key (any constant, distinct
// from the store's migration lock); the second is the schema, so that
// stores in separate schemas of one database do not wait for one another.
const storyLockKey = int32(0x73_74_6f_72) // "stor"

type pgLocker struct{ pool *pgxpool.Pool }

func (l *pgLocker) Lock(ctx context.Context) (func() error, error) {
	conn, err := l.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("story lock: %w", err)
	}
	// A session-level lock: it is held by this connection until unlocked
	// or until the session ends, so a worker that dies releases it.
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext(current_schema()))`, storyLockKey); err != nil {
		// The lock may have been granted as the wait was cancelled;
		// closing the session guarantees it is not left held on a
		// connection that goes back to the pool.
		_ = conn.Conn().Close(context.Background())
		conn.Release()
		return nil, fmt.Errorf("story lock: %w", err)
	}
	return func() error {
		defer conn.Release()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var held bool
		err := conn.QueryRow(ctx, `SELECT pg_advisory_unlock($1, hashtext(current_schema()))`, storyLockKey).Scan(&held)
		if err != nil {
			_ = conn.Conn().Close(ctx)
			return fmt.Errorf("story unlock: %w", err)
		}
		if !held {
			return errors.New("story unlock: the lock was lost while held")
		}
		return nil
	}, nil
}

// localLocker is a mutex that honours ctx while waiting.
type localLocker struct{ ch chan struct{} }

// NewLocalLocker returns a Locker for the workers of one process.
func NewLocalLocker() Locker { return &localLocker{ch: make(chan struct{}, 1)} }

func (l *localLocker) Lock(ctx context.Context) (func() error, error) {
	select {
	case l.ch <- struct{}{}:
		return func() error { <-l.ch; return nil }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("story lock: %w", ctx.Err())
	}
}
