-- Golden Hour schema v1 (SQLite). Times are ISO 8601 text, exactly as submitted; JSON columns are text.
-- seq: AUTOINCREMENT never reuses a number, and SQLite has one writer at a time, so seq order = commit order.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  casualty_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  device_id TEXT NOT NULL,
  author TEXT NOT NULL,
  hlc TEXT,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  received_at TEXT NOT NULL
) STRICT;
CREATE INDEX events_casualty ON events (casualty_id, seq);

CREATE TABLE casualties (
  id TEXT PRIMARY KEY,
  stage TEXT NOT NULL,
  precedence TEXT,
  triage TEXT,
  unit_id TEXT,
  facility_id TEXT,
  destination_id TEXT,
  vehicle_id TEXT,
  authors TEXT NOT NULL CHECK (json_valid(authors)),
  injured_at TEXT,
  last_seq INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (json_valid(state))
) STRICT;
CREATE INDEX casualties_last_seq ON casualties (last_seq);
CREATE INDEX casualties_stage ON casualties (stage, last_seq);
CREATE INDEX casualties_precedence ON casualties (precedence, last_seq);
CREATE INDEX casualties_unit ON casualties (unit_id, last_seq);
CREATE INDEX casualties_facility ON casualties (facility_id, last_seq);
CREATE INDEX casualties_destination ON casualties (destination_id, last_seq);

CREATE TABLE entities (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL CHECK (json_valid(body)),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT;
