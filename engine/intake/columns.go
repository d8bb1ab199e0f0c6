package intake

// columns are where a file's cells hold each column of DESIGN §6 and §11,
// found in its Header once, not once a cell: a map lookup for every cell
// of a million rows was a sixth of the reading.
type columns [len(columnNames)]int

// columnNames are the columns a Reader looks for, by their number.
var columnNames = [...]string{ColActivity, ColDate, ColParticipant, ColSchool, ColDisadvantaged, ColMeasure, ColGroup,
	ColPre, ColPost, ColKPI, ColPeriod, ColValue, ColNote, ColYearGroup, ColSex, ColSEN, ColEAL, ColLookedAfter, ColMark}

func newColumns(h *Header) (c columns) {
	for i, name := range columnNames {
		c[i] = h.Index(name)
	}
	return c
}

// columnNumber is a column's place in columnNames, -1 for another name.
func columnNumber(name string) int {
	switch name {
	case ColActivity:
		return 0
	case ColDate:
		return 1
	case ColParticipant:
		return 2
	case ColSchool:
		return 3
	case ColDisadvantaged:
		return 4
	case ColMeasure:
		return 5
	case ColGroup:
		return 6
	case ColPre:
		return 7
	case ColPost:
		return 8
	case ColKPI:
		return 9
	case ColPeriod:
		return 10
	case ColValue:
		return 11
	case ColNote:
		return 12
	case ColYearGroup:
		return 13
	case ColSex:
		return 14
	case ColSEN:
		return 15
	case ColEAL:
		return 16
	case ColLookedAfter:
		return 17
	case ColMark:
		return 18
	}
	return -1
}

// index is the 0-based cell index of a column, -1 when the file has none.
func (rd *Reader) index(name string) int {
	if n := columnNumber(name); n >= 0 {
		return rd.cols[n]
	}
	return rd.h.Index(name)
}
