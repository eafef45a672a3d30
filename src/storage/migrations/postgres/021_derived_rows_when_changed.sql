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
