package main

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
)

// goMemoryLimit is the Go heap's soft limit for the commands that take
// files — import, and serve with its uploads — unless GOMEMLIMIT says
// otherwise. Beside SQLite's page cache (16 MiB for the writer) and the
// program's own pages, it keeps such a process under 150 MB however large
// the file (DESIGN §16): without it the collector lets the heap grow to
// twice what a million pupils' index holds.
const goMemoryLimit = 80 << 20

// boundMemory sets goMemoryLimit unless GOMEMLIMIT is set.
func (a *App) boundMemory() {
	if a.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(goMemoryLimit)
	}
}

// parseSize reads a size as people write it: 256MiB, 1GiB, 500MB, 64KiB
// or a number of bytes.
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 1 || n > (1<<62)/mult {
		return 0, fmt.Errorf("expected a size such as 256MiB, 1GiB or a number of bytes, got %q", s)
	}
	return n * mult, nil
}
