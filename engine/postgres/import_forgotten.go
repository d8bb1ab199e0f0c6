package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/engine/pseudonym"
)

// skipForgotten keeps the rows of forgotten pupils (impact forget) out of
// an import: a pupil whose keyed hash the store remembers gets no pupils
// row, and their rows are dropped before they are written. A store that
// has forgotten nobody pays nothing.
type skipForgotten struct {
	loaded bool
	key    *pseudonym.Key
	hashes map[[pseudonym.Size]byte]bool
	pupils int // forgotten pupils met, over the whole import

	// Of the file being read:
	kind        intake.Kind
	rows        int64           // rows skipped
	perActivity map[int32]int64 // of those, by activity
}

// load reads the forgotten pupils' hashes, once an import.
func (f *skipForgotten) load(ctx context.Context, tx pgx.Tx, pid int32, key *pseudonym.Key) error {
	if f.loaded {
		return nil
	}
	f.loaded, f.key, f.hashes = true, key, map[[pseudonym.Size]byte]bool{}
	rows, err := tx.Query(ctx, "SELECT hash FROM forgotten WHERE partnership = $1", pid)
	if err != nil {
		return fmt.Errorf("read forgotten pupils: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h []byte
		if err := rows.Scan(&h); err != nil {
			return fmt.Errorf("read forgotten pupils: %w", err)
		}
		if len(h) == pseudonym.Size {
			f.hashes[[pseudonym.Size]byte(h)] = true
		}
	}
	return rows.Err()
}

// forgotten reports whether the pupil of a pseudonym new to the partnership was
// forgotten, counting them if so.
func (f *skipForgotten) forgotten(p [pseudonym.Size]byte) bool {
	if len(f.hashes) == 0 {
		return false
	}
	if !f.hashes[f.key.Forgotten(p[:])] {
		return false
	}
	f.pupils++
	return true
}

// file starts counting the skipped rows of a file of the kind.
func (f *skipForgotten) file(kind intake.Kind) {
	f.kind, f.rows, f.perActivity = kind, 0, map[int32]int64{}
}

// drop takes the rows of forgotten pupils (pupils.id 0) out of a batch,
// counting them as rows of the file's kind.
func (f *skipForgotten) drop(b *intake.Batch, ids []int64) {
	if f.pupils == 0 {
		return
	}
	keep := func(pupil int32) bool { return ids[pupil] != 0 }
	n := len(b.Participation)
	b.Participation = filter(b.Participation, func(r intake.Participation) bool {
		if keep(r.Pupil) {
			return true
		}
		f.perActivity[r.Activity]++
		return false
	})
	dropped := int64(n - len(b.Participation))
	n = len(b.Outcomes)
	b.Outcomes = filter(b.Outcomes, func(r intake.Outcome) bool {
		if keep(r.Pupil) {
			return true
		}
		f.perActivity[r.Activity]++
		return false
	})
	dropped += int64(n - len(b.Outcomes))
	n = len(b.Facts)
	b.Facts = filter(b.Facts, func(r intake.Fact) bool { return keep(r.Pupil) })
	if f.kind == intake.KindPupils {
		dropped = int64(n - len(b.Facts))
	}
	f.rows += dropped
}

// filter keeps the elements of s that keep says to, in place.
func filter[T any](s []T, keep func(T) bool) []T {
	out := s[:0]
	for _, v := range s {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}
