package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// This file checks an export against impact metrics --json, value by
// value, with its own reading of the JSON: each sheet's rows are JSON
// objects, each column the value of its key there.

// exportSheets are the sheets of DESIGN §14, in order, with the CSV file
// of each.
var exportSheets = []struct{ name, file string }{
	{"Summary", "summary.csv"}, {"KPIs", "kpis.csv"}, {"KPI history", "kpi-history.csv"}, {"Activities", "activities.csv"},
	{"Effect sizes", "effect-sizes.csv"}, {"Schools", "schools.csv"}, {"Reach by period", "reach-by-period.csv"}, {"Breakdowns", "breakdowns.csv"},
}

// summaryKeys are the Summary's columns that name a nested key of the JSON.
var summaryKeys = map[string]string{
	"participants": "reach.participants", "disadvantaged": "reach.disadvantaged", "known": "reach.known",
	"schools": "reach.schools", "activities": "reach.activities", "participant_share": "disadvantage.participant_share",
	"population_share": "disadvantage.population_share", "targeting_ratio": "disadvantage.targeting_ratio",
}

// breakdownOrder is the order of DESIGN §11.1.
var breakdownOrder = []string{"disadvantaged", "year_group", "sex", "sen", "eal", "looked_after"}

// lookup finds a dotted key in a JSON object; a missing key is reported.
func lookup(obj map[string]any, key string) (any, bool) {
	var v any = obj
	for _, part := range strings.Split(key, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, v == nil // under a null object: null
		}
		if v, ok = m[part]; !ok {
			return nil, false
		}
	}
	return v, true
}

// expectedRows are the JSON objects a sheet's rows show, in order, with
// the keys the JSON lacks added as the export fills them.
func expectedRows(t *testing.T, m map[string]any, sheet string, minCell int) []map[string]any {
	t.Helper()
	list := func(v any) []map[string]any {
		var out []map[string]any
		for _, x := range v.([]any) {
			out = append(out, x.(map[string]any))
		}
		return out
	}
	with := func(obj map[string]any, kv ...any) map[string]any {
		c := map[string]any{}
		for k, v := range obj {
			c[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			c[kv[i].(string)] = kv[i+1]
		}
		return c
	}
	switch sheet {
	case "Summary":
		row := with(m, "min_cell", float64(minCell))
		var periods []string
		for _, p := range m["periods"].([]any) {
			periods = append(periods, p.(string))
		}
		row["periods"] = strings.Join(periods, ", ")
		for col, key := range summaryKeys {
			row[col], _ = lookup(m, key)
		}
		return []map[string]any{row}
	case "KPIs":
		var out []map[string]any
		for _, k := range list(m["kpis"]) {
			if _, ok := k["partnership_wide"]; !ok {
				k = with(k, "partnership_wide", false) // omitted when false
			}
			out = append(out, k)
		}
		return out
	case "Activities":
		return list(m["activities"])
	case "Schools":
		return list(m["schools"])
	case "Reach by period":
		return list(m["reach"].(map[string]any)["by_period"])
	case "Effect sizes":
		var out []map[string]any
		for _, a := range list(m["activities"]) {
			for _, e := range list(a["effect_sizes"]) {
				out = append(out, with(e, "activity", a["id"], "group", "all"))
				for _, sg := range list(e["subgroups"]) {
					out = append(out, with(sg, "activity", a["id"], "measure", e["measure"]))
				}
			}
		}
		return out
	case "Breakdowns":
		var out []map[string]any
		add := func(activity any, b map[string]any) {
			for _, c := range breakdownOrder {
				for _, g := range list(b[c]) {
					out = append(out, with(g, "activity", activity, "characteristic", c))
				}
			}
		}
		add(nil, m["breakdowns"].(map[string]any))
		for _, a := range list(m["activities"]) {
			add(a["id"], a["breakdowns"].(map[string]any))
		}
		return out
	}
	t.Fatalf("no rows of sheet %s", sheet)
	return nil
}

// guarded is text as a spreadsheet must get it: a leading =, +, -, @, tab
// or CR prefixed with '.
func guarded(s string) string {
	if s != "" && strings.ContainsAny(s[:1], "=+-@\t\r") {
		return "'" + s
	}
	return s
}

// xcell is a workbook cell: its type and raw value.
type xcell struct {
	typ excelize.CellType
	raw string
}

// readWorkbook reads every cell of every sheet, header rows included.
func readWorkbook(t *testing.T, path string) (names []string, sheets map[string][][]xcell) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets = map[string][][]xcell{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		width := len(rows[0])
		for r, row := range rows {
			if len(row) == 0 {
				break // the Summary's notes follow a blank row
			}
			cells := make([]xcell, width)
			for c := range width {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(name, ref)
				if err != nil {
					t.Fatal(err)
				}
				cells[c] = xcell{typ, ""}
				if c < len(row) {
					cells[c].raw = row[c]
				}
			}
			sheets[name] = append(sheets[name], cells)
		}
	}
	return f.GetSheetList(), sheets
}

