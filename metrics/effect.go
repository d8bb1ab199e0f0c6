package metrics

import "math"

// Kinds of effect size (DESIGN §7.5).
const (
	KindComparison = "comparison" // intervention against comparison group
	KindPrePost    = "pre-post"   // intervention participants before and after
)

// Reasons an effect size is undefined.
const (
	ReasonTooFew       = "too few scores: needs 2 or more in each group, or 3 or more intervention participants with pre and post"
	ReasonNoSpread     = "scores do not vary: the pooled standard deviation is 0"
	ReasonNoSpreadPre  = "scores do not vary: the standard deviation of pre scores is 0"
	ReasonNoSpreadPost = "scores do not vary: the standard deviation of post scores is 0"
	ReasonSuppressed   = "suppressed"
)

// Score is one pupil's outcome on a measure: post, and pre when measured.
type Score struct {
	Pre  *float64
	Post float64
}

// Effect is Hedges' g of one measure (DESIGN §7.5): the comparison form
// when both groups have two or more pupils, else the pre-post form over the
// intervention pupils with both scores. An undefined g comes with a reason.
func Effect(measure string, intervention, comparison []Score) EffectSize {
	if len(intervention) >= 2 && len(comparison) >= 2 {
		return comparisonEffect(measure, intervention, comparison)
	}
	var pre, post []float64
	for _, s := range intervention {
		if s.Pre != nil {
			pre = append(pre, *s.Pre)
			post = append(post, s.Post)
		}
	}
	if len(pre) >= 3 {
		return prePostEffect(measure, pre, post, len(comparison))
	}
	return EffectSize{
		Measure:       measure,
		NIntervention: Count{N: len(intervention)},
		NComparison:   Count{N: len(comparison)},
		Reason:        ptr(ReasonTooFew),
	}
}

// comparisonEffect: d = (M_I − M_C) / S_p over gains when every score of
// both groups has pre, else over post; g = J·d with J = 1 − 3/(4N − 9).
func comparisonEffect(measure string, intervention, comparison []Score) EffectSize {
	gains := allHavePre(intervention) && allHavePre(comparison)
	scores := func(ss []Score) []float64 {
		out := make([]float64, len(ss))
		for i, s := range ss {
			out[i] = s.Post
			if gains {
				out[i] -= *s.Pre
			}
		}
		return out
	}
	xi, xc := scores(intervention), scores(comparison)
	ni, nc := float64(len(xi)), float64(len(xc))
	e := EffectSize{Measure: measure, Kind: ptr(KindComparison), NIntervention: Count{N: len(xi)}, NComparison: Count{N: len(xc)}}
	sp := math.Sqrt(((ni-1)*variance(xi) + (nc-1)*variance(xc)) / (ni + nc - 2))
	if sp == 0 {
		e.Reason = ptr(ReasonNoSpread)
		return e
	}
	d := (mean(xi) - mean(xc)) / sp
	g := (1 - 3/(4*(ni+nc)-9)) * d
	se := math.Sqrt((ni+nc)/(ni*nc) + g*g/(2*(ni+nc)))
	e.define(g, se)
	return e
}

func allHavePre(ss []Score) bool {
	for _, s := range ss {
		if s.Pre == nil {
			return false
		}
	}
	return true
}

// prePostEffect: d = mean(post − pre) / s_pre; g = J·d with
// J = 1 − 3/(4(n−1) − 1); SE = √(2(1−r)/n + g²/(2n)), r = Pearson(pre, post).
func prePostEffect(measure string, pre, post []float64, nComparison int) EffectSize {
	n := float64(len(pre))
	e := EffectSize{Measure: measure, Kind: ptr(KindPrePost), NIntervention: Count{N: len(pre)}, NComparison: Count{N: nComparison}}
	sPre, sPost := math.Sqrt(variance(pre)), math.Sqrt(variance(post))
	switch {
	case sPre == 0:
		e.Reason = ptr(ReasonNoSpreadPre)
		return e
	case sPost == 0:
		e.Reason = ptr(ReasonNoSpreadPost)
		return e
	}
	gain := make([]float64, len(pre))
	for i := range pre {
		gain[i] = post[i] - pre[i]
	}
	d := mean(gain) / sPre
	g := (1 - 3/(4*(n-1)-1)) * d
	r := pearson(pre, post)
	se := math.Sqrt(2*(1-r)/n + g*g/(2*n))
	e.define(g, se)
	return e
}

// define sets g, its standard error, the 95% interval and months.
func (e *EffectSize) define(g, se float64) {
	m := Months(g)
	e.G, e.SE = ptr(g), ptr(se)
	e.CILow, e.CIHigh = ptr(g-1.96*se), ptr(g+1.96*se)
	e.Months = &m
	e.Reason = nil
}

// monthsBounds are the upper bounds of h = round(|g|×100) for 0, 1, … 11
// months of additional progress in the Education Endowment Foundation's
// toolkit; above the last, 12.
var monthsBounds = [...]int{1, 9, 18, 26, 35, 44, 52, 61, 69, 78, 87, 95}

// Months converts an effect size to the EEF toolkit's months of additional
// progress, with the sign of g (and never −0).
func Months(g float64) int {
	h := int(math.Round(math.Abs(g) * 100)) // math.Round rounds half away from zero
	m := len(monthsBounds)
	for i, b := range monthsBounds {
		if h <= b {
			m = i
			break
		}
	}
	if g < 0 {
		return -m
	}
	return m
}

func ptr[T any](v T) *T { return &v }
