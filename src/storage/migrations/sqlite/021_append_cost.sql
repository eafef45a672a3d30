-- Issue 16: a projection update rewrites its derived rows only when what they are derived from changed.
-- The UPDATE triggers of 005 (casualty_facts, casualty_tourniquets and, through them, the roll-ups of 017) and 008
-- (casualty_access, casualty_reads) deleted and re-inserted every derived row on EVERY update of a casualty's
-- projection — a note or a set of vitals too — inside the one synchronous commit of each append. They are the same
-- triggers again (same bodies), with a WHEN: one of the columns they read, or a part of the state they read (chain,
-- evac, outcome, the decisions, identity, position, tourniquets), differs between the old and the new row. The
-- comparison is conservative (whole parts of the state, as text); the list is the union of every path the bodies
-- read. A later migration that must rebuild every derived row cannot rely on `UPDATE casualties SET id = id` any more.
DROP TRIGGER casualty_facts_update;
CREATE TRIGGER casualty_facts_update AFTER UPDATE ON casualties
WHEN OLD.id IS NOT NEW.id OR OLD.unit_id IS NOT NEW.unit_id OR OLD.injured_at IS NOT NEW.injured_at
  OR OLD.triage IS NOT NEW.triage OR OLD.precedence IS NOT NEW.precedence OR OLD.stage IS NOT NEW.stage
  OR json_extract(OLD.state, '$.chain', '$.evac', '$.outcome', '$.triage', '$.precedence', '$.destination', '$.identity', '$.position', '$.tourniquets')
    IS NOT json_extract(NEW.state, '$.chain', '$.evac', '$.outcome', '$.triage', '$.precedence', '$.destination', '$.identity', '$.position', '$.tourniquets')
BEGIN
  DELETE FROM casualty_facts WHERE id = NEW.id;
  INSERT INTO casualty_facts SELECT * FROM casualty_facts_source WHERE id = NEW.id;
  DELETE FROM casualty_tourniquets WHERE casualty_id = NEW.id;
  INSERT INTO casualty_tourniquets SELECT * FROM casualty_tourniquets_source WHERE casualty_id = NEW.id;
END;

-- The evacuation order falls back to the update time when the casualty has no injury time (and no request time).
DROP TRIGGER casualty_read_side_update;
CREATE TRIGGER casualty_read_side_update AFTER UPDATE ON casualties
WHEN OLD.id IS NOT NEW.id OR OLD.authors IS NOT NEW.authors OR OLD.unit_id IS NOT NEW.unit_id
  OR OLD.facility_id IS NOT NEW.facility_id OR OLD.destination_id IS NOT NEW.destination_id OR OLD.stage IS NOT NEW.stage
  OR OLD.precedence IS NOT NEW.precedence OR OLD.triage IS NOT NEW.triage OR OLD.injured_at IS NOT NEW.injured_at
  OR (NEW.injured_at IS NULL AND OLD.updated_at IS NOT NEW.updated_at)
  OR json_extract(OLD.state, '$.chain', '$.evac', '$.outcome', '$.triage', '$.precedence', '$.destination', '$.identity', '$.position', '$.tourniquets')
    IS NOT json_extract(NEW.state, '$.chain', '$.evac', '$.outcome', '$.triage', '$.precedence', '$.destination', '$.identity', '$.position', '$.tourniquets')
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
