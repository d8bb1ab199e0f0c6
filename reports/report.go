package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// Input is what a report is made from: the theory of change, the numbers
// computed from it (already scoped to the report's activities and, for a
// funder, already suppressed) and the stamp.
type Input struct {
	ToC    *toc.Partnership
	Result *metrics.Result
	Stamp  Stamp
	// LibraryURL, when set, makes the page load its charting library from
	// that address (a server that serves ECharts() there) instead of
	// carrying it inline: for pages served by the web app, which browsers
	// then cache. Reports to keep or send leave it empty.
	LibraryURL string
	// Links, for the web app's dashboard, makes KPIs and activities link
	// to the app's pages of them (/kpis/ID, /activities/ID).
	Links bool
	// Notes are the notes and case studies the audience may read (DESIGN
	// §14): engine.NotesFor gives a funder the shared ones only.
	Notes []toc.Note
	// ValueNotes are KPI values logged with a note, printed beside their
	// KPI in a director's report and never in a funder's.
	ValueNotes []toc.KPIRecord
	// Summary makes the one-page summary instead of the full report;
	// School, a school's id, that school's own report for its governors.
	Summary bool
	School  string
}

// Stamp says when and from what a report was made (DESIGN §8); the data's
// as_of comes from the Result.
type Stamp struct {
	Made time.Time
	// Revision names the theory of change the numbers were computed
	// against, as the store records it (a number, a hash or both).
	Revision string
	// Audience is toc.Director or toc.Funder; empty means the Result's
	// audience.
	Audience toc.Audience
}

// Write writes the report of in to w as one self-contained HTML page. It
// writes nothing when the input is unusable.
func Write(w io.Writer, in Input) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report: %v", r)
		}
	}()
	v, err := newView(in)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	// Both halves are rendered before a byte is written, so a failure
	// leaves w untouched; echarts goes between them rather than through a
	// template: a megabyte of script needs no escaping pass and no scan.
	kind := "body"
	switch {
	case in.School != "":
		kind = "school"
	case in.Summary:
		kind = "summary"
	}
	var head, body bytes.Buffer
	if err := pageTemplate.ExecuteTemplate(&head, "head", v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := pageTemplate.ExecuteTemplate(&body, kind, v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	parts := [][]byte{head.Bytes(), nil, nil, nil, body.Bytes()}
	if in.LibraryURL == "" && kind == "body" { // the brief reports draw no chart
		parts[1], parts[2], parts[3] = []byte("<script>"), echarts(), []byte("</script>\n")
	}
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// audience settles who the report is for: the Result was computed for one
// audience, and a funder's stamp on a director's numbers would show what
// the funder may not see.
func audience(in Input) (toc.Audience, error) {
	got := in.Result.Audience
	if got == "" {
		got = toc.Director
	}
	if got != toc.Director && got != toc.Funder {
		return "", fmt.Errorf("unknown audience %q in the metrics: expected director or funder", got)
	}
	switch in.Stamp.Audience {
	case "", got:
		return got, nil
	case toc.Director, toc.Funder:
		return "", fmt.Errorf("a %s report needs metrics computed for a %s, got metrics for a %s", in.Stamp.Audience, in.Stamp.Audience, got)
	}
	return "", fmt.Errorf("unknown audience %q: expected director or funder", in.Stamp.Audience)
}

func checkInput(in Input) error {
	if in.ToC == nil {
		return errors.New("no theory of change")
	}
	if in.Result == nil {
		return errors.New("no metrics")
	}
	return nil
}

// Footer is the stamp as a printed page's footer says it: "Tyne Valley
// Schools Partnership · for a funder · made 1 March 2025 · data as of
// 2024/25 · theory of change version 3, 12 November 2026".
func Footer(in Input) string {
	name := in.ToC.Name
	if name == "" {
		name = in.Result.Partnership
	}
	parts := []string{name}
	if aud, err := audience(in); err == nil && aud == toc.Funder {
		parts = append(parts, "for a funder")
	} else {
		parts = append(parts, "for the partnership director")
	}
	if !in.Stamp.Made.IsZero() {
		parts = append(parts, "made "+in.Stamp.Made.Format("2 January 2006"))
	}
	if in.Result.AsOf != 0 {
		parts = append(parts, "data as of "+in.Result.AsOf.String())
	}
	if in.Stamp.Revision != "" {
		parts = append(parts, "theory of change "+in.Stamp.Revision)
	}
	return strings.Join(parts, " · ")
}
