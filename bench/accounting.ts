// `node bench/accounting.ts [casualties=50000] [eventsPerCasualty=20] [runs=30] [sqlite|postgres|both]` (npm run bench:accounting):
// 1. the dashboard's recorded figures (SQL aggregates over casualty_facts, several filters) on SQLite and PostgreSQL
//    over casualties × eventsPerCasualty events (default 50,000 / 1,000,000): p50 / p95 per request, against a
//    baseline measured in the same run: the fold-free but row-reading way /api/stats worked before (read every
//    projection row and count in JavaScript). Goal: p95 ≤ 200 ms. Computed cold every time (what a request after
//    an append costs: counts from the roll-ups of migration 017, quantiles from casualty_facts), and the route's
//    path (figures shared per state of the log and entities) between appends. Each figure is printed with PASS/FAIL.
//    Then the analyst's figures as of the hour's start (src/accounting/snapshot.ts): taking the hour's snapshot, and a
//    filter summed from it, against the live computation of the same run.
//    Then the hour's first request: its figures taken at the request against taken as the hour starts (hour.ts).
// 2. importing every shipped dataset into an empty ledger (goal ≤ 10 s) and a second import (must add nothing),
//    against a baseline of only reading and parsing the files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CasualtyEvent } from '../src/core/index.ts';
import { uuidv7 } from '../src/core/index.ts';
import type { Store } from '../src/storage/port.ts';
import { openSqliteStore } from '../src/storage/sqlite.ts';
import { openPostgresStore } from '../src/storage/postgres.ts';
import type { Db } from '../src/accounting/db.ts';
import { recordedStats } from '../src/accounting/recorded.ts';
import type { RecordedFilter } from '../src/accounting/recorded.ts';
import { importDatasets, datasetDir } from '../src/accounting/import.ts';
import { HourlySnapshot, hourStart, takeSnapshot } from '../src/accounting/snapshot.ts';
import { AnalystHour } from '../src/accounting/hour.ts';
import { deidentifyRecorded } from '../src/accounting/deidentify.ts';
import { allDatasetClaims } from '../src/accounting/datasets.ts';
import { deidentifiedFromRows, deidentifiedStats } from '../src/auth/stats.ts';
import { FiguresCache, figuresKey } from '../src/server/figures-cache.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { at, makeEvent, makeRegistered } from '../test/support/events.ts';

const CASUALTIES = Number(process.argv[2] ?? 50_000);
const PER = Math.max(8, Number(process.argv[3] ?? 20));
const RUNS = Number(process.argv[4] ?? 30);
/** sqlite, postgres or both (default). */
const ONLY = process.argv[5] ?? 'both';
const NOW = '2026-06-01T00:00:00.000Z';
const DATASETS = fileURLToPath(new URL('../datasets/losses/', import.meta.url));
const OUTCOMES = ['returned-to-duty', 'evacuated-onward', 'died-of-wounds', 'killed-in-action', 'permanent-injury'] as const;

/** Deterministic pseudo-random numbers (the same data on both databases). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function casualty(r: () => number): CasualtyEvent[] {
  const id = uuidv7();
  const start = new Date(Date.parse('2026-03-01T00:00:00Z') + Math.floor(r() * 60 * 86_400_000)).toISOString();
  const t = (m: number) => at(m, start);
  const tq = makeEvent('tourniquet.applied', id, { limb: 'left-leg' }, t(3));
  const evs: CasualtyEvent[] = [
    makeRegistered(id, { at: start, injuredAt: start, unitId: `unit-${Math.floor(r() * 20)}`, status: r() < 0.1 ? 'civilian' : 'military', position: { lat: 48 + r(), lon: 37 + r() } }),
    tq,
    makeEvent('triage', id, { triage: { system: 'NATO', category: r() < 0.3 ? 'T1' : 'T2' } }, t(4)),
    makeEvent('tourniquet.converted', id, { applied: tq.id }, t(30 + r() * 200)),
    makeEvent('pickup', id, { vehicleId: 'amb-1' }, t(20 + r() * 60)),
    makeEvent('arrival', id, { facilityId: 'r2' }, t(90 + r() * 60)),
    makeEvent('surgery.started', id, { facilityId: 'r2' }, t(160 + r() * 120)),
  ];
  while (evs.length < PER - 1) evs.push(makeEvent('vitals', id, { pulse: 80 + Math.floor(r() * 60) }, t(5 + evs.length)));
  if (r() < 0.8) evs.push(makeEvent('outcome', id, { outcome: OUTCOMES[Math.floor(r() * OUTCOMES.length)]!, facilityId: 'r2' }, t(600)));
  else evs.push(makeEvent('vitals', id, { pulse: 90 }, t(400)));
  return evs;
}

/** The casualties `load` wrote (the analyst's case writes to some of them after the hour). */
const LOADED: string[] = [];

