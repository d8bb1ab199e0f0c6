package web

import (
	"context"

	"github.com/schoolstogether/impact/engine"
)

// The web app computes metrics in metrics.Compute's two parts so that a
// logged KPI value costs milliseconds, not a re-read of every
// participation row: the evidence of a scope (participation and outcome
// rows, tallied) changes only with an import and is cached by the evidence
// version; KPI values are read afresh for every data version. Both are read
// through one snapshot per request.

// reading is a request's one snapshot of the store, opened when first
// needed; close it when the request is done.
type reading struct {
	store engine.Store
	snap  engine.Snapshot
}

// read starts a request's reading of the store.
func (s *Server) read() *reading { return &reading{store: s.store} }

// snapshot returns the request's snapshot, opening it on first use.
func (rd *reading) snapshot(ctx context.Context) (engine.Snapshot, error) {
	if rd.snap == nil {
		snap, err := rd.store.Snapshot(ctx)
		if err != nil {
			return nil, err
		}
		rd.snap = snap
	}
	return rd.snap, nil
}

// close ends the snapshot, if one was opened.
func (rd *reading) close() {
	if rd.snap != nil {
		rd.snap.Close()
		rd.snap = nil
	}
}
