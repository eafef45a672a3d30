-- The hour's figures (src/accounting/snapshot.ts hourCtes) name the casualties written since an hour's start by
-- `last_seq`: with the id in the index they read it alone, not each casualty's row (its whole state: at 10,000
-- casualties written within the hour, ~30 MiB of SQLite's page cache filled by one read of the figures).
DROP INDEX casualties_last_seq;
CREATE INDEX casualties_last_seq ON casualties (last_seq, id);
