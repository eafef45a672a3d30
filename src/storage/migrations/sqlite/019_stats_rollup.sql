-- Issue 16: the statistics of everything (GET /api/stats for an administrator or analyst) from two roll-ups instead
-- of a GROUP BY over every casualty_reads row and a sort of every arrival: the counts per (stage, precedence,
-- triage, outcome, conflict) and how many casualties took each whole number of minutes from injury to first
-- arrival (the median is a walk over the distinct minutes). Kept by triggers on casualty_reads, which is itself
-- rewritten (a delete, then an insert) with every projection row: a write keeps them in its own transaction.
-- Keys must not be NULL: no value is '', a value is '+' and the value. A cell that falls to 0 stays; readers skip it.
CREATE TABLE casualty_stats_rollup (
  stage TEXT NOT NULL,
  precedence TEXT NOT NULL,
  triage TEXT NOT NULL,
  outcome TEXT NOT NULL,
  conflict INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (stage, precedence, triage, outcome, conflict)
) STRICT, WITHOUT ROWID;

CREATE TABLE casualty_arrival_minutes (
  minutes INTEGER PRIMARY KEY,
  n INTEGER NOT NULL
) STRICT;

-- "Ensure the cell, then add" (as migration 017): inside a trigger SQLite lets the outer statement's conflict
-- handling override an upsert's. The minutes are rounded as the statistics always rounded them (half up).
CREATE TRIGGER casualty_stats_add AFTER INSERT ON casualty_reads BEGIN
  INSERT INTO casualty_stats_rollup
    SELECT NEW.stage, coalesce('+' || NEW.precedence, ''), coalesce('+' || NEW.triage, ''), coalesce('+' || NEW.outcome, ''), NEW.conflict, 0
    WHERE NOT EXISTS (SELECT 1 FROM casualty_stats_rollup WHERE stage = NEW.stage AND precedence = coalesce('+' || NEW.precedence, '')
      AND triage = coalesce('+' || NEW.triage, '') AND outcome = coalesce('+' || NEW.outcome, '') AND conflict = NEW.conflict);
  UPDATE casualty_stats_rollup SET n = n + 1
    WHERE stage = NEW.stage AND precedence = coalesce('+' || NEW.precedence, '') AND triage = coalesce('+' || NEW.triage, '')
      AND outcome = coalesce('+' || NEW.outcome, '') AND conflict = NEW.conflict;
  INSERT INTO casualty_arrival_minutes
    SELECT m, 0 FROM (SELECT CAST(floor((unixepoch(NEW.arrival_at, 'subsec') - unixepoch(NEW.injured_at, 'subsec')) / 60.0 + 0.5) AS INTEGER) AS m)
    WHERE m IS NOT NULL AND NOT EXISTS (SELECT 1 FROM casualty_arrival_minutes WHERE minutes = m);
  UPDATE casualty_arrival_minutes SET n = n + 1
    WHERE minutes = CAST(floor((unixepoch(NEW.arrival_at, 'subsec') - unixepoch(NEW.injured_at, 'subsec')) / 60.0 + 0.5) AS INTEGER);
END;

CREATE TRIGGER casualty_stats_remove AFTER DELETE ON casualty_reads BEGIN
  UPDATE casualty_stats_rollup SET n = n - 1
    WHERE stage = OLD.stage AND precedence = coalesce('+' || OLD.precedence, '') AND triage = coalesce('+' || OLD.triage, '')
      AND outcome = coalesce('+' || OLD.outcome, '') AND conflict = OLD.conflict;
  UPDATE casualty_arrival_minutes SET n = n - 1
    WHERE minutes = CAST(floor((unixepoch(OLD.arrival_at, 'subsec') - unixepoch(OLD.injured_at, 'subsec')) / 60.0 + 0.5) AS INTEGER);
END;

-- Rows already there.
INSERT INTO casualty_stats_rollup
  SELECT stage, coalesce('+' || precedence, ''), coalesce('+' || triage, ''), coalesce('+' || outcome, ''), conflict, count(*)
  FROM casualty_reads GROUP BY 1, 2, 3, 4, 5;
INSERT INTO casualty_arrival_minutes
  SELECT m, count(*) FROM (SELECT CAST(floor((unixepoch(arrival_at, 'subsec') - unixepoch(injured_at, 'subsec')) / 60.0 + 0.5) AS INTEGER) AS m FROM casualty_reads)
  WHERE m IS NOT NULL GROUP BY m;

-- The accounting figures' times from injury to pickup, first arrival and surgery (casualty_facts), counted per value
-- in tenths of a minute (the figures are given to a tenth, and rounding keeps order, so the value at a rank of the
-- rounded counts is the rounded value at that rank): the median and p90 of everything by a walk over the distinct
-- tenths instead of a read and sort of every casualty's times. Rounded half up, as the figures are.
CREATE TABLE casualty_time_tenths (
  kind TEXT NOT NULL,
  tenths INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (kind, tenths)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER casualty_time_tenths_add AFTER INSERT ON casualty_facts BEGIN
  INSERT INTO casualty_time_tenths
    SELECT k, t, 0 FROM (
      SELECT 'pickup' AS k, CAST(floor(NEW.min_to_pickup * 10 + 0.5) AS INTEGER) AS t
      UNION ALL SELECT 'arrival', CAST(floor(NEW.min_to_arrival * 10 + 0.5) AS INTEGER)
      UNION ALL SELECT 'surgery', CAST(floor(NEW.min_to_surgery * 10 + 0.5) AS INTEGER))
    WHERE t IS NOT NULL AND NOT EXISTS (SELECT 1 FROM casualty_time_tenths x WHERE x.kind = k AND x.tenths = t);
  UPDATE casualty_time_tenths SET n = n + 1
    WHERE (kind = 'pickup' AND tenths = CAST(floor(NEW.min_to_pickup * 10 + 0.5) AS INTEGER))
      OR (kind = 'arrival' AND tenths = CAST(floor(NEW.min_to_arrival * 10 + 0.5) AS INTEGER))
      OR (kind = 'surgery' AND tenths = CAST(floor(NEW.min_to_surgery * 10 + 0.5) AS INTEGER));
END;

CREATE TRIGGER casualty_time_tenths_remove AFTER DELETE ON casualty_facts BEGIN
  UPDATE casualty_time_tenths SET n = n - 1
    WHERE (kind = 'pickup' AND tenths = CAST(floor(OLD.min_to_pickup * 10 + 0.5) AS INTEGER))
      OR (kind = 'arrival' AND tenths = CAST(floor(OLD.min_to_arrival * 10 + 0.5) AS INTEGER))
      OR (kind = 'surgery' AND tenths = CAST(floor(OLD.min_to_surgery * 10 + 0.5) AS INTEGER));
END;

INSERT INTO casualty_time_tenths
  SELECT k, t, count(*) FROM (
    SELECT 'pickup' AS k, CAST(floor(min_to_pickup * 10 + 0.5) AS INTEGER) AS t FROM casualty_facts
    UNION ALL SELECT 'arrival', CAST(floor(min_to_arrival * 10 + 0.5) AS INTEGER) FROM casualty_facts
    UNION ALL SELECT 'surgery', CAST(floor(min_to_surgery * 10 + 0.5) AS INTEGER) FROM casualty_facts)
  WHERE t IS NOT NULL GROUP BY k, t;
