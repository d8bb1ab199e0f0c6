package web

import "sync"

// cache keeps one computed value per key (an audience and its activities)
// for the data version it was computed at. Requests for a key share one
// computation at a time: while one runs, requests wait for it, and when
// writes arrived meanwhile the first to wake starts the next, so a stream
// of writes costs one recomputation at a time however many readers there
// are.
type cache[V any] struct {
	mu    sync.Mutex
	slots map[string]*slot[V]
}

type slot[V any] struct {
	latest  *computation[V] // the newest finished, successful value
	pending *computation[V] // the one running, if any
}

type computation[V any] struct {
	version int64 // data version read before the computation started
	done    chan struct{}
	val     V
	err     error
}

// get returns the value for key computed at version or later. version is
// the data version the caller saw; current reads the data version now, just
// before a computation starts; compute computes the value.
func (c *cache[V]) get(key string, version int64, current func() (int64, error), compute func() (V, error)) (V, error) {
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
		if l := s.latest; l != nil && l.version >= version {
			c.mu.Unlock()
			return l.val, nil
		}
		if p := s.pending; p != nil {
			c.mu.Unlock()
			<-p.done
			if p.version >= version {
				return p.val, p.err
			}
			continue
		}
		p := &computation[V]{done: make(chan struct{})}
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
