package postgres

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// OpenPool connects to the database at url with at most maxConns
// connections (16 when 0), for stores of many partnerships to share
// through Options.Pool: a server of a hundred partnerships then holds
// maxConns connections, not a hundred pools of them.
func OpenPool(ctx context.Context, url string, maxConns int32) (*pgxpool.Pool, error) {
	return newPool(ctx, url, maxConns)
}
