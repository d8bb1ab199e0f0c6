package export_test

import (
	"math"
	"testing"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/export"
)

func TestGuard(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+1":                         "'+1",
		"-3":                         "'-3",
		"@SUM(A1)":                   "'@SUM(A1)",
		"\t=1":                       "'\t=1",
		"\r=1":                       "'\r=1",
		"a=1":                        "a=1",
		" =1":                        " =1",
		"":                           "",
		"<6":                         "<6",
		"c":                          "c",
		"2024/25":                    "2024/25",
	} {
		if got := export.Guard(in); got != want {
			t.Errorf("Guard(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCell(t *testing.T) {
	g := -0.25
	tests := []struct {
		name    string
		cell    export.Cell
		text    string // as a CSV holds it
		number  bool
		textual bool
	}{
		{"NegativeNumberStaysANumber", export.Number(-3), "-3", true, false},
		{"NegativeFraction", export.OptNumber(&g), "-0.25", true, false},
		{"NoExponent", export.Number(1e-7), "0.0000001", true, false},
		{"NegativeZero", export.Number(math.Copysign(0, -1)), "0", true, false},
		{"NaNIsNothing", export.Number(math.NaN()), "", false, false},
		{"NilIsNothing", export.OptNumber(nil), "", false, false},
		{"TextLikeANegativeNumber", export.Text("-3"), "'-3", false, true},
		{"Count", export.Count(metrics.Count{N: 12}), "12", true, false},
		{"SmallCount", export.Count(metrics.Count{N: 4, Suppressed: true, MinCell: 6}), "<6", false, true},
		{"Complementary", export.Count(metrics.Count{N: 40, Suppressed: true, Complementary: true, MinCell: 6}), "c", false, true},
		{"Bool", export.Bool(true), "true", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cell.String(); got != tt.text {
				t.Errorf("String() = %q, want %q", got, tt.text)
			}
			if _, ok := tt.cell.Number(); ok != tt.number {
				t.Errorf("a number: %v, want %v", ok, tt.number)
			}
			if _, ok := tt.cell.Text(); ok != tt.textual {
				t.Errorf("text: %v, want %v", ok, tt.textual)
			}
		})
	}
}
