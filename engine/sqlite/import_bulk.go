package sqlite

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
)

// bulkStmts are the multi-row INSERTs of one table prepared on the
// driver's connection, by number of rows, with their argument slice:
// parameter 1 is the import id, then each row's columns in order.
type bulkStmts struct {
	table   string
	columns []string
	stmts   map[int]driver.Stmt
	buf     []driver.NamedValue
}

type execStmt interface {
	driver.Stmt
	driver.StmtExecContext
}

func (b *bulkStmts) prepare(c driver.Conn, n int) (execStmt, error) {
	if st, ok := b.stmts[n]; ok {
		return st.(execStmt), nil
	}
	if b.stmts == nil {
		b.stmts = map[int]driver.Stmt{}
	}
	cols := make([]string, len(b.columns))
	for i := range cols {
		cols[i] = fmt.Sprintf("column%d", i+1)
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(b.columns)), ", ") + "),"
	st, err := c.Prepare("INSERT INTO " + b.table + " (import_id, " + strings.Join(b.columns, ", ") + ") " +
		"SELECT ?1, " + strings.Join(cols, ", ") + " FROM (VALUES " + strings.TrimSuffix(strings.Repeat(row, n), ",") + ")")
	if err != nil {
		return nil, err
	}
	es, ok := st.(execStmt)
	if !ok {
		st.Close()
		return nil, fmt.Errorf("the SQLite driver cannot execute with a context")
	}
	b.stmts[n] = st
	return es, nil
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

// args returns n arguments numbered 1..n, reused from call to call.
func (b *bulkStmts) args(n int) []driver.NamedValue {
	for len(b.buf) < n {
		b.buf = append(b.buf, driver.NamedValue{Ordinal: len(b.buf) + 1})
	}
	return b.buf[:n]
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
