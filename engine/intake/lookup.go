package intake

import (
	"fmt"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

// Lookup is the theory of change as a file's cells name its activities,
// KPIs and schools. Activities and schools are known by their index in
// the partnership's lists, so a store can hold one boxed value each.
type Lookup struct {
	ToC        *toc.Partnership
	activities IDs
	activity   map[string]int32 // id → index
	kpis       IDs
	schools    map[string]int32 // id (any case), name, URN, LAEstab → index
}

// NewLookup indexes a partnership.
func NewLookup(p *toc.Partnership) *Lookup {
	l := &Lookup{ToC: p, activity: map[string]int32{}, schools: map[string]int32{}}
	acts := make([]string, len(p.Activities))
	for i, a := range p.Activities {
		acts[i] = a.ID
		l.activity[a.ID] = int32(i)
	}
	l.activities = NewIDs("activity", acts)
	var kpis []string
	for _, k := range p.KPIs() {
		kpis = append(kpis, k.ID)
	}
	l.kpis = NewIDs("KPI", kpis)
	for i, s := range p.Schools {
		for _, name := range []string{s.ID, schoolKey(s.Name), s.URN, s.LAEstab, digitsOf(s.LAEstab)} {
			if name != "" {
				if _, taken := l.schools[name]; !taken {
					l.schools[name] = int32(i)
				}
			}
		}
	}
	return l
}

// Activity returns the index of the activity a cell names.
func (l *Lookup) Activity(b []byte) (int32, string) {
	if i, ok := l.activity[string(b)]; ok {
		return i, ""
	}
	id, msg := l.activities.Lookup(b)
	if msg != "" {
		return -1, msg
	}
	return l.activity[id], ""
}

// KPI returns the id of the KPI a cell names.
func (l *Lookup) KPI(b []byte) (string, string) { return l.kpis.Lookup(b) }

// School returns the index of the school a cell names: by its id in any
// case, its name (case and spacing aside), its URN or its LAEstab (with or
// without the slash of a DfE number, 391/4000).
func (l *Lookup) School(b []byte) (int32, string) {
	if i, ok := l.schools[string(b)]; ok && len(b) > 0 {
		return i, "" // the usual case, found without building a key
	}
	s := strings.TrimSpace(string(b))
	same := func(s string) string { return s }
	for _, key := range []func(string) string{same, strings.ToLower, schoolKey, digitsOf} {
		if k := key(s); k != "" {
			if i, ok := l.schools[k]; ok {
				return i, ""
			}
		}
	}
	return -1, fmt.Sprintf("expected a school of toc.yaml (its id, name, URN or LAEstab), got %q", b)
}

// SchoolID is the id of the school at an index, "" for -1.
func (l *Lookup) SchoolID(i int32) string {
	if i < 0 {
		return ""
	}
	return l.ToC.Schools[i].ID
}

// ActivityID is the id of the activity at an index.
func (l *Lookup) ActivityID(i int32) string { return l.ToC.Activities[i].ID }

// schoolKey is a school's name as matched: lower case, single spaces.
func schoolKey(name string) string {
	if name == "" {
		return ""
	}
	return "name:" + strings.Join(strings.Fields(strings.ToLower(name)), " ")
}

// digitsOf keeps the digits of s ("391/4000" → "3914000"), "" when it has
// other characters than digits, slashes and spaces.
func digitsOf(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == '/' || c == ' ' || c == '-':
		default:
			return ""
		}
	}
	return b.String()
}
