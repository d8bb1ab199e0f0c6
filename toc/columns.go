package toc

import (
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// fixColumns corrects the columns goccy/go-yaml (v1.19) gives plain scalars
// followed by trailing spaces at the end of a line: it counts the spaces
// into the column ("name: RGS  " puts RGS two columns to the right). A
// message must point at the value itself, so each plain scalar whose line
// does not hold its text at its column is moved left to where it does. No
// position is left beyond the end of its line.
func fixColumns(f *ast.File, src []byte) {
	c := &columnFixer{lines: strings.Split(string(src), "\n"), at: -1}
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		ast.Walk(c, doc.Body)
	}
}

// columnFixer walks the nodes, which come line by line: the runes of the
// line in hand are kept, so that a line of a thousand values is decoded
// once, not once a value.
type columnFixer struct {
	lines []string
	at    int // the line whose runes are in line, 0-based
	line  []rune
	value []rune
}

func (c *columnFixer) Visit(n ast.Node) ast.Visitor {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return c
	}
	p := tk.Position
	if p.Line < 1 || p.Line > len(c.lines) || p.Column < 1 {
		return c
	}
	if c.at != p.Line-1 {
		c.at, c.line = p.Line-1, append(c.line[:0], []rune(c.lines[p.Line-1])...)
	}
	line := c.line
	// A value left empty ("activities:") is an implicit null that goccy
	// places past the end of the line; it belongs just after the colon.
	p.Column = min(p.Column, len(line)+1)
	if !plainScalar(tk) {
		return c
	}
	c.value = append(c.value[:0], []rune(tk.Value)...)
	at := func(col int) bool {
		return col >= 1 && col-1+len(c.value) <= len(line) && slices.Equal(line[col-1:col-1+len(c.value)], c.value)
	}
	if at(p.Column) {
		return c
	}
	for col := min(p.Column, len(line)) - 1; col >= 1; col-- {
		if at(col) {
			p.Column = col
			break
		}
	}
	return c
}

// plainScalar reports whether a token is an unquoted one-line scalar, the
// only kind whose text is spelled in the source exactly as its value.
func plainScalar(tk *token.Token) bool {
	if tk.Value == "" || strings.ContainsAny(tk.Value, "\n\r") {
		return false
	}
	switch tk.Type {
	case token.StringType, token.IntegerType, token.BinaryIntegerType, token.OctetIntegerType,
		token.HexIntegerType, token.FloatType, token.BoolType, token.NullType,
		token.InfinityType, token.NanType:
		return true
	}
	return false
}
