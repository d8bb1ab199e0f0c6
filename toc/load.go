package toc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Load reads and validates a toc.yaml file. On problems it returns the
// partnership as far as it could be read and a List of every problem; a
// file it cannot read at all is an *Error and no partnership.
func Load(path string) (*Partnership, error) {
	src, err := ReadFile(path)
	var list List
	if errors.As(err, &list) {
		return &Partnership{File: path, Privacy: Privacy{MinCell: DefaultMinCell}}, err
	}
	if err != nil {
		return nil, err
	}
	strands, err := LoadStrands(path)
	var serrs List
	if err != nil && !errors.As(err, &serrs) {
		return nil, err
	}
	p, err := parse(path, src, strands)
	if serrs != nil {
		// The strand table's problems come first: its own file, then
		// toc.yaml's.
		var errs List
		errors.As(err, &errs)
		return p, append(serrs, errs...).Capped(MaxProblems).Err()
	}
	return p, err
}

// ReadFile reads a toc.yaml, refusing one larger than MaxFileSize before
// reading it whole. A missing file is an EINVALID error that says how to
// make one.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &Error{Code: EINVALID, Message: fmt.Sprintf("no theory of change at %s: run `impact init` to write one, or pass --dir", path), Err: err}
	}
	if err != nil {
		return nil, &Error{Code: EINTERNAL, Message: fmt.Sprintf("read theory of change: %v", err), Err: err}
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &Error{Code: EINTERNAL, Message: fmt.Sprintf("read theory of change: %v", err), Err: err}
	}
	if len(src) > MaxFileSize {
		size := len(src)
		if fi, err := f.Stat(); err == nil {
			size = int(min(fi.Size(), 1<<40))
		}
		return nil, List{{Code: EINVALID, File: path, Line: 1, Col: 1, Message: fmt.Sprintf("the file is %s: expected at most %s (a theory of change is a few hundred kilobytes at most)", sizeText(size), sizeText(MaxFileSize))}}
	}
	return src, nil
}

// Parse validates toc.yaml held in src; file names it in messages. Every
// problem is reported, sorted by line then column, as a List of at most
// MaxProblems and a line counting the rest. A file beyond the limits of
// limits.go is refused before it is parsed.
func Parse(file string, src []byte) (*Partnership, error) {
	return parse(file, src, BuiltinStrands())
}

// parse is Parse with the EEF strand table activities' eef: ids must name.
func parse(file string, src []byte, strands *Strands) (*Partnership, error) {
	// Windows editors may start the file with a byte-order mark, which is
	// not part of the text.
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	// YAML breaks lines at \r\n, \n and a lone \r; counting lines (for
	// tabs and positions) needs one kind.
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	}
	d := &decoder{file: file}
	p := &Partnership{File: file, Privacy: Privacy{MinCell: DefaultMinCell}, Strands: strands}
	if e := checkShape(src); e != nil {
		d.errorf(e.pos, "%s", e.msg)
		clamp(d.errs, src)
		return p, d.errs
	}
	if body := d.syntax(src); body != nil {
		d.partnership(p, body)
	}
	clamp(d.errs, src)
	d.errs.Sort()
	return p, d.errs.Capped(MaxProblems).Err()
}

// clamp keeps every position inside the file, at most just past the end of
// its line: goccy can place a syntax error beyond it (after tabs in a
// quoted string, say), and an editor cannot go there.
func clamp(errs List, src []byte) {
	if len(errs) == 0 {
		return
	}
	lines := strings.Split(string(src), "\n")
	for _, e := range errs {
		e.Line = min(max(e.Line, 1), len(lines))
		e.Col = min(max(e.Col, 1), utf8.RuneCountInString(lines[e.Line-1])+1)
	}
}

// syntax checks what YAML alone can tell: tabs, emptiness, syntax errors.
// It returns the document's body, or nil when there is nothing to walk.
func (d *decoder) syntax(src []byte) ast.Node {
	lines := strings.Split(string(src), "\n")
	tabs := false
	for i, line := range lines {
		for j, c := range line {
			if c == '\t' {
				d.errorf(Pos{i + 1, j + 1}, "tab character in indentation: indent with spaces")
				tabs = true
			}
			if c != ' ' {
				break
			}
		}
	}
	if tabs {
		return nil
	}
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		var te interface {
			GetToken() *token.Token
			GetMessage() string
		}
		pos := Pos{1, 1}
		msg := err.Error()
		if errors.As(err, &te) {
			if tk := te.GetToken(); tk != nil {
				pos = Pos{tk.Position.Line, tk.Position.Column}
			}
			msg = te.GetMessage()
		}
		if strings.HasPrefix(msg, "mapping value is not allowed") {
			msg += ": put text that holds \": \" in quotes"
		}
		d.errorf(pos, "YAML syntax error: %s", msg)
		return nil
	}
	fixColumns(f, src)
	var docs []*ast.DocumentNode
	for _, doc := range f.Docs {
		if doc != nil && doc.Body != nil {
			if _, isComment := doc.Body.(*ast.CommentGroupNode); !isComment {
				docs = append(docs, doc)
			}
		}
	}
	if len(docs) == 0 {
		d.errorf(Pos{1, 1}, "the file is empty: expected a theory of change starting with \"partnership:\" (impact init writes an example)")
		return nil
	}
	if len(docs) > 1 {
		pos := posOf(docs[1].Body)
		if tk := docs[1].Start; tk != nil {
			pos = Pos{tk.Position.Line, tk.Position.Column}
		}
		d.errorf(pos, "expected one YAML document, found %d: remove the line \"---\" and what follows, or merge the two", len(docs))
	}
	return docs[0].Body
}