async function load(store: Store): Promise<number> {
  const r = rng(42);
  LOADED.length = 0;
  let events = 0;
  const started = performance.now();
  for (let i = 0; i < CASUALTIES; i += 100) {
    const batch: CasualtyEvent[] = [];
    for (let j = i; j < Math.min(CASUALTIES, i + 100); j++) {
      const evs = casualty(r);
      LOADED.push(evs[0]!.casualtyId);
      batch.push(...evs);
    }
    await store.append(batch, NOW);
    events += batch.length;
    if ((i / 100) % 50 === 0) process.stderr.write(`\r  loading ${i}/${CASUALTIES} casualties (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  process.stderr.write('\n');
  return events;
}

const pass = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const q = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)]!;

async function time(label: string, fn: () => Promise<unknown>, runs = RUNS): Promise<{ p50: number; p95: number }> {
  await fn(); // warm
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  const r = { p50: q(ms, 0.5), p95: q(ms, 0.95) };
  console.log(`  ${label.padEnd(44)} p50 ${r.p50.toFixed(1).padStart(8)} ms   p95 ${r.p95.toFixed(1).padStart(8)} ms`);
  return r;
}

async function dashboard(name: string, store: Store, db: Db): Promise<void> {
  console.log(`\n${name}: ${CASUALTIES} casualties`);
  const events = await load(store);
  console.log(`  ${events} events loaded`);
  const filters: RecordedFilter[] = [{}, { unit: 'unit-3' }, { from: '2026-03-10', to: '2026-03-20' }, { status: 'civilian' }];
  let i = 0;
  const sql = await time('recorded figures (SQL, 4 filters in turn)', () => recordedStats(db, filters[i++ % filters.length]!));
  // The same figures counted from casualty_facts row by row (the way before the roll-ups of migration 017).
  let k = 0;
  const facts = await time('  the same counted from casualty_facts', () => recordedStats(db, filters[k++ % filters.length]!, { fromFacts: true }));
  // The baseline takes seconds per run at full size: fewer runs of it.
  const base = await time('baseline: read every row, count in JS', async () =>
    deidentifiedStats(await store.casualties({ limit: CASUALTIES + 1 }), NOW), Math.min(RUNS, 5));
  // What GET /api/accounting/recorded does: read the heads, then the figures computed once per state and shared.
  const cache = new FiguresCache<Awaited<ReturnType<typeof recordedStats>>>();
  let j = 0;
  const shared = await time('shared per state (route path: heads + cache)', async () => {
    const f = filters[j++ % filters.length]!;
    return cache.get(figuresKey({ log: await store.head(), entities: await store.entityVersion() }, f), () => recordedStats(db, f));
  });
  console.log(`  → ${name} computed (cold, from the roll-ups) p95 ${sql.p95.toFixed(1)} ms — goal ≤ 200 ms: ${pass(sql.p95 <= 200)}; baseline / SQL at p95 = ${(base.p95 / sql.p95).toFixed(1)}×; ` +
    `counted from casualty_facts / roll-ups: p50 ${(facts.p50 / sql.p50).toFixed(1)}×, p95 ${(facts.p95 / sql.p95).toFixed(1)}×`);
  console.log(`  → ${name} shared (route path) p95 ${shared.p95.toFixed(2)} ms — goal ≤ 200 ms: ${pass(shared.p95 <= 200)} (${cache.computed} computations for ${RUNS + 1} requests)`);
  await analyst(name, store, db, filters, sql, shared);
}

/**
 * The analyst's figures (src/accounting/snapshot.ts): as of the hour's start, taken once per hour — the fact rows and a
 * refold of what was written since (here 1 % of the casualties get an event after the hour, and 100 new ones) — then
 * every filter summed from memory. Against the live computation (`sql`, the same filters) timed above in this run.
 */
async function analyst(name: string, store: Store, db: Db, filters: RecordedFilter[], live: { p50: number; p95: number }, shared: { p50: number; p95: number }): Promise<void> {
  const asOf = hourStart(new Date(Date.parse(NOW) + 3_600_000).toISOString());
  const later = new Date(Date.parse(asOf) + 1_800_000).toISOString();
  const some = LOADED.slice(0, Math.ceil(LOADED.length / 100));
  await store.append(some.map((id) => makeEvent('vitals', id, { pulse: 77 }, later)), later);
  const r = rng(7);
  const fresh: CasualtyEvent[] = [];
  for (let i = 0; i < 100; i++) fresh.push(...casualty(r));
  await store.append(fresh, later);
  const take = await time('analyst: take the hour\'s snapshot', () => takeSnapshot(db, asOf), Math.min(RUNS, 5));
  const snap = await takeSnapshot(db, asOf);
  let i = 0;
  const hourly = new HourlySnapshot(() => db);
  const per = await time('analyst: a filter from the hour\'s snapshot', async () => deidentifyRecorded((await hourly.get(later)).statsOf(filters[i++ % filters.length]!)));
  let m = 0;
  const newFilter = await time('analyst: a new filter each time (no memo)', async () => deidentifyRecorded(snap.stats({ ...filters[m % filters.length]!, to: `2099-01-${String(1 + (m++ % 28)).padStart(2, '0')}` })));
  console.log(`  → ${name} analyst: snapshot of ${snap.size} casualties, ${snap.bytes} bytes (${(snap.bytes / snap.size).toFixed(1)} B a casualty); ${hourly.taken} taken for ${RUNS + 1} requests; ` +
    `a filter p50 ${per.p50.toFixed(2)} ms, p95 ${per.p95.toFixed(2)} ms; a new filter each time p50 ${newFilter.p50.toFixed(2)} ms, p95 ${newFilter.p95.toFixed(2)} ms — ` +
    `live computed / new filter from the snapshot at p50 = ${(live.p50 / newFilter.p50).toFixed(1)}×, at p95 = ${(live.p95 / newFilter.p95).toFixed(1)}×; ` +
    `shared per state (the old route's path between writes) / snapshot at p50 = ${(shared.p50 / per.p50).toFixed(1)}×; ` +
    `taking it p95 ${take.p95.toFixed(1)} ms = ${(take.p95 / live.p95).toFixed(2)}× one live computation (once an hour)`);
  await firstRequest(name, store, db, filters, later);
}

/**
 * The hour's first request in a process (src/accounting/hour.ts), in turns: the hour's figures taken at that request
 * (it waits for them) against taken by the process's timer as the hour started (`ahead`; the request finds them), for
 * the accounting figures (`/api/accounting/recorded`, an analyst) and `/api/stats` (everything); and `/api/stats` as
 * it was before session 24 (live: the store's roll-ups and the recorded figures' SQL).
 */
async function firstRequest(name: string, store: Store, db: Db, filters: RecordedFilter[], later: string): Promise<void> {
  const asOf = hourStart(later);
  const turns = Math.max(3, Math.min(RUNS, 10));
  const ms = { figuresAtRequest: [] as number[], figuresAhead: [] as number[], statsLive: [] as number[], statsAtRequest: [] as number[], statsAhead: [] as number[] };
  const timed = async (into: number[], fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    into.push(performance.now() - t0);
  };
  /** An hour whose timer fired at its start (and finished) before the request. */
  const taken = async (): Promise<AnalystHour> => {
    const hour = new AnalystHour(() => db);
    let clock = new Date(Date.parse(asOf) - 1).toISOString();
    let fire = (): void => undefined;
    hour.ahead(() => clock, (fn) => ((fire = fn), () => undefined));
    clock = asOf;
    fire();
    await hour.figures.get(asOf);
    await hour.stats.get({ all: true }, asOf);
    hour.close();
    return hour;
  };
  const stats = async (hour: AnalystHour) => ({
    ...deidentifiedFromRows(await hour.stats.get({ all: true }, later), asOf),
    recorded: deidentifyRecorded((await hour.figures.get(later)).statsOf({})),
  });
  for (let i = 0; i < turns; i++) {
    const f = filters[i % filters.length]!;
    const cold = new AnalystHour(() => db);
    await timed(ms.figuresAtRequest, async () => deidentifyRecorded((await cold.figures.get(later)).statsOf(f)));
    const warm = await taken();
    await timed(ms.figuresAhead, async () => deidentifyRecorded((await warm.figures.get(later)).statsOf(f)));
    await timed(ms.statsLive, async () => ({ ...deidentifiedFromRows(await store.statistics({ all: true }), later), recorded: deidentifyRecorded(await recordedStats(db, {})) }));
    await timed(ms.statsAtRequest, () => stats(new AnalystHour(() => db)));
    const warmStats = await taken();
    await timed(ms.statsAhead, () => stats(warmStats));
  }
  const p = (xs: number[]) => `p50 ${q(xs, 0.5).toFixed(1)} / max ${Math.max(...xs).toFixed(1)} ms`;
  console.log(`  → ${name} the hour's first request, ${turns} turns: accounting figures taken at the request ${p(ms.figuresAtRequest)}, ` +
    `taken ahead ${p(ms.figuresAhead)} (${(q(ms.figuresAtRequest, 0.5) / q(ms.figuresAhead, 0.5)).toFixed(0)}× at p50); ` +
    `/api/stats live (before) ${p(ms.statsLive)}, as of the hour taken at the request ${p(ms.statsAtRequest)}, taken ahead ${p(ms.statsAhead)}`);
}

async function importBench(name: string, db: Db): Promise<void> {
  const t0 = performance.now();
  const parsed = allDatasetClaims(datasetDir(DATASETS)).claims.length;
  const parseMs = performance.now() - t0;
  const t1 = performance.now();
  const first = await importDatasets(db, DATASETS, 'bench', NOW);
  const firstMs = performance.now() - t1;
  const t2 = performance.now();
  const second = await importDatasets(db, DATASETS, 'bench', NOW);
  const secondMs = performance.now() - t2;
  console.log(`\n${name}: import of every dataset: ${first.inserted} claims (${parsed} parsed) + ${first.evidence} evidence in ${(firstMs / 1000).toFixed(2)} s ` +
    `— goal ≤ 10 s: ${pass(firstMs <= 10_000)} (baseline parse only ${(parseMs / 1000).toFixed(2)} s, ratio ${(firstMs / parseMs).toFixed(1)}×)`);
  console.log(`${name}: second import: ${second.inserted} added, ${second.evidence} evidence added, ${second.unchanged} unchanged in ${(secondMs / 1000).toFixed(2)} s ` +
    `— changes nothing: ${pass(second.inserted === 0 && second.evidence === 0 && second.unchanged === first.inserted)}`);
}

const dir = mkdtempSync(join(tmpdir(), 'gh-bench-acct-'));
const pg = await startPostgres({ fsyncOff: true });
try {
  if (ONLY !== 'postgres') {
    const store = await openSqliteStore({ dataDir: join(dir, 's') });
    await store.migrate();
    const db = store.sql;
    await importBench('SQLite', db);
    await dashboard('SQLite', store, db);
    await store.close();
  }
  if (ONLY !== 'sqlite') {
    const url = await pg.createDatabase();
    const store = await openPostgresStore({ url, poolSize: 4 });
    await store.migrate();
    const db = store.sql;
    await importBench('PostgreSQL', db);
    await dashboard('PostgreSQL', store, db);
    await store.close();
  }
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
