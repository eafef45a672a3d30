-- Issue 16: the one-round-trip append. A process that knows the log's head (from its own last commit) sends the
-- guard, the events, the heads, the audit entry and the projections as ONE implicit transaction. The guard takes
-- the head locks first (held to COMMIT, so seq order = commit order) and refuses — SQLSTATE GH001, the whole
-- transaction rolled back — when anything the process prepared from has moved: the event or audit head, a touched
-- casualty's last_seq (-1: no row), or one of the batch's ids already stored. The process then takes the locked path.
CREATE FUNCTION gh_append_guard(head bigint, audit_seq bigint, audit_hash text, cids text[], last_seqs bigint[], ids text[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM event_head e, log_audit_head a
    WHERE e.one AND a.one AND e.seq = head AND a.seq = audit_seq AND a.hash = audit_hash
    FOR UPDATE OF e, a;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'append guard: the log head moved' USING ERRCODE = 'GH001';
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(cids, last_seqs) AS x(id, ls) LEFT JOIN casualties c ON c.id = x.id
             WHERE coalesce(c.last_seq, -1) <> x.ls) THEN
    RAISE EXCEPTION 'append guard: a projection moved' USING ERRCODE = 'GH001';
  END IF;
  IF EXISTS (SELECT 1 FROM events WHERE id = ANY (ids)) THEN
    RAISE EXCEPTION 'append guard: an id is already stored' USING ERRCODE = 'GH001';
  END IF;
END
$$;
