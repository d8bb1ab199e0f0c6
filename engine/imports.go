package engine

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// MaxImportProblems is how many bad rows an import reports before it stops
// looking: enough to see what is wrong, not a wall of text.
const MaxImportProblems = 100

// Imports reads files exported by schools into the store.
type Imports interface {
	// Import reads files of the kinds of DESIGN §6 against the theory of
	// change p and writes them in one transaction: every file or none.
	// Bad rows come back as a toc.List placed at FILE:ROW:COLUMN (at most
	// MaxImportProblems); a file imported before is refused with
	// toc.ECONFLICT unless opts.Again. Either way nothing is written.
	Import(ctx context.Context, p *toc.Partnership, files []ImportFile, opts ImportOptions) (ImportResult, error)
	// ListImports lists every import, oldest first.
	ListImports(ctx context.Context) ([]ImportRecord, error)
	// RevertImport stops an import's rows counting, audited as who: they
	// stay, marked, and the rows they had superseded count again. An
	// unknown id is ENOTFOUND; an import reverted before, EINVALID.
	RevertImport(ctx context.Context, id int64, who string) (ImportRecord, error)
}

// ImportRecord is one imported file as the store keeps it.
type ImportRecord struct {
	ID     int64            `json:"id"`
	File   string           `json:"file"`
	Kind   intake.Kind      `json:"kind"`
	Rows   int64            `json:"rows"`
	Who    string           `json:"who"`
	When   string           `json:"when"`   // RFC 3339, UTC
	Status toc.RecordStatus `json:"status"` // current or reverted
}

// ImportFile is one file to import. Open is called once: the file is read
// in one pass (an upload streams past), hashed as it is read.
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
	// Activity and Date fill those columns of files without them: a
	// register exported from the MIS for one activity (DESIGN §11). Date is
	// YYYY-MM-DD or DD/MM/YYYY.
	Activity, Date string
	// Encoding forces CSVs' encoding: utf-8 or windows-1252; empty finds it.
	Encoding string
	// Sheet names the sheet of a workbook to read; empty, the first.
	Sheet string
	// DryRun checks everything and says what would be imported, writing
	// nothing.
	DryRun bool
	// Scope limits the rows an editor's import may hold (DESIGN §12):
	// rows outside it are refused like bad rows.
	Scope Scope
	// Pending makes each file a review item awaiting an admin's approval:
	// an editor's import while toc.yaml requires review.
	Pending bool
	// Next, when set, gives the files after those named, one at a time,
	// until it returns nil: the files of an upload, met as its body
	// streams past. They go into the same transaction.
	Next func() (*ImportFile, error)
}

// CheckFill checks the --activity and --date of an import against the
// theory of change and today, and returns the activity's index (-1 for
// none) and the date (zero for none).
func CheckFill(p *toc.Partnership, opts ImportOptions, today time.Time) (int32, [3]int, error) {
	activity, date := int32(-1), [3]int{}
	if opts.Activity != "" {
		i := p.ActivityIndex(strings.TrimSpace(opts.Activity))
		if i < 0 {
			return 0, date, toc.Errorf(toc.EINVALID, "--activity: expected an activity id of %s, got %q", TocName(p), opts.Activity)
		}
		activity = int32(i)
	}
	if opts.Date != "" {
		y, m, d, msg := intake.ParseDate([]byte(strings.TrimSpace(opts.Date)))
		if msg != "" {
			return 0, date, toc.Errorf(toc.EINVALID, "--date: %s", msg)
		}
		if err := toc.CheckDate(y, m, d, today); err != nil {
			return 0, date, toc.Errorf(toc.EINVALID, "--date: %w", err)
		}
		date = [3]int{y, m, d}
	}
	return activity, date, nil
}

// ImportResult says what an import wrote.
type ImportResult struct {
	Files []ImportedFile
	// ForgottenPupils is how many pupils of the files were forgotten on
	// request before (impact forget): their rows were skipped.
	ForgottenPupils int
	// Pending says the files await review (ImportOptions.Pending).
	Pending bool
}

// Rows is the number of rows imported from all files.
func (r ImportResult) Rows() int64 {
	var n int64
	for _, f := range r.Files {
		n += f.Rows
	}
	return n
}

// ImportedFile is one file of an import: what it held and how it was read.
type ImportedFile struct {
	Name string
	Kind intake.Kind
	Rows int64  // rows written
	Hash string // SHA-256 of the content, hex

	Encoding string           // utf-8, utf-16, windows-1252, or xlsx
	Mapped   []intake.Mapping // headers read as columns
	Ignored  []string         // headers left unread
	Dropped  []string         // headers of personal data, dropped unread
	Filled   []string         // columns given for the whole file (--activity, --date)
	// PerActivity counts the rows of each activity (participation and
	// outcome files).
	PerActivity map[string]int64
	Pupils      int   // distinct participants in the file
	Skipped     int64 // rows whose register mark was no possible session
	// Forgotten is the rows skipped because their pupil was forgotten.
	Forgotten int64
}
