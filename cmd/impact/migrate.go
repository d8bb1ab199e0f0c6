package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/engine/postgres"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runMigrate(args []string) error {
	f := a.newFlags("migrate", "migrate --to postgres://… [--dir DIR]",
		`Copies a partnership's SQLite store (impact.db) into a PostgreSQL database,
for a partnership that outgrows one folder (DESIGN §15). Every row comes
across — imports, pupils' pseudonyms, KPI values, notes, review items,
logins and sessions, the audit log — in one transaction, checked table by
table against the SQLite counts before it commits: a copy that does not
add up copies nothing. The partnership must have no rows in the database
yet.

impact.key stays in the folder, where it was: the database never holds it.
The folder gains impact.partnership, the id the partnership is known by in
the database. impact.db is left as it was: keep it as a backup, or delete
it. From then on run every command with --db URL, or set IMPACT_DB.`,
		`  impact migrate --to postgres://impact@db.internal/impact
  export IMPACT_DB=postgres://impact@db.internal/impact && impact metrics`)
	to := f.String("to", "", "the PostgreSQL database to copy into (`URL`, postgres://…)")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("migrate takes no arguments, got %q (see impact migrate --help)", rest[0])
	}
	if !folder.IsPostgres(*to) {
		return usageError("migrate needs --to postgres://…, the database to copy into (see impact migrate --help)")
	}
	if folder.IsPostgres(f.db) {
		return usageError("migrate copies the folder's SQLite store: leave out --db and IMPACT_DB, or point --db at the SQLite file")
	}
	if !folder.HasStore(f.dir, f.db) {
		return toc.Errorf(toc.EINVALID, "no %s in %s: nothing to migrate yet", sqlite.DBFile, f.dir)
	}
	ctx := context.Background()
	src, err := a.openStore(f)
	if err != nil {
		return err
	}
	defer src.Close()
	lite, ok := src.(*sqlite.Store)
	if !ok {
		return fmt.Errorf("migrate: the folder's store is not SQLite")
	}
	dst, err := a.openStore(&flags{dir: f.dir, db: *to})
	if err != nil {
		return err
	}
	defer dst.Close()
	pg, ok := dst.(*postgres.Store)
	if !ok {
		return fmt.Errorf("migrate: %s did not open as PostgreSQL", *to)
	}
	copied, err := pg.CopyFrom(ctx, lite.DB())
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "TABLE\tROWS\t")
	for i, t := range copied.Tables {
		fmt.Fprintf(tw, "%s\t%s\t\n", t, thousands(copied.Rows[i]))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "copied %s into PostgreSQL as partnership %s; every table's count matches impact.db\n", f.dir, pg.Partnership())
	fmt.Fprintf(a.Stdout, "next: run impact with --db %s (or export IMPACT_DB=…); impact.db is unchanged, and impact.key stays in %s\n", *to, f.dir)
	return nil
}
