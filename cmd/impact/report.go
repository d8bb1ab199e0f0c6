package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runReport(args []string) error {
	f := a.newFlags("report", "report --out FILE.html [--audience director|funder] [--activity ID]... [--dir DIR]",
		`Writes the impact report: one HTML file that opens offline in any browser
and prints on A4. It tells the partnership's story through the four pillars:
headline figures, the theory of change as a tree, KPI progress against
baseline and target, reach and disadvantage targeting, mutuality and the
flows between schools, evidence levels and gaps, effect sizes, and
sustainability. Each chart has a plain-English caption and a table of its
numbers.

--audience funder writes what a funder may see: counts of fewer than
privacy.min_cell pupils show as "<N", the shares, costs and effect sizes
built on them are left out, and no lead is named. --activity limits the
whole report to those activities (and the KPIs they serve).

The file is replaced whole, never left half-written; a file that exists and
is not .html or .htm is refused, so a slip cannot overwrite toc.yaml or the
database.`,
		`  impact report --out report.html
  impact report --out for-the-foundation.html --audience funder
  impact report --out scitt.html --activity scitt`)
	out := f.String("out", "", "write the report to `FILE` (required)")
	audience := f.String("audience", string(toc.Director), "who the report is for: director or funder")
	var acts stringsFlag
	f.Var(&acts, "activity", "limit the report to this activity `ID` (repeat for more)")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("report takes no arguments, got %q (see impact report --help)", rest[0])
	}
	if *out == "" {
		return usageError("--out FILE is required: where to write the report (see impact report --help)")
	}
	aud, err := audienceFlag(*audience)
	if err != nil {
		return err
	}
	if err := replaceable(*out); err != nil {
		return err
	}
	today, err := a.today()
	if err != nil {
		return err
	}
	ctx := context.Background()
	p, err := a.openFolder(ctx, f, inScope(acts))
	if err != nil {
		return err
	}
	defer p.Close()
	in, err := reportInput(ctx, p, today, aud, acts)
	if err != nil {
		return err
	}
	size, err := writeAtomic(*out, func(w io.Writer) error { return reports.Write(w, in) })
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "wrote %s (%s, for a %s): open it in a browser\n", *out, byteSize(size), aud)
	return nil
}

// revisionName names a ToC revision for the report's stamp: its number in
// the store and the start of the file's hash.
func revisionName(r engine.Revision) string {
	h := r.Hash
	if len(h) > 12 {
		h = h[:12]
	}
	if h == "" {
		return fmt.Sprint(r.ID)
	}
	return fmt.Sprintf("%d · %s", r.ID, h)
}

// replaceable refuses an --out that names something other than a report:
// an existing file that is not .html or .htm, or a folder.
func replaceable(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return nil // nothing there yet; a missing folder fails at writing
	}
	ext := strings.ToLower(filepath.Ext(path))
	if info.IsDir() || !info.Mode().IsRegular() || (ext != ".html" && ext != ".htm") {
		return toc.Errorf(toc.ECONFLICT, "refusing to replace %s with a report: it exists and is not an .html file", path)
	}
	return nil
}

// writeAtomic writes a file through a temporary file beside it, renamed
// into place only when write succeeded, so that no reader ever sees half a
// file and a failure leaves the old one untouched. It returns the size.
func writeAtomic(path string, write func(io.Writer) error) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err := write(bw); err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	info, err := tmp.Stat()
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	return info.Size(), nil
}

// byteSize writes a file size for people: "1.2 MB".
func byteSize(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.0f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}
