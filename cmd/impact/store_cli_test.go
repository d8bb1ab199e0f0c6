package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/engine/sqlite"
)

// smallExample is the worked example of DESIGN §7: toc.yaml and its CSVs.
const smallExample = "../../testdata/partnerships/small"

// storeRun runs `impact ARGS --dir dir` in-process, today being 2025-03-01
// and the clock stopped at 09:30 UTC that day.
func storeRun(t *testing.T, dir string, terminal bool, args ...string) cliResult {
	t.Helper()
	return storeRunOn(t, "2025-03-01", dir, terminal, args...)
}

// storeRunOn is storeRun with another today (IMPACT_TODAY).
func storeRunOn(t *testing.T, today, dir string, terminal bool, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "IMPACT_TODAY" {
				return today
			}
			return ""
		},
		Now:              func() time.Time { return time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC) },
		StderrIsTerminal: terminal,
	}
	code := app.Run(append(args, "--dir", dir))
	return cliResult{code, out.String(), errb.String()}
}

// smallFolder copies the worked example into a new partnership folder.
func smallFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"toc.yaml", "participation.csv", "outcomes.csv", "kpis.csv"} {
		b, err := os.ReadFile(filepath.Join(smallExample, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// tableCounts counts the rows of the store's tables, opening impact.db
// directly, not through the store (which would write a ToC revision).
func tableCounts(t *testing.T, dir string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.DBFile)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var parts []string
	for _, table := range []string{"toc_revisions", "pupils", "imports", "participation", "outcomes", "kpi_values", "notes", "audit"} {
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, fmt.Sprintf("%s=%d", table, n))
	}
	return strings.Join(parts, " ")
}

func TestApp_RunImport(t *testing.T) {
	t.Run("SmallExample", func(t *testing.T) {
		dir := smallFolder(t)
		r := storeRun(t, dir, false, "import", filepath.Join(dir, "participation.csv"), filepath.Join(dir, "outcomes.csv"), filepath.Join(dir, "kpis.csv")).want(t, 0)
		// 48 + 32 rows of the two activities, 37 distinct participants
		// (awk over the files: sort -u of the upper-cased column).
		want := filepath.Join(dir, "participation.csv") + ": 80 participation rows (UTF-8)\n" +
			"  columns: activity, date, participant, school, disadvantaged\n" +
			"  rows per activity: careers-fair 48, reading-buddies 32\n" +
			"  pupils: 37\n" +
			filepath.Join(dir, "outcomes.csv") + ": 32 outcome rows (UTF-8)\n" +
			"  columns: activity, participant, measure, group, post, pre, school, disadvantaged\n" +
			"  rows per activity: reading-buddies 12, scitt 20\n" +
			"  pupils: 32\n" +
			filepath.Join(dir, "kpis.csv") + ": 6 KPI values (UTF-8)\n" +
			"  columns: kpi, period, value, school, note\n" +
			"imported 118 rows from 3 files\n"
		if r.stdout != want {
			t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, want)
		}
		if r.stderr != "" {
			t.Errorf("stderr %q, want nothing (not a terminal: no progress bar)", r.stderr)
		}
		fi, err := os.Stat(filepath.Join(dir, pseudonym.KeyFile))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("impact.key: %v, mode %v; want 0600", err, fi.Mode().Perm())
		}
		// One ToC revision, three imports, and their audit lines. Pupils:
		// 37 distinct participants in participation.csv and 32 in
		// outcomes.csv, 8 of them in both (cut | sort -u | wc -l): 61.
		if got := tableCounts(t, dir); got != "toc_revisions=1 pupils=61 imports=3 participation=80 outcomes=32 kpi_values=6 notes=0 audit=4" {
			t.Errorf("tables: %s", got)
		}
	})

	t.Run("ErrBadRows", func(t *testing.T) {
		dir := smallFolder(t)
		storeRun(t, dir, false, "import", filepath.Join(dir, "kpis.csv")).want(t, 0)
		before := tableCounts(t, dir)
		bad := filepath.Join(dir, "bad.csv")
		os.WriteFile(bad, []byte("activity,date,participant\nscitt,2024-13-01,T1\nknitting,2024-10-01,\n"), 0o644)
		r := storeRun(t, dir, false, "import", filepath.Join(dir, "participation.csv"), bad).want(t, 1)
		want := bad + `:2:2: date: expected a real date as YYYY-MM-DD or DD/MM/YYYY, got "2024-13-01"` + "\n" +
			bad + `:3:1: activity: expected an activity id of toc.yaml, got "knitting"` + "\n" +
			bad + `:3:3: participant: expected the pupil's or staff member's identifier (a UPN, say), got an empty cell` + "\n"
		if r.stderr != want || r.stdout != "" {
			t.Errorf("stderr:\n%s\nwant:\n%s\nstdout %q", r.stderr, want, r.stdout)
		}
		if after := tableCounts(t, dir); after != before {
			t.Errorf("tables changed: %s, was %s", after, before)
		}
	})

	t.Run("ErrImportedBefore", func(t *testing.T) {
		dir := smallFolder(t)
		kpis := filepath.Join(dir, "kpis.csv")
		storeRun(t, dir, false, "import", kpis).want(t, 0)
		r := storeRun(t, dir, false, "import", kpis).want(t, 1)
		want := kpis + ": the same content was imported before (as kpis.csv, 2025-03-01T09:30:00Z by " + engine.OSUser() + "): run with --again to import it again\n"
		if r.stderr != want {
			t.Errorf("stderr %q, want %q", r.stderr, want)
		}
		storeRun(t, dir, false, "import", "--again", kpis).want(t, 0)
		if got := tableCounts(t, dir); !strings.Contains(got, "imports=2 ") {
			t.Errorf("tables: %s, want 2 imports", got)
		}
	})

	t.Run("ErrUsage", func(t *testing.T) {
		dir := smallFolder(t)
		r := storeRun(t, dir, false, "import").want(t, 2)
		if r.stderr != "impact import: expected one or more files to import (see impact import --help)\n" {
			t.Errorf("stderr %q", r.stderr)
		}
		storeRun(t, dir, false, "import", "--twice", "kpis.csv").want(t, 2)
		if _, err := os.Stat(filepath.Join(dir, sqlite.DBFile)); err == nil {
			t.Error("a usage error created impact.db")
		}
	})

	t.Run("ErrInvalidToC", func(t *testing.T) {
		dir := smallFolder(t)
		os.WriteFile(filepath.Join(dir, "toc.yaml"), []byte("partnership: X\n"), 0o644)
		r := storeRun(t, dir, false, "import", filepath.Join(dir, "kpis.csv")).want(t, 1)
		if !strings.Contains(r.stderr, "toc.yaml:1:1: ") {
			t.Errorf("stderr %q, want toc.yaml's problems", r.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, sqlite.DBFile)); err == nil {
			t.Error("an invalid toc.yaml let impact.db be created")
		}
	})

	t.Run("ProgressOnATerminal", func(t *testing.T) {
		dir := smallFolder(t)
		r := storeRun(t, dir, true, "import", filepath.Join(dir, "participation.csv")).want(t, 0)
		if !strings.Contains(r.stderr, "rows/s") {
			t.Errorf("stderr %q, want a progress bar with rows/s", r.stderr)
		}
	})
}

