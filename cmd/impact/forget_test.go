package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine/sqlite"
)

// smallMetrics is the part of impact metrics --json the erasure tests
// follow.
type smallMetrics struct {
	Reach struct {
		Participants  int `json:"participants"`
		Disadvantaged int `json:"disadvantaged"`
	} `json:"reach"`
	Activities []struct {
		ID           string `json:"id"`
		Participants int    `json:"participants"`
		EffectSizes  []struct {
			N int `json:"n_intervention"`
		} `json:"effect_sizes"`
	} `json:"activities"`
}

// in names files of a folder.
func in(dir string, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join(dir, n)
	}
	return out
}

func readSmallMetrics(t *testing.T, dir string) smallMetrics {
	t.Helper()
	var m smallMetrics
	if err := json.Unmarshal([]byte(storeRun(t, dir, false, "metrics", "--json").want(t, 0).stdout), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func (m smallMetrics) activity(t *testing.T, id string) (participants, nIntervention int) {
	t.Helper()
	for _, a := range m.Activities {
		if a.ID == id {
			if len(a.EffectSizes) > 0 {
				nIntervention = a.EffectSizes[0].N
			}
			return a.Participants, nIntervention
		}
	}
	t.Fatalf("no activity %s in the metrics", id)
	return 0, 0
}

// TestApp_RunForget: forgetting a pupil of the worked example takes
// exactly them out of the metrics, is refused whole for an identifier not
// held, and a re-import of the original files skips them, saying so.
func TestApp_RunForget(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, append([]string{"import"}, in(dir, "participation.csv", "outcomes.csv", "kpis.csv")...)...).want(t, 0)
	before := readSmallMetrics(t, dir)
	counts := tableCounts(t, dir)

	// Refused: one identifier of two is not held. Nothing is written.
	r := storeRun(t, dir, false, "forget", "H000000002007", "Z999").want(t, 1)
	if !strings.Contains(r.stderr, `"Z999": no pupil with this identifier is held in impact.db`) || strings.Contains(r.stderr, "H000000002007") {
		t.Errorf("stderr %q, want Z999 named alone", r.stderr)
	}
	if got := tableCounts(t, dir); got != counts {
		t.Errorf("refused forget changed the store:\n%s\n%s", counts, got)
	}

	// H000000002007 (lower case, as typed) is in reading-buddies alone:
	// four participation rows, all "false" for disadvantaged, and one
	// intervention outcome with a pre and post score.
	r = storeRun(t, dir, false, "forget", "h000000002007").want(t, 0)
	for _, want := range []string{"forgot 1 pupil", "4 participation rows, 1 outcome row and 0 characteristics rows", "nothing of them is left in impact.db"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout %q, want %q", r.stdout, want)
		}
	}
	if !strings.Contains(r.stderr, "backups taken before now still hold these pupils") {
		t.Errorf("stderr %q, want the reminder about backups", r.stderr)
	}
	after := readSmallMetrics(t, dir)
	if after.Reach.Participants != before.Reach.Participants-1 || after.Reach.Disadvantaged != before.Reach.Disadvantaged {
		t.Errorf("reach %+v → %+v, want one participant fewer, as many disadvantaged", before.Reach, after.Reach)
	}
	for _, id := range []string{"scitt", "reading-buddies", "careers-fair"} {
		p0, n0 := before.activity(t, id)
		p1, n1 := after.activity(t, id)
		if id == "reading-buddies" {
			p0, n0 = p0-1, n0-1
		}
		if p1 != p0 || n1 != n0 {
			t.Errorf("%s: participants %d, intervention n %d after; want %d, %d", id, p1, n1, p0, n0)
		}
	}
	audit := storeRun(t, dir, false, "pupil", "H000000002007").want(t, 1)
	if !strings.Contains(audit.stderr, "was forgotten already") {
		t.Errorf("impact pupil of the forgotten pupil: %q", audit.stderr)
	}

	// The original files again: their rows are skipped, and counted.
	r = storeRun(t, dir, false, append([]string{"import", "--again"}, in(dir, "participation.csv", "outcomes.csv")...)...).want(t, 0)
	if !strings.Contains(r.stderr, "skipped 1 pupil forgotten on request") || !strings.Contains(r.stdout, "skipped: 4 rows of pupils forgotten on request") {
		t.Errorf("re-import: stdout %q stderr %q, want the forgotten pupil skipped", r.stdout, r.stderr)
	}
	if again := readSmallMetrics(t, dir); again.Reach != after.Reach {
		t.Errorf("reach after the re-import %+v, want %+v", again.Reach, after.Reach)
	}
}

// TestApp_RunForget_File: --file reads the participant column of an MIS
// export (personal columns and all) or a plain list.
func TestApp_RunForget_File(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, append([]string{"import"}, in(dir, "participation.csv", "outcomes.csv")...)...).want(t, 0)
	list := filepath.Join(dir, "leavers.csv")
	os.WriteFile(list, []byte("Legal Surname,UPN\nSmith,H000000002007\n,\nJones,H000000002006\n"), 0o600)
	r := storeRun(t, dir, false, "forget", "--file", list).want(t, 0)
	if !strings.Contains(r.stdout, "forgot 2 pupils") {
		t.Errorf("stdout %q, want 2 pupils forgotten", r.stdout)
	}
	plain := filepath.Join(dir, "plain.txt")
	os.WriteFile(plain, []byte("H000000002005\nH000000002007\n"), 0o600)
	r = storeRun(t, dir, false, "forget", "--file", plain).want(t, 1)
	if !strings.Contains(r.stderr, "plain.txt:2:1: \"H000000002007\" was forgotten already") {
		t.Errorf("stderr %q, want plain.txt:2:1 placed", r.stderr)
	}
	storeRun(t, dir, false, "pupil", "H000000002005").want(t, 0) // still held: the refusal wrote nothing
	os.WriteFile(plain, []byte("Surname,Forename\nSmith,Ann\n"), 0o600)
	r = storeRun(t, dir, false, "forget", "--file", plain).want(t, 1)
	if !strings.Contains(r.stderr, "plain.txt:1:1: expected a participant column") {
		t.Errorf("stderr %q, want the missing participant column placed", r.stderr)
	}
}

