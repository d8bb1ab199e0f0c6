package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/reports/pdf"
	"github.com/schoolstogether/impact/toc"
)

func (a *App) runReport(args []string) error {
	f := a.newFlags("report", "report (--out FILE.html | --pdf FILE.pdf | both) [--summary | --school ID] [--audience director|funder] [--activity ID]... [--dir DIR]",
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

--summary writes a one-page summary instead, for a board or a funder:
the headline figures, every KPI and the evidence gaps. --school ID writes a
school's own report, for its governors: what it gives to the partnership
and what it gets, and how many of its pupils were reached.

--pdf prints the report to a PDF on A4 through a headless Chromium (Debian:
apt-get install chromium; or name one in IMPACT_CHROMIUM), with the stamp
and the page number at the foot of every page. Without a Chromium it stops
with exit 3 and says how to install one.

A file is replaced whole, never left half-written; a file that exists and is
not .html or .htm (for --out) or .pdf (for --pdf) is refused, so a slip
cannot overwrite toc.yaml or the database.`,
		`  impact report --out report.html
  impact report --pdf for-the-foundation.pdf --audience funder
  impact report --pdf board.pdf --summary
  impact report --out west-hill.html --school wsh
  impact report --out scitt.html --activity scitt`)
	out := f.String("out", "", "write the report as HTML to `FILE`")
	pdfOut := f.String("pdf", "", "print the report to a PDF `FILE` (through headless Chromium)")
	audience := f.String("audience", string(toc.Director), "who the report is for: director or funder")
	asSummary := f.Bool("summary", false, "write the one-page summary")
	school := f.String("school", "", "write the report of the school `ID`, for its governors")
	var acts stringsFlag
	f.Var(&acts, "activity", "limit the report to this activity `ID` (repeat for more)")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("report takes no arguments, got %q (see impact report --help)", rest[0])
	}
	if *out == "" && *pdfOut == "" {
		return usageError("--out FILE.html or --pdf FILE.pdf is required: where to write the report (see impact report --help)")
	}
	if *asSummary && *school != "" {
		return usageError("--summary or --school, not both (see impact report --help)")
	}
	aud, err := audienceFlag(*audience)
	if err != nil {
		return err
	}
	if *out != "" {
		if err := replaceable(*out, "a report", ".html", ".htm"); err != nil {
			return err
		}
	}
	var browser string
	if *pdfOut != "" {
		if err := replaceable(*pdfOut, "a report", ".pdf"); err != nil {
			return err
		}
		// Before any work: without a browser there is nothing to print with.
		if browser, err = pdf.Browser(a.Getenv); err != nil {
			return err
		}
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
	if *school != "" && p.Plan.ToC.School(*school) == nil {
		return toc.Errorf(toc.EINVALID, "--school: no school %q in %s", *school, engine.TocName(p.Plan.ToC))
	}
	in, err := reportInput(ctx, p, today, aud, acts)
	if err != nil {
		return err
	}
	in.Summary, in.School = *asSummary, *school
	var page bytes.Buffer
	if err := reports.Write(&page, in); err != nil {
		return err
	}
	// Print first, so that a failure writes neither file.
	var doc []byte
	if *pdfOut != "" {
		if doc, err = pdf.Print(ctx, page.Bytes(), pdf.Options{Browser: browser, Footer: reports.Footer(in)}); err != nil {
			return err
		}
	}
	if *out != "" {
		size, err := writeAtomic(*out, func(w io.Writer) error { _, err := w.Write(page.Bytes()); return err })
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "wrote %s (%s, for a %s): open it in a browser\n", *out, byteSize(size), aud)
	}
	if *pdfOut != "" {
		size, err := writeAtomic(*pdfOut, func(w io.Writer) error { _, err := w.Write(doc); return err })
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "wrote %s (%s, for a %s): A4, ready to print or send\n", *pdfOut, byteSize(size), aud)
	}
	return nil
}

// replaceable refuses an output path that names something other than what
// is to be written there (what: "a report", "an xlsx export"): a folder,
// or an existing file without one of the extensions.
func replaceable(path, what string, exts ...string) error {
	info, err := os.Stat(path)
	if err != nil {
		return nil // nothing there yet; a missing folder fails at writing
	}
	ext := strings.ToLower(filepath.Ext(path))
	if info.IsDir() || !info.Mode().IsRegular() || !slices.Contains(exts, ext) {
		return toc.Errorf(toc.ECONFLICT, "refusing to replace %s with %s: it exists and is not a %s file", path, what, exts[0])
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
