-- The medical workforce log (issue 12): append-only facts about clinicians, staffing templates, sites and proposal
-- decisions. Like `events`, a fact is never updated or deleted; the registry is their fold (src/workforce).
CREATE TABLE workforce_facts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  subject TEXT NOT NULL,
  at TEXT NOT NULL,
  author TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  received_at TEXT NOT NULL
) STRICT;
CREATE INDEX workforce_facts_subject ON workforce_facts (subject, seq);
