package reports

import (
	"math"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
)

// countText writes a count of people: "1,234", or "<6" when suppressed.
func countText(c metrics.Count) string {
	if c.Suppressed {
		return c.String()
	}
	return format.Grouped(int64(c.N))
}

// round keeps a chart's numbers short; undefined values become null.
func round(p *float64, decimals int) any {
	if !format.Defined(p) {
		return nil
	}
	f := math.Pow(10, float64(decimals))
	return math.Round(*p*f) / f
}

// plural writes "1 school", "3 schools".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return format.Grouped(int64(n)) + " " + many
}