func (d *decoder) partnership(p *Partnership, body ast.Node) {
	f, ok := d.mapping(body, "the theory of change", "!partnership", "description", "!schools", "!objectives", "!activities", "rules", "strategies", "privacy", "imports", "review", "iati",
		"health", "costs")
	if !ok {
		return
	}
	if n, ok := f.get("partnership"); ok {
		p.Name, _ = d.text(n, "partnership")
	}
	p.Description = d.description(f, "the partnership's")
	if n, ok := f.get("schools"); ok {
		d.schools(p, n)
	}
	if n, ok := f.get("objectives"); ok {
		d.objectives(p, n)
	}
	var served map[string]bool
	if n, ok := f.get("activities"); ok {
		served = d.activities(p, n)
	}
	for _, k := range p.KPIs() {
		if !served[k.ID] && k.ID != "" {
			d.errorf(k.Pos, "KPI %q is served by no activity: list it in the kpis of the activity that moves it, or remove it", k.ID)
		}
	}
	if n, ok := f.get("rules"); ok {
		p.HasRules = true
		d.rules(p, n)
	}
	if n, ok := f.get("strategies"); ok {
		d.strategies(p, n)
	}
	if n, ok := f.get("imports"); ok {
		d.imports(p, n)
	}
	if n, ok := f.get("iati"); ok {
		d.iati(p, n)
	}
	if n, ok := f.get("health"); ok {
		d.health(p, n)
	}
	if n, ok := f.get("costs"); ok {
		d.costs(p, n)
	}
	if p.Costs.StaffHour == 0 {
		for _, pos := range d.staffTime {
			d.errorf(pos, "staff_time: set costs.staff_hour, the value in pounds of an hour of staff time, so the hours count in the activity's cost")
		}
	}
	d.checkStrands(p)
	p.Review = ReviewOff
	if n, ok := f.get("review"); ok {
		if s, ok := d.oneOf(n, "review", string(ReviewOff), string(ReviewRequired)); ok {
			p.Review = Review(s)
		}
	}
	if n, ok := f.get("privacy"); ok {
		if pf, ok := d.mapping(n, "privacy", "min_cell", "retain_years"); ok {
			if v, ok := pf.get("min_cell"); ok {
				if x, ok := d.integer(v, "privacy.min_cell", MinMinCell, math.MaxInt32); ok { // DESIGN §13: DfE practice hides 1 and 2
					p.Privacy.MinCell = x
				}
			}
			if v, ok := pf.get("retain_years"); ok {
				if x, ok := d.integer(v, "privacy.retain_years", 1, MaxRetainYears); ok {
					p.Privacy.RetainYears = x
				}
			}
		}
	}
}

func (d *decoder) schools(p *Partnership, n ast.Node) {
	items, _ := d.seq(n, "schools", true)
	ids := seen{}
	for _, item := range items {
		f, ok := d.mapping(item, "school", "!id", "!name", "phase", "pupils", "disadvantaged_pct", "urn", "laestab")
		if !ok {
			continue
		}
		var s School
		if v, ok := f.get("id"); ok {
			s.ID, _ = d.id(v, "school id")
			s.Pos = posOf(v)
			d.unique(ids, s.ID, v, "school")
		}
		if v, ok := f.get("name"); ok {
			s.Name, _ = d.text(v, "school name")
		}
		if v, ok := f.get("phase"); ok {
			s.Phase, _ = d.oneOf(v, "phase", Phases...)
		}
		if v, ok := f.get("pupils"); ok {
			if x, ok := d.integer(v, "pupils", 0, math.MaxInt32); ok {
				s.Pupils = &x
			}
		}
		for key, field := range map[string]*string{"urn": &s.URN, "laestab": &s.LAEstab} {
			if v, ok := f.get(key); ok {
				if x, ok := d.text(v, key); ok {
					if !digitsOnly(x) {
						d.errorf(posOf(v), "%s: expected the school's %s as digits, got %q", key, strings.ToUpper(key), x)
					} else {
						*field = x
					}
				}
			}
		}
		if v, ok := f.get("disadvantaged_pct"); ok {
			if x, ok := d.number(v, "disadvantaged_pct"); ok {
				if x < 0 || x > 100 {
					d.errorf(posOf(v), "disadvantaged_pct: expected a percentage from 0 to 100, got %v", x)
				} else {
					s.DisadvantagedPct = &x
				}
			}
		}
		p.Schools = append(p.Schools, s)
	}
}
