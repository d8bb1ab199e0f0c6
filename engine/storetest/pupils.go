package storetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// pupilsCSV says what the school holds of A1 and D4 (D4 takes part in
// nothing): a pupils file.
const pupilsCSV = "participant,year_group,sex,period\n" +
	"A1,5,F,2023/24\n" +
	"D4,6,M,2023/24\n"

// testForget: forgetting a pupil removes every row of theirs and nothing
// else, remembers them so that a re-import skips them, audits only
// counts, and refuses an identifier the store does not hold.
func testForget(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.mustImport("participation.csv", participationCSV, "outcomes.csv", outcomesCSV, "pupils.csv", pupilsCSV)
	evidence0, _ := f.st.EvidenceVersion(f.ctx)
	audit0 := auditCount(t, f)

	// An identifier nobody holds refuses the whole request.
	_, err := f.st.Forget(f.ctx, []engine.Identifier{{ID: "a1"}, {ID: "NOBODY", File: "leavers.csv", Line: 3, Col: 1}}, "dpo")
	if toc.ErrorCode(err) != toc.EINVALID || !strings.Contains(err.Error(), `leavers.csv:3:1: "NOBODY": no pupil with this identifier`) {
		t.Fatalf("forget of an unknown pupil: %v, want it refused at leavers.csv:3:1", err)
	}
	if n := auditCount(t, f); n != audit0 {
		t.Fatalf("the refused forget wrote %d audit entries", n-audit0)
	}

	// A1 has 3 participation rows (two fair, one reading), 1 outcome and 1
	// characteristics row of the pupils file; the fair's rows also say
	// nothing of characteristics, so 5 rows in all.
	got, err := f.st.Forget(f.ctx, []engine.Identifier{{ID: " a1 "}}, "dpo")
	if err != nil {
		t.Fatal(err)
	}
	if want := (engine.Forgotten{Pupils: 1, Participation: 3, Outcomes: 1, Facts: got.Facts, Cleared: got.Cleared}); got != want || got.Facts < 1 {
		t.Errorf("forgot %+v, want 1 pupil, 3 participation rows, 1 outcome and their characteristics", got)
	}
	if v, _ := f.st.EvidenceVersion(f.ctx); v == evidence0 {
		t.Error("EvidenceVersion did not change with an erasure")
	}
	snap := f.snapshot()
	// B2 is left in the fair, C3 in the SCITT's comparison group.
	same(t, "participation", participation(t, snap, allActivities...), []string{"fair 2023-10-12 2023/24 p1 kfs no"})
	if outcomes, _ := snap.Outcomes(f.ctx, allActivities); len(outcomes) != 1 || outcomes[0].Group != toc.GroupComparison {
		t.Errorf("outcomes after forgetting A1: %+v, want C3's alone", outcomes)
	}
	facts := 0
	snap.EachPupilFact(f.ctx, func(*toc.PupilFact) error { facts++; return nil })
	// D4's pupils row, and whatever B2's and C3's rows said of them.
	if facts < 1 {
		t.Errorf("pupil facts after forgetting A1: %d, want D4's left", facts)
	}
	lines, _ := f.st.AuditTrail(f.ctx, engine.AuditQuery{Limit: 1})
	if len(lines) != 1 || lines[0].Action != "forget" || lines[0].Who != "dpo" || int64(lines[0].Rows) != got.Rows() ||
		!strings.HasPrefix(lines[0].Detail, "1 pupil (on request): 3 participation, 1 outcome") || strings.Contains(strings.ToUpper(lines[0].Detail), "A1") {
		t.Errorf("audit %+v, want counts only", lines)
	}

	// Forgotten already: not held, and said so.
	if _, err := f.st.Forget(f.ctx, []engine.Identifier{{ID: "A1"}}, "dpo"); toc.ErrorCode(err) != toc.EINVALID || !strings.Contains(err.Error(), "forgotten already") {
		t.Errorf("forgetting A1 twice: %v, want it refused as forgotten already", err)
	}
	if _, err := f.st.Pupil(f.ctx, engine.Identifier{ID: "A1"}, "dpo"); toc.ErrorCode(err) != toc.ENOTFOUND {
		t.Errorf("access to a forgotten pupil: %v, want not found", err)
	}

	// The original files again: A1's rows are skipped, and counted.
	res, err := f.importCSV(true, "participation.csv", participationCSV, "outcomes.csv", outcomesCSV, "pupils.csv", pupilsCSV)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, file := range res.Files {
		files = append(files, fmt.Sprintf("%s %d written %d skipped", file.Name, file.Rows, file.Forgotten))
	}
	same(t, "re-import", files, []string{"participation.csv 1 written 3 skipped", "outcomes.csv 1 written 1 skipped", "pupils.csv 1 written 1 skipped"})
	if res.ForgottenPupils != 1 {
		t.Errorf("re-import met %d forgotten pupils, want 1 (A1)", res.ForgottenPupils)
	}
	if p := participation(t, f.snapshot(), "fair", "reading"); len(p) != 2 || strings.Contains(strings.Join(p, " "), "wsh") {
		t.Errorf("participation after the re-import: %q, want B2's two rows alone", p)
	}
	if _, err := f.st.Pupil(f.ctx, engine.Identifier{ID: "A1"}, "dpo"); toc.ErrorCode(err) != toc.ENOTFOUND {
		t.Errorf("A1 after the re-import: %v, want still not held", err)
	}
}

