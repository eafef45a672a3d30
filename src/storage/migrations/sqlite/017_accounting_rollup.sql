-- Issue 13: the dashboard's counts from a day × unit × category roll-up instead of a scan of every casualty.
--
-- casualty_rollup holds, per (day of injury, unit, person status), how many casualties each figure counts
-- (the conditions of FIGURE_SQL in src/accounting/recorded.ts) and how many have each time. casualty_tq_rollup holds
-- tourniquets per cell and duration bucket. Both are kept by triggers on casualty_facts / casualty_tourniquets,
-- themselves kept by triggers on the projection: every append updates them in its own transaction, so they are never
-- stale and a crash loses nothing the log kept. A key must not be NULL: a missing day is '' (a day is a date or
-- nothing), a unit is '+' and its id, and no unit is '' (a unit's id may be any string, even ''). A cell whose count falls to 0 stays, and is skipped by the reader.
CREATE TABLE casualty_rollup (
  injured_day TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  person_status TEXT NOT NULL,
  n_all INTEGER NOT NULL,
  n_wounded INTEGER NOT NULL,
  n_kia INTEGER NOT NULL,
  n_dow INTEGER NOT NULL,
  n_rtd INTEGER NOT NULL,
  n_evacuated_onward INTEGER NOT NULL,
  n_permanent_injury INTEGER NOT NULL,
  n_open INTEGER NOT NULL,
  n_t1 INTEGER NOT NULL,
  n_t1_surgery_60 INTEGER NOT NULL,
  n_t1_surgery_120 INTEGER NOT NULL,
  n_pickup INTEGER NOT NULL,
  n_arrival INTEGER NOT NULL,
  n_surgery INTEGER NOT NULL,
  PRIMARY KEY (injured_day, unit_id, person_status)
) STRICT, WITHOUT ROWID;

CREATE TABLE casualty_tq_rollup (
  injured_day TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  person_status TEXT NOT NULL,
  bucket TEXT NOT NULL,
  n INTEGER NOT NULL,
  converted_within_2h INTEGER NOT NULL,
  PRIMARY KEY (injured_day, unit_id, person_status, bucket)
) STRICT, WITHOUT ROWID;

-- One row's contribution, +1 on insert and −1 on delete. "Ensure the cell, then add" rather than an upsert: inside a
-- trigger SQLite lets the outer statement's conflict handling (the projection's upsert) override the trigger's own.
CREATE TRIGGER casualty_rollup_add AFTER INSERT ON casualty_facts BEGIN
  INSERT INTO casualty_rollup SELECT coalesce(NEW.injured_day, ''), coalesce('+' || NEW.unit_id, ''), NEW.person_status, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    WHERE NOT EXISTS (SELECT 1 FROM casualty_rollup WHERE injured_day = coalesce(NEW.injured_day, '') AND unit_id = coalesce('+' || NEW.unit_id, '') AND person_status = NEW.person_status);
  UPDATE casualty_rollup SET
    n_all = n_all + 1,
    n_wounded = n_wounded + (NEW.outcome IS NULL OR NEW.outcome <> 'killed-in-action'),
    n_kia = n_kia + coalesce(NEW.outcome = 'killed-in-action', 0),
    n_dow = n_dow + coalesce(NEW.outcome = 'died-of-wounds', 0),
    n_rtd = n_rtd + coalesce(NEW.outcome = 'returned-to-duty', 0),
    n_evacuated_onward = n_evacuated_onward + coalesce(NEW.outcome = 'evacuated-onward', 0),
    n_permanent_injury = n_permanent_injury + coalesce(NEW.outcome = 'permanent-injury', 0),
    n_open = n_open + (NEW.outcome IS NULL),
    n_t1 = n_t1 + coalesce(NEW.triage = 'T1', 0),
    n_t1_surgery_60 = n_t1_surgery_60 + coalesce(NEW.triage = 'T1' AND NEW.min_to_surgery <= 60, 0),
    n_t1_surgery_120 = n_t1_surgery_120 + coalesce(NEW.triage = 'T1' AND NEW.min_to_surgery <= 120, 0),
    n_pickup = n_pickup + (NEW.min_to_pickup IS NOT NULL),
    n_arrival = n_arrival + (NEW.min_to_arrival IS NOT NULL),
    n_surgery = n_surgery + (NEW.min_to_surgery IS NOT NULL)
  WHERE injured_day = coalesce(NEW.injured_day, '') AND unit_id = coalesce('+' || NEW.unit_id, '') AND person_status = NEW.person_status;
END;
CREATE TRIGGER casualty_rollup_remove AFTER DELETE ON casualty_facts BEGIN
  UPDATE casualty_rollup SET
    n_all = n_all - 1,
    n_wounded = n_wounded - (OLD.outcome IS NULL OR OLD.outcome <> 'killed-in-action'),
    n_kia = n_kia - coalesce(OLD.outcome = 'killed-in-action', 0),
    n_dow = n_dow - coalesce(OLD.outcome = 'died-of-wounds', 0),
    n_rtd = n_rtd - coalesce(OLD.outcome = 'returned-to-duty', 0),
    n_evacuated_onward = n_evacuated_onward - coalesce(OLD.outcome = 'evacuated-onward', 0),
    n_permanent_injury = n_permanent_injury - coalesce(OLD.outcome = 'permanent-injury', 0),
    n_open = n_open - (OLD.outcome IS NULL),
    n_t1 = n_t1 - coalesce(OLD.triage = 'T1', 0),
    n_t1_surgery_60 = n_t1_surgery_60 - coalesce(OLD.triage = 'T1' AND OLD.min_to_surgery <= 60, 0),
    n_t1_surgery_120 = n_t1_surgery_120 - coalesce(OLD.triage = 'T1' AND OLD.min_to_surgery <= 120, 0),
    n_pickup = n_pickup - (OLD.min_to_pickup IS NOT NULL),
    n_arrival = n_arrival - (OLD.min_to_arrival IS NOT NULL),
    n_surgery = n_surgery - (OLD.min_to_surgery IS NOT NULL)
  WHERE injured_day = coalesce(OLD.injured_day, '') AND unit_id = coalesce('+' || OLD.unit_id, '') AND person_status = OLD.person_status;
