-- Accounting (issue 13): facts of each casualty for SQL aggregates, and the claims ledger.
--
-- casualty_facts / casualty_tourniquets are kept by triggers on the casualty projection, so they are written in the
-- same transaction as every append without any change to the append code. They hold only what the statistics
-- group and measure by (times as epoch ms and minutes since injury), so the dashboard never parses a state.
CREATE TABLE casualty_facts (
  id TEXT PRIMARY KEY,
  unit_id TEXT,
  person_status TEXT NOT NULL,
  injured_at TEXT,
  injured_ms INTEGER,
  injured_day TEXT,
  triage TEXT,
  precedence TEXT,
  stage TEXT NOT NULL,
  outcome TEXT,
  outcome_ms INTEGER,
  reached_facility INTEGER NOT NULL,
  min_to_pickup REAL,
  min_to_arrival REAL,
  min_to_surgery REAL,
  lat REAL,
  lon REAL
) STRICT;
-- Covering indexes: the dashboard's grouped scan and each quantile walk read only the index, never the table.
CREATE INDEX casualty_facts_cover ON casualty_facts (injured_day, unit_id, person_status, outcome, triage, min_to_surgery, min_to_pickup, min_to_arrival);
CREATE INDEX casualty_facts_pickup ON casualty_facts (min_to_pickup, injured_day, unit_id, person_status);
CREATE INDEX casualty_facts_arrival ON casualty_facts (min_to_arrival, injured_day, unit_id, person_status);
CREATE INDEX casualty_facts_surgery ON casualty_facts (min_to_surgery, injured_day, unit_id, person_status);
CREATE INDEX casualty_facts_ms ON casualty_facts (injured_ms);
CREATE INDEX casualty_facts_unit ON casualty_facts (unit_id, injured_ms);
CREATE INDEX casualty_facts_place ON casualty_facts (lat, lon);

CREATE TABLE casualty_tourniquets (
  casualty_id TEXT NOT NULL,
  tq_id TEXT NOT NULL,
  applied_ms INTEGER,
  minutes REAL,
  converted_within_2h INTEGER NOT NULL,
  unit_id TEXT,
  injured_day TEXT,
  person_status TEXT NOT NULL,
  PRIMARY KEY (casualty_id, tq_id)
) STRICT;
CREATE INDEX casualty_tourniquets_cover ON casualty_tourniquets (injured_day, unit_id, person_status, minutes, converted_within_2h);

CREATE VIEW casualty_facts_source AS
SELECT
  c.id AS id,
  c.unit_id AS unit_id,
  coalesce(json_extract(c.state, '$.identity.status'), 'military') AS person_status,
  c.injured_at AS injured_at,
  CAST(round((julianday(c.injured_at) - 2440587.5) * 86400000) AS INTEGER) AS injured_ms,
  strftime('%Y-%m-%d', c.injured_at) AS injured_day,
  c.triage AS triage,
  c.precedence AS precedence,
  c.stage AS stage,
  json_extract(c.state, '$.outcome.outcome') AS outcome,
  CAST(round((julianday(json_extract(c.state, '$.outcome.at')) - 2440587.5) * 86400000) AS INTEGER) AS outcome_ms,
  EXISTS (SELECT 1 FROM json_each(c.state, '$.chain') s WHERE json_extract(s.value, '$.kind') = 'arrival') AS reached_facility,
  (SELECT min((julianday(json_extract(s.value, '$.at')) - julianday(c.injured_at)) * 1440) FROM json_each(c.state, '$.chain') s
    WHERE json_extract(s.value, '$.kind') = 'pickup') AS min_to_pickup,
  (SELECT min((julianday(json_extract(s.value, '$.at')) - julianday(c.injured_at)) * 1440) FROM json_each(c.state, '$.chain') s
    WHERE json_extract(s.value, '$.kind') = 'arrival') AS min_to_arrival,
  (SELECT min((julianday(json_extract(s.value, '$.at')) - julianday(c.injured_at)) * 1440) FROM json_each(c.state, '$.chain') s
    WHERE json_extract(s.value, '$.kind') = 'surgery') AS min_to_surgery,
  json_extract(c.state, '$.position.lat') AS lat,
  json_extract(c.state, '$.position.lon') AS lon
FROM casualties c;

