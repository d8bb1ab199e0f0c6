package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/postgres"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/engine/storetest"
)

// TestStore_Suite runs the store contract's shared suite on PostgreSQL,
// each store in a database of its own.
func TestStore_Suite(t *testing.T) {
	storetest.Run(t, func(t testing.TB, dir string, now func() time.Time) engine.Store {
		s, err := postgres.Open(context.Background(), pgtest.URL(t), dir)
		if err != nil {
			t.Fatal(err)
		}
		s.Now = now
		return s
	})
}
