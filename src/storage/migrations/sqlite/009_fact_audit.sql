-- Audit chains of the fact streams beside the casualty log (the workforce log, the claims ledger's history), kept
-- like the log's own (migration 002): each write appends, in the same transaction, one entry naming every fact it
-- stored by id, number and SHA-256 of its content, chained to the entry before. `audit verify` then finds a fact
-- edited, deleted or inserted behind the door. Facts stored before this migration (up to legacy_through) are not covered.
CREATE TABLE fact_audit (
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  items TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (stream, seq)
) STRICT;
CREATE TABLE fact_audit_head (
  stream TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  legacy_through INTEGER NOT NULL
) STRICT;
INSERT INTO fact_audit_head (stream, seq, hash, legacy_through)
  SELECT 'workforce', 0, '0000000000000000000000000000000000000000000000000000000000000000', coalesce(max(seq), 0) FROM workforce_facts;
INSERT INTO fact_audit_head (stream, seq, hash, legacy_through)
  SELECT 'claims', 0, '0000000000000000000000000000000000000000000000000000000000000000', coalesce(max(seq), 0) FROM claim_history;
