package export_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schoolstogether/impact/reports/export"
	"github.com/schoolstogether/impact/toc"
)

// schema is the IATI 2.03 activity schema of the shared folder.
const schema = "../../testdata/iati-2.03/iati-activities-schema.xsd"

// validate checks an IATI file against the schema with xmllint, skipped
// where xmllint is missing unless in CI.
func validate(t *testing.T, file string) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint is missing: install libxml2-utils")
		}
		t.Skip("xmllint is missing: install libxml2-utils to validate IATI files")
	}
	if out, err := exec.Command("xmllint", "--noout", "--schema", schema, file).CombinedOutput(); err != nil {
		t.Fatalf("%s does not validate: %v\n%s", file, err, out)
	}
}

// activity is what the tests read back of an IATI file.
type activity struct {
	Identifier   string `xml:"iati-activity>iati-identifier"`
	ReportingOrg struct {
		Ref  string `xml:"ref,attr"`
		Type string `xml:"type,attr"`
		Name string `xml:"narrative"`
	} `xml:"iati-activity>reporting-org"`
	Title       string `xml:"iati-activity>title>narrative"`
	Description string `xml:"iati-activity>description>narrative"`
	Orgs        []struct {
		Ref  string `xml:"ref,attr"`
		Role string `xml:"role,attr"`
		Name string `xml:"narrative"`
	} `xml:"iati-activity>participating-org"`
	Status struct {
		Code string `xml:"code,attr"`
	} `xml:"iati-activity>activity-status"`
	Dates []struct {
		Type string `xml:"type,attr"`
		Date string `xml:"iso-date,attr"`
	} `xml:"iati-activity>activity-date"`
	Results []struct {
		Type      string `xml:"type,attr"`
		Title     string `xml:"title>narrative"`
		Indicator struct {
			Description string `xml:"description>narrative"`
			Measure     string `xml:"measure,attr"`
			Ascending   string `xml:"ascending,attr"`
			Baseline    struct {
				Year  string `xml:"year,attr"`
				Value string `xml:"value,attr"`
			} `xml:"baseline"`
			Periods []struct {
				Start  date `xml:"period-start"`
				End    date `xml:"period-end"`
				Target struct {
					Value string `xml:"value,attr"`
				} `xml:"target"`
				Actual *struct {
					Value string `xml:"value,attr"`
				} `xml:"actual"`
			} `xml:"period"`
		} `xml:"indicator"`
	} `xml:"iati-activity>result"`
}

// date is an element with an iso-date.
type date struct {
	ISODate string `xml:"iso-date,attr"`
}

// periodsOf writes an indicator's periods as "start..end target/actual".
func (a *activity) periodsOf(i int) string {
	var s []string
	for _, p := range a.Results[i].Indicator.Periods {
		actual := "-"
		if p.Actual != nil {
			actual = p.Actual.Value
		}
		s = append(s, p.Start.ISODate+".."+p.End.ISODate+" "+p.Target.Value+"/"+actual)
	}
	return strings.Join(s, ", ")
}

var now = time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)

