-- Issue 16: the statistics of everything (GET /api/stats for an administrator or analyst) from two roll-ups instead
-- of a GROUP BY over every casualty_reads row and a sort of every arrival: the counts per (stage, precedence,
-- triage, outcome, conflict) and how many casualties took each whole number of minutes from injury to first
-- arrival (the median is a walk over the distinct minutes). Kept by triggers on casualty_reads, which migration
-- 008's trigger upserts with every projection row: a write keeps them in its own transaction. An update that
-- leaves a row's counted facts as they were touches no roll-up row (most writes: notes, vitals).
-- Keys must not be NULL: no value is '', a value is '+' and the value. A cell that falls to 0 stays; readers skip it.
CREATE TABLE casualty_stats_rollup (
  stage text NOT NULL,
  precedence text NOT NULL,
  triage text NOT NULL,
  outcome text NOT NULL,
  conflict boolean NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (stage, precedence, triage, outcome, conflict)
);

CREATE TABLE casualty_arrival_minutes (
  minutes bigint PRIMARY KEY,
  n bigint NOT NULL
);

-- Minutes from injury to first arrival, rounded as the statistics always rounded them (half up); NULL without both.
CREATE FUNCTION gh_arrival_minutes(r casualty_reads) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT floor((gh_ms(r.arrival_at) - gh_ms(r.injured_at)) / 60000.0 + 0.5)::bigint $$;

CREATE FUNCTION casualty_stats_apply(r casualty_reads, s integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO casualty_stats_rollup VALUES (r.stage, coalesce('+' || r.precedence, ''), coalesce('+' || r.triage, ''),
    coalesce('+' || r.outcome, ''), r.conflict, s)
  ON CONFLICT (stage, precedence, triage, outcome, conflict) DO UPDATE SET n = casualty_stats_rollup.n + excluded.n;
  INSERT INTO casualty_arrival_minutes SELECT gh_arrival_minutes(r), s WHERE gh_arrival_minutes(r) IS NOT NULL
  ON CONFLICT (minutes) DO UPDATE SET n = casualty_arrival_minutes.n + excluded.n;
$$;

CREATE FUNCTION casualty_stats_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN PERFORM casualty_stats_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM casualty_stats_apply(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER casualty_stats_refresh AFTER INSERT OR DELETE ON casualty_reads
  FOR EACH ROW EXECUTE FUNCTION casualty_stats_refresh();
CREATE TRIGGER casualty_stats_refresh_update AFTER UPDATE ON casualty_reads FOR EACH ROW
  WHEN (OLD.stage IS DISTINCT FROM NEW.stage OR OLD.precedence IS DISTINCT FROM NEW.precedence OR OLD.triage IS DISTINCT FROM NEW.triage
    OR OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.conflict IS DISTINCT FROM NEW.conflict
    OR OLD.arrival_at IS DISTINCT FROM NEW.arrival_at OR OLD.injured_at IS DISTINCT FROM NEW.injured_at)
  EXECUTE FUNCTION casualty_stats_refresh();

-- Rows already there.
INSERT INTO casualty_stats_rollup
  SELECT stage, coalesce('+' || precedence, ''), coalesce('+' || triage, ''), coalesce('+' || outcome, ''), conflict, count(*)
  FROM casualty_reads GROUP BY 1, 2, 3, 4, 5;
INSERT INTO casualty_arrival_minutes
  SELECT gh_arrival_minutes(r), count(*) FROM casualty_reads r WHERE gh_arrival_minutes(r) IS NOT NULL GROUP BY 1;

-- The accounting figures' times from injury to pickup, first arrival and surgery (casualty_facts), counted per value
-- in tenths of a minute (the figures are given to a tenth, and rounding keeps order, so the value at a rank of the
-- rounded counts is the rounded value at that rank): the median and p90 of everything by a walk over the distinct
-- tenths instead of a read and sort of every casualty's times. Rounded half up, as the figures are.
CREATE TABLE casualty_time_tenths (
  kind text NOT NULL,
  tenths bigint NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (kind, tenths)
);

CREATE FUNCTION casualty_time_tenths_apply(f casualty_facts, s integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO casualty_time_tenths
    SELECT k, floor(v * 10 + 0.5)::bigint, s FROM (VALUES ('pickup', f.min_to_pickup), ('arrival', f.min_to_arrival), ('surgery', f.min_to_surgery)) AS x(k, v)
    WHERE v IS NOT NULL
  ON CONFLICT (kind, tenths) DO UPDATE SET n = casualty_time_tenths.n + excluded.n
$$;

CREATE FUNCTION casualty_time_tenths_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN PERFORM casualty_time_tenths_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM casualty_time_tenths_apply(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER casualty_time_tenths_refresh AFTER INSERT OR UPDATE OR DELETE ON casualty_facts
  FOR EACH ROW EXECUTE FUNCTION casualty_time_tenths_refresh();

INSERT INTO casualty_time_tenths
  SELECT k, floor(v * 10 + 0.5)::bigint, count(*)
  FROM casualty_facts f, LATERAL (VALUES ('pickup', f.min_to_pickup), ('arrival', f.min_to_arrival), ('surgery', f.min_to_surgery)) AS x(k, v)
  WHERE v IS NOT NULL GROUP BY 1, 2;