// sameXLSX says what is wrong with a workbook cell holding a JSON value.
func sameXLSX(c xcell, want any) string {
	ok := false
	switch w := want.(type) {
	case nil:
		ok = c.raw == ""
	case float64:
		got, err := strconv.ParseFloat(c.raw, 64)
		ok = err == nil && got == w && (c.typ == excelize.CellTypeUnset || c.typ == excelize.CellTypeNumber)
	case string:
		ok = c.raw == guarded(w) && (c.typ == excelize.CellTypeSharedString || c.typ == excelize.CellTypeInlineString)
	case bool:
		ok = c.typ == excelize.CellTypeBool && c.raw == map[bool]string{true: "1", false: "0"}[w]
	}
	if ok {
		return ""
	}
	return "holds " + strconv.Quote(c.raw) + " (type " + strconv.Itoa(int(c.typ)) + "), want " + jsonText(want)
}

// sameCSV says what is wrong with a CSV field holding a JSON value.
func sameCSV(field string, want any) string {
	ok := false
	switch w := want.(type) {
	case nil:
		ok = field == ""
	case float64:
		got, err := strconv.ParseFloat(field, 64)
		ok = err == nil && got == w
	case string:
		ok = field == guarded(w)
	case bool:
		ok = field == strconv.FormatBool(w)
	}
	if ok {
		return ""
	}
	return "holds " + strconv.Quote(field) + ", want " + jsonText(want)
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// checkAgainstJSON compares every sheet but the KPI history, cell by
// cell, with the JSON; header and cells come from get. It returns how many
// cells it compared.
func checkAgainstJSON(t *testing.T, m map[string]any, minCell int, header func(sheet string) []string, cell func(sheet string, row, col int) (string, func(any) string)) int {
	t.Helper()
	n := 0
	for _, s := range exportSheets {
		if s.name == "KPI history" {
			continue
		}
		cols := header(s.name)
		for _, must := range map[string][]string{"Activities": {"id", "title", "participants", "disadvantaged"}, "Schools": {"id", "participants"}}[s.name] {
			if !slices.Contains(cols, must) {
				t.Errorf("%s has no column %s: %v", s.name, must, cols)
			}
		}
		rows := expectedRows(t, m, s.name, minCell)
		for r, obj := range rows {
			for c, key := range cols {
				want, ok := lookup(obj, key)
				if !ok {
					t.Errorf("%s: column %q is no key of impact metrics --json", s.name, key)
					continue
				}
				where, diff := cell(s.name, r+1, c)
				if where == "" {
					t.Fatalf("%s has %d rows, want %d", s.name, r, len(rows))
				}
				if msg := diff(want); msg != "" {
					t.Errorf("%s %s (%s of row %d) %s", s.name, where, key, r+1, msg)
				}
				n++
			}
		}
		if where, _ := cell(s.name, len(rows)+1, 0); where != "" {
			t.Errorf("%s has more rows than the JSON's %d", s.name, len(rows))
		}
	}
	return n
}

// checkWorkbook checks a workbook's sheets against the JSON.
func checkWorkbook(t *testing.T, path string, m map[string]any, minCell int) map[string][][]xcell {
	t.Helper()
	names, sheets := readWorkbook(t, path)
	var want []string
	for _, s := range exportSheets {
		want = append(want, s.name)
	}
	if !slices.Equal(names, want) {
		t.Fatalf("sheets %q, want %q", names, want)
	}
	n := checkAgainstJSON(t, m, minCell, func(sheet string) []string {
		var h []string
		for _, c := range sheets[sheet][0] {
			h = append(h, c.raw)
		}
		return h
	}, func(sheet string, row, col int) (string, func(any) string) {
		if row >= len(sheets[sheet]) {
			return "", nil
		}
		ref, _ := excelize.CoordinatesToCellName(col+1, row+1)
		return ref, func(want any) string { return sameXLSX(sheets[sheet][row][col], want) }
	})
	t.Logf("%s: %d cells agree with impact metrics --json", filepath.Base(path), n)
	return sheets
}

// checkCSVFolder checks a csv export's files against the JSON.
func checkCSVFolder(t *testing.T, dir string, m map[string]any, minCell int) map[string][][]string {
	t.Helper()
	files := map[string][][]string{}
	for _, s := range exportSheets {
		b, err := os.ReadFile(filepath.Join(dir, s.file))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", s.file, err)
		}
		files[s.name] = recs
	}
	n := checkAgainstJSON(t, m, minCell, func(sheet string) []string { return files[sheet][0] },
		func(sheet string, row, col int) (string, func(any) string) {
			if row >= len(files[sheet]) {
				return "", nil
			}
			return "row " + strconv.Itoa(row+1), func(want any) string { return sameCSV(files[sheet][row][col], want) }
		})
	t.Logf("%s: %d fields agree with impact metrics --json", dir, n)
	return files
}
