package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/schoolstogether/impact/metrics"
)

// exports are the fixtures of testdata/imports (go run
// testdata/imports/generate.go writes them), as school systems export.
const exports = "../../testdata/imports/"

// misFolder is a partnership folder with the worked MIS example's
// toc.yaml (schools with URN and LAEstab; reading-buddies, coding-club).
func misFolder(t *testing.T, extra string) string {
	t.Helper()
	src, err := os.ReadFile("../../testdata/partnerships/mis/toc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return writeTOC(t, string(src)+extra)
}

// TestApp_RunImport_SchoolSystems imports one export of each school
// system in turn into one folder, each with its exact summary, then checks
// what the metrics make of them all, worked by hand, and that no personal
// column and no identifier reached the database.
func TestApp_RunImport_SchoolSystems(t *testing.T) {
	dir := misFolder(t, "")
	steps := []struct {
		name string
		args []string
		want string
	}{
		{"SIMSRegisterWindows1252", []string{"--activity", "reading-buddies", "--date", "2024-10-07", exports + "sims-register.csv"},
			exports + "sims-register.csv: 5 participation rows (Windows-1252)\n" +
				"  columns: UPN → participant, NC Year Actual → year_group, Gender → sex, Pupil Premium Indicator → disadvantaged, SEN Status → sen, eal, school\n" +
				"  every row: activity reading-buddies, date 2024-10-07\n" +
				"  ignored columns: Reg Group\n" +
				"  dropped personal columns: Legal Surname, Legal Forename, DOB\n" +
				"  rows per activity: reading-buddies 5\n" +
				"  pupils: 5\n" +
				"imported 5 rows from 1 file\n"},
		// 10 rows: the # mark is no possible session (skipped), the other
		// nine are written, four of them absences.
		{"ArborMarks", []string{"--activity", "coding-club", exports + "arbor-marks.csv"},
			exports + "arbor-marks.csv: 9 participation rows (UTF-8)\n" +
				"  columns: STUDENT_ID → participant, date, RAW_MARK → mark, SCHOOL_URN → school\n" +
				"  every row: activity coding-club\n" +
				"  dropped personal columns: STUDENT_NAME\n" +
				"  rows per activity: coding-club 9\n" +
				"  pupils: 4\n" +
				"  skipped: 1 row marked as no possible session (X, Y, Z, #)\n" +
				"imported 9 rows from 1 file\n"},
		{"BromcomPupilsSemicolons", []string{exports + "bromcom-pupils.csv"},
			exports + "bromcom-pupils.csv: 3 pupil rows (UTF-8)\n" +
				"  columns: Student ID → participant, Year → year_group, Gender → sex, FSM Eligible → disadvantaged, SEN Provision → sen, First Language → eal, looked_after, LAEstab → school\n" +
				"  ignored columns: Tutor Group\n" +
				"  dropped personal columns: Forename, Surname, Date of Birth, Home Address, Postcode, Parent Email, Contact Phone\n" +
				"  pupils: 3\n" +
				"imported 3 rows from 1 file\n"},
		{"ScholarPackWorkbook", []string{"--activity", "coding-club", exports + "scholarpack-register.xlsx"},
			exports + "scholarpack-register.xlsx: 3 participation rows (Excel workbook)\n" +
				"  columns: UPN → participant, Year → year_group, sex, Pupil Premium → disadvantaged, sen, eal, Session Date → date\n" +
				"  every row: activity coding-club\n" +
				"  ignored columns: Class\n" +
				"  dropped personal columns: First Name, Last Name\n" +
				"  rows per activity: coding-club 3\n" +
				"  pupils: 3\n" +
				"imported 3 rows from 1 file\n"},
		{"SIMSMarksheetUTF16Tabs", []string{"--activity", "reading-buddies", exports + "sims-marksheet.txt"},
			exports + "sims-marksheet.txt: 4 outcome rows (UTF-16)\n" +
				"  columns: Adno → participant, measure, group, pre, post, date\n" +
				"  every row: activity reading-buddies\n" +
				"  dropped personal columns: Name\n" +
				"  rows per activity: reading-buddies 4\n" +
				"  pupils: 4\n" +
				"imported 4 rows from 1 file\n"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			r := storeRun(t, dir, false, append([]string{"import"}, s.args...)...).want(t, 0)
			if r.stdout != s.want {
				t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, s.want)
			}
		})
	}

	r := storeRun(t, dir, false, "metrics", "--json").want(t, 0)
	var res metrics.Result
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	// Participants: A1–A5 (the register), A1, A3, A6 attending the club
	// (A7 only ever absent), A1, A6, A8 in the workbook, and three
	// admission numbers of the marksheet's intervention group: 10.
	// Facts, the latest import winning within 2024/25 (the undated pupil
	// list falls there): A1 5 F N N, dis (Y, ✓); A2 5 F K EAL, not; A3 6
	// M E, dis; A4 6 (register) Girl, None, English, not looked after, dis
	// (Eligible); A5 12 M, not; A6 5 M K Urdu, not looked after, not (✗,
	// Not eligible); A8 6 F, dis (✓); the marksheet's pupils unknown.
	want := map[string]string{
		"disadvantaged": "yes 4, no 3, unknown 3",
		"year_group":    "5 3, 6 3, 12 1, unknown 3",
		"sex":           "female 4, male 3, unknown 3",
		"sen":           "ehcp 1, sen-support 2, none 2, unknown 5",
		"eal":           "yes 2, no 5, unknown 3",
		"looked_after":  "no 2, unknown 8",
	}
	if res.Reach.Participants.N != 10 {
		t.Errorf("participants %s, want 10", res.Reach.Participants)
	}
	for _, b := range res.Breakdowns.Lists() {
		if got := show(b.Groups); got != want[b.Characteristic] {
			t.Errorf("%s: %s, want %s", b.Characteristic, got, want[b.Characteristic])
		}
	}
	for _, a := range res.Activities {
		switch a.ID {
		case "coding-club":
			// Arbor's marks: /, L, \, /, / attend; N, O, N, N absent; the
			// workbook has no marks. 5 / 9.
			if a.Participants.N != 4 || a.AttendanceRate == nil || math.Abs(*a.AttendanceRate-5.0/9) > 1e-12 {
				t.Errorf("coding-club: %s participants, attendance %v; want 4 and 5/9", a.Participants, a.AttendanceRate)
			}
		case "reading-buddies":
			// Pre-post over three: gains 180, 240, 125 (mean 181.67), s_pre
			// of 840, 910, 780 is 65.064, d = 2.7921, g = d·(1 − 3/7) = 1.5955.
			if a.Participants.N != 8 || a.AttendanceRate != nil || len(a.EffectSizes) != 1 || a.EffectSizes[0].G == nil ||
				math.Abs(*a.EffectSizes[0].G-1.5955) > 5e-5 {
				t.Errorf("reading-buddies: %s participants, attendance %v, effects %+v", a.Participants, a.AttendanceRate, a.EffectSizes)
			}
		}
	}

	// Nothing personal and no identifier is in the database or its WAL,
	// in UTF-8 or in Windows-1252.
	var secrets []string
	for _, s := range []string{"Nguyen", "Zoë", "Siân", "O'Brien", "Renée", "Patel", "Khan", "Hussain", "Brown", "Grace", "Taylor",
		"14/03/2015", "21/01/2014", "Mill Lane", "NE1 1AA", "parent4@example.org", "0191 000 0004", "Amir Hussain",
		"A100000000001", "A100000000008", "001234", "001237"} {
		secrets = append(secrets, s)
		// A Windows-1252 form under five bytes could turn up in the
		// pseudonyms' bytes by chance (a 3-byte "Zo\xeb" in one run of a
		// few hundred): only the longer ones prove anything.
		if w, err := charmap.Windows1252.NewEncoder().String(s); err == nil && w != s && len(w) >= 5 {
			secrets = append(secrets, w)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "impact.db*"))
	if len(files) == 0 {
		t.Fatal("no database")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q", filepath.Base(f), s)
			}
		}
	}
}

