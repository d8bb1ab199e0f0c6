package toc

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
)

// decoder walks the YAML syntax tree, keeping positions, and collects every
// problem instead of stopping at the first.
type decoder struct {
	file string
	errs List
	// staffTime holds where activities give staff_time, which needs
	// costs.staff_hour; eefRefs the strands activities name, checked
	// against the strand table once it is known.
	staffTime []Pos
	eefRefs   []eefRef
}

func (d *decoder) errorf(pos Pos, format string, args ...any) {
	d.errs = append(d.errs, &Error{Code: EINVALID, File: d.file, Line: pos.Line, Col: pos.Col, Message: fmt.Sprintf(format, args...)})
}

// posOf is the position of a node's first token.
func posOf(n ast.Node) Pos {
	if n == nil || n.GetToken() == nil {
		return Pos{1, 1}
	}
	p := n.GetToken().Position
	return Pos{p.Line, p.Column}
}

// unwrap looks through tags and anchors to the value they carry.
func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		default:
			return n
		}
	}
}

// kind names what a node holds in plain words for "expected X, got Y": a
// short scalar as written, anything else by its type.
func kind(n ast.Node) string {
	n = unwrap(n)
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return "nothing"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode, *ast.BoolNode:
		if tk := n.GetToken(); tk != nil && len(tk.Value) <= 40 {
			return tk.Value
		}
		return "a number"
	case *ast.StringNode:
		if len([]rune(v.Value)) <= 40 && !strings.ContainsAny(v.Value, "\n\r") {
			return strconv.Quote(v.Value)
		}
	case *ast.AliasNode:
		return "an alias, which impact does not follow: write the value out in full"
	}
	return "text"
}

// field is one key of a mapping with its value.
type field struct {
	key    string
	keyPos Pos
	value  ast.Node
}

// fields is a decoded mapping: its keys and where it starts.
type fields struct {
	m     map[string]field
	start Pos
}

func (f fields) get(key string) (ast.Node, bool) {
	v, ok := f.m[key]
	return v.value, ok
}

// mapping reads a mapping whose keys must be among known, reporting unknown
// and repeated keys at the key and missing required ones (named with a
// leading "!" in known) at the start of the mapping.
func (d *decoder) mapping(n ast.Node, what string, known ...string) (fields, bool) {
	n = unwrap(n)
	var values []*ast.MappingValueNode
	var start Pos
	switch v := n.(type) {
	case *ast.MappingNode:
		values = v.Values
		start = posOf(v)
		if !v.IsFlowStyle && len(v.Values) > 0 {
			start = posOf(v.Values[0].Key)
		}
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
		start = posOf(v.Key)
	default:
		d.errorf(posOf(n), "%s: expected a mapping of %s, got %s", what, list(known), kind(n))
		return fields{}, false
	}
	f := fields{m: map[string]field{}, start: start}
	names := make([]string, len(known))
	for i, k := range known {
		names[i] = strings.TrimPrefix(k, "!")
	}
	for _, mv := range values {
		key := ""
		if mv.Key != nil {
			key = mv.Key.GetToken().Value
		}
		kp := posOf(mv.Key)
		if !contains(names, key) {
			d.errorf(kp, "unknown field %q in %s: expected one of %s", key, what, strings.Join(names, ", "))
			continue
		}
		if _, dup := f.m[key]; dup {
			d.errorf(kp, "field %q repeated in %s: give it once", key, what)
			continue
		}
		f.m[key] = field{key: key, keyPos: kp, value: mv.Value}
	}
	for _, k := range known {
		if name, ok := strings.CutPrefix(k, "!"); ok {
			if _, has := f.m[name]; !has {
				d.errorf(start, "%s is missing required field %q", what, name)
			}
		}
	}
	return f, true
}

