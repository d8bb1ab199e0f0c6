package web

import (
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
				v, err := c.get("k", 7, func() (int64, error) { return 7, nil }, func() (int, error) {
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
		if v, _ := c.get("k", 1, cur, val); v != 10 {
			t.Errorf("v1 = %d, want 10", v)
		}
		version = 2
		if v, _ := c.get("k", 1, cur, val); v != 10 {
			t.Errorf("a reader that saw v1 got %d, want the cached 10", v)
		}
		if v, _ := c.get("k", 2, cur, val); v != 20 {
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
		go func() { v, _ := c.get("k", 1, cur, slow); done <- v }()
		for computed.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		// Three writes land while version 1 is computed; 20 readers see v4.
		version.Store(4)
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if v, _ := c.get("k", 4, cur, slow); v != 4 {
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
}

func TestThrottle_Delay(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	th := newThrottle()
	th.now = func() time.Time { return now }
	// 0 for the first failure, then 0.1 s doubling, capped at 1 s.
	want := []time.Duration{0, 100, 200, 400, 800, 1000, 1000}
	for i, w := range want {
		if got := th.delay("name:ann"); got != w*time.Millisecond {
			t.Errorf("failure %d: delay %v, want %v", i+1, got, w*time.Millisecond)
		}
	}
	t.Run("AddressCountsToo", func(t *testing.T) {
		// A new name from an address that already failed 3 times waits as a
		// fourth failure: 0.4 s.
		th.delay("addr:1.2.3.4")
		th.delay("addr:1.2.3.4")
		th.delay("addr:1.2.3.4")
		if got := th.delay("name:bob", "addr:1.2.3.4"); got != 400*time.Millisecond {
			t.Errorf("delay %v, want 400ms", got)
		}
	})
	t.Run("Clear", func(t *testing.T) {
		th.clear("name:ann")
		if got := th.delay("name:ann"); got != 0 {
			t.Errorf("after a success: %v, want 0", got)
		}
	})
	t.Run("Forget", func(t *testing.T) {
		th.delay("name:cat")
		th.delay("name:cat")
		now = now.Add(16 * time.Minute)
		if got := th.delay("name:cat"); got != 0 {
			t.Errorf("16 minutes later: %v, want 0", got)
		}
	})
}
