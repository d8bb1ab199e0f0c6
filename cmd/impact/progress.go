package main

import (
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress is a bar on stderr for long work (imports, the demo): the share
// done, items per second and the time left. It draws nothing when stderr
// is not a terminal, so logs and pipes stay clean.
type progress struct {
	bar   *progressbar.ProgressBar
	unit  string
	start time.Time
	last  time.Time
}

// newProgress starts a bar for work of total (bytes, say, when the item
// count is not known in advance); unit names the items counted, "rows".
// It returns a bar that does nothing when stderr is not a terminal.
func (a *App) newProgress(description string, total int64, unit string) *progress {
	p := &progress{unit: unit, start: time.Now()}
	if !a.StderrIsTerminal {
		return p
	}
	if total <= 0 {
		total = -1 // a spinner
	}
	p.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(a.Stderr),
		progressbar.OptionSetDescription(description),
		progressbar.OptionSetWidth(30),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return p
}

// set moves the bar to done out of the total, with items done so far.
func (p *progress) set(done, items int64) {
	if p.bar == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.last) >= 200*time.Millisecond {
		p.last = now
		rate := float64(items) / max(now.Sub(p.start).Seconds(), 1e-3)
		p.bar.Describe(fmt.Sprintf("%s %s (%s %s/s)", thousands(items), p.unit, thousands(int64(rate)), p.unit))
	}
	p.bar.Set64(done)
}

// imported follows an import: engine.ImportOptions.Progress reports rows
// and bytes read, and the bar runs on bytes (the total known in advance)
// while it counts rows.
func (p *progress) imported(rows, bytes int64) { p.set(bytes, rows) }

// finish removes the bar.
func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

// thousands writes n with thousands separators: 1,000,000.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
