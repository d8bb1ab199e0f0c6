package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/schoolstogether/impact/toc"
)

// Backup writes a consistent copy of the database to dest with SQLite's
// online backup API: other processes may go on reading and writing, and
// the copy holds the database as it was at one moment. The copy is
// checked with PRAGMA integrity_check and appears at dest only when
// whole; an existing dest is refused (toc.ECONFLICT). The key file is not
// in the copy: it must be backed up separately.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if _, err := os.Lstat(dest); err == nil {
		return &toc.Error{Code: toc.ECONFLICT, File: dest, Message: "already exists: impact backup never overwrites a file; give a new name"}
	}
	dir := filepath.Dir(dest)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return &toc.Error{Code: toc.EINVALID, File: dest, Message: fmt.Sprintf("no such folder %s", dir)}
	}
	tmp, err := os.CreateTemp(dir, ".impact-backup-*.db")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer func() {
		for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
			os.Remove(tmpName + suffix)
		}
	}()
	if err := copyDatabase(ctx, s.read, tmpName); err != nil {
		return err
	}
	if err := os.Link(tmpName, dest); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return &toc.Error{Code: toc.ECONFLICT, File: dest, Message: "already exists: impact backup never overwrites a file; give a new name"}
		}
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// copyDatabase copies the database behind src into the empty file at
// path and checks the copy.
func copyDatabase(ctx context.Context, src *sql.DB, path string) error {
	dst, err := sql.Open("sqlite3", fileURI(path, url.Values{"_busy_timeout": {"10000"}}))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer dst.Close()
	dconn, err := dst.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer dconn.Close()
	sconn, err := src.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer sconn.Close()
	err = dconn.Raw(func(d any) error {
		return sconn.Raw(func(s any) error {
			b, err := d.(*sqlite3.SQLiteConn).Backup("main", s.(*sqlite3.SQLiteConn), "main")
			if err != nil {
				return err
			}
			// One step copies every page under one read transaction: the
			// copy is a snapshot, and in WAL mode writers are not held up.
			for {
				done, err := b.Step(-1)
				if err != nil {
					b.Close()
					return err
				}
				if done {
					return b.Close()
				}
				select {
				case <-ctx.Done():
					b.Close()
					return ctx.Err()
				case <-time.After(50 * time.Millisecond):
				}
			}
		})
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var check string
	if err := dconn.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil {
		return fmt.Errorf("backup: check the copy: %w", err)
	}
	if check != "ok" {
		return fmt.Errorf("backup: the copy fails its integrity check: %s", check)
	}
	return nil
}
