-- Audit chains of the fact streams beside the casualty log (the workforce log, the claims ledger's history), kept
-- like the log's own (migration 002): each write appends, in the same transaction and under the stream's head row
-- lock, one entry naming every fact it stored by id, number and SHA-256 of its content, chained to the entry before.
-- `audit verify` then finds a fact edited, deleted or inserted behind the door. Facts stored before this migration
-- (up to legacy_through) are not covered. detail/items are text: the hash is over their canonical JSON.
CREATE TABLE fact_audit (
  stream text NOT NULL,
  seq bigint NOT NULL,
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  detail text NOT NULL,
  items text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (stream, seq)
);
CREATE TABLE fact_audit_head (
  stream text PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL,
  legacy_through bigint NOT NULL
);
INSERT INTO fact_audit_head (stream, seq, hash, legacy_through)
  SELECT 'workforce', 0, '0000000000000000000000000000000000000000000000000000000000000000', coalesce(max(seq), 0) FROM workforce_facts;
INSERT INTO fact_audit_head (stream, seq, hash, legacy_through)
  SELECT 'claims', 0, '0000000000000000000000000000000000000000000000000000000000000000', coalesce(max(seq), 0) FROM claim_history;
