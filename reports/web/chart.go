package web

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

// trajectorySVG draws a KPI's values against the straight line from its
// baseline to its target, as an inline SVG: no script, so the KPI page runs
// under a policy that allows none. Every label is escaped.
func trajectorySVG(k *toc.KPI, values []toc.Point) template.HTML {
	const w, h, left, right, top, bottom = 640.0, 280.0, 56.0, 36.0, 16.0, 40.0
	first, last := k.Baseline.Period, k.Target.Period
	lo, hi := math.Min(k.Baseline.Value, k.Target.Value), math.Max(k.Baseline.Value, k.Target.Value)
	for _, v := range append(values[:len(values):len(values)], k.Milestones...) {
		first, last = min(first, v.Period), max(last, v.Period)
		lo, hi = math.Min(lo, v.Value), math.Max(hi, v.Value)
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	pad := (hi - lo) * 0.05
	step := tickStep(lo-pad, hi+pad, 7)
	lo, hi = math.Floor((lo-pad)/step)*step, math.Ceil((hi+pad)/step)*step
	span := max(float64(last-first), 1)
	x := func(p toc.Period) float64 { return left + (w-left-right)*float64(p-first)/span }
	y := func(v float64) float64 { return top + (h-top-bottom)*(hi-v)/(hi-lo) }
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %s %s" role="img" aria-label="%s">`, num(w), num(h),
		template.HTMLEscapeString("Trajectory of "+k.Title))
	// Axes and period labels.
	fmt.Fprintf(&b, `<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(left), num(h-bottom), num(w-right), num(h-bottom))
	fmt.Fprintf(&b, `<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(left), num(top), num(left), num(h-bottom))
	for p := first; p <= last; p++ {
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="middle">%s</text>`, num(x(p)), num(h-bottom+18), p)
	}
	for i := 0.0; lo+i*step <= hi+step/2; i++ {
		v := lo + i*step
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`, num(left-6), num(y(v)+4), template.HTMLEscapeString(formatValue(math.Round(v*100)/100)))
	}
	// The planned trajectory: baseline to target, through any milestones.
	path := k.Path()
	pts := make([]string, len(path))
	for i, pt := range path {
		pts[i] = num(x(pt.Period)) + "," + num(y(pt.Value))
	}
	fmt.Fprintf(&b, `<polyline class="plan" points="%s"><title>baseline %s to target %s</title></polyline>`, strings.Join(pts, " "),
		template.HTMLEscapeString(formatValue(k.Baseline.Value)), template.HTMLEscapeString(formatValue(k.Target.Value)))
	for _, m := range k.Milestones {
		fmt.Fprintf(&b, `<circle class="milestone" cx="%s" cy="%s" r="5" data-period="%s" data-value="%s"><title>milestone %s in %s</title></circle>`,
			num(x(m.Period)), num(y(m.Value)), m.Period, template.HTMLEscapeString(formatValue(m.Value)), template.HTMLEscapeString(formatValue(m.Value)), m.Period)
	}
	fmt.Fprintf(&b, `<circle class="target" cx="%s" cy="%s" r="6"><title>target %s in %s</title></circle>`,
		num(x(k.Target.Period)), num(y(k.Target.Value)), template.HTMLEscapeString(formatValue(k.Target.Value)), k.Target.Period)
	// The values logged.
	if len(values) > 0 {
		pts := make([]string, len(values))
		for i, v := range values {
			pts[i] = num(x(v.Period)) + "," + num(y(v.Value))
		}
		fmt.Fprintf(&b, `<polyline class="actual" points="%s"/>`, strings.Join(pts, " "))
		for _, v := range values {
			fmt.Fprintf(&b, `<circle class="value" cx="%s" cy="%s" r="4" data-period="%s" data-value="%s"><title>%s: %s</title></circle>`,
				num(x(v.Period)), num(y(v.Value)), v.Period, template.HTMLEscapeString(formatValue(v.Value)),
				v.Period, template.HTMLEscapeString(formatValue(v.Value)))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every piece above is a number, a period or escaped
}

// tickStep is the round step (1, 2, 2.5 or 5 times a power of ten) that
// marks the range lo..hi with at most most ticks, its ends rounded out to
// the step.
func tickStep(lo, hi float64, most int) float64 {
	step := math.Pow(10, math.Floor(math.Log10((hi-lo)/float64(most-1))))
	for {
		for _, m := range []float64{1, 2, 2.5, 5} {
			s := step * m
			if math.Ceil(hi/s)-math.Floor(lo/s)+1 <= float64(most) {
				return s
			}
		}
		step *= 10
	}
}

// formatValue writes a KPI value without needless decimals.
func formatValue(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
