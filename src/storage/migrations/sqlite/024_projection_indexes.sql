-- Issue 16: fewer pages written per append. Every index of 001/007 on casualties ended in last_seq, and every append
-- moves a casualty's last_seq, so each append rewrote an entry in all seven of them (SQLite also rewrites an index
-- whose columns an UPDATE sets, even to the same value; the store now sets only the columns that changed). A
-- single-note append wrote about 15 pages to the WAL, against 2 for a raw single-row INSERT, and the commit's cost
-- grows with the pages. Now only casualties_last_seq (the lists' order and the plan's delta) follows last_seq:
--  - precedence and unit keep an index on the column alone (moved only when the column changes);
--  - stage has none: its lists (`stage <> 'closed'`, a facility's closed casualties) walk casualties_last_seq or a
--    facility's index in order and stop at their limit; an index on stage alone made the planner read every closed
--    casualty and sort them for a facility's last five;
--  - facility, destination and incident keep last_seq for their paged lists, but hold only the casualties that have
--    one (partial indexes: `x = ?` implies `x IS NOT NULL`, so the same queries use them), so a casualty not yet at
--    or bound for a facility, or in no incident, writes none of them.
DROP INDEX casualties_stage;
DROP INDEX casualties_precedence;
CREATE INDEX casualties_precedence ON casualties (precedence);
DROP INDEX casualties_unit;
CREATE INDEX casualties_unit ON casualties (unit_id);
DROP INDEX casualties_facility;
CREATE INDEX casualties_facility ON casualties (facility_id, last_seq) WHERE facility_id IS NOT NULL;
DROP INDEX casualties_destination;
CREATE INDEX casualties_destination ON casualties (destination_id, last_seq) WHERE destination_id IS NOT NULL;
DROP INDEX casualties_incident;
CREATE INDEX casualties_incident ON casualties (incident_id, last_seq) WHERE incident_id IS NOT NULL;
