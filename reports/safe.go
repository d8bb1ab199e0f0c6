package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/event"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// go-echarts v2.6.7 writes a chart's options into its script element with
// HTML escaping off (JSONNotEscaped), so a name holding "</script>" would
// end the script and start another. Every chart is rendered through chart,
// whose JSONNotEscaped sends the options through safeOptions instead.

// chart is a go-echarts chart as its templates see it: its configuration
// (every field the templates read), with the options written by
// safeOptions, its own Validate, and the settings laid over the options
// that go-echarts has no field for.
type chart struct {
	*charts.BaseConfiguration
	validate func()
	extra    map[string]any
	err      error // the first error met while writing the options
}

// chartOf wraps a go-echarts chart c whose configuration is base (every
// chart kind embeds one), with extra laid over its options.
func chartOf(c interface{ Validate() }, base *charts.BaseConfiguration, extra map[string]any) *chart {
	return &chart{BaseConfiguration: base, validate: c.Validate, extra: extra}
}

// The fields go-echarts' templates read, as methods: the templates find a
// method at once, where a field promoted through the configuration's
// dozens of embedded structs costs a reflective search at every use (a
// fifth of a report's time).

// ChartID is the chart element's id.
func (c *chart) ChartID() string { return c.BaseConfiguration.ChartID }

// Initialization is the chart's size and renderer.
func (c *chart) Initialization() opts.Initialization { return c.BaseConfiguration.Initialization }

// Theme is the chart's echarts theme.
func (c *chart) Theme() string { return c.BaseConfiguration.Theme }

// EventListeners are the chart's event handlers (none of ours has any).
func (c *chart) EventListeners() []event.Listener { return c.BaseConfiguration.EventListeners }

// JSFunctions are the chart's extra scripts (none of ours has any).
func (c *chart) JSFunctions() opts.JSFunctions { return c.BaseConfiguration.JSFunctions }

// JSONNotEscaped replaces go-echarts' unescaped options; its templates
// call it.
func (c *chart) JSONNotEscaped() template.HTML {
	b, err := safeOptions(c.JSON(), c.extra)
	if err != nil {
		if c.err == nil {
			c.err = err
		}
		return "{}"
	}
	return template.HTML(b)
}

// safeOptions writes chart options as JSON that is inert inside a script
// element: json.Marshal escapes < > & and U+2028/U+2029, and every "__f__"
// (go-echarts' marker of a JavaScript function, which its renderer strips
// from the page, turning the string around it into code) is written with
// its f escaped, which JavaScript reads back as the same text. Our charts
// use no functions, so no marker is ever meant.
func safeOptions(obj, extra map[string]any) ([]byte, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("chart options: %w", err)
	}
	if extra != nil {
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("chart options: %w", err)
		}
		merge(m, extra)
		if b, err = json.Marshal(m); err != nil {
			return nil, fmt.Errorf("chart options: %w", err)
		}
	}
	return bytes.ReplaceAll(b, []byte("__f__"), []byte(`__\u0066__`)), nil
}

// merge lays src over dst: maps merge key by key, lists of maps element by
// element (so extra settings reach the n-th series), anything else replaces.
func merge(dst, src map[string]any) {
	for k, v := range src {
		switch sv := v.(type) {
		case map[string]any:
			if dv, ok := dst[k].(map[string]any); ok {
				merge(dv, sv)
				continue
			}
		case []any:
			if dv, ok := dst[k].([]any); ok && len(dv) == len(sv) && allMaps(dv) && allMaps(sv) {
				for i := range sv {
					merge(dv[i].(map[string]any), sv[i].(map[string]any))
				}
				continue
			}
		}
		dst[k] = v
	}
}

func allMaps(xs []any) bool {
	for _, x := range xs {
		if _, ok := x.(map[string]any); !ok {
			return false
		}
	}
	return true
}
