package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/render"
)

// go-echarts v2.6.7 writes a chart's options into its script element with
// HTML escaping off (JSONNotEscaped), so a name holding "</script>" would
// end the script and start another. Each chart kind we use is wrapped so
// that its options go through safeOptions instead; the wrapper becomes the
// chart's renderer's subject, so go-echarts' own templates call it.

// overlay carries what a wrapped chart adds to go-echarts' options (settings
// go-echarts has no field for) and the first error met while writing them.
type overlay struct {
	extra map[string]any
	err   error
}

// marshal writes the options, keeping the first error for renderChart.
func (o *overlay) marshal(obj map[string]any) template.HTML {
	b, err := safeOptions(obj, o.extra)
	if err != nil {
		if o.err == nil {
			o.err = err
		}
		return "{}"
	}
	return template.HTML(b)
}

func (o *overlay) failed() error { return o.err }

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

// safeBar is a bar chart whose options are written by safeOptions.
type safeBar struct {
	*charts.Bar
	overlay
}

func newBar() *safeBar {
	c := &safeBar{Bar: charts.NewBar()}
	c.Renderer = render.NewChartRender(c, c.Validate)
	return c
}

// JSONNotEscaped replaces go-echarts' unescaped options.
func (c *safeBar) JSONNotEscaped() template.HTML { return c.marshal(c.JSON()) }

// safeLine is a line chart whose options are written by safeOptions.
type safeLine struct {
	*charts.Line
	overlay
}

func newLine() *safeLine {
	c := &safeLine{Line: charts.NewLine()}
	c.Renderer = render.NewChartRender(c, c.Validate)
	return c
}

// JSONNotEscaped replaces go-echarts' unescaped options.
func (c *safeLine) JSONNotEscaped() template.HTML { return c.marshal(c.JSON()) }

// safeScatter is a scatter chart whose options are written by safeOptions.
type safeScatter struct {
	*charts.Scatter
	overlay
}

func newScatter() *safeScatter {
	c := &safeScatter{Scatter: charts.NewScatter()}
	c.Renderer = render.NewChartRender(c, c.Validate)
	return c
}

// JSONNotEscaped replaces go-echarts' unescaped options.
func (c *safeScatter) JSONNotEscaped() template.HTML { return c.marshal(c.JSON()) }

// safeSankey is a sankey chart whose options are written by safeOptions.
type safeSankey struct {
	*charts.Sankey
	overlay
}

func newSankey() *safeSankey {
	c := &safeSankey{Sankey: charts.NewSankey()}
	c.Renderer = render.NewChartRender(c, c.Validate)
	return c
}

// JSONNotEscaped replaces go-echarts' unescaped options.
func (c *safeSankey) JSONNotEscaped() template.HTML { return c.marshal(c.JSON()) }