// show writes a breakdown as "group n, …".
func show(gs []metrics.GroupCount) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = g.Group + " " + g.Participants.String()
	}
	return strings.Join(parts, ", ")
}

// TestApp_RunImport_SchoolSystemErrors: what goes wrong with exports, each
// with its exact message and exit code, and nothing written.
func TestApp_RunImport_SchoolSystemErrors(t *testing.T) {
	write := func(t *testing.T, dir, name, content string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cases := []struct {
		name   string
		extra  string // added to toc.yaml
		file   func(t *testing.T, dir string) string
		flags  []string
		code   int
		stderr string // {file} stands for the file's path
	}{
		{"Slips", "", func(*testing.T, string) string { return exports + "sims-register-slips.csv" },
			[]string{"--activity", "reading-buddies", "--date", "2024-10-07"}, 1,
			exports + "sims-register-slips.csv:3:3: year_group: expected a year group N1, N2, R or 1 to 13 (Y7, Year 7), got \"Year 15\"\n" +
				exports + "sims-register-slips.csv:4:4: sex: expected F/Female/Girl, M/Male/Boy or X/Other, got \"Q\"\n" +
				exports + "sims-register-slips.csv:5:5: sen: expected a SEN code E (EHC plan), K (SEN support) or N (none), got \"Z\"\n" +
				exports + "sims-register-slips.csv:5:6: school: expected a school of toc.yaml (its id, name, URN or LAEstab), got \"Eastfield Academy\"\n"},
		{"UnknownColumn", "", func(t *testing.T, dir string) string {
			return write(t, dir, "list.csv", "UPN,Bus Route,Gender\nA1,12,F\n")
		}, nil, 1, "{file}:1:2: unknown column \"Bus Route\": pupils columns are participant (optional: school, disadvantaged, period, year_group, sex, sen, eal, looked_after)\n"},
		{"UnknownColumnIgnored", "imports: {ignore: [Bus Route]}\n", func(t *testing.T, dir string) string {
			return write(t, dir, "list.csv", "UPN,Bus Route,Gender\nA1,12,F\n")
		}, nil, 0, ""},
		{"ActivityTwice", "", func(t *testing.T, dir string) string {
			return write(t, dir, "p.csv", "activity,date,participant\ncoding-club,2024-11-04,A1\n")
		}, []string{"--activity", "coding-club"}, 2, "impact import: {file} has an activity column: --activity is for a file without one (a register exported for one activity)\n"},
		{"DateWithoutActivity", "", func(*testing.T, string) string { return exports + "sims-register.csv" },
			[]string{"--date", "2024-10-07"}, 2,
			"impact import: --date goes with --activity: it dates a register of one activity\n"},
		{"FutureDate", "", func(*testing.T, string) string { return exports + "sims-register.csv" },
			[]string{"--activity", "reading-buddies", "--date", "2025-06-01"}, 1, "impact import: --date: 2025-06-01 is after today (1 March 2025): expected a date that has passed\n"},
		{"NoSuchSheet", "", func(*testing.T, string) string { return exports + "scholarpack-register.xlsx" },
			[]string{"--activity", "coding-club", "--sheet", "Chess club"}, 1, "{file}: --sheet \"Chess club\": the workbook has no such sheet, only Coding club\n"},
		{"SheetOfACSV", "", func(*testing.T, string) string { return exports + "arbor-marks.csv" },
			[]string{"--activity", "coding-club", "--sheet", "Marks"}, 2, "impact import: --sheet \"Marks\": {file} is not a workbook (.xlsx)\n"},
		{"UnknownEncoding", "", func(*testing.T, string) string { return exports + "arbor-marks.csv" },
			[]string{"--encoding", "latin9"}, 2, "impact import: --encoding \"latin9\": expected utf-8 or windows-1252\n"},
		{"CommaDecimal", "", func(t *testing.T, dir string) string {
			return write(t, dir, "kpis.csv", "kpi;period;value\nreaders;2024/25;1,5\n")
		}, nil, 1, "{file}:2:3: value: expected a number such as 1234.5 or 1,234.5 (commas only between thousands), got \"1,5\"\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := misFolder(t, c.extra)
			storeRun(t, dir, false, "imports").want(t, 0) // the database and key are made
			file := c.file(t, t.TempDir())
			before := folderSums(t, dir)
			r := storeRun(t, dir, false, append(append([]string{"import"}, c.flags...), file)...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", r.code, c.code, r.stdout, r.stderr)
			}
			if want := strings.ReplaceAll(c.stderr, "{file}", file); r.stderr != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, want)
			}
			if c.code != 0 && !maps.Equal(folderSums(t, dir), before) {
				t.Error("a refused import changed the folder")
			}
		})
	}
}

