-- Golden Hour schema v1 (PostgreSQL). Times are ISO 8601 text, exactly as submitted (events round-trip unchanged);
-- JSON columns are `json` (kept as given: jsonb would reject \u0000 in a free-text note).
-- seq is NOT an identity/sequence: nextval() is handed out at insert time but becomes visible at commit, so a
-- reader paging by `seq > cursor` could pass over a lower seq that commits later. Instead every append locks the
-- single row of event_head (SELECT … FOR UPDATE) and numbers its events head+1…head+n; the row lock is held until
-- commit, so appends are serialised, seq order equals commit order, and there are no gaps.
CREATE TABLE events (
  seq bigint PRIMARY KEY,
  id text NOT NULL UNIQUE,
  casualty_id text NOT NULL,
  type text NOT NULL,
  at text NOT NULL,
  recorded_at text NOT NULL,
  device_id text NOT NULL,
  author text NOT NULL,
  hlc text,
  payload json NOT NULL,
  received_at text NOT NULL
);
CREATE INDEX events_casualty ON events (casualty_id, seq);

CREATE TABLE event_head (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  seq bigint NOT NULL
);
INSERT INTO event_head (one, seq) VALUES (true, 0);

CREATE TABLE casualties (
  id text PRIMARY KEY,
  stage text NOT NULL,
  precedence text,
  triage text,
  unit_id text,
  facility_id text,
  destination_id text,
  vehicle_id text,
  authors json NOT NULL,
  injured_at text,
  last_seq bigint NOT NULL,
  updated_at text NOT NULL,
  state json NOT NULL
);
CREATE INDEX casualties_last_seq ON casualties (last_seq);
CREATE INDEX casualties_stage ON casualties (stage, last_seq);
CREATE INDEX casualties_precedence ON casualties (precedence, last_seq);
CREATE INDEX casualties_unit ON casualties (unit_id, last_seq);
CREATE INDEX casualties_facility ON casualties (facility_id, last_seq);
CREATE INDEX casualties_destination ON casualties (destination_id, last_seq);

CREATE TABLE entities (
  kind text NOT NULL,
  id text NOT NULL,
  body json NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (kind, id)
);
