package postgres

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// twinWait is how long a snapshot waits for a second connection before it
// reads its rows on its own, one chunk after another.
const twinWait = 50 * time.Millisecond

// snapshotID is what pg_export_snapshot returns: hex words and dashes.
var snapshotID = regexp.MustCompile(`^[0-9A-F]+(-[0-9A-F]+)+$`)

// twin opens a second read-only transaction on another connection that
// sees exactly what the snapshot sees (pg_export_snapshot, SET TRANSACTION
// SNAPSHOT), so that a long read can fetch its next chunk there while the
// caller works through this one, and may still read the snapshot itself.
// It returns nil when no connection is free within twinWait.
func (f *snapshot) twin(ctx context.Context) (pgx.Tx, func(), error) {
	if f.pool == nil {
		return nil, nil, nil
	}
	if f.exported == "" {
		if err := f.tx.QueryRow(ctx, "SELECT pg_export_snapshot()").Scan(&f.exported); err != nil {
			return nil, nil, fmt.Errorf("share the snapshot: %w", err)
		}
		if !snapshotID.MatchString(f.exported) {
			return nil, nil, fmt.Errorf("share the snapshot: unexpected id %q", f.exported)
		}
	}
	wait, cancel := context.WithTimeout(ctx, twinWait)
	conn, err := f.pool.Acquire(wait)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, nil // the pool is busy: read alone
	}
	tx, err := beginTwin(ctx, conn, f.exported)
	if err != nil {
		conn.Release()
		return nil, nil, err
	}
	return tx, func() {
		tx.Rollback(context.Background())
		conn.Release()
	}, nil
}

func beginTwin(ctx context.Context, conn *pgxpool.Conn, id string) (pgx.Tx, error) {
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("share the snapshot: %w", err)
	}
	// SET TRANSACTION SNAPSHOT takes no parameters; the id is the server's
	// own, checked above. It must come before any query of the transaction.
	for _, q := range []string{"SET TRANSACTION SNAPSHOT '" + id + "'", snapshotSettings} {
		if _, err := tx.Exec(ctx, q); err != nil {
			tx.Rollback(context.Background())
			return nil, fmt.Errorf("share the snapshot: %w", err)
		}
	}
	return tx, nil
}
