-- Locked academic years (DESIGN §12): no write dated in one is taken.
CREATE TABLE locks (
  period    INTEGER PRIMARY KEY,  -- the year it starts in: 2023 for 2023/24
  locked_at TEXT NOT NULL,        -- RFC 3339, UTC
  locked_by TEXT NOT NULL
);
