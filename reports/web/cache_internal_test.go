package web

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Internal: the cache and the throttle are unexported and are tested here
// directly; every route that uses them is tested from outside.

func TestCache_Get(t *testing.T) {
	t.Run("OneComputationForManyReaders", func(t *testing.T) {
		var c cache[int]
		var computed atomic.Int32
		var wg sync.WaitGroup
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := c.get("k", 7, 0, func() (int64, error) { return 7, nil }, func() (int, error) {
					computed.Add(1)
					time.Sleep(20 * time.Millisecond)
					return 42, nil
				})
				if err != nil || v != 42 {
					t.Errorf("get = %d, %v; want 42", v, err)
				}
			}()
		}
		wg.Wait()
		if n := computed.Load(); n != 1 {
			t.Errorf("computed %d times for one version, want 1", n)
		}
	})
	t.Run("NewVersionRecomputes", func(t *testing.T) {
		var c cache[int64]
		version := int64(1)
		cur := func() (int64, error) { return version, nil }
		val := func() (int64, error) { return version * 10, nil }
		if v, _ := c.get("k", 1, 0, cur, val); v != 10 {
			t.Errorf("v1 = %d, want 10", v)
		}
		version = 2
		if v, _ := c.get("k", 1, 0, cur, val); v != 10 {
			t.Errorf("a reader that saw v1 got %d, want the cached 10", v)
		}
		if v, _ := c.get("k", 2, 0, cur, val); v != 20 {
			t.Errorf("a reader that saw v2 got %d, want 20", v)
		}
	})
	t.Run("WritesDuringComputationCoalesce", func(t *testing.T) {
		var c cache[int64]
		var version atomic.Int64
		version.Store(1)
		var computed atomic.Int32
		release := make(chan struct{})
		cur := func() (int64, error) { return version.Load(), nil }
		slow := func() (int64, error) {
			computed.Add(1)
			if computed.Load() == 1 {
				<-release
			}
			return version.Load(), nil
		}
		done := make(chan int64, 1)
		go func() { v, _ := c.get("k", 1, 0, cur, slow); done <- v }()
		for computed.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		// Three writes land while version 1 is computed, the first: with
		// nothing to serve yet, 20 readers of v4 wait, and share one more.
		version.Store(4)
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if v, _ := c.get("k", 4, 0, cur, slow); v != 4 {
					t.Errorf("reader of v4 got %d", v)
				}
			}()
		}
		time.Sleep(20 * time.Millisecond)
		close(release)
		wg.Wait()
		<-done
		// One computation for v1, then one shared by all 20 readers of v4.
		if n := computed.Load(); n != 2 {
			t.Errorf("computed %d times, want 2", n)
		}
	})
	t.Run("StaleWhileRecomputing", func(t *testing.T) {
		// With a value to serve, readers of a newer version are served it
		// at once while one of them computes the next.
		var c cache[int64]
		var version atomic.Int64
		version.Store(1)
		cur := func() (int64, error) { return version.Load(), nil }
		release := make(chan struct{})
		if v, _ := c.get("k", 1, 0, cur, func() (int64, error) { return 10, nil }); v != 10 {
			t.Fatalf("v1 = %d", v)
		}
		version.Store(2)
		started := make(chan struct{})
		done := make(chan int64, 1)
		go func() {
			v, _ := c.get("k", 2, 0, cur, func() (int64, error) { close(started); <-release; return 20, nil })
			done <- v
		}()
		<-started
		for range 20 {
			if v, _ := c.get("k", 2, 0, cur, func() (int64, error) { t.Error("a second computation"); return 0, nil }); v != 10 {
				t.Errorf("a reader during the recomputation got %d, want the last value, 10", v)
			}
		}
		// A session that wrote version 2 is not served the last value: it
		// waits for its own write.
		own := make(chan int64, 1)
		go func() { v, _ := c.get("k", 2, 2, cur, nil); own <- v }()
		select {
		case v := <-own:
			t.Errorf("the writer's session was served %d while its write was computed", v)
		case <-time.After(20 * time.Millisecond):
		}
		close(release)
		if v := <-done; v != 20 {
			t.Errorf("the computing reader got %d, want 20", v)
		}
		if v := <-own; v != 20 {
			t.Errorf("the writer's session got %d, want 20", v)
		}
		if v, _ := c.get("k", 2, 0, cur, nil); v != 20 {
			t.Errorf("after it: %d, want 20", v)
		}
	})
	t.Run("CancelledComputationIsRetried", func(t *testing.T) {
		// The request a computation ran for went away mid-way: a reader
		// waiting on it computes for itself instead of getting the
		// other's context.Canceled.
		var c cache[int]
		started, release := make(chan struct{}), make(chan struct{})
		cur := func() (int64, error) { return 1, nil }
		leader := make(chan error, 1)
		go func() {
			_, err := c.get("k", 1, 0, cur, func() (int, error) {
				close(started)
				<-release
				return 0, context.Canceled
			})
			leader <- err
		}()
		<-started
		follower := make(chan int, 1)
		go func() {
			v, err := c.get("k", 1, 0, cur, func() (int, error) { return 42, nil })
			if err != nil {
				t.Errorf("the waiting reader got %v, want its own value", err)
			}
			follower <- v
		}()
		time.Sleep(20 * time.Millisecond) // the follower waits on the leader
		close(release)
		if err := <-leader; err != context.Canceled {
			t.Errorf("the cancelled reader got %v, want context.Canceled", err)
		}
		if v := <-follower; v != 42 {
			t.Errorf("the waiting reader got %d, want 42", v)
		}
	})
	t.Run("RefreshStale", func(t *testing.T) {
		// A write refreshes the keys read lately, before it is answered.
		var c cache[int64]
		var version atomic.Int64
		version.Store(1)
		cur := func() (int64, error) { return version.Load(), nil }
		compute := func() (int64, error) { return version.Load() * 10, nil }
		c.get("k", 1, 0, cur, compute)
		c.remember("k", func(context.Context) error { _, err := c.get("k", version.Load(), 0, cur, compute); return err })
		version.Store(2)
		if err := c.refreshStale(context.Background(), 2); err != nil {
			t.Fatal(err)
		}
		if v, _ := c.get("k", 2, 0, cur, nil); v != 20 {
			t.Errorf("after the refresh: %d, want 20 without computing", v)
		}
	})
}

