-- Issue 16: the guarded append as ONE statement with bound parameters. Before, the process sent five statements
-- (021's gh_append_at_head, the events, the projections, the head, the live wake-up) as one simple-protocol
-- query with every value written into the SQL text: PostgreSQL parsed and planned each statement afresh on every
-- append (a projection's ~3 KB state literal included), and Node escaped every value. Here the same statements run
-- inside a function, whose plans PL/pgSQL keeps per connection; the rows come as JSON parameters. The guarantees are
-- 021's: gh_append_at_head takes the head locks first (held to COMMIT: seq order = commit order), refuses with
-- GH001 when a touched casualty's last_seq moved or an id is stored, and writes the audit entries; the events and
-- projections are numbered from the locked head; one implicit transaction, so all or nothing.
-- evs: [{o (offset from the head), i, c, t, a, r, d, au, hl, p, rc, k}]
-- rows: [{i, st, p, t, u, f, d, v, au, inj, ls (offset from the head), up, sj, ii, fo, dk}]
-- The JSON columns (p, k, au, sj, fo) come as JSON text in a string and are cast: json_to_recordset decodes a nested
-- value's escapes, and a note may hold \u0000, which text cannot (the json type keeps it as written).
CREATE FUNCTION gh_append_batch(cids text[], last_seqs bigint[], ids text[], audits json, evs json, rows json, channel text)
RETURNS TABLE (head bigint, audit_seq bigint, audit_hash text) LANGUAGE plpgsql AS $$
DECLARE
  h bigint;
  n bigint;
BEGIN
  SELECT g.head, g.audit_seq, g.audit_hash INTO h, audit_seq, audit_hash FROM gh_append_at_head(cids, last_seqs, ids, audits) g;
  INSERT INTO events (seq, id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock)
    SELECT h + x.o, x.i, x.c, x.t, x.a, x.r, x.d, x.au, x.hl, x.p::json, x.rc, x.k::json
    FROM json_to_recordset(evs) AS x(o bigint, i text, c text, t text, a text, r text, d text, au text, hl text, p text, rc text, k text);
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO casualties (id, stage, precedence, triage, unit_id, facility_id, destination_id, vehicle_id, authors, injured_at,
      last_seq, updated_at, state, incident_id, fold, derived_key)
    SELECT x.i, x.st, x.p, x.t, x.u, x.f, x.d, x.v, x.au::json, x.inj, h + x.ls, x.up, x.sj::json, x.ii, x.fo::json, x.dk
    FROM json_to_recordset(rows) AS x(i text, st text, p text, t text, u text, f text, d text, v text, au text, inj text,
      ls bigint, up text, sj text, ii text, fo text, dk text)
    ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, triage = excluded.triage,
      unit_id = excluded.unit_id, facility_id = excluded.facility_id, destination_id = excluded.destination_id,
      vehicle_id = excluded.vehicle_id, authors = excluded.authors, injured_at = excluded.injured_at,
      last_seq = excluded.last_seq, updated_at = excluded.updated_at, state = excluded.state, incident_id = excluded.incident_id,
      fold = excluded.fold, derived_key = excluded.derived_key;
  UPDATE event_head SET seq = h + n WHERE one;
  -- The live bus's wake-up, delivered at COMMIT (as 021's caller sent it).
  PERFORM pg_notify(channel, json_build_object('type', 'appended', 'head', h + n)::text);
  head := h;
  RETURN NEXT;
END
$$;
