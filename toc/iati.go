package toc

import "strings"

// IATI is how the partnership is published to the International Aid
// Transparency Initiative (DESIGN §14): the `iati:` block of toc.yaml,
// needed only by impact export --format iati.
type IATI struct {
	// Identifier is the partnership's IATI activity identifier: the
	// reporting organisation's identifier, a hyphen, and its own code for
	// the partnership ("GB-CHC-1234567-tyne-valley").
	Identifier string
	// ReportingOrg is the IATI organisation identifier of who publishes
	// ("GB-CHC-1234567": a registration agency's code and a number).
	ReportingOrg string
	// ReportingOrgType is the IATI OrganisationType code of the reporting
	// organisation; DefaultIATIOrgType when toc.yaml leaves it out.
	ReportingOrgType int
	Pos              Pos // of the iati key's mapping
}

// DefaultIATIOrgType is iati.reporting_org_type when toc.yaml leaves it
// out: 80, "Academic, Training and Research", which schools are.
const DefaultIATIOrgType = 80

// IATIOrgTypes are the codes of IATI's OrganisationType codelist.
var IATIOrgTypes = []int{10, 11, 15, 21, 22, 23, 24, 30, 40, 60, 70, 71, 72, 73, 80, 90}

// iatiForbidden are the characters IATI identifiers must not hold.
const iatiForbidden = "/&|? \t"

// badIATIRef says what is wrong with an identifier, or "".
func badIATIRef(s string) string {
	if i := strings.IndexAny(s, iatiForbidden); i >= 0 {
		if s[i] == ' ' || s[i] == '\t' {
			return "an IATI identifier holds no spaces"
		}
		return "an IATI identifier holds none of / & | ?"
	}
	return ""
}
