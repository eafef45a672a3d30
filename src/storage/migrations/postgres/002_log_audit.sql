-- The log's own audit chain, in the same database as the events so an append and its audit entry commit in one
-- transaction (the head is read under the event_head row lock every append already takes). Each entry names the
-- events it stored with their content hashes: `audit verify` then detects an edited, deleted or inserted event.
-- Events stored before this migration are "legacy" (up to legacy_through) and are not covered.
-- detail/events are text: the hash is over their canonical JSON, and json would reject \u0000.
CREATE TABLE log_audit (
  seq bigint PRIMARY KEY,
  at text NOT NULL,
  actor text NOT NULL,
  device_id text,
  action text NOT NULL,
  detail text NOT NULL,
  events text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE TABLE log_audit_head (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  seq bigint NOT NULL,
  hash text NOT NULL,
  legacy_through bigint NOT NULL
);
INSERT INTO log_audit_head (one, seq, hash, legacy_through)
  SELECT true, 0, '0000000000000000000000000000000000000000000000000000000000000000', coalesce(max(seq), 0) FROM events;
