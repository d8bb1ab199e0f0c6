package metrics

import "github.com/schoolstogether/impact/toc"

// Count is a number of people. In a funder view a count from 1 to
// min_cell-1 is suppressed and marshals as the string "<N"; a count hidden
// so that no "<N" can be worked out from the others (DESIGN §13) is
// suppressed and Complementary, and marshals as "c".
type Count struct {
	N             int
	Suppressed    bool
	Complementary bool // hidden to protect another: "c"
	MinCell       int  // N of "<N" when Suppressed
}

// Result is the output of `impact metrics --json` (DESIGN §7.9). Pointers
// are nil where a value is undefined and marshal as null.
type Result struct {
	Partnership  string           `json:"partnership"`
	Audience     toc.Audience     `json:"audience"`
	AsOf         toc.Period       `json:"as_of"`
	Periods      []toc.Period     `json:"periods"`
	Reach        Reach            `json:"reach"`
	Disadvantage Disadvantage     `json:"disadvantage"`
	Breakdowns   Breakdowns       `json:"breakdowns"`
	KPIs         []KPIResult      `json:"kpis"`
	Activities   []ActivityResult `json:"activities"`
	Schools      []SchoolResult   `json:"schools"`
	// Review counts review items by status (DESIGN §12): a funder's view
	// leaves the pending ones out of every number.
	Review toc.ReviewCounts `json:"review"`
	// Health is the partnership health check (README "Health").
	Health Health `json:"health"`
	// Toolkit names the EEF strand table the activities' benchmarks come
	// from; nil when no activity names a strand.
	Toolkit *Toolkit `json:"toolkit"`
}

// Reach counts participants overall and per period (DESIGN §7.1).
type Reach struct {
	Participants  Count         `json:"participants"`
	Disadvantaged Count         `json:"disadvantaged"`
	Known         Count         `json:"known"`
	Schools       int           `json:"schools"`
	Activities    int           `json:"activities"`
	ByPeriod      []PeriodReach `json:"by_period"`
}

// PeriodReach is reach in one academic year.
type PeriodReach struct {
	Period        toc.Period `json:"period"`
	Participants  Count      `json:"participants"`
	Disadvantaged Count      `json:"disadvantaged"`
	Known         Count      `json:"known"`
	Schools       int        `json:"schools"`
}

// Disadvantage compares the share of disadvantaged participants with the
// share in the schools reached (DESIGN §7.2).
type Disadvantage struct {
	ParticipantShare *float64 `json:"participant_share"`
	PopulationShare  *float64 `json:"population_share"`
	TargetingRatio   *float64 `json:"targeting_ratio"`
}

// KPIResult is a KPI's progress towards its target (DESIGN §7.3).
type KPIResult struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Unit      string    `json:"unit"`
	Direction string    `json:"direction"`
	Baseline  toc.Point `json:"baseline"`
	Target    toc.Point `json:"target"`
	// Milestones are the values planned on the way (DESIGN §12); left out
	// when the KPI has none.
	Milestones []toc.Point `json:"milestones,omitempty"`
	Latest     *toc.Point  `json:"latest"`
	Values     []toc.Point `json:"values"` // every period's value, ascending
	Progress   *float64    `json:"progress"`
	Expected   *float64    `json:"expected"`
	Status     string      `json:"status"` // no-data, met, on-track, behind
	// PartnershipWide says, in a view of some activities, that the values
	// are the whole partnership's, not those activities' own result.
	PartnershipWide bool `json:"partnership_wide,omitempty"`
}

