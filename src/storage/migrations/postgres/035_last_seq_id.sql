-- The hour's figures (src/accounting/snapshot.ts hourCtes) name the casualties written since an hour's start by
-- `last_seq`: with the id in the index they read it alone (an index-only scan), not each casualty's row.
DROP INDEX casualties_last_seq;
CREATE INDEX casualties_last_seq ON casualties (last_seq, id);
