package postgres

// What counts (DESIGN §12), as in the SQLite store: a row counts when the
// import it came from is not reverted and, for a KPI value, when it is not
// withdrawn; a row of a returned review item counts nowhere, and one of a
// pending item counts in a director's view but not in a funder's. Of the
// rows of one key — a KPI's period and school, an outcome's activity,
// measure, group and pupil — the latest that counts is the one in force.
// Every fragment is of the partnership $1.

// counting is what counts in one view.
type counting struct {
	approvedOnly bool // a funder's view: pending items do not count either
}

// director counts pending data; funder counts approved data only.
var (
	director = counting{}
	funder   = counting{approvedOnly: true}
)

// notCounted is the review items whose rows do not count.
func (c counting) notCounted() string {
	if c.approvedOnly {
		return `(SELECT id FROM reviews WHERE partnership = $1 AND status <> 'approved')`
	}
	return `(SELECT id FROM reviews WHERE partnership = $1 AND status = 'returned')`
}

// imports is true of a row whose import counts.
func (c counting) imports() string {
	return `import_id NOT IN (SELECT id FROM imports WHERE partnership = $1 AND (status <> 'current' OR review_id IN ` + c.notCounted() + `))`
}

// participation is true of a participation row that counts as one: its
// import counts and it is not marked absent (an absence counts only
// towards attendance_rate, DESIGN §11).
func (c counting) participation() string {
	return c.imports() + ` AND attended IS DISTINCT FROM 0`
}

// kpi is true of a KPI value that counts.
func (c counting) kpi() string {
	return `withdrawn_at IS NULL AND (review_id IS NULL OR review_id NOT IN ` + c.notCounted() + `) AND (import_id IS NULL OR ` + c.imports() + `)`
}

// outcomesInForce is the ids of the outcome rows in force of the
// activities of the array parameter $2.
func (c counting) outcomesInForce() string {
	return `SELECT max(id) FROM outcomes WHERE partnership = $1 AND ` + c.imports() + ` AND activity = ANY($2)` + outcomesKey
}

// kpisInForce is the ids of the KPI values in force of the KPIs a
// condition picks (kpi = ANY($2), say).
func (c counting) kpisInForce(which string) string {
	return `SELECT max(id) FROM kpi_values WHERE partnership = $1 AND ` + c.kpi() + ` AND ` + which + kpisKey
}

// outcomesKey groups outcome rows by key.
const outcomesKey = ` GROUP BY activity, measure, grp, pupil`

// kpisKey groups KPI values by key.
const kpisKey = ` GROUP BY kpi, period, school`
