// Package reports writes a partnership's impact report (DESIGN §8): one
// self-contained HTML file that tells the story of the four pillars —
// headline figures, the theory of change, KPI progress, reach and
// disadvantage, mutuality, school flows, evidence, effect sizes and
// sustainability — with charts drawn by echarts through go-echarts.
//
// Every string a person typed into toc.yaml or a CSV is inert in the page:
// html/template escapes it in text and attributes, and chart options are
// marshalled with encoding/json (which writes < > & as \u003c \u003e \u0026)
// with go-echarts' __f__ function markers neutralised, so no name can close
// a script element or become code. The same Write serves the command line
// and the web app.
package reports
