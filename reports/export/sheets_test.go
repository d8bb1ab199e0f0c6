package export_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/reports/export"
	"github.com/schoolstogether/impact/toc"
)

// row writes a row of cells as a CSV would, joined by |.
func row(cells []export.Cell) string {
	s := make([]string, len(cells))
	for i, c := range cells {
		s[i] = c.String()
	}
	return strings.Join(s, "|")
}

// sheet finds a sheet by name.
func sheet(t *testing.T, sheets []export.Sheet, name string) *export.Sheet {
	t.Helper()
	for i := range sheets {
		if sheets[i].Name == name {
			return &sheets[i]
		}
	}
	t.Fatalf("no sheet %q", name)
	return nil
}

func TestSheets(t *testing.T) {
	sheets := export.Sheets(sample(t, toc.Director))
	var names, files []string
	for _, s := range sheets {
		names, files = append(names, s.Name), append(files, s.FileName())
		for i, r := range s.Rows {
			if len(r) != len(s.Columns) {
				t.Errorf("%s row %d: %d cells for %d columns", s.Name, i+1, len(r), len(s.Columns))
			}
		}
	}
	if want := []string{"Summary", "KPIs", "KPI history", "Activities", "Effect sizes", "Schools", "Reach by period", "Breakdowns"}; !slices.Equal(names, want) {
		t.Errorf("sheets %q, want %q", names, want)
	}
	if want := []string{"summary.csv", "kpis.csv", "kpi-history.csv", "activities.csv", "effect-sizes.csv", "schools.csv", "reach-by-period.csv", "breakdowns.csv"}; !slices.Equal(files, want) {
		t.Errorf("files %q, want %q", files, want)
	}

	t.Run("Summary", func(t *testing.T) {
		s := sheet(t, sheets, "Summary")
		want := `Tyne & Wear <Partnership>|director|2023/24|2022/23, 2023/24|20|4|20|2|1||||6|0|0|0`
		if got := row(s.Rows[0]); len(s.Rows) != 1 || got != want {
			t.Errorf("summary %d rows, first\n%s\nwant\n%s", len(s.Rows), got, want)
		}
		if len(s.Notes) == 0 {
			t.Error("no notes on the Summary sheet")
		}
	})
	t.Run("KPIs", func(t *testing.T) {
		s := sheet(t, sheets, "KPIs")
		// trainees: latest 17 in 2023/24, progress (17−12)/(20−12) = 0.625,
		// expected 2/3; gap: 26.5, (26.5−30)/(20−30) = 0.35, expected 1/2.
		want := []string{
			"trainees|Trainees graduating|trainees|increase|2021/22|12|2024/25|20|2023/24|17|0.625|0.6666666666666666|behind|false",
			"gap|Reading gap|%|decrease|2021/22|30|2023/24|20|2022/23|26.5|0.35|0.5|behind|false",
		}
		for i, w := range want {
			if got := row(s.Rows[i]); got != w {
				t.Errorf("row %d\n%s\nwant\n%s", i+1, got, w)
			}
		}
	})
	t.Run("HistoryInKPIOrderWithNotes", func(t *testing.T) {
		s := sheet(t, sheets, "KPI history")
		if want := "kpi,period,school,value,partnership_wide,status,note,logged_at,logged_by,file"; strings.Join(s.Columns, ",") != want {
			t.Errorf("columns %v, want %s", s.Columns, want)
		}
		want := []string{
			"trainees|2022/23||14|false|current|two trainees deferred|2023-07-01T09:00:00Z|j-smith|",
			"trainees|2023/24||16|false|superseded||||kpis.csv",
			"trainees|2023/24||17|false|current||||",
			"gap|2022/23||26.5|false|current||||",
		}
		if len(s.Rows) != len(want) {
			t.Fatalf("%d rows, want %d (the dropped KPI left out)", len(s.Rows), len(want))
		}
		for i, w := range want {
			if got := row(s.Rows[i]); got != w {
				t.Errorf("row %d\n%s\nwant\n%s", i+1, got, w)
			}
		}
	})
	t.Run("FormulaStaysText", func(t *testing.T) {
		s := sheet(t, sheets, "Activities")
		title, ok := s.Rows[0][1].Text()
		if !ok || title != "'"+hostile {
			t.Errorf("title %q (text: %v), want %q", title, ok, "'"+hostile)
		}
	})
	t.Run("EffectSizesWithSubgroups", func(t *testing.T) {
		s := sheet(t, sheets, "Effect sizes")
		want := []string{
			"scitt|grade|all|comparison|12|11|-0.31||||-4|",
			"scitt|grade|disadvantaged||4|0||||||",
		}
		for i, w := range want {
			if got := row(s.Rows[i]); got != w {
				t.Errorf("row %d\n%s\nwant\n%s", i+1, got, w)
			}
		}
		if g, ok := s.Rows[0][6].Number(); !ok || g != -0.31 {
			t.Errorf("g = %v (a number: %v), want the number -0.31", g, ok)
		}
	})
	t.Run("Breakdowns", func(t *testing.T) {
		s := sheet(t, sheets, "Breakdowns")
		if got := row(s.Rows[0]) + " " + row(s.Rows[2]); got != "|disadvantaged|yes|4 |disadvantaged|unknown|0" {
			t.Errorf("rows %q", got)
		}
	})
}

// TestSheets_Funder checks that a funder's export holds the marks as the
// view gives them and no note, author or file of a KPI value.
func TestSheets_Funder(t *testing.T) {
	sheets := export.Sheets(sample(t, toc.Funder))
	s := sheet(t, sheets, "KPI history")
	if want := "kpi,period,school,value,partnership_wide"; strings.Join(s.Columns, ",") != want {
		t.Errorf("columns %v, want %s", s.Columns, want)
	}
	for _, sh := range sheets {
		for _, r := range sh.Rows {
			for _, bad := range []string{"deferred", "j-smith", "kpis.csv"} {
				if strings.Contains(row(r), bad) {
					t.Errorf("%s holds %q: %s", sh.Name, bad, row(r))
				}
			}
		}
	}
	if got := row(sheet(t, sheets, "Schools").Rows[1]); got != "wsh|West Hill & Co|0|1|false|<6" {
		t.Errorf("schools row 2 = %s", got)
	}
	notes := strings.Join(sheet(t, sheets, "Summary").Notes, " ")
	for _, w := range []string{"<6 marks a count of 1 to 5", "c marks a count hidden"} {
		if !strings.Contains(notes, w) {
			t.Errorf("the Summary's notes do not say %q:\n%s", w, notes)
		}
	}
}