// ActivityResult is everything about one activity (DESIGN §7.2, 7.4–7.7).
type ActivityResult struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	Strategy      string `json:"strategy"`
	StrategyTitle string `json:"strategy_title"`
	Rule          int    `json:"rule"`
	Participants  Count  `json:"participants"`
	Disadvantaged Count  `json:"disadvantaged"`
	Known         Count  `json:"known"`
	Sessions      int    `json:"sessions"`
	// AttendanceRate is the share of the activity's register marks that
	// are attendances (DESIGN §11); nil when it has no marks.
	AttendanceRate *float64   `json:"attendance_rate"`
	Breakdowns     Breakdowns `json:"breakdowns"`
	AchievedLevel  int        `json:"achieved_level"`
	RequiredLevel  int        `json:"required_level"`
	EvidenceGap    bool       `json:"evidence_gap"`
	// NextStep is the cheapest change that closes an evidence gap ("add
	// pre-scores for 7 pupils on reading-age"); a funder's says what is
	// needed without counts. Absent when there is no gap.
	NextStep      string       `json:"next_step,omitempty"`
	EffectSizes   []EffectSize `json:"effect_sizes"`
	Internal      int          `json:"internal"`
	External      int          `json:"external"`
	Quadrant      string       `json:"quadrant"` // win-win, outward, inward, low
	YearsRunning  int          `json:"years_running"`
	KeyPersonRisk bool         `json:"key_person_risk"`
	// Leads names the activity's leads for a director; a funder's view
	// keeps only how many there are (DESIGN §7.8). Neither is in the JSON.
	Leads          []string `json:"-"`
	LeadCount      int      `json:"-"`
	FundingSources int      `json:"funding_sources"`
	FundingTotal   float64  `json:"funding_total"`
	ActivePeriods  int      `json:"active_periods"`
	// Cost is funding, in-kind support and staff time; CostPerParticipant
	// is its total over the participants.
	Cost               Cost     `json:"cost"`
	CostPerParticipant *float64 `json:"cost_per_participant"`
	// FundedUntil is the last period the activity has funding for.
	FundedUntil      *toc.Period `json:"funded_until"`
	ParticipantShare *float64    `json:"participant_share"`
	PopulationShare  *float64    `json:"population_share"`
	TargetingRatio   *float64    `json:"targeting_ratio"`
	// EEF is the activity beside its toolkit strand; nil when it names none.
	EEF *Benchmark `json:"eef"`
	// ComparisonPool counts the pupils who could be its comparison group,
	// for a director, when its strategy asks for one and pupils files
	// place pupils in year groups; absent otherwise.
	ComparisonPool *ComparisonPool `json:"comparison_pool,omitempty"`
}

// EffectSize is Hedges' g for one measure of one activity (DESIGN §7.5).
type EffectSize struct {
	Measure       string   `json:"measure"`
	Kind          *string  `json:"kind"` // "comparison", "pre-post" or null
	NIntervention Count    `json:"n_intervention"`
	NComparison   Count    `json:"n_comparison"`
	G             *float64 `json:"g"`
	SE            *float64 `json:"se"`
	CILow         *float64 `json:"ci_low"`
	CIHigh        *float64 `json:"ci_high"`
	Months        *int     `json:"months"`
	Reason        *string  `json:"reason"`
	// Subgroups are the same effect size over disadvantaged pupils alone
	// and over known others (DESIGN §11.1); nil within a subgroup.
	Subgroups []EffectSubgroup `json:"subgroups,omitempty"`
}

// EffectSubgroup is an effect size with both groups restricted to the
// pupils of Group: "disadvantaged" or "others".
type EffectSubgroup struct {
	Group string `json:"group"`
	EffectSize
}

// The subgroups of an effect size.
const (
	SubgroupDisadvantaged = "disadvantaged"
	SubgroupOthers        = "others"
)

// SchoolResult is what a school gives and receives (DESIGN §7.6).
type SchoolResult struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Provides     int    `json:"provides"`
	Receives     int    `json:"receives"`
	Reciprocal   bool   `json:"reciprocal"`
	Participants Count  `json:"participants"`
	// GiveAndGet is the school's side of the reciprocity ledger.
	GiveAndGet GiveAndGet `json:"give_and_get"`
}

// KPIIDs lists the ids of the result's KPIs, in order.
func (r *Result) KPIIDs() []string {
	ids := make([]string, len(r.KPIs))
	for i, k := range r.KPIs {
		ids[i] = k.ID
	}
	return ids
}
