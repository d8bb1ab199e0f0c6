package toc

// Objective is a long-term aim of the partnership.
type Objective struct {
	ID       string
	Title    string
	Outcomes []Outcome
	Pos      Pos
}

// Outcome is a change that leads to an objective, shown by its KPIs.
type Outcome struct {
	ID    string
	Title string
	KPIs  []KPI
	Pos   Pos
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
	ID        string
	Title     string
	Unit      string
	Direction Direction
	Aggregate Aggregate // Sum when toc.yaml leaves it out
	Baseline  Point
	Target    Point
	Outcome   string // id of the outcome it shows
	Objective string // id of that outcome's objective
	Pos       Pos
}