func TestApp_RunLog(t *testing.T) {
	dir := smallFolder(t)
	who := engine.OSUser()
	r := storeRun(t, dir, false, "log", "--kpi", "trainees-graduating", "--period", "2024/25", "--value", "18").want(t, 0)
	if r.stdout != "logged trainees-graduating 2024/25 (partnership-wide) = 18\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	r = storeRun(t, dir, false, "log", "--kpi", "trainees-graduating", "--period", "2024/25", "--value", "19.5", "--note", "a late pass").want(t, 0)
	want := "logged trainees-graduating 2024/25 (partnership-wide) = 19.5\n" +
		"it corrects 18, logged 2025-03-01T09:30:00Z by " + who + ", which stays in the history\n"
	if r.stdout != want {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}
	storeRun(t, dir, false, "log", "--kpi", "trainees-graduating", "--period", "2023/24", "--value", "7", "--school", "rgs").want(t, 0)

	t.Run("History", func(t *testing.T) {
		r := storeRun(t, dir, false, "log", "--history", "trainees-graduating").want(t, 0)
		lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
		want := []string{
			"trainees-graduating: KPI trainees-graduating",
			"PERIOD SCHOOL VALUE STATUS LOGGED BY FROM NOTE",
			"2023/24 rgs 7 current 2025-03-01T09:30:00Z " + who + " impact log",
			"2024/25 (all) 18 superseded 2025-03-01T09:30:00Z " + who + " impact log",
			"2024/25 (all) 19.5 current 2025-03-01T09:30:00Z " + who + " impact log a late pass",
		}
		for i := range lines {
			lines[i] = strings.Join(strings.Fields(lines[i]), " ")
		}
		if strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Errorf("history:\n%s\nwant (spacing aside):\n%s", r.stdout, strings.Join(want, "\n"))
		}
	})

	t.Run("Errors", func(t *testing.T) {
		before := tableCounts(t, dir)
		cases := []struct {
			name string
			args []string
			code int
			want string
		}{
			{"MissingValue", []string{"--kpi", "trainees-graduating", "--period", "2024/25"}, 2,
				"impact log: missing --value (see impact log --help)\n"},
			{"BadPeriod", []string{"--kpi", "trainees-graduating", "--period", "2024", "--value", "1"}, 1,
				"impact log: --period: expected an academic year like 2023/24, got \"2024\"\n"},
			{"BadValue", []string{"--kpi", "trainees-graduating", "--period", "2024/25", "--value", "twelve"}, 1,
				"impact log: --value: expected a number such as 12 or 3.5, got \"twelve\"\n"},
			{"UnknownKPI", []string{"--kpi", "happiness", "--period", "2024/25", "--value", "1"}, 1,
				"impact log: --kpi: expected a KPI id of " + filepath.Join(dir, "toc.yaml") + ", got \"happiness\"\n"},
			{"UnknownSchool", []string{"--kpi", "trainees-graduating", "--period", "2024/25", "--value", "1", "--school", "eton"}, 1,
				"impact log: --school: expected a school id of " + filepath.Join(dir, "toc.yaml") + ", got \"eton\"\n"},
			{"HistoryWithValue", []string{"--history", "trainees-graduating", "--value", "1"}, 2,
				"impact log: --history takes no --value (see impact log --help)\n"},
			{"HistoryOfUnknownKPI", []string{"--history", "happiness"}, 1,
				"impact log: --history: expected a KPI id of " + filepath.Join(dir, "toc.yaml") + ", got \"happiness\"\n"},
			{"Arguments", []string{"trainees-graduating"}, 2,
				"impact log: expected flags only, got \"trainees-graduating\" (see impact log --help)\n"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := storeRun(t, dir, false, append([]string{"log"}, c.args...)...).want(t, c.code)
				if r.stderr != c.want {
					t.Errorf("stderr %q, want %q", r.stderr, c.want)
				}
				if after := tableCounts(t, dir); after != before {
					t.Errorf("tables changed: %s, was %s", after, before)
				}
			})
		}
	})
}