// TestApp_RunImport_DryRun: --dry-run says what would be imported and
// writes nothing.
func TestApp_RunImport_DryRun(t *testing.T) {
	dir := misFolder(t, "")
	storeRun(t, dir, false, "imports").want(t, 0) // the database and key are made
	before := folderSums(t, dir)
	r := storeRun(t, dir, false, "import", "--dry-run", "--activity", "coding-club", exports+"arbor-marks.csv").want(t, 0)
	if !strings.HasPrefix(r.stdout, exports+"arbor-marks.csv: 9 participation rows (UTF-8)\n") ||
		!strings.HasSuffix(r.stdout, "dry run: would import 9 rows from 1 file; nothing was written\n") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	after := folderSums(t, dir)
	if !maps.Equal(after, before) {
		t.Errorf("a dry run changed the folder:\nbefore %v\nafter %v", before, after)
	}
}

// TestApp_MISExample runs the worked example of DESIGN §11 as its README
// says (testdata/partnerships/mis, a copy of shared/examples/mis) and
// checks every key of its expected-breakdowns.json, worked out by hand.
func TestApp_MISExample(t *testing.T) {
	src := "../../testdata/partnerships/mis"
	dir := t.TempDir()
	for _, f := range []string{"toc.yaml", "sims-register.csv", "arbor-marks.csv", "pupils.csv"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	storeRun(t, dir, false, "check").want(t, 0)
	storeRun(t, dir, false, "import", "--activity", "reading-buddies", "--date", "2024-10-07", filepath.Join(dir, "sims-register.csv")).want(t, 0)
	storeRun(t, dir, false, "import", "--activity", "coding-club", filepath.Join(dir, "arbor-marks.csv")).want(t, 0)
	storeRun(t, dir, false, "import", filepath.Join(dir, "pupils.csv")).want(t, 0)
	got := storeRun(t, dir, false, "metrics", "--json").want(t, 0).stdout
	want, err := os.ReadFile(filepath.Join(src, "expected-breakdowns.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	for _, d := range subsetDiff("", w, g) {
		t.Error(d)
	}
}

// subsetDiff lists where got lacks or differs from a key of want; lists
// must match in length, objects may have more keys.
func subsetDiff(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{path + ": not an object"}
		}
		var out []string
		for k, v := range w {
			gv, ok := g[k]
			if !ok {
				out = append(out, path+"."+k+": missing")
				continue
			}
			out = append(out, subsetDiff(path+"."+k, v, gv)...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: %v, want %v", path, got, want)}
		}
		var out []string
		for i := range w {
			out = append(out, subsetDiff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return out
	}
	if fmt.Sprint(want) != fmt.Sprint(got) {
		return []string{fmt.Sprintf("%s: %v, want %v", path, got, want)}
	}
	return nil
}