func TestWriteIATI(t *testing.T) {
	in := sample(t, toc.Funder)
	var buf bytes.Buffer
	if err := export.WriteIATI(&buf, in, now, 2024); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "iati.xml")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	validate(t, file)
	if !strings.Contains(buf.String(), "Tyne &amp; Wear &lt;Partnership&gt;") {
		t.Error("the partnership's name is not escaped")
	}
	var a activity
	if err := xml.Unmarshal(buf.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	if a.Identifier != "GB-CHC-1-tw" || a.ReportingOrg.Ref != "GB-CHC-1" || a.ReportingOrg.Type != "80" || a.ReportingOrg.Name != in.ToC.Name || a.Title != in.ToC.Name {
		t.Errorf("identifier %q, reporting org %+v, title %q", a.Identifier, a.ReportingOrg, a.Title)
	}
	// The activity's schools, the provider first (its URN as a GB-EDU
	// identifier), not the school no activity names; then its funder.
	var orgs []string
	for _, o := range a.Orgs {
		orgs = append(orgs, o.Role+" "+o.Ref+" "+o.Name)
	}
	if got := strings.Join(orgs, "; "); got != "4 GB-EDU-108516 Royal Grammar School; 4  West Hill & Co; 1  Local <foundation>" {
		t.Errorf("participating organisations: %s", got)
	}
	if a.Status.Code != "2" || len(a.Dates) != 2 || a.Dates[0].Type != "1" || a.Dates[1].Type != "2" || a.Dates[1].Date != "2019-09-01" {
		t.Errorf("status %s, dates %+v: want implementation, started 2019-09-01", a.Status.Code, a.Dates)
	}
	if len(a.Results) != 2 {
		t.Fatalf("%d results, want one per KPI", len(a.Results))
	}
	if a.Description != "Schools & <friends> working together" || a.Results[0].Indicator.Description != "From the SCITT" {
		t.Errorf("descriptions %q and %q, want toc.yaml's", a.Description, a.Results[0].Indicator.Description)
	}
	r := a.Results[0].Indicator
	if a.Results[0].Type != "2" || a.Results[0].Title != "Trainees graduating" || r.Measure != "1" || r.Ascending != "true" || r.Baseline.Year != "2021" || r.Baseline.Value != "12" {
		t.Errorf("result 1: %+v", a.Results[0])
	}
	// 12 to 20 over three years: 14.67, 17.33, 20; actual 14 and 17.
	if got, want := a.periodsOf(0), "2022-09-01..2023-08-31 14.67/14, 2023-09-01..2024-08-31 17.33/17, 2024-09-01..2025-08-31 20/-"; got != want {
		t.Errorf("trainees' periods\n%s\nwant\n%s", got, want)
	}
	g := a.Results[1].Indicator
	if g.Measure != "2" || g.Ascending != "false" {
		t.Errorf("the reading gap in %%: measure %s, ascending %s; want 2 (percentage), false", g.Measure, g.Ascending)
	}
	if got, want := a.periodsOf(1), "2022-09-01..2023-08-31 25/26.5, 2023-09-01..2024-08-31 20/-"; got != want {
		t.Errorf("gap's periods\n%s\nwant\n%s", got, want)
	}
}

func TestWriteIATI_Status(t *testing.T) {
	tests := []struct {
		name, edit string
		current    toc.Period
		want       string
	}{
		{"Running", "", 2024, "2: 1 2019-09-01, 2 2019-09-01"},
		{"EndsThisYear", "    ended: 2024/25\n", 2024, "2: 1 2019-09-01, 2 2019-09-01, 3 2025-08-31"},
		{"Ended", "    ended: 2022/23\n", 2024, "4: 1 2019-09-01, 2 2019-09-01, 3 2023-08-31, 4 2023-08-31"},
		{"NotYetStarted", "", 2018, "1: 1 2019-09-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sample(t, toc.Funder)
			p, err := toc.Parse("toc.yaml", []byte(strings.Replace(sampleTOC, "    internal_impact: 3\n", tt.edit+"    internal_impact: 3\n", 1)))
			if err != nil {
				t.Fatal(err)
			}
			in.ToC = p
			var buf bytes.Buffer
			if err := export.WriteIATI(&buf, in, now, tt.current); err != nil {
				t.Fatal(err)
			}
			var a activity
			if err := xml.Unmarshal(buf.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			var dates []string
			for _, d := range a.Dates {
				dates = append(dates, d.Type+" "+d.Date)
			}
			if got := a.Status.Code + ": " + strings.Join(dates, ", "); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestWriteIATI_NoBlock(t *testing.T) {
	in := sample(t, toc.Funder)
	in.ToC.IATI = nil
	var buf bytes.Buffer
	err := export.WriteIATI(&buf, in, now, 2024)
	if toc.ErrorCode(err) != toc.EINVALID || !strings.Contains(err.Error(), "iati: {identifier:") {
		t.Errorf("err = %v, want EINVALID saying what to add", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes", buf.Len())
	}
}