func list(known []string) string {
	var req []string
	for _, k := range known {
		if name, ok := strings.CutPrefix(k, "!"); ok {
			req = append(req, name)
		}
	}
	if len(req) == 0 {
		return "fields"
	}
	return strings.Join(req, ", ") + "…"
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// text reads a scalar as text; numbers and booleans keep their spelling.
// Control characters and bidirectional controls (which can make a name
// read differently from what it is) are refused.
func (d *decoder) text(n ast.Node, what string) (string, bool) {
	n = unwrap(n)
	switch v := n.(type) {
	case *ast.StringNode:
		if strings.TrimSpace(v.Value) == "" {
			d.errorf(posOf(n), "%s: expected text, got an empty string", what)
			return "", false
		}
		if i := strings.IndexFunc(v.Value, UnsafeRune); i >= 0 {
			d.errorf(posOf(n), "%s: expected plain text, got the control character %U", what, []rune(v.Value[i:])[0])
			return "", false
		}
		return v.Value, true
	case *ast.LiteralNode:
		text := strings.TrimSpace(v.Value.Value)
		if i := strings.IndexFunc(text, UnsafeRune); i >= 0 {
			d.errorf(posOf(n), "%s: expected plain text, got the control character %U", what, []rune(text[i:])[0])
			return "", false
		}
		return text, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return n.GetToken().Value, true
	}
	d.errorf(posOf(n), "%s: expected text, got %s", what, kind(n))
	return "", false
}

// description reads a mapping's optional description: free text of up
// to MaxDescription characters, "" when it has none.
func (d *decoder) description(f fields, whose string) string {
	v, ok := f.get("description")
	if !ok {
		return ""
	}
	s, ok := d.text(v, whose+" description")
	if ok && utf8.RuneCountInString(s) > MaxDescription {
		d.errorf(posOf(v), "%s description: %d characters, expected at most %d (put a longer story in a case study: impact note --case-study)", whose, utf8.RuneCountInString(s), MaxDescription)
		return ""
	}
	return s
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// id reads an identifier: lower-case letters, digits and hyphens.
func (d *decoder) id(n ast.Node, what string) (string, bool) {
	s, ok := d.text(n, what)
	if !ok {
		return "", false
	}
	if !idPattern.MatchString(s) {
		d.errorf(posOf(n), "%s: bad id %q: expected lower-case letters, digits and hyphens, starting with a letter or digit", what, s)
		return s, false
	}
	return s, true
}

// integer reads a whole number within [lo, hi].
func (d *decoder) integer(n ast.Node, what string, lo, hi int) (int, bool) {
	n = unwrap(n)
	v, isInt := n.(*ast.IntegerNode)
	if !isInt {
		d.errorf(posOf(n), "%s: expected %s, got %s", what, rangeText(lo, hi), kind(n))
		return 0, false
	}
	var x int64
	switch iv := v.Value.(type) {
	case int64:
		x = iv
	case uint64:
		x = math.MaxInt64
		if iv < math.MaxInt64 {
			x = int64(iv)
		}
	}
	if x < int64(lo) || x > int64(hi) {
		d.errorf(posOf(n), "%s: expected %s, got %d", what, rangeText(lo, hi), x)
		return 0, false
	}
	return int(x), true
}

func rangeText(lo, hi int) string {
	if hi == math.MaxInt32 {
		return fmt.Sprintf("a whole number of at least %d", lo)
	}
	return fmt.Sprintf("a whole number from %d to %d", lo, hi)
}

// number reads a finite decimal.
func (d *decoder) number(n ast.Node, what string) (float64, bool) {
	n = unwrap(n)
	var x float64
	switch v := n.(type) {
	case *ast.IntegerNode:
		switch iv := v.Value.(type) {
		case int64:
			x = float64(iv)
		case uint64:
			x = float64(iv)
		}
	case *ast.FloatNode:
		x = v.Value
	default:
		d.errorf(posOf(n), "%s: expected a number, got %s", what, kind(n))
		return 0, false
	}
	if math.IsInf(x, 0) || math.IsNaN(x) {
		d.errorf(posOf(n), "%s: expected a finite number", what)
		return 0, false
	}
	return x, true
}

// boolean reads true or false.
func (d *decoder) boolean(n ast.Node, what string) (bool, bool) {
	n = unwrap(n)
	if v, ok := n.(*ast.BoolNode); ok {
		return v.Value, true
	}
	d.errorf(posOf(n), "%s: expected true or false, got %s", what, kind(n))
	return false, false
}

// period reads an academic year like 2023/24.
func (d *decoder) period(n ast.Node, what string) (Period, bool) {
	s, ok := d.text(n, what)
	if !ok {
		return 0, false
	}
	p, err := ParsePeriod(s)
	if err != nil {
		d.errorf(posOf(n), "%s: %v", what, err)
		return 0, false
	}
	return p, true
}

// oneOf reads text that must be one of the choices.
func (d *decoder) oneOf(n ast.Node, what string, choices ...string) (string, bool) {
	s, ok := d.text(n, what)
	if !ok {
		return "", false
	}
	if !contains(choices, s) {
		d.errorf(posOf(n), "%s: expected one of %s, got %q", what, strings.Join(choices, ", "), s)
		return "", false
	}
	return s, true
}

// seq reads a list; an empty one is reported when nonEmpty.
func (d *decoder) seq(n ast.Node, what string, nonEmpty bool) ([]ast.Node, bool) {
	n = unwrap(n)
	v, ok := n.(*ast.SequenceNode)
	if !ok {
		d.errorf(posOf(n), "%s: expected a list, got %s", what, kind(n))
		return nil, false
	}
	if nonEmpty && len(v.Values) == 0 {
		d.errorf(posOf(n), "%s: expected at least one entry", what)
	}
	return v.Values, true
}

// seen tracks ids of one kind so the later of two duplicates is reported.
type seen map[string]bool

func (d *decoder) unique(s seen, id string, n ast.Node, what string) {
	if id == "" {
		return
	}
	if s[id] {
		d.errorf(posOf(n), "%s: duplicate id %q: ids must be unique", what, id)
	}
	s[id] = true
}
