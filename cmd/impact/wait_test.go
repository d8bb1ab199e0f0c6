package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine/sqlite"
)

// lockedBuffer is a buffer two goroutines share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestApp_WaitsForAnotherWriter: while another process holds the write
// lock (a long import), a command says it is waiting, then goes on once the
// lock is free. Today's main waited in silence for two minutes.
func TestApp_WaitsForAnotherWriter(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, "import", filepath.Join(dir, "kpis.csv"))
	other, err := sql.Open("sqlite3", filepath.Join(dir, sqlite.DBFile)+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(context.Background(), nil) // the write lock, held
	if err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	stderr := &lockedBuffer{}
	app := &App{
		Stdout: &stdout, Stderr: stderr,
		Getenv: func(k string) string { return map[string]string{"IMPACT_TODAY": "2025-03-01"}[k] },
		Now:    time.Now,
	}
	done := make(chan int)
	go func() {
		done <- app.Run([]string{"log", "--kpi", "careers-encounters", "--period", "2024/25", "--value", "400", "--dir", dir})
	}()
	// Wait for the message, not for a time.
	for !strings.Contains(stderr.String(), "waiting for another impact that is writing to this partnership") {
		select {
		case code := <-done:
			t.Fatalf("the command finished (exit %d) while the lock was held: %s", code, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	tx.Rollback()
	if code := <-done; code != exitOK || !strings.Contains(stdout.String(), "logged careers-encounters 2024/25") {
		t.Errorf("after the lock was freed: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
}
