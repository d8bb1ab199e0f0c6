package export

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/schoolstogether/impact/toc"
)

// bom starts each CSV file, so that Excel reads it as UTF-8 (without it,
// Excel on Windows reads a school's "Ysgol Gymraeg Bro Morgannwg" as
// Windows-1252).
const bom = "\ufeff"

// WriteCSV writes one sheet as a CSV file: its header row, then its rows;
// the notes are the workbook's alone.
func WriteCSV(w io.Writer, s *Sheet) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(s.Columns); err != nil {
		return err
	}
	rec := make([]string, len(s.Columns))
	for _, row := range s.Rows {
		for i, c := range row {
			rec[i] = c.String()
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteCSVFolder writes each sheet as a file of a new folder at path
// (Sheet.FileName), all or nothing: the files are written into a
// temporary folder beside it, renamed into place when all are written. A
// folder of an earlier export (holding only such files) is replaced;
// anything else at path is refused.
func WriteCSVFolder(path string, sheets []Sheet) error {
	names := make([]string, len(sheets))
	for i := range sheets {
		names[i] = sheets[i].FileName()
	}
	old, err := earlierExport(path, names)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	for i := range sheets {
		if err := writeCSVFile(filepath.Join(tmp, names[i]), &sheets[i]); err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(path, names[i]), err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if old {
		// Move the earlier export aside first: a folder cannot be renamed
		// over one that holds files.
		aside := tmp + ".old"
		if err := os.Rename(path, aside); err != nil {
			return fmt.Errorf("replace %s: %w", path, err)
		}
		if err := os.Rename(tmp, path); err != nil {
			os.Rename(aside, path)
			return fmt.Errorf("replace %s: %w", path, err)
		}
		done = true
		return os.RemoveAll(aside)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	return nil
}

// writeCSVFile writes one sheet into a new file.
func writeCSVFile(name string, s *Sheet) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = WriteCSV(bw, s)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// earlierExport says whether path holds an earlier export to replace: it
// is false when nothing is there, and an ECONFLICT error when something
// else is.
func earlierExport(path string, names []string) (bool, error) {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("write %s: %w", path, err)
	}
	if !info.IsDir() {
		return false, toc.Errorf(toc.ECONFLICT, "refusing to replace %s with a folder of CSV files: it is a file", path)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return false, fmt.Errorf("write %s: %w", path, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !slices.Contains(names, e.Name()) {
			return false, toc.Errorf(toc.ECONFLICT, "refusing to replace %s: it is not the folder of an earlier csv export (it holds %s)", path, e.Name())
		}
	}
	return true, nil
}
