package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestApp_RunNote: notes and a case study go in, list back with who may
// see them, and come out again by withdrawal; bad notes exit 1 and write
// nothing.
func TestApp_RunNote(t *testing.T) {
	dir := smallFolder(t)
	r := storeRun(t, dir, false, "note", "--kpi", "trainees-graduating", "--period", "2023/24", "Two", "trainees", "deferred.").want(t, 0)
	if r.stdout != "noted note 1 on trainees-graduating 2023/24, for the director's report only\n" {
		t.Errorf("note: %q", r.stdout)
	}
	story := filepath.Join(t.TempDir(), "amira.md")
	if err := os.WriteFile(story, []byte("\ufeff# Amira\r\n\r\nShe read *everything*.\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = storeRun(t, dir, false, "note", "--activity", "reading-buddies", "--period", "2023/24", "--case-study", "--title", "Amira's year", "--share", story).want(t, 0)
	if r.stdout != "noted case study 2 on reading-buddies 2023/24, for the director's and funders' reports\n" {
		t.Errorf("case study: %q", r.stdout)
	}
	r = storeRun(t, dir, false, "note", "--list").want(t, 0)
	for _, want := range []string{"NOTE  YEAR     ABOUT                SHARED  TEXT", "1     2023/24  trainees-graduating  no      Two trainees deferred.", "2     2023/24  reading-buddies      yes     case study: Amira's year"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the list lacks %q:\n%s", want, r.stdout)
		}
	}
	var notes []map[string]any
	if err := json.Unmarshal([]byte(storeRun(t, dir, false, "note", "--list", "--json").want(t, 0).stdout), &notes); err != nil {
		t.Fatal(err)
	}
	// The byte-order mark is dropped and Windows line ends become \n.
	if len(notes) != 2 || notes[1]["text"] != "# Amira\n\nShe read *everything*.\n" || notes[1]["shared"] != true || notes[0]["by"] == "" {
		t.Errorf("notes as JSON: %v", notes)
	}

	counts := tableCounts(t, dir)
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"--kpi", "trainees-graduating", "--period", "2023/24"}, 2, "expected the note's text"},
		{[]string{"--kpi", "trainees-graduating", "x"}, 2, "missing --period"},
		{[]string{"--kpi", "nope", "--period", "2023/24", "x"}, 1, `--kpi: expected a KPI id of`},
		{[]string{"--kpi", "trainees-graduating", "--activity", "scitt", "--period", "2023/24", "x"}, 1, "one KPI (--kpi) or one activity"},
		{[]string{"--activity", "scitt", "--period", "2030/31", "x"}, 1, "--period"},
		{[]string{"--activity", "scitt", "--period", "2023/24", "--case-study", story}, 1, "a case study needs a --title"},
		{[]string{"--activity", "scitt", "--period", "2023/24", "--case-study", "--title", "T", filepath.Join(dir, "nope.md")}, 1, "case study: open"},
		{[]string{"--activity", "scitt", "--period", "2023/24", "--title", "T", "x"}, 2, "--title goes with --case-study"},
		{[]string{"--activity", "scitt", "--period", "2023/24", "red \x1b[2J"}, 1, `the control character U+001B`},
		{[]string{"--list", "--kpi", "x"}, 2, "--list takes no --kpi"},
		{[]string{"--withdraw", "x"}, 2, "expected a note's number"},
		{[]string{"--withdraw", "9"}, 1, "no note 9 in force"},
	} {
		r := storeRun(t, dir, false, append([]string{"note"}, c.args...)...).want(t, c.code)
		if !strings.Contains(r.stderr, c.says) {
			t.Errorf("note %q: %q, want it to say %q", c.args, r.stderr, c.says)
		}
	}
	if got := tableCounts(t, dir); got != counts {
		t.Errorf("refused notes changed the store:\n%s\n%s", counts, got)
	}

	r = storeRun(t, dir, false, "note", "--withdraw", "1").want(t, 0)
	if !strings.Contains(r.stdout, "withdrew note 1") {
		t.Errorf("withdraw: %q", r.stdout)
	}
	if r := storeRun(t, dir, false, "note", "--list").want(t, 0); strings.Contains(r.stdout, "deferred") {
		t.Errorf("a withdrawn note is still listed:\n%s", r.stdout)
	}
}
