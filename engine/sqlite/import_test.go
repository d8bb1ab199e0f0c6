package sqlite_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/pseudonym"
)

func TestStore_Import(t *testing.T) {
	p := smallToC(t)

	t.Run("SmallExample", func(t *testing.T) {
		s := mustOpen(t)
		files := []engine.ImportFile{
			engine.ImportPath(smallDir + "/participation.csv"),
			engine.ImportPath(smallDir + "/outcomes.csv"),
			engine.ImportPath(smallDir + "/kpis.csv"),
		}
		res, err := s.Import(t.Context(), p, files, engine.ImportOptions{Who: "ana"})
		if err != nil {
			t.Fatal(err)
		}
		// Data lines of the three files (wc -l minus the header).
		want := map[string]int64{"participation.csv": 80, "outcomes.csv": 32, "kpis.csv": 6}
		for _, f := range res.Files {
			if n := want[filepath.Base(f.Name)]; f.Rows != n {
				t.Errorf("%s: %d rows, want %d", f.Name, f.Rows, n)
			}
			b, _ := os.ReadFile(f.Name)
			if sum := sha256.Sum256(b); f.Hash != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: hash %s is not the SHA-256 of the file", f.Name, f.Hash)
			}
		}
		if res.Rows() != 118 {
			t.Errorf("Rows() = %d, want 80+32+6 = 118", res.Rows())
		}
		if n := count(t, s, "SELECT COUNT(*) FROM participation"); n != 80 {
			t.Errorf("%d participation rows, want 80", n)
		}
		// kpis.csv logs careers-encounters 2023/24 twice (310, then 330):
		// the later line supersedes the earlier, so 5 of 6 are current.
		got := query(t, s, "SELECT value, "+inForceKPI+" FROM kpi_values WHERE kpi = 'careers-encounters' ORDER BY id")
		if strings.Join(got, ",") != "310|0,330|1" {
			t.Errorf("careers-encounters values %v, want 310 superseded by 330", got)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM kpi_values WHERE "+inForceKPI); n != 5 {
			t.Errorf("%d current KPI values, want 5", n)
		}
		audit := query(t, s, "SELECT who, action, detail, rows FROM audit ORDER BY id")
		wantAudit := []string{
			"ana|import|participation.csv: 80 participation rows|80",
			"ana|import|outcomes.csv: 32 outcome rows|32",
			"ana|import|kpis.csv: 6 KPI values|6",
		}
		if strings.Join(audit, "\n") != strings.Join(wantAudit, "\n") {
			t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(audit, "\n"), strings.Join(wantAudit, "\n"))
		}
		if got := query(t, s, "SELECT file_hash FROM audit WHERE detail LIKE 'kpis.csv%'"); got[0] != res.Files[2].Hash {
			t.Errorf("audit file hash %s, want %s", got[0], res.Files[2].Hash)
		}
	})

	t.Run("SpreadsheetFormats", func(t *testing.T) {
		s := mustOpen(t)
		// A byte-order mark, CRLF, headers in another order and case with
		// spaces, quoted cells, both date formats, blank lines and a row of
		// empty cells, every spelling of the flag.
		csv := "\ufeff Participant ,DATE,Activity,School,disadvantaged\r\n" +
			"\"A1\",12/10/2023,careers-fair,WSH,Yes\r\n" +
			"a1 ,2023-10-12,\"careers-fair\",wsh,y\r\n" +
			"\r\n" +
			"B2,1/9/2023,Careers-Fair,,N\r\n" +
			",,,,\r\n" +
			"C3,31/08/2024,careers-fair,kfs,\r\n" +
			"\"D,4\",29/02/2024,careers-fair,hcs,0\r\n"
		mustImport(t, s, p, "export.csv", csv)
		got := query(t, s, "SELECT activity, date, period, pupil, school, COALESCE(disadvantaged, 'NULL') FROM participation ORDER BY id")
		// 1 September is the first day of an academic year, 31 August the
		// last; A1 and a1 are one pupil (trimmed, upper-cased).
		want := []string{
			"careers-fair|2023-10-12|2023|1|wsh|1",
			"careers-fair|2023-10-12|2023|1|wsh|1",
			"careers-fair|2023-09-01|2023|2||0",
			"careers-fair|2024-08-31|2023|3|kfs|NULL",
			"careers-fair|2024-02-29|2023|4|hcs|0",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("Pseudonyms", func(t *testing.T) {
		s := mustOpen(t)
		mustImport(t, s, p,
			"a.csv", "activity,date,participant\ncareers-fair,2023-10-12, upn-123 \n",
			"b.csv", "activity,participant,measure,group,post\nscitt,UPN-123,grade,intervention,3\n")
		key, err := os.ReadFile(filepath.Join(s.Dir(), pseudonym.KeyFile))
		if err != nil {
			t.Fatal(err)
		}
		k, _ := hex.DecodeString(strings.TrimSpace(string(key)))
		mac := hmac.New(sha256.New, k)
		mac.Write([]byte("UPN-123")) // trimmed and upper-cased
		want := hex.EncodeToString(mac.Sum(nil))
		got := query(t, s, "SELECT id, pseudonym FROM pupils")
		if len(got) != 1 || got[0] != "1|"+want {
			t.Errorf("pupils = %v, want one pupil with pseudonym %s", got, want)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM outcomes WHERE pupil = 1"); n != 1 {
			t.Errorf("the outcome row is not the same pupil as the participation row")
		}
	})

	t.Run("SameKeyAcrossImports", func(t *testing.T) {
		s := mustOpen(t)
		mustImport(t, s, p, "a.csv", "activity,date,participant\ncareers-fair,2023-10-12,P1\ncareers-fair,2023-10-12,P2\n")
		mustImport(t, s, p, "b.csv", "activity,date,participant\ncareers-fair,2024-10-12,p2\ncareers-fair,2024-10-12,P3\n")
		got := query(t, s, "SELECT pupil FROM participation ORDER BY id")
		if strings.Join(got, ",") != "1,2,2,3" {
			t.Errorf("pupils %v, want 1,2,2,3", got)
		}
	})

	t.Run("OutcomeCorrections", func(t *testing.T) {
		s := mustOpen(t)
		head := "activity,participant,measure,group,pre,post\n"
		mustImport(t, s, p, "first.csv", head+
			"scitt,T1,grade,intervention,2,3\n"+
			"scitt,T1,grade,comparison,2,2.5\n"+ // another group: not a correction
			"scitt,T1,grade,intervention,2,3.5\n") // corrects the first row
		mustImport(t, s, p, "second.csv", head+
			"scitt,t1,grade,intervention,,4\n"+ // corrects it again
			"scitt,T1,other,intervention,1,2\n")
		got := query(t, s, "SELECT grp, measure, COALESCE(pre, 'NULL'), post, "+inForceOutcome+" FROM outcomes ORDER BY id")
		want := []string{
			"intervention|grade|2|3|0",
			"comparison|grade|2|2.5|1",
			"intervention|grade|2|3.5|0",
			"intervention|grade|NULL|4|1",
			"intervention|other|1|2|1",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("outcomes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("KPICorrections", func(t *testing.T) {
		s := mustOpen(t)
		mustImport(t, s, p, "kpis.csv", "kpi,period,value,school,note\n"+
			"trainees-graduating,2023/24,16,,\n"+
			"trainees-graduating,2023/24,17,,\"deferred, two\"\n"+
			"trainees-graduating,2023/24,5,rgs,\n")
		got := query(t, s, "SELECT value, school, note, "+inForceKPI+", import_id FROM kpi_values ORDER BY id")
		want := []string{"16|||0|1", "17||deferred, two|1|1", "5|rgs||1|1"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("kpi values:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("QuotedCells", func(t *testing.T) {
		s := mustOpen(t)
		// A line longer than the reader's 256 KiB buffer: a 4,000-byte note
		// and 300,000 empty cells, as a spreadsheet may leave.
		long := strings.Repeat("x", 4000) + strings.Repeat(",", 300000)
		mustImport(t, s, p, "kpis.csv", "kpi,period,value,note\n"+
			"trainees-graduating,2021/22,1,\"He said \"\"hi\"\", then left\"\n"+
			"trainees-graduating,2022/23,2, \"spaced\" \n"+
			"trainees-graduating,2023/24,3,\"two\r\nlines, one cell\"\n"+
			"trainees-graduating,2024/25,4,"+long+"\n"+
			"\"trainees-graduating\",\"2020/21\",\"5\",O\"Brien\n")
		got := query(t, s, "SELECT value, length(note), substr(note, 1, 40) FROM kpi_values ORDER BY id")
		want := []string{
			`1|23|He said "hi", then left`,
			"2|6|spaced",
			"3|19|two\nlines, one cell", // the CRLF inside the quotes read as one line break
			"4|4000|" + strings.Repeat("x", 40),
			`5|7|O"Brien`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("Again", func(t *testing.T) {
		s := mustOpen(t)
		csv := "activity,date,participant\ncareers-fair,2023-10-12,P1\n"
		mustImport(t, s, p, "a.csv", csv)
		if _, err := importCSV(s, p, true, "a.csv", csv); err != nil {
			t.Fatalf("import --again: %v", err)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM imports"); n != 2 {
			t.Errorf("%d imports, want 2", n)
		}
	})

	t.Run("Cancelled", func(t *testing.T) {
		s := mustOpen(t)
		var b strings.Builder
		b.WriteString("activity,date,participant\n")
		for i := range 20000 {
			fmt.Fprintf(&b, "careers-fair,2023-10-12,P%d\n", i)
		}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		_, err := s.Import(ctx, p, []engine.ImportFile{engine.ImportBytes("big.csv", []byte(b.String()))},
			engine.ImportOptions{Progress: func(int64, int64) { cancel() }})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		for _, table := range []string{"participation", "pupils", "imports", "audit"} {
			if n := count(t, s, "SELECT COUNT(*) FROM "+table); n != 0 {
				t.Errorf("%d rows in %s after a cancelled import, want 0", n, table)
			}
		}
	})

	t.Run("Progress", func(t *testing.T) {
		s := mustOpen(t)
		var b strings.Builder
		b.WriteString("activity,date,participant\n")
		for range 10000 {
			b.WriteString("careers-fair,2023-10-12,P1\n")
		}
		var calls int
		var last [2]int64
		_, err := s.Import(t.Context(), p, []engine.ImportFile{engine.ImportBytes("big.csv", []byte(b.String()))},
			engine.ImportOptions{Progress: func(rows, bytes int64) { calls++; last = [2]int64{rows, bytes} }})
		if err != nil {
			t.Fatal(err)
		}
		// 10,000 rows in batches of 4,096: three calls, the last with
		// every row and every byte.
		if calls != 3 || last != [2]int64{10000, int64(b.Len())} {
			t.Errorf("%d calls, last %v; want 3, [10000 %d]", calls, last, b.Len())
		}
	})
}

// An import runs with SQLite's foreign-key checks off (importConn): every
// row it writes still names a pupil and an import that exist, and the
// checks are on again for the next write on the same connection.
func TestImport_ForeignKeysHold(t *testing.T) {
	p := smallToC(t)
	s := mustOpen(t)
	files := []engine.ImportFile{
		engine.ImportPath(smallDir + "/participation.csv"),
		engine.ImportPath(smallDir + "/outcomes.csv"),
		engine.ImportBytes("pupils.csv", []byte("participant,school,year_group,sex\nP001,rgs,7,F\nnew-pupil,wsh,8,M\n")),
	}
	if _, err := s.Import(t.Context(), p, files, engine.ImportOptions{Who: "ana"}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM pupil_facts"); n != 2 {
		t.Fatalf("%d pupil facts, want the pupils file's 2", n)
	}
	if bad := query(t, s, "PRAGMA foreign_key_check"); len(bad) > 0 {
		t.Errorf("rows naming no parent: %v", bad)
	}
	err := s.Write(t.Context(), func(tx *sql.Tx) error {
		_, err := tx.Exec("INSERT INTO participation (import_id, activity, date, period, pupil) VALUES (1, 'scitt', '2024-01-08', 2023, 999999)")
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
		t.Errorf("a row naming no pupil after an import: %v, want FOREIGN KEY constraint failed", err)
	}
}
