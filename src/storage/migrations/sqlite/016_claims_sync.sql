-- Issue 13: the claims ledger replicated between servers, and evidence uploaded as a file.
-- Every history entry gets an id that names it on every server (a replicated entry keeps its id, so a re-sent or
-- echoed entry is recognised), and the server it came from (NULL: written here).
ALTER TABLE claim_history ADD COLUMN id TEXT;
ALTER TABLE claim_history ADD COLUMN origin TEXT;
DROP TRIGGER claim_history_append_only_u;
UPDATE claim_history SET id = lower(hex(randomblob(16))) WHERE id IS NULL;
CREATE TRIGGER claim_history_append_only_u BEFORE UPDATE ON claim_history BEGIN SELECT RAISE(ABORT, 'claim_history is append-only'); END;
CREATE UNIQUE INDEX claim_history_id ON claim_history (id);

-- Every entry received from another server that was not applied as it stands: a duplicate of a claim held here
-- (same content under another entry id), a conflict (kept, never applied over what is here) or set aside (the claim
-- it is about is unknown here). Applied entries are in claim_history itself.
CREATE TABLE claim_sync_seen (
  entry_id TEXT PRIMARY KEY,
  claim_id TEXT NOT NULL,
  peer TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT,
  entry TEXT NOT NULL CHECK (json_valid(entry)),
  at TEXT NOT NULL
) STRICT;
CREATE INDEX claim_sync_seen_claim ON claim_sync_seen (claim_id);

-- An uploaded archive copy: its media type (checked against its first bytes) and the file name it had.
ALTER TABLE claim_evidence ADD COLUMN media_type TEXT;
ALTER TABLE claim_evidence ADD COLUMN file_name TEXT;
