-- The plan row carries the 9-line's line 3 (patients by precedence) as the 9th member of `parts`: without vitals,
-- triage or a precedence set on the card, the planner reads the casualty's urgency from it (live-state.ts
-- `latestRpm`, DISP-14). 028 kept only line 1 (the location), so an "A, urgent" request was valued as a casualty
-- nothing is known about (RPM 8). The triggers as 028 / 029 wrote them, with the one member more; open rows refilled.
DROP TRIGGER casualty_plan_insert;
CREATE TRIGGER casualty_plan_insert AFTER INSERT ON casualties WHEN NEW.stage <> 'closed' BEGIN
  INSERT INTO casualty_plan (id, stage, precedence, injured_at, facility_id, destination, vehicle_id, parts)
    SELECT NEW.id, json_extract(NEW.state, '$.stage'), json_extract(NEW.state, '$.precedence.value'), json_extract(NEW.state, '$.injuredAt'),
      json_extract(NEW.state, '$.facilityId'), json_extract(NEW.state, '$.destination.value'), json_extract(NEW.state, '$.vehicleId'),
      json_extract(NEW.state, '$.outcome', '$.vitals', '$.triage.value', '$.chain', '$.evac.nineLine.location', '$.position', '$.vehicle.history[#-1]', '$.incident', '$.evac.nineLine.patientsByPrecedence')
    WHERE true
  ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, injured_at = excluded.injured_at,
    facility_id = excluded.facility_id, destination = excluded.destination, vehicle_id = excluded.vehicle_id, parts = excluded.parts;
END;

DROP TRIGGER casualty_plan_update;
CREATE TRIGGER casualty_plan_update AFTER UPDATE ON casualties
WHEN NEW.plan_key IS NULL OR OLD.plan_key IS NOT NEW.plan_key OR OLD.id IS NOT NEW.id OR OLD.stage IS NOT NEW.stage
BEGIN
  DELETE FROM casualty_plan WHERE id = OLD.id AND (OLD.id IS NOT NEW.id OR NOT coalesce(NEW.stage <> 'closed', 0));
  INSERT INTO casualty_plan (id, stage, precedence, injured_at, facility_id, destination, vehicle_id, parts)
    SELECT NEW.id, json_extract(NEW.state, '$.stage'), json_extract(NEW.state, '$.precedence.value'), json_extract(NEW.state, '$.injuredAt'),
      json_extract(NEW.state, '$.facilityId'), json_extract(NEW.state, '$.destination.value'), json_extract(NEW.state, '$.vehicleId'),
      json_extract(NEW.state, '$.outcome', '$.vitals', '$.triage.value', '$.chain', '$.evac.nineLine.location', '$.position', '$.vehicle.history[#-1]', '$.incident', '$.evac.nineLine.patientsByPrecedence')
    WHERE NEW.stage <> 'closed'
  ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, injured_at = excluded.injured_at,
    facility_id = excluded.facility_id, destination = excluded.destination, vehicle_id = excluded.vehicle_id, parts = excluded.parts
  WHERE (stage, precedence, injured_at, facility_id, destination, vehicle_id, parts)
    IS NOT (excluded.stage, excluded.precedence, excluded.injured_at, excluded.facility_id, excluded.destination, excluded.vehicle_id, excluded.parts);
END;

UPDATE casualty_plan SET parts = (SELECT json_extract(c.state, '$.outcome', '$.vitals', '$.triage.value', '$.chain', '$.evac.nineLine.location', '$.position', '$.vehicle.history[#-1]', '$.incident', '$.evac.nineLine.patientsByPrecedence')
  FROM casualties c WHERE c.id = casualty_plan.id);
