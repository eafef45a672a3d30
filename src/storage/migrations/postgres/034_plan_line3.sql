-- The plan row carries the 9-line's line 3 (patients by precedence) as the 9th member of `parts` (as SQLite's 031):
-- without vitals, triage or a precedence set on the card, the planner reads the casualty's urgency from it
-- (live-state.ts `latestRpm`, DISP-14). 028 kept only line 1, so an "A, urgent" request was valued as a casualty
-- nothing is known about (RPM 8). 028's function with the one member more; the open rows refilled.
CREATE OR REPLACE FUNCTION casualty_plan_write() RETURNS trigger LANGUAGE plpgsql AS $$
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
        x.vehicle -> 'history' -> -1, x.incident, x.evac -> 'nineLine' -> 'patientsByPrecedence')::text
    FROM json_to_record(CASE WHEN strpos(NEW.state::text, '\u0000') > 0 THEN casualty_json(NEW.state) ELSE NEW.state END)
      AS x(stage json, outcome json, vitals json, triage json, precedence json, "injuredAt" json, chain json, evac json,
        position json, "facilityId" json, destination json, "vehicleId" json, vehicle json, incident json)
  ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, injured_at = excluded.injured_at,
    facility_id = excluded.facility_id, destination = excluded.destination, vehicle_id = excluded.vehicle_id, parts = excluded.parts
  WHERE (p.stage, p.precedence, p.injured_at, p.facility_id, p.destination, p.vehicle_id, p.parts)
    IS DISTINCT FROM (excluded.stage, excluded.precedence, excluded.injured_at, excluded.facility_id, excluded.destination, excluded.vehicle_id, excluded.parts);
  RETURN NULL;
END $$;

UPDATE casualty_plan p SET parts = json_build_array(x.outcome, x.vitals, x.triage -> 'value', x.chain, x.evac -> 'nineLine' -> 'location',
    x.position, x.vehicle -> 'history' -> -1, x.incident, x.evac -> 'nineLine' -> 'patientsByPrecedence')::text
  FROM casualties c, json_to_record(CASE WHEN strpos(c.state::text, '\u0000') > 0 THEN casualty_json(c.state) ELSE c.state END)
    AS x(stage json, outcome json, vitals json, triage json, precedence json, "injuredAt" json, chain json, evac json,
      position json, "facilityId" json, destination json, "vehicleId" json, vehicle json, incident json)
  WHERE c.id = p.id;
