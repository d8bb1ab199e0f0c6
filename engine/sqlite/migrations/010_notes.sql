-- Narrative (DESIGN §14): commentary on a KPI or an activity for a
-- period, and case studies of activities. A withdrawn note leaves the
-- reports and stays here.
CREATE TABLE notes (
  id           INTEGER PRIMARY KEY,
  kpi          TEXT NOT NULL DEFAULT '',
  activity     TEXT NOT NULL DEFAULT '',
  period       INTEGER NOT NULL,
  case_study   INTEGER NOT NULL DEFAULT 0,
  title        TEXT NOT NULL DEFAULT '',
  body         TEXT NOT NULL,
  shared       INTEGER NOT NULL DEFAULT 0,
  at           TEXT NOT NULL,   -- RFC 3339, UTC
  who          TEXT NOT NULL,
  withdrawn_at TEXT,
  withdrawn_by TEXT,
  CHECK ((kpi = '') <> (activity = ''))
);
CREATE INDEX notes_period ON notes (period, id);
