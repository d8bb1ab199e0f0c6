package export_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/reports/export"
	"github.com/schoolstogether/impact/toc"
)

// readCSV reads a CSV file of an export, byte-order mark and all.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := strings.CutPrefix(string(b), "\ufeff")
	if !ok {
		t.Errorf("%s does not start with a byte-order mark", path)
	}
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// entries lists a folder's names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteCSVFolder(t *testing.T) {
	sheets := export.Sheets(sample(t, toc.Director))
	parent := t.TempDir()
	out := filepath.Join(parent, "csv")
	if err := export.WriteCSVFolder(out, sheets); err != nil {
		t.Fatal(err)
	}
	want := []string{"activities.csv", "breakdowns.csv", "effect-sizes.csv", "kpi-history.csv", "kpis.csv", "reach-by-period.csv", "schools.csv", "summary.csv"}
	if got := entries(t, out); !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"csv"}) {
		t.Errorf("beside the export: %v, want nothing left over", got)
	}
	acts := readCSV(t, filepath.Join(out, "activities.csv"))
	if acts[0][0] != "id" || acts[0][5] != "participants" || acts[1][1] != "'"+hostile || acts[1][5] != "20" {
		t.Errorf("activities.csv: %q", acts[:2])
	}
	effects := readCSV(t, filepath.Join(out, "effect-sizes.csv"))
	if effects[1][6] != "-0.31" || effects[1][10] != "-4" {
		t.Errorf("effect-sizes.csv: g %q, months %q; want the negative numbers unprefixed", effects[1][6], effects[1][10])
	}

	t.Run("ReplacesAnEarlierExport", func(t *testing.T) {
		sheets := export.Sheets(sample(t, toc.Funder))
		if err := export.WriteCSVFolder(out, sheets); err != nil {
			t.Fatal(err)
		}
		if got := readCSV(t, filepath.Join(out, "summary.csv"))[1][1]; got != "funder" {
			t.Errorf("audience %q after replacing, want funder", got)
		}
		if got := entries(t, parent); !slices.Equal(got, []string{"csv"}) {
			t.Errorf("beside the export: %v, want nothing left over", got)
		}
	})
	t.Run("RefusesAPartnershipFolder", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "toc.yaml"), []byte("partnership: P\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "kpis.csv"), []byte("kpi,period,value\n"), 0o644)
		err := export.WriteCSVFolder(dir, sheets)
		if toc.ErrorCode(err) != toc.ECONFLICT || !strings.Contains(err.Error(), "holds") {
			t.Fatalf("err = %v, want a conflict naming what it holds", err)
		}
		if got := entries(t, dir); !slices.Equal(got, []string{"kpis.csv", "toc.yaml"}) {
			t.Errorf("the folder now holds %v", got)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "kpis.csv")); string(b) != "kpi,period,value\n" {
			t.Errorf("kpis.csv was changed: %q", b)
		}
	})
	t.Run("RefusesAFile", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "out.csv")
		os.WriteFile(file, []byte("x"), 0o644)
		if err := export.WriteCSVFolder(file, sheets); toc.ErrorCode(err) != toc.ECONFLICT {
			t.Fatalf("err = %v, want a conflict", err)
		}
	})
	t.Run("NothingOnFailure", func(t *testing.T) {
		// A folder that cannot be made, or a file that fails half-way (two
		// sheets of one name: the second cannot be created), leaves nothing.
		if err := export.WriteCSVFolder(filepath.Join(parent, "missing", "csv"), sheets); err == nil {
			t.Fatal("wrote into a folder that does not exist")
		}
		if err := export.WriteCSVFolder(filepath.Join(parent, "twice"), append(sheets, sheets[0])); err == nil {
			t.Fatal("wrote two sheets into one file")
		}
		if got := entries(t, parent); !slices.Equal(got, []string{"csv"}) {
			t.Errorf("beside the export: %v", got)
		}
	})
}
