-- The medical workforce log (issue 12): append-only facts about clinicians, staffing templates, sites and proposal
-- decisions. seq is numbered under a lock on workforce_head (as events/event_head): commit order, no gaps.
CREATE TABLE workforce_facts (
  seq bigint PRIMARY KEY,
  id text NOT NULL UNIQUE,
  type text NOT NULL,
  subject text NOT NULL,
  at text NOT NULL,
  author text NOT NULL,
  payload json NOT NULL,
  received_at text NOT NULL
);
CREATE INDEX workforce_facts_subject ON workforce_facts (subject, seq);
CREATE TABLE workforce_head (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  seq bigint NOT NULL
);
INSERT INTO workforce_head (one, seq) VALUES (true, 0);
