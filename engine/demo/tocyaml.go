package demo

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// tocYAML writes the demo's theory of change as a person would.
func (g *gen) tocYAML() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `# The demo partnership of impact: invented, but shaped like a real one in the
# North East of England, where about 60 projects a year run out of one
# secondary school and reach more than 10,000 children in 100 schools.
# Regenerate it with: impact demo --out DIR

partnership: %s
description: %s

schools:
`, q(partnershipName), q(partnershipDescription))
	for _, s := range g.schools {
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n    phase: %s\n", s.id, q(s.name), s.phase)
		if !s.noFigures {
			fmt.Fprintf(&b, "    pupils: %d\n    disadvantaged_pct: %s\n", s.pupils, fmtNum(s.pct))
		}
	}
	b.WriteString("\nobjectives:\n")
	lastObj, lastOut := "", ""
	for _, k := range kpiSpecs {
		if k.objective != lastObj {
			fmt.Fprintf(&b, "  - id: %s\n    title: %s\n", k.objective, q(k.objectiveTitle))
			if d := objectiveDescriptions[k.objective]; d != "" {
				fmt.Fprintf(&b, "    description: %s\n", q(d))
			}
			b.WriteString("    outcomes:\n")
			lastObj, lastOut = k.objective, ""
		}
		if k.outcome != lastOut {
			fmt.Fprintf(&b, "      - id: %s\n        title: %s\n        kpis:\n", k.outcome, q(k.outcomeTitle))
			lastOut = k.outcome
		}
		fmt.Fprintf(&b, "          - id: %s\n            title: %s\n", k.id, q(k.title))
		if d := kpiDescriptions[k.id]; d != "" {
			fmt.Fprintf(&b, "            description: %s\n", q(d))
		}
		fmt.Fprintf(&b, "            unit: %s\n            direction: %s\n            aggregate: %s\n", q(k.unit), k.dir, k.agg)
		fmt.Fprintf(&b, "            baseline: {period: %s, value: %s}\n            target: {period: %s, value: %s}\n",
			k.basePeriod, fmtNum(k.base), k.targetPeriod, fmtNum(k.target))
	}
	b.WriteString("\nactivities:\n")
	for _, a := range g.activities {
		fmt.Fprintf(&b, "  - id: %s\n    title: %s\n", a.id, q(a.title))
		if d := activityDescriptions[a.id]; d != "" {
			fmt.Fprintf(&b, "    description: %s\n", q(d))
		}
		fmt.Fprintf(&b, "    kpis: [%s]\n    certainty: %s\n    participation: %s\n    provider: %s\n",
			strings.Join(a.kpis, ", "), a.certainty, a.participation, a.provider.id)
		ids := make([]string, len(a.partners))
		for i, s := range a.partners {
			ids[i] = s.id
		}
		fmt.Fprintf(&b, "    partners: [%s]\n    leads: [%s]\n    started: %s\n", strings.Join(ids, ", "), strings.Join(a.leads, ", "), a.started)
		if a.ended != 0 {
			fmt.Fprintf(&b, "    ended: %s\n", a.ended)
		}
		fmt.Fprintf(&b, "    internal_impact: %d\n    external_impact: %d\n    targets_disadvantaged: %t\n", a.internal, a.external, a.targets)
		if len(a.funding) > 0 {
			b.WriteString("    funding:\n")
			for _, f := range a.funding {
				fmt.Fprintf(&b, "      - {source: %s, period: %s, amount: %s}\n", q(f.Source), f.Period, fmtNum(f.Amount))
			}
		}
		a.healthYAML(&b)
	}
	healthYAML(&b)
	b.WriteString("\nprivacy:\n  min_cell: 6\n")
	// IATI's documentation's example identifiers: the demo publishes nothing.
	b.WriteString("\n# How impact export --format iati names the partnership (invented identifiers).\n" +
		"iati:\n  identifier: AA-AAA-123456789-tyne-valley\n  reporting_org: AA-AAA-123456789\n  reporting_org_type: 80\n")
	return b.Bytes()
}

// q quotes a string for YAML.
func q(s string) string { return strconv.Quote(s) }
