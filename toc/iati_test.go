package toc_test

import (
	"strings"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

// TestParse_IATI reads the iati: block and checks the position and message
// of each problem; base has 29 lines, so the block starts on line 30.
func TestParse_IATI(t *testing.T) {
	t.Run("Absent", func(t *testing.T) {
		p, err := toc.Parse("toc.yaml", []byte(base))
		if err != nil {
			t.Fatal(err)
		}
		if p.IATI != nil {
			t.Errorf("IATI = %+v, want nil without an iati: block", p.IATI)
		}
	})
	t.Run("DefaultType", func(t *testing.T) {
		p, err := toc.Parse("toc.yaml", []byte(base+"iati:\n  identifier: GB-CHC-123-tv\n  reporting_org: GB-CHC-123\n"))
		if err != nil {
			t.Fatal(err)
		}
		want := toc.IATI{Identifier: "GB-CHC-123-tv", ReportingOrg: "GB-CHC-123", ReportingOrgType: 80, Pos: toc.Pos{Line: 31, Col: 3}}
		if p.IATI == nil || *p.IATI != want {
			t.Errorf("IATI = %+v, want %+v", p.IATI, want)
		}
	})
	t.Run("GivenType", func(t *testing.T) {
		p, err := toc.Parse("toc.yaml", []byte(base+"iati: {identifier: GB-COH-9-x, reporting_org: GB-COH-9, reporting_org_type: 21}\n"))
		if err != nil {
			t.Fatal(err)
		}
		if p.IATI == nil || p.IATI.ReportingOrgType != 21 {
			t.Errorf("IATI = %+v, want type 21", p.IATI)
		}
	})
	tests := []struct {
		name, block string
		want        []string
	}{
		{"Missing", "iati:\n  identifier: GB-CHC-123-tv\n", []string{
			`toc.yaml:31:3: iati is missing required field "reporting_org"`,
		}},
		{"UnknownField", "iati:\n  identifier: GB-CHC-123-tv\n  reporting_org: GB-CHC-123\n  reporting_org_name: X\n", []string{
			`toc.yaml:33:3: unknown field "reporting_org_name" in iati: expected one of identifier, reporting_org, reporting_org_type`,
		}},
		{"NotAMapping", "iati: GB-CHC-123\n", []string{
			`toc.yaml:30:7: iati: expected a mapping of identifier, reporting_org…, got "GB-CHC-123"`,
		}},
		{"IdentifierNotPrefixed", "iati:\n  identifier: tyne-valley\n  reporting_org: GB-CHC-123\n", []string{
			// "  identifier: " is 14 characters
			`toc.yaml:31:15: iati.identifier: expected the reporting organisation's identifier, a hyphen and the partnership's own code (GB-CHC-123-…), got "tyne-valley"`,
		}},
		{"Spaces", "iati:\n  identifier: \"GB-CHC-123 tv\"\n  reporting_org: GB/CHC/123\n", []string{
			`toc.yaml:31:15: iati.identifier: expected an IATI identifier such as GB-CHC-1234567-tyne-valley (an IATI identifier holds no spaces), got "GB-CHC-123 tv"`,
			// "  reporting_org: " is 17 characters
			`toc.yaml:32:18: iati.reporting_org: expected an IATI identifier such as GB-CHC-1234567 (an IATI identifier holds none of / & | ?), got "GB/CHC/123"`,
		}},
		{"BadType", "iati:\n  identifier: GB-CHC-123-tv\n  reporting_org: GB-CHC-123\n  reporting_org_type: 81\n", []string{
			// "  reporting_org_type: " is 22 characters
			`toc.yaml:33:23: iati.reporting_org_type: expected a code of IATI's OrganisationType list (10, 11, 15, 21, 22, 23, 24, 30, 40, 60, 70, 71, 72, 73, 80, 90; 80 for schools), got 81`,
		}},
		{"TypeNotANumber", "iati:\n  identifier: GB-CHC-123-tv\n  reporting_org: GB-CHC-123\n  reporting_org_type: school\n", []string{
			`toc.yaml:33:23: iati.reporting_org_type: expected a whole number from 10 to 90, got "school"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := toc.Parse("toc.yaml", []byte(base+tt.block))
			if err == nil {
				t.Fatal("no problems reported")
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if p.IATI != nil {
				t.Errorf("a bad iati: block was kept: %+v", p.IATI)
			}
		})
	}
}
