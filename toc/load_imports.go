package toc

import (
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// imports reads imports: {columns: {HEADER: COLUMN}, ignore: [HEADER]}.
func (d *decoder) imports(p *Partnership, n ast.Node) {
	f, ok := d.mapping(n, "imports", "columns", "ignore")
	if !ok {
		return
	}
	if v, ok := f.get("columns"); ok {
		p.Imports.Columns = map[string]string{}
		d.columnMap(p, v)
	}
	if v, ok := f.get("ignore"); ok {
		items, _ := d.seq(v, "imports.ignore", false)
		for _, item := range items {
			if h, ok := d.text(item, "imports.ignore"); ok {
				p.Imports.Ignore = append(p.Imports.Ignore, NormalHeader(h))
			}
		}
	}
}

// columnMap reads the header-to-column mapping of imports.columns, whose
// keys are the partnership's own headers (any text), each once.
func (d *decoder) columnMap(p *Partnership, n ast.Node) {
	n = unwrap(n)
	var values []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	default:
		d.errorf(posOf(n), "imports.columns: expected a mapping of headers to columns, such as \"Pupil Ref\": participant, got %s", kind(n))
		return
	}
	for _, mv := range values {
		header := NormalHeader(mv.Key.GetToken().Value)
		if header == "" {
			d.errorf(posOf(mv.Key), "imports.columns: expected a header, got an empty one")
			continue
		}
		if _, dup := p.Imports.Columns[header]; dup {
			d.errorf(posOf(mv.Key), "imports.columns: header %q given twice: give it once", mv.Key.GetToken().Value)
			continue
		}
		col, ok := d.text(mv.Value, "imports.columns")
		if !ok {
			continue
		}
		if !slices.Contains(ImportColumns, col) {
			d.errorf(posOf(mv.Value), "imports.columns: unknown column %q: expected one of %s", col, strings.Join(ImportColumns, ", "))
			continue
		}
		p.Imports.Columns[header] = col
	}
}
