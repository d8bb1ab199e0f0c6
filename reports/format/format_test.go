package format_test

import (
	"testing"

	"github.com/schoolstogether/impact/reports/format"
)

func ptr(f float64) *float64 { return &f }

// TestFormat: each value worked out by hand, as a reader expects it.
func TestFormat(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{format.Grouped(1234567), "1,234,567"},
		{format.Grouped(999), "999"},
		{format.Number(9.049999999999999, 2), "9.05"}, // the web app once printed the float
		{format.Number(1234.5, 1), "1,234.5"},
		{format.Number(-3.5, 1), "\u22123.5"},
		{format.Number(12, 2), "12"},
		{format.Percent(ptr(0.875)), "87.5%"}, // not 88%
		{format.Percent(nil), "—"},
		{format.Times(ptr(1.8)), "1.8×"},
		{format.Pounds(5000), "£5,000"},
		{format.Pounds(11.37), "£11.37"},
		{format.Pounds(2.5), "£2.50"},
		{format.Fixed(-0.001, 2), "0.00"}, // never −0.00
		{format.Fixed(-1.25, 2), "\u22121.25"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestMeasured: a unit of % or £ goes with the number; words do not.
func TestMeasured(t *testing.T) {
	for _, c := range []struct {
		x    float64
		unit string
		want string
	}{
		{68, "%", "68%"}, {75.25, "%", "75.25%"}, {5000, "£", "£5,000"}, {11.37, "£", "£11.37"},
		{1234, "trainees", "1,234"}, {9.049999999999999, "months", "9.05"}, {17, "", "17"},
	} {
		if got := format.Measured(c.x, c.unit); got != c.want {
			t.Errorf("Measured(%v, %q) = %q, want %q", c.x, c.unit, got, c.want)
		}
	}
}
