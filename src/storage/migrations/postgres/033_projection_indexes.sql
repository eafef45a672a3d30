-- Issue 16: fewer index entries per append (SQLite's 024, for PostgreSQL). Every append moves its casualty's
-- last_seq, an indexed column, so the projection update is never HOT: PostgreSQL inserts a new entry into EVERY index
-- of casualties, whatever columns changed. 001/007 gave it eight (the key and seven ending in last_seq), so a note
-- wrote eight index entries; the projection upsert was the CALL's second heaviest statement (bench:append-parts).
-- Only an index's predicate spares a row, so:
--  - stage has none: its lists (`stage <> 'closed'`, which this index never served, and a facility's closed casualties)
--    walk casualties_last_seq or a facility's index in order and stop at their limit;
--  - facility, destination and incident keep last_seq for their paged lists, but hold only the casualties that have
--    one (partial: `x = $1` implies `x IS NOT NULL`, so the same queries, generic plans included, use them), so a
--    casualty not yet at or bound for a facility, or in no incident, writes none of them;
--  - precedence and unit stay as they are (nearly every casualty has both: a partial index would spare nothing).
-- A note on a casualty at no facility: four entries (key, last_seq, precedence, unit), not eight.
DROP INDEX casualties_stage;
DROP INDEX casualties_facility;
CREATE INDEX casualties_facility ON casualties (facility_id, last_seq) WHERE facility_id IS NOT NULL;
DROP INDEX casualties_destination;
CREATE INDEX casualties_destination ON casualties (destination_id, last_seq) WHERE destination_id IS NOT NULL;
DROP INDEX casualties_incident;
CREATE INDEX casualties_incident ON casualties (incident_id, last_seq) WHERE incident_id IS NOT NULL;
