package metrics_test

import (
	"math"
	"testing"

	"github.com/schoolstogether/impact/metrics"
)

func posts(xs ...float64) []metrics.Score {
	out := make([]metrics.Score, len(xs))
	for i, x := range xs {
		out[i] = metrics.Score{Post: x}
	}
	return out
}

// pairs reads pre, post, pre, post, ...
func pairs(xs ...float64) []metrics.Score {
	var out []metrics.Score
	for i := 0; i < len(xs); i += 2 {
		pre := xs[i]
		out = append(out, metrics.Score{Pre: &pre, Post: xs[i+1]})
	}
	return out
}

func near(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = null, want %.12g", name, want)
		return
	}
	if math.Abs(*got-want) > 1e-9 {
		t.Errorf("%s = %.15g, want %.15g", name, *got, want)
	}
}

type wantEffect struct {
	kind          string // "" for null
	nI, nC        int
	g, se, lo, hi float64
	months        int
	reason        string // "" when g is defined
}

func checkEffect(t *testing.T, got metrics.EffectSize, want wantEffect) {
	t.Helper()
	switch {
	case want.kind == "" && got.Kind != nil:
		t.Errorf("kind = %q, want null", *got.Kind)
	case want.kind != "" && (got.Kind == nil || *got.Kind != want.kind):
		t.Errorf("kind = %v, want %q", got.Kind, want.kind)
	}
	if got.NIntervention.N != want.nI || got.NComparison.N != want.nC {
		t.Errorf("n = %d/%d, want %d/%d", got.NIntervention.N, got.NComparison.N, want.nI, want.nC)
	}
	if want.reason != "" {
		if got.Reason == nil || *got.Reason != want.reason {
			t.Errorf("reason = %v, want %q", got.Reason, want.reason)
		}
		if got.G != nil || got.SE != nil || got.CILow != nil || got.CIHigh != nil || got.Months != nil {
			t.Errorf("g, se, ci, months = %v %v %v %v %v, want all null", got.G, got.SE, got.CILow, got.CIHigh, got.Months)
		}
		return
	}
	if got.Reason != nil {
		t.Errorf("reason = %q, want null", *got.Reason)
	}
	near(t, "g", got.G, want.g)
	near(t, "se", got.SE, want.se)
	near(t, "ci_low", got.CILow, want.lo)
	near(t, "ci_high", got.CIHigh, want.hi)
	if got.Months == nil || *got.Months != want.months {
		t.Errorf("months = %v, want %d", got.Months, want.months)
	}
}

