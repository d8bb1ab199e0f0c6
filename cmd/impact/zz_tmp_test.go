package main

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/schoolstogether/impact/toc"
)

func TestTmpParse(t *testing.T) {
	for _, f := range []string{"/tmp/blk4m.yaml", "/tmp/seq4m.yaml"} {
		b, _ := os.ReadFile(f)
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		s := time.Now()
		_, err := toc.Parse(f, b)
		runtime.ReadMemStats(&m1)
		n := 0
		if l, ok := err.(toc.List); ok {
			n = len(l)
		}
		t.Logf("%s toc.Parse %v, %d errors, %d MB allocated", f, time.Since(s), n, (m1.TotalAlloc-m0.TotalAlloc)>>20)
	}
}
