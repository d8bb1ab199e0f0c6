package sqlite

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// errTxDone is a bulk insert found its transaction ended (the import was
// cancelled): written now, its rows would commit on their own.
var errTxDone = errors.New("the import's transaction has ended")

// raw runs fn on the driver's connection of the import, within its
// transaction. While fn runs, database/sql holds the connection, so a
// cancelled context cannot roll the transaction back under it; one rolled
// back before leaves the connection in autocommit mode, which is refused.
func (im *importer) raw(fn func(driver.Conn) error) error {
	return im.conn.Raw(func(dc any) error {
		if c, ok := dc.(*sqlite3.SQLiteConn); !ok || c.AutoCommit() {
			return errTxDone
		}
		return fn(dc.(driver.Conn))
	})
}

// bulkStmts are the multi-row INSERTs of one table prepared on the
// driver's connection, by number of rows, and their parameters: the first
// is the import id (unless noImport), then each row's columns in order.
type bulkStmts struct {
	table    string
	columns  []string
	noImport bool
	stmts    map[int]driver.Stmt
	params   params
}

// prepare returns the statement for n rows and its parameters, emptied.
func (b *bulkStmts) prepare(c driver.Conn, n int) (driver.Stmt, *params, error) {
	b.params.reset()
	if st, ok := b.stmts[n]; ok {
		return st, &b.params, nil
	}
	if b.stmts == nil {
		b.stmts = map[int]driver.Stmt{}
	}
	cols := make([]string, len(b.columns))
	for i := range cols {
		cols[i] = fmt.Sprintf("column%d", i+1)
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(b.columns)), ", ") + "),"
	q := "INSERT INTO " + b.table + " (import_id, " + strings.Join(b.columns, ", ") + ") " +
		"SELECT ?1, " + strings.Join(cols, ", ") + " FROM (VALUES " + strings.TrimSuffix(strings.Repeat(row, n), ",") + ")"
	if b.noImport {
		q = "INSERT INTO " + b.table + " (" + strings.Join(b.columns, ", ") + ") VALUES " + strings.TrimSuffix(strings.Repeat(row, n), ",")
	}
	st, err := c.Prepare(q)
	if err != nil {
		return nil, nil, err
	}
	b.stmts[n] = st
	return st, &b.params, nil
}

// chunk is how many of n rows the next statement takes: at most max,
// else the largest power of two, so that few statements are prepared
// (preparing one of 256 rows costs as much as running it many times).
func chunk(n, max int) int {
	if n >= max {
		return max
	}
	c := 1
	for c*2 <= n {
		c *= 2
	}
	return c
}

func (b *bulkStmts) close(conn *sql.Conn) {
	if len(b.stmts) == 0 {
		return
	}
	conn.Raw(func(any) error {
		for _, st := range b.stmts {
			st.Close()
		}
		return nil
	})
	b.stmts = nil
}
