package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// SyncToC brings the store in line with toc.yaml (DESIGN §3): when src,
// read from path, differs from the latest recorded revision, it records a
// new one and audits it as who. Nothing is deleted: rows of activities or
// KPIs that src no longer has stay (see Dropped). It returns the current
// revision and whether it is new.
func (s *Store) SyncToC(ctx context.Context, path string, src []byte, who string) (engine.Revision, bool, error) {
	sum := sha256.Sum256(src)
	hash := hex.EncodeToString(sum[:])
	// A quick look without the write lock: toc.yaml seldom changes.
	if rev, err := latestRevision(ctx, s.read); err != nil {
		return engine.Revision{}, false, err
	} else if rev.Hash == hash {
		return rev, false, nil
	}
	if s.readOnly {
		rev, err := latestRevision(ctx, s.read)
		if err == nil {
			s.warnings = append(s.warnings, fmt.Sprintf("%s has changed, but the folder is read-only: this version is not recorded as a revision", filepath.Base(path)))
		}
		return rev, false, err
	}
	if who == "" {
		who = engine.OSUser()
	}
	var rev engine.Revision
	var changed bool
	err := s.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if rev, err = latestRevision(ctx, tx); err != nil || rev.Hash == hash {
			return err // another process recorded it meanwhile
		}
		now := s.now()
		res, err := tx.ExecContext(ctx,
			"INSERT INTO toc_revisions (hash, recorded_at, recorded_by, source) VALUES (?, ?, ?, ?)",
			hash, now, who, string(src))
		if err != nil {
			return fmt.Errorf("record toc revision: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("record toc revision: %w", err)
		}
		rev, changed = engine.Revision{ID: id, Hash: hash, RecordedAt: now}, true
		return audit(ctx, tx, now, who, "toc-revision", fmt.Sprintf("%s: revision %d", filepath.Base(path), id), 0, hash)
	})
	if err != nil {
		return engine.Revision{}, false, err
	}
	return rev, changed, nil
}

// CurrentRevision is the latest recorded revision of toc.yaml; ID 0 when
// none is recorded yet.
func (s *Store) CurrentRevision(ctx context.Context) (engine.Revision, error) {
	return latestRevision(ctx, s.read)
}

func latestRevision(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (engine.Revision, error) {
	var r engine.Revision
	err := q.QueryRowContext(ctx, "SELECT id, hash, recorded_at FROM toc_revisions ORDER BY id DESC LIMIT 1").
		Scan(&r.ID, &r.Hash, &r.RecordedAt)
	if errors.Is(err, sql.ErrNoRows) {
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
		{"activity", `SELECT activity, SUM(n) FROM (
			SELECT activity, COUNT(*) AS n FROM participation GROUP BY activity
			UNION ALL SELECT activity, COUNT(*) FROM outcomes GROUP BY activity)
			GROUP BY activity ORDER BY activity`, func(id string) bool { return p.Activity(id) != nil }},
		{"KPI", "SELECT kpi, COUNT(*) FROM kpi_values GROUP BY kpi ORDER BY kpi", func(id string) bool { return p.KPI(id) != nil }},
	}
	for _, q := range queries {
		rows, err := s.read.QueryContext(ctx, q.sql)
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
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("dropped %s rows: %w", q.kind, err)
		}
	}
	return out, nil
}

// ListRevisions lists every recorded revision of toc.yaml, newest first.
func (s *Store) ListRevisions(ctx context.Context) ([]engine.Revision, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT id, hash, recorded_at, recorded_by FROM toc_revisions ORDER BY id DESC")
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
	err := s.read.QueryRowContext(ctx, "SELECT source FROM toc_revisions WHERE id = ?", id).Scan(&src)
	if errors.Is(err, sql.ErrNoRows) {
		return "", toc.Errorf(toc.ENOTFOUND, "no revision %d of toc.yaml", id)
	}
	if err != nil {
		return "", fmt.Errorf("revision %d: %w", id, err)
	}
	return src, nil
}
