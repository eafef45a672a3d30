-- Issue 16: the head lock released before the WAL flush, and a refused guarded append that brings back the rows
-- that moved.
--
-- Until now every append held the `event_head` lock until its COMMIT returned, i.e. across the WAL fsync: a second
-- server process's append waited for the first one's fsync (its backends waited on the lock about as long as they
-- spent in the flush), and the two processes could never share a flush. Now, while another process is appending
-- too (the store sees the head it locks move past its own last one), the append's own transaction commits
-- without waiting for the flush (synchronous_commit off, for that transaction only): its commit record is written
-- while the lock is held, so commit order is still seq order, and the lock is released at once. Before the writer is
-- answered, a second, tiny transaction of the same call raises this writer's row of `append_durable` to the batch's
-- last seq and commits WAITING for the flush; its commit record lies after the append's, so when it returns the
-- append is on disk (no acknowledged loss). The marks of several processes share one flush, and no lock is held
-- across it (one row per writer).
--
-- Readers that keep a cursor must not pass an event that is visible but not yet flushed (a crash could lose it and
-- give its number to another event): they read no further than the durable head D = max(append_durable.seq).
-- Every seq <= D is committed and flushed: the appends are numbered under the lock in commit-record order, and the
-- commit record of the one that reached D precedes a flushed mark. Lost appends after a crash are a suffix of the
-- WAL, so of the numbers, all above D: nobody saw them. The cursor readers: the store's eventsAfter and head, the
-- `since` of the casualty lists, the plan's last_seq delta.
--
-- Any other append (021/025's functions, the locked path, an older process) commits as the database is told to;
-- the trigger below raises the 'sync' mark in that append's own transaction, so D covers it when its commit does.
-- The live wake-up leaves the append's transaction: it is sent after the mark, so a reader woken by it finds the
-- events under D (sent in a transaction that does not wait for a flush: NOTIFY's database lock is held to the end of
-- its transaction's commit and would serialise the writers again).
CREATE TABLE append_durable (writer text PRIMARY KEY, seq bigint NOT NULL);
INSERT INTO append_durable (writer, seq) SELECT 'sync', seq FROM event_head WHERE one;

CREATE FUNCTION gh_append_durable_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('gh.async_append', true), '') <> 'on' THEN
    INSERT INTO append_durable (writer, seq) VALUES ('sync', NEW.seq)
      ON CONFLICT (writer) DO UPDATE SET seq = greatest(append_durable.seq, excluded.seq);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER event_head_durable AFTER UPDATE ON event_head FOR EACH ROW EXECUTE FUNCTION gh_append_durable_sync();

-- The guarded append as one CALL (one round trip): 025's gh_append_batch with 021's lock, guard and audit chain
-- written out (not called: its second lock and guard cost statements of their own), and with
--  - a refusal because a touched casualty moved answered, not raised: `moved` holds those casualties' rows as they
--    are under the lock (the columns of SUMMARY_COLUMNS and fold), and nothing is written — the process folds again
--    from them without reading them (an id already stored still raises GH001, as before);
--  - the JSON columns (event payload and clock, authors, state, fold) embedded in `evs` / `rows` as JSON, not as
--    strings holding JSON (025): a json-typed field keeps a nested value's text as written, so a ~3 KB state is no
--    longer unescaped and parsed a second time (a value holding a \u0000 escape, which that parser refuses, still
--    comes as a string, under the key + 't');
--  - with `split`, the three transactions above: the append (not waiting for the flush), the mark (waiting), the
--    wake-up. Without, one transaction as before (the lock held across the flush, the 'sync' mark by the trigger):
--    each extra commit costs PostgreSQL CPU, so a process splits only while another process is appending too.
-- A procedure may COMMIT only when called outside a transaction block: the store calls it on a pool connection.
CREATE PROCEDURE gh_append_durable(mark_writer text, split boolean, cids text[], last_seqs bigint[], ids text[], audits json,
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
BEGIN
  IF split THEN
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM set_config('gh.async_append', 'on', true);
  END IF;
  SELECT e.seq, l.seq, l.hash INTO h, aseq, ahash FROM event_head e, log_audit_head l WHERE e.one AND l.one FOR UPDATE OF e, l;
  IF EXISTS (SELECT 1 FROM unnest(cids, last_seqs) AS x(id, ls) LEFT JOIN casualties c ON c.id = x.id
             WHERE c.id IS NULL AND x.ls <> -1) THEN
    RAISE EXCEPTION 'append guard: a projection is gone' USING ERRCODE = 'GH001';
  END IF;
  SELECT json_agg(row_to_json(m)) INTO moved FROM (
    SELECT c.id, c.stage, c.precedence, c.triage, c.unit_id, c.facility_id, c.destination_id, c.vehicle_id, c.authors,
      c.injured_at, c.last_seq, c.updated_at, c.state, c.incident_id, c.fold
    FROM unnest(cids, last_seqs) AS x(id, ls) JOIN casualties c ON c.id = x.id WHERE c.last_seq <> x.ls) m;
  IF moved IS NOT NULL THEN
    RETURN; -- nothing written; the locks go with this call's transaction
  END IF;
  IF EXISTS (SELECT 1 FROM events WHERE id = ANY (ids)) THEN
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
      last_seq, updated_at, state, incident_id, fold, derived_key)
    SELECT x.i, x.st, x.p, x.t, x.u, x.f, x.d, x.v, coalesce(x.au, x.aut::json), x.inj, h + x.ls, x.up,
      coalesce(x.sj, x.sjt::json), x.ii, coalesce(x.fo, x.fot::json), x.dk
    FROM json_to_recordset(rows) AS x(i text, st text, p text, t text, u text, f text, d text, v text, au json, aut text,
      inj text, ls bigint, up text, sj json, sjt text, ii text, fo json, fot text, dk text)
    ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, triage = excluded.triage,
      unit_id = excluded.unit_id, facility_id = excluded.facility_id, destination_id = excluded.destination_id,
      vehicle_id = excluded.vehicle_id, authors = excluded.authors, injured_at = excluded.injured_at,
      last_seq = excluded.last_seq, updated_at = excluded.updated_at, state = excluded.state, incident_id = excluded.incident_id,
      fold = excluded.fold, derived_key = excluded.derived_key;
  UPDATE event_head SET seq = h + n WHERE one;
  IF split THEN
    COMMIT;
    INSERT INTO append_durable (writer, seq) VALUES (mark_writer, h + n)
      ON CONFLICT (writer) DO UPDATE SET seq = greatest(append_durable.seq, excluded.seq);
    COMMIT;
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  PERFORM pg_notify(channel, json_build_object('type', 'appended', 'head', h + n)::text);
  head := h;
END
$$;
