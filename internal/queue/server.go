package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// ServerOptions configure an embedded NATS server.
type ServerOptions struct {
	// Host is the listen address; "" means 127.0.0.1. The embedded
	// server has no authentication, so it must not listen beyond
	// loopback unless a caller means it.
	Host string
	// Port to listen on; 0 means NATS's 4222 and -1 a free port.
	Port int
	// Dir holds JetStream's files (required).
	Dir string
	// MaxPayload is the largest message accepted; 0 means 8 MiB, so that
	// most HTML pages fit (NATS's own default is 1 MiB).
	MaxPayload int32
	// MaxStore caps JetStream's disk use; 0 leaves NATS's default (a
	// share of the disk's free space).
	MaxStore int64
}

// Server is an embedded NATS server with JetStream, for tests and
// `triangulate dev-cluster`; production runs a real nats-server.
type Server struct{ s *server.Server }

// StartServer starts an embedded server and waits until it accepts
// connections.
func StartServer(ctx context.Context, o ServerOptions) (*Server, error) {
	if o.Dir == "" {
		return nil, errors.New("queue: embedded server: no store directory")
	}
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.MaxPayload <= 0 {
		o.MaxPayload = 8 << 20
	}
	s, err := server.NewServer(&server.Options{
		ServerName:        "triangulate-dev",
		Host:              o.Host,
		Port:              o.Port,
		JetStream:         true,
		StoreDir:          o.Dir,
		JetStreamMaxStore: o.MaxStore,
		MaxPayload:        o.MaxPayload,
		NoLog:             true,
		NoSigs:            true, // the caller owns the process's signals
	})
	if err != nil {
		return nil, fmt.Errorf("queue: embedded server: %w", err)
	}
	go s.Start()
	deadline := time.Now().Add(10 * time.Second)
	for !s.ReadyForConnections(100 * time.Millisecond) {
		if ctx.Err() != nil || time.Now().After(deadline) {
			s.Shutdown()
			if ctx.Err() != nil {
				return nil, fmt.Errorf("queue: embedded server: %w", ctx.Err())
			}
			return nil, fmt.Errorf("queue: embedded server on %s:%d did not start within 10s", o.Host, o.Port)
		}
	}
	return &Server{s: s}, nil
}

// URL is the nats:// address clients connect to.
func (s *Server) URL() string { return s.s.ClientURL() }

// Shutdown stops the server and waits until it has.
func (s *Server) Shutdown() {
	s.s.Shutdown()
	s.s.WaitForShutdown()
}
