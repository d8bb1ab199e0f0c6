package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// importColumns reads an import with its status: reverted, else where its
// review item stands (pending, returned), else current.
const importColumns = `i.id, i.file, i.kind, i.rows, i.imported_by, i.imported_at,
	CASE WHEN i.status <> 'current' THEN i.status WHEN r.status IN ('pending', 'returned') THEN r.status ELSE 'current' END
	FROM imports i LEFT JOIN reviews r ON r.partnership = i.partnership AND r.id = i.review_id
	WHERE i.partnership = $1`

// ListImports lists every import, oldest first.
func (s *Store) ListImports(ctx context.Context) ([]engine.ImportRecord, error) {
	return s.queryImports(ctx, s.pool)
}

func (s *Store) queryImports(ctx context.Context, q querier) ([]engine.ImportRecord, error) {
	rows, err := q.Query(ctx, "SELECT "+importColumns+" ORDER BY i.id", s.pid)
	if err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	defer rows.Close()
	var out []engine.ImportRecord
	for rows.Next() {
		r, err := scanImport(rows)
		if err != nil {
			return nil, fmt.Errorf("list imports: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func scanImport(row pgx.Row) (engine.ImportRecord, error) {
	var r engine.ImportRecord
	var kind, status string
	err := row.Scan(&r.ID, &r.File, &kind, &r.Rows, &r.Who, &r.When, &status)
	r.Kind, r.Status = intake.Kind(kind), toc.RecordStatus(status)
	return r, err
}

// RevertImport stops an import's rows counting: they stay, marked, and the
// outcome rows and KPI values they had superseded count again.
func (s *Store) RevertImport(ctx context.Context, id int64, who string) (engine.ImportRecord, error) {
	if who == "" {
		who = engine.OSUser()
	}
	var r engine.ImportRecord
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		r, err = scanImport(tx.QueryRow(ctx, "SELECT "+importColumns+" AND i.id = $2", s.pid, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return toc.Errorf(toc.ENOTFOUND, "no import %d: see impact imports", id)
		}
		if err != nil {
			return fmt.Errorf("revert import: %w", err)
		}
		if r.Status == toc.Reverted {
			return toc.Errorf(toc.EINVALID, "import %d (%s) was reverted already", id, r.File)
		}
		if err := s.checkImportUnlocked(ctx, tx, id, r.File); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, "UPDATE imports SET status = 'reverted', reverted_at = $3, reverted_by = $4 WHERE partnership = $1 AND id = $2", s.pid, id, now, who); err != nil {
			return fmt.Errorf("revert import: %w", err)
		}
		r.Status = toc.Reverted
		detail := fmt.Sprintf("import %d: %s, %d %s", id, r.File, r.Rows, r.Kind.Noun(r.Rows))
		return s.audit(ctx, tx, now, who, "revert", detail, r.Rows, "")
	})
	return r, err
}
