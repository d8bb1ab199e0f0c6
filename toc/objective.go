package toc

// Objective is a long-term aim of the partnership.
type Objective struct {
	ID          string
	Title       string
	Description string
	Outcomes    []Outcome
	Pos         Pos
}

// Outcome is a change that leads to an objective, shown by its KPIs.
type Outcome struct {
	ID          string
	Title       string
	Description string
	KPIs        []KPI
	Pos         Pos
}

// Direction says which way a KPI should move.
type Direction string

// Directions.
const (
	Increase Direction = "increase"
	Decrease Direction = "decrease"
)

// Aggregate says how the per-school values of a KPI combine.
type Aggregate string

// Aggregates.
const (
	Sum  Aggregate = "sum"
	Mean Aggregate = "mean"
)

// Point is a KPI value at a period.
type Point struct {
	Period Period  `json:"period"`
	Value  float64 `json:"value"`
}

// KPI is a key performance indicator of an outcome.
type KPI struct {
	ID          string
	Title       string
	Description string
	Unit        string
	Direction   Direction
	Aggregate   Aggregate // Sum when toc.yaml leaves it out
	Baseline    Point
	Target      Point
	// Milestones are the values planned on the way, in periods strictly
	// between the baseline's and the target's, ascending (DESIGN §12).
	Milestones []Point
	Outcome    string // id of the outcome it shows
	Objective  string // id of that outcome's objective
	Pos        Pos
}

// Path is the planned path: the baseline, each milestone, the target.
func (k *KPI) Path() []Point {
	return append(append([]Point{k.Baseline}, k.Milestones...), k.Target)
}

// Planned is the path's value in a period: straight from each point of
// the path to the next, the baseline's value before it and the target's
// after.
func (k *KPI) Planned(p Period) float64 {
	path := k.Path()
	if p <= path[0].Period {
		return path[0].Value
	}
	for i := 1; i < len(path); i++ {
		a, b := path[i-1], path[i]
		if p <= b.Period {
			if b.Period == a.Period {
				return b.Value
			}
			return a.Value + (b.Value-a.Value)*float64(p-a.Period)/float64(b.Period-a.Period)
		}
	}
	return path[len(path)-1].Value
}
