-- The log's own audit chain, in the same database as the events so an append and its audit entry commit in one
-- transaction. Each entry names the events it stored with their content hashes: `audit verify` then detects an
-- edited, deleted or inserted event, not only an altered audit entry. Events stored before this migration are
-- "legacy" (up to legacy_through) and are not covered.
CREATE TABLE log_audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  device_id TEXT,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  events TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE TABLE log_audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  legacy_through INTEGER NOT NULL
) STRICT;
INSERT INTO log_audit_head (id, seq, hash, legacy_through)
  SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', coalesce(max(seq), 0) FROM events;
