package export

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// IATI codes used (IATI codelists, version 2.03).
const (
	iatiVersion         = "2.03"
	resultOutcome       = "2" // ResultType: outcome
	measureUnit         = "1" // IndicatorMeasure: unit
	measurePercentage   = "2" // IndicatorMeasure: percentage
	roleFunding         = "1" // OrganisationRole: funding
	roleImplementing    = "4" // OrganisationRole: implementing
	orgTypeSchool       = "80"
	statusPipeline      = "1" // ActivityStatus
	statusImplementing  = "2"
	statusClosed        = "4"
	datePlannedStart    = "1" // ActivityDateType
	dateActualStart     = "2"
	datePlannedEnd      = "3"
	dateActualEnd       = "4"
	descriptionGeneral  = "1"      // DescriptionType
	schoolRegisterAgent = "GB-EDU" // org-id.guide: Get Information about Schools, by URN
)

// ErrNoIATI says that toc.yaml lacks the iati: block an IATI export needs,
// and what to add.
var ErrNoIATI = toc.Errorf(toc.EINVALID, "toc.yaml has no iati: block, which an IATI file needs: add one such as "+
	"`iati: {identifier: GB-CHC-1234567-our-partnership, reporting_org: GB-CHC-1234567, reporting_org_type: 80}` "+
	"(reporting_org: the IATI organisation identifier of whoever publishes; identifier: it, a hyphen and the partnership's own code)")

// WriteIATI writes the partnership as one IATI 2.03 activity (DESIGN §14):
// its schools as implementing organisations and its funders as funding
// ones, status and dates from its activities, and one outcome result per
// KPI with the KPI's baseline and, for each academic year, the planned
// value as target and the value in force as actual. now stamps the file;
// the current academic year tells the activity's status. Every string is escaped
// by encoding/xml.
func WriteIATI(w io.Writer, in Input, now time.Time, current toc.Period) error {
	p := in.ToC
	if p.IATI == nil {
		return ErrNoIATI
	}
	stamp := now.UTC().Format(time.RFC3339)
	act := iatiActivity{
		LastUpdated: stamp, Lang: "en", Currency: "GBP", Hierarchy: 1,
		Identifier:   p.IATI.Identifier,
		ReportingOrg: iatiOrg{Ref: p.IATI.ReportingOrg, Type: strconv.Itoa(p.IATI.ReportingOrgType), Narrative: narratives(in.Result.Partnership)},
		Title:        iatiText{Narrative: narratives(in.Result.Partnership)},
		Description:  []iatiDescription{{Type: descriptionGeneral, Narrative: narratives(describe(p))}},
	}
	act.Participating = participants(p, in.Result.Activities)
	acts := inScope(p, in)
	act.Status, act.Dates = status(acts, current)
	for _, k := range in.Result.KPIs {
		if t := p.KPI(k.ID); t != nil {
			act.Results = append(act.Results, result(t, k.Values, p))
		}
	}
	doc := iatiActivities{Version: iatiVersion, Generated: stamp, Activities: []iatiActivity{act}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("iati: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("iati: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// inScope are the ToC's activities of the result, in file order.
func inScope(p *toc.Partnership, in Input) []*toc.Activity {
	var out []*toc.Activity
	for _, a := range in.Result.Activities {
		if t := p.Activity(a.ID); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// describe is the partnership's description: its own from toc.yaml, else
// what it is and what it aims at, from its theory of change.
func describe(p *toc.Partnership) string {
	if p.Description != "" {
		return p.Description
	}
	var aims []string
	for _, o := range p.Objectives {
		aims = append(aims, o.Title)
	}
	return fmt.Sprintf("%s: a partnership of %d schools running %d activities towards its objectives: %s.",
		p.Name, len(p.Schools), len(p.Activities), strings.Join(aims, "; "))
}

// participants are the schools of the activities (providers first, then
// partners, in file order) as implementing organisations, then their
// funders, each once.
func participants(p *toc.Partnership, results []metrics.ActivityResult) []iatiOrg {
	var ids, funders []string
	for _, r := range results {
		a := p.Activity(r.ID)
		if a == nil {
			continue
		}
		for _, s := range append([]string{a.Provider}, a.Partners...) {
			if !slices.Contains(ids, s) {
				ids = append(ids, s)
			}
		}
		for _, f := range a.Funding {
			if !slices.Contains(funders, f.Source) {
				funders = append(funders, f.Source)
			}
		}
	}
	var out []iatiOrg
	for i := range p.Schools {
		s := &p.Schools[i]
		if !slices.Contains(ids, s.ID) {
			continue
		}
		o := iatiOrg{Role: roleImplementing, Type: orgTypeSchool, Narrative: narratives(s.Name)}
		if s.URN != "" {
			o.Ref = schoolRegisterAgent + "-" + s.URN
		}
		out = append(out, o)
	}
	for _, f := range funders {
		out = append(out, iatiOrg{Role: roleFunding, Narrative: narratives(f)})
	}
	return out
}

// status is the activity's status and dates from its activities': started
// with the earliest, ended with the latest when every one has ended.
func status(acts []*toc.Activity, now toc.Period) (iatiCode, []iatiDate) {
	if len(acts) == 0 {
		return iatiCode{Code: statusPipeline}, []iatiDate{{Type: datePlannedStart, ISODate: start(now)}}
	}
	first, last, allEnded := acts[0].Started, toc.Period(0), true
	for _, a := range acts {
		first = min(first, a.Started)
		if a.Ended == nil {
			allEnded = false
		} else {
			last = max(last, *a.Ended)
		}
	}
	dates := []iatiDate{{Type: datePlannedStart, ISODate: start(first)}}
	code := statusImplementing
	if first > now {
		code = statusPipeline
	} else {
		dates = append(dates, iatiDate{Type: dateActualStart, ISODate: start(first)})
	}
	if allEnded {
		dates = append(dates, iatiDate{Type: datePlannedEnd, ISODate: end(last)})
		if last < now {
			code = statusClosed
			dates = append(dates, iatiDate{Type: dateActualEnd, ISODate: end(last)})
		}
	}
	return iatiCode{Code: code}, dates
}

// start and end are an academic year's first and last days.
func start(p toc.Period) string { return fmt.Sprintf("%04d-09-01", int(p)) }
func end(p toc.Period) string   { return fmt.Sprintf("%04d-08-31", int(p)+1) }

func narratives(s string) []iatiNarrative { return []iatiNarrative{{Text: s}} }
