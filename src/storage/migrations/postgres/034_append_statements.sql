-- Issue 16: a lone writer's note ran 14 statements inside 032's CALL (auto_explain: two set_config, the head lock,
-- the guard, the id check, the audit list, the audit loop's own query, the audit entry, its head, the event, the
-- projection, the event head, the 'sync' mark, the wake-up). Each is an executor run of its own inside PL/pgSQL (a
-- plan-cache lookup, a snapshot, a portal, its instrumentation), whatever it writes. Now three:
--  - the head lock, with the transaction's settings (plan_cache_mode, gh.async_append, and synchronous_commit when
--    split) set in its target list: the lock has no parameters, so its own plan is generic either way, and every
--    later statement is planned under them;
--  - the guard, with the id check as a third column (the guard's answer decides in the same order as before: a
--    projection gone, then moved rows answered, then a stored id);
--  - the write: one statement of data-modifying CTEs — the audit entries chained from the locked audit head (a
--    recursive CTE, entry k's hash over entry k-1's), the audit head, the events, the projections, the event head,
--    the 'sync' mark (unless split) and the wake-up (unless split: then after the mark, as before). All see the
--    one snapshot taken after the lock and guard; every trigger on these tables is AFTER, so it fires at the
--    statement's end and sees every row of it, as it saw the rows of the statements before.
-- What is written, in which transaction, and the refusals are 032's.
CREATE OR REPLACE PROCEDURE gh_append_durable(mark_writer text, split boolean, cids text[], last_seqs bigint[], ids text[], audits json,
  evs json, rows json, channel text, INOUT head bigint DEFAULT NULL, INOUT audit_seq bigint DEFAULT NULL,
  INOUT audit_hash text DEFAULT NULL, INOUT moved json DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
  h bigint;
  n bigint;
  aseq bigint;
  ahash text;
  gone boolean;
  stored boolean;
  settings text;
BEGIN
  -- Plans made once per connection; the trigger's 'sync' mark not needed (written below, or by the writer's row
  -- when split); all local to this transaction.
  SELECT e.seq, l.seq, l.hash, concat(set_config('plan_cache_mode', 'force_generic_plan', true), set_config('gh.async_append', 'on', true),
      CASE WHEN split THEN set_config('synchronous_commit', 'off', true) END)
    INTO h, aseq, ahash, settings FROM event_head e, log_audit_head l WHERE e.one AND l.one FOR UPDATE OF e, l;
  SELECT g.gone, g.moved, EXISTS (SELECT 1 FROM unnest(ids) AS u(id) JOIN LATERAL (SELECT 1 FROM events e WHERE e.id = u.id OFFSET 0) e ON true)
    INTO gone, moved, stored FROM (
    SELECT bool_or(m.id IS NULL) AS gone, json_agg(row_to_json(m)) FILTER (WHERE m.id IS NOT NULL) AS moved FROM (
      SELECT c.id, c.stage, c.precedence, c.triage, c.unit_id, c.facility_id, c.destination_id, c.vehicle_id, c.authors,
        c.injured_at, c.last_seq, c.updated_at, c.state, c.incident_id, c.fold
      FROM unnest(cids, last_seqs) AS x(id, ls) LEFT JOIN LATERAL (SELECT * FROM casualties c WHERE c.id = x.id OFFSET 0) c ON true
      WHERE CASE WHEN c.id IS NULL THEN x.ls <> -1 ELSE c.last_seq <> x.ls END) m) g;
  IF gone THEN
    RAISE EXCEPTION 'append guard: a projection is gone' USING ERRCODE = 'GH001';
  END IF;
  IF moved IS NOT NULL THEN
    RETURN; -- nothing written; the locks go with this call's transaction
  END IF;
  IF stored THEN
    RAISE EXCEPTION 'append guard: an id is already stored' USING ERRCODE = 'GH001';
  END IF;
  WITH RECURSIVE l AS (
    SELECT t.k, t.a, (SELECT string_agg((x ->> 0) || (h + (x ->> 1)::bigint)::text || (x ->> 2), ',' ORDER BY j)
        FROM json_array_elements(t.a -> 'ev') WITH ORDINALITY AS v(x, j)) AS listed
      FROM json_array_elements(audits) WITH ORDINALITY AS t(a, k)
  ), c AS (
    SELECT l.k, aseq + 1 AS seq, ahash AS prev,
        encode(sha256(convert_to(ahash || E'\n' || (l.a ->> 'pre') || l.listed || '],"seq":' || (aseq + 1)::text || '}', 'UTF8')), 'hex') AS hash
      FROM l WHERE l.k = 1
    UNION ALL
    SELECT l.k, c.seq + 1, c.hash,
        encode(sha256(convert_to(c.hash || E'\n' || (l.a ->> 'pre') || l.listed || '],"seq":' || (c.seq + 1)::text || '}', 'UTF8')), 'hex')
      FROM c JOIN l ON l.k = c.k + 1
  ), au AS (
    INSERT INTO log_audit (seq, at, actor, device_id, action, detail, events, prev_hash, hash)
      SELECT c.seq, l.a -> 'row' ->> 'at', l.a -> 'row' ->> 'actor', l.a -> 'row' ->> 'device', l.a -> 'row' ->> 'action',
          l.a -> 'row' ->> 'detail', '[' || l.listed || ']', c.prev, c.hash
        FROM c JOIN l ON l.k = c.k
  ), last_audit AS (
    SELECT c.seq, c.hash FROM c ORDER BY c.k DESC LIMIT 1
  ), audit_head AS (
    UPDATE log_audit_head SET seq = last_audit.seq, hash = last_audit.hash FROM last_audit WHERE one
  ), ev AS (
    INSERT INTO events (seq, id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock)
      SELECT h + x.o, x.i, x.c, x.t, x.a, x.r, x.d, x.au, x.hl, coalesce(x.p, x.pt::json), x.rc, coalesce(x.k, x.kt::json)
      FROM json_to_recordset(evs) AS x(o bigint, i text, c text, t text, a text, r text, d text, au text, hl text, p json, pt text,
        rc text, k json, kt text)
      RETURNING 1
  ), written AS (
    SELECT count(*) AS n FROM ev
  ), projections AS (
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
        fold = excluded.fold, derived_key = excluded.derived_key, plan_key = excluded.plan_key
  ), event_head_moved AS (
    UPDATE event_head SET seq = h + written.n FROM written WHERE one
  ), mark AS (
    -- Committed with the flush, in this transaction: the durable head covers it when its commit does.
    INSERT INTO append_durable (writer, seq) SELECT 'sync', h + written.n FROM written WHERE NOT split
      ON CONFLICT (writer) DO UPDATE SET seq = greatest(append_durable.seq, excluded.seq)
  )
  SELECT written.n, coalesce(la.seq, aseq), coalesce(la.hash, ahash),
      CASE WHEN NOT split THEN pg_notify(channel, json_build_object('type', 'appended', 'head', h + written.n, 'w', mark_writer,
        'c', CASE WHEN octet_length(to_json(cids)::text) <= 6000 THEN to_json(cids) END)::text) END
    INTO n, audit_seq, audit_hash, settings FROM written LEFT JOIN last_audit la ON true;
  IF split THEN
    COMMIT;
    INSERT INTO append_durable (writer, seq) VALUES (mark_writer, h + n)
      ON CONFLICT (writer) DO UPDATE SET seq = greatest(append_durable.seq, excluded.seq);
    COMMIT;
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM pg_notify(channel, json_build_object('type', 'appended', 'head', h + n, 'w', mark_writer,
      'c', CASE WHEN octet_length(to_json(cids)::text) <= 6000 THEN to_json(cids) END)::text);
  END IF;
  head := h;
END
$$;
