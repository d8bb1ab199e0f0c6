package web

import (
	"strings"
	"sync"
	"time"
)

// throttle stops guessing at passwords (DESIGN §16): after free failed
// logins in a row for a name (freeAddr from an address), logins for it are
// refused for base·2^k (k the failures past free), at most max, whatever
// the password — so that a name can be tried a few dozen times a day, not
// seventeen times a second. A success clears the name; counts are
// forgotten after forget without failures. It also says when a failure is
// to be audited: the first of a streak, then at most once a minute, so the
// audit log records every attack without being flooded by one.
type throttle struct {
	mu       sync.Mutex
	failures map[string]*failures
	free     int // for a name
	freeAddr int // for an address ("addr:…"), where a school's staff may share one
	base     time.Duration
	max      time.Duration
	forget   time.Duration
	now      func() time.Time
}

type failures struct {
	n       int
	last    time.Time
	until   time.Time // no login before then
	audited time.Time // the last failure audited
	unseen  int       // failures since then
}

func newThrottle() *throttle {
	return &throttle{
		failures: map[string]*failures{},
		free:     3,
		freeAddr: 20,
		base:     time.Second,
		max:      15 * time.Minute,
		forget:   time.Hour,
		now:      time.Now,
	}
}

// wait is how long logins for any of the keys (a name, an address) are
// refused from now; 0 when they are not.
func (t *throttle) wait(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var longest time.Duration
	for _, k := range keys {
		if f := t.failures[k]; f != nil {
			longest = max(longest, f.until.Sub(now))
		}
	}
	return longest
}

// fail counts a failed login for the keys. It returns whether to audit it,
// with the failures for the first key (the name) since the last audit.
func (t *throttle) fail(keys ...string) (audit bool, failed int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.failures) > 10000 {
		t.sweep(now)
	}
	for i, k := range keys {
		f := t.failures[k]
		if f == nil || now.Sub(f.last) > t.forget {
			f = &failures{}
			t.failures[k] = f
		}
		f.n++
		f.last = now
		f.unseen++
		free := t.free
		if strings.HasPrefix(k, "addr:") {
			free = t.freeAddr
		}
		if f.n > free {
			f.until = now.Add(min(t.base<<min(f.n-free-1, 20), t.max))
		}
		if i == 0 && (f.audited.IsZero() || now.Sub(f.audited) >= time.Minute) {
			audit, failed = true, f.unseen
			f.audited, f.unseen = now, 0
		}
	}
	return audit, failed
}

// clear forgets the failures of a key after a successful login.
func (t *throttle) clear(key string) {
	t.mu.Lock()
	delete(t.failures, key)
	t.mu.Unlock()
}

func (t *throttle) sweep(now time.Time) {
	for k, f := range t.failures {
		if now.Sub(f.last) > t.forget && now.After(f.until) {
			delete(t.failures, k)
		}
	}
}
