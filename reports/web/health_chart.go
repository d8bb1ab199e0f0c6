package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

// ratingShades colour a rating's cell, 1 (not yet in place) to 4 (strong).
var ratingShades = [...]string{"#f1f5f9", "#f6d7a7", "#cfe0ee", "#7fa7c9", "#2f6690"}

// ratingsSVG draws the success factors' ratings as a grid, a row per
// factor and a column per year, each cell shaded and numbered: no script,
// so it runs under the app's policy. Every label is escaped.
func ratingsSVG(rows []factorRow, periods []toc.Period) template.HTML {
	if len(periods) == 0 {
		return ""
	}
	const label, cellW, cellH, top = 300.0, 64.0, 30.0, 26.0
	w, h := label+cellW*float64(len(periods)), top+cellH*float64(len(rows))+4
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart ratings" viewBox="0 0 %.0f %.0f" role="img" aria-label="Success factors rated each year, 1 to 4">`, w, h)
	for j, p := range periods {
		fmt.Fprintf(&b, `<text class="tick" x="%.0f" y="18" text-anchor="middle">%s</text>`, label+cellW*(float64(j)+0.5), p)
	}
	for i, r := range rows {
		y := top + cellH*float64(i)
		fmt.Fprintf(&b, `<text class="tick" x="%.0f" y="%.0f" text-anchor="end">%s</text>`, label-8, y+cellH/2+4, template.HTMLEscapeString(r.Title))
		for j, v := range r.Ratings {
			x := label + cellW*float64(j)
			fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" rx="3" fill="%s"><title>%s, %s: %s</title></rect>`,
				x+2, y+2, cellW-4, cellH-4, ratingShades[v], template.HTMLEscapeString(r.Title), periods[j], ratingWord(v))
			if v > 0 {
				fill := "#1e293b"
				if v == 4 {
					fill = "#ffffff"
				}
				fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="middle" fill="%s" font-weight="600">%d</text>`, x+cellW/2, y+cellH/2+5, fill, v)
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func ratingWord(v int) string {
	return [...]string{"not rated", "1, not yet in place", "2, beginning", "3, in place", "4, strong"}[v]
}
