package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// AddrError is a connection refused because its address is not public.
type AddrError struct {
	Addr  string // the address dialled, "ip:port"
	Class string // "loopback", "private", "link-local", …
}

func (e *AddrError) Error() string {
	return fmt.Sprintf("refusing to connect to %s, a %s address (use --allow-private to allow)", e.Addr, e.Class)
}

func (e *AddrError) Unwrap() error { return ErrRefused }

var (
	// Ranges the netip predicates do not cover.
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")     // "this host on this network"; Linux dials it as loopback
	sharedCGNAT = netip.MustParsePrefix("100.64.0.0/10") // carrier-grade NAT, RFC 6598
	broadcast   = netip.MustParseAddr("255.255.255.255")
	nat64       = netip.MustParsePrefix("64:ff9b::/96") // IPv4 embedded in IPv6 by a NAT64 gateway
)

// addrClass names why an address is not public, or returns "" for a public
// one.
func addrClass(ip netip.Addr) string {
	ip = ip.Unmap()
	if nat64.Contains(ip) {
		b := ip.As16()
		if c := addrClass(netip.AddrFrom4([4]byte(b[12:16]))); c != "" {
			return c
		}
	}
	switch {
	case !ip.IsValid():
		return "invalid"
	case ip.IsLoopback():
		return "loopback"
	case ip.IsUnspecified(), thisNetwork.Contains(ip):
		return "unspecified"
	case ip.IsLinkLocalUnicast():
		return "link-local" // 169.254/16 holds the cloud metadata services
	case ip.IsMulticast(), ip == broadcast:
		return "multicast"
	case ip.IsPrivate():
		return "private"
	case sharedCGNAT.Contains(ip):
		return "shared (CGNAT)"
	}
	return ""
}

// guard checks each connection's address after name resolution, just before
// the socket connects: every address of every hop, so that neither a
// redirect nor a DNS answer that changes between lookups (rebinding) gets
// past it.
type guard struct {
	allowPrivate bool
	// classify replaces addrClass in tests, which need a "public" server on
	// a loopback port to redirect to a private one.
	classify func(netip.AddrPort) string
}

func (g guard) control(network, address string, _ syscall.RawConn) error {
	if g.allowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &AddrError{Addr: address, Class: "unparsable"}
	}
	class := addrClass(ap.Addr())
	if g.classify != nil {
		class = g.classify(ap)
	}
	if c := class; c != "" {
		return &AddrError{Addr: ap.String(), Class: c}
	}
	return nil
}

// hostLimiter spaces the starts of requests to one host by an interval. It
// hands out time slots under a lock, so that concurrent callers queue
// instead of all firing when the interval has passed.
type hostLimiter struct {
	interval time.Duration
	mu       sync.Mutex
	next     map[string]time.Time
}

func newHostLimiter(interval time.Duration) *hostLimiter {
	return &hostLimiter{interval: interval, next: make(map[string]time.Time)}
}

// maxHosts is how many hosts the limiter remembers before forgetting those
// whose slot has passed; a long crawl must not grow the map without bound.
const maxHosts = 4096

func (l *hostLimiter) wait(ctx context.Context, host string) error {
	if l.interval <= 0 {
		return ctx.Err()
	}
	slot := l.reserve(host, time.Now())
	d := time.Until(slot)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reserve hands out the host's next slot at or after now.
func (l *hostLimiter) reserve(host string, now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	slot := l.next[host]
	if slot.Before(now) {
		slot = now
	}
	l.next[host] = slot.Add(l.interval)
	if len(l.next) > maxHosts {
		for h, t := range l.next {
			if t.Before(now) {
				delete(l.next, h)
			}
		}
	}
	return slot
}

// waited marks a request whose first hop has already had its turn at the
// host (get waits before starting the timeout); redirects wait again.
type waited struct {
	host string
	used atomic.Bool
}

type waitedKey struct{}

func withWaited(ctx context.Context, host string) context.Context {
	return context.WithValue(ctx, waitedKey{}, &waited{host: host})
}

// politeTransport applies the per-host interval and the User-Agent to every
// request the client sends, redirects included.
type politeTransport struct {
	next      http.RoundTripper
	limiter   *hostLimiter
	userAgent string
}

func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	host := hostKey(req.URL)
	w, _ := req.Context().Value(waitedKey{}).(*waited)
	if w == nil || w.host != host || !w.used.CompareAndSwap(false, true) {
		if err := t.limiter.wait(req.Context(), host); err != nil {
			return nil, err
		}
	}
	// RoundTrip must not change the caller's request.
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", t.userAgent)
	return t.next.RoundTrip(r)
}
