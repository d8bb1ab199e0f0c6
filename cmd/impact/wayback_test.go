package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestApp_RunLog_Future: a value for a year to come is refused, exit 1,
// nothing written (today's main logged 2204/05 and moved as_of for good).
func TestApp_RunLog_Future(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, "import", filepath.Join(dir, "kpis.csv"))
	before := tableCounts(t, dir)
	r := storeRun(t, dir, false, "log", "--kpi", "trainees-graduating", "--period", "2204/05", "--value", "19")
	want := "impact log: --period: 2204/05 is after the current academic year 2024/25: expected a year that has begun (today is 1 March 2025)\n"
	if r.code != exitInvalid || r.stderr != want {
		t.Errorf("exit %d, stderr %q; want 1, %q", r.code, r.stderr, want)
	}
	if after := tableCounts(t, dir); after != before {
		t.Errorf("a refused value wrote: %s, then %s", before, after)
	}
	bad := filepath.Join(t.TempDir(), "late.csv")
	os.WriteFile(bad, []byte("activity,date,participant\ncareers-fair,31/12/9999,X1\n"), 0o644)
	r = storeRun(t, dir, false, "import", bad)
	if r.code != exitInvalid || r.stderr != bad+":2:2: date: 9999-12-31 is after today (1 March 2025): expected a date that has passed\n" {
		t.Errorf("a row dated 31/12/9999: exit %d, %q", r.code, r.stderr)
	}
}

// TestApp_RunLog_Withdraw: the way back from a mistaken value.
func TestApp_RunLog_Withdraw(t *testing.T) {
	dir := smallFolder(t)
	mustOK := func(args ...string) string {
		t.Helper()
		r := storeRun(t, dir, false, args...)
		if r.code != exitOK {
			t.Fatalf("impact %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
		return r.stdout
	}
	mustOK("log", "--kpi", "trainees-graduating", "--period", "2024/25", "--value", "18")
	mustOK("log", "--kpi", "trainees-graduating", "--period", "2024/25", "--value", "81")
	out := mustOK("log", "--kpi", "trainees-graduating", "--period", "2024/25", "--withdraw")
	if !strings.HasPrefix(out, "withdrew trainees-graduating 2024/25 (partnership-wide) = 81") || !strings.Contains(out, "\n18, logged 2025-03-01T09:30:00Z") {
		t.Errorf("withdraw said:\n%s", out)
	}
	var m struct {
		KPIs []struct {
			ID     string `json:"id"`
			Latest *struct {
				Value float64 `json:"value"`
			} `json:"latest"`
		} `json:"kpis"`
	}
	json.Unmarshal([]byte(mustOK("metrics", "--json")), &m)
	if k := m.KPIs[0]; k.ID != "trainees-graduating" || k.Latest == nil || k.Latest.Value != 18 {
		t.Errorf("trainees-graduating after the withdrawal: %+v, want 18 in force", k)
	}
	hist := mustOK("log", "--history", "trainees-graduating")
	if !strings.Contains(hist, "18     current") || !strings.Contains(hist, "81     withdrawn") {
		t.Errorf("history:\n%s", hist)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--kpi", "trainees-graduating", "--period", "2023/24", "--withdraw"}, exitInvalid, "no value in force to withdraw"},
		{[]string{"--kpi", "trainees-graduating", "--period", "2024/25", "--value", "3", "--withdraw"}, exitUsage, "--withdraw takes no --value"},
		{[]string{"--kpi", "trainees-graduating", "--withdraw"}, exitUsage, "missing --period"},
	} {
		r := storeRun(t, dir, false, append([]string{"log"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.msg) {
			t.Errorf("log %v: exit %d, %q; want %d, %q", c.args, r.code, r.stderr, c.code, c.msg)
		}
	}
}

// TestApp_RunImports lists imports and reverts one.
func TestApp_RunImports(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, "import", filepath.Join(dir, "participation.csv"), filepath.Join(dir, "kpis.csv"))
	r := storeRun(t, dir, false, "imports", "revert", "2")
	if r.code != exitOK || r.stdout != "reverted import 2 (kpis.csv, 6 KPI values): its rows stay, marked, and no longer count\n" {
		t.Fatalf("revert: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = storeRun(t, dir, false, "imports", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 2 {
		t.Fatalf("imports --json: %v\n%s", err, r.stdout)
	}
	if list[0]["file"] != "participation.csv" || list[0]["status"] != "current" || list[1]["status"] != "reverted" || list[1]["rows"] != 6.0 || list[1]["kind"] != "kpi values" {
		t.Errorf("imports: %v", list)
	}
	table := storeRun(t, dir, false, "imports").stdout
	if !strings.HasPrefix(table, "ID  FILE               KIND           ROWS  BY") || !strings.Contains(table, "reverted") {
		t.Errorf("imports table:\n%s", table)
	}
	for _, c := range []struct {
		args []string
		code int
	}{{[]string{"revert", "2"}, exitInvalid}, {[]string{"revert", "9"}, exitInvalid}, {[]string{"revert", "x"}, exitUsage}, {[]string{"undo"}, exitUsage}} {
		if r := storeRun(t, dir, false, append([]string{"imports"}, c.args...)...); r.code != c.code {
			t.Errorf("imports %v: exit %d, want %d (%s)", c.args, r.code, c.code, r.stderr)
		}
	}
}

// TestApp_TerminalEscapes: a note or a measure holding terminal escapes
// (ESC[2J clears the screen) or a bidirectional override reaches the
// terminal written out, never raw.
func TestApp_TerminalEscapes(t *testing.T) {
	dir := smallFolder(t)
	csv := filepath.Join(t.TempDir(), "hostile.csv")
	os.WriteFile(csv, []byte("kpi,period,value,note\ntrainees-graduating,2023/24,17,\"\x1b[2Jgone\u202e\"\n"), 0o644)
	storeRun(t, dir, false, "import", csv)
	out := storeRun(t, dir, false, "log", "--history", "trainees-graduating").stdout
	if strings.ContainsAny(out, "\x1b\u202e") || !strings.Contains(out, `\x1b[2Jgone\u202e`) {
		t.Errorf("history printed %q, want the escapes written out", out)
	}
	out2 := filepath.Join(t.TempDir(), "outcomes.csv")
	os.WriteFile(out2, []byte("activity,participant,measure,group,post\nscitt,P1,\"gr\x1b]0;pwned\x07ade\",intervention,5\n"), 0o644)
	storeRun(t, dir, false, "import", out2)
	if m := storeRun(t, dir, false, "metrics").stdout; strings.ContainsAny(m, "\x1b\x07") || !strings.Contains(m, `gr\x1b]0;pwned\x07ade`) {
		t.Errorf("metrics printed a raw escape:\n%q", m)
	}
}
