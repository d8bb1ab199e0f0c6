package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/schoolstogether/impact/toc"
)

// Revisions keeps the store in line with toc.yaml (DESIGN §3).
type Revisions interface {
	// SyncToC records src, read from path, as a new revision audited as
	// who when it differs from the latest one. Nothing is deleted. It
	// returns the current revision and whether it is new.
	SyncToC(ctx context.Context, path string, src []byte, who string) (Revision, bool, error)
	// CurrentRevision is the latest recorded revision; ID 0 when none is.
	CurrentRevision(ctx context.Context) (Revision, error)
	// ListRevisions lists every recorded revision, newest first.
	ListRevisions(ctx context.Context) ([]Revision, error)
	// RevisionSource is the text of a revision; an unknown id is
	// ENOTFOUND.
	RevisionSource(ctx context.Context, id int64) (string, error)
	// Dropped lists the activities and KPIs with rows that p no longer
	// has, activities first, each sorted by id.
	Dropped(ctx context.Context, p *toc.Partnership) ([]Dropped, error)
}

// Revision is one recorded version of toc.yaml.
type Revision struct {
	ID         int64  // 1 for the first toc.yaml the store saw
	Hash       string // SHA-256 of the file, hex
	RecordedAt string // RFC 3339, UTC
	RecordedBy string // the OS user or the web login that saved it
}

// Dropped is an activity or KPI that the store holds rows of but the
// current toc.yaml lacks. Its rows are kept and ignored by metrics.
type Dropped struct {
	Kind string // "activity" or "KPI"
	ID   string
	Rows int64 // participation and outcome rows, or KPI values
}

// Name names a revision for readers: "version 3, 12 November 2026".
func (r Revision) Name() string {
	if t, err := time.Parse(time.RFC3339, r.RecordedAt); err == nil {
		return fmt.Sprintf("version %d, %s", r.ID, t.Format("2 January 2006"))
	}
	return fmt.Sprintf("version %d", r.ID)
}
