package metrics

import (
	"fmt"
	"math"

	"github.com/schoolstogether/impact/toc"
)

// Health is the partnership health check (issue 16, README "Health"):
// the success factors as rated each year, the stage they and the data put
// the partnership at, and what could stop its work.
type Health struct {
	// Stage is emerging, developing or established; nil until toc.yaml
	// rates the success factors (health:).
	Stage *string `json:"stage"`
	// ToNextStage says what keeps the partnership from the next stage,
	// one condition of the rule a line; empty when established.
	ToNextStage []string `json:"to_next_stage"`
	Signals     Signals  `json:"signals"`
	// Checks are the yearly ratings, by period.
	Checks []HealthCheck `json:"checks"`
	// Trend compares the latest check's mean with the one before:
	// improving, steady or declining; nil with fewer than two checks.
	Trend  *string  `json:"trend"`
	Change *float64 `json:"change"`
	Risks  Risks    `json:"risks"`
	// Ties is the reciprocity ledger between schools.
	Ties      []Tie     `json:"ties"`
	ReachGaps ReachGaps `json:"reach_gaps"`
}

// Signals are the numbers the stage rule reads.
type Signals struct {
	// YearsRunning is the partnership's: its oldest running activity's.
	YearsRunning int `json:"years_running"`
	// MeanRating and LowestRating are the latest check's; nil without one.
	MeanRating   *float64 `json:"mean_rating"`
	LowestRating *int     `json:"lowest_rating"`
	// TwoWayShare is the share of schools in a tie that have at least one
	// two-way tie; nil when no school has a tie.
	TwoWayShare *float64 `json:"two_way_share"`
	// OnePersonShare is the share of running activities that stop if one
	// person leaves; nil when none runs.
	OnePersonShare *float64 `json:"one_person_share"`
}

// HealthCheck is one year's ratings.
type HealthCheck struct {
	Period  toc.Period     `json:"period"`
	Mean    float64        `json:"mean"`
	Ratings []FactorRating `json:"ratings"`
}

// FactorRating is a success factor's rating in a year.
type FactorRating struct {
	Factor   string `json:"factor"`
	Title    string `json:"title"`
	Rating   int    `json:"rating"`
	Evidence string `json:"evidence"`
}

// The stages of a partnership, and the thresholds of the rule.
const (
	StageEmerging    = "emerging"
	StageDeveloping  = "developing"
	StageEstablished = "established"

	trendStep = 0.25 // a change in mean rating smaller than this is steady
)

// health builds the health check from the ratings and the result so far.
func health(p *toc.Partnership, acts []*toc.Activity, t *Tally, asOf toc.Period) Health {
	h := Health{Checks: []HealthCheck{}, ToNextStage: []string{}, Risks: risks(acts, t, asOf), Ties: Ledger(p, acts, asOf)}
	for _, c := range p.Health {
		hc := HealthCheck{Period: c.Period, Ratings: []FactorRating{}}
		sum := 0
		for _, r := range c.Ratings {
			hc.Ratings = append(hc.Ratings, FactorRating{Factor: r.Factor, Title: factorTitle(r.Factor), Rating: r.Rating, Evidence: r.Evidence})
			sum += r.Rating
		}
		if len(c.Ratings) > 0 {
			hc.Mean = float64(sum) / float64(len(c.Ratings))
		}
		h.Checks = append(h.Checks, hc)
	}
	if n := len(h.Checks); n >= 2 {
		d := h.Checks[n-1].Mean - h.Checks[n-2].Mean
		h.Change = ptr(d)
		trend := "steady"
		switch {
		case d >= trendStep-1e-9:
			trend = "improving"
		case d <= -trendStep+1e-9:
			trend = "declining"
		}
		h.Trend = &trend
	}
	h.Signals = signals(acts, h, asOf)
	h.Stage, h.ToNextStage = stage(h.Signals)
	return h
}

func factorTitle(id string) string {
	for _, f := range toc.Factors {
		if f.ID == id {
			return f.Title
		}
	}
	return id
}

func signals(acts []*toc.Activity, h Health, asOf toc.Period) Signals {
	var s Signals
	for _, a := range acts {
		if Running(a, asOf) {
			s.YearsRunning = max(s.YearsRunning, a.YearsRunning(asOf))
		}
	}
	if n := len(h.Checks); n > 0 {
		c := h.Checks[n-1]
		s.MeanRating = ptr(c.Mean)
		low := toc.MaxRating
		for _, r := range c.Ratings {
			low = min(low, r.Rating)
		}
		s.LowestRating = &low
	}
	inTie, twoWay := map[string]bool{}, map[string]bool{}
	for _, t := range h.Ties {
		inTie[t.A], inTie[t.B] = true, true
		if t.TwoWay {
			twoWay[t.A], twoWay[t.B] = true, true
		}
	}
	if len(inTie) > 0 {
		s.TwoWayShare = ptr(float64(len(twoWay)) / float64(len(inTie)))
	}
	if h.Risks.Running > 0 {
		s.OnePersonShare = ptr(float64(h.Risks.OnePerson) / float64(h.Risks.Running))
	}
	return s
}

// stage applies the stage rule (README "Health"):
//
//	established: mean rating ≥ 3, no factor below 2, running ≥ 3 years,
//	             two-way share ≥ 50%, one-person share ≤ 50%
//	developing:  mean rating ≥ 2, running ≥ 2 years
//	emerging:    otherwise
//
// and says which conditions of the next stage are not met.
func stage(s Signals) (*string, []string) {
	if s.MeanRating == nil {
		return nil, []string{"rate the success factors in toc.yaml (health:) to place the partnership at a stage"}
	}
	mean, low := *s.MeanRating, *s.LowestRating
	developing := []string{}
	if mean < 2 {
		developing = append(developing, fmt.Sprintf("mean rating %s: developing needs 2 or more", one(mean)))
	}
	if s.YearsRunning < 2 {
		developing = append(developing, fmt.Sprintf("running %d year(s): developing needs 2", s.YearsRunning))
	}
	if len(developing) > 0 {
		return ptr(StageEmerging), developing
	}
	established := []string{}
	if mean < 3 {
		established = append(established, fmt.Sprintf("mean rating %s: established needs 3 or more", one(mean)))
	}
	if low < 2 {
		established = append(established, fmt.Sprintf("a success factor rated %d: established needs every factor at 2 or more", low))
	}
	if s.YearsRunning < 3 {
		established = append(established, fmt.Sprintf("running %d years: established needs 3", s.YearsRunning))
	}
	if s.TwoWayShare == nil || *s.TwoWayShare < 0.5 {
		established = append(established, fmt.Sprintf("%s of schools give and get with another school: established needs half", percentOf(s.TwoWayShare)))
	}
	if s.OnePersonShare != nil && *s.OnePersonShare > 0.5 {
		established = append(established, fmt.Sprintf("%s of activities stop if one person leaves: established needs half or fewer", percentOf(s.OnePersonShare)))
	}
	if len(established) > 0 {
		return ptr(StageDeveloping), established
	}
	return ptr(StageEstablished), []string{}
}

func one(x float64) string { return fmt.Sprintf("%.1f", math.Round(x*10)/10) }

func percentOf(x *float64) string {
	if x == nil {
		return "none"
	}
	return fmt.Sprintf("%.0f%%", math.Round(*x*100))
}
