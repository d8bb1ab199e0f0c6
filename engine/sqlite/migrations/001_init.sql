-- The evidence store of one partnership. Pupils appear only as small
-- integer ids standing for HMAC-SHA256 pseudonyms; no identifier from a CSV
-- is ever stored. Periods are stored as the start year of the academic year
-- (2023 for 2023/24); dates as YYYY-MM-DD text. Rows are never deleted: a
-- correction sets `current` to 0 on the row it supersedes.

CREATE TABLE toc_revisions (
  id          INTEGER PRIMARY KEY,
  hash        TEXT NOT NULL,          -- SHA-256 of toc.yaml, hex
  recorded_at TEXT NOT NULL,          -- RFC 3339, UTC
  recorded_by TEXT NOT NULL,
  source      TEXT NOT NULL           -- the toc.yaml it was
);

CREATE TABLE pupils (
  id        INTEGER PRIMARY KEY,
  pseudonym BLOB NOT NULL UNIQUE      -- HMAC-SHA256 of the trimmed, upper-cased identifier (32 bytes)
);

CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  file        TEXT NOT NULL,          -- base name as given
  hash        TEXT NOT NULL,          -- SHA-256 of the file's bytes, hex
  kind        TEXT NOT NULL CHECK (kind IN ('kpi values', 'participation', 'outcomes')),
  rows        INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
);
CREATE INDEX imports_hash ON imports (hash);

CREATE TABLE participation (
  id            INTEGER PRIMARY KEY,
  import_id     INTEGER NOT NULL REFERENCES imports (id),
  activity      TEXT NOT NULL,
  date          TEXT NOT NULL,
  period        INTEGER NOT NULL,
  pupil         INTEGER NOT NULL REFERENCES pupils (id),
  school        TEXT NOT NULL DEFAULT '',   -- '' when the row names none
  disadvantaged INTEGER                     -- 1, 0, or NULL for unknown
);

CREATE TABLE outcomes (
  id            INTEGER PRIMARY KEY,
  import_id     INTEGER NOT NULL REFERENCES imports (id),
  activity      TEXT NOT NULL,
  measure       TEXT NOT NULL,
  grp           TEXT NOT NULL CHECK (grp IN ('intervention', 'comparison')),
  pupil         INTEGER NOT NULL REFERENCES pupils (id),
  pre           REAL,
  post          REAL NOT NULL,
  school        TEXT NOT NULL DEFAULT '',
  disadvantaged INTEGER,
  date          TEXT,                        -- NULL when the row gives none
  period        INTEGER,                     -- NULL when date is NULL
  current       INTEGER NOT NULL DEFAULT 1   -- 0 once a later row supersedes it
);
CREATE INDEX outcomes_key ON outcomes (activity, measure, grp, pupil);

CREATE TABLE kpi_values (
  id        INTEGER PRIMARY KEY,
  kpi       TEXT NOT NULL,
  period    INTEGER NOT NULL,
  school    TEXT NOT NULL DEFAULT '',        -- '' for a partnership-wide value
  value     REAL NOT NULL,
  note      TEXT NOT NULL DEFAULT '',
  logged_at TEXT NOT NULL,
  logged_by TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id), -- NULL when logged by hand
  current   INTEGER NOT NULL DEFAULT 1       -- 0 once a later value supersedes it
);
CREATE INDEX kpi_values_key ON kpi_values (kpi, period, school);

CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  who       TEXT NOT NULL,
  action    TEXT NOT NULL,                  -- log, import, toc-revision, user-add, ...
  detail    TEXT NOT NULL DEFAULT '',
  rows      INTEGER NOT NULL DEFAULT 0,
  file_hash TEXT NOT NULL DEFAULT ''
);
