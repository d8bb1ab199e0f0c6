// Package pdf prints a report to PDF through a headless Chromium (DESIGN
// §14): A4, the report's own print styles, and a footer on every page with
// the report's stamp and "page N of M". It is the one package of the
// program that drives a browser; it wraps github.com/chromedp/chromedp.
package pdf
