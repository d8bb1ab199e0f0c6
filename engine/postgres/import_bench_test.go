package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
)

// BenchmarkImport_MillionRows imports 1,000,000 participation rows of
// 1,000,000 distinct pupils into a new partnership (COPY of the pupils and
// their rows), then the same file again (a lookup of every pupil), and
// reads them back through a snapshot.
//
//	go test ./engine/postgres -run '^$' -bench Import_MillionRows -benchtime 1x
func BenchmarkImport_MillionRows(b *testing.B) {
	const n = 1_000_000
	var sb strings.Builder
	sb.WriteString("activity,date,participant,school,disadvantaged\n")
	for i := range n {
		fmt.Fprintf(&sb, "fair,2023-10-12,P%07d,wsh,yes\n", i)
	}
	csv := []byte(sb.String())
	p := testToC(b)
	ctx := context.Background()
	for b.Loop() {
		s := open(b, pgtest.URL(b), b.TempDir())
		for _, again := range []bool{false, true} {
			start := time.Now()
			res, err := s.Import(ctx, p, []engine.ImportFile{engine.ImportBytes("big.csv", csv)}, engine.ImportOptions{Who: "bench", Again: again})
			if err != nil || res.Rows() != n {
				b.Fatalf("import: %d rows, %v", res.Rows(), err)
			}
			b.ReportMetric(time.Since(start).Seconds(), map[bool]string{false: "s/new-pupils", true: "s/known-pupils"}[again])
		}
		start := time.Now()
		if got := rows(b, s); got != 2*n {
			b.Fatalf("read back %d rows, want %d", got, 2*n)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/read-2M")
	}
}