END;

-- The duration buckets of src/accounting/recorded.ts (TOURNIQUET_BUCKETS).
CREATE TRIGGER casualty_tq_rollup_add AFTER INSERT ON casualty_tourniquets BEGIN
  INSERT INTO casualty_tq_rollup SELECT coalesce(NEW.injured_day, ''), coalesce('+' || NEW.unit_id, ''), NEW.person_status,
      CASE WHEN NEW.minutes IS NULL THEN 'running' WHEN NEW.minutes < 30 THEN '<30' WHEN NEW.minutes < 60 THEN '30-60'
        WHEN NEW.minutes < 120 THEN '60-120' WHEN NEW.minutes < 360 THEN '120-360' ELSE '>360' END AS b, 0, 0
    WHERE NOT EXISTS (SELECT 1 FROM casualty_tq_rollup WHERE injured_day = coalesce(NEW.injured_day, '') AND unit_id = coalesce('+' || NEW.unit_id, '')
      AND person_status = NEW.person_status AND bucket = CASE WHEN NEW.minutes IS NULL THEN 'running' WHEN NEW.minutes < 30 THEN '<30'
        WHEN NEW.minutes < 60 THEN '30-60' WHEN NEW.minutes < 120 THEN '60-120' WHEN NEW.minutes < 360 THEN '120-360' ELSE '>360' END);
  UPDATE casualty_tq_rollup SET n = n + 1, converted_within_2h = converted_within_2h + NEW.converted_within_2h
  WHERE injured_day = coalesce(NEW.injured_day, '') AND unit_id = coalesce('+' || NEW.unit_id, '') AND person_status = NEW.person_status
    AND bucket = CASE WHEN NEW.minutes IS NULL THEN 'running' WHEN NEW.minutes < 30 THEN '<30' WHEN NEW.minutes < 60 THEN '30-60'
        WHEN NEW.minutes < 120 THEN '60-120' WHEN NEW.minutes < 360 THEN '120-360' ELSE '>360' END;
END;
CREATE TRIGGER casualty_tq_rollup_remove AFTER DELETE ON casualty_tourniquets BEGIN
  UPDATE casualty_tq_rollup SET n = n - 1, converted_within_2h = converted_within_2h - OLD.converted_within_2h
  WHERE injured_day = coalesce(OLD.injured_day, '') AND unit_id = coalesce('+' || OLD.unit_id, '') AND person_status = OLD.person_status
    AND bucket = CASE WHEN OLD.minutes IS NULL THEN 'running' WHEN OLD.minutes < 30 THEN '<30' WHEN OLD.minutes < 60 THEN '30-60'
        WHEN OLD.minutes < 120 THEN '60-120' WHEN OLD.minutes < 360 THEN '120-360' ELSE '>360' END;
END;

INSERT INTO casualty_rollup
SELECT coalesce(injured_day, ''), coalesce('+' || unit_id, ''), person_status, count(*),
  sum(outcome IS NULL OR outcome <> 'killed-in-action'), sum(coalesce(outcome = 'killed-in-action', 0)),
  sum(coalesce(outcome = 'died-of-wounds', 0)), sum(coalesce(outcome = 'returned-to-duty', 0)),
  sum(coalesce(outcome = 'evacuated-onward', 0)), sum(coalesce(outcome = 'permanent-injury', 0)), sum(outcome IS NULL),
  sum(coalesce(triage = 'T1', 0)), sum(coalesce(triage = 'T1' AND min_to_surgery <= 60, 0)),
  sum(coalesce(triage = 'T1' AND min_to_surgery <= 120, 0)),
  count(min_to_pickup), count(min_to_arrival), count(min_to_surgery)
FROM casualty_facts GROUP BY 1, 2, 3;
INSERT INTO casualty_tq_rollup
SELECT coalesce(injured_day, ''), coalesce('+' || unit_id, ''), person_status,
  CASE WHEN minutes IS NULL THEN 'running' WHEN minutes < 30 THEN '<30' WHEN minutes < 60 THEN '30-60'
    WHEN minutes < 120 THEN '60-120' WHEN minutes < 360 THEN '120-360' ELSE '>360' END,
  count(*), sum(converted_within_2h)
FROM casualty_tourniquets GROUP BY 1, 2, 3, 4;

-- A replication conflict kept for a person (claim_sync_seen) can be marked settled: by whom, when and why. The same
-- act is a 'settled' entry of the claim's history (audited in the claims chain, and replicated like any entry).
ALTER TABLE claim_sync_seen ADD COLUMN settled_by TEXT;
ALTER TABLE claim_sync_seen ADD COLUMN settled_at TEXT;
ALTER TABLE claim_sync_seen ADD COLUMN settled_reason TEXT;
