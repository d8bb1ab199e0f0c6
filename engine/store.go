package engine

import (
	"context"

	"github.com/schoolstogether/impact/toc"
)

// Store is a partnership's evidence store, as the command line and the
// web app use it. Every write runs in one transaction and is audited in
// it; a Store is safe for concurrent use.
type Store interface {
	Evidence
	KPIs
	Imports
	Pupils
	Locks
	Reviews
	Notes
	Revisions
	Users
	Sessions
	Audit
	// Close releases the store's connections.
	Close() error
}

// Evidence is the read side of the store for the metrics.
type Evidence interface {
	// Snapshot starts one consistent read; close it when done.
	Snapshot(ctx context.Context) (Snapshot, error)
	// ApprovedSnapshot is Snapshot counting approved data only: rows of
	// review items still pending are left out (DESIGN §12), as funders'
	// views leave them.
	ApprovedSnapshot(ctx context.Context) (Snapshot, error)
	// DataVersion changes whenever data a page shows may have changed,
	// whichever process wrote it.
	DataVersion(ctx context.Context) (int64, error)
	// EvidenceVersion changes whenever participation or outcome rows may
	// have changed (an import); logging a KPI value leaves it as it is.
	EvidenceVersion(ctx context.Context) (int64, error)
}

// Snapshot is one consistent read of the store: every method sees the
// data as it was at the first read, whatever is written meanwhile. Rows of
// the activities and KPIs asked for come back, superseded ones left out.
// It satisfies metrics.Facts; a web request reads through one.
type Snapshot interface {
	// EachParticipation calls fn for every participation row of the
	// activities, streamed: fn must copy the row if it keeps it. A row
	// marked absent is not one: it counts only towards Attendance.
	EachParticipation(ctx context.Context, activities []string, fn func(*toc.ParticipationRow) error) error
	// Attendance returns what the register marks of each activity say,
	// for the activities that have marks.
	Attendance(ctx context.Context, activities []string) (map[string]toc.Attendance, error)
	// EachPupilFact calls fn for everything the rows and pupils files in
	// force say of pupils' characteristics, in the order imported.
	EachPupilFact(ctx context.Context, fn func(*toc.PupilFact) error) error
	// Outcomes returns the current outcome rows of the activities, ordered
	// by activity, measure, group and row.
	Outcomes(ctx context.Context, activities []string) ([]toc.OutcomeRow, error)
	// KPIValues returns the current values of the KPIs, ordered by KPI,
	// period and the order they were logged in.
	KPIValues(ctx context.Context, kpis []string) ([]toc.KPIValue, error)
	// LatestPeriod is the latest period of any participation row, dated
	// outcome row or KPI value of the activities and KPIs; ok is false
	// when there is none.
	LatestPeriod(ctx context.Context, activities, kpis []string) (p toc.Period, ok bool, err error)
	// RowsIn counts the participation and dated outcome rows of each
	// activity in a period.
	RowsIn(ctx context.Context, period toc.Period) (map[string]int64, error)
	// KPIHistory returns every value ever recorded for a KPI, superseded
	// ones included, by period, then school, then the order recorded.
	KPIHistory(ctx context.Context, kpi string) ([]toc.KPIRecord, error)
	// Close ends the read.
	Close() error
}

// Audit is the store's audit log, read back.
type Audit interface {
	// AuditTrail returns the entries a query asks for, newest first.
	AuditTrail(ctx context.Context, q AuditQuery) ([]AuditLine, error)
}

// AuditQuery picks entries of the audit log: up to Limit of them older
// than the entry Before (0: the newest), and, where given, only those by
// Who, of Action, or made on or after the day Since (YYYY-MM-DD).
type AuditQuery struct {
	Before      int64
	Limit       int
	Who, Action string
	Since       string
}

// AuditActions are the actions the audit log records, for filtering it.
var AuditActions = []string{
	"log", "withdraw", "note", "note-withdraw", "import", "revert", "approve", "return", "lock", "unlock",
	"toc-revision", "login", "login-failed", "logout", "user-add", "user-remove",
	"user-reset", "user-password", "pupil", "forget",
}

// AuditLine is one entry of the audit log: who did what, when.
type AuditLine struct {
	ID     int64
	At     string // RFC 3339, UTC
	Who    string
	Action string // log, import, toc-revision, user-add, login, ...
	Detail string
	Rows   int
}

// SnapshotFor starts the read an audience's view is made from: a funder's
// counts approved data only (DESIGN §12).
func SnapshotFor(ctx context.Context, ev Evidence, audience toc.Audience) (Snapshot, error) {
	if audience == toc.Funder {
		return ev.ApprovedSnapshot(ctx)
	}
	return ev.Snapshot(ctx)
}
