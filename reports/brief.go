package reports

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports/format"
	"github.com/schoolstogether/impact/toc"
)

// The two brief reports (DESIGN §14): a one-page summary for a board or a
// funder, and a school's own report for its governors. Both are cut from
// the same view as the full report, so every number is the full report's.

// summaryGaps is how many evidence gaps a summary lists by name.
const summaryGaps = 4

// summaryView is the summary's share of the view.
type summaryView struct {
	Gaps     []gapRow
	MoreGaps int    // gaps not listed
	ForWhom  string // the first sentence of "for whom"
}

func summary(v *view) summaryView {
	sv := summaryView{Gaps: v.Evidence.Gaps}
	if n := len(sv.Gaps); n > summaryGaps {
		sv.Gaps, sv.MoreGaps = sv.Gaps[:summaryGaps], n-summaryGaps
	}
	if len(v.ForWhom.Sentences) > 0 {
		sv.ForWhom = v.ForWhom.Sentences[0]
	}
	return sv
}

// schoolView is what a school gives and gets.
type schoolView struct {
	Name, About string // "Primary school · 210 pupils, 31% eligible for Pupil Premium"
	Reached     string // its pupils reached
	Gives, Gets []schoolActivity
	Reciprocal  bool
	Partners    int // schools it works with, either way
	// Ledger is the school's give and get with each school it works with,
	// across all projects and years (issue 16).
	Ledger         []ledgerRow
	Gave, Got      int // activity-years
	TwoWay, Oneway int // partner schools the exchange goes both ways or one way with
}

// ledgerRow is what a school and one partner school gave each other.
type ledgerRow struct {
	With, Gave, Got string
	TwoWay          bool
}

// schoolActivity is an activity a school runs or takes part in.
type schoolActivity struct {
	Title, With, Participants, Evidence, Benefit string
	Gap                                          bool
}

// schoolReport works out a school's report; the school must be in toc.yaml.
func schoolReport(s *scope, id string) (schoolView, error) {
	sc := s.toc.School(id)
	if sc == nil {
		return schoolView{}, toc.Errorf(toc.EINVALID, "--school: no school %q in toc.yaml", id)
	}
	sv := schoolView{Name: sc.Name, Reached: "0"}
	about := []string{}
	if sc.Phase != "" {
		about = append(about, sc.Phase+" school")
	}
	if sc.Pupils != nil {
		p := format.Grouped(int64(*sc.Pupils)) + " pupils"
		if sc.DisadvantagedPct != nil {
			p += ", " + format.Number(*sc.DisadvantagedPct, 1) + "% eligible for Pupil Premium"
		}
		about = append(about, p)
	}
	sv.About = strings.Join(about, " · ")
	if sv.About != "" {
		sv.About = strings.ToUpper(sv.About[:1]) + sv.About[1:]
	}
	for _, r := range s.res.Schools {
		if r.ID == id {
			sv.Reached, sv.Reciprocal = countText(r.Participants), r.Reciprocal
		}
	}
	partners := map[string]bool{}
	for i := range s.activities {
		a := &s.activities[i]
		if a.def == nil {
			continue
		}
		row := schoolActivity{Title: a.title(), Participants: countText(a.Participants),
			Evidence: fmt.Sprintf("%d of %d", a.AchievedLevel, a.RequiredLevel), Gap: a.EvidenceGap}
		switch {
		case a.def.Provider == id:
			names := make([]string, len(a.def.Partners))
			for j, p := range a.def.Partners {
				names[j], partners[p] = s.schoolName(p), true
			}
			row.With = joinList(names)
			row.Benefit = fmt.Sprintf("%d of 5 to us, %d of 5 to them", a.def.InternalImpact, a.def.ExternalImpact)
			sv.Gives = append(sv.Gives, row)
		case slices.Contains(a.def.Partners, id):
			row.With, partners[a.def.Provider] = s.schoolName(a.def.Provider), true
			row.Benefit = fmt.Sprintf("%d of 5 to us", a.def.ExternalImpact)
			sv.Gets = append(sv.Gets, row)
		}
	}
	delete(partners, id)
	sv.Partners = len(partners)
	for _, t := range metrics.TiesOf(id, s.res.Health.Ties) {
		t.AToB, t.BToA = s.inScope(t.AToB), s.inScope(t.BToA)
		row := ledgerRow{With: s.schoolName(t.B), Gave: giftsText(s, t.AToB, t.AGives), Got: giftsText(s, t.BToA, t.BGives), TwoWay: t.TwoWay}
		gave, got := t.AGives, t.BGives
		if t.B == id {
			row.With, row.Gave, row.Got = s.schoolName(t.A), row.Got, row.Gave
			gave, got = got, gave
		}
		sv.Gave, sv.Got = sv.Gave+gave, sv.Got+got
		if t.TwoWay {
			sv.TwoWay++
		} else {
			sv.Oneway++
		}
		sv.Ledger = append(sv.Ledger, row)
	}
	return sv, nil
}

// joinList writes names as a reader would: "A, B and C".
func joinList(names []string) string {
	switch len(names) {
	case 0:
		return "—"
	case 1:
		return names[0]
	}
	out := ""
	for i, n := range names[:len(names)-1] {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out + " and " + names[len(names)-1]
}
