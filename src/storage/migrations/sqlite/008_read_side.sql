-- The read side (issues 10 and 16): what a list query needs, kept beside each projection row by triggers, so that
-- row scope is applied IN the query and evacuations and statistics never parse every casualty's full state.
-- Triggers (not the adapters' code) keep these tables, so every way a projection row is written keeps them true.
--
-- casualty_access: who may read a casualty, as keys matched against the caller's keys (src/auth/policy.ts
-- readScope): 'a:<author>' for every author (a username or 'device:<id>'), 'u:<unit>' for its unit, 'f:<facility>'
-- for the facility it is at, the one it is going to, and every facility on its chain of custody.
CREATE TABLE casualty_access (
  key TEXT NOT NULL,
  casualty_id TEXT NOT NULL,
  PRIMARY KEY (key, casualty_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX casualty_access_casualty ON casualty_access (casualty_id);

-- casualty_reads: the few facts that order evacuation requests and make the statistics (a narrow copy of the
-- projection's stage, precedence, triage and injury time too, so that counting never reads the wide state rows).
-- evac: has a 9-line; evac_open: and not cancelled, not closed; evac_rank: rank of the effective precedence (the
-- card's, else the most urgent on line 3; 99 without one); evac_ms: injury time (else request, else update) in ms.
CREATE TABLE casualty_reads (
  id TEXT PRIMARY KEY,
  evac INTEGER NOT NULL,
  evac_open INTEGER NOT NULL,
  evac_rank INTEGER NOT NULL,
  evac_ms REAL NOT NULL,
  outcome TEXT,
  conflict INTEGER NOT NULL,
  arrival_at TEXT,
  stage TEXT NOT NULL,
  precedence TEXT,
  triage TEXT,
  injured_at TEXT
) STRICT;
CREATE INDEX casualty_reads_evac ON casualty_reads (evac, evac_rank, evac_ms, id);
CREATE INDEX casualty_reads_evac_open ON casualty_reads (evac_open, evac_rank, evac_ms, id);

CREATE TRIGGER casualty_read_side_insert AFTER INSERT ON casualties BEGIN
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

-- An update of the projection row: forget what the row said before, then as on insert (the same statements).
CREATE TRIGGER casualty_read_side_update AFTER UPDATE ON casualties BEGIN
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

-- Rows already projected before this migration.
UPDATE casualties SET id = id;

-- The version of the reference entities (vehicles, facilities, threat zones): with the log head it keys the cached
-- dispatch plan, which must be recomputed when either changes.
CREATE TABLE entity_head (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
INSERT INTO entity_head (id, n) VALUES (1, 0);
CREATE TRIGGER entity_head_insert AFTER INSERT ON entities BEGIN UPDATE entity_head SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER entity_head_update AFTER UPDATE ON entities BEGIN UPDATE entity_head SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER entity_head_delete AFTER DELETE ON entities BEGIN UPDATE entity_head SET n = n + 1 WHERE id = 1; END;
