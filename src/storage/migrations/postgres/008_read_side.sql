-- The read side (issues 10 and 16): what a list query needs, kept beside each projection row by a trigger, so that
-- row scope is applied IN the query and evacuations and statistics never parse every casualty's full state.
-- A trigger (not the adapter's code) keeps these tables, so every way a projection row is written keeps them true.
--
-- casualty_access: who may read a casualty, as keys matched against the caller's keys (src/auth/policy.ts
-- readScope): 'a:<author>' for every author (a username or 'device:<id>'), 'u:<unit>' for its unit, 'f:<facility>'
-- for the facility it is at, the one it is going to, and every facility on its chain of custody.
CREATE TABLE casualty_access (
  key text NOT NULL,
  casualty_id text NOT NULL,
  PRIMARY KEY (key, casualty_id)
);
CREATE INDEX casualty_access_casualty ON casualty_access (casualty_id);

-- casualty_reads: the few facts that order evacuation requests and make the statistics (a narrow copy of the
-- projection's stage, precedence, triage and injury time too, so that counting never reads the wide state rows).
-- evac: has a 9-line; evac_open: and not cancelled, not closed; evac_rank: rank of the effective precedence (the
-- card's, else the most urgent on line 3; 99 without one); evac_ms: injury time (else request, else update) in ms.
CREATE TABLE casualty_reads (
  id text PRIMARY KEY,
  evac boolean NOT NULL,
  evac_open boolean NOT NULL,
  evac_rank integer NOT NULL,
  evac_ms double precision NOT NULL,
  outcome text,
  conflict boolean NOT NULL,
  arrival_at text,
  stage text NOT NULL,
  precedence text,
  triage text,
  injured_at text
);
CREATE INDEX casualty_reads_evac ON casualty_reads (evac, evac_rank, evac_ms, id);
CREATE INDEX casualty_reads_evac_open ON casualty_reads (evac_open, evac_rank, evac_ms, id);

-- A state whose free text holds a NUL (\u0000: json keeps it, but PostgreSQL cannot extract a field from such a
-- document) made extractable: the escape becomes U+FFFD's. Only free text can hold one; the fields read here never do.
CREATE FUNCTION casualty_json(t json) RETURNS json LANGUAGE sql IMMUTABLE AS $f$ SELECT replace(t::text, '\u0000', '\ufffd')::json $f$;

CREATE FUNCTION casualty_read_side() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st json := casualty_json(NEW.state);
  nl json := st -> 'evac' -> 'nineLine';
  lines json;
  eff text := NEW.precedence;
  has_evac boolean;
  cancelled boolean := coalesce((st -> 'evac' ->> 'cancelled')::boolean, false);
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM casualty_access WHERE casualty_id = OLD.id;
  END IF;
  INSERT INTO casualty_access (key, casualty_id)
    SELECT DISTINCT k, NEW.id FROM (
      SELECT 'a:' || a AS k FROM json_array_elements_text(NEW.authors) AS a
      UNION ALL SELECT 'u:' || NEW.unit_id WHERE NEW.unit_id IS NOT NULL
      UNION ALL SELECT 'f:' || NEW.facility_id WHERE NEW.facility_id IS NOT NULL
      UNION ALL SELECT 'f:' || NEW.destination_id WHERE NEW.destination_id IS NOT NULL
      UNION ALL SELECT 'f:' || (s ->> 'facilityId') FROM json_array_elements(CASE WHEN json_typeof(st -> 'chain') = 'array' THEN st -> 'chain' ELSE '[]'::json END) AS s
        WHERE s ->> 'facilityId' IS NOT NULL
    ) AS keys;
  has_evac := json_typeof(nl) = 'object';
  IF NOT coalesce(has_evac, false) THEN
    has_evac := false;
  ELSIF eff IS NULL THEN
    lines := nl -> 'patientsByPrecedence';
    eff := CASE
      WHEN coalesce((lines ->> 'A')::numeric, 0) > 0 THEN 'urgent'
      WHEN coalesce((lines ->> 'B')::numeric, 0) > 0 THEN 'urgent-surgical'
      WHEN coalesce((lines ->> 'C')::numeric, 0) > 0 THEN 'priority'
      WHEN coalesce((lines ->> 'D')::numeric, 0) > 0 THEN 'routine'
      WHEN coalesce((lines ->> 'E')::numeric, 0) > 0 THEN 'convenience' END;
  END IF;
  INSERT INTO casualty_reads (id, evac, evac_open, evac_rank, evac_ms, outcome, conflict, arrival_at, stage, precedence, triage, injured_at)
  VALUES (
    NEW.id, has_evac, has_evac AND NOT cancelled AND NEW.stage <> 'closed',
    CASE eff WHEN 'urgent' THEN 0 WHEN 'urgent-surgical' THEN 1 WHEN 'priority' THEN 2 WHEN 'routine' THEN 3 WHEN 'convenience' THEN 4 ELSE 99 END,
    coalesce(extract(epoch FROM coalesce(NEW.injured_at, st -> 'evac' ->> 'requestedAt', NEW.updated_at)::timestamptz) * 1000, 0),
    st -> 'outcome' ->> 'outcome',
    coalesce(json_typeof(st -> 'triage' -> 'conflict') = 'array', false) OR coalesce(json_typeof(st -> 'precedence' -> 'conflict') = 'array', false)
      OR coalesce(json_typeof(st -> 'destination' -> 'conflict') = 'array', false),
    (SELECT s.value ->> 'at' FROM json_array_elements(CASE WHEN json_typeof(st -> 'chain') = 'array' THEN st -> 'chain' ELSE '[]'::json END) WITH ORDINALITY AS s(value, n)
      WHERE s.value ->> 'kind' = 'arrival' ORDER BY s.n LIMIT 1),
    NEW.stage, NEW.precedence, NEW.triage, NEW.injured_at
  )
  ON CONFLICT (id) DO UPDATE SET evac = excluded.evac, evac_open = excluded.evac_open, evac_rank = excluded.evac_rank, evac_ms = excluded.evac_ms,
    outcome = excluded.outcome, conflict = excluded.conflict, arrival_at = excluded.arrival_at, stage = excluded.stage,
    precedence = excluded.precedence, triage = excluded.triage, injured_at = excluded.injured_at;
  RETURN NULL;
END
$$;
CREATE TRIGGER casualty_read_side AFTER INSERT OR UPDATE ON casualties FOR EACH ROW EXECUTE FUNCTION casualty_read_side();

-- Rows already projected before this migration.
UPDATE casualties SET id = id;

-- The version of the reference entities (vehicles, facilities, threat zones): with the log head it keys the cached
-- dispatch plan, which must be recomputed when either changes.
CREATE TABLE entity_head (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  n bigint NOT NULL
);
INSERT INTO entity_head (one, n) VALUES (true, 0);
CREATE FUNCTION entity_head_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE entity_head SET n = n + 1 WHERE one;
  RETURN NULL;
END
$$;
CREATE TRIGGER entity_head_bump AFTER INSERT OR UPDATE OR DELETE ON entities FOR EACH STATEMENT EXECUTE FUNCTION entity_head_bump();
