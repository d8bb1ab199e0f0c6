package toc

import "strconv"

// The characteristics of a pupil that breakdowns are by (DESIGN §11.1). A
// value belongs to a pupil in a period; the metrics choose and age it.

// YearGroup is a school year: N1, N2, R, then 1 to 13; 0 is unknown.
type YearGroup int8

// The year groups that are not numbers.
const (
	YearUnknown YearGroup = 0
	YearN1      YearGroup = 1
	YearN2      YearGroup = 2
	YearR       YearGroup = 3
	Year13      YearGroup = 16
)

// YearOf is year group n, 1 to 13.
func YearOf(n int) YearGroup { return YearR + YearGroup(n) }

// String writes N1, N2, R, 1 … 13, or unknown.
func (y YearGroup) String() string {
	switch {
	case y == YearN1:
		return "N1"
	case y == YearN2:
		return "N2"
	case y == YearR:
		return "R"
	case y > YearR && y <= Year13:
		return strconv.Itoa(int(y - YearR))
	}
	return "unknown"
}

// Aged is the year group years academic years later: a pupil moves up one
// a year, and after year 13 is no longer known.
func (y YearGroup) Aged(years int) YearGroup {
	if y == YearUnknown || years <= 0 {
		return y
	}
	if int(y)+years > int(Year13) {
		return YearUnknown
	}
	return y + YearGroup(years)
}

// YearGroups lists the groups of the year_group breakdown in order.
func YearGroups() []YearGroup {
	out := make([]YearGroup, 0, Year13)
	for y := YearN1; y <= Year13; y++ {
		out = append(out, y)
	}
	return out
}

// Sex is a pupil's sex as the school records it.
type Sex int8

// Sexes.
const (
	SexUnknown Sex = iota
	SexFemale
	SexMale
	SexOther
)

// String writes female, male, other or unknown.
func (s Sex) String() string {
	return [...]string{"unknown", "female", "male", "other"}[s]
}

// SEN is a pupil's special educational needs provision (the census codes
// E, K, N).
type SEN int8

// SEN provisions.
const (
	SENUnknown SEN = iota
	SENEHCP        // E: an education, health and care plan
	SENSupport     // K: SEN support
	SENNone        // N: no special educational need
)

// String writes ehcp, sen-support, none or unknown.
func (s SEN) String() string {
	return [...]string{"unknown", "ehcp", "sen-support", "none"}[s]
}

// String writes a flag as a breakdown's group: yes, no or unknown.
func (f Flag) String() string {
	return [...]string{"unknown", "no", "yes"}[f]
}

// PupilFact is what one row, or one row of a pupils file, says of a pupil
// in a period: every field may be unknown.
type PupilFact struct {
	Pupil         int64
	Period        *Period // nil for an undated row: the pupil's latest period in scope
	School        string  // the school the row or pupils file names; "" when none
	Year          YearGroup
	Sex           Sex
	SEN           SEN
	EAL           Flag
	LookedAfter   Flag
	Disadvantaged Flag  // from a pupils file only; rows keep their own
	Order         int64 // later imports have larger orders
}

// Known reports whether the fact says anything.
func (f *PupilFact) Known() bool {
	return f.Year != YearUnknown || f.Sex != SexUnknown || f.SEN != SENUnknown ||
		f.EAL != FlagUnknown || f.LookedAfter != FlagUnknown || f.Disadvantaged != FlagUnknown
}