func TestApp_RunBackup(t *testing.T) {
	dir := smallFolder(t)
	dest := filepath.Join(t.TempDir(), "copy.db")

	r := storeRun(t, dir, false, "backup", dest).want(t, 1)
	if r.stderr != "impact backup: no impact.db in "+dir+": nothing to back up yet\n" {
		t.Errorf("stderr %q", r.stderr)
	}
	storeRun(t, dir, false, "import", filepath.Join(dir, "participation.csv")).want(t, 0)
	r = storeRun(t, dir, false, "backup", dest).want(t, 0)
	if !strings.HasPrefix(r.stdout, "backed up "+filepath.Join(dir, "impact.db")+" to "+dest+" (") ||
		!strings.HasSuffix(r.stdout, "remember: "+filepath.Join(dir, "impact.key")+" is not in the backup; keep a copy of it somewhere safe (see impact backup --help)\n") {
		t.Errorf("stdout %q", r.stdout)
	}
	// Restored into a new folder with the key, it holds the import.
	restored := smallFolder(t)
	b, _ := os.ReadFile(dest)
	os.WriteFile(filepath.Join(restored, sqlite.DBFile), b, 0o600)
	k, _ := os.ReadFile(filepath.Join(dir, pseudonym.KeyFile))
	os.WriteFile(filepath.Join(restored, pseudonym.KeyFile), k, 0o600)
	if got := tableCounts(t, restored); !strings.Contains(got, "participation=80 ") {
		t.Errorf("restored tables: %s", got)
	}
	r = storeRun(t, restored, false, "import", filepath.Join(restored, "participation.csv")).want(t, 1)
	if !strings.Contains(r.stderr, "the same content was imported before") {
		t.Errorf("the restored copy does not know its imports: %q", r.stderr)
	}

	r = storeRun(t, dir, false, "backup", dest).want(t, 1)
	if r.stderr != dest+": already exists: impact backup never overwrites a file; give a new name\n" {
		t.Errorf("stderr %q", r.stderr)
	}
	storeRun(t, dir, false, "backup").want(t, 2)
	storeRun(t, dir, false, "backup", "a.db", "b.db").want(t, 2)
}

