package metrics

import "github.com/schoolstogether/impact/toc"

// Cost is what an activity costs: money given, support in kind and staff
// time at the partnership's hourly rate (README, "Health": the four-pillars
// article counts in-kind support as funding).
type Cost struct {
	Funding        float64 `json:"funding"`
	InKind         float64 `json:"in_kind"`
	StaffHours     float64 `json:"staff_hours"`
	StaffTimeValue float64 `json:"staff_time_value"` // staff_hours × costs.staff_hour
	Total          float64 `json:"total"`            // funding + in_kind + staff_time_value
}

// CostOf adds up an activity's cost; ok is false when toc.yaml gives it no
// funding, in-kind support or staff time at all.
func CostOf(p *toc.Partnership, a *toc.Activity) (c Cost, ok bool) {
	c.Funding = a.FundingTotal()
	c.InKind = a.InKindTotal()
	c.StaffHours = a.StaffHours()
	c.StaffTimeValue = c.StaffHours * p.Costs.StaffHour
	c.Total = c.Funding + c.InKind + c.StaffTimeValue
	return c, len(a.Funding)+len(a.InKind)+len(a.StaffTime) > 0
}

// FundedUntil is the latest period an activity has funding for; ok is
// false when it has none.
func FundedUntil(a *toc.Activity) (toc.Period, bool) {
	var last toc.Period
	for i, f := range a.Funding {
		if i == 0 || f.Period > last {
			last = f.Period
		}
	}
	return last, len(a.Funding) > 0
}

// Running reports whether an activity runs in period p: started by then
// and not ended before it.
func Running(a *toc.Activity, p toc.Period) bool {
	return a.Started <= p && (a.Ended == nil || *a.Ended >= p)
}
