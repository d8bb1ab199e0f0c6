package sqlite_test

import (
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/engine/storetest"
)

// TestStore_Suite runs the store contract's shared suite on SQLite.
func TestStore_Suite(t *testing.T) {
	storetest.Run(t, func(t testing.TB, dir string, now func() time.Time) engine.Store {
		s, err := sqlite.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		s.Now = now
		return s
	})
}
