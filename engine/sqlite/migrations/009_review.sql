-- Review (DESIGN §12): what an editor writes while toc.yaml requires review
-- is one item — a KPI value, or an imported file — pending until an admin
-- approves it or returns it with a note. Rows without an item were
-- approved as they landed.
CREATE TABLE reviews (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('kpi value', 'import')),
  status      TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'returned')),
  who         TEXT NOT NULL,         -- who wrote it
  at          TEXT NOT NULL,         -- RFC 3339, UTC
  what        TEXT NOT NULL,         -- "trainees 2024/25 partnership-wide = 19", "register.csv: 32 participation rows"
  rows        INTEGER NOT NULL,
  period      INTEGER,               -- a KPI value's period; NULL for a file
  reviewed_by TEXT,
  reviewed_at TEXT,
  note        TEXT NOT NULL DEFAULT ''  -- why it was returned
);
CREATE INDEX reviews_status ON reviews (status, id);

ALTER TABLE kpi_values ADD COLUMN review_id INTEGER REFERENCES reviews (id);  -- NULL: approved as it landed
ALTER TABLE imports ADD COLUMN review_id INTEGER REFERENCES reviews (id);