// testPupil: a subject access request returns exactly the pupil's rows
// and the imports they came from, and is audited without naming them.
func testPupil(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.mustImport("participation.csv", participationCSV, "outcomes.csv", outcomesCSV)
	f.mustImport("pupils.csv", pupilsCSV)
	rec, err := f.st.Pupil(f.ctx, engine.Identifier{ID: "a1"}, "dpo")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rec.Participation {
		got = append(got, fmt.Sprintf("%s %s %s %s %s", r.Activity, r.Date, r.Period, orDash(r.School), r.Disadvantaged))
	}
	same(t, "A1's participation", got, []string{
		"fair 2023-10-12 2023/24 wsh yes", "fair 2023-10-12 2023/24 wsh unknown", "reading 2024-09-02 2024/25 - unknown"})
	if len(rec.Outcomes) != 1 || rec.Outcomes[0].Post != 6 || rec.Outcomes[0].Pre == nil || *rec.Outcomes[0].Pre != 4 || rec.Outcomes[0].Date != "2024-06-30" {
		t.Errorf("A1's outcomes %+v, want the SCITT grade 4 → 6 of 2024-06-30", rec.Outcomes)
	}
	var pupilsRow bool
	for _, c := range rec.Characteristics {
		if c.Period != nil && *c.Period == 2023 && c.YearGroup == "5" && c.Sex == "female" {
			pupilsRow = true
		}
	}
	if !pupilsRow {
		t.Errorf("A1's characteristics %+v, want the pupils file's year 5, female, 2023/24", rec.Characteristics)
	}
	var imports []string
	for _, im := range rec.Imports {
		imports = append(imports, im.File)
	}
	same(t, "A1's imports", imports, []string{"participation.csv", "outcomes.csv", "pupils.csv"})

	// D4 is in the pupils file alone.
	d4, err := f.st.Pupil(f.ctx, engine.Identifier{ID: "D4"}, "dpo")
	if err != nil || len(d4.Participation)+len(d4.Outcomes) != 0 || len(d4.Characteristics) != 1 || len(d4.Imports) != 1 {
		t.Errorf("D4's record %+v, %v: want one characteristics row from pupils.csv", d4, err)
	}
	lines, _ := f.st.AuditTrail(f.ctx, engine.AuditQuery{Limit: 2})
	if len(lines) != 2 || lines[1].Action != "pupil" || lines[1].Rows != rec.Rows() || strings.Contains(strings.ToUpper(lines[1].Detail), "A1") {
		t.Errorf("audit %+v, want two subject access entries naming no one", lines)
	}
	if _, err := f.st.Pupil(f.ctx, engine.Identifier{ID: "NOBODY"}, "dpo"); toc.ErrorCode(err) != toc.ENOTFOUND {
		t.Errorf("access to an unknown pupil: %v, want not found", err)
	}
}

// testForgetExpired: with rows kept from 2024/25 on, the pupils whose
// latest row is older go; an undated row counts from its import.
func testForgetExpired(t *testing.T, open Opener) {
	f := newFixture(t, open)
	// Imported on 1 March 2025 (2024/25): A1's latest row is reading,
	// 2024/25; B2's the fair, 2023/24; C3's an undated outcome, imported in
	// 2024/25.
	f.mustImport("participation.csv", participationCSV, "outcomes.csv", outcomesCSV)
	got, err := f.st.ForgetExpired(f.ctx, toc.Period(2024), "dpo")
	if err != nil {
		t.Fatal(err)
	}
	if got.Pupils != 1 || got.Participation != 1 || got.Outcomes != 0 {
		t.Errorf("expired %+v, want B2 alone (one fair row)", got)
	}
	if _, err := f.st.Pupil(f.ctx, engine.Identifier{ID: "B2"}, "dpo"); toc.ErrorCode(err) != toc.ENOTFOUND {
		t.Errorf("B2 after expiry: %v, want not held", err)
	}
	// An expired pupil is not remembered: new rows of theirs are new data.
	res, err := f.importCSV(false, "later.csv", "activity,date,participant\nreading,2025-01-10,B2\n")
	if err != nil || res.ForgottenPupils != 0 || res.Rows() != 1 {
		t.Errorf("a later row of B2: %+v, %v, want it imported", res, err)
	}
	if got, err := f.st.ForgetExpired(f.ctx, toc.Period(2024), "dpo"); err != nil || got.Pupils != 0 {
		t.Errorf("nothing left to expire: %+v, %v", got, err)
	}
}

func auditCount(t *testing.T, f *fixture) int {
	t.Helper()
	lines, err := f.st.AuditTrail(f.ctx, engine.AuditQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(lines)
}