func TestThrottle(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	th := newThrottle()
	th.now = func() time.Time { return now }
	// Three failures are free; then 1 s, doubling: 1, 2, 4, 8 … capped at
	// 15 minutes (2^10 s = 17 min 4 s is past it).
	want := []time.Duration{0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900}
	for i, w := range want {
		th.fail("name:ann")
		if got := th.wait("name:ann"); got != w*time.Second {
			t.Errorf("after failure %d: wait %v, want %v", i+1, got, w*time.Second)
		}
	}
	t.Run("AddressCountsToo", func(t *testing.T) {
		// A new name from an address that failed 21 times (20 are free:
		// staff may share an address) waits as the address does: 1 s.
		for range 21 {
			th.fail("name:x", "addr:1.2.3.4")
		}
		if got := th.wait("name:bob", "addr:1.2.3.4"); got != time.Second {
			t.Errorf("wait %v, want 1s", got)
		}
	})
	t.Run("Passes", func(t *testing.T) {
		now = now.Add(901 * time.Second)
		if got := th.wait("name:ann"); got != 0 {
			t.Errorf("after the window: %v, want 0", got)
		}
	})
	t.Run("Clear", func(t *testing.T) {
		th.clear("name:ann")
		th.fail("name:ann")
		if got := th.wait("name:ann"); got != 0 {
			t.Errorf("after a success and one failure: %v, want 0", got)
		}
	})
	t.Run("Forget", func(t *testing.T) {
		for range 5 {
			th.fail("name:cat")
		}
		now = now.Add(2 * time.Hour)
		th.fail("name:cat")
		if got := th.wait("name:cat"); got != 0 {
			t.Errorf("two hours later, one failure: %v, want 0", got)
		}
	})
	t.Run("AuditedOnceAMinute", func(t *testing.T) {
		th := newThrottle()
		th.now = func() time.Time { return now }
		var audits []int
		for range 50 {
			if audit, n := th.fail("name:dee"); audit {
				audits = append(audits, n)
			}
			now = now.Add(2 * time.Second) // 50 failures over 100 s
		}
		// The first at once; the next a minute on (t = 60 s, the 31st),
		// counting the 30 since.
		if len(audits) != 2 || audits[0] != 1 || audits[1] != 30 {
			t.Errorf("audits %v, want [1 30]", audits)
		}
	})
}
