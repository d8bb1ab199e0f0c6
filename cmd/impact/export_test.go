package main

import (
	"archive/zip"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// iatiSchema is the IATI 2.03 activity schema of the shared folder.
const iatiSchema = "../../testdata/iati-2.03/iati-activities-schema.xsd"

// metricsMap is impact metrics --json of the folder, read as JSON.
func metricsMap(t *testing.T, run func(args ...string) cliResult, args ...string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(run(append([]string{"metrics", "--json"}, args...)...).want(t, exitOK).stdout), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// importedSmall is the worked example, imported.
func importedSmall(t *testing.T, edits ...string) (string, func(args ...string) cliResult) {
	t.Helper()
	dir := smallFolder(t)
	if len(edits) > 0 {
		src, err := os.ReadFile(filepath.Join(dir, "toc.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		s := string(src)
		for i := 0; i < len(edits); i += 2 {
			if !strings.Contains(s, edits[i]) {
				t.Fatalf("toc.yaml has no %q", edits[i])
			}
			s = strings.Replace(s, edits[i], edits[i+1], 1)
		}
		os.WriteFile(filepath.Join(dir, "toc.yaml"), []byte(s), 0o644)
	}
	run := func(args ...string) cliResult { return storeRun(t, dir, false, args...) }
	run("import", filepath.Join(dir, "participation.csv"), filepath.Join(dir, "outcomes.csv"), filepath.Join(dir, "kpis.csv")).want(t, exitOK)
	return dir, run
}

// TestApp_RunExport_SmallExample checks the worked example's workbooks
// and CSV folders, a director's and a funder's, against impact metrics
// --json of the same audience, and their KPI history against kpis.csv.
func TestApp_RunExport_SmallExample(t *testing.T) {
	_, run := importedSmall(t)
	out := t.TempDir()
	// kpis.csv, as worked out by hand: the 310 encounters were corrected
	// to 330; two values came with notes.
	history := map[string][]string{
		"director": {
			"trainees-graduating|2022/23||14|current|", "trainees-graduating|2023/24||17|current|two trainees deferred",
			"reading-age-gap|2023/24|kfs|10.5|current|", "reading-age-gap|2023/24|wsh|12.5|current|",
			"careers-encounters|2023/24||310|superseded|", "careers-encounters|2023/24||330|current|late returns from Hollins",
		},
		"funder": {
			"trainees-graduating|2022/23||14", "trainees-graduating|2023/24||17",
			"reading-age-gap|2023/24|wsh|12.5", "reading-age-gap|2023/24|kfs|10.5", "careers-encounters|2023/24||330",
		},
	}
	for _, aud := range []string{"director", "funder"} {
		t.Run(aud, func(t *testing.T) {
			m := metricsMap(t, run, "--audience", aud)
			xlsx := filepath.Join(out, aud+".xlsx")
			r := run("export", "--format", "xlsx", "--out", xlsx, "--audience", aud).want(t, exitOK)
			if !strings.Contains(r.stdout, "wrote "+xlsx) {
				t.Errorf("stdout %q does not say what it wrote", r.stdout)
			}
			sheets := checkWorkbook(t, xlsx, m, 6)
			folder := filepath.Join(out, aud+"-csv")
			run("export", "--format", "csv", "--out", folder, "--audience", aud).want(t, exitOK)
			files := checkCSVFolder(t, folder, m, 6)

			var got []string
			keep := map[string][]string{"director": {"kpi", "period", "school", "value", "status", "note"}, "funder": {"kpi", "period", "school", "value"}}[aud]
			header := files["KPI history"][0]
			for i, rec := range files["KPI history"][1:] {
				var f []string
				for _, k := range keep {
					j := slices.Index(header, k)
					if j < 0 {
						t.Fatalf("kpi-history.csv has no column %s: %v", k, header)
					}
					f = append(f, rec[j])
					if x := sheets["KPI history"][i+1][j]; x.raw != rec[j] {
						t.Errorf("KPI history row %d: %s is %q in the workbook, %q in the csv", i+2, k, x.raw, rec[j])
					}
				}
				got = append(got, strings.Join(f, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(history[aud], "\n") {
				t.Errorf("KPI history:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(history[aud], "\n"))
			}
			if aud == "funder" {
				for _, f := range []string{xlsx, filepath.Join(folder, "kpi-history.csv")} {
					noneOf(t, f, "deferred", "late returns")
				}
			}
		})
	}
}

// noneOf fails if a file, or any file of an xlsx's archive, holds any of
// the texts.
func noneOf(t *testing.T, path string, texts ...string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	content := string(b)
	if strings.HasSuffix(path, ".xlsx") {
		content = unzipText(t, path)
	}
	for _, s := range texts {
		if strings.Contains(content, s) {
			t.Errorf("%s holds %q", filepath.Base(path), s)
		}
	}
}

// TestApp_RunExport_FunderHidesSmallCounts exports a partnership whose
// activities reach 5 and 3 pupils: the director's workbook shows those
// counts, the funder's holds no count from 1 to min_cell−1 in any count
// column of any sheet.
func TestApp_RunExport_FunderHidesSmallCounts(t *testing.T) {
	const header = "activity,date,participant,school,disadvantaged\n"
	dir := leakyFolder(t, header+rows("big", "2024-10-01", "a", "yes", 0, 14)+rows("big", "2024-10-01", "b", "no", 100, 20)+
		rows("small", "2024-10-02", "a", "yes", 200, 5)+rows("small", "2024-10-02", "b", "no", 300, 7)+rows("tiny", "2023-10-03", "b", "no", 400, 3))
	counts := map[string]bool{"participants": true, "disadvantaged": true, "known": true, "n_intervention": true, "n_comparison": true}
	small := func(aud string) (n, marked int) {
		out := filepath.Join(t.TempDir(), aud+".xlsx")
		storeRun(t, dir, false, "export", "--format", "xlsx", "--out", out, "--audience", aud).want(t, exitOK)
		_, sheets := readWorkbook(t, out)
		for name, rows := range sheets {
			for _, row := range rows[1:] {
				for c, cell := range row {
					if !counts[rows[0][c].raw] {
						continue
					}
					if v, err := strconv.Atoi(cell.raw); err == nil && v >= 1 && v < 6 {
						n++
						if aud == "funder" {
							t.Errorf("%s: %s = %d in the funder's workbook", name, rows[0][c].raw, v)
						}
					} else if cell.raw == "<6" || cell.raw == "c" {
						marked++
					} else if err != nil {
						t.Errorf("%s: %s = %q, want a count, <6 or c", name, rows[0][c].raw, cell.raw)
					}
				}
			}
		}
		return n, marked
	}
	if n, _ := small("director"); n == 0 {
		t.Fatal("the director's workbook shows no small count: the test proves nothing")
	}
	if _, marked := small("funder"); marked == 0 {
		t.Error("the funder's workbook marks no count as <6 or c")
	}
}

// TestApp_RunExport_FormulaTitle puts a formula in an activity's title
// and a negative KPI value in the store: the title stays text, with ', in
// the workbook and the CSV; the value stays a number.
func TestApp_RunExport_FormulaTitle(t *testing.T) {
	const formula = `=HYPERLINK("http://x","y")`
	_, run := importedSmall(t, "title: Activity scitt", `title: '`+formula+`'`)
	run("log", "--kpi", "reading-age-gap", "--period", "2024/25", "--value", "-3").want(t, exitOK)
	out := t.TempDir()
	xlsx, folder := filepath.Join(out, "x.xlsx"), filepath.Join(out, "csv")
	run("export", "--format", "xlsx", "--out", xlsx).want(t, exitOK)
	run("export", "--format", "csv", "--out", folder).want(t, exitOK)
	_, sheets := readWorkbook(t, xlsx)
	title := sheets["Activities"][1][1]
	if title.raw != "'"+formula || (title.typ != excelize.CellTypeSharedString && title.typ != excelize.CellTypeInlineString) {
		t.Errorf("Activities!B2 = %+v, want the text '%s", title, formula)
	}
	b, _ := os.ReadFile(filepath.Join(folder, "activities.csv"))
	if !strings.Contains(string(b), `"'=HYPERLINK(""http://x"",""y"")"`) {
		t.Errorf("activities.csv does not hold the title as text:\n%s", b)
	}
	found := false
	for _, row := range sheets["KPI history"] {
		if row[0].raw == "reading-age-gap" && row[1].raw == "2024/25" {
			found = row[3].raw == "-3" && row[3].typ == excelize.CellTypeUnset // a number: excelize gives no type
		}
	}
	if !found {
		t.Error("the KPI history does not hold -3 as a number")
	}
}

// unzipText is the text of every part of an xlsx archive.
func unzipText(t *testing.T, path string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var b strings.Builder
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(&b, r); err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
	return b.String()
}

// validateIATI checks an IATI file against the schema with xmllint,
// skipped where xmllint is missing unless in CI.
func validateIATI(t *testing.T, file string) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint is missing: .ci/run installs libxml2-utils")
		}
		t.Skip("xmllint is missing: install libxml2-utils to validate IATI files")
	}
	if out, err := exec.Command("xmllint", "--noout", "--schema", iatiSchema, file).CombinedOutput(); err != nil {
		t.Fatalf("%s does not validate against IATI 2.03: %v\n%s", file, err, out)
	}
}

// TestApp_RunExport_Demo checks the demo's workbooks against impact
// metrics --json and its IATI file against the schema and the KPIs.
func TestApp_RunExport_Demo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	runCLI(t, demoEnv, "demo", "--out", dir).want(t, exitOK)
	run := func(args ...string) cliResult {
		return runCLI(t, demoEnv, append(args, "--dir", dir)...)
	}
	out := t.TempDir()
	funder := metricsMap(t, run, "--audience", "funder")
	for _, aud := range []string{"director", "funder"} {
		t.Run(aud, func(t *testing.T) {
			m := funder
			if aud == "director" {
				m = metricsMap(t, run)
			}
			xlsx := filepath.Join(out, aud+".xlsx")
			run("export", "--format", "xlsx", "--out", xlsx, "--audience", aud).want(t, exitOK)
			checkWorkbook(t, xlsx, m, 6)
		})
	}
	t.Run("CSVScoped", func(t *testing.T) {
		acts := []string{"--activity", "scitt", "--activity", "phonics-catch-up-2"}
		m := metricsMap(t, run, append([]string{"--audience", "funder"}, acts...)...)
		folder := filepath.Join(out, "csv")
		run(append([]string{"export", "--format", "csv", "--out", folder, "--audience", "funder"}, acts...)...).want(t, exitOK)
		checkCSVFolder(t, folder, m, 6)
	})
	t.Run("IATI", func(t *testing.T) {
		file := filepath.Join(out, "iati.xml")
		run("export", "--format", "iati", "--out", file).want(t, exitOK)
		validateIATI(t, file)
		var doc struct {
			Identifier string `xml:"iati-activity>iati-identifier"`
			Results    []struct {
				Title   string `xml:"title>narrative"`
				Periods []struct {
					Start struct {
						Date string `xml:"iso-date,attr"`
					} `xml:"period-start"`
					Actual []struct {
						Value string `xml:"value,attr"`
					} `xml:"actual"`
				} `xml:"indicator>period"`
			} `xml:"iati-activity>result"`
		}
		b, _ := os.ReadFile(file)
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		kpis := funder["kpis"].([]any)
		if doc.Identifier != "AA-AAA-123456789-tyne-valley" || len(doc.Results) != len(kpis) {
			t.Fatalf("identifier %q, %d results for %d KPIs", doc.Identifier, len(doc.Results), len(kpis))
		}
		// Each KPI's values in force are the actuals of its periods: the
		// IATI file is the funder's view, as impact metrics gives it.
		for i, k := range kpis {
			k := k.(map[string]any)
			want := map[string]float64{}
			for _, v := range k["values"].([]any) {
				v := v.(map[string]any)
				want[v["period"].(string)[:4]+"-09-01"] = v["value"].(float64)
			}
			got := 0
			for _, p := range doc.Results[i].Periods {
				if len(p.Actual) == 0 {
					continue
				}
				got++
				if v, err := strconv.ParseFloat(p.Actual[0].Value, 64); err != nil || v != want[p.Start.Date] {
					t.Errorf("%s from %s: actual %s, want %v", k["id"], p.Start.Date, p.Actual[0].Value, want[p.Start.Date])
				}
			}
			if got != len(want) || doc.Results[i].Title != k["title"] {
				t.Errorf("%s (%q): %d actuals, want %d", k["id"], doc.Results[i].Title, got, len(want))
			}
		}
	})
}

// TestApp_RunExport_Refuses checks that a refused export exits with the
// right code and a message saying what to do, and writes nothing.
func TestApp_RunExport_Refuses(t *testing.T) {
	dir, _ := importedSmall(t)
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"NoFormat", []string{"--out", "x.xlsx"}, exitUsage, "--format is required"},
		{"BadFormat", []string{"--format", "pdf", "--out", "x.pdf"}, exitUsage, `--format "pdf": expected xlsx, csv or iati`},
		{"NoOut", []string{"--format", "xlsx"}, exitUsage, "--out PATH is required"},
		{"BadAudience", []string{"--format", "xlsx", "--out", filepath.Join(out, "x.xlsx"), "--audience", "board"}, exitUsage, "expected director or funder"},
		{"Argument", []string{"--format", "xlsx", "--out", filepath.Join(out, "x.xlsx"), "extra"}, exitUsage, "takes no arguments"},
		{"IATIScoped", []string{"--format", "iati", "--out", filepath.Join(out, "x.xml"), "--activity", "scitt"}, exitUsage, "reports the whole partnership"},
		{"NoIATIBlock", []string{"--format", "iati", "--out", filepath.Join(out, "x.xml")}, exitInvalid, "toc.yaml has no iati: block"},
		{"UnknownActivity", []string{"--format", "xlsx", "--out", filepath.Join(out, "x.xlsx"), "--activity", "nope"}, exitInvalid, "nope"},
		{"OverTheToC", []string{"--format", "xlsx", "--out", filepath.Join(dir, "toc.yaml")}, exitInvalid, "refusing to replace"},
		{"OverANote", []string{"--format", "iati", "--out", filepath.Join(out, "notes.txt")}, exitInvalid, "refusing to replace"},
		{"CSVOverThePartnership", []string{"--format", "csv", "--out", dir}, exitInvalid, "not the folder of an earlier csv export"},
		{"MissingFolder", []string{"--format", "xlsx", "--out", filepath.Join(out, "no", "x.xlsx")}, exitInternal, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, beforeOut := folderSums(t, dir), folderSums(t, out)
			r := storeRun(t, dir, false, append([]string{"export"}, tt.args...)...).want(t, tt.code)
			if !strings.Contains(r.stderr, tt.want) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr %q, want one line saying %q", r.stderr, tt.want)
			}
			if after := folderSums(t, dir); len(after) != len(before) || !sameSums(before, after) {
				t.Error("the partnership folder changed")
			}
			if !sameSums(beforeOut, folderSums(t, out)) {
				t.Error("something was written")
			}
		})
	}
	t.Run("Help", func(t *testing.T) {
		r := storeRun(t, dir, false, "export", "--help").want(t, exitOK)
		for _, w := range []string{"Usage: impact export --format xlsx|csv|iati --out PATH", "KPI history", "<N", "iati:", "Examples:"} {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("--help does not say %q", w)
			}
		}
	})
}

// sameSums says whether two fingerprints of a folder are the same.
func sameSums(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
