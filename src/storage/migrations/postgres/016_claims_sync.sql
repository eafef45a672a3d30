-- Issue 13: the claims ledger replicated between servers, and evidence uploaded as a file.
-- Every history entry gets an id that names it on every server (a replicated entry keeps its id, so a re-sent or
-- echoed entry is recognised), and the server it came from (NULL: written here).
ALTER TABLE claim_history ADD COLUMN id text;
ALTER TABLE claim_history ADD COLUMN origin text;
ALTER TABLE claim_history DISABLE TRIGGER claim_history_append_only;
UPDATE claim_history SET id = replace(gen_random_uuid()::text, '-', '') WHERE id IS NULL;
ALTER TABLE claim_history ENABLE TRIGGER claim_history_append_only;
CREATE UNIQUE INDEX claim_history_id ON claim_history (id);

-- Every entry received from another server that was not applied as it stands: a duplicate of a claim held here
-- (same content under another entry id), a conflict (kept, never applied over what is here) or set aside (the claim
-- it is about is unknown here). Applied entries are in claim_history itself.
CREATE TABLE claim_sync_seen (
  entry_id text PRIMARY KEY,
  claim_id text NOT NULL,
  peer text NOT NULL,
  outcome text NOT NULL,
  reason text,
  entry json NOT NULL,
  at text NOT NULL
);
CREATE INDEX claim_sync_seen_claim ON claim_sync_seen (claim_id);

-- An uploaded archive copy: its media type (checked against its first bytes) and the file name it had.
ALTER TABLE claim_evidence ADD COLUMN media_type text;
ALTER TABLE claim_evidence ADD COLUMN file_name text;
