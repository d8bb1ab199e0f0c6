package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/schoolstogether/impact/toc"
)

// MaxImportProblems is how many bad rows an import reports before it stops
// looking: enough to see what is wrong, not a wall of text.
const MaxImportProblems = 100

// ImportFile is one CSV to import. Open is called twice (once to hash the
// content, once to read it), so it must give the same bytes each time.
type ImportFile struct {
	Name string // as the user gave it; messages start with it
	Open func() (io.ReadCloser, error)
	Size int64 // bytes, for progress; 0 when unknown
}

// ImportPath is the ImportFile of a file on disk.
func ImportPath(path string) ImportFile {
	f := ImportFile{Name: path, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
	if fi, err := os.Stat(path); err == nil {
		f.Size = fi.Size()
	}
	return f
}

// ImportBytes is the ImportFile of content held in memory, such as an
// upload or a generated file.
func ImportBytes(name string, b []byte) ImportFile {
	return ImportFile{Name: name, Size: int64(len(b)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	}}
}

// ImportOptions tune an import.
type ImportOptions struct {
	// Again imports a file even if the same content was imported before.
	Again bool
	// Who is recorded in the audit log: the OS user for the command line,
	// the login for the web app. Empty means OSUser().
	Who string
	// Progress, when set, is called every few thousand rows with the rows
	// read and the bytes read so far, over all files.
	Progress func(rowsDone, bytesDone int64)
}

// ImportResult says what an import wrote.
type ImportResult struct {
	Files []ImportedFile
}

// Rows is the number of rows imported from all files.
func (r ImportResult) Rows() int64 {
	var n int64
	for _, f := range r.Files {
		n += f.Rows
	}
	return n
}

// ImportedFile is one file of an import.
type ImportedFile struct {
	Name string
	Kind Kind
	Rows int64
	Hash string // SHA-256 of the content, hex
}

// Import reads CSVs of the three kinds of DESIGN §6 against the theory of
// change p and writes them in one transaction: every file or none. Bad rows
// come back as a toc.List of *toc.Error placed at FILE:ROW:COLUMN (at most
// MaxImportProblems); a file imported before is refused with toc.ECONFLICT
// unless opts.Again. Either way nothing is written.
func (s *Store) Import(ctx context.Context, p *toc.Partnership, files []ImportFile, opts ImportOptions) (ImportResult, error) {
	if opts.Who == "" {
		opts.Who = OSUser()
	}
	var res ImportResult
	err := s.writeConn(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		im := &importer{
			s: s, conn: conn, tx: tx, opts: opts, now: s.now(),
			activities: newIDs("activity", activityIDs(p)),
			kpis:       newIDs("KPI", kpiIDs(p)),
			schools:    newIDs("school", schoolIDs(p)),
			pseud:      newPseudonymIndex(s),
			dates:      map[[3]int]string{},
		}
		defer im.close()
		for _, f := range files {
			if len(im.problems) >= MaxImportProblems {
				break
			}
			done, err := im.file(ctx, f)
			if err != nil {
				return err
			}
			if done != nil {
				res.Files = append(res.Files, *done)
			}
		}
		if len(im.problems) > 0 {
			return im.problems
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importer is one Import: its transaction, the ToC's ids, and what the
// files so far have found.
type importer struct {
	s    *Store
	conn *sql.Conn // for bulk inserts through the driver, within tx
	tx   *sql.Tx
	opts ImportOptions
	now  string

	activities, kpis, schools ids
	pseud                     *pseudonymIndex
	pupilIDs                  []int64           // pupils.id of each pseudonym index
	pupilsLoaded              bool              // nextPupil and pupilsBefore are set
	nextPupil, pupilsBefore   int64             // the id the next new pupil gets; pupils before the import
	dates                     map[[3]int]string // interned YYYY-MM-DD
	stmts                     statements
	bulk                      bulkStmts
	importID                  int64

	problems          toc.List
	rowsDone, bytesIn int64 // over the files finished so far
}

func (im *importer) close() {
	im.stmts.close()
	im.bulk.close(im.conn)
}

// problem records a bad row; col is 1-based, 0 for the whole file.
func (im *importer) problem(code toc.Code, file string, row, col int, msg string) {
	if len(im.problems) < MaxImportProblems {
		im.problems = append(im.problems, &toc.Error{Code: code, File: file, Line: row, Col: col, Message: msg})
	}
}

// hashFile returns the SHA-256 of a file's content.
func hashFile(f ImportFile) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("import %s: %w", f.Name, err)
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return "", fmt.Errorf("import %s: %w", f.Name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// importedBefore describes the earlier import of the same content, or "".
func (im *importer) importedBefore(ctx context.Context, hash string) (string, error) {
	var file, at, by string
	err := im.tx.QueryRowContext(ctx,
		"SELECT file, imported_at, imported_by FROM imports WHERE hash = ? ORDER BY id LIMIT 1", hash).Scan(&file, &at, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up earlier imports: %w", err)
	}
	return fmt.Sprintf("the same content was imported before (as %s, %s by %s): run with --again to import it again", file, at, by), nil
}

func activityIDs(p *toc.Partnership) []string {
	out := make([]string, len(p.Activities))
	for i, a := range p.Activities {
		out[i] = a.ID
	}
	return out
}

func kpiIDs(p *toc.Partnership) []string {
	var out []string
	for _, k := range p.KPIs() {
		out = append(out, k.ID)
	}
	return out
}

func schoolIDs(p *toc.Partnership) []string {
	out := make([]string, len(p.Schools))
	for i, s := range p.Schools {
		out[i] = s.ID
	}
	return out
}
