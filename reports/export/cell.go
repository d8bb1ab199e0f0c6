package export

import (
	"math"
	"strconv"
	"strings"

	"github.com/schoolstogether/impact/metrics"
)

// Cell is one value of a sheet: a number, text, true or false, or nothing
// (a value that is undefined, null in impact metrics --json). Text is
// guarded against formula injection when the cell is made, so no writer
// can forget it.
type Cell struct {
	kind cellKind
	text string
	num  float64
	b    bool
}

type cellKind uint8

const (
	kindNull cellKind = iota
	kindText
	kindNumber
	kindBool
)

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (or, for tab and CR, hide one behind them).
const formulaStarts = "=+-@\t\r"

// Guard makes text inert in a spreadsheet: text beginning with =, +, -, @,
// a tab or a carriage return is prefixed with an apostrophe, as OWASP
// advises against CSV injection. Numbers are never text, so -3 stays a
// number.
func Guard(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// Text is a text cell, guarded.
func Text(s string) Cell { return Cell{kind: kindText, text: Guard(s)} }

// Number is a number cell; a NaN or infinity, which no spreadsheet holds,
// is nothing.
func Number(x float64) Cell {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Null()
	}
	if x == 0 {
		x = 0 // never -0
	}
	return Cell{kind: kindNumber, num: x}
}

// Int is a whole-number cell.
func Int(n int) Cell { return Cell{kind: kindNumber, num: float64(n)} }

// Bool is a true-or-false cell.
func Bool(b bool) Cell { return Cell{kind: kindBool, b: b} }

// Null is an empty cell: a value that is undefined.
func Null() Cell { return Cell{} }

// OptNumber is Number, or nothing when x is nil.
func OptNumber(x *float64) Cell {
	if x == nil {
		return Null()
	}
	return Number(*x)
}

// OptInt is Int, or nothing when n is nil.
func OptInt(n *int) Cell {
	if n == nil {
		return Null()
	}
	return Int(*n)
}

// OptText is Text, or nothing when s is nil.
func OptText(s *string) Cell {
	if s == nil {
		return Null()
	}
	return Text(*s)
}

// Count is a count of people as the view gives it: a number, or the text
// "<N" or "c" when the funder view hides it.
func Count(c metrics.Count) Cell {
	if c.Suppressed {
		return Text(c.String())
	}
	return Int(c.N)
}

// IsNull says whether the cell is empty.
func (c Cell) IsNull() bool { return c.kind == kindNull }

// Text returns the cell's text, guarded, and whether it is a text cell.
func (c Cell) Text() (string, bool) { return c.text, c.kind == kindText }

// Number returns the cell's number and whether it is a number cell.
func (c Cell) Number() (float64, bool) { return c.num, c.kind == kindNumber }

// Bool returns the cell's truth and whether it is a true-or-false cell.
func (c Cell) Bool() (bool, bool) { return c.b, c.kind == kindBool }

// String writes the cell as a CSV file holds it: numbers in full, without
// exponent, so that they read back exactly; nothing as an empty field.
func (c Cell) String() string {
	switch c.kind {
	case kindText:
		return c.text
	case kindNumber:
		return strconv.FormatFloat(c.num, 'f', -1, 64)
	case kindBool:
		return strconv.FormatBool(c.b)
	}
	return ""
}
