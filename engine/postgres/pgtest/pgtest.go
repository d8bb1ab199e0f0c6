// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// database on the server IMPACT_TEST_PG_URL names, made for the test and
// dropped when it ends, so tests stay apart and may run in parallel.
//
// Without IMPACT_TEST_PG_URL a test that asks for one fails, never skips
// in silence: start a server with `eval "$(.ci/pg start)"` (see .ci/pg).
// IMPACT_TEST_PG=skip skips such tests, saying so.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// URL returns the URL of a new, empty database for the test, dropped at
// its cleanup.
func URL(t testing.TB) string {
	t.Helper()
	if os.Getenv("IMPACT_TEST_PG") == "skip" {
		t.Skip("IMPACT_TEST_PG=skip: PostgreSQL tests skipped")
	}
	base := os.Getenv("IMPACT_TEST_PG_URL")
	if base == "" {
		t.Fatal("IMPACT_TEST_PG_URL is not set: start a server with `eval \"$(.ci/pg start)\"` " +
			"(or name one, postgres://USER@HOST:PORT/DB?sslmode=disable), or set IMPACT_TEST_PG=skip to skip the PostgreSQL tests")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("IMPACT_TEST_PG_URL %q: expected a postgres:// URL", base)
	}
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "impact_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to IMPACT_TEST_PG_URL: %v (is the server running? `eval \"$(.ci/pg start)\"`)", err)
	}
	defer conn.Close(context.Background())
	// CREATE DATABASE takes no parameters; the name is ours, hex. Copying
	// the template's files is quicker than logging every block of it
	// (PostgreSQL 15's default); servers before 15 know only that way.
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" STRATEGY FILE_COPY"); err != nil {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
			t.Fatalf("create a database for the test: %v", err)
		}
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop the test's database %s: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop the test's database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
