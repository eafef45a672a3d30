-- Issue 16: the projection row's UPDATE triggers decided "nothing I read changed" by parsing the state: 021's two
-- (derived rows) compared nine parts of the OLD and the NEW state with json_extract, and 028's plan row trigger
-- extracted the planner's fields from the NEW state on every write - on every append, a note too (a ~3.5 KB state:
-- ~0.1-0.17 ms of an update's ~0.12-0.2 ms, bench/scale/trigger-cost.ts). As PostgreSQL's 022 and 029, the writer
-- now stores digests of those parts with the row (`derived_key`: the derived rows' parts; `plan_key`: the planner's
-- fields; storage/common.ts stateKeys) and the triggers compare them: equal digests mean equal parts
-- (the stored state is the JSON the digests hashed), a digest that differs for equal parts only costs the old
-- rewrite, and a row without one (NULL: written by hand or by an older writer) is rewritten on every update. Same
-- bodies; the column comparisons of 021 stay.
ALTER TABLE casualties ADD COLUMN derived_key TEXT;
ALTER TABLE casualties ADD COLUMN plan_key TEXT;

DROP TRIGGER casualty_facts_update;
CREATE TRIGGER casualty_facts_update AFTER UPDATE ON casualties
WHEN OLD.id IS NOT NEW.id OR OLD.unit_id IS NOT NEW.unit_id OR OLD.injured_at IS NOT NEW.injured_at
  OR OLD.triage IS NOT NEW.triage OR OLD.precedence IS NOT NEW.precedence OR OLD.stage IS NOT NEW.stage
  OR NEW.derived_key IS NULL OR OLD.derived_key IS NOT NEW.derived_key
BEGIN
  DELETE FROM casualty_facts WHERE id = NEW.id;
  INSERT INTO casualty_facts SELECT * FROM casualty_facts_source WHERE id = NEW.id;
  DELETE FROM casualty_tourniquets WHERE casualty_id = NEW.id;
  INSERT INTO casualty_tourniquets SELECT * FROM casualty_tourniquets_source WHERE casualty_id = NEW.id;
END;

DROP TRIGGER casualty_read_side_update;
CREATE TRIGGER casualty_read_side_update AFTER UPDATE ON casualties
WHEN OLD.id IS NOT NEW.id OR OLD.authors IS NOT NEW.authors OR OLD.unit_id IS NOT NEW.unit_id
  OR OLD.facility_id IS NOT NEW.facility_id OR OLD.destination_id IS NOT NEW.destination_id OR OLD.stage IS NOT NEW.stage
  OR OLD.precedence IS NOT NEW.precedence OR OLD.triage IS NOT NEW.triage OR OLD.injured_at IS NOT NEW.injured_at
  OR (NEW.injured_at IS NULL AND OLD.updated_at IS NOT NEW.updated_at)
  OR NEW.derived_key IS NULL OR OLD.derived_key IS NOT NEW.derived_key
BEGIN
  DELETE FROM casualty_access WHERE casualty_id = OLD.id;
  DELETE FROM casualty_reads WHERE id = OLD.id;
  INSERT INTO casualty_access (key, casualty_id)
    SELECT DISTINCT k, NEW.id FROM (
      SELECT 'a:' || value AS k FROM json_each(NEW.authors)
      UNION SELECT 'u:' || NEW.unit_id WHERE NEW.unit_id IS NOT NULL
      UNION SELECT 'f:' || NEW.facility_id WHERE NEW.facility_id IS NOT NULL
      UNION SELECT 'f:' || NEW.destination_id WHERE NEW.destination_id IS NOT NULL
      UNION SELECT 'f:' || json_extract(value, '$.facilityId') FROM json_each(NEW.state, '$.chain') WHERE json_extract(value, '$.facilityId') IS NOT NULL
    );
  INSERT INTO casualty_reads (id, evac, evac_open, evac_rank, evac_ms, outcome, conflict, arrival_at, stage, precedence, triage, injured_at)
    SELECT NEW.id, x.evac, x.evac AND NOT x.cancelled AND NEW.stage <> 'closed',
      CASE x.eff WHEN 'urgent' THEN 0 WHEN 'urgent-surgical' THEN 1 WHEN 'priority' THEN 2 WHEN 'routine' THEN 3 WHEN 'convenience' THEN 4 ELSE 99 END,
      coalesce((julianday(coalesce(NEW.injured_at, x.requested, NEW.updated_at)) - 2440587.5) * 86400000.0, 0),
      json_extract(NEW.state, '$.outcome.outcome'),
      coalesce(json_type(NEW.state, '$.triage.conflict') = 'array', 0) OR coalesce(json_type(NEW.state, '$.precedence.conflict') = 'array', 0)
        OR coalesce(json_type(NEW.state, '$.destination.conflict') = 'array', 0),
      (SELECT json_extract(value, '$.at') FROM json_each(NEW.state, '$.chain') WHERE json_extract(value, '$.kind') = 'arrival' ORDER BY key LIMIT 1),
      NEW.stage, NEW.precedence, NEW.triage, NEW.injured_at
    FROM (SELECT
      coalesce(json_type(NEW.state, '$.evac.nineLine') = 'object', 0) AS evac,
      coalesce(json_extract(NEW.state, '$.evac.cancelled'), 0) AS cancelled,
      json_extract(NEW.state, '$.evac.requestedAt') AS requested,
      coalesce(NEW.precedence, CASE
        WHEN coalesce(json_extract(NEW.state, '$.evac.nineLine.patientsByPrecedence.A'), 0) > 0 THEN 'urgent'
        WHEN coalesce(json_extract(NEW.state, '$.evac.nineLine.patientsByPrecedence.B'), 0) > 0 THEN 'urgent-surgical'
        WHEN coalesce(json_extract(NEW.state, '$.evac.nineLine.patientsByPrecedence.C'), 0) > 0 THEN 'priority'
        WHEN coalesce(json_extract(NEW.state, '$.evac.nineLine.patientsByPrecedence.D'), 0) > 0 THEN 'routine'
        WHEN coalesce(json_extract(NEW.state, '$.evac.nineLine.patientsByPrecedence.E'), 0) > 0 THEN 'convenience' END) AS eff) AS x;
END;

DROP TRIGGER casualty_plan_update;
CREATE TRIGGER casualty_plan_update AFTER UPDATE ON casualties
WHEN NEW.plan_key IS NULL OR OLD.plan_key IS NOT NEW.plan_key OR OLD.id IS NOT NEW.id OR OLD.stage IS NOT NEW.stage
BEGIN
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
