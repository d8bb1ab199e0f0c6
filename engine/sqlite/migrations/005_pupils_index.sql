-- The pupils' pseudonyms keep their unique index, but under a name of its
-- own (pupils_pseudonym), so that the first import into a store without
-- pupils can drop it and build it once at the end: a census of a million
-- pupils is then one sort, not a million random inserts (issue 12). SQLite
-- cannot rename the index a UNIQUE constraint made; the step after this
-- file does it in the schema's text (migrate.go).
SELECT 1;
