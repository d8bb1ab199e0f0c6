package reports

import (
	_ "embed"
	"html/template"
)

// The page is two templates: "head" up to where echarts is inlined, and
// "body", the rest. style.css is inlined into the head.
var (
	//go:embed page.html
	pageHTML string
	//go:embed brief.html
	briefHTML string
	//go:embed style.css
	styleCSS string

	pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
		"css": func() template.CSS { return template.CSS(styleCSS) },

		"inc": func(i int) int { return i + 1 },
	}).Parse(pageHTML + briefHTML))
)
