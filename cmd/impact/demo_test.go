package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// demoEnv dates the tests' runs of the demo, whose data runs to the
// summer of 2024/25, at the year's last day: nothing may be dated after
// today.
var demoEnv = map[string]string{"IMPACT_TODAY": "2025-08-31"}

func TestApp_RunDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	r := runCLI(t, demoEnv, "demo", "--out", dir).want(t, exitOK)
	if !strings.Contains(r.stdout, "wrote "+filepath.Join(dir, "report.html")) {
		t.Errorf("stdout does not say where the report is:\n%s", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("stderr is not a terminal, yet got %q", r.stderr)
	}
	for _, name := range []string{"toc.yaml", "impact.db", "impact.key", "report.html", "participation.csv", "attendance-export.csv", "outcomes.csv", "kpis.csv",
		"pupils.csv", "college-students.xlsx", "sims-arts-week.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("demo did not write %s: %v", name, err)
		}
	}
	if info, err := os.Stat(filepath.Join(dir, "impact.key")); err == nil && info.Mode().Perm() != 0o600 {
		t.Errorf("impact.key mode = %v, want 0600", info.Mode().Perm())
	}
	report, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), "Tyne Valley Schools Partnership") {
		t.Error("the report does not name the demo partnership")
	}

	// The demo is a partnership like any other: its metrics meet DESIGN §10.
	m := runCLI(t, demoEnv, "metrics", "--json", "--dir", dir).want(t, exitOK)
	var res struct {
		AsOf  string `json:"as_of"`
		Reach struct {
			Participants int `json:"participants"`
			Schools      int `json:"schools"`
			Activities   int `json:"activities"`
		} `json:"reach"`
		Breakdowns map[string][]struct {
			Group        string `json:"group"`
			Participants int    `json:"participants"`
		} `json:"breakdowns"`
		Activities []struct {
			Strategy    string `json:"strategy"`
			EvidenceGap bool   `json:"evidence_gap"`
			Quadrant    string `json:"quadrant"`
			EffectSizes []struct {
				Kind *string `json:"kind"`
			} `json:"effect_sizes"`
		} `json:"activities"`
	}
	if err := json.Unmarshal([]byte(m.stdout), &res); err != nil {
		t.Fatal(err)
	}
	if res.AsOf != "2024/25" {
		t.Errorf("as_of = %s, want 2024/25", res.AsOf)
	}
	if res.Reach.Participants < 10000 || res.Reach.Schools < 100 || res.Reach.Activities < 55 {
		t.Errorf("reach = %+v, want 10,000+ pupils from 100+ schools in about 60 activities", res.Reach)
	}
	// Characteristics from the pupils file, the colleges' workbook and the
	// SIMS register: each breakdown sums to the participants, and school
	// records give each characteristic for nine pupils in ten.
	for c, groups := range res.Breakdowns {
		sum, unknown := 0, 0
		for _, g := range groups {
			sum += g.Participants
			if g.Group == "unknown" {
				unknown = g.Participants
			}
		}
		if sum != res.Reach.Participants || c != "disadvantaged" && unknown*10 > sum {
			t.Errorf("breakdown %s: %d pupils, %d not known; want %d, under a tenth not known", c, sum, unknown, res.Reach.Participants)
		}
	}
	if len(res.Breakdowns) != 6 {
		t.Errorf("breakdowns of %d characteristics, want 6", len(res.Breakdowns))
	}
	noPersonalData(t, dir)
	strategies, quadrants, gaps, comparisons := map[string]bool{}, map[string]bool{}, 0, 0
	for _, a := range res.Activities {
		strategies[a.Strategy] = true
		quadrants[a.Quadrant] = true
		if a.EvidenceGap {
			gaps++
		}
		for _, e := range a.EffectSizes {
			if e.Kind != nil && *e.Kind == "comparison" {
				comparisons++
			}
		}
	}
	if len(strategies) != 5 || len(quadrants) != 4 {
		t.Errorf("strategies %v and quadrants %v: want all five and all four", strategies, quadrants)
	}
	if gaps == 0 || gaps == len(res.Activities) {
		t.Errorf("%d of %d activities have evidence gaps: want some", gaps, len(res.Activities))
	}
	if comparisons == 0 {
		t.Error("no effect size against a comparison group")
	}
}

func TestApp_RunDemo_Deterministic(t *testing.T) {
	metrics := func() map[string]any {
		dir := filepath.Join(t.TempDir(), "demo")
		runCLI(t, demoEnv, "demo", "--out", dir).want(t, exitOK)
		var m map[string]any
		if err := json.Unmarshal([]byte(runCLI(t, demoEnv, "metrics", "--json", "--dir", dir).want(t, exitOK).stdout), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	if a, b := metrics(), metrics(); !reflect.DeepEqual(a, b) {
		t.Error("two demos from the same seed have different metrics")
	}
}

func TestApp_RunDemo_RefusesAFolderInUse(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := folderSums(t, dir)
	r := runCLI(t, demoEnv, "demo", "--out", dir).want(t, exitInvalid)
	if !strings.Contains(r.stderr, "is not empty") {
		t.Errorf("stderr = %q, want it to say the folder is not empty", r.stderr)
	}
	if after := folderSums(t, dir); !reflect.DeepEqual(before, after) {
		t.Error("a refused demo changed the folder")
	}
	runCLI(t, demoEnv, "demo", "extra").want(t, exitUsage)
}

func TestApp_RunDemo_DefaultFolder(t *testing.T) {
	tmp := t.TempDir()
	t.Chdir(tmp)
	runCLI(t, demoEnv, "demo").want(t, exitOK)
	if _, err := os.Stat(filepath.Join(tmp, "impact-demo", "report.html")); err != nil {
		t.Errorf("demo without --out did not write ./impact-demo/report.html: %v", err)
	}
}

// noPersonalData: the names, dates of birth and pupil numbers of the
// demo's SIMS register (Windows-1252) are nowhere in the database or its
// WAL, in either encoding.
func noPersonalData(t *testing.T, dir string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "sims-arts-week.csv"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][1] != "Legal Surname" || rows[0][2] != "Legal Forename" || rows[0][3] != "Date of Birth" {
		t.Fatalf("the register's personal columns are %v", rows[0][:4])
	}
	// Values as they would be stored: text in a database is UTF-8, however
	// the file was encoded. Values under five bytes are left out: the
	// pseudonyms and pages of a 7 MB database hold any 4 bytes by chance
	// (a 3-byte "Zo\xeb" turns up in one run in three), so finding one
	// would prove nothing.
	secret := map[string]bool{}
	for _, r := range rows[1:] {
		for _, v := range r[:4] { // UPN, surname, forename, date of birth
			if len(v) >= 5 {
				secret[v] = true
			}
		}
	}
	if len(secret) < 60 {
		t.Fatalf("only %d of the register's values are long enough to look for", len(secret))
	}
	files, _ := filepath.Glob(filepath.Join(dir, "impact.db*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for s := range secret {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q from the register", filepath.Base(f), s)
			}
		}
	}
}
