-- Issue 16: one page fewer written per SQLite commit. `events.seq` was INTEGER PRIMARY KEY AUTOINCREMENT, so every
-- append also rewrote the sqlite_sequence page (a single-note append wrote ~9.5 WAL pages, ~7.4 without it; a raw
-- single-row INSERT writes 2). Without AUTOINCREMENT SQLite numbers a new row max(seq) + 1.
-- Why that keeps the cursor's guarantees (seq order = commit order, gap-free, a number never names two events):
-- * A number differs from AUTOINCREMENT's only if the event holding the highest number was deleted. No code
--   deletes an event (the log is append-only; src/ has no DELETE FROM events), and an event deleted behind the log's
--   back is what the log's audit chain reports (each entry names its events by id, number and content hash), the
--   number given again included (src/storage/sqlite-append.int.test.ts).
-- * A rolled-back append (a refused one's savepoint, a failed transaction) gives its numbers back, as before: the
--   sqlite_sequence update rolled back with it. No reader saw them, since nothing uncommitted is read.
-- * One writer at a time (the store's connection, group commit): numbers are taken in commit order.
-- SQLite cannot drop AUTOINCREMENT in place: the table is rebuilt with every row and number, its indexes and its
-- trigger (013) as they were, except that events_casualty is on casualty_id alone: the rowid (seq) ends every
-- index entry already, so `casualty_id = ? ORDER BY seq` and `casualty_id = ? AND seq > ?` read it in order as before,
-- from smaller entries.
CREATE TABLE events_027 (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  casualty_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  device_id TEXT NOT NULL,
  author TEXT NOT NULL,
  hlc TEXT,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  received_at TEXT NOT NULL,
  clock TEXT CHECK (clock IS NULL OR json_valid(clock))
) STRICT;
INSERT INTO events_027 (seq, id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock)
  SELECT seq, id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock FROM events ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_027 RENAME TO events;
DELETE FROM sqlite_sequence WHERE name = 'events';
CREATE INDEX events_casualty ON events (casualty_id);
CREATE INDEX events_incident_declared ON events (casualty_id) WHERE type = 'incident.declared';
CREATE TRIGGER incident_access AFTER INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE casualty_id = NEW.casualty_id AND type = 'incident.declared')
BEGIN
  DELETE FROM casualty_access WHERE casualty_id = NEW.casualty_id;
  INSERT OR IGNORE INTO casualty_access (key, casualty_id)
    SELECT DISTINCT k, NEW.casualty_id FROM (
      SELECT 'a:' || author AS k FROM events WHERE casualty_id = NEW.casualty_id
      UNION SELECT 'a:device:' || device_id FROM events WHERE casualty_id = NEW.casualty_id
      UNION SELECT 'u:' || u FROM (
        SELECT json_extract(d.payload, '$.unitId') AS u FROM events d
        WHERE d.casualty_id = NEW.casualty_id AND d.type = 'incident.declared'
          AND d.id NOT IN (SELECT json_extract(v.payload, '$.target') FROM events v WHERE v.casualty_id = NEW.casualty_id AND v.type = 'void')
        ORDER BY (julianday(d.at) - 2440587.5) * 86400000.0, d.id LIMIT 1
      ) WHERE u IS NOT NULL
    );
END;
