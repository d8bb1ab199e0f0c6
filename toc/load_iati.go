package toc

import (
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// iati reads iati: {identifier, reporting_org, reporting_org_type}. The
// block is kept only when all of it is good.
func (d *decoder) iati(p *Partnership, n ast.Node) {
	before := len(d.errs)
	f, ok := d.mapping(n, "iati", "!identifier", "!reporting_org", "reporting_org_type")
	if !ok {
		return
	}
	x := &IATI{ReportingOrgType: DefaultIATIOrgType, Pos: f.start}
	if v, ok := f.get("reporting_org"); ok {
		x.ReportingOrg, _ = d.iatiRef(v, "iati.reporting_org", "such as GB-CHC-1234567")
	}
	if v, ok := f.get("identifier"); ok {
		id, ok := d.iatiRef(v, "iati.identifier", "such as GB-CHC-1234567-tyne-valley")
		if ok && x.ReportingOrg != "" && !strings.HasPrefix(id, x.ReportingOrg+"-") {
			d.errorf(posOf(v), "iati.identifier: expected the reporting organisation's identifier, a hyphen and the partnership's own code (%s-…), got %q", x.ReportingOrg, id)
		}
		x.Identifier = id
	}
	if v, ok := f.get("reporting_org_type"); ok {
		if t, ok := d.integer(v, "iati.reporting_org_type", 10, 90); ok {
			if !slices.Contains(IATIOrgTypes, t) {
				codes := make([]string, len(IATIOrgTypes))
				for i, c := range IATIOrgTypes {
					codes[i] = strconv.Itoa(c)
				}
				d.errorf(posOf(v), "iati.reporting_org_type: expected a code of IATI's OrganisationType list (%s; 80 for schools), got %d", strings.Join(codes, ", "), t)
			}
			x.ReportingOrgType = t
		}
	}
	if len(d.errs) == before {
		p.IATI = x
	}
}

// iatiRef reads an IATI identifier.
func (d *decoder) iatiRef(n ast.Node, what, example string) (string, bool) {
	s, ok := d.text(n, what)
	if !ok {
		return "", false
	}
	if why := badIATIRef(s); why != "" {
		d.errorf(posOf(n), "%s: expected an IATI identifier %s (%s), got %q", what, example, why, s)
		return "", false
	}
	return s, true
}
