package toc

// Pos is a 1-based line and column in toc.yaml.
type Pos struct {
	Line, Col int
}

// Partnership is a whole theory of change: the file toc.yaml.
type Partnership struct {
	Name string
	// Description is free text about the partnership, for readers of its
	// reports (DESIGN §14); "" when toc.yaml gives none. So for the
	// objectives, outcomes, KPIs and activities.
	Description string
	Schools     []School
	Objectives  []Objective
	Activities  []Activity
	// Rules replace the built-in rules when HasRules is true, even if empty.
	Rules    []Rule
	HasRules bool
	// Strategies add to or override the built-in strategies, in file order.
	Strategies []Strategy
	Privacy    Privacy
	Imports    Imports
	Review     Review // ReviewOff unless toc.yaml requires review
	// IATI is how the partnership is published to IATI; nil when toc.yaml
	// has no iati: block.
	IATI *IATI
	// Health is the yearly health check of the partnership's success
	// factors, by period (DESIGN extension in the README, "Health").
	Health []HealthCheck
	// Costs price what is given in kind.
	Costs Costs
	// Strands is the EEF toolkit table the activities' eef: ids name.
	Strands *Strands
	File    string // the path it was read from, for messages
}

// Privacy holds the funder-view settings.
type Privacy struct {
	// MinCell is the smallest count a funder may see; smaller counts show as "<MinCell".
	MinCell int
	// RetainYears is how many academic years before the current one a
	// pupil's rows are kept: impact forget --expired erases pupils whose
	// latest row is older (DESIGN §13). 0 when toc.yaml does not set it.
	RetainYears int
}

// MaxRetainYears bounds privacy.retain_years: a pupil's whole schooling
// and more.
const MaxRetainYears = 50

// DefaultMinCell is privacy.min_cell when toc.yaml does not set it.
const DefaultMinCell = 6

// MinMinCell is the smallest privacy.min_cell allowed (DESIGN §13): counts
// of 1 and 2 are always hidden, as DfE practice hides them.
const MinMinCell = 3

// School returns the school with the id, or nil.
func (p *Partnership) School(id string) *School {
	for i := range p.Schools {
		if p.Schools[i].ID == id {
			return &p.Schools[i]
		}
	}
	return nil
}

// Activity returns the activity with the id, or nil.
func (p *Partnership) Activity(id string) *Activity {
	for i := range p.Activities {
		if p.Activities[i].ID == id {
			return &p.Activities[i]
		}
	}
	return nil
}

// KPIs returns every KPI in file order.
func (p *Partnership) KPIs() []*KPI {
	var out []*KPI
	for i := range p.Objectives {
		for j := range p.Objectives[i].Outcomes {
			for k := range p.Objectives[i].Outcomes[j].KPIs {
				out = append(out, &p.Objectives[i].Outcomes[j].KPIs[k])
			}
		}
	}
	return out
}

// KPI returns the KPI with the id, or nil.
func (p *Partnership) KPI(id string) *KPI {
	for _, k := range p.KPIs() {
		if k.ID == id {
			return k
		}
	}
	return nil
}

// ActivityIndex returns the index of the activity with the id in
// Activities, or -1.
func (p *Partnership) ActivityIndex(id string) int {
	for i := range p.Activities {
		if p.Activities[i].ID == id {
			return i
		}
	}
	return -1
}
