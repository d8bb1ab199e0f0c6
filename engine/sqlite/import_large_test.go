package sqlite_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestStore_Import_BadRowAfterManyGood: a bad row after 20,000 good ones
// leaves nothing behind, although the good ones were already written
// inside the transaction when the bad one was read.
func TestStore_Import_BadRowAfterManyGood(t *testing.T) {
	p := smallToC(t)
	s := mustOpen(t)
	mustImport(t, s, p, "kpis.csv", "kpi,period,value\ntrainees-graduating,2022/23,14\n")
	before := state(t, s)

	var b strings.Builder
	b.WriteString("activity,date,participant,school,disadvantaged\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "careers-fair,2023-10-12,P%05d,wsh,yes\n", i)
	}
	b.WriteString("careers-fair,2023-10-32,P20000,wsh,yes\n") // row 20,002: header + 20,000 + 1
	_, err := importCSV(s, p, false, "big.csv", b.String())
	want := `big.csv:20002:2: date: expected a real date as YYYY-MM-DD or DD/MM/YYYY, got "2023-10-32"`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	if state(t, s) != before {
		t.Error("the database changed")
	}
	for _, table := range []string{"participation", "pupils"} {
		if n := count(t, s, "SELECT COUNT(*) FROM "+table); n != 0 {
			t.Errorf("%d rows in %s, want 0", n, table)
		}
	}
}
