package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runBackup(args []string) error {
	f := a.newFlags("backup", "backup FILE [--dir DIR]",
		`Writes a consistent copy of impact.db to FILE while impact is in use:
imports, logging and the web app may go on. To restore, stop impact and copy
FILE back as impact.db in the partnership folder (removing any impact.db-wal
and impact.db-shm beside it).

The copy does not hold impact.key, the key that turns pupils' identifiers into
pseudonyms. Back it up separately, somewhere safe and not beside the database
copy: with the key, someone holding the database and a list of UPNs could tell
which pupils took part. Without it, the data already imported stays readable
and every report still works, but pupils in new imports can no longer be
matched to the same pupils in old ones.`,
		`  impact backup ../backups/impact-2025-07-18.db
  cp impact.key /media/usb/tyne-valley-impact.key`)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError("expected one FILE to write (see impact backup --help)")
	}
	dest := rest[0]
	// A backup must work even while toc.yaml is being edited, so it reads
	// the database as it is, without checking toc.yaml.
	if folder.IsPostgres(f.db) {
		return toc.Errorf(toc.EINVALID, "impact backup copies a SQLite store: back up PostgreSQL with its own tools (pg_dump), and keep %s safe beside it", filepath.Join(f.dir, "impact.key"))
	}
	db := f.db
	if db == "" {
		db = filepath.Join(f.dir, sqlite.DBFile)
	}
	if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
		if f.db == "" {
			return toc.Errorf(toc.EINVALID, "no %s in %s: nothing to back up yet", sqlite.DBFile, f.dir)
		}
		return toc.Errorf(toc.EINVALID, "no %s: nothing to back up yet", db)
	}
	st, err := a.openStore(f)
	if err != nil {
		return err
	}
	defer st.Close()
	s, ok := st.(*sqlite.Store)
	if !ok {
		return fmt.Errorf("backup: the store is not SQLite")
	}
	if err := s.Backup(context.Background(), dest); err != nil {
		return err
	}
	size := int64(0)
	if fi, err := os.Stat(dest); err == nil {
		size = fi.Size()
	}
	fmt.Fprintf(a.Stdout, "backed up %s to %s (%s bytes)\n", db, dest, thousands(size))
	fmt.Fprintf(a.Stdout, "remember: %s is not in the backup; keep a copy of it somewhere safe (see impact backup --help)\n",
		filepath.Join(f.dir, pseudonym.KeyFile))
	return nil
}
