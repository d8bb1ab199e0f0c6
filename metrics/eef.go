package metrics

import "github.com/schoolstogether/impact/toc"

// Benchmark sets an activity's own effect beside its EEF Teaching and
// Learning Toolkit strand (issue 16, README "Health").
type Benchmark struct {
	Strand   string `json:"strand"`
	Title    string `json:"title"`
	Months   int    `json:"months"`   // the toolkit's average months of progress
	Evidence int    `json:"evidence"` // the toolkit's padlocks, 0..5
	Cost     int    `json:"cost"`     // the toolkit's cost rating, 1..5
	// Measure, G and OwnMonths are the activity's own effect: of the
	// measures with a defined g, the one with most intervention pupils
	// (the first alphabetically on a tie); nil when none has one.
	Measure   *string  `json:"measure"`
	G         *float64 `json:"g"`
	OwnMonths *int     `json:"own_months"`
	// CostPerMonth is cost_per_participant ÷ own_months, pounds per pupil
	// per month of progress; nil unless both are known and months > 0.
	CostPerMonth *float64 `json:"cost_per_month"`
}

// Toolkit says which version of the toolkit the benchmarks come from: its
// figures change between versions.
type Toolkit struct {
	Source string `json:"source"`
	AsOf   string `json:"as_of"`
	Note   string `json:"note"`
	// Own is true when the partnership keeps its own eef.yaml.
	Own bool `json:"own"`
}

// benchmark is the activity's benchmark against its strand, nil when it
// names none.
func benchmark(strands *toc.Strands, a *toc.Activity) *Benchmark {
	s := strands.Strand(a.EEF)
	if s == nil {
		return nil
	}
	return &Benchmark{Strand: s.ID, Title: s.Title, Months: s.Months, Evidence: s.Evidence, Cost: s.Cost}
}

// own fills in the activity's own effect and its cost per month, from
// what the result shows (a funder's, after hidden values are null).
func (b *Benchmark) own(a *ActivityResult) {
	if b == nil {
		return
	}
	b.Measure, b.G, b.OwnMonths, b.CostPerMonth = nil, nil, nil, nil
	best := -1
	for i, e := range a.EffectSizes {
		if e.G == nil || e.Months == nil {
			continue
		}
		if best < 0 || e.NIntervention.N > a.EffectSizes[best].NIntervention.N {
			best = i
		}
	}
	if best < 0 {
		return
	}
	e := a.EffectSizes[best]
	b.Measure, b.G, b.OwnMonths = ptr(e.Measure), e.G, e.Months
	if a.CostPerParticipant != nil && *e.Months > 0 {
		b.CostPerMonth = ptr(*a.CostPerParticipant / float64(*e.Months))
	}
}

func toolkit(s *toc.Strands) *Toolkit {
	if s == nil {
		return nil
	}
	return &Toolkit{Source: s.Source, AsOf: s.AsOf, Note: s.Note, Own: s.File != ""}
}
