package rules

import "github.com/schoolstogether/impact/toc"

// Env is what a rule sees of one activity. Its field names are the
// variables a rule may use.
type Env struct {
	Certainty            string  `expr:"certainty"`
	Participation        string  `expr:"participation"`
	CertaintyLevel       int     `expr:"certainty_level"`
	ParticipationLevel   int     `expr:"participation_level"`
	Partners             int     `expr:"partners"`
	Leads                int     `expr:"leads"`
	YearsRunning         int     `expr:"years_running"`
	FundingTotal         float64 `expr:"funding_total"`
	TargetsDisadvantaged bool    `expr:"targets_disadvantaged"`
	InternalImpact       int     `expr:"internal_impact"`
	ExternalImpact       int     `expr:"external_impact"`
}

// NewEnv describes an activity to the rules, with asOf the academic year
// that years_running counts up to.
func NewEnv(a *toc.Activity, asOf toc.Period) Env {
	return Env{
		Certainty:            string(a.Certainty),
		Participation:        string(a.Participation),
		CertaintyLevel:       a.Certainty.Rank(),
		ParticipationLevel:   a.Participation.Rank(),
		Partners:             len(a.Partners),
		Leads:                len(a.Leads),
		YearsRunning:         a.YearsRunning(asOf),
		FundingTotal:         a.FundingTotal(),
		TargetsDisadvantaged: a.TargetsDisadvantaged,
		InternalImpact:       a.InternalImpact,
		ExternalImpact:       a.ExternalImpact,
	}
}
