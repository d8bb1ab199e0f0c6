-- A way back from a mistaken write, and the key's check value (issue 10).
-- Nothing is deleted: an import can be reverted and a KPI value withdrawn,
-- and their rows stay, marked, for the audit. Which row of a key (a KPI's
-- period and school; an outcome's activity, measure, group and pupil) is
-- in force is no longer stored but worked out when read: the latest row
-- that counts. That lets a revert or a withdrawal bring back the row it
-- had superseded.

ALTER TABLE imports ADD COLUMN status TEXT NOT NULL DEFAULT 'current';  -- current or reverted
ALTER TABLE imports ADD COLUMN reverted_at TEXT;
ALTER TABLE imports ADD COLUMN reverted_by TEXT;

ALTER TABLE kpi_values ADD COLUMN withdrawn_at TEXT;                     -- NULL unless withdrawn
ALTER TABLE kpi_values ADD COLUMN withdrawn_by TEXT;

ALTER TABLE kpi_values DROP COLUMN current;
ALTER TABLE outcomes DROP COLUMN current;

-- Facts about the store itself: the check value of the key (an HMAC of a
-- fixed text under impact.key, never the key).
CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
