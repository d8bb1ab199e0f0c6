package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// SyncToC brings the store in line with toc.yaml (DESIGN §3): when src,
// read from path, differs from the latest recorded revision, it records a
// new one and audits it as who. Nothing is deleted.
func (s *Store) SyncToC(ctx context.Context, path string, src []byte, who string) (engine.Revision, bool, error) {
	sum := sha256.Sum256(src)
	hash := hex.EncodeToString(sum[:])
	// A quick look without the write lock: toc.yaml seldom changes.
	if rev, err := s.latestRevision(ctx, s.pool); err != nil {
		return engine.Revision{}, false, err
	} else if rev.Hash == hash {
		return rev, false, nil
	}
	if who == "" {
		who = engine.OSUser()
	}
	var rev engine.Revision
	var changed bool
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if rev, err = s.latestRevision(ctx, tx); err != nil || rev.Hash == hash {
			return err // another process recorded it meanwhile
		}
		now := s.now()
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO toc_revisions (partnership, id, hash, recorded_at, recorded_by, source)
			VALUES ($1, (SELECT coalesce(max(id), 0) + 1 FROM toc_revisions WHERE partnership = $1), $2, $3, $4, $5) RETURNING id`,
			s.pid, hash, now, who, string(src)).Scan(&id)
		if err != nil {
			return fmt.Errorf("record toc revision: %w", err)
		}
		rev, changed = engine.Revision{ID: id, Hash: hash, RecordedAt: now, RecordedBy: who}, true
		return s.audit(ctx, tx, now, who, "toc-revision", fmt.Sprintf("%s: revision %d", filepath.Base(path), id), 0, hash)
	})
	if err != nil {
		return engine.Revision{}, false, err
	}
	return rev, changed, nil
}

// CurrentRevision is the latest recorded revision of toc.yaml; ID 0 when
// none is recorded yet.
func (s *Store) CurrentRevision(ctx context.Context) (engine.Revision, error) {
	return s.latestRevision(ctx, s.pool)
}

func (s *Store) latestRevision(ctx context.Context, q querier) (engine.Revision, error) {
	var r engine.Revision
	err := q.QueryRow(ctx, "SELECT id, hash, recorded_at, recorded_by FROM toc_revisions WHERE partnership = $1 ORDER BY id DESC LIMIT 1", s.pid).
		Scan(&r.ID, &r.Hash, &r.RecordedAt, &r.RecordedBy)
	if errors.Is(err, pgx.ErrNoRows) {
		return engine.Revision{}, nil
	}
	if err != nil {
		return engine.Revision{}, fmt.Errorf("toc revision: %w", err)
	}
	return r, nil
}

// Dropped lists the activities and KPIs with rows that p no longer has,
// activities first, each sorted by id.
func (s *Store) Dropped(ctx context.Context, p *toc.Partnership) ([]engine.Dropped, error) {
	var out []engine.Dropped
	queries := []struct {
		kind, sql string
		known     func(string) bool
	}{
		{"activity", `SELECT activity, sum(n)::bigint FROM (
			SELECT activity, count(*) AS n FROM participation WHERE partnership = $1 GROUP BY activity
			UNION ALL SELECT activity, count(*) FROM outcomes WHERE partnership = $1 GROUP BY activity) a
			GROUP BY activity ORDER BY activity`, func(id string) bool { return p.Activity(id) != nil }},
		{"KPI", "SELECT kpi, count(*) FROM kpi_values WHERE partnership = $1 GROUP BY kpi ORDER BY kpi", func(id string) bool { return p.KPI(id) != nil }},
	}
	for _, q := range queries {
		rows, err := s.pool.Query(ctx, q.sql, s.pid)
		if err != nil {
			return nil, fmt.Errorf("dropped %s rows: %w", q.kind, err)
		}
		for rows.Next() {
			var d engine.Dropped
			if err := rows.Scan(&d.ID, &d.Rows); err != nil {
				rows.Close()
				return nil, fmt.Errorf("dropped %s rows: %w", q.kind, err)
			}
			if !q.known(d.ID) {
				d.Kind = q.kind
				out = append(out, d)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("dropped %s rows: %w", q.kind, err)
		}
	}
	return out, nil
}

// ListRevisions lists every recorded revision of toc.yaml, newest first.
func (s *Store) ListRevisions(ctx context.Context) ([]engine.Revision, error) {
	rows, err := s.pool.Query(ctx, "SELECT id, hash, recorded_at, recorded_by FROM toc_revisions WHERE partnership = $1 ORDER BY id DESC", s.pid)
	if err != nil {
		return nil, fmt.Errorf("list revisions: %w", err)
	}
	defer rows.Close()
	var out []engine.Revision
	for rows.Next() {
		var r engine.Revision
		if err := rows.Scan(&r.ID, &r.Hash, &r.RecordedAt, &r.RecordedBy); err != nil {
			return nil, fmt.Errorf("list revisions: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RevisionSource is the text of one revision of toc.yaml.
func (s *Store) RevisionSource(ctx context.Context, id int64) (string, error) {
	var src string
	err := s.pool.QueryRow(ctx, "SELECT source FROM toc_revisions WHERE partnership = $1 AND id = $2", s.pid, id).Scan(&src)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", toc.Errorf(toc.ENOTFOUND, "no revision %d of toc.yaml", id)
	}
	if err != nil {
		return "", fmt.Errorf("revision %d: %w", id, err)
	}
	return src, nil
}
