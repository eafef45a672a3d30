-- Issue 16: two trigger functions that a single note's append called for nothing (bench:append-parts: together
-- about a tenth of the CALL's time inside PostgreSQL).
--  - `incident_access` (013) ran on every event insert to ask whether the event's stream is an incident's log. An
--    incident's log holds only incident events and voids of them (the door refuses anything else there, issue 15),
--    so only such an insert can change its keys: the trigger now has a WHEN clause, evaluated without calling the
--    function. (`incident.linked`, a casualty's event, still pays the old check; a new incident stream type must
--    start with `incident.`.)
--  - `event_head_durable` (026) raised the shared 'sync' durable mark from a PL/pgSQL trigger on every append of a
--    lone writer (the split path skipped it inside the function, after the call). Now the trigger fires only when
--    `gh.async_append` is not set (WHEN, no call), and this procedure sets it always and raises the 'sync' mark
--    itself, in the same transaction, when it does not split: the same row, the same commit, one call less. Any
--    other writer of event_head (the locked path, 021/025's functions, an older process) still raises it through
--    the trigger, so the durable head covers every append as before.
DROP TRIGGER incident_access ON events;
CREATE TRIGGER incident_access AFTER INSERT ON events FOR EACH ROW
  WHEN (NEW.type LIKE 'incident.%' OR NEW.type = 'void')
  EXECUTE FUNCTION incident_access();

DROP TRIGGER event_head_durable ON event_head;
CREATE TRIGGER event_head_durable AFTER UPDATE ON event_head FOR EACH ROW
  WHEN (coalesce(current_setting('gh.async_append', true), '') <> 'on')
  EXECUTE FUNCTION gh_append_durable_sync();

-- 031's procedure, the same but for the 'sync' mark written here (above).
CREATE OR REPLACE PROCEDURE gh_append_durable(mark_writer text, split boolean, cids text[], last_seqs bigint[], ids text[], audits json,
  evs json, rows json, channel text, INOUT head bigint DEFAULT NULL, INOUT audit_seq bigint DEFAULT NULL,
  INOUT audit_hash text DEFAULT NULL, INOUT moved json DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
  h bigint;
  n bigint;
  aseq bigint;
  ahash text;
  a json;
  listed text;
  gone boolean;
  named text;
BEGIN
  -- Plans made once per connection (see above); local to this transaction.
  PERFORM set_config('plan_cache_mode', 'force_generic_plan', true);
  -- The trigger's 'sync' mark is not needed: a split append is marked by its writer's row, a lone one below.
  PERFORM set_config('gh.async_append', 'on', true);
  IF split THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  SELECT e.seq, l.seq, l.hash INTO h, aseq, ahash FROM event_head e, log_audit_head l WHERE e.one AND l.one FOR UPDATE OF e, l;
  SELECT bool_or(m.id IS NULL), json_agg(row_to_json(m)) FILTER (WHERE m.id IS NOT NULL) INTO gone, moved FROM (
    SELECT c.id, c.stage, c.precedence, c.triage, c.unit_id, c.facility_id, c.destination_id, c.vehicle_id, c.authors,
      c.injured_at, c.last_seq, c.updated_at, c.state, c.incident_id, c.fold
    FROM unnest(cids, last_seqs) AS x(id, ls) LEFT JOIN LATERAL (SELECT * FROM casualties c WHERE c.id = x.id OFFSET 0) c ON true
    WHERE CASE WHEN c.id IS NULL THEN x.ls <> -1 ELSE c.last_seq <> x.ls END) m;
  IF gone THEN
    RAISE EXCEPTION 'append guard: a projection is gone' USING ERRCODE = 'GH001';
  END IF;
  IF moved IS NOT NULL THEN
    RETURN; -- nothing written; the locks go with this call's transaction
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(ids) AS u(id) JOIN LATERAL (SELECT 1 FROM events e WHERE e.id = u.id OFFSET 0) e ON true) THEN
    RAISE EXCEPTION 'append guard: an id is already stored' USING ERRCODE = 'GH001';
  END IF;
  -- The audit entries, chained from the locked audit head (021's gh_append_at_head, whose lock and guard are above).
  FOR a IN SELECT value FROM json_array_elements(audits) LOOP
    SELECT string_agg((x ->> 0) || (h + (x ->> 1)::bigint)::text || (x ->> 2), ',' ORDER BY k) INTO listed
      FROM json_array_elements(a -> 'ev') WITH ORDINALITY AS t(x, k);
    aseq := aseq + 1;
    INSERT INTO log_audit (seq, at, actor, device_id, action, detail, events, prev_hash, hash)
      VALUES (aseq, a -> 'row' ->> 'at', a -> 'row' ->> 'actor', a -> 'row' ->> 'device', a -> 'row' ->> 'action', a -> 'row' ->> 'detail',
        '[' || listed || ']', ahash,
        encode(sha256(convert_to(ahash || E'\n' || (a ->> 'pre') || listed || '],"seq":' || aseq::text || '}', 'UTF8')), 'hex'))
      RETURNING log_audit.hash INTO ahash;
  END LOOP;
  UPDATE log_audit_head SET seq = aseq, hash = ahash WHERE one;
  audit_seq := aseq;
  audit_hash := ahash;
  INSERT INTO events (seq, id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock)
    SELECT h + x.o, x.i, x.c, x.t, x.a, x.r, x.d, x.au, x.hl, coalesce(x.p, x.pt::json), x.rc, coalesce(x.k, x.kt::json)
    FROM json_to_recordset(evs) AS x(o bigint, i text, c text, t text, a text, r text, d text, au text, hl text, p json, pt text,
      rc text, k json, kt text);
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO casualties (id, stage, precedence, triage, unit_id, facility_id, destination_id, vehicle_id, authors, injured_at,
      last_seq, updated_at, state, incident_id, fold, derived_key, plan_key)
    SELECT x.i, x.st, x.p, x.t, x.u, x.f, x.d, x.v, coalesce(x.au, x.aut::json), x.inj, h + x.ls, x.up,
      coalesce(x.sj, x.sjt::json), x.ii, coalesce(x.fo, x.fot::json), x.dk, x.pk
    FROM json_to_recordset(rows) AS x(i text, st text, p text, t text, u text, f text, d text, v text, au json, aut text,
      inj text, ls bigint, up text, sj json, sjt text, ii text, fo json, fot text, dk text, pk text)
    ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, triage = excluded.triage,
      unit_id = excluded.unit_id, facility_id = excluded.facility_id, destination_id = excluded.destination_id,
      vehicle_id = excluded.vehicle_id, authors = excluded.authors, injured_at = excluded.injured_at,
      last_seq = excluded.last_seq, updated_at = excluded.updated_at, state = excluded.state, incident_id = excluded.incident_id,
      fold = excluded.fold, derived_key = excluded.derived_key, plan_key = excluded.plan_key;
  UPDATE event_head SET seq = h + n WHERE one;
  IF NOT split THEN
    -- Committed with the flush, in this transaction: the durable head covers it when its commit does.
    UPDATE append_durable SET seq = greatest(seq, h + n) WHERE writer = 'sync';
    IF NOT FOUND THEN
      INSERT INTO append_durable (writer, seq) VALUES ('sync', h + n)
        ON CONFLICT (writer) DO UPDATE SET seq = greatest(append_durable.seq, excluded.seq);
    END IF;
  END IF;
  IF split THEN
    COMMIT;
    INSERT INTO append_durable (writer, seq) VALUES (mark_writer, h + n)
      ON CONFLICT (writer) DO UPDATE SET seq = greatest(append_durable.seq, excluded.seq);
    COMMIT;
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  named := to_json(cids)::text;
  PERFORM pg_notify(channel, json_build_object('type', 'appended', 'head', h + n, 'w', mark_writer,
    'c', CASE WHEN octet_length(named) <= 6000 THEN named::json END)::text);
  head := h;
END
$$;
