package demo_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/demo"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/toc"
)

// files returns the demo's files by name.
func files(t *testing.T) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, f := range demo.Generate(demo.Seed).Files {
		m[f.Name] = f.Body
	}
	return m
}

func TestGenerate_Deterministic(t *testing.T) {
	a, b := demo.Generate(demo.Seed), demo.Generate(demo.Seed)
	if len(a.Files) != len(b.Files) {
		t.Fatalf("got %d and %d files", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if !bytes.Equal(a.Files[i].Body, b.Files[i].Body) {
			t.Errorf("%s differs between two runs with the same seed", a.Files[i].Name)
		}
	}
	c := demo.Generate(demo.Seed + 1)
	if bytes.Equal(a.Files[1].Body, c.Files[1].Body) {
		t.Error("another seed gave the same participation")
	}
}

func TestGenerate_Shape(t *testing.T) {
	m := files(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "toc.yaml")
	if err := os.WriteFile(path, m["toc.yaml"], 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := rules.Load(path, 2024)
	if err != nil {
		t.Fatalf("the demo's toc.yaml does not check: %v", err)
	}
	p := plan.ToC
	if n := len(p.Schools); n < 100 {
		t.Errorf("schools = %d, want 100 or more", n)
	}
	if n := len(p.Activities); n < 55 || n > 65 {
		t.Errorf("activities = %d, want about 60", n)
	}
	strategies := map[string]int{}
	for _, c := range plan.Choices {
		strategies[c.Strategy.ID]++
	}
	for _, s := range toc.BuiltinStrategies {
		if strategies[s.ID] == 0 {
			t.Errorf("no activity uses strategy %s", s.ID)
		}
	}
	quadrants := map[string]int{}
	for _, a := range p.Activities {
		in, ex := a.InternalImpact >= toc.HighImpact, a.ExternalImpact >= toc.HighImpact
		quadrants[map[[2]bool]string{{true, true}: "win-win", {false, true}: "outward", {true, false}: "inward", {false, false}: "low"}[[2]bool{in, ex}]]++
	}
	for _, q := range []string{"win-win", "outward", "inward", "low"} {
		if quadrants[q] == 0 {
			t.Errorf("no activity in the %s quadrant", q)
		}
	}

	pupils := map[string]bool{}
	periods := map[string]bool{}
	for _, name := range []string{"participation.csv", "attendance-export.csv"} {
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(m[name], []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, r := range rows[1:] {
			pupils[r[2]] = true
			periods[r[1][len(r[1])-4:]] = true // the year, whatever the date format
		}
	}
	if len(pupils) < 10000 {
		t.Errorf("distinct pupils = %d, want 10,000 or more", len(pupils))
	}
	for _, y := range []string{"2021", "2022", "2023", "2024", "2025"} {
		if !periods[y] {
			t.Errorf("no attendance dated in %s: the demo spans 2021/22 to 2024/25", y)
		}
	}

	// Robust activities have comparison groups; some others have too few
	// outcome rows to reach their level: evidence gaps.
	outcomes, err := csv.NewReader(bytes.NewReader(m["outcomes.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]map[string]int{}
	for _, r := range outcomes[1:] {
		if groups[r[0]] == nil {
			groups[r[0]] = map[string]int{}
		}
		groups[r[0]][r[3]]++
	}
	for _, c := range plan.Choices {
		if c.Strategy.ID == "robust" && groups[c.Activity]["comparison"] >= 10 {
			return
		}
	}
	t.Error("no robust activity has a comparison group of 10 or more")
}

// TestGenerate_Narrative: the demo describes itself, and every note it
// writes is one impact note would take.
func TestGenerate_Narrative(t *testing.T) {
	p, err := toc.Parse("toc.yaml", files(t)["toc.yaml"])
	if err != nil {
		t.Fatal(err)
	}
	described := 0
	for _, a := range p.Activities {
		if a.Description != "" {
			described++
		}
	}
	if p.Description == "" || described < 5 || p.Objectives[0].Description == "" || p.KPI("reading-age-gap").Description == "" {
		t.Errorf("descriptions: partnership %q, %d activities, first objective %q", p.Description, described, p.Objectives[0].Description)
	}
	today := time.Date(2025, 8, 31, 12, 0, 0, 0, time.UTC)
	shared, studies := 0, 0
	for _, n := range demo.Notes {
		if err := engine.CheckNote(p, n, today); err != nil {
			t.Errorf("note %+v: %v", n, err)
		}
		if n.Shared {
			shared++
		}
		if n.CaseStudy {
			studies++
		}
	}
	if shared == 0 || shared == len(demo.Notes) || studies != 1 {
		t.Errorf("%d notes, %d shared, %d case studies: want some shared, some not, one case study", len(demo.Notes), shared, studies)
	}
}
