package metrics

import "github.com/schoolstogether/impact/toc"

// Shares compares the share of disadvantaged participants, among those
// whose flag is known, with the share of disadvantaged pupils in the
// schools reached that give both their roll and their percentage (DESIGN
// §7.2). Each is nil when it cannot be computed.
func Shares(disadvantaged, known int, reached []*toc.School) Disadvantage {
	var d Disadvantage
	if known > 0 {
		d.ParticipantShare = ptr(float64(disadvantaged) / float64(known))
	}
	var pupils, eligible float64
	for _, s := range reached {
		if s == nil || s.Pupils == nil || s.DisadvantagedPct == nil {
			continue
		}
		pupils += float64(*s.Pupils)
		eligible += float64(*s.Pupils) * *s.DisadvantagedPct / 100
	}
	if pupils > 0 {
		d.PopulationShare = ptr(eligible / pupils)
	}
	d.TargetingRatio = ratio(d.ParticipantShare, d.PopulationShare)
	return d
}

func ratio(a, b *float64) *float64 {
	if a == nil || b == nil || *b == 0 {
		return nil
	}
	return ptr(*a / *b)
}
