package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
	"github.com/go-echarts/go-echarts/v2/templates"
)

// The report's colours: one meaning each, the same in every chart.
const (
	colInk           = "#1e293b"
	colMuted         = "#64748b"
	colGrid          = "#e2e8f0"
	colPrimary       = "#2f6690" // participants, recorded values
	colDisadvantaged = "#c8553d" // Pupil Premium pupils
	colReference     = "#1e293b" // population shares, plans, zero lines
	colGood          = "#2a9d8f" // met, win-win, enough evidence
	colWarn          = "#e9a23b" // behind, a key-person risk
	colBad           = "#b23a48" // evidence gaps
	colNeutral       = "#a3b1c2" // unknown, no data
	fontStack        = `"Source Sans 3", "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif`
)

// Chart sizes, in CSS pixels: an A4 page less 14 mm margins is 182 mm,
// about 688 px, so every chart fits the printed page as drawn on screen.
const (
	chartWidth = 680
	halfWidth  = 330
	maxHeight  = 720 // an A4 page's printable height less a heading, an introduction and a caption
)

// go-echarts parses its templates anew for every chart and runs a regexp
// over what they write (to strip its __f__ markers, which our options never
// hold); its own element and script templates are parsed here once instead.
var (
	snippetOnce           sync.Once
	elementTpl, scriptTpl *template.Template
)

// renderChart renders a chart's element and script with go-echarts'
// templates. go-echarts panics on a template error: that becomes an error.
func renderChart(id string, c *chart) (h template.HTML, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chart %s: %v", id, r)
		}
	}()
	snippetOnce.Do(func() {
		elementTpl = render.MustTemplate(render.ModChart, []string{templates.BaseTpl, templates.BaseElementTpl})
		scriptTpl = render.MustTemplate(render.ModChart, []string{templates.BaseTpl, templates.BaseScriptTpl})
	})
	c.validate()
	var b bytes.Buffer
	if err := elementTpl.ExecuteTemplate(&b, render.ModChart, c); err != nil {
		return "", fmt.Errorf("chart %s: %w", id, err)
	}
	if err := scriptTpl.ExecuteTemplate(&b, render.ModChart, c); err != nil {
		return "", fmt.Errorf("chart %s: %w", id, err)
	}
	if err := c.err; err != nil {
		return "", fmt.Errorf("chart %s: %w", id, err)
	}
	// go-echarts' template output over our own ids and the options that
	// safeOptions wrote: trusted here.
	return template.HTML(b.String()), nil
}

// initialization sizes a chart and has it drawn as SVG, which prints sharp.
// Its element's id is "chart_" and id, apart from the sections' ids.
func initialization(id string, width, height int) opts.Initialization {
	return opts.Initialization{
		ChartID:  "chart_" + id,
		Width:    fmt.Sprintf("%dpx", width),
		Height:   fmt.Sprintf("%dpx", height),
		Renderer: "svg",
		Theme:    "white",
	}
}

// baseOptions are the settings every chart shares, laid over go-echarts'
// options: no animation (a printed page must not catch a chart mid-way),
// the report's font, tooltips kept inside the chart, no legend unless asked.
func baseOptions(extra map[string]any) map[string]any {
	base := map[string]any{
		"animation": false,
		"textStyle": map[string]any{"fontFamily": fontStack, "color": colInk, "fontSize": 12},
		"tooltip":   map[string]any{"confine": true},
		"legend":    map[string]any{"show": false},
	}
	merge(base, extra)
	return base
}

// legend is a legend along the top of a chart.
func legend() map[string]any {
	return map[string]any{"show": true, "top": 0, "left": "center", "itemWidth": 14, "itemHeight": 10,
		"textStyle": map[string]any{"color": colInk}}
}

// axisStyle is the look of a value axis: light grid lines, muted labels.
func axisStyle(name string) map[string]any {
	return map[string]any{
		"name": name, "nameLocation": "middle", "nameGap": 30,
		"nameTextStyle": map[string]any{"color": colMuted},
		"axisLabel":     map[string]any{"color": colMuted},
		"axisLine":      map[string]any{"lineStyle": map[string]any{"color": colGrid}},
		"splitLine":     map[string]any{"lineStyle": map[string]any{"color": colGrid}},
	}
}

// missing is echarts' mark of an empty value: no bar, no point.
const missing = "-"

// clampHeight keeps a chart that grows with its rows within one page.
func clampHeight(h, least int) int {
	if h < least {
		return least
	}
	if h > maxHeight {
		return maxHeight
	}
	return h
}

// shortLabel fits a name to about most characters for an axis, keeping
// what tells like names apart: "Year 9 maths masterclasses (Jarrow hub)"
// becomes "Year 9 maths mas… (Jarrow hub)", where cutting the end would
// leave two hubs' activities reading the same. The full name stays in the
// tooltip and the table beside the chart.
func shortLabel(name string, most int) string {
	r := []rune(name)
	if len(r) <= most {
		return name
	}
	if open := strings.LastIndex(name, " ("); open > 0 && strings.HasSuffix(name, ")") {
		tail := []rune(name[open:])
		if keep := most - len(tail) - 1; keep >= 8 {
			return strings.TrimSpace(string(r[:keep])) + "…" + string(tail)
		}
	}
	return strings.TrimSpace(string(r[:most-1])) + "…"
}
