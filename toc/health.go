package toc

// Factor is one of the success factors of a partnership the health check
// rates, as the budget-pressures guidance lists them.
type Factor struct {
	ID    string // as written in toc.yaml's health: ratings
	Title string // for readers
	Short string // for a chart's axis
}

// Factors are the success factors, in the order the guidance gives them.
var Factors = []Factor{
	{"shared-identity", "A shared identity between the schools", "Shared identity"},
	{"common-purpose", "A common purpose and joint vision", "Common purpose"},
	{"leadership", "Strong, cohesive leadership at all levels", "Cohesive leadership"},
	{"management", "A strong management structure", "Management structure"},
	{"trust", "Trust: openness and working joined-up", "Trust"},
	{"review", "A system of review of the partnership's effectiveness", "System of review"},
	{"commitment", "Commitment to the partnership", "Commitment"},
}

// MinRating and MaxRating bound a success factor's rating: 1 not yet in
// place, 2 beginning, 3 in place, 4 strong.
const (
	MinRating = 1
	MaxRating = 4
)

// HealthCheck is one academic year's ratings of the success factors.
type HealthCheck struct {
	Period  Period
	Ratings []Rating // in Factors order; factors not rated are left out
	Pos     Pos
}

// Rating is a success factor's rating in a year, with what shows it.
type Rating struct {
	Factor   string
	Rating   int // MinRating..MaxRating
	Evidence string
}

// Costs are the prices that turn what is given in kind into pounds.
type Costs struct {
	// StaffHour is the value in pounds of an hour of staff time; 0 when
	// toc.yaml does not set it.
	StaffHour float64
}

// InKind is support given to an activity other than money — catering,
// transport, a venue, cover — valued in pounds.
type InKind struct {
	What   string
	Period Period
	Value  float64
}

// StaffTime is the hours staff gave to an activity in a year.
type StaffTime struct {
	Period Period
	Hours  float64
}

// InKindTotal adds up the activity's in-kind support, in pounds.
func (a *Activity) InKindTotal() float64 {
	var t float64
	for _, k := range a.InKind {
		t += k.Value
	}
	return t
}

// StaffHours adds up the staff time given to the activity.
func (a *Activity) StaffHours() float64 {
	var t float64
	for _, s := range a.StaffTime {
		t += s.Hours
	}
	return t
}
