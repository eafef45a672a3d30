// The plan thread's list of casualties (issue 16): after a job that changes one casualty, the thread looks up that one,
// not every open casualty, and plans on the same list as one made from every id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from '../core/index.ts';
import type { CasualtyEvent, Facility, Vehicle } from '../core/index.ts';
import { makeEvent, makeRegistered, sampleNineLine } from '../../test/support/events.ts';
import { planLive } from '../dispatch/live.ts';
import type { PlanCasualtyState } from '../storage/port.ts';
import { asPlanStates } from '../storage/plan-states.ts';
import { listStats, planJob, warmUp } from './plan-worker.ts';
import type { PlanJob } from './plan-worker.ts';

const T = Date.parse('2026-11-22T10:00:00.000Z');
const iso = (min: number): string => new Date(T + min * 60_000).toISOString();
const facilities: Facility[] = [{ id: 'f0', name: 'F0', role: 'R2', position: { lat: 48.5, lon: 37.7 }, hardened: false, status: 'normal', intake: 'normal', capabilities: [], beds: 20, surgicalTables: 2 }];
const vehicles: Vehicle[] = [0, 1].map((i) => ({ id: `v${i}`, kind: 'ambulance', litter: 2, seated: 2, medic: true, status: 'available', position: { lat: 48.55 + i * 0.01, lon: 37.8 } }));

function casualty(i: number, vitals?: number): PlanCasualtyState {
  const id = `c${i}`;
  const pos = { lat: 48.52 + (i % 9) * 0.01, lon: 37.72 + (i % 7) * 0.01 };
  const events: CasualtyEvent[] = [makeRegistered(id, { at: iso(-60 + i), injuredAt: iso(-60 + i), position: pos }), makeEvent('evac.requested', id, { nineLine: sampleNineLine({ location: pos }) }, iso(-59 + i))];
  if (vitals !== undefined) events.push(makeEvent('vitals', id, { rr: [8, 30, 20][vitals % 3]!, pulse: [150, 50, 90][vitals % 3]!, gcs: [5, 9, 15][vitals % 3]! }, iso(-1)));
  return fold(id, events, iso(0)) as unknown as PlanCasualtyState;
}

test('after a job that changes one casualty the plan thread looks up that one, and plans as on the whole list (issue 16)', () => {
  const open = Array.from({ length: 40 }, (_, i) => casualty(i));
  const base = { kind: 'plan' as const, slot: 9_001, vehicles, facilities, threats: [], usableTables: {}, now: iso(0) };
  let id = 1;
  const job = (j: Partial<PlanJob>): PlanJob => ({ ...base, id: id++, changed: [], ...j });
  planJob(job({ reset: true, changed: open, ids: open.map((c) => c.id) }));
  assert.equal(listStats.looked, 40, 'the first list is made from every id');
  for (const [at, v] of [[3, 0], [17, 1], [3, 2], [39, 0]] as const) {
    open[at] = casualty(at, v);
    const plan = planJob(job({ changed: [open[at]!] }));
    assert.equal(listStats.looked, 1, 'one casualty looked up');
    assert.deepEqual(plan, planLive({ casualties: asPlanStates([...open]), vehicles, facilities, threats: [], usableTables: {}, now: iso(0) }));
  }
});

test('after a slot\'s first plan the thread warms its incremental path on copies, stops at a real job, and plans as before (issue 16)', async () => {
  const open = Array.from({ length: 30 }, (_, i) => casualty(i, i));
  const base = { kind: 'plan' as const, slot: 9_002, vehicles, facilities, threats: [], usableTables: {}, now: iso(0) };
  let id = 1;
  const job = (j: Partial<PlanJob>): PlanJob => ({ ...base, id: id++, changed: [], ...j });
  const first = job({ reset: true, changed: open, ids: open.map((c) => c.id) });
  planJob(first);
  const ran = await new Promise<number>((resolve) => warmUp(first, 5, resolve));
  assert.equal(ran, 5, 'five rounds while the thread is idle');
  open[7] = casualty(7, 2);
  const whole = planLive({ casualties: asPlanStates([...open]), vehicles, facilities, threats: [], usableTables: {}, now: iso(0) });
  assert.deepEqual(planJob(job({ changed: [open[7]!] })), whole, 'the plan after the warm-up is the plan from scratch');
  // A real job that comes before a round ends the warm-up: no round plans on inputs older than the slot's.
  const stopped = new Promise<number>((resolve) => warmUp(first, 5, resolve));
  open[11] = casualty(11, 0);
  planJob(job({ changed: [open[11]!] }));
  assert.equal(await stopped, 0);
});
