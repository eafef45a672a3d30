-- An incident's own log (issue 15) gets access rows too (issue 10): the same casualty_access keys a casualty has,
-- so ONE scope check in the query (scope-sql.ts) serves the live stream, sync pull and single reads of both.
-- The keys are those src/core/incident.ts foldIncident derives and the reader used to check in code:
-- 'a:<author>' and 'a:device:<id>' for every event of the log, and 'u:<unit>' of the first declaration in fold
-- order (time, then id) that is not voided. Kept by a trigger on events, recomputed from the whole (small) log on
-- each of its events: a later void or a second declaration changes the answer, so nothing is appended blindly.
-- A stream id names a casualty or an incident, never both (the door refuses a mix), so the keys never collide.
CREATE TRIGGER incident_access AFTER INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE casualty_id = NEW.casualty_id AND type = 'incident.declared')
BEGIN
  DELETE FROM casualty_access WHERE casualty_id = NEW.casualty_id;
  INSERT OR IGNORE INTO casualty_access (key, casualty_id)
    SELECT DISTINCT k, NEW.casualty_id FROM (
      SELECT 'a:' || author AS k FROM events WHERE casualty_id = NEW.casualty_id
      UNION SELECT 'a:device:' || device_id FROM events WHERE casualty_id = NEW.casualty_id
      UNION SELECT 'u:' || u FROM (
        SELECT json_extract(d.payload, '$.unitId') AS u FROM events d
        WHERE d.casualty_id = NEW.casualty_id AND d.type = 'incident.declared'
          AND d.id NOT IN (SELECT json_extract(v.payload, '$.target') FROM events v WHERE v.casualty_id = NEW.casualty_id AND v.type = 'void')
        ORDER BY (julianday(d.at) - 2440587.5) * 86400000.0, d.id LIMIT 1
      ) WHERE u IS NOT NULL
    );
END;

-- Incidents declared before this migration: the same statements, once per incident log.
INSERT OR IGNORE INTO casualty_access (key, casualty_id)
  SELECT DISTINCT k, cid FROM (
    SELECT 'a:' || e.author AS k, e.casualty_id AS cid FROM events e
      WHERE e.casualty_id IN (SELECT casualty_id FROM events WHERE type = 'incident.declared')
    UNION SELECT 'a:device:' || e.device_id, e.casualty_id FROM events e
      WHERE e.casualty_id IN (SELECT casualty_id FROM events WHERE type = 'incident.declared')
    UNION SELECT 'u:' || (
        SELECT json_extract(d.payload, '$.unitId') FROM events d
        WHERE d.casualty_id = i.casualty_id AND d.type = 'incident.declared'
          AND d.id NOT IN (SELECT json_extract(v.payload, '$.target') FROM events v WHERE v.casualty_id = i.casualty_id AND v.type = 'void')
        ORDER BY (julianday(d.at) - 2440587.5) * 86400000.0, d.id LIMIT 1), i.casualty_id
      FROM (SELECT DISTINCT casualty_id FROM events WHERE type = 'incident.declared') i
  ) WHERE k IS NOT NULL;
