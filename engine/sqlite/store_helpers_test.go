package sqlite_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

// smallDir holds the worked example of DESIGN §7 (shared/examples/small).
const smallDir = "testdata/store/small"

// smallToC is the theory of change of the worked example: schools rgs,
// wsh, kfs, hcs; activities scitt, reading-buddies, careers-fair; KPIs
// trainees-graduating, reading-age-gap, careers-encounters.
func smallToC(tb testing.TB) *toc.Partnership {
	tb.Helper()
	p, err := toc.Load(smallDir + "/toc.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// importCSV imports CSV text given as name and content pairs, in order.
func importCSV(s *sqlite.Store, p *toc.Partnership, again bool, nameContent ...string) (engine.ImportResult, error) {
	var files []engine.ImportFile
	for i := 0; i+1 < len(nameContent); i += 2 {
		files = append(files, engine.ImportBytes(nameContent[i], []byte(nameContent[i+1])))
	}
	return s.Import(context.Background(), p, files, engine.ImportOptions{Again: again, Who: "tester"})
}

// mustImport imports CSV text and fails the test on any error.
func mustImport(tb testing.TB, s *sqlite.Store, p *toc.Partnership, nameContent ...string) engine.ImportResult {
	tb.Helper()
	res, err := importCSV(s, p, false, nameContent...)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// query returns the rows of a query as lines of "|"-separated values.
func query(tb testing.TB, s *sqlite.Store, q string, args ...any) []string {
	tb.Helper()
	rows, err := s.DB().Query(q, args...)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				parts[i] = "NULL"
			case []byte:
				parts[i] = hex.EncodeToString(v)
			default:
				parts[i] = fmt.Sprint(v)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// count returns the single integer a query gives.
func count(tb testing.TB, s *sqlite.Store, q string, args ...any) int {
	tb.Helper()
	var n int
	if err := s.DB().QueryRow(q, args...).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// storeTables are the tables of the evidence store whose content a
// rejected write must leave as it was.
var storeTables = []string{"toc_revisions", "pupils", "imports", "participation", "outcomes", "kpi_values", "audit"}

// state is a digest of every row of every table of the store, to prove
// that a rejected write changed nothing.
func state(tb testing.TB, s *sqlite.Store) string {
	tb.Helper()
	h := sha256.New()
	for _, t := range storeTables {
		fmt.Fprintf(h, "%s\n", t)
		for _, line := range query(tb, s, "SELECT * FROM "+t+" ORDER BY rowid") {
			fmt.Fprintf(h, "%s\n", line)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// inForceKPI and inForceOutcome are 1 for the rows in force of their key
// (the latest; this package's tests withdraw and revert nothing unless
// they say so), for SELECTs over the raw tables.
const (
	inForceKPI     = "(id IN (SELECT MAX(id) FROM kpi_values WHERE withdrawn_at IS NULL GROUP BY kpi, period, school))"
	inForceOutcome = "(id IN (SELECT MAX(id) FROM outcomes GROUP BY activity, measure, grp, pupil))"
)
