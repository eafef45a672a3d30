-- Issue 13: the dashboard's counts from a day × unit × category roll-up instead of a scan of every casualty.
--
-- casualty_rollup holds, per (day of injury, unit, person status), how many casualties each figure counts
-- (the conditions of FIGURE_SQL in src/accounting/recorded.ts) and how many have each time. casualty_tq_rollup holds
-- tourniquets per cell and duration bucket. Both are kept by triggers on casualty_facts / casualty_tourniquets,
-- themselves kept by the trigger on the projection: every append updates them in its own transaction, so they are
-- never stale and a crash loses nothing the log kept. Appends are serialised by the event_head lock, so two
-- transactions never update the same cells in different orders. A key must not be NULL: a missing day is '' (a day
-- is a date or nothing), a unit is '+' and its id, and no unit is '' (a unit's id may be any string, even ''). A cell whose count falls to 0 stays, and is skipped by the reader.
CREATE TABLE casualty_rollup (
  injured_day text NOT NULL,
  unit_id text NOT NULL,
  person_status text NOT NULL,
  n_all bigint NOT NULL,
  n_wounded bigint NOT NULL,
  n_kia bigint NOT NULL,
  n_dow bigint NOT NULL,
  n_rtd bigint NOT NULL,
  n_evacuated_onward bigint NOT NULL,
  n_permanent_injury bigint NOT NULL,
  n_open bigint NOT NULL,
  n_t1 bigint NOT NULL,
  n_t1_surgery_60 bigint NOT NULL,
  n_t1_surgery_120 bigint NOT NULL,
  n_pickup bigint NOT NULL,
  n_arrival bigint NOT NULL,
  n_surgery bigint NOT NULL,
  PRIMARY KEY (injured_day, unit_id, person_status)
);

CREATE TABLE casualty_tq_rollup (
  injured_day text NOT NULL,
  unit_id text NOT NULL,
  person_status text NOT NULL,
  bucket text NOT NULL,
  n bigint NOT NULL,
  converted_within_2h bigint NOT NULL,
  PRIMARY KEY (injured_day, unit_id, person_status, bucket)
);

-- 1 when a condition holds, else 0 (NULL counts as not holding, as in a WHERE clause).
CREATE FUNCTION gh_one(b boolean) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN b THEN 1 ELSE 0 END $$;

-- The duration buckets of src/accounting/recorded.ts (TOURNIQUET_BUCKETS).
CREATE FUNCTION gh_tq_bucket(minutes double precision) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN minutes IS NULL THEN 'running' WHEN minutes < 30 THEN '<30' WHEN minutes < 60 THEN '30-60'
    WHEN minutes < 120 THEN '60-120' WHEN minutes < 360 THEN '120-360' ELSE '>360' END $$;

CREATE FUNCTION casualty_rollup_apply(f casualty_facts, s integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO casualty_rollup VALUES (
    coalesce(f.injured_day, ''), coalesce('+' || f.unit_id, ''), f.person_status, s,
    s * gh_one(f.outcome IS NULL OR f.outcome <> 'killed-in-action'), s * gh_one(f.outcome = 'killed-in-action'),
    s * gh_one(f.outcome = 'died-of-wounds'), s * gh_one(f.outcome = 'returned-to-duty'),
    s * gh_one(f.outcome = 'evacuated-onward'), s * gh_one(f.outcome = 'permanent-injury'), s * gh_one(f.outcome IS NULL),
    s * gh_one(f.triage = 'T1'), s * gh_one(f.triage = 'T1' AND f.min_to_surgery <= 60),
    s * gh_one(f.triage = 'T1' AND f.min_to_surgery <= 120),
    s * gh_one(f.min_to_pickup IS NOT NULL), s * gh_one(f.min_to_arrival IS NOT NULL), s * gh_one(f.min_to_surgery IS NOT NULL))
  ON CONFLICT (injured_day, unit_id, person_status) DO UPDATE SET
    n_all = casualty_rollup.n_all + excluded.n_all,
    n_wounded = casualty_rollup.n_wounded + excluded.n_wounded,
    n_kia = casualty_rollup.n_kia + excluded.n_kia,
    n_dow = casualty_rollup.n_dow + excluded.n_dow,
    n_rtd = casualty_rollup.n_rtd + excluded.n_rtd,
    n_evacuated_onward = casualty_rollup.n_evacuated_onward + excluded.n_evacuated_onward,
    n_permanent_injury = casualty_rollup.n_permanent_injury + excluded.n_permanent_injury,
    n_open = casualty_rollup.n_open + excluded.n_open,
    n_t1 = casualty_rollup.n_t1 + excluded.n_t1,
    n_t1_surgery_60 = casualty_rollup.n_t1_surgery_60 + excluded.n_t1_surgery_60,
    n_t1_surgery_120 = casualty_rollup.n_t1_surgery_120 + excluded.n_t1_surgery_120,
    n_pickup = casualty_rollup.n_pickup + excluded.n_pickup,
    n_arrival = casualty_rollup.n_arrival + excluded.n_arrival,
    n_surgery = casualty_rollup.n_surgery + excluded.n_surgery
$$;

CREATE FUNCTION casualty_rollup_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN PERFORM casualty_rollup_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM casualty_rollup_apply(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER casualty_rollup_refresh AFTER INSERT OR UPDATE OR DELETE ON casualty_facts
  FOR EACH ROW EXECUTE FUNCTION casualty_rollup_refresh();

CREATE FUNCTION casualty_tq_rollup_apply(t casualty_tourniquets, s integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO casualty_tq_rollup VALUES (coalesce(t.injured_day, ''), coalesce('+' || t.unit_id, ''), t.person_status,
    gh_tq_bucket(t.minutes), s, s * t.converted_within_2h)
  ON CONFLICT (injured_day, unit_id, person_status, bucket) DO UPDATE SET
    n = casualty_tq_rollup.n + excluded.n, converted_within_2h = casualty_tq_rollup.converted_within_2h + excluded.converted_within_2h
$$;

CREATE FUNCTION casualty_tq_rollup_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN PERFORM casualty_tq_rollup_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM casualty_tq_rollup_apply(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER casualty_tq_rollup_refresh AFTER INSERT OR UPDATE OR DELETE ON casualty_tourniquets
  FOR EACH ROW EXECUTE FUNCTION casualty_tq_rollup_refresh();

INSERT INTO casualty_rollup
SELECT coalesce(injured_day, ''), coalesce('+' || unit_id, ''), person_status, count(*),
  sum(gh_one(outcome IS NULL OR outcome <> 'killed-in-action')), sum(gh_one(outcome = 'killed-in-action')),
  sum(gh_one(outcome = 'died-of-wounds')), sum(gh_one(outcome = 'returned-to-duty')),
  sum(gh_one(outcome = 'evacuated-onward')), sum(gh_one(outcome = 'permanent-injury')), sum(gh_one(outcome IS NULL)),
  sum(gh_one(triage = 'T1')), sum(gh_one(triage = 'T1' AND min_to_surgery <= 60)), sum(gh_one(triage = 'T1' AND min_to_surgery <= 120)),
  count(min_to_pickup), count(min_to_arrival), count(min_to_surgery)
FROM casualty_facts GROUP BY 1, 2, 3;
INSERT INTO casualty_tq_rollup
SELECT coalesce(injured_day, ''), coalesce('+' || unit_id, ''), person_status, gh_tq_bucket(minutes), count(*), sum(converted_within_2h)
FROM casualty_tourniquets GROUP BY 1, 2, 3, 4;

-- A replication conflict kept for a person (claim_sync_seen) can be marked settled: by whom, when and why. The same
-- act is a 'settled' entry of the claim's history (audited in the claims chain, and replicated like any entry).
ALTER TABLE claim_sync_seen ADD COLUMN settled_by text;
ALTER TABLE claim_sync_seen ADD COLUMN settled_at text;
ALTER TABLE claim_sync_seen ADD COLUMN settled_reason text;
