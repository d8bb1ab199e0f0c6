package sqlite

// What counts (DESIGN §12): a row counts when the import it came from is
// not reverted and, for a KPI value, when it is not withdrawn. Of the rows
// of one key — a KPI's period and school, an outcome's activity, measure,
// group and pupil — the latest that counts is the one in force, so that a
// revert or a withdrawal brings back the row it had superseded.

// importCounts is true of a row whose import counts.
const importCounts = `import_id NOT IN (SELECT id FROM imports WHERE status <> 'current')`

// participationCounts is true of a participation row that counts as
// one: its import counts and it is not marked absent (an absence counts
// only towards attendance_rate, DESIGN §11).
const participationCounts = importCounts + ` AND attended IS NOT 0`

// kpiCounts is true of a KPI value that counts.
const kpiCounts = `withdrawn_at IS NULL AND (import_id IS NULL OR ` + importCounts + `)`

// outcomesInForce is the ids of the outcome rows in force of the
// activities named by the placeholder list that follows it.
const outcomesInForce = `SELECT MAX(id) FROM outcomes WHERE ` + importCounts + ` AND activity IN `

// outcomesKey groups outcome rows by key.
const outcomesKey = ` GROUP BY activity, measure, grp, pupil`

// kpisInForce is the ids of the KPI values in force of the KPIs named by
// the placeholder list that follows it.
const kpisInForce = `SELECT MAX(id) FROM kpi_values WHERE ` + kpiCounts + ` AND kpi IN `

// kpisKey groups KPI values by key.
const kpisKey = ` GROUP BY kpi, period, school`
