package toc

// The evidence a partnership holds about its activities and KPIs, as the
// store hands it to the metrics: rows of participation and outcomes, and
// logged KPI values. Pupils appear only as store-assigned numbers standing
// for their pseudonyms.

// Flag is a row's disadvantage flag: unknown (empty in the CSV), no or yes.
type Flag int8

// Flags.
const (
	FlagUnknown Flag = iota
	FlagNo
	FlagYes
)

// ParticipationRow is one attendance of a pupil at an activity.
type ParticipationRow struct {
	Activity      string
	Date          string // YYYY-MM-DD
	Period        Period
	Pupil         int64 // stands for the pupil's pseudonym
	School        string
	Disadvantaged Flag
}

// Attendance is what an activity's register marks say (DESIGN §11): rows
// marked present and rows marked absent. Rows without a mark are in
// neither.
type Attendance struct {
	Attended, Absent int
}

// Outcome groups.
const (
	GroupIntervention = "intervention"
	GroupComparison   = "comparison"
)

// OutcomeRow is the current outcome score of a pupil on a measure.
type OutcomeRow struct {
	Activity      string
	Measure       string
	Group         string // GroupIntervention or GroupComparison
	Pupil         int64
	Pre           *float64
	Post          float64
	School        string
	Disadvantaged Flag
	Period        *Period // nil when the row has no date
}

// KPIValue is a current (not superseded) logged value of a KPI.
type KPIValue struct {
	ID     int64 // later values have larger ids
	KPI    string
	Period Period
	School string // empty for a partnership-wide value
	Value  float64
}

// KPIRecord is one value of a KPI as logged or imported, in force or not.
// A later value for the same KPI, period and school supersedes it; both
// stay.
type KPIRecord struct {
	ID       int64
	KPI      string
	Period   Period
	School   string // "" for a partnership-wide value
	Value    float64
	Note     string
	LoggedAt string // RFC 3339, UTC
	LoggedBy string
	File     string // the CSV it came from; "" when logged by hand
	Status   RecordStatus
	// Pending, when a value is logged, says it awaits review.
	Pending bool
}

// RecordStatus says whether a recorded value or an import counts (DESIGN
// §12). Rows are never deleted: they change status.
type RecordStatus string

// Statuses.
const (
	Current    RecordStatus = "current"    // counts: the latest of its key
	Superseded RecordStatus = "superseded" // a later value of its key counts instead
	Withdrawn  RecordStatus = "withdrawn"  // taken back by hand (impact log --withdraw)
	Reverted   RecordStatus = "reverted"   // its import was reverted (impact imports revert)
	Pending    RecordStatus = "pending"    // awaits review: counts for the director only (DESIGN §12)
	Returned   RecordStatus = "returned"   // sent back by a reviewer: counts nowhere
)
