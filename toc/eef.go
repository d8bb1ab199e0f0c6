package toc

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// StrandsFile is the name of a partnership's own copy of the EEF strand
// table, beside toc.yaml.
const StrandsFile = "eef.yaml"

// BuiltinStrandsYAML is the strand table impact ships; impact init writes
// it into a new partnership folder for the director to keep up to date.
//
//go:embed eef.yaml
var BuiltinStrandsYAML []byte

// Strands is a table of EEF Teaching and Learning Toolkit strands. Its
// figures are the toolkit's at AsOf, which change between versions: every
// page that shows them says so.
type Strands struct {
	Source string
	AsOf   string
	Note   string
	List   []Strand
	File   string // where it was read from; "" for the built-in table
}

// Strand is one approach of the toolkit with its headline figures.
type Strand struct {
	ID       string
	Title    string
	Months   int // average months of additional progress, -12..12
	Evidence int // strength of evidence, 0..5 padlocks
	Cost     int // 1..5, very low to very high
}

// Strand returns the strand with the id, or nil.
func (s *Strands) Strand(id string) *Strand {
	if s == nil {
		return nil
	}
	for i := range s.List {
		if s.List[i].ID == id {
			return &s.List[i]
		}
	}
	return nil
}

// BuiltinStrands is the strand table impact ships.
func BuiltinStrands() *Strands {
	s, err := ParseStrands("", BuiltinStrandsYAML)
	if err != nil {
		panic("toc: the built-in eef.yaml does not parse: " + err.Error())
	}
	return s
}

// LoadStrands reads the strand table beside toc.yaml at tocPath: the
// folder's own eef.yaml when there is one, else the built-in table.
func LoadStrands(tocPath string) (*Strands, error) {
	path := filepath.Join(filepath.Dir(tocPath), StrandsFile)
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return BuiltinStrands(), nil
	}
	if err != nil {
		return nil, &Error{Code: EINTERNAL, Message: fmt.Sprintf("read the EEF strand table: %v", err), Err: err}
	}
	if len(src) > MaxFileSize {
		return nil, List{{Code: EINVALID, File: path, Line: 1, Col: 1, Message: "the file is too large: expected a strand table of a few kilobytes"}}
	}
	return ParseStrands(path, src)
}

// ParseStrands reads a strand table; file names it in messages.
func ParseStrands(file string, src []byte) (*Strands, error) {
	d := &decoder{file: file}
	s := &Strands{File: file}
	if e := checkShape(src); e != nil {
		d.errorf(e.pos, "%s", e.msg)
		return s, d.errs
	}
	if body := d.syntax(src); body != nil {
		d.strands(s, body)
	}
	clamp(d.errs, src)
	d.errs.Sort()
	return s, d.errs.Capped(MaxProblems).Err()
}

func (d *decoder) strands(s *Strands, body ast.Node) {
	f, ok := d.mapping(body, "the EEF strand table", "!source", "!as_of", "note", "!strands")
	if !ok {
		return
	}
	if v, ok := f.get("source"); ok {
		s.Source, _ = d.text(v, "source")
	}
	if v, ok := f.get("as_of"); ok {
		s.AsOf, _ = d.text(v, "as_of")
	}
	if v, ok := f.get("note"); ok {
		s.Note, _ = d.text(v, "note")
	}
	n, ok := f.get("strands")
	if !ok {
		return
	}
	items, _ := d.seq(n, "strands", true)
	ids := seen{}
	for _, item := range items {
		sf, ok := d.mapping(item, "strand", "!id", "!title", "!months", "!evidence", "!cost")
		if !ok {
			continue
		}
		var st Strand
		if v, ok := sf.get("id"); ok {
			st.ID, _ = d.id(v, "strand id")
			d.unique(ids, st.ID, v, "strand")
		}
		if v, ok := sf.get("title"); ok {
			st.Title, _ = d.text(v, "strand title")
		}
		if v, ok := sf.get("months"); ok {
			st.Months, _ = d.integer(v, "months", -12, 12)
		}
		if v, ok := sf.get("evidence"); ok {
			st.Evidence, _ = d.integer(v, "evidence", 0, 5)
		}
		if v, ok := sf.get("cost"); ok {
			st.Cost, _ = d.integer(v, "cost", 1, 5)
		}
		s.List = append(s.List, st)
	}
}

// eefRef is an activity's eef: value, where it was written.
type eefRef struct {
	id  string
	pos Pos
}

// checkStrands reports eef: values that name no strand of the table.
func (d *decoder) checkStrands(p *Partnership) {
	if p.Strands == nil {
		return // the table itself has problems, reported on their own
	}
	for _, r := range d.eefRefs {
		if p.Strands.Strand(r.id) != nil {
			continue
		}
		where := "the built-in EEF strand table"
		if p.Strands.File != "" {
			where = p.Strands.File
		}
		ids := make([]string, 0, 4)
		for _, s := range p.Strands.List[:min(4, len(p.Strands.List))] {
			ids = append(ids, s.ID)
		}
		d.errorf(r.pos, "eef: unknown strand %q: expected the id of a strand of %s (%s, …)", r.id, where, strings.Join(ids, ", "))
	}
}
