-- The tables a large import writes in millions of rows keep only the
-- indexes their reads need while rows stream in by COPY (issue 15; a COPY
-- of a million participation rows, measured in psql on one server: no index
-- 1.35 s, the primary key alone 2.7 s, the primary key and these two
-- B-trees 7.6 s).
--
-- A partnership's rows of one import lie together, in the order written,
-- so a block-range index finds them (a lock's or a revert's reads) at a
-- fraction of a B-tree's cost to keep. A pupil's rows are read only to
-- answer a subject access request or to erase the pupil, rare and
-- deliberate acts: they scan the table rather than every import keeping a
-- B-tree of pupils in random order.
DROP INDEX participation_pupil;
DROP INDEX participation_import;
CREATE INDEX participation_import ON participation USING brin (partnership, import_id);

-- Pupils carry no foreign key, as participation does not: checking each
-- row's partnership made a COPY of 100,000 pupils 3.4 times as long (1.55 s
-- against 0.46 s), and the store writes only its own partnership's id.
ALTER TABLE pupils DROP CONSTRAINT pupils_partnership_fkey;