// TestApp_RunForget_Expired: with privacy.retain_years 1 on 15 September
// 2025 (2025/26), rows are kept from 2024/25 on; the small example's
// pupils whose latest row is in 2023/24 or before go.
func TestApp_RunForget_Expired(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, "import", filepath.Join(dir, "participation.csv")).want(t, 0)
	r := storeRun(t, dir, false, "forget", "--expired").want(t, 1)
	if !strings.Contains(r.stderr, "sets no privacy.retain_years") {
		t.Errorf("stderr %q, want retain_years asked for", r.stderr)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "toc.yaml"))
	os.WriteFile(filepath.Join(dir, "toc.yaml"), append(src, "privacy:\n  retain_years: 1\n"...), 0o644)

	// Worked out from participation.csv: the pupils whose every row is
	// dated before 1 September 2024 (13 of them).
	b, _ := os.ReadFile(filepath.Join(dir, "participation.csv"))
	latest := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		c := strings.Split(line, ",")
		if c[1] > latest[c[2]] {
			latest[c[2]] = c[1]
		}
	}
	old := 0
	for _, d := range latest {
		if d < "2024-09-01" {
			old++
		}
	}
	if old == 0 {
		t.Fatal("the example has no pupil to expire: the test shows nothing")
	}
	r = storeRunOn(t, "2025-09-15", dir, false, "forget", "--expired").want(t, 0)
	if want := "forgot " + plural(old, "pupil", "pupils") + " whose latest row was before 2024/25 (privacy.retain_years: 1)"; !strings.Contains(r.stdout, want) {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}
	r = storeRunOn(t, "2025-09-15", dir, false, "forget", "--expired").want(t, 0)
	if !strings.Contains(r.stdout, "nothing to forget") {
		t.Errorf("second run: %q, want nothing left", r.stdout)
	}
	storeRun(t, dir, false, "forget", "--expired", "H000000002007").want(t, 2)
	storeRun(t, dir, false, "forget").want(t, 2)
}

// TestApp_RunPupil: a subject access request prints exactly the pupil's
// rows, in JSON as in text, and is audited without the identifier.
func TestApp_RunPupil(t *testing.T) {
	dir := smallFolder(t)
	storeRun(t, dir, false, append([]string{"import"}, in(dir, "participation.csv", "outcomes.csv")...)...).want(t, 0)
	var rec struct {
		Participation []struct{ Activity, Date, School, Disadvantaged string }
		Outcomes      []struct {
			Measure string
			Pre     *float64
			Post    float64
		}
		Imports []struct{ File string }
	}
	r := storeRun(t, dir, false, "pupil", "H000000002007", "--json").want(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil {
		t.Fatal(err)
	}
	// From the CSVs: four reading-buddies rows at kfs, on these dates,
	// "false" for disadvantaged; one reading-age score, 95 → 98.
	var dates []string
	for _, p := range rec.Participation {
		if p.Activity != "reading-buddies" || p.School != "kfs" || p.Disadvantaged != "no" {
			t.Errorf("row %+v, want reading-buddies at kfs, not disadvantaged", p)
		}
		dates = append(dates, p.Date)
	}
	if got := strings.Join(dates, " "); got != "2023-01-16 2023-01-23 2023-01-30 2023-11-13" {
		t.Errorf("dates %s", got)
	}
	if len(rec.Outcomes) != 1 || rec.Outcomes[0].Pre == nil || *rec.Outcomes[0].Pre != 95 || rec.Outcomes[0].Post != 98 {
		t.Errorf("outcomes %+v, want 95 → 98", rec.Outcomes)
	}
	if len(rec.Imports) != 2 || rec.Imports[0].File != "participation.csv" || rec.Imports[1].File != "outcomes.csv" {
		t.Errorf("imports %+v", rec.Imports)
	}
	text := storeRun(t, dir, false, "pupil", "H000000002007").want(t, 0).stdout
	if !strings.Contains(text, "Participation: 4 rows") || !strings.Contains(text, "Outcomes: 1 row") || !strings.Contains(text, "participation.csv") {
		t.Errorf("text:\n%s", text)
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.DBFile)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	var detail string
	if err := db.QueryRow("SELECT count(*), max(detail) FROM audit WHERE action = 'pupil'").Scan(&n, &detail); err != nil {
		t.Fatal(err)
	}
	if n != 2 || detail != "subject access: 5 rows of one pupil" {
		t.Errorf("%d subject access requests audited (%q), want the two, by their rows alone", n, detail)
	}
	storeRun(t, dir, false, "pupil").want(t, 2)
	if r := storeRun(t, dir, false, "pupil", "NOBODY").want(t, 1); !strings.Contains(r.stderr, "no pupil with this identifier") {
		t.Errorf("stderr %q", r.stderr)
	}
}
