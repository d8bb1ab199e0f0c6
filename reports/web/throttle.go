package web

import (
	"sync"
	"time"
)

// throttle slows repeated failed logins: after n failures in a row for a
// name or a client address, the next answer waits base·2^(n-1), at most max.
// A success for the name clears its count; counts are forgotten after
// forget without failures.
type throttle struct {
	mu       sync.Mutex
	failures map[string]*failures
	base     time.Duration
	max      time.Duration
	forget   time.Duration
	now      func() time.Time
}

type failures struct {
	n    int
	last time.Time
}

func newThrottle() *throttle {
	return &throttle{
		failures: map[string]*failures{},
		base:     100 * time.Millisecond,
		max:      time.Second,
		forget:   15 * time.Minute,
		now:      time.Now,
	}
}

// delay returns how long to hold the answer to a failed login for these
// keys (the name and the client's address), counting this failure.
func (t *throttle) delay(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.failures) > 10000 {
		t.sweep(now)
	}
	var worst int
	for _, k := range keys {
		f := t.failures[k]
		if f == nil || now.Sub(f.last) > t.forget {
			f = &failures{}
			t.failures[k] = f
		}
		f.n++
		f.last = now
		worst = max(worst, f.n)
	}
	if worst <= 1 {
		return 0
	}
	d := t.base << min(worst-2, 10)
	return min(d, t.max)
}

// clear forgets the failures of a key after a successful login.
func (t *throttle) clear(key string) {
	t.mu.Lock()
	delete(t.failures, key)
	t.mu.Unlock()
}

func (t *throttle) sweep(now time.Time) {
	for k, f := range t.failures {
		if now.Sub(f.last) > t.forget {
			delete(t.failures, k)
		}
	}
}