func TestEffect(t *testing.T) {
	t.Run("ComparisonOfPost", func(t *testing.T) {
		// I = 4, 6, 8: mean 6, s² = (4+0+4)/2 = 4. C = 3, 5: mean 4, s² = (1+1)/1 = 2.
		// S_p = √((2·4 + 1·2)/3) = √(10/3) = 1.825741858; d = 2/S_p = 1.095445115.
		// J = 1 − 3/(4·5 − 9) = 8/11; g = 0.796687356.
		// SE = √(5/6 + g²/10) = √(0.833333 + 0.063471) = 0.946997575.
		// CI = g ± 1.96·SE = −1.059427891 .. 2.652802604. h = 80 → 10 months.
		got := metrics.Effect("m", posts(4, 6, 8), posts(3, 5))
		checkEffect(t, got, wantEffect{kind: "comparison", nI: 3, nC: 2,
			g: 0.7966873563711506, se: 0.9469975753472121, lo: -1.0594278913093849, hi: 2.6528026040516863, months: 10})
	})
	t.Run("NegativeAndAboveOne", func(t *testing.T) {
		// I = 1, 2, 3 (mean 2, s² 1); C = 5, 6, 7 (mean 6, s² 1); S_p = 1, d = −4.
		// J = 1 − 3/(24 − 9) = 0.8; g = −3.2. SE = √(6/9 + 10.24/12) = √1.52 = 1.232882801.
		// CI = −3.2 ± 2.416450289. h = 320 → 12 months, negative: −12.
		got := metrics.Effect("m", posts(1, 2, 3), posts(5, 6, 7))
		checkEffect(t, got, wantEffect{kind: "comparison", nI: 3, nC: 3,
			g: -3.2, se: 1.2328828005937953, lo: -5.616450289163839, hi: -0.7835497108361613, months: -12})
	})
	t.Run("ComparisonOfGainsWhenEveryRowHasPre", func(t *testing.T) {
		// Gains I = 3, 4, 2 (mean 3, s² 1); C = 1, 0, 2 (mean 1, s² 1); S_p = 1, d = 2.
		// J = 0.8, g = 1.6; SE = √(6/9 + 2.56/12) = √0.88 = 0.938083152. h = 160 → 12.
		got := metrics.Effect("m", pairs(1, 4, 2, 6, 3, 5), pairs(1, 2, 2, 2, 3, 5))
		checkEffect(t, got, wantEffect{kind: "comparison", nI: 3, nC: 3,
			g: 1.6, se: 0.938083151964686, lo: -0.23864297785078437, hi: 3.4386429778507845, months: 12})
	})
	t.Run("ComparisonOfPostWhenOneRowLacksPre", func(t *testing.T) {
		// The last comparison row has no pre, so posts: I = 4, 6, 5 (mean 5, s² 1);
		// C = 2, 2, 5 (mean 3, s² 3). S_p = √((2 + 6)/4) = √2; d = 2/√2 = 1.414213562.
		// g = 0.8·d = 1.131370850; SE = √(6/9 + 1.28/12) = √0.773333 = 0.879393731.
		c := append(pairs(1, 2, 2, 2), metrics.Score{Post: 5})
		got := metrics.Effect("m", pairs(1, 4, 2, 6, 3, 5), c)
		checkEffect(t, got, wantEffect{kind: "comparison", nI: 3, nC: 3,
			g: 1.131370849898476, se: 0.8793937305515279, lo: -0.5922408619825186, hi: 2.8549825617794706, months: 12})
	})
	t.Run("PrePost", func(t *testing.T) {
		// pre 10, 12, 14 (s_pre = 2); post 13, 14, 18; gains 3, 2, 4 (mean 3); d = 1.5.
		// J = 1 − 3/(4·2 − 1) = 4/7; g = 6/7 = 0.857142857.
		// r: deviations pre −2, 0, 2; post −2, −1, 3; r = 10/√(8·14) = 0.944911183.
		// SE = √(2(1 − r)/3 + g²/6) = √(0.036726 + 0.122449) = 0.398967239. h = 86 → 10.
		got := metrics.Effect("m", pairs(10, 13, 12, 14, 14, 18), nil)
		checkEffect(t, got, wantEffect{kind: "pre-post", nI: 3, nC: 0,
			g: 0.8571428571428571, se: 0.3989672391435058, lo: 0.07516706842158571, hi: 1.6391186458641285, months: 10})
	})
	t.Run("PrePostWhenComparisonBelowTwo", func(t *testing.T) {
		// One comparison pupil: the comparison form needs two, so the same
		// pre-post as above, over the intervention rows with pre (the row
		// without pre is left out).
		i := append(pairs(10, 13, 12, 14, 14, 18), metrics.Score{Post: 40})
		got := metrics.Effect("m", i, posts(1))
		checkEffect(t, got, wantEffect{kind: "pre-post", nI: 3, nC: 1,
			g: 0.8571428571428571, se: 0.3989672391435058, lo: 0.07516706842158571, hi: 1.6391186458641285, months: 10})
	})
	t.Run("TooFew", func(t *testing.T) {
		// Two intervention pupils with pre and post, one comparison pupil.
		got := metrics.Effect("m", pairs(1, 2, 3, 5), posts(4))
		checkEffect(t, got, wantEffect{nI: 2, nC: 1, reason: metrics.ReasonTooFew})
	})
	t.Run("ZeroPooledSD", func(t *testing.T) {
		got := metrics.Effect("m", posts(3, 3, 3), posts(2, 2))
		checkEffect(t, got, wantEffect{kind: "comparison", nI: 3, nC: 2, reason: metrics.ReasonNoSpread})
	})
	t.Run("ZeroSDPre", func(t *testing.T) {
		got := metrics.Effect("m", pairs(5, 6, 5, 7, 5, 9), nil)
		checkEffect(t, got, wantEffect{kind: "pre-post", nI: 3, reason: metrics.ReasonNoSpreadPre})
	})
	t.Run("ZeroSDPost", func(t *testing.T) {
		got := metrics.Effect("m", pairs(4, 8, 5, 8, 6, 8), nil)
		checkEffect(t, got, wantEffect{kind: "pre-post", nI: 3, reason: metrics.ReasonNoSpreadPost})
	})
}

func TestMonths(t *testing.T) {
	// h = |g|·100 rounded half away from zero; the EEF bands end at
	// 1, 9, 18, 26, 35, 44, 52, 61, 69, 78, 87, 95.
	for _, c := range []struct {
		g    float64
		want int
	}{
		{0, 0}, {0.01, 0}, {0.014, 0}, {0.015, 1}, // 1.5 rounds up to 2
		{0.09, 1}, {0.095, 2}, {0.18, 2}, {0.185, 3}, {0.26, 3}, {0.265, 4},
		{0.35, 4}, {0.355, 5}, {0.44, 5}, {0.445, 6}, {0.52, 6}, {0.525, 7},
		{0.61, 7}, {0.615, 8}, {0.69, 8}, {0.695, 9}, {0.78, 9}, {0.785, 10},
		{0.87, 10}, {0.875, 11}, {0.95, 11}, {0.955, 12}, {3.2, 12},
		{-0.004, 0}, {-0.005, 0}, // h = 1 still 0 months, never −0
		{-0.015, -1}, {-0.2, -3}, {-1.5, -12},
	} {
		t.Run("", func(t *testing.T) {
			got := metrics.Months(c.g)
			if got != c.want {
				t.Errorf("Months(%v) = %d, want %d", c.g, got, c.want)
			}
			if c.want == 0 && math.Signbit(float64(got)) {
				t.Errorf("Months(%v) is −0", c.g)
			}
		})
	}
}
