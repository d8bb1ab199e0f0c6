package intake

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/schoolstogether/impact/toc"
)

// Cell parsers of DESIGN §6. Each returns the message of a bad cell, which
// the caller prefixes with the column's name and places at FILE:ROW:COL.

// ParseDate reads YYYY-MM-DD or the UK's DD/MM/YYYY (D/M/YYYY too), either
// followed by a time, which is dropped (DESIGN §11).
func ParseDate(b []byte) (y, m, d int, msg string) {
	b = dropTime(b)
	bad := func() (int, int, int, string) {
		if len(b) == 0 {
			return 0, 0, 0, "expected a date as YYYY-MM-DD or DD/MM/YYYY, got an empty cell"
		}
		return 0, 0, 0, fmt.Sprintf("expected a real date as YYYY-MM-DD or DD/MM/YYYY, got %q", b)
	}
	var ok bool
	switch {
	case len(b) == 10 && b[4] == '-' && b[7] == '-':
		y, ok = digits(b[0:4])
		if ok {
			m, ok = digits(b[5:7])
		}
		if ok {
			d, ok = digits(b[8:10])
		}
	default:
		s := string(b)
		ds, rest, ok1 := strings.Cut(s, "/")
		ms, ys, ok2 := strings.Cut(rest, "/")
		ok = ok1 && ok2 && len(ds) >= 1 && len(ds) <= 2 && len(ms) >= 1 && len(ms) <= 2 && len(ys) == 4
		if ok {
			d, ok = digits([]byte(ds))
		}
		if ok {
			m, ok = digits([]byte(ms))
		}
		if ok {
			y, ok = digits([]byte(ys))
		}
	}
	if !ok || y < 1000 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return bad()
	}
	return y, m, d, ""
}

// dropTime cuts a time after a date: "2024-10-07 09:00", "07/10/2024
// 09:00:00", "2024-10-07T09:00:00Z".
func dropTime(b []byte) []byte {
	if len(b) > 10 && b[4] == '-' && (b[10] == 'T' || b[10] == ' ') {
		return b[:10]
	}
	if i := bytes.IndexByte(b, ' '); i > 0 && bytes.IndexByte(b[:i], '/') > 0 {
		return b[:i]
	}
	return b
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

// PeriodOfDate is the academic year of a date (1 September to 31 August).
func PeriodOfDate(y, m int) toc.Period {
	if m >= 9 {
		return toc.Period(y)
	}
	return toc.Period(y - 1)
}

// ParseNumber reads a finite decimal such as 12, -3.5, .5 or 1.2e3, its
// thousands grouped by commas in threes or not ("1,234", "12,345.5");
// "1,5", currency signs, "NaN" and "Inf" are refused.
func ParseNumber(b []byte) (float64, string) {
	if len(b) == 0 {
		return 0, "expected a number, got an empty cell"
	}
	text := b
	if bytes.IndexByte(b, ',') >= 0 {
		var ok bool
		if text, ok = ungroup(b); !ok {
			return 0, fmt.Sprintf("expected a number such as 1234.5 or 1,234.5 (commas only between thousands), got %q", b)
		}
	}
	if !isDecimal(text) {
		return 0, fmt.Sprintf("expected a number such as 12 or 3.5, got %q", b)
	}
	v, err := strconv.ParseFloat(string(text), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Sprintf("expected a finite number, got %q", b)
	}
	return v, ""
}

// ungroup removes the commas of a number whose integer part is grouped in
// threes: "12,345.5" → "12345.5"; ok false for any other comma.
func ungroup(b []byte) ([]byte, bool) {
	sign := 0
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		sign = 1
	}
	intPart := b[sign:]
	if i := bytes.IndexAny(intPart, ".eE"); i >= 0 {
		if bytes.IndexByte(intPart[i:], ',') >= 0 {
			return nil, false
		}
		intPart = intPart[:i]
	}
	groups := bytes.Split(intPart, []byte(","))
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return nil, false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return nil, false
		}
	}
	return bytes.ReplaceAll(b, []byte(","), nil), true
}

func isDecimal(b []byte) bool {
	i := 0
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	n := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
		n++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			n++
		}
	}
	if n == 0 {
		return false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		e := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			e++
		}
		if e == 0 {
			return false
		}
	}
	return i == len(b)
}

// ParseGroup reads an outcome row's group, in any case.
func ParseGroup(b []byte) (string, string) {
	switch strings.ToLower(string(b)) {
	case "intervention":
		return "intervention", ""
	case "comparison":
		return "comparison", ""
	case "":
		return "", "expected intervention or comparison, got an empty cell"
	}
	return "", fmt.Sprintf("expected intervention or comparison, got %q", b)
}

// IDs looks up the IDs of one kind of the ToC. Ids of the ToC are lower
// case, so a cell matches in any case; the ToC's spelling is kept.
type IDs struct {
	What  string // "activity", "KPI", "school"
	known map[string]string
}

// NewIDs indexes the ids of one kind (what names it in messages).
func NewIDs(what string, list []string) IDs {
	m := make(map[string]string, 2*len(list))
	for _, id := range list {
		m[id] = id
		m[strings.ToUpper(id)] = id
	}
	return IDs{What: what, known: m}
}

// Lookup returns the ToC's id for a cell; empty cells are the caller's
// business.
func (x IDs) Lookup(b []byte) (string, string) {
	if id, ok := x.known[string(b)]; ok {
		return id, ""
	}
	if id, ok := x.known[strings.ToLower(string(b))]; ok {
		return id, ""
	}
	return "", fmt.Sprintf("expected %s id of toc.yaml, got %q", Article(x.What), b)
}

// Article puts "a" or "an" before a kind of id, for messages.
func Article(what string) string {
	if what == "activity" {
		return "an activity"
	}
	return "a " + what
}

// ValidText refuses cells that are not UTF-8, as a spreadsheet saved in a
// legacy encoding gives.
func ValidText(b []byte) string {
	if utf8.Valid(b) {
		return ""
	}
	return "expected UTF-8 text: the file began as UTF-8 but is not throughout; save it as \"CSV UTF-8\", or import it with --encoding windows-1252"
}

// ParseValue reads a KPI value or score as DESIGN §6 writes numbers: a
// finite decimal.
func ParseValue(s string) (float64, error) {
	v, msg := ParseNumber([]byte(strings.TrimSpace(s)))
	if msg != "" {
		return 0, errors.New(msg)
	}
	return v, nil
}
