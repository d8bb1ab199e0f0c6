package sqlite_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

const (
	partCols    = "participation columns are activity, date, participant (optional: school, disadvantaged, mark, year_group, sex, sen, eal, looked_after)"
	outcomeCols = "outcomes columns are activity, participant, measure, group, post (optional: pre, school, disadvantaged, date, year_group, sex, sen, eal, looked_after)"
	kpiCols     = "kpi values columns are kpi, period, value (optional: school, note)"
)

// TestStore_Import_Rejects covers each kind of bad input of DESIGN §6: the
// exact message at FILE:ROW:COLUMN, exit code class, and a database left
// exactly as it was.
func TestStore_Import_Rejects(t *testing.T) {
	cases := []struct {
		name string
		csv  string
		want string // every problem, one a line
	}{
		// Headers.
		{name: "EmptyFile", csv: "",
			want: "bad.csv:1:1: expected a header row naming the columns, got an empty file"},
		{name: "BlankLinesOnly", csv: "\n \n,,\n",
			want: "bad.csv:1:1: expected a header row naming the columns, got an empty file"},
		{name: "HeaderOnly", csv: "activity,date,participant\n",
			want: "bad.csv:2:1: expected rows of data after the header, got none"},
		{name: "UnknownColumn", csv: "activity,date,participant,colour\ncareers-fair,2023-10-12,X1,red\n",
			want: `bad.csv:1:4: unknown column "colour": ` + partCols},
		{name: "RepeatedColumn", csv: "activity,date,participant,Date\ncareers-fair,2023-10-12,X1,2023-10-12\n",
			want: `bad.csv:1:4: column "date" repeated: it is already column 2`},
		{name: "MissingColumns", csv: "activity,participant\ncareers-fair,X1\n",
			want: `bad.csv:1:3: missing column "date": ` + partCols},
		{name: "MissingOutcomeColumns", csv: "activity,participant,measure\nscitt,X1,grade\n",
			want: `bad.csv:1:4: missing column "group": ` + outcomeCols + "\n" +
				`bad.csv:1:4: missing column "post": ` + outcomeCols},
		{name: "EmptyHeaderCell", csv: "kpi,,period,value\ntrainees-graduating,,2023/24,1\n",
			want: "bad.csv:1:2: expected a column name, got an empty cell (kpi values columns: kpi, period, value (optional: school, note))"},
		{name: "ColumnOfAnotherKind", csv: "kpi,period,value,activity\ntrainees-graduating,2023/24,1,scitt\n",
			want: `bad.csv:1:4: column "activity" (read as activity) does not belong in a kpi values file: ` + kpiCols},

		// Cells of participation rows.
		{name: "UnknownActivity", csv: "activity,date,participant\nknitting,2023-10-12,X1\n",
			want: `bad.csv:2:1: activity: expected an activity id of toc.yaml, got "knitting"`},
		{name: "EmptyActivity", csv: "activity,date,participant\n,2023-10-12,X1\n",
			want: `bad.csv:2:1: activity: expected an activity id of toc.yaml, got an empty cell`},
		{name: "DateNotADate", csv: "activity,date,participant\ncareers-fair,12-10-2023,X1\n",
			want: `bad.csv:2:2: date: expected a real date as YYYY-MM-DD or DD/MM/YYYY, got "12-10-2023"`},
		{name: "DateNotReal", csv: "activity,date,participant\ncareers-fair,31/02/2024,X1\n",
			want: `bad.csv:2:2: date: expected a real date as YYYY-MM-DD or DD/MM/YYYY, got "31/02/2024"`},
		{name: "DateNotALeapYear", csv: "activity,date,participant\ncareers-fair,2023-02-29,X1\n",
			want: `bad.csv:2:2: date: expected a real date as YYYY-MM-DD or DD/MM/YYYY, got "2023-02-29"`},
		{name: "DateMissing", csv: "activity,date,participant\ncareers-fair,,X1\n",
			want: `bad.csv:2:2: date: expected a date as YYYY-MM-DD or DD/MM/YYYY, got an empty cell`},
		{name: "ParticipantMissing", csv: "activity,date,participant\ncareers-fair,2023-10-12,  \n",
			want: `bad.csv:2:3: participant: expected the pupil's or staff member's identifier (a UPN, say), got an empty cell`},
		{name: "RowStopsShort", csv: "activity,date,participant\ncareers-fair,2023-10-12\n",
			want: `bad.csv:2:3: participant: expected the pupil's or staff member's identifier (a UPN, say), got an empty cell`},
		{name: "UnknownSchool", csv: "activity,date,participant,school\ncareers-fair,2023-10-12,X1,eton\n",
			want: `bad.csv:2:4: school: expected a school of toc.yaml (its id, name, URN or LAEstab), got "eton"`},
		{name: "BadFlag", csv: "activity,date,participant,disadvantaged\ncareers-fair,2023-10-12,X1,maybe\n",
			want: `bad.csv:2:4: disadvantaged: expected yes or no (true/false, y/n, 1/0, ✓/✗, Eligible/Not eligible) or an empty cell, got "maybe"`},
		{name: "CellBeyondHeader", csv: "activity,date,participant\ncareers-fair,2023-10-12,X1,,extra\n",
			want: `bad.csv:2:5: column 5: expected nothing beyond the header's 3 columns, got "extra"`},
		{name: "EveryBadCellOfARow", csv: "participant,activity,date\n,knitting,2023-13-01\n",
			want: `bad.csv:2:1: participant: expected the pupil's or staff member's identifier (a UPN, say), got an empty cell` + "\n" +
				`bad.csv:2:2: activity: expected an activity id of toc.yaml, got "knitting"` + "\n" +
				`bad.csv:2:3: date: expected a real date as YYYY-MM-DD or DD/MM/YYYY, got "2023-13-01"`},

		// Cells of outcome rows.
		{name: "BadGroup", csv: "activity,participant,measure,group,post\nscitt,T1,grade,treatment,3\n",
			want: `bad.csv:2:4: group: expected intervention or comparison, got "treatment"`},
		{name: "PostNotANumber", csv: "activity,participant,measure,group,post\nscitt,T1,grade,intervention,B+\n",
			want: `bad.csv:2:5: post: expected a number such as 12 or 3.5, got "B+"`},
		{name: "PostMissing", csv: "activity,participant,measure,group,post\nscitt,T1,grade,intervention,\n",
			want: `bad.csv:2:5: post: expected a number, got an empty cell`},
		{name: "PreNaN", csv: "activity,participant,measure,group,post,pre\nscitt,T1,grade,intervention,3,NaN\n",
			want: `bad.csv:2:6: pre: expected a number such as 12 or 3.5, got "NaN"`},
		{name: "NumberTooLarge", csv: "activity,participant,measure,group,post\nscitt,T1,grade,intervention,1e999\n",
			want: `bad.csv:2:5: post: expected a finite number, got "1e999"`},
		{name: "MeasureMissing", csv: "activity,participant,measure,group,post\nscitt,T1,,intervention,3\n",
			want: `bad.csv:2:3: measure: expected the name of the measure (a test, a grade), got an empty cell`},
		{name: "OutcomeDateBad", csv: "activity,participant,measure,group,post,date\nscitt,T1,grade,intervention,3,2024/07/01\n",
			want: `bad.csv:2:6: date: expected a real date as YYYY-MM-DD or DD/MM/YYYY, got "2024/07/01"`},

		// Cells of KPI values.
		{name: "UnknownKPI", csv: "kpi,period,value\nhappiness,2023/24,3\n",
			want: `bad.csv:2:1: kpi: expected a KPI id of toc.yaml, got "happiness"`},
		{name: "PeriodNotConsecutive", csv: "kpi,period,value\ntrainees-graduating,2023/25,3\n",
			want: `bad.csv:2:2: period: expected an academic year of consecutive years like 2023/24, got "2023/25"`},
		{name: "PeriodAYear", csv: "kpi,period,value\ntrainees-graduating,2023,3\n",
			want: `bad.csv:2:2: period: expected an academic year like 2023/24, got "2023"`},
		{name: "PeriodMissing", csv: "kpi,period,value\ntrainees-graduating,,3\n",
			want: `bad.csv:2:2: period: expected an academic year like 2023/24, got an empty cell`},
		{name: "ValueWithADecimalComma", csv: "kpi,period,value\ntrainees-graduating,2023/24,\"1,5\"\n",
			want: `bad.csv:2:3: value: expected a number such as 1234.5 or 1,234.5 (commas only between thousands), got "1,5"`},
		{name: "NoteNotUTF8Late", csv: "kpi,period,value,note\n" + strings.Repeat("trainees-graduating,2023/24,3,fine\n", 3000) + "trainees-graduating,2023/24,3,caf\xe9\n",
			want: `bad.csv:3002:4: note: expected UTF-8 text: the file began as UTF-8 but is not throughout; save it as "CSV UTF-8", or import it with --encoding windows-1252`},

		// CSV syntax.
		{name: "QuoteNeverClosed", csv: "kpi,period,value,note\ntrainees-graduating,2023/24,3,\"open\n\n",
			want: `bad.csv:2:4: a quoted cell is never closed: expected a closing quote (")`},
		{name: "TextAfterClosingQuote", csv: "kpi,period,value\n\"trainees-graduating\"x,2023/24,3\n",
			want: `bad.csv:2:1: expected a comma after the closing quote of a quoted cell`},

		// Rows are counted as a spreadsheet counts them.
		{name: "RowAfterBlankLines", csv: "activity,date,participant\ncareers-fair,2023-10-12,X1\n\n\ncareers-fair,2023-10-12,\n",
			want: `bad.csv:5:3: participant: expected the pupil's or staff member's identifier (a UPN, say), got an empty cell`},
		{name: "RowAfterMultiLineCell", csv: "kpi,period,value,note\ntrainees-graduating,2023/24,3,\"two\nlines\"\ntrainees-graduating,2023/24,x,\n",
			want: `bad.csv:3:3: value: expected a number such as 12 or 3.5, got "x"`},
		{name: "RowAfterCRLFAndBOM", csv: "\ufeffkpi,period,value\r\ntrainees-graduating,2023/24,3\r\n,2023/24,3\r\n",
			want: `bad.csv:3:1: kpi: expected a KPI id of toc.yaml, got an empty cell`},
	}
	p := smallToC(t)
	s := mustOpen(t)
	for _, f := range []string{"participation.csv", "outcomes.csv", "kpis.csv"} {
		b, err := os.ReadFile(smallDir + "/" + f)
		if err != nil {
			t.Fatal(err)
		}
		mustImport(t, s, p, f, string(b))
	}
	before := state(t, s)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := importCSV(s, p, false, "bad.csv", c.csv)
			if err == nil {
				t.Fatal("import succeeded, want it refused")
			}
			if got := err.Error(); got != c.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, c.want)
			}
			if code := toc.ErrorCode(err); code != toc.EINVALID {
				t.Errorf("code = %q, want EINVALID (exit 1)", code)
			}
			if after := state(t, s); after != before {
				t.Error("the database changed")
			}
		})
	}

	t.Run("ImportedBefore", func(t *testing.T) {
		b, _ := os.ReadFile(smallDir + "/kpis.csv")
		_, err := importCSV(s, p, false, "kpis-again.csv", string(b))
		if err == nil {
			t.Fatal("re-import succeeded, want it refused")
		}
		prefix := "kpis-again.csv: the same content was imported before (as kpis.csv, "
		suffix := " by tester): run with --again to import it again"
		if got := err.Error(); !strings.HasPrefix(got, prefix) || !strings.HasSuffix(got, suffix) {
			t.Errorf("message %q, want %q…%q", got, prefix, suffix)
		}
		if code := toc.ErrorCode(err); code != toc.ECONFLICT {
			t.Errorf("code = %q, want ECONFLICT (exit 1)", code)
		}
		if state(t, s) != before {
			t.Error("the database changed")
		}
	})

	t.Run("NoSuchFile", func(t *testing.T) {
		_, err := s.Import(t.Context(), p, []engine.ImportFile{engine.ImportPath("testdata/store/missing.csv")}, engine.ImportOptions{})
		if err == nil || err.Error() != "testdata/store/missing.csv: no such file" {
			t.Errorf("err = %v, want testdata/store/missing.csv: no such file", err)
		}
		if state(t, s) != before {
			t.Error("the database changed")
		}
	})

	t.Run("GoodFileThenBadFile", func(t *testing.T) {
		// One transaction for the command: the good file is not kept.
		_, err := importCSV(s, p, false,
			"good.csv", "activity,date,participant\ncareers-fair,2024-10-12,NEW1\n",
			"bad.csv", "activity,date,participant\ncareers-fair,2024-10-12,\n")
		want := `bad.csv:2:3: participant: expected the pupil's or staff member's identifier (a UPN, say), got an empty cell`
		if err == nil || err.Error() != want {
			t.Errorf("err = %v, want %s", err, want)
		}
		if state(t, s) != before {
			t.Error("the database changed")
		}
	})

	t.Run("ProblemsOfEveryFileInOrder", func(t *testing.T) {
		_, err := importCSV(s, p, false,
			"b.csv", "kpi,period,value\nnope,2023/24,1\n",
			"a.csv", "activity,date,participant\nnope,2024-10-12,X\n")
		want := `b.csv:2:1: kpi: expected a KPI id of toc.yaml, got "nope"` + "\n" +
			`a.csv:2:1: activity: expected an activity id of toc.yaml, got "nope"`
		if err == nil || err.Error() != want {
			t.Errorf("err = %v, want\n%s", err, want)
		}
	})

	t.Run("AtMost100Problems", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("activity,date,participant\n")
		for i := range 150 {
			fmt.Fprintf(&b, "careers-fair,2024-10-12,P%d\nnope,2024-10-12,P%d\n", i, i)
		}
		_, err := importCSV(s, p, false, "many.csv", b.String())
		var list toc.List
		if !errors.As(err, &list) {
			t.Fatalf("err = %v, want a toc.List", err)
		}
		if len(list) != 100 {
			t.Errorf("%d problems, want 100", len(list))
		}
		// Bad rows are every other row from row 3: the 100th is row 201.
		if last := list[len(list)-1]; last.Line != 201 || last.Col != 1 {
			t.Errorf("last problem at %d:%d, want 201:1", last.Line, last.Col)
		}
		if state(t, s) != before {
			t.Error("the database changed")
		}
	})
}

// TestStore_Import_Limits: a cell over 4 KiB is a row error; a row over
// 1 MiB (a 100 MB cell, say) stops the file without being held in memory.
func TestStore_Import_Limits(t *testing.T) {
	p := smallToC(t)
	s := mustOpen(t)
	before := state(t, s)
	long := strings.Repeat("x", 5000)
	_, err := importCSV(s, p, false, "long.csv", "kpi,period,value,note\ntrainees-graduating,2021/22,1,"+long+"\n")
	if err == nil || err.Error() != "long.csv:2:4: note: a cell of 5000 bytes: expected at most 4 KiB" {
		t.Errorf("a 5,000-byte note: %v", err)
	}
	huge := "activity,date,participant\ncareers-fair,2023-10-12," + strings.Repeat("9", 100<<20) + "\ncareers-fair,2023-10-12,X\n"
	_, err = importCSV(s, p, false, "huge.csv", huge)
	if err == nil || err.Error() != "huge.csv:2:1: the row is longer than 1024 KiB: expected cells of at most 4 KiB (is this a CSV file?)" {
		t.Errorf("a 100 MB cell: %v", err)
	}
	if state(t, s) != before {
		t.Error("a refused import wrote")
	}
}
