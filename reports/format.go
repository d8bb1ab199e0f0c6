package reports

import (
	"math"
	"strconv"
	"strings"

	"github.com/schoolstogether/impact/metrics"
)

// minus is the typographic minus sign, for negative numbers people read.
const minus = "\u2212"

// dash marks a value that cannot be computed.
const dash = "—"

// grouped writes a non-negative integer with thousands separators.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// number writes x for people: thousands separated, at most decimals places
// after the point, trailing zeros dropped, a real minus sign.
func number(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return dash
	}
	p := math.Pow(10, float64(decimals))
	x = math.Round(x*p) / p
	sign := ""
	if x < 0 {
		sign, x = minus, -x
	}
	whole, frac := math.Modf(x)
	s := sign + grouped(int64(whole))
	if decimals > 0 && frac > 0 {
		f := strconv.FormatFloat(frac, 'f', decimals, 64) // "0.50"
		f = strings.TrimRight(f[1:], "0")
		if f != "." {
			s += f
		}
	}
	return s
}

// fixed writes x with exactly decimals places and a real minus sign, for
// columns of statistics that line up.
func fixed(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return dash
	}
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if strings.HasPrefix(s, "-") {
		if strings.Trim(s[1:], "0.") == "" {
			return s[1:] // never −0.00
		}
		return minus + s[1:]
	}
	return s
}

// countText writes a count of people: "1,234", or "<6" when suppressed.
func countText(c metrics.Count) string {
	if c.Suppressed {
		return c.String()
	}
	return grouped(int64(c.N))
}

// percent writes a share (0..1) as a percentage with one decimal.
func percent(p *float64) string {
	if !defined(p) {
		return dash
	}
	return number(*p*100, 1) + "%"
}

// times writes a ratio such as a targeting ratio: "1.8×".
func times(p *float64) string {
	if !defined(p) {
		return dash
	}
	return number(*p, 2) + "×"
}

// pounds writes money: whole pounds from £100 up, pence below.
func pounds(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return dash
	}
	if math.Abs(x) >= 100 {
		return "£" + number(x, 0)
	}
	s := number(x, 2)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i == 2 {
		s += "0" // £2.50, not £2.5
	}
	return "£" + s
}

// poundsPtr is pounds, or a dash when undefined.
func poundsPtr(p *float64) string {
	if !defined(p) {
		return dash
	}
	return pounds(*p)
}

// defined reports whether p holds a finite number.
func defined(p *float64) bool {
	return p != nil && !math.IsNaN(*p) && !math.IsInf(*p, 0)
}

// round keeps a chart's numbers short; undefined values become null.
func round(p *float64, decimals int) any {
	if !defined(p) {
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
	return grouped(int64(n)) + " " + many
}
