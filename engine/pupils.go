package engine

import (
	"context"

	"github.com/schoolstogether/impact/toc"
)

// Pupils answers pupils' rights under UK GDPR (DESIGN §13): erasure, access
// and retention. Identifiers are pseudonymised under the partnership's key
// as an import does; without the key nothing can be found.
type Pupils interface {
	// Forget erases every row of the pupils the identifiers name —
	// participation, outcomes, characteristics, the pupil — in one
	// transaction, remembering a keyed one-way hash of each pseudonym so
	// that later imports skip them; the audit records only the counts. An
	// identifier the store does not hold is EINVALID and nothing is
	// written. Once it returns, nothing of them is left in the database
	// file or its WAL (Forgotten.Cleared says whether the WAL could be
	// emptied while other processes read).
	Forget(ctx context.Context, ids []Identifier, who string) (Forgotten, error)
	// ForgetExpired erases, as Forget does, the pupils whose latest row
	// lies in an academic year before keepFrom (a row without a date counts
	// from the day it was imported). Their hashes are not remembered: a
	// later row of theirs is new data, to be kept for its own years.
	ForgetExpired(ctx context.Context, keepFrom toc.Period, who string) (Forgotten, error)
	// Pupil returns every row held about one pupil (a subject access
	// request), audited as who without naming them. An identifier the
	// store does not hold is ENOTFOUND.
	Pupil(ctx context.Context, id Identifier, who string) (PupilRecord, error)
}

// Identifier is one pupil's identifier as a person gave it, and where: a
// cell of a file (File, Line, Col), or nowhere (the command line).
type Identifier struct {
	ID        string
	File      string
	Line, Col int
}

// Forgotten says what an erasure removed.
type Forgotten struct {
	Pupils        int   `json:"pupils"`
	Participation int64 `json:"participation_rows"`
	Outcomes      int64 `json:"outcome_rows"`
	Facts         int64 `json:"characteristic_rows"`
	// Cleared is false when another process was reading the store, so the
	// erased pages may linger in the WAL until it stops (DESIGN §13).
	Cleared bool `json:"cleared"`
}

// Rows is every row removed.
func (f Forgotten) Rows() int64 { return f.Participation + f.Outcomes + f.Facts }

// PupilRecord is everything a store holds about one pupil. It names no
// identifier: the store has none.
type PupilRecord struct {
	Participation   []PupilParticipation   `json:"participation"`
	Outcomes        []PupilOutcome         `json:"outcomes"`
	Characteristics []PupilCharacteristics `json:"characteristics"`
	// Imports are the files the rows came from, oldest first.
	Imports []ImportRecord `json:"imports"`
}

// Rows is how many rows the record holds.
func (r PupilRecord) Rows() int {
	return len(r.Participation) + len(r.Outcomes) + len(r.Characteristics)
}

// PupilParticipation is one participation row of a pupil.
type PupilParticipation struct {
	Activity      string     `json:"activity"`
	Date          string     `json:"date"` // YYYY-MM-DD
	Period        toc.Period `json:"period"`
	School        string     `json:"school,omitempty"`
	Disadvantaged string     `json:"disadvantaged"` // yes, no or unknown
	Attended      string     `json:"attended,omitempty"`
	Import        int64      `json:"import"`
}

// PupilOutcome is one outcome score of a pupil.
type PupilOutcome struct {
	Activity      string   `json:"activity"`
	Measure       string   `json:"measure"`
	Group         string   `json:"group"`
	Pre           *float64 `json:"pre"`
	Post          float64  `json:"post"`
	School        string   `json:"school,omitempty"`
	Disadvantaged string   `json:"disadvantaged"`
	Date          string   `json:"date,omitempty"`
	Import        int64    `json:"import"`
}

// PupilCharacteristics is what one row said of a pupil.
type PupilCharacteristics struct {
	Period        *toc.Period `json:"period"` // nil for an undated row
	School        string      `json:"school,omitempty"`
	YearGroup     string      `json:"year_group"`
	Sex           string      `json:"sex"`
	SEN           string      `json:"sen"`
	EAL           string      `json:"eal"`
	LookedAfter   string      `json:"looked_after"`
	Disadvantaged string      `json:"disadvantaged"`
	Import        int64       `json:"import"`
}
