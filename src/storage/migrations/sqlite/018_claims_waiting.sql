-- Entries set aside because their claim was not held here are retried on every replication round. Only those rows
-- are read: a partial index keeps the retry from scanning every conflict ever kept.
CREATE INDEX claim_sync_seen_waiting ON claim_sync_seen (claim_id) WHERE outcome = 'set-aside';
