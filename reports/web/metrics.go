package web

import (
	"context"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// The web app computes metrics in metrics.Compute's two parts so that a
// logged KPI value costs milliseconds, not a re-read of every
// participation row: the evidence of a scope (participation and outcome
// rows, tallied) changes only with an import and is cached by the evidence
// version; KPI values are read afresh for every data version. Both are read
// through one snapshot per request.

// reading is a request's one snapshot of the store for each audience it
// reads for (a funder's counts approved data only, DESIGN §12), opened
// when first needed; close it when the request is done.
type reading struct {
	store engine.Store
	snaps map[toc.Audience]engine.Snapshot
}

// read starts a request's reading of the store.
func (s *Server) read() *reading {
	return &reading{store: s.store, snaps: map[toc.Audience]engine.Snapshot{}}
}

// snapshot returns the request's snapshot for an audience, opening it on
// first use.
func (rd *reading) snapshot(ctx context.Context, audience toc.Audience) (engine.Snapshot, error) {
	if audience != toc.Funder {
		audience = toc.Director
	}
	if snap, ok := rd.snaps[audience]; ok {
		return snap, nil
	}
	snap, err := engine.SnapshotFor(ctx, rd.store, audience)
	if err != nil {
		return nil, err
	}
	rd.snaps[audience] = snap
	return snap, nil
}

// close ends the snapshots opened.
func (rd *reading) close() {
	for a, snap := range rd.snaps {
		snap.Close()
		delete(rd.snaps, a)
	}
}
