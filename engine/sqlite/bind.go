package sqlite

/*
#include <stdint.h>
#include <stdio.h>

// The few SQLite calls this file makes, declared here: they are the
// driver's own (its amalgamation, or the system's library under the
// libsqlite3 tag), linked into the same program.
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
extern int sqlite3_bind_parameter_count(sqlite3_stmt*);
extern int sqlite3_bind_null(sqlite3_stmt*, int);
extern int sqlite3_bind_int64(sqlite3_stmt*, int, long long);
extern int sqlite3_bind_text(sqlite3_stmt*, int, const char*, int, void(*)(void*));
extern int sqlite3_bind_blob(sqlite3_stmt*, int, const void*, int, void(*)(void*));
extern int sqlite3_step(sqlite3_stmt*);
extern int sqlite3_reset(sqlite3_stmt*);
extern int sqlite3_clear_bindings(sqlite3_stmt*);
extern sqlite3 *sqlite3_db_handle(sqlite3_stmt*);
extern const char *sqlite3_errmsg(sqlite3*);

// One parameter, as params lays it out: kind 0 NULL, 1 an integer (v),
// 2 text and 3 a blob (n bytes at offset v of the bytes).
typedef struct { int32_t kind; int32_t n; int64_t v; } impact_param;

// impact_exec binds n parameters, steps the statement to its end and
// resets it, in one call from Go instead of one a value. Text and blobs
// are bound without a copy: the bytes outlive the step, and the bindings
// are cleared before returning. On failure it writes SQLite's message.
static int impact_exec(sqlite3_stmt *s, const impact_param *p, int n, const char *bytes, char *msg, int msglen) {
	int rc = 0;
	if (sqlite3_bind_parameter_count(s) != n) {
		snprintf(msg, msglen, "%d parameters for a statement of %d", n, sqlite3_bind_parameter_count(s));
		return 1;
	}
	for (int i = 0; i < n && rc == 0; i++) {
		switch (p[i].kind) {
		case 0: rc = sqlite3_bind_null(s, i + 1); break;
		case 1: rc = sqlite3_bind_int64(s, i + 1, p[i].v); break;
		case 2: rc = sqlite3_bind_text(s, i + 1, p[i].n ? bytes + p[i].v : "", p[i].n, (void(*)(void*))0); break;
		default: rc = sqlite3_bind_blob(s, i + 1, p[i].n ? bytes + p[i].v : "", p[i].n, (void(*)(void*))0); break;
		}
	}
	if (rc == 0) {
		rc = sqlite3_step(s);
		if (rc == 101) { // SQLITE_DONE
			rc = 0;
		}
	}
	if (rc != 0) {
		snprintf(msg, msglen, "%s", sqlite3_errmsg(sqlite3_db_handle(s)));
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}
*/
import "C"

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/mattn/go-sqlite3"
)

// params are one statement's parameters laid out for a single call into
// SQLite (exec): binding through the driver costs a call from Go to C for
// every value, which was a quarter of a census import's writing.
type params struct {
	p     []param
	bytes []byte
}

// param mirrors impact_param.
type param struct {
	kind, n int32
	v       int64
}

const (
	paramNull = iota
	paramInt
	paramText
	paramBlob
)

func (ps *params) reset() {
	ps.p, ps.bytes = ps.p[:0], ps.bytes[:0]
}

func (ps *params) null() { ps.p = append(ps.p, param{kind: paramNull}) }

func (ps *params) int(v int64) { ps.p = append(ps.p, param{kind: paramInt, v: v}) }

func (ps *params) text(s string) {
	ps.p = append(ps.p, param{kind: paramText, n: int32(len(s)), v: int64(len(ps.bytes))})
	ps.bytes = append(ps.bytes, s...)
}

func (ps *params) blob(b []byte) {
	ps.p = append(ps.p, param{kind: paramBlob, n: int32(len(b)), v: int64(len(ps.bytes))})
	ps.bytes = append(ps.bytes, b...)
}

// exec runs a statement the SQLite driver prepared with ps as its
// parameters. The caller holds the driver's connection (sql.Conn.Raw).
func exec(st driver.Stmt, ps *params) error {
	h, err := stmtHandle(st)
	if err != nil {
		return err
	}
	var bytes *C.char
	if len(ps.bytes) > 0 {
		bytes = (*C.char)(unsafe.Pointer(&ps.bytes[0]))
	}
	var p *C.impact_param
	if len(ps.p) > 0 {
		p = (*C.impact_param)(unsafe.Pointer(&ps.p[0]))
	}
	var msg [256]C.char
	if rc := C.impact_exec(h, p, C.int(len(ps.p)), bytes, &msg[0], C.int(len(msg))); rc != 0 {
		return fmt.Errorf("sqlite: %s", C.GoString(&msg[0]))
	}
	return nil
}

// stmtHandle is SQLite's own statement under the driver's: mattn's
// SQLiteStmt keeps it in its field s, which no method gives out.
func stmtHandle(st driver.Stmt) (*C.sqlite3_stmt, error) {
	s, ok := st.(*sqlite3.SQLiteStmt)
	if !ok {
		return nil, fmt.Errorf("sqlite: a statement of %T, not the SQLite driver's", st)
	}
	f := reflect.ValueOf(s).Elem().FieldByName("s")
	if f.Kind() != reflect.Pointer || f.IsNil() {
		return nil, fmt.Errorf("sqlite: the driver's statement has no SQLite statement (has github.com/mattn/go-sqlite3 changed?)")
	}
	return (*C.sqlite3_stmt)(f.UnsafePointer()), nil
}
