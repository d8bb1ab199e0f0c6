package folder

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolstogether/impact/engine/postgres"
)

// Pools keeps one connection pool per PostgreSQL database for the stores
// of many partnership folders (impact serve --partnerships). The zero
// value is ready; Close closes every pool once their stores are closed.
type Pools struct {
	// MaxConns bounds each pool's connections; postgres' default when 0.
	MaxConns int32
	mu       sync.Mutex
	pools    map[string]*pgxpool.Pool
}

func (p *Pools) get(url string) (*pgxpool.Pool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pool := p.pools[url]; pool != nil {
		return pool, nil
	}
	pool, err := postgres.OpenPool(context.Background(), url, p.MaxConns)
	if err != nil {
		return nil, err
	}
	if p.pools == nil {
		p.pools = map[string]*pgxpool.Pool{}
	}
	p.pools[url] = pool
	return pool, nil
}

// Close closes the pools.
func (p *Pools) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for url, pool := range p.pools {
		pool.Close()
		delete(p.pools, url)
	}
}
