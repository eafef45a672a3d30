-- Issue 16: a projection update rewrites its derived rows only when what they are derived from changed.
-- The triggers of 005 (casualty_facts, casualty_tourniquets and, through them, the roll-ups of 017) and 008
-- (casualty_access, casualty_reads) deleted and re-inserted every derived row on EVERY update of a casualty's
-- projection — a note or a set of vitals too — which was about half of PostgreSQL's CPU for a single-event append.
-- Now the UPDATE triggers fire only when one of their inputs differs between the old and the new row: the columns
-- they read, and the parts of the state they read (chain, evac, outcome, the decisions, identity, position,
-- tourniquets). The comparison is conservative (whole parts of the state, as text): a part that changed but does
-- not alter a derived row only costs the old rewrite; a part missing from the list would leave a derived row stale,
-- so the list is the union of every path the trigger bodies read. A later migration that must rebuild every
-- derived row cannot rely on `UPDATE casualties SET id = id` any more: it re-runs the trigger functions' statements.
CREATE FUNCTION gh_casualty_derived_inputs(t json) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT ROW(x.chain::text, x.evac::text, x.outcome::text, x.triage::text, x.precedence::text, x.destination::text,
    x.identity::text, x.position::text, x.tourniquets::text)::text
  FROM json_to_record(casualty_json(t)) AS x(chain json, evac json, outcome json, triage json, precedence json,
    destination json, identity json, position json, tourniquets json)
$f$;

DROP TRIGGER casualty_facts_refresh ON casualties;
CREATE TRIGGER casualty_facts_refresh AFTER INSERT OR DELETE ON casualties
  FOR EACH ROW EXECUTE FUNCTION casualty_facts_refresh();
CREATE TRIGGER casualty_facts_refresh_update AFTER UPDATE ON casualties FOR EACH ROW
  WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
    OR OLD.injured_at IS DISTINCT FROM NEW.injured_at OR OLD.triage IS DISTINCT FROM NEW.triage
    OR OLD.precedence IS DISTINCT FROM NEW.precedence OR OLD.stage IS DISTINCT FROM NEW.stage
    OR gh_casualty_derived_inputs(OLD.state) IS DISTINCT FROM gh_casualty_derived_inputs(NEW.state))
  EXECUTE FUNCTION casualty_facts_refresh();

DROP TRIGGER casualty_read_side ON casualties;
CREATE TRIGGER casualty_read_side AFTER INSERT ON casualties FOR EACH ROW EXECUTE FUNCTION casualty_read_side();
-- The evacuation order falls back to the update time when the casualty has no injury time (and no request time).
CREATE TRIGGER casualty_read_side_update AFTER UPDATE ON casualties FOR EACH ROW
  WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.authors::text IS DISTINCT FROM NEW.authors::text
    OR OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.facility_id IS DISTINCT FROM NEW.facility_id
    OR OLD.destination_id IS DISTINCT FROM NEW.destination_id OR OLD.stage IS DISTINCT FROM NEW.stage
    OR OLD.precedence IS DISTINCT FROM NEW.precedence OR OLD.triage IS DISTINCT FROM NEW.triage
    OR OLD.injured_at IS DISTINCT FROM NEW.injured_at
    OR (NEW.injured_at IS NULL AND OLD.updated_at IS DISTINCT FROM NEW.updated_at)
    OR gh_casualty_derived_inputs(OLD.state) IS DISTINCT FROM gh_casualty_derived_inputs(NEW.state))
  EXECUTE FUNCTION casualty_read_side();

-- The head-relative append (replaces 020's guessed head): a process sends guard + write as ONE implicit transaction
-- without knowing the log's head. This function takes the head locks first (held to COMMIT: seq order = commit
-- order), refuses — SQLSTATE GH001, everything rolled back — when a touched casualty's last_seq is not the one the
-- process folded from (-1: no row) or one of the batch's ids is stored, and writes the batch's audit entries,
-- chained from the locked audit head. Each entry's canonical body comes cut where the numbers go ("pre", then per
-- event [before, offset, after], seq = head + offset), so the hash is the one src/storage/common.ts logAuditHash
-- computes. The statements after it number the events and projections from the same locked head and move it.
-- Another process writing other casualties in between refuses nothing: only a casualty both wrote must be re-read.
CREATE FUNCTION gh_append_at_head(cids text[], last_seqs bigint[], ids text[], audits json)
RETURNS TABLE (head bigint, audit_seq bigint, audit_hash text) LANGUAGE plpgsql AS $$
DECLARE
  h bigint;
  aseq bigint;
  ahash text;
  a json;
  evs text;
BEGIN
  SELECT e.seq, l.seq, l.hash INTO h, aseq, ahash FROM event_head e, log_audit_head l WHERE e.one AND l.one FOR UPDATE OF e, l;
  IF EXISTS (SELECT 1 FROM unnest(cids, last_seqs) AS x(id, ls) LEFT JOIN casualties c ON c.id = x.id
             WHERE coalesce(c.last_seq, -1) <> x.ls) THEN
    RAISE EXCEPTION 'append guard: a projection moved' USING ERRCODE = 'GH001';
  END IF;
  IF EXISTS (SELECT 1 FROM events WHERE id = ANY (ids)) THEN
    RAISE EXCEPTION 'append guard: an id is already stored' USING ERRCODE = 'GH001';
  END IF;
  FOR a IN SELECT value FROM json_array_elements(audits) LOOP
    SELECT string_agg((x ->> 0) || (h + (x ->> 1)::bigint)::text || (x ->> 2), ',' ORDER BY n) INTO evs
      FROM json_array_elements(a -> 'ev') WITH ORDINALITY AS t(x, n);
    aseq := aseq + 1;
    INSERT INTO log_audit (seq, at, actor, device_id, action, detail, events, prev_hash, hash)
      VALUES (aseq, a -> 'row' ->> 'at', a -> 'row' ->> 'actor', a -> 'row' ->> 'device', a -> 'row' ->> 'action', a -> 'row' ->> 'detail',
        '[' || evs || ']', ahash,
        encode(sha256(convert_to(ahash || E'\n' || (a ->> 'pre') || evs || '],"seq":' || aseq::text || '}', 'UTF8')), 'hex'))
      RETURNING log_audit.hash INTO ahash;
  END LOOP;
  UPDATE log_audit_head SET seq = aseq, hash = ahash WHERE one;
  head := h;
  audit_seq := aseq;
  audit_hash := ahash;
  RETURN NEXT;
END
$$;

-- 020's guard, which needed the process to guess the log's head, is no longer called.
DROP FUNCTION gh_append_guard(bigint, bigint, text, text[], bigint[], text[]);
