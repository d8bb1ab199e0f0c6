package metrics

import "github.com/schoolstogether/impact/toc"

// Breakdowns count the participants of a scope by each characteristic
// (DESIGN §11.1). Each list holds, in a fixed order, the groups with at
// least one participant and always "unknown", so that it sums to the
// participants.
type Breakdowns struct {
	Disadvantaged []GroupCount `json:"disadvantaged"`
	YearGroup     []GroupCount `json:"year_group"`
	Sex           []GroupCount `json:"sex"`
	SEN           []GroupCount `json:"sen"`
	EAL           []GroupCount `json:"eal"`
	LookedAfter   []GroupCount `json:"looked_after"`
}

// GroupCount is the participants of one group of a breakdown.
type GroupCount struct {
	Group        string `json:"group"`
	Participants Count  `json:"participants"`
}

// breakdownNames are the characteristics of the lists of lists, in order.
var breakdownNames = [...]string{"disadvantaged", "year_group", "sex", "sen", "eal", "looked_after"}

// Lists are the breakdowns with their characteristics' names, in order.
func (b *Breakdowns) Lists() []NamedBreakdown {
	out := make([]NamedBreakdown, 0, len(breakdownNames))
	for i, l := range b.lists() {
		out = append(out, NamedBreakdown{breakdownNames[i], *l})
	}
	return out
}

// lists are the breakdown's lists, to change in place, in Lists' order.
func (b *Breakdowns) lists() []*[]GroupCount {
	return []*[]GroupCount{&b.Disadvantaged, &b.YearGroup, &b.Sex, &b.SEN, &b.EAL, &b.LookedAfter}
}

// clone copies the lists, so that their counts can be hidden.
func (b Breakdowns) clone() Breakdowns {
	for _, l := range b.lists() {
		*l = append([]GroupCount{}, *l...)
	}
	return b
}

// NamedBreakdown is one characteristic's breakdown.
type NamedBreakdown struct {
	Characteristic string
	Groups         []GroupCount
}

// The groups of each breakdown in order, unknown last. The numbers are the
// toc types' (toc.Flag, toc.YearGroup, toc.Sex, toc.SEN); 0 is unknown.
var (
	flagOrder = []int8{int8(toc.FlagYes), int8(toc.FlagNo)}
	yearOrder = func() []int8 {
		var out []int8
		for _, y := range toc.YearGroups() {
			out = append(out, int8(y))
		}
		return out
	}()
	sexOrder = []int8{int8(toc.SexFemale), int8(toc.SexMale), int8(toc.SexOther)}
	senOrder = []int8{int8(toc.SENEHCP), int8(toc.SENSupport), int8(toc.SENNone)}
)

// breakdowns counts the pupils of g by each characteristic.
func (t *Tally) breakdowns(g *group) Breakdowns {
	var n [characteristics + 1][32]int // by characteristic (the last: disadvantaged), then value
	const charDis = characteristics
	if g != nil {
		g.pupils.each(func(i int32) {
			for c := range characteristics {
				n[c][t.characteristic(i, c)]++
			}
			switch {
			case t.dis.has(i):
				n[charDis][toc.FlagYes]++
			case t.known.has(i):
				n[charDis][toc.FlagNo]++
			default:
				n[charDis][toc.FlagUnknown]++
			}
		})
	}
	list := func(counts [32]int, order []int8, name func(int8) string) []GroupCount {
		var out []GroupCount
		for _, v := range order {
			if counts[v] > 0 {
				out = append(out, GroupCount{Group: name(v), Participants: Count{N: counts[v]}})
			}
		}
		return append(out, GroupCount{Group: "unknown", Participants: Count{N: counts[0]}})
	}
	flag := func(v int8) string { return toc.Flag(v).String() }
	return Breakdowns{
		Disadvantaged: list(n[charDis], flagOrder, flag),
		YearGroup:     list(n[charYear], yearOrder, func(v int8) string { return toc.YearGroup(v).String() }),
		Sex:           list(n[charSex], sexOrder, func(v int8) string { return toc.Sex(v).String() }),
		SEN:           list(n[charSEN], senOrder, func(v int8) string { return toc.SEN(v).String() }),
		EAL:           list(n[charEAL], flagOrder, flag),
		LookedAfter:   list(n[charLookedAfter], flagOrder, flag),
	}
}
