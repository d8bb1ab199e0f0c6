// Package format writes numbers for people, one way everywhere: the
// report, the web app and the command line's tables say £5,000, 87.5% and
// 1.8× alike (issue 13: the web app once said 88% where the report said
// 87.5%).
package format

import (
	"math"
	"strconv"
	"strings"
)

// Minus is the typographic minus sign, for negative numbers people read.
const Minus = "\u2212"

// Dash marks a value that cannot be computed.
const Dash = "—"

// Grouped writes a non-negative integer with thousands separators.
func Grouped(n int64) string {
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

// Number writes x for people: thousands separated, at most decimals places
// after the point, trailing zeros dropped, a real Minus sign.
func Number(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Dash
	}
	p := math.Pow(10, float64(decimals))
	x = math.Round(x*p) / p
	sign := ""
	if x < 0 {
		sign, x = Minus, -x
	}
	whole, frac := math.Modf(x)
	s := sign + Grouped(int64(whole))
	if decimals > 0 && frac > 0 {
		f := strconv.FormatFloat(frac, 'f', decimals, 64) // "0.50"
		f = strings.TrimRight(f[1:], "0")
		if f != "." {
			s += f
		}
	}
	return s
}

// Fixed writes x with exactly decimals places and a real Minus sign, for
// columns of statistics that line up.
func Fixed(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Dash
	}
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if strings.HasPrefix(s, "-") {
		if strings.Trim(s[1:], "0.") == "" {
			return s[1:] // never −0.00
		}
		return Minus + s[1:]
	}
	return s
}

// Percent writes a share (0..1) as a percentage with one decimal.
func Percent(p *float64) string {
	if !Defined(p) {
		return Dash
	}
	return Number(*p*100, 1) + "%"
}

// Times writes a ratio such as a targeting ratio: "1.8×".
func Times(p *float64) string {
	if !Defined(p) {
		return Dash
	}
	return Number(*p, 2) + "×"
}

// Pounds writes money: whole pounds from £100 up, pence below.
func Pounds(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Dash
	}
	if math.Abs(x) >= 100 {
		return "£" + Number(x, 0)
	}
	s := Number(x, 2)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i == 2 {
		s += "0" // £2.50, not £2.5
	}
	return "£" + s
}

// PoundsPtr is pounds, or a Dash when undefined.
func PoundsPtr(p *float64) string {
	if !Defined(p) {
		return Dash
	}
	return Pounds(*p)
}

// Defined reports whether p holds a finite number.
func Defined(p *float64) bool {
	return p != nil && !math.IsNaN(*p) && !math.IsInf(*p, 0)
}

// Measured writes a KPI's value with its unit, once and the same way
// everywhere (DESIGN §14): "68%" for a unit of %, "£5,000" for £, and
// otherwise the number alone — a unit in words ("trainees") is written
// once, beside the KPI's name, not after every number.
func Measured(x float64, unit string) string {
	switch strings.TrimSpace(strings.ToLower(unit)) {
	case "%", "percent", "per cent":
		return Number(x, 2) + "%"
	case "£", "gbp", "pounds":
		return Pounds(x)
	}
	return Number(x, 2)
}
