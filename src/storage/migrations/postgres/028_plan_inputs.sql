-- Issue 16: the planner's inputs kept apart from the state (as SQLite's 028). The plan's cold read parsed every open
-- casualty's ~3 KB state to take its dozen fields; casualty_plan holds one row per OPEN casualty (a closed one has
-- none): the scalar fields as plain columns, the structured ones (outcome, the latest vitals, triage's value, the
-- chain, the 9-line's location, position, the latest assignment, the incident) as one JSON array in `parts` (text:
-- compared as written, parsed by the reader), in that order. A trigger keeps it in the projection's own statement;
-- a write that changes none of these fields writes no row (the upsert's WHERE). The state is parsed once per
-- projection write (json_to_record); one holding a NUL escape is cleaned by casualty_json first, as the read was.
CREATE TABLE casualty_plan (
  id text PRIMARY KEY,
  stage text,
  precedence text,
  injured_at text,
  facility_id text,
  destination text,
  vehicle_id text,
  parts text NOT NULL
);

CREATE FUNCTION casualty_plan_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR OLD.id IS DISTINCT FROM NEW.id OR NEW.stage IS NULL OR NEW.stage = 'closed') THEN
    DELETE FROM casualty_plan WHERE id = OLD.id;
  END IF;
  IF TG_OP = 'DELETE' OR NEW.stage IS NULL OR NEW.stage = 'closed' THEN
    RETURN NULL;
  END IF;
  INSERT INTO casualty_plan AS p (id, stage, precedence, injured_at, facility_id, destination, vehicle_id, parts)
    SELECT NEW.id, x.stage #>> '{}', x.precedence ->> 'value', x."injuredAt" #>> '{}', x."facilityId" #>> '{}',
      x.destination ->> 'value', x."vehicleId" #>> '{}',
      json_build_array(x.outcome, x.vitals, x.triage -> 'value', x.chain, x.evac -> 'nineLine' -> 'location', x.position,
        x.vehicle -> 'history' -> -1, x.incident)::text
    FROM json_to_record(CASE WHEN strpos(NEW.state::text, '\u0000') > 0 THEN casualty_json(NEW.state) ELSE NEW.state END)
      AS x(stage json, outcome json, vitals json, triage json, precedence json, "injuredAt" json, chain json, evac json,
        position json, "facilityId" json, destination json, "vehicleId" json, vehicle json, incident json)
  ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, injured_at = excluded.injured_at,
    facility_id = excluded.facility_id, destination = excluded.destination, vehicle_id = excluded.vehicle_id, parts = excluded.parts
  WHERE (p.stage, p.precedence, p.injured_at, p.facility_id, p.destination, p.vehicle_id, p.parts)
    IS DISTINCT FROM (excluded.stage, excluded.precedence, excluded.injured_at, excluded.facility_id, excluded.destination, excluded.vehicle_id, excluded.parts);
  RETURN NULL;
END $$;

CREATE TRIGGER casualty_plan_write AFTER INSERT OR UPDATE OR DELETE ON casualties FOR EACH ROW EXECUTE FUNCTION casualty_plan_write();

-- The open casualties already projected (the trigger's statement for each).
INSERT INTO casualty_plan (id, stage, precedence, injured_at, facility_id, destination, vehicle_id, parts)
  SELECT c.id, x.stage #>> '{}', x.precedence ->> 'value', x."injuredAt" #>> '{}', x."facilityId" #>> '{}',
    x.destination ->> 'value', x."vehicleId" #>> '{}',
    json_build_array(x.outcome, x.vitals, x.triage -> 'value', x.chain, x.evac -> 'nineLine' -> 'location', x.position,
      x.vehicle -> 'history' -> -1, x.incident)::text
  FROM casualties c, json_to_record(CASE WHEN strpos(c.state::text, '\u0000') > 0 THEN casualty_json(c.state) ELSE c.state END)
    AS x(stage json, outcome json, vitals json, triage json, precedence json, "injuredAt" json, chain json, evac json,
      position json, "facilityId" json, destination json, "vehicleId" json, vehicle json, incident json)
  WHERE c.stage <> 'closed';