CREATE VIEW casualty_tourniquets_source AS
SELECT
  c.id AS casualty_id,
  json_extract(t.value, '$.id') AS tq_id,
  CAST(round((julianday(json_extract(t.value, '$.appliedAt')) - 2440587.5) * 86400000) AS INTEGER) AS applied_ms,
  (julianday(coalesce(json_extract(t.value, '$.convertedAt'), json_extract(t.value, '$.removedAt')))
    - julianday(json_extract(t.value, '$.appliedAt'))) * 1440 AS minutes,
  coalesce((julianday(json_extract(t.value, '$.convertedAt')) - julianday(json_extract(t.value, '$.appliedAt'))) * 1440 <= 120, 0)
    AS converted_within_2h,
  c.unit_id AS unit_id,
  strftime('%Y-%m-%d', c.injured_at) AS injured_day,
  coalesce(json_extract(c.state, '$.identity.status'), 'military') AS person_status
FROM casualties c, json_each(c.state, '$.tourniquets') t;

-- DELETE then INSERT, not INSERT OR REPLACE: inside a trigger the outer statement's conflict clause (the projection's
-- upsert) overrides the trigger's own.
CREATE TRIGGER casualty_facts_insert AFTER INSERT ON casualties BEGIN
  DELETE FROM casualty_facts WHERE id = NEW.id;
  INSERT INTO casualty_facts SELECT * FROM casualty_facts_source WHERE id = NEW.id;
  DELETE FROM casualty_tourniquets WHERE casualty_id = NEW.id;
  INSERT INTO casualty_tourniquets SELECT * FROM casualty_tourniquets_source WHERE casualty_id = NEW.id;
END;
CREATE TRIGGER casualty_facts_update AFTER UPDATE ON casualties BEGIN
  DELETE FROM casualty_facts WHERE id = NEW.id;
  INSERT INTO casualty_facts SELECT * FROM casualty_facts_source WHERE id = NEW.id;
  DELETE FROM casualty_tourniquets WHERE casualty_id = NEW.id;
  INSERT INTO casualty_tourniquets SELECT * FROM casualty_tourniquets_source WHERE casualty_id = NEW.id;
END;
CREATE TRIGGER casualty_facts_delete AFTER DELETE ON casualties BEGIN
  DELETE FROM casualty_facts WHERE id = OLD.id;
  DELETE FROM casualty_tourniquets WHERE casualty_id = OLD.id;
END;
INSERT INTO casualty_facts SELECT * FROM casualty_facts_source;
INSERT OR REPLACE INTO casualty_tourniquets SELECT * FROM casualty_tourniquets_source;

-- The claims ledger: its own store, not events in the casualty log. A claim's content never changes once recorded
-- (a correction is a new claim that `corrects` or `supersedes` it); its status and grade change only together with
-- an append to claim_history (who, when, why) in the same transaction.
CREATE TABLE claims (
  id TEXT PRIMARY KEY,
  claimant TEXT NOT NULL,
  claimant_side TEXT NOT NULL,
  subject_side TEXT NOT NULL,
  kind TEXT NOT NULL,
  category TEXT NOT NULL,
  source_category TEXT,
  value REAL NOT NULL,
  value_kind TEXT NOT NULL,
  low REAL,
  high REAL,
  qualifier TEXT,
  period_start TEXT,
  period_end TEXT NOT NULL,
  place_name TEXT,
  lat REAL,
  lon REAL,
  radius_m REAL,
  place_precision TEXT NOT NULL,
  published_at TEXT,
  source_url TEXT,
  summary TEXT,
  supersedes TEXT,
  corrects TEXT,
  dataset TEXT,
  status TEXT NOT NULL,
  reliability TEXT,
  credibility INTEGER,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX claims_series ON claims (dataset, category, value_kind, period_end);
CREATE INDEX claims_kind ON claims (kind, category, period_end);

CREATE TABLE claim_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  claim_id TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  reason TEXT,
  detail TEXT NOT NULL CHECK (json_valid(detail))
) STRICT;
CREATE INDEX claim_history_claim ON claim_history (claim_id, seq);
CREATE TRIGGER claim_history_append_only_u BEFORE UPDATE ON claim_history BEGIN SELECT RAISE(ABORT, 'claim_history is append-only'); END;
CREATE TRIGGER claim_history_append_only_d BEFORE DELETE ON claim_history BEGIN SELECT RAISE(ABORT, 'claim_history is append-only'); END;

CREATE TABLE claim_evidence (
  id TEXT PRIMARY KEY,
  claim_id TEXT NOT NULL,
  url TEXT,
  sha256 TEXT,
  archive BLOB,
  first_seen TEXT NOT NULL,
  kind TEXT NOT NULL,
  note TEXT,
  reliability TEXT,
  credibility INTEGER,
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL
) STRICT;
CREATE INDEX claim_evidence_claim ON claim_evidence (claim_id);

CREATE TABLE claim_casualties (
  claim_id TEXT NOT NULL,
  casualty_id TEXT NOT NULL,
  linked_by TEXT NOT NULL,
  linked_at TEXT NOT NULL,
  PRIMARY KEY (claim_id, casualty_id)
) STRICT;
