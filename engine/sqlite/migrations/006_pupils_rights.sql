-- Pupils' rights (DESIGN §13). A forgotten pupil leaves only a keyed one-way
-- hash of their pseudonym, never the pseudonym, so that an import of an
-- old file skips them; without the key it says nothing of who they were.
CREATE TABLE forgotten (
  hash BLOB PRIMARY KEY   -- HMAC-SHA256, under the key, of "impact forgotten v1" and the pseudonym
) WITHOUT ROWID;

-- EvidenceVersion is the newest import, revert or erasure in the audit.
CREATE INDEX audit_action ON audit (action, id);
