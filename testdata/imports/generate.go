//go:build ignore

// generate writes the exports of school systems that cmd/impact's import
// tests read, as those systems write them (DESIGN §11). Every name, date
// of birth, address and identifier is invented. Run from the repository's
// root:
//
//	go run testdata/imports/generate.go
package main

import (
	"bytes"
	"log"
	"os"
	"path/filepath"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

const dir = "testdata/imports"

func main() {
	// SIMS: a register of one session, saved by Excel as plain "CSV" on
	// Windows: Windows-1252, CRLF, accented names, personal columns.
	sims := "UPN,Legal Surname,Legal Forename,DOB,NC Year Actual,Reg Group,Gender,Pupil Premium Indicator,SEN Status,EAL,School\r\n" +
		"A100000000001,Nguyen,Zoë,14/03/2015,5,5B,F,Y,N,N,West Street Primary\r\n" +
		"A100000000002,O'Brien,Siân,02/11/2014,Year 5,5B,Female,N,K,Y,West Street Primary\r\n" +
		"A100000000003,Smith,Tom,30/06/2014,Y6,6A,M,Y,E,N,West Street Primary\r\n" +
		"A100000000004,Patel,Renée,21/01/2014,6,6A,,,N,,West Street Primary\r\n" +
		"A100000000005,Khan,Ali,09/09/2007,12,12C,Male,N,,N,Royal Grammar School\r\n"
	enc, err := charmap.Windows1252.NewEncoder().String(sims)
	check(err)
	write("sims-register.csv", []byte(enc))

	// SIMS with a typing slip in each of four columns, for the errors.
	bad := "UPN,Legal Surname,NC Year Actual,Gender,SEN Status,School\r\n" +
		"A100000000001,Nguyen,5,F,N,West Street Primary\r\n" +
		"A100000000002,O'Brien,Year 15,Female,K,West Street Primary\r\n" +
		"A100000000003,Smith,6,Q,E,West Street Primary\r\n" +
		"A100000000004,Patel,6,F,Z,Eastfield Academy\r\n"
	enc, err = charmap.Windows1252.NewEncoder().String(bad)
	check(err)
	write("sims-register-slips.csv", []byte(enc))

	// Arbor: an attendance export, UTF-8 with a byte-order mark, dates
	// with times, DfE marks, schools by URN, a student name column.
	write("arbor-marks.csv", []byte("\ufeffSTUDENT_ID,STUDENT_NAME,DATE,RAW_MARK,SCHOOL_URN\n"+
		"A100000000001,Zoë Nguyen,04/11/2024 15:30,/,108345\n"+
		"A100000000001,Zoë Nguyen,11/11/2024 15:30,L,108345\n"+
		"A100000000001,Zoë Nguyen,18/11/2024 15:30,N,108345\n"+
		"A100000000003,Tom Smith,04/11/2024 15:30,\\,108345\n"+
		"A100000000003,Tom Smith,11/11/2024 15:30,/,108345\n"+
		"A100000000003,Tom Smith,18/11/2024 15:30,#,108345\n"+
		"A100000000006,Amir Hussain,04/11/2024 15:30,/,108345\n"+
		"A100000000006,Amir Hussain,11/11/2024 15:30,O,108345\n"+
		"A100000000007,Ella Brown,04/11/2024 15:30,N,108345\n"+
		"A100000000007,Ella Brown,11/11/2024 15:30,N,108345\n"))

	// Bromcom: a pupil list saved with semicolons, schools by LAEstab,
	// contact details, a first language rather than an EAL flag.
	write("bromcom-pupils.csv", []byte("Student ID;Forename;Surname;Date of Birth;Year;Tutor Group;Gender;FSM Eligible;SEN Provision;First Language;Looked After;LAEstab;Home Address;Postcode;Parent Email;Contact Phone\n"+
		"A100000000004;Renée;Patel;21/01/2014;Year 6;6A;Girl;Eligible;None;English;No;3912001;1 Mill Lane;NE1 1AA;parent4@example.org;0191 000 0004\n"+
		"A100000000006;Amir;Hussain;12/12/2015;Year 5;5B;Boy;Not eligible;SEN support;Urdu;No;3912001;2 Mill Lane;NE1 1AB;parent6@example.org;0191 000 0006\n"+
		"A100000000007;Ella;Brown;05/05/2015;Year 5;5B;Girl;;;Information not obtained;Yes;3912001;3 Mill Lane;NE1 1AC;parent7@example.org;0191 000 0007\n"))

	// ScholarPack: a register exported to Excel for one activity: session
	// dates as Excel day numbers, year groups as numbers, ✓ for the
	// Pupil Premium, a class column.
	x := excelize.NewFile()
	rows := [][]any{
		{"UPN", "First Name", "Last Name", "Class", "Year", "Sex", "Pupil Premium", "SEN", "EAL", "Session Date"},
		{"A100000000001", "Zoë", "Nguyen", "Oak", 5, "F", "✓", "N", "N", 45607},   // 11 November 2024
		{"A100000000006", "Amir", "Hussain", "Oak", 5, "M", "✗", "K", "Y", 45607}, // the same session
		{"A100000000008", "Grace", "Taylor", "Ash", 6, "F", "✓", "", "N", 45614},  // 18 November 2024
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		check(x.SetSheetRow("Sheet1", cell, &r))
	}
	check(x.SetSheetName("Sheet1", "Coding club"))
	var buf bytes.Buffer
	check(x.Write(&buf))
	write("scholarpack-register.xlsx", buf.Bytes())

	// SIMS assessment marksheet saved as "Unicode text": UTF-16 with its
	// byte-order mark, tab-separated, admission numbers, marks with
	// thousands grouped.
	text := "Adno\tName\tMeasure\tGroup\tPre\tPost\tDate\r\n" +
		"001234\tZoë Nguyen\twords-read\tintervention\t840\t\"1,020\"\t14/07/2024\r\n" +
		"001235\tSiân O'Brien\twords-read\tintervention\t910\t\"1,150\"\t14/07/2024\r\n" +
		"001236\tTom Smith\twords-read\tintervention\t780\t905\t14/07/2024\r\n" +
		"001237\tRenée Patel\twords-read\tcomparison\t880\t930\t14/07/2024\r\n"
	u := []byte{0xff, 0xfe}
	for _, c := range utf16.Encode([]rune(text)) {
		u = append(u, byte(c), byte(c>>8))
	}
	write("sims-marksheet.txt", u)
}

func write(name string, b []byte) {
	check(os.WriteFile(filepath.Join(dir, name), b, 0o644))
	log.Printf("wrote %s (%d bytes)", filepath.Join(dir, name), len(b))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