func TestApp_RunCheck_DroppedRows(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, "import", filepath.Join(dir, "participation.csv"), filepath.Join(dir, "kpis.csv")).want(t, 0)
	path := filepath.Join(dir, "toc.yaml")
	src, _ := os.ReadFile(path)
	// careers-fair and careers-encounters renamed: their rows stay.
	later := strings.ReplaceAll(string(src), "careers-encounters", "careers-meetings")
	later = strings.ReplaceAll(later, "id: careers-fair", "id: careers-day")
	os.WriteFile(path, []byte(later), 0o644)
	r := storeRun(t, dir, false, "check").want(t, 0)
	// 48 careers-fair lines in participation.csv; 2 careers-encounters
	// values in kpis.csv.
	want := path + `: warning: activity "careers-fair" is no longer in toc.yaml: its 48 rows are kept but ignored by metrics and reports` + "\n" +
		path + `: warning: KPI "careers-encounters" is no longer in toc.yaml: its 2 values are kept but ignored by metrics and reports` + "\n"
	if r.stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, want)
	}
	if !strings.HasSuffix(r.stdout, ": ok — 4 schools, 3 KPIs, 3 activities\n") {
		t.Errorf("stdout %q", r.stdout)
	}
	if got := tableCounts(t, dir); !strings.HasPrefix(got, "toc_revisions=2 ") || !strings.Contains(got, "participation=80 ") {
		t.Errorf("tables: %s, want a second ToC revision and every row kept", got)
	}
}

func TestApp_RunLog_NewerDatabase(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, "log", "--history", "trainees-graduating").want(t, 0)
	db, err := sql.Open("sqlite3", filepath.Join(dir, sqlite.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r := storeRun(t, dir, false, "log", "--history", "trainees-graduating").want(t, 3)
	want := "impact log: " + filepath.Join(dir, sqlite.DBFile) + " was written by a newer impact (schema version 99, this one knows up to "
	if !strings.HasPrefix(r.stderr, want) || !strings.HasSuffix(r.stderr, "): upgrade impact\n") {
		t.Errorf("stderr %q, want %q…", r.stderr, want)
	}
}
