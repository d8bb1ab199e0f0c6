package export

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

// The elements of IATI 2.03 activity XML that an export writes, in the
// schema's order.
type (
	iatiActivities struct {
		XMLName    xml.Name       `xml:"iati-activities"`
		Version    string         `xml:"version,attr"`
		Generated  string         `xml:"generated-datetime,attr"`
		Activities []iatiActivity `xml:"iati-activity"`
	}
	iatiActivity struct {
		LastUpdated   string            `xml:"last-updated-datetime,attr"`
		Lang          string            `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Currency      string            `xml:"default-currency,attr"`
		Hierarchy     int               `xml:"hierarchy,attr"`
		Identifier    string            `xml:"iati-identifier"`
		ReportingOrg  iatiOrg           `xml:"reporting-org"`
		Title         iatiText          `xml:"title"`
		Description   []iatiDescription `xml:"description"`
		Participating []iatiOrg         `xml:"participating-org"`
		Status        iatiCode          `xml:"activity-status"`
		Dates         []iatiDate        `xml:"activity-date"`
		Results       []iatiResult      `xml:"result"`
	}
	iatiNarrative struct {
		Text string `xml:",chardata"`
	}
	iatiText struct {
		Narrative []iatiNarrative `xml:"narrative"`
	}
	iatiDescription struct {
		Type      string          `xml:"type,attr,omitempty"`
		Narrative []iatiNarrative `xml:"narrative"`
	}
	iatiOrg struct {
		Ref       string          `xml:"ref,attr,omitempty"`
		Type      string          `xml:"type,attr,omitempty"`
		Role      string          `xml:"role,attr,omitempty"`
		Narrative []iatiNarrative `xml:"narrative"`
	}
	iatiCode struct {
		Code string `xml:"code,attr"`
	}
	iatiDate struct {
		Type    string `xml:"type,attr"`
		ISODate string `xml:"iso-date,attr"`
	}
	iatiResult struct {
		Type        string          `xml:"type,attr"`
		Title       iatiText        `xml:"title"`
		Description *iatiText       `xml:"description,omitempty"`
		Indicators  []iatiIndicator `xml:"indicator"`
	}
	iatiIndicator struct {
		Measure     string       `xml:"measure,attr"`
		Ascending   bool         `xml:"ascending,attr"`
		Title       iatiText     `xml:"title"`
		Description *iatiText    `xml:"description,omitempty"`
		Baseline    iatiBaseline `xml:"baseline"`
		Periods     []iatiPeriod `xml:"period"`
	}
	iatiBaseline struct {
		Year    int       `xml:"year,attr"`
		ISODate string    `xml:"iso-date,attr"`
		Value   string    `xml:"value,attr"`
		Comment *iatiText `xml:"comment,omitempty"`
	}
	iatiPeriod struct {
		Start  iatiISODate `xml:"period-start"`
		End    iatiISODate `xml:"period-end"`
		Target []iatiValue `xml:"target"`
		Actual []iatiValue `xml:"actual"`
	}
	iatiISODate struct {
		ISODate string `xml:"iso-date,attr"`
	}
	iatiValue struct {
		Value string `xml:"value,attr"`
	}
)

// result is a KPI as an IATI outcome: its indicator's baseline, then a
// period for each academic year from the baseline's (or the first value's,
// if earlier) to the target's (or the last value's, if later), with the
// planned value as target and the value in force, when there is one, as
// actual.
func result(k *toc.KPI, values []toc.Point, p *toc.Partnership) iatiResult {
	ind := iatiIndicator{
		Measure: measureUnit, Ascending: k.Direction != toc.Decrease,
		Title: iatiText{Narrative: narratives(indicatorTitle(k))},
		Baseline: iatiBaseline{Year: int(k.Baseline.Period), ISODate: start(k.Baseline.Period), Value: number(k.Baseline.Value),
			Comment: &iatiText{Narrative: narratives("Academic year " + k.Baseline.Period.String())}},
	}
	if isPercentage(k.Unit) {
		ind.Measure = measurePercentage
	}
	lo, hi := k.Baseline.Period+1, max(k.Target.Period, k.Baseline.Period+1)
	if len(values) > 0 {
		lo, hi = min(lo, values[0].Period), max(hi, values[len(values)-1].Period)
	}
	for y := lo; y <= hi; y++ {
		pd := iatiPeriod{Start: iatiISODate{start(y)}, End: iatiISODate{end(y)}, Target: []iatiValue{{planned(k, y)}}}
		for _, v := range values {
			if v.Period == y {
				pd.Actual = []iatiValue{{number(v.Value)}}
			}
		}
		ind.Periods = append(ind.Periods, pd)
	}
	if k.Description != "" {
		ind.Description = &iatiText{Narrative: narratives(k.Description)}
	}
	r := iatiResult{Type: resultOutcome, Title: iatiText{Narrative: narratives(k.Title)}, Indicators: []iatiIndicator{ind}}
	if d := outcomeOf(p, k); d != "" {
		r.Description = &iatiText{Narrative: narratives(d)}
	}
	return r
}

// indicatorTitle names the KPI with its unit.
func indicatorTitle(k *toc.KPI) string {
	if k.Unit == "" {
		return k.Title
	}
	return k.Title + " (" + k.Unit + ")"
}

// outcomeOf says which outcome and objective a KPI shows, with the
// outcome's description.
func outcomeOf(p *toc.Partnership, k *toc.KPI) string {
	for _, o := range p.Objectives {
		for _, oc := range o.Outcomes {
			if oc.ID == k.Outcome && o.ID == k.Objective {
				d := "Outcome: " + oc.Title + ". Objective: " + o.Title + "."
				if oc.Description != "" {
					d += " " + oc.Description
				}
				return d
			}
		}
	}
	return ""
}

// isPercentage says whether a KPI's unit is a percentage.
func isPercentage(unit string) bool {
	u := strings.ToLower(strings.TrimSpace(unit))
	return strings.Contains(u, "%") || u == "percent" || u == "per cent" || u == "percentage" || strings.HasPrefix(u, "percentage ")
}

// planned is the KPI's planned value in a year: a milestone's or the
// target's as toc.yaml gives it (the baseline's before it, the target's
// after), else the straight path between them, to two decimals (a trainee
// and two-thirds is not a target anyone set).
func planned(k *toc.KPI, y toc.Period) string {
	path := k.Path()
	for _, pt := range path {
		if pt.Period == y {
			return number(pt.Value)
		}
	}
	if y < path[0].Period || y > path[len(path)-1].Period {
		return number(k.Planned(y)) // the baseline's or the target's
	}
	return number(math.Round(k.Planned(y)*100) / 100)
}

// number writes a value in full, as IATI's decimal values take it.
func number(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
