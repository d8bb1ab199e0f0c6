package sqlite_test

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

// fixedClock makes audit and log times predictable: each call is one
// minute after the previous one, from 2025-01-06 09:00 UTC.
func fixedClock(s *sqlite.Store) {
	t := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { t = t.Add(time.Minute); return t }
	s.Today = func() time.Time { return time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC) }
}

func TestStore_LogKPI(t *testing.T) {
	p := smallToC(t)

	t.Run("SupersedesSameKPIPeriodSchool", func(t *testing.T) {
		s := mustOpen(t)
		fixedClock(s)
		log := func(v toc.KPIRecord, who string) *toc.KPIRecord {
			t.Helper()
			old, err := s.LogKPI(t.Context(), p, v, who)
			if err != nil {
				t.Fatal(err)
			}
			return old
		}
		if old := log(toc.KPIRecord{KPI: "trainees-graduating", Period: 2023, Value: 16}, "ana"); old != nil {
			t.Errorf("first value superseded %+v", old)
		}
		log(toc.KPIRecord{KPI: "trainees-graduating", Period: 2023, School: "rgs", Value: 9}, "ana") // another school
		log(toc.KPIRecord{KPI: "trainees-graduating", Period: 2022, Value: 14}, "ana")               // another period
		old := log(toc.KPIRecord{KPI: "trainees-graduating", Period: 2023, Value: 17, Note: "late result"}, "ben")
		if old == nil || old.Value != 16 || old.LoggedBy != "ana" || old.LoggedAt != "2025-01-06T09:01:00Z" {
			t.Errorf("superseded %+v, want 16 logged by ana at 09:01", old)
		}
		got := query(t, s, "SELECT period, school, value, note, logged_at, logged_by, COALESCE(import_id, 'NULL'), "+inForceKPI+" FROM kpi_values ORDER BY id")
		want := []string{
			"2023||16||2025-01-06T09:01:00Z|ana|NULL|0",
			"2023|rgs|9||2025-01-06T09:02:00Z|ana|NULL|1",
			"2022||14||2025-01-06T09:03:00Z|ana|NULL|1",
			"2023||17|late result|2025-01-06T09:04:00Z|ben|NULL|1",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("kpi values:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		audit := query(t, s, "SELECT at, who, action, detail, rows FROM audit ORDER BY id DESC LIMIT 1")
		if audit[0] != "2025-01-06T09:04:00Z|ben|log|trainees-graduating 2023/24 partnership-wide = 17|1" {
			t.Errorf("audit %q", audit[0])
		}
	})

	t.Run("Rejects", func(t *testing.T) {
		s := mustOpen(t)
		before := state(t, s)
		cases := []struct {
			name string
			v    toc.KPIRecord
			want string
		}{
			{"UnknownKPI", toc.KPIRecord{KPI: "happiness", Period: 2023, Value: 1},
				`--kpi: expected a KPI id of testdata/store/small/toc.yaml, got "happiness"`},
			{"UnknownSchool", toc.KPIRecord{KPI: "trainees-graduating", Period: 2023, School: "eton", Value: 1},
				`--school: expected a school id of testdata/store/small/toc.yaml, got "eton"`},
			{"NotFinite", toc.KPIRecord{KPI: "trainees-graduating", Period: 2023, Value: math.Inf(1)},
				`--value: expected a finite number, got +Inf`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.LogKPI(t.Context(), p, c.v, "ana")
				if err == nil || err.Error() != c.want {
					t.Errorf("err = %v, want %s", err, c.want)
				}
				if toc.ErrorCode(err) != toc.EINVALID {
					t.Errorf("code %q, want EINVALID", toc.ErrorCode(err))
				}
				if state(t, s) != before {
					t.Error("the database changed")
				}
			})
		}
	})
}

func TestStore_KPIHistory(t *testing.T) {
	p := smallToC(t)
	s := mustOpen(t)
	fixedClock(s)
	mustImport(t, s, p, "kpis.csv", "kpi,period,value,school\ntrainees-graduating,2023/24,16,\ntrainees-graduating,2022/23,14,\n")
	if _, err := s.LogKPI(t.Context(), p, toc.KPIRecord{KPI: "trainees-graduating", Period: 2023, Value: 17}, "ben"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LogKPI(t.Context(), p, toc.KPIRecord{KPI: "reading-age-gap", Period: 2023, Value: 3}, "ben"); err != nil {
		t.Fatal(err)
	}
	h, err := engine.ReadKPIHistory(t.Context(), s, "trainees-graduating")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range h {
		got = append(got, strings.Join([]string{v.Period.String(), v.School, strconv.FormatFloat(v.Value, 'f', -1, 64), v.File, v.LoggedBy, string(v.Status)}, "|"))
	}
	// By period, then in the order logged: the imported 16 for 2023/24 is
	// superseded by the 17 logged by hand.
	want := []string{
		"2022/23||14|kpis.csv|tester|current",
		"2023/24||16|kpis.csv|tester|superseded",
		"2023/24||17||ben|current",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if h, _ := engine.ReadKPIHistory(t.Context(), s, "careers-encounters"); len(h) != 0 {
		t.Errorf("history of a KPI never logged: %v", h)
	}
}
