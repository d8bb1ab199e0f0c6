package toc

// Level is low, medium or high: an activity's certainty of impact or its
// expected participation.
type Level string

// Levels.
const (
	Low    Level = "low"
	Medium Level = "medium"
	High   Level = "high"
)

// Rank returns 1 for low, 2 for medium, 3 for high, 0 otherwise.
func (l Level) Rank() int {
	switch l {
	case Low:
		return 1
	case Medium:
		return 2
	case High:
		return 3
	}
	return 0
}

// Activity is a project of the partnership that moves some KPIs.
type Activity struct {
	ID          string
	Title       string
	Description string
	KPIs        []string
	// Certainty is how directly and surely the activity's effect on its KPIs
	// can be attributed to it for each participant (a SCITT and its
	// graduating trainees: high; a careers fair and later aspirations: low),
	// not the strength of published research.
	Certainty Level
	// Participation is how many take part.
	Participation        Level
	Provider             string
	Partners             []string
	Leads                []string
	Started              Period
	Ended                *Period
	InternalImpact       int // 0..5, benefit to the provider school
	ExternalImpact       int // 0..5, benefit to the partner schools
	TargetsDisadvantaged bool
	Funding              []Funding
	InKind               []InKind
	StaffTime            []StaffTime
	// EEF is the id of the EEF Teaching and Learning Toolkit strand the
	// activity is an instance of; "" when it names none.
	EEF string
	Pos Pos // of the id value
}

// Funding is money given to an activity for a period, in pounds.
type Funding struct {
	Source string
	Period Period
	Amount float64
}

// FundingTotal adds up every funding entry.
func (a *Activity) FundingTotal() float64 {
	var t float64
	for _, f := range a.Funding {
		t += f.Amount
	}
	return t
}

// HighImpact is the threshold of a "high" internal or external impact.
const HighImpact = 3

// YearsRunning counts the academic years from started to the earlier of
// ended and asOf, both included; 0 for an activity that starts after asOf
// (DESIGN §7.7).
func (a *Activity) YearsRunning(asOf Period) int {
	end := asOf
	if a.Ended != nil && *a.Ended < end {
		end = *a.Ended
	}
	return max(0, int(end)-int(a.Started)+1)
}
