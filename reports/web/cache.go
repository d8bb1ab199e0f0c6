package web

import (
	"context"
	"errors"
	"sync"
	"time"
)

// cache keeps one computed value per key (a scope, a generation of
// toc.yaml) for the data version it was computed at. Requests for a key
// share one computation at a time. Reads never wait for a recomputation
// when there is a value to serve: while the next one runs, the last one is
// served (for up to staleFor), and the web app's own writes recompute what
// readers use before they are acknowledged (refresh), so a write that was
// answered is in the metrics of every read after it, and in the pages of
// its own session's, the pages recomputed just after. Only the first read
// of a key, or of a key whose data changed under another process, computes
// while waiting.
type cache[V any] struct {
	mu    sync.Mutex
	slots map[string]*slot[V]
}

type slot[V any] struct {
	latest  *computation[V] // the newest finished, successful value
	pending *computation[V] // the one running, if any
	// refresh recomputes the key as of now, request-free; set by its
	// readers, for writes to bring it up to date.
	refresh func(ctx context.Context) error
	used    time.Time // when it was last read
	// newest is the newest data version a reader asked for, and behind
	// when latest first fell behind it: the last value is served only
	// while it is less than staleFor behind.
	newest int64
	behind time.Time
}

type computation[V any] struct {
	version int64 // data version read before the computation started
	started time.Time
	done    chan struct{}
	val     V
	err     error
}

// staleFor is how long readers are served the previous value while the
// next is computed, counted from when it first fell behind the data; past
// it they wait, so that no read is more than this behind a write it could
// see.
const staleFor = time.Second

// get returns the value for key computed at version or later — or, while
// that computation runs, the value before it, if that is at need or later
// (a session that wrote reads its own write). version is the data version
// the caller saw; current reads the data version now, just before a
// computation starts; compute computes the value.
func (c *cache[V]) get(key string, version, need int64, current func() (int64, error), compute func() (V, error)) (V, error) {
	for {
		c.mu.Lock()
		if c.slots == nil {
			c.slots = map[string]*slot[V]{}
		}
		s := c.slots[key]
		if s == nil {
			s = &slot[V]{}
			c.slots[key] = s
		}
		s.used = time.Now()
		if l := s.latest; l != nil && l.version >= version {
			c.mu.Unlock()
			return l.val, nil
		}
		if version > s.newest {
			s.newest = version
			if s.behind.IsZero() {
				s.behind = s.used
			}
		}
		if p := s.pending; p != nil {
			if l := s.latest; l != nil && l.version >= need && time.Since(s.behind) < staleFor {
				c.mu.Unlock()
				return l.val, nil // stale while the next is computed
			}
			c.mu.Unlock()
			<-p.done
			if isCancelled(p.err) {
				continue // the request it ran for went away: compute for this one
			}
			if p.version >= version {
				return p.val, p.err
			}
			continue
		}
		p := &computation[V]{done: make(chan struct{}), started: time.Now()}
		s.pending = p
		c.mu.Unlock()

		// Read the version after becoming the one computation, so that the
		// result covers every write committed before; a write landing
		// between this read and compute's snapshot only makes it fresher.
		p.version, p.err = current()
		if p.err == nil {
			p.val, p.err = compute()
		}
		c.mu.Lock()
		s.pending = nil
		if p.err == nil && (s.latest == nil || p.version >= s.latest.version) {
			s.latest = p
			if p.version >= s.newest {
				s.behind = time.Time{}
			}
		}
		c.mu.Unlock()
		close(p.done)
		if p.err != nil {
			var zero V
			return zero, p.err
		}
		return p.val, nil
	}
}

// remember keeps how to recompute a key, for refreshStale.
func (c *cache[V]) remember(key string, refresh func(ctx context.Context) error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.slots[key]; s != nil {
		s.refresh = refresh
	}
}

// refreshWindow is how recently a key must have been read for a write to
// recompute it: keys nobody reads any more (an old toc.yaml's, a funder
// who left) are left to age.
const refreshWindow = 10 * time.Minute

// refreshStale recomputes, one after another, every key read within the
// window whose value is older than version, and forgets keys unread for
// longer.
func (c *cache[V]) refreshStale(ctx context.Context, version int64) error {
	c.mu.Lock()
	var todo []func(context.Context) error
	for key, s := range c.slots {
		switch {
		case time.Since(s.used) > refreshWindow && s.pending == nil:
			delete(c.slots, key)
		case s.refresh != nil && (s.latest == nil || s.latest.version < version):
			todo = append(todo, s.refresh)
		}
	}
	c.mu.Unlock()
	for _, f := range todo {
		if err := f(ctx); err != nil {
			return err
		}
	}
	return nil
}

// isCancelled is true of the error of a computation whose request ended
// before it did.
func isCancelled(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
