package toc_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// healthBase is base with a health check of two years (given out of
// order), costs, in-kind support, staff time and an EEF strand.
func healthBase(t *testing.T) string {
	return edit(t, base,
		"activities:\n", `health:
  - period: 2024/25
    ratings:
      trust: {rating: 4, evidence: Heads share budgets openly}
      shared-identity: {rating: 3}
  - period: 2023/24
    ratings:
      trust: {rating: 2, evidence: First joint INSET}
costs: {staff_hour: 32.5}
activities:
`,
		"    external_impact: 4\n", `    external_impact: 4
    eef: reading-comprehension
    in_kind:
      - {what: catering, period: 2024/25, value: 300}
      - {what: minibus, period: 2024/25, value: 150.5}
    staff_time:
      - {period: 2023/24, hours: 20}
      - {period: 2024/25, hours: 12.5}
`)
}

// TestParse_Health: the health check is read in period order with its
// ratings in the guidance's order of factors; costs, in-kind support,
// staff time and the EEF strand are read as written.
func TestParse_Health(t *testing.T) {
	p := mustParse(t, healthBase(t))
	if len(p.Health) != 2 || p.Health[0].Period.String() != "2023/24" || p.Health[1].Period.String() != "2024/25" {
		t.Fatalf("health = %+v, want 2023/24 then 2024/25", p.Health)
	}
	// Factors order: shared-identity (1st) before trust (5th).
	r := p.Health[1].Ratings
	if len(r) != 2 || r[0] != (toc.Rating{Factor: "shared-identity", Rating: 3}) ||
		r[1] != (toc.Rating{Factor: "trust", Rating: 4, Evidence: "Heads share budgets openly"}) {
		t.Errorf("2024/25 ratings = %+v", r)
	}
	a := p.Activities[0]
	if p.Costs.StaffHour != 32.5 || a.EEF != "reading-comprehension" {
		t.Errorf("staff_hour = %v, eef = %q", p.Costs.StaffHour, a.EEF)
	}
	// 300 + 150.5 = 450.5 pounds in kind; 20 + 12.5 = 32.5 hours.
	if a.InKindTotal() != 450.5 || a.StaffHours() != 32.5 || len(a.InKind) != 2 || a.InKind[1].What != "minibus" {
		t.Errorf("in kind = %+v (%v), staff hours %v", a.InKind, a.InKindTotal(), a.StaffHours())
	}
	if s := p.Strands.Strand("reading-comprehension"); s == nil || s.Months != 6 || s.Evidence != 4 {
		t.Errorf("built-in reading-comprehension strand = %+v", s)
	}
}

// TestParse_HealthErrors: each problem at the offending value.
func TestParse_HealthErrors(t *testing.T) {
	for _, c := range []struct{ name, old, new, want string }{
		{"RatingOutOfRange", "trust: {rating: 4,", "trust: {rating: 5,",
			"toc.yaml:22:23: trust rating: expected a whole number from 1 to 4, got 5"},
		{"UnknownFactor", "      shared-identity: {rating: 3}\n", "      identity: {rating: 3}\n",
			`toc.yaml:23:7: unknown field "identity" in health ratings: expected one of shared-identity, common-purpose, leadership, management, trust, review, commitment`},
		{"RepeatedYear", "  - period: 2023/24\n", "  - period: 2024/25\n",
			`toc.yaml:24:13: health check of the year: duplicate id "2024/25": ids must be unique`},
		{"StaffTimeWithoutRate", "costs: {staff_hour: 32.5}\n", "",
			"toc.yaml:42:5: staff_time: set costs.staff_hour, the value in pounds of an hour of staff time, so the hours count in the activity's cost"},
		{"UnknownStrand", "eef: reading-comprehension", "eef: reading-recovery",
			`toc.yaml:39:10: eef: unknown strand "reading-recovery": expected the id of a strand of the built-in EEF strand table (arts-participation, aspiration-interventions, behaviour-interventions, collaborative-learning, …)`},
		{"NegativeInKind", "value: 300}", "value: -3}",
			"toc.yaml:41:50: in_kind value: expected pounds of 0 or more, got -3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := toc.Parse("toc.yaml", []byte(edit(t, healthBase(t), c.old, c.new)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %s", err, c.want)
			}
		})
	}
}

// TestLoad_Strands: a folder's own eef.yaml replaces the built-in table,
// and its problems are reported at their place in it.
func TestLoad_Strands(t *testing.T) {
	dir := t.TempDir()
	tocPath := filepath.Join(dir, "toc.yaml")
	if err := os.WriteFile(tocPath, []byte(edit(t, healthBase(t), "eef: reading-comprehension", "eef: our-own")), 0o644); err != nil {
		t.Fatal(err)
	}
	own := "source: Our research lead\nas_of: 2025-06\nstrands:\n  - {id: our-own, title: Our own, months: 2, evidence: 1, cost: 2}\n"
	if err := os.WriteFile(filepath.Join(dir, toc.StrandsFile), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := toc.Load(tocPath)
	if err != nil {
		t.Fatal(err)
	}
	if p.Strands.AsOf != "2025-06" || p.Strands.Strand("our-own").Months != 2 || p.Strands.Strand("phonics") != nil {
		t.Errorf("strands = %+v", p.Strands)
	}
	bad := strings.Replace(own, "months: 2", "months: 20", 1)
	if err := os.WriteFile(filepath.Join(dir, toc.StrandsFile), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = toc.Load(tocPath)
	want := filepath.Join(dir, "eef.yaml") + ":4:43: months: expected a whole number from -12 to 12, got 20"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant only %s", err, want)
	}
}
