-- Data as schools hold it (issue 12): register marks, and what files say
-- of pupils. No identifier and no personal column is ever stored: a pupil
-- is still the small integer of a pseudonym.

-- NULL when the row carries no register mark; 1 attended; 0 absent (an
-- absence counts only towards the activity's attendance_rate, DESIGN §11).
ALTER TABLE participation ADD COLUMN attended INTEGER;

-- What a row, or a row of a pupils file, says of a pupil in a period:
-- 0 is unknown throughout. year_group is 1 N1, 2 N2, 3 R, 4..16 years 1..13;
-- sex 1 female, 2 male, 3 other; sen 1 EHC plan, 2 SEN support, 3 none;
-- eal, looked_after and disadvantaged 1 no, 2 yes. disadvantaged is set by
-- pupils files only: participation and outcome rows keep their own.
CREATE TABLE pupil_facts (
  id            INTEGER PRIMARY KEY,      -- later facts have larger ids
  import_id     INTEGER NOT NULL REFERENCES imports (id),
  pupil         INTEGER NOT NULL REFERENCES pupils (id),
  period        INTEGER,                  -- NULL for an undated row
  school        TEXT NOT NULL DEFAULT '',
  year_group    INTEGER NOT NULL DEFAULT 0,
  sex           INTEGER NOT NULL DEFAULT 0,
  sen           INTEGER NOT NULL DEFAULT 0,
  eal           INTEGER NOT NULL DEFAULT 0,
  looked_after  INTEGER NOT NULL DEFAULT 0,
  disadvantaged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pupil_facts_pupil ON pupil_facts (pupil);
