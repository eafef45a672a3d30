-- Issue 16: the planner's inputs kept apart from the state. The plan's cold read (every open casualty) used to
-- json_extract its dozen fields from each ~3 KB state: SQLite parsed every open state in full (51 ms at 10,000
-- casualties against 17.5 ms to find and read the rows without JSON) and dragged every casualty row's pages through
-- the page cache (a full scan: stage has no index). casualty_plan holds one row per OPEN casualty (a closed one has
-- none): the scalar fields as plain columns, the structured ones (outcome, the latest vitals, triage's value, the
-- chain, the 9-line's location, position, the latest assignment, the incident) as one JSON array in `parts`, in that
-- order. Triggers keep it in the projection's own statement (every way a row is written keeps it true, as 008's).
-- A write that changes none of these fields (a note, a tourniquet check…) writes no row: the upsert's WHERE.
CREATE TABLE casualty_plan (
  id TEXT PRIMARY KEY,
  stage TEXT,
  precedence TEXT,
  injured_at TEXT,
  facility_id TEXT,
  destination TEXT,
  vehicle_id TEXT,
  parts TEXT NOT NULL
);

CREATE TRIGGER casualty_plan_insert AFTER INSERT ON casualties WHEN NEW.stage <> 'closed' BEGIN
  INSERT INTO casualty_plan (id, stage, precedence, injured_at, facility_id, destination, vehicle_id, parts)
    SELECT NEW.id, json_extract(NEW.state, '$.stage'), json_extract(NEW.state, '$.precedence.value'), json_extract(NEW.state, '$.injuredAt'),
      json_extract(NEW.state, '$.facilityId'), json_extract(NEW.state, '$.destination.value'), json_extract(NEW.state, '$.vehicleId'),
      json_extract(NEW.state, '$.outcome', '$.vitals', '$.triage.value', '$.chain', '$.evac.nineLine.location', '$.position', '$.vehicle.history[#-1]', '$.incident')
    WHERE true
  ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, injured_at = excluded.injured_at,
    facility_id = excluded.facility_id, destination = excluded.destination, vehicle_id = excluded.vehicle_id, parts = excluded.parts;
END;

CREATE TRIGGER casualty_plan_update AFTER UPDATE ON casualties BEGIN
  DELETE FROM casualty_plan WHERE id = OLD.id AND (OLD.id IS NOT NEW.id OR NOT coalesce(NEW.stage <> 'closed', 0));
  INSERT INTO casualty_plan (id, stage, precedence, injured_at, facility_id, destination, vehicle_id, parts)
    SELECT NEW.id, json_extract(NEW.state, '$.stage'), json_extract(NEW.state, '$.precedence.value'), json_extract(NEW.state, '$.injuredAt'),
      json_extract(NEW.state, '$.facilityId'), json_extract(NEW.state, '$.destination.value'), json_extract(NEW.state, '$.vehicleId'),
      json_extract(NEW.state, '$.outcome', '$.vitals', '$.triage.value', '$.chain', '$.evac.nineLine.location', '$.position', '$.vehicle.history[#-1]', '$.incident')
    WHERE NEW.stage <> 'closed'
  ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, injured_at = excluded.injured_at,
    facility_id = excluded.facility_id, destination = excluded.destination, vehicle_id = excluded.vehicle_id, parts = excluded.parts
  WHERE (stage, precedence, injured_at, facility_id, destination, vehicle_id, parts)
    IS NOT (excluded.stage, excluded.precedence, excluded.injured_at, excluded.facility_id, excluded.destination, excluded.vehicle_id, excluded.parts);
END;

CREATE TRIGGER casualty_plan_delete AFTER DELETE ON casualties BEGIN
  DELETE FROM casualty_plan WHERE id = OLD.id;
END;

-- The open casualties already projected.
INSERT INTO casualty_plan (id, stage, precedence, injured_at, facility_id, destination, vehicle_id, parts)
  SELECT id, json_extract(state, '$.stage'), json_extract(state, '$.precedence.value'), json_extract(state, '$.injuredAt'),
    json_extract(state, '$.facilityId'), json_extract(state, '$.destination.value'), json_extract(state, '$.vehicleId'),
    json_extract(state, '$.outcome', '$.vitals', '$.triage.value', '$.chain', '$.evac.nineLine.location', '$.position', '$.vehicle.history[#-1]', '$.incident')
  FROM casualties WHERE stage <> 'closed';
