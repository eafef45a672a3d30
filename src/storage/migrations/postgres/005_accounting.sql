-- Accounting (issue 13): facts of each casualty for SQL aggregates, and the claims ledger.
--
-- casualty_facts / casualty_tourniquets are kept by a trigger on the casualty projection, so they are written in the
-- same transaction as every append without any change to the append code. They hold only what the statistics
-- group and measure by (times as epoch ms and minutes since injury), so the dashboard never parses a state.
CREATE TABLE casualty_facts (
  id text PRIMARY KEY,
  unit_id text,
  person_status text NOT NULL,
  injured_at text,
  injured_ms double precision,
  injured_day text,
  triage text,
  precedence text,
  stage text NOT NULL,
  outcome text,
  outcome_ms double precision,
  reached_facility integer NOT NULL,
  min_to_pickup double precision,
  min_to_arrival double precision,
  min_to_surgery double precision,
  lat double precision,
  lon double precision
);
-- Covering indexes: the dashboard's grouped scan and each quantile walk read only the index, never the table.
CREATE INDEX casualty_facts_cover ON casualty_facts (injured_day, unit_id, person_status, outcome, triage, min_to_surgery, min_to_pickup, min_to_arrival);
CREATE INDEX casualty_facts_pickup ON casualty_facts (min_to_pickup, injured_day, unit_id, person_status);
CREATE INDEX casualty_facts_arrival ON casualty_facts (min_to_arrival, injured_day, unit_id, person_status);
CREATE INDEX casualty_facts_surgery ON casualty_facts (min_to_surgery, injured_day, unit_id, person_status);
CREATE INDEX casualty_facts_ms ON casualty_facts (injured_ms);
CREATE INDEX casualty_facts_unit ON casualty_facts (unit_id, injured_ms);
CREATE INDEX casualty_facts_place ON casualty_facts (lat, lon);

CREATE TABLE casualty_tourniquets (
  casualty_id text NOT NULL,
  tq_id text NOT NULL,
  applied_ms double precision,
  minutes double precision,
  converted_within_2h integer NOT NULL,
  unit_id text,
  injured_day text,
  person_status text NOT NULL,
  PRIMARY KEY (casualty_id, tq_id)
);
CREATE INDEX casualty_tourniquets_cover ON casualty_tourniquets (injured_day, unit_id, person_status, minutes, converted_within_2h);

CREATE FUNCTION gh_ms(t text) RETURNS double precision LANGUAGE sql STABLE AS
  $$ SELECT extract(epoch FROM t::timestamptz) * 1000 $$;

