package web

import (
	"context"
	"runtime"
)

// tallying bounds how many evidence tallies — reads of every participation
// row of a partnership — run at once in this process: as many as it has
// cores, whichever of its partnerships' servers asks. A tally is CPU work
// on a connection of the store; a hundred of them at once (a portfolio of
// grantees, fifty readers, cold caches) would share the cores a hundred
// ways, finish none, and hold every connection writers need. Those beyond
// the bound wait their turn instead.
var tallying = newGate(cores)

// cores is how much CPU work the process runs side by side: tallies, and
// a portfolio's grantees.
var cores = max(2, runtime.GOMAXPROCS(0))

// gate is a counting semaphore.
type gate chan struct{}

func newGate(n int) gate { return make(gate, n) }

// take waits for a place, or for ctx to end; release gives the place back.
func (g gate) take(ctx context.Context) (release func(), err error) {
	select {
	case g <- struct{}{}:
		return func() { <-g }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
