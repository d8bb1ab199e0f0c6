package storetest

import (
	"fmt"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// testStatus: what is missing for a year, within a scope (DESIGN §12).
// In 2023/24 the SCITT, reading and the fair run; the files give the fair
// three rows (reading's one row is of 2024/25), gap values for reading's
// partners wsh and kfs, encounters, and trainees only for 2022/23. In
// 2024/25 reading has its row and a gap value from wsh alone.
func testStatus(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.mustImport("participation.csv", participationCSV, "kpis.csv", kpisCSV)
	f.st.Lock(f.ctx, 2021, "ada")
	if _, err := f.st.LogKPI(f.ctx, f.p, toc.KPIRecord{KPI: "gap", Period: 2024, School: "wsh", Value: 9}, "ada"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		period toc.Period
		scope  engine.Scope
		want   string
	}{
		{"Everything", 2023, engine.Scope{}, "acts [scitt reading] kpis [trainees] schools [] locked [2021/22]"},
		{"TheFair", 2023, engine.Scope{Activities: []string{"fair"}}, "acts [] kpis [] schools [] locked [2021/22]"},
		{"Kingsfield", 2023, engine.Scope{Schools: []string{"kfs"}}, "acts [reading] kpis [] schools [] locked [2021/22]"},
		{"NextYear", 2024, engine.Scope{}, "acts [scitt fair] kpis [trainees encounters] schools [gap:[kfs]] locked [2021/22]"},
		{"NextYearWestHill", 2024, engine.Scope{Schools: []string{"wsh"}}, "acts [scitt fair] kpis [trainees encounters] schools [] locked [2021/22]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep, err := engine.Missing(f.ctx, f.st, f.p, c.period, c.scope, "")
			if err != nil {
				t.Fatal(err)
			}
			var acts, kpis, schools []string
			for _, a := range rep.ActivitiesWithoutRows {
				acts = append(acts, a.ID)
			}
			for _, k := range rep.KPIsWithoutValue {
				kpis = append(kpis, k.ID)
			}
			for _, m := range rep.SchoolsWithoutValue {
				schools = append(schools, fmt.Sprintf("%s:%v", m.KPI, m.Schools))
			}
			if got := fmt.Sprintf("acts %v kpis %v schools %v locked %v", fmtList(acts), fmtList(kpis), fmtList(schools), rep.Locked); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

// fmtList writes a list as [a b], an empty or nil one as [].
func fmtList(s []string) string { return fmt.Sprint(append([]string{}, s...)) }
