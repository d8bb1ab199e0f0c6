package toc_test

import (
	"testing"
	"time"

	"github.com/schoolstogether/impact/toc"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want toc.Period
		err  string
	}{
		{"2023/24", 2023, ""},
		{"1999/00", 1999, ""}, // the year after 1999 ends in 00
		{"2099/00", 2099, ""},
		{"0000/01", 0, ""},
		{"2023/25", 0, `expected an academic year of consecutive years like 2023/24, got "2023/25"`},
		{"2023-24", 0, `expected an academic year like 2023/24, got "2023-24"`},
		{"2023/2024", 0, `expected an academic year like 2023/24, got "2023/2024"`},
		{"23/24", 0, `expected an academic year like 2023/24, got "23/24"`},
		{"２０２３/24", 0, `expected an academic year like 2023/24, got "２０２３/24"`},
		{"", 0, `expected an academic year like 2023/24, got ""`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := toc.ParsePeriod(tt.in)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("err %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %v, %v, want %v", got, err, tt.want)
			}
			if got.String() != tt.in {
				t.Errorf("String %q, want %q", got.String(), tt.in)
			}
		})
	}
}

func TestPeriodOf(t *testing.T) {
	tests := []struct {
		date string
		want string
	}{
		{"2024-09-01", "2024/25"}, // the first day of the year
		{"2025-08-31", "2024/25"}, // the last
		{"2024-08-31", "2023/24"},
		{"2025-01-15", "2024/25"},
		{"2000-02-29", "1999/00"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			d, _ := time.Parse(time.DateOnly, tt.date)
			if got := toc.PeriodOf(d).String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPeriod_MarshalText(t *testing.T) {
	var p toc.Period
	if err := p.UnmarshalText([]byte("2021/22")); err != nil || p != 2021 {
		t.Fatalf("unmarshal: %v %v", p, err)
	}
	if b, _ := p.MarshalText(); string(b) != "2021/22" {
		t.Errorf("marshal %q", b)
	}
	if err := p.UnmarshalText([]byte("2021")); err == nil || p != 2021 {
		t.Errorf("bad text: err %v, period changed to %v", err, p)
	}
}
