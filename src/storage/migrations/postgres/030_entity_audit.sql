-- Session 17: entity writes (units, facilities, vehicles, threat zones) were audited after the write, in the trust
-- database: when that audit failed, the change stood with no entry. Now each write appends, in its own transaction,
-- one entry on this stream naming what it wrote ([kind/id, 0, SHA-256 of the value]), as the fact streams of 009 do.
-- Entities are current values, not a log of facts: `audit verify` checks the chain, not the rows against it.
INSERT INTO fact_audit_head (stream, seq, hash, legacy_through)
  VALUES ('entities', 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);
