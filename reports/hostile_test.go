package reports_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

// payloads try every way out of a string: closing the script element (in
// both cases), go-echarts' __f__ function markers, breaking out of an
// attribute into an element with a handler, echarts' own {b} templates and
// a line separator that ends a JavaScript string in old engines. Each sets
// window.__pwned and calls alert, which the browser test watches for.
var payloads = []string{
	`</script><script>window.__pwned=1;alert(1)</script>`,
	`__f__function(){window.__pwned=1;alert(1)}()__f__`,
	`"'><img src=x onerror="window.__pwned=1;alert(1)">`,
	"</SCRIPT><svg onload=window.__pwned=1;alert(1)>{b}{c}\u2028",
}

// hostileInput is the small example with a payload in every string a
// person can type: names, titles, units, leads, funding sources, strategy
// titles, measures, reasons and the revision. tag makes each one unique.
func hostileInput(t testing.TB, audience toc.Audience) reports.Input {
	t.Helper()
	in := smallInput(t, audience)
	n := 0
	bad := func(tag string) string {
		n++
		return fmt.Sprintf("%s%d %s", tag, n, payloads[n%len(payloads)])
	}
	p := in.ToC
	p.Name = bad("partnership")
	for i := range p.Schools {
		p.Schools[i].Name = bad("school")
	}
	for i := range p.Objectives {
		o := &p.Objectives[i]
		o.Title = bad("objective")
		for j := range o.Outcomes {
			oc := &o.Outcomes[j]
			oc.Title = bad("outcome")
			for k := range oc.KPIs {
				oc.KPIs[k].Title, oc.KPIs[k].Unit = bad("kpi"), bad("unit")
			}
		}
	}
	for i := range p.Activities {
		a := &p.Activities[i]
		a.Title = bad("activity")
		a.Leads = []string{bad("lead"), bad("lead")}
		for j := range a.Funding {
			a.Funding[j].Source = bad("funder")
		}
	}
	p.Strategies = append(p.Strategies, toc.Strategy{ID: "robust", Title: bad("strategy"), RequiredLevel: 3})
	r := in.Result
	r.Partnership = bad("partnership")
	for i := range r.KPIs {
		r.KPIs[i].Title, r.KPIs[i].Unit = bad("kpi"), bad("unit")
	}
	for i := range r.Activities {
		a := &r.Activities[i]
		a.Title, a.StrategyTitle = bad("activity"), bad("strategy")
		// The leads reach the report through the result, which names them
		// for a director only (metrics.ForFunder): the funder's report is
		// made with them in its theory of change all the same.
		if def := p.Activity(a.ID); def != nil {
			a.LeadCount = len(def.Leads)
			if r.Audience != toc.Funder {
				a.Leads = def.Leads
			}
		}
		for j := range a.EffectSizes {
			a.EffectSizes[j].Measure = bad("measure")
			reason := bad("reason")
			a.EffectSizes[j].Reason = &reason
		}
	}
	for i := range r.Schools {
		r.Schools[i].Name = bad("school")
	}
	// The health check: leads (in its chart), ratings' evidence, the
	// toolkit's table and a strand's title.
	for i := range r.Health.Risks.KeyPeople {
		r.Health.Risks.KeyPeople[i].Lead = bad("lead")
	}
	r.Health.Checks = append(r.Health.Checks, metrics.HealthCheck{Period: 2024, Mean: 2,
		Ratings: []metrics.FactorRating{{Factor: "trust", Title: "Trust", Rating: 2, Evidence: bad("evidence")}}})
	r.Toolkit = &metrics.Toolkit{Source: bad("source"), AsOf: bad("asof"), Note: bad("note")}
	if len(r.Activities) > 0 {
		r.Activities[0].EEF = &metrics.Benchmark{Strand: "phonics", Title: bad("strand"), Months: 5, Evidence: 4, Cost: 1}
	}
	in.Stamp.Revision = bad("revision")
	return in
}

// withoutECharts is the page less the inlined library, whose code holds
// markup of its own.
func withoutECharts(page string) string {
	i := strings.Index(page, "<script>")
	if i < 0 {
		return page
	}
	j := strings.Index(page[i:], "</script>")
	return page[:i] + page[i+j+len("</script>"):]
}

var reScript = regexp.MustCompile(`(?i)<script`)

func TestWrite_Hostile(t *testing.T) {
	for _, aud := range []toc.Audience{toc.Director, toc.Funder} {
		t.Run(string(aud), func(t *testing.T) {
			in := hostileInput(t, aud)
			page := write(t, in)
			ours := withoutECharts(page)
			opts := options(t, page) // every chart's options are plain JSON
			if got, want := len(reScript.FindAllString(ours, -1)), len(opts); got != want {
				t.Errorf("%d script elements besides echarts, want %d: one per chart", got, want)
			}
			for _, bad := range []string{"<img", "<svg", "<SCRIPT", "</script><script>"} {
				if strings.Contains(ours, bad) {
					t.Errorf("the page holds a raw %q from a user string", bad)
				}
			}
			for _, m := range reOption.FindAllStringSubmatch(page, -1) {
				if strings.Contains(m[2], "__f__") {
					t.Errorf("options of %s hold a raw __f__ marker, which go-echarts would turn into code", m[1])
				}
			}
			// The text survives, only made inert: every activity's title
			// reaches the targeting chart's axis, whole or, past 44
			// characters, its first 43 and an ellipsis.
			axis := fmt.Sprint(opts["chart_targeting"]["yAxis"])
			for _, a := range in.ToC.Activities {
				label := a.Title
				if r := []rune(label); len(r) > 44 {
					label = strings.TrimSpace(string(r[:43])) + "…"
				}
				if !strings.Contains(axis, label) {
					t.Errorf("the targeting chart's axis lost the title %q: %s", a.Title, axis)
				}
			}
			for _, a := range in.ToC.Activities {
				for _, lead := range a.Leads {
					tag := strings.Fields(lead)[0] + " " // "lead7 "
					if shown := strings.Contains(page, tag); shown != (aud == toc.Director) {
						t.Errorf("lead %q shown: %v, to a %s", tag, shown, aud)
					}
				}
			}
		})
	}
}