CREATE VIEW casualty_facts_source AS
SELECT
  c.id AS id,
  c.unit_id AS unit_id,
  coalesce(c.state -> 'identity' ->> 'status', 'military') AS person_status,
  c.injured_at AS injured_at,
  gh_ms(c.injured_at) AS injured_ms,
  to_char(c.injured_at::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS injured_day,
  c.triage AS triage,
  c.precedence AS precedence,
  c.stage AS stage,
  c.state -> 'outcome' ->> 'outcome' AS outcome,
  gh_ms(c.state -> 'outcome' ->> 'at') AS outcome_ms,
  CASE WHEN EXISTS (SELECT 1 FROM json_array_elements(c.state -> 'chain') s WHERE s ->> 'kind' = 'arrival') THEN 1 ELSE 0 END
    AS reached_facility,
  (SELECT min(gh_ms(s ->> 'at') - gh_ms(c.injured_at)) / 60000 FROM json_array_elements(c.state -> 'chain') s
    WHERE s ->> 'kind' = 'pickup') AS min_to_pickup,
  (SELECT min(gh_ms(s ->> 'at') - gh_ms(c.injured_at)) / 60000 FROM json_array_elements(c.state -> 'chain') s
    WHERE s ->> 'kind' = 'arrival') AS min_to_arrival,
  (SELECT min(gh_ms(s ->> 'at') - gh_ms(c.injured_at)) / 60000 FROM json_array_elements(c.state -> 'chain') s
    WHERE s ->> 'kind' = 'surgery') AS min_to_surgery,
  (c.state -> 'position' ->> 'lat')::double precision AS lat,
  (c.state -> 'position' ->> 'lon')::double precision AS lon
FROM (
  -- json keeps a note's \u0000 as written, but any operator on the document refuses it: drop it (we read no text).
  SELECT id, unit_id, injured_at, triage, precedence, stage, replace(state::text, '\u0000', '')::json AS state FROM casualties
) c;

CREATE VIEW casualty_tourniquets_source AS
SELECT
  c.id AS casualty_id,
  t ->> 'id' AS tq_id,
  gh_ms(t ->> 'appliedAt') AS applied_ms,
  (gh_ms(coalesce(t ->> 'convertedAt', t ->> 'removedAt')) - gh_ms(t ->> 'appliedAt')) / 60000 AS minutes,
  CASE WHEN (gh_ms(t ->> 'convertedAt') - gh_ms(t ->> 'appliedAt')) / 60000 <= 120 THEN 1 ELSE 0 END AS converted_within_2h,
  c.unit_id AS unit_id,
  to_char(c.injured_at::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS injured_day,
  coalesce(c.state -> 'identity' ->> 'status', 'military') AS person_status
FROM (SELECT id, unit_id, injured_at, replace(state::text, '\u0000', '')::json AS state FROM casualties) c,
  json_array_elements(c.state -> 'tourniquets') t;

CREATE FUNCTION casualty_facts_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM casualty_facts WHERE id = OLD.id;
    DELETE FROM casualty_tourniquets WHERE casualty_id = OLD.id;
    RETURN OLD;
  END IF;
  DELETE FROM casualty_facts WHERE id = NEW.id;
  INSERT INTO casualty_facts SELECT * FROM casualty_facts_source WHERE id = NEW.id;
  DELETE FROM casualty_tourniquets WHERE casualty_id = NEW.id;
  INSERT INTO casualty_tourniquets SELECT DISTINCT ON (tq_id) * FROM casualty_tourniquets_source WHERE casualty_id = NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER casualty_facts_refresh AFTER INSERT OR UPDATE OR DELETE ON casualties
  FOR EACH ROW EXECUTE FUNCTION casualty_facts_refresh();
INSERT INTO casualty_facts SELECT * FROM casualty_facts_source;
INSERT INTO casualty_tourniquets SELECT DISTINCT ON (casualty_id, tq_id) * FROM casualty_tourniquets_source;

-- The claims ledger: its own store, not events in the casualty log. A claim's content never changes once recorded
-- (a correction is a new claim that `corrects` or `supersedes` it); its status and grade change only together with
-- an append to claim_history (who, when, why) in the same transaction.
CREATE TABLE claims (
  id text PRIMARY KEY,
  claimant text NOT NULL,
  claimant_side text NOT NULL,
  subject_side text NOT NULL,
  kind text NOT NULL,
  category text NOT NULL,
  source_category text,
  value double precision NOT NULL,
  value_kind text NOT NULL,
  low double precision,
  high double precision,
  qualifier text,
  period_start text,
  period_end text NOT NULL,
  place_name text,
  lat double precision,
  lon double precision,
  radius_m double precision,
  place_precision text NOT NULL,
  published_at text,
  source_url text,
  summary text,
  supersedes text,
  corrects text,
  dataset text,
  status text NOT NULL,
  reliability text,
  credibility integer,
  created_at text NOT NULL,
  created_by text NOT NULL,
  updated_at text NOT NULL
);
CREATE INDEX claims_series ON claims (dataset, category, value_kind, period_end);
CREATE INDEX claims_kind ON claims (kind, category, period_end);

CREATE TABLE claim_history (
  seq bigserial PRIMARY KEY,
  claim_id text NOT NULL,
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  reason text,
  detail json NOT NULL
);
CREATE INDEX claim_history_claim ON claim_history (claim_id, seq);
CREATE FUNCTION claim_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'claim_history is append-only';
END $$;
CREATE TRIGGER claim_history_append_only BEFORE UPDATE OR DELETE ON claim_history
  FOR EACH ROW EXECUTE FUNCTION claim_history_append_only();

CREATE TABLE claim_evidence (
  id text PRIMARY KEY,
  claim_id text NOT NULL,
  url text,
  sha256 text,
  archive bytea,
  first_seen text NOT NULL,
  kind text NOT NULL,
  note text,
  reliability text,
  credibility integer,
  added_by text NOT NULL,
  added_at text NOT NULL
);
CREATE INDEX claim_evidence_claim ON claim_evidence (claim_id);

CREATE TABLE claim_casualties (
  claim_id text NOT NULL,
  casualty_id text NOT NULL,
  linked_by text NOT NULL,
  linked_at text NOT NULL,
  PRIMARY KEY (claim_id, casualty_id)
);
