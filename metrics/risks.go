package metrics

import (
	"fmt"
	"sort"

	"github.com/schoolstogether/impact/toc"
)

// Risks are what could stop the partnership's work (issue 16, README
// "Health"): people it depends on, and money about to run out.
type Risks struct {
	// KeyPeople are the leads, most activities first. A funder's view
	// names them "Lead 1", "Lead 2"… and leaves out their pupil counts.
	KeyPeople []KeyPerson `json:"key_people"`
	// Unled are the running activities with no lead at all.
	Unled []string `json:"unled"`
	// OnePerson is how many running activities stop if one person
	// leaves: those with one lead or none.
	OnePerson int `json:"one_person"`
	// Running counts the activities running at as_of.
	Running int `json:"running"`
	// FundingEnding are the running activities whose funding ends at
	// as_of or the year after, or has ended already.
	FundingEnding []FundingEnd `json:"funding_ending"`
	// SingleSource are the running activities funded from one source.
	SingleSource []string `json:"single_source"`
}

// KeyPerson is one lead and what depends on them.
type KeyPerson struct {
	Lead string `json:"lead"`
	// Activities counts the running activities they lead; ActivityShare
	// is that over Risks.Running.
	Activities    int     `json:"activities"`
	ActivityShare float64 `json:"activity_share"`
	// SoleLeadOf are the running activities they lead alone: those stop
	// if they leave.
	SoleLeadOf []string `json:"sole_lead_of"`
	// Participants are the distinct pupils of the activities they lead;
	// ParticipantShare that over all participants. A funder's view has
	// neither (nil): they would sit beside hidden counts.
	Participants     *int     `json:"participants,omitempty"`
	ParticipantShare *float64 `json:"participant_share"`
}

// FundingEnd is an activity whose money runs out soon.
type FundingEnd struct {
	Activity string     `json:"activity"`
	Until    toc.Period `json:"until"`   // the last period it has funding for
	Sources  int        `json:"sources"` // distinct funding sources
	// When says it in words: "ended 2023/24", "ends this year", "ends next year".
	When string `json:"when"`
}

// risks finds the sustainability risks of the activities running at asOf.
func risks(acts []*toc.Activity, t *Tally, asOf toc.Period) Risks {
	r := Risks{KeyPeople: []KeyPerson{}, Unled: []string{}, FundingEnding: []FundingEnd{}, SingleSource: []string{}}
	type led struct {
		acts, sole []string
		pupils     bitset
	}
	byLead := map[string]*led{}
	var order []string
	for _, a := range acts {
		if !Running(a, asOf) {
			continue
		}
		r.Running++
		if len(a.Leads) < 2 {
			r.OnePerson++
		}
		if len(a.Leads) == 0 {
			r.Unled = append(r.Unled, a.ID)
		}
		for _, name := range a.Leads {
			l := byLead[name]
			if l == nil {
				l = &led{}
				byLead[name] = l
				order = append(order, name)
			}
			l.acts = append(l.acts, a.ID)
			if len(a.Leads) == 1 {
				l.sole = append(l.sole, a.ID)
			}
			if at := t.acts[a.ID]; at != nil {
				l.pupils.or(at.pupils)
			}
		}
		if until, ok := FundedUntil(a); ok {
			if until <= asOf+1 {
				r.FundingEnding = append(r.FundingEnding, FundingEnd{Activity: a.ID, Until: until, Sources: fundingSources(a), When: endsWhen(until, asOf)})
			}
			if fundingSources(a) == 1 {
				r.SingleSource = append(r.SingleSource, a.ID)
			}
		}
	}
	all := t.all.pupils.count()
	for _, name := range order {
		l := byLead[name]
		n := l.pupils.count()
		k := KeyPerson{Lead: name, Activities: len(l.acts), ActivityShare: float64(len(l.acts)) / float64(r.Running),
			SoleLeadOf: append([]string{}, l.sole...), Participants: &n}
		if all > 0 {
			k.ParticipantShare = ptr(float64(n) / float64(all))
		}
		r.KeyPeople = append(r.KeyPeople, k)
	}
	sort.SliceStable(r.KeyPeople, func(i, j int) bool { return r.KeyPeople[i].Activities > r.KeyPeople[j].Activities })
	return r
}

func endsWhen(until, asOf toc.Period) string {
	switch {
	case until < asOf:
		return "ended " + until.String()
	case until == asOf:
		return "ends this year"
	}
	return "ends next year"
}

// forFunder names no lead and counts no pupils.
func (r Risks) forFunder() Risks {
	f := r
	f.KeyPeople = make([]KeyPerson, len(r.KeyPeople))
	for i, k := range r.KeyPeople {
		k.Lead = fmt.Sprintf("Lead %d", i+1)
		k.Participants, k.ParticipantShare = nil, nil
		f.KeyPeople[i] = k
	}
	return f
}
