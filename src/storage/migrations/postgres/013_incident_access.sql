-- An incident's own log (issue 15) gets access rows too (issue 10): the same casualty_access keys a casualty has,
-- so ONE scope check in the query (scope-sql.ts) serves the live stream, sync pull and single reads of both.
-- The keys are those src/core/incident.ts foldIncident derives and the reader used to check in code:
-- 'a:<author>' and 'a:device:<id>' for every event of the log, and 'u:<unit>' of the first declaration in fold
-- order (time, then id) that is not voided. Recomputed from the whole (small) log by a trigger on each of its
-- events: a later void or a second declaration changes the answer, so nothing is appended blindly.
-- A stream id names a casualty or an incident, never both (the door refuses a mix), so the keys never collide.
CREATE FUNCTION incident_access_keys(incident text) RETURNS void LANGUAGE sql AS $f$
  DELETE FROM casualty_access WHERE casualty_id = incident;
  INSERT INTO casualty_access (key, casualty_id)
    SELECT DISTINCT k, incident FROM (
      SELECT 'a:' || author AS k FROM events WHERE casualty_id = incident
      UNION SELECT 'a:device:' || device_id FROM events WHERE casualty_id = incident
      UNION SELECT 'u:' || u FROM (
        SELECT d.payload ->> 'unitId' AS u FROM events d
        WHERE d.casualty_id = incident AND d.type = 'incident.declared'
          AND d.id NOT IN (SELECT v.payload ->> 'target' FROM events v WHERE v.casualty_id = incident AND v.type = 'void' AND v.payload ->> 'target' IS NOT NULL)
        ORDER BY d.at::timestamptz, d.id COLLATE "C" LIMIT 1
      ) AS first_declaration WHERE u IS NOT NULL
    ) AS keys
  ON CONFLICT DO NOTHING;
$f$;

CREATE FUNCTION incident_access() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM events WHERE casualty_id = NEW.casualty_id AND type = 'incident.declared') THEN
    PERFORM incident_access_keys(NEW.casualty_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER incident_access AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION incident_access();

-- Incidents declared before this migration.
SELECT incident_access_keys(i.casualty_id) FROM (SELECT DISTINCT casualty_id FROM events WHERE type = 'incident.declared') AS i;
