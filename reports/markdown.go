package reports

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders case studies' Markdown as HTML that cannot run: raw
// HTML in it is dropped and links to javascript:, vbscript:, file: and
// data: are emptied, as goldmark does unless told otherwise; images become
// their alt text, so a report fetches nothing. Its headings sit below the
// report's own (# becomes h4).
var markdown = goldmark.New(goldmark.WithParserOptions(
	parser.WithASTTransformers(util.Prioritized(caseStudyShape{}, 100)),
))

// Markdown renders a case study for a page: HTML with nothing in it that
// runs or fetches, its headings below the page's own.
func Markdown(src string) (template.HTML, error) {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(src), &b); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // goldmark escapes text and drops raw HTML
}

// caseStudyShape moves headings down three levels and swaps images for
// their alt text.
type caseStudyShape struct{}

func (caseStudyShape) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var images []*ast.Image
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+3, 6)
		case *ast.Image:
			images = append(images, n)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		alt := ast.NewString(plainText(img, reader.Source()))
		img.Parent().ReplaceChild(img.Parent(), img, alt)
	}
}

// plainText is the text of a node's inline children.
func plainText(n ast.Node, src []byte) []byte {
	var b []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			b = append(b, t.Segment.Value(src)...)
		} else {
			b = append(b, plainText(c, src)...)
		}
	}
	return b
}
