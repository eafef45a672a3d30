// The plan thread: the live dispatch plan is valued here, off the server's main thread, so that a new time base's
// plan (every open casualty valued again, 150–350 ms of CPU at 10,000 casualties) or the start plan never holds up
// another request (issue 16). This thread owns the plan's memory (live-memo.ts) and its own copy of the plan inputs;
// the main thread reads the inputs as before (the store's kept copy, read by `last_seq` delta) and sends only the
// casualties whose object changed since it last sent (plan-runner.ts). A casualty object here stays the same object
// until the main thread sends a new one, as the store keeps its objects, so the memory is reused exactly as it was
// on the main thread and the plan is the same one.
import { parentPort } from 'node:worker_threads';
import type { Facility, ThreatZone, Vehicle } from '../core/index.ts';
import { planLive } from '../dispatch/live.ts';
import type { LiveAssignment } from '../dispatch/live.ts';
import { spreadIncidentTrips } from '../dispatch/incident-spread.ts';
import type { WaitingReason } from '../dispatch/waiting-reason.ts';
import { PlanMemo } from '../dispatch/live-memo.ts';
import type { PlanCasualtyState } from '../storage/port.ts';
import { asPlanStates } from '../storage/plan-states.ts';

/** One plan's inputs as sent: the open casualties as a change to what this slot holds, the rest whole. */
export interface PlanJob {
  kind: 'plan';
  id: number;
  /** Whose memory (one per app: tests run several apps in one process). */
  slot: number;
  /** The ids of the open casualties in the store's order; sent only when the set changed (else the last one). */
  ids?: string[];
  /** Casualties new or changed since the slot's last job (the rest are the objects this thread already holds). */
  changed: PlanCasualtyState[];
  /** Start the slot afresh (a first job, or after this thread was started again): drop what it held. */
  reset?: true;
  vehicles: Vehicle[];
  facilities: Facility[];
  threats: ThreatZone[];
  usableTables: Record<string, number>;
  now: string;
}

export type PlanMessage = PlanJob | { kind: 'drop'; slot: number };

export type PlanAnswer = { id: number; ok: true; plan: LiveAssignment[]; waiting: WaitingReason[]; cpuMs: number } | { id: number; ok: false; error: string };

/** What one app's plans keep here between jobs. */
interface Slot {
  rows: Map<string, PlanCasualtyState>;
  ids: string[];
  memo: PlanMemo;
  /** The list as the last plan read it, and each id's place in it (null: made again from `ids` and `rows` next). */
  list: PlanCasualtyState[] | null;
  at: Map<string, number>;
}

const slots = new Map<number, Slot>();

/**
 * The plan over everything, from the job's inputs and the slot's memory (the same steps the route took before); with
 * `waiting`, why the waiting casualties it leaves out have no recommendation is added to it.
 */
export function planJob(job: PlanJob, waiting?: WaitingReason[]): LiveAssignment[] {
  jobsTaken.set(job.slot, (jobsTaken.get(job.slot) ?? 0) + 1);
  return planSlot(job, waiting);
}

function planSlot(job: PlanJob, waiting?: WaitingReason[]): LiveAssignment[] {
  let slot = slots.get(job.slot);
  if (job.reset) slots.set(job.slot, (slot = { rows: new Map(), ids: [], memo: new PlanMemo(), list: null, at: new Map() }));
  // A change to inputs this thread does not hold would plan over a part of them: refused, never guessed.
  if (!slot) throw new Error(`plan thread: no inputs held for slot ${job.slot}`);
  for (const c of job.changed) slot.rows.set(c.id, c);
  if (job.ids) {
    slot.ids = job.ids;
    slot.list = null;
    // Closed casualties leave (a casualty that reopens is sent again as changed).
    if (slot.rows.size > job.ids.length) {
      const open = new Set(job.ids);
      for (const id of slot.rows.keys()) if (!open.has(id)) slot.rows.delete(id);
    }
  }
  const casualties = asPlanStates(listOf(slot, job.changed));
  const { vehicles, facilities, threats, usableTables, now } = job;
  const planned = planLive({ casualties, vehicles, facilities, usableTables, threats, now }, slot.memo, waiting);
  // A mass-casualty incident is spread over facilities by capacity, not sent trip after trip to the nearest (issue 15).
  return spreadIncidentTrips(planned, { casualties, facilities, vehicles, usableTables });
}

/** Jobs taken per slot: a warm-up round stops once a real job has come after the one it copies. */
const jobsTaken = new Map<number, number>();

/**
 * After a slot's first plan, its incremental path is run `rounds` times, each with one casualty replaced by a copy of
 * itself (the same plan, thrown away), so that the code a write's plan runs is compiled while the thread is idle rather
 * than during the first plans after a write (issue 16: at 10,000 casualties those cost 48, 19, 16, 12 ms of CPU against
 * 6 ms once warm). Each round waits for the thread's queue (`setImmediate`), and the warm-up ends as soon as a real job
 * for the slot has come: it never holds up a request by more than one round, never plans on inputs older than the
 * slot's, and the slot's inputs stay equal in content. Returns how many rounds ran (tests read it).
 */
export function warmUp(job: PlanJob, rounds: number, done: (ran: number) => void = () => {}, ran = 0): void {
  const taken = jobsTaken.get(job.slot);
  if (ran >= rounds) return done(ran);
  setImmediate(() => {
    const slot = slots.get(job.slot);
    const id = slot?.ids[ran % Math.max(1, slot.ids.length)];
    const row = id === undefined ? undefined : slot?.rows.get(id);
    if (!slot || !row || jobsTaken.get(job.slot) !== taken) return done(ran);
    const again: PlanJob = { ...job, changed: [{ ...row }] };
    delete again.reset;
    delete again.ids;
    try {
      planSlot(again);
    } catch {
      slot.memo = new PlanMemo();
      return done(ran);
    }
    warmUp(job, rounds, done, ran + 1);
  });
}

/** Ids looked up to make the last job's list (tests read it). */
export const listStats = { looked: 0 };

/**
 * The slot's casualties in the store's order. With the same ids as the last plan, the changed ones are put at their
 * places in the kept list (issue 16: not a lookup per open casualty each plan); a copy is handed out, as the plan's
 * memory compares each list with the last one it was given (live-work.ts).
 */
function listOf(slot: Slot, changed: readonly PlanCasualtyState[]): PlanCasualtyState[] {
  let list = slot.list;
  listStats.looked = changed.length;
  if (list) {
    for (const c of changed) {
      const i = slot.at.get(c.id);
      if (i === undefined) {
        list = null;
        break;
      }
      list[i] = c;
    }
  }
  if (!list) {
    list = slot.ids.map((id) => slot.rows.get(id)!);
    listStats.looked = list.length;
    slot.at = new Map(slot.ids.map((id, i) => [id, i]));
    // A repeated id has more than one place: such a list is made from the ids every time.
    slot.list = slot.at.size === slot.ids.length ? list : null;
  }
  return list.slice();
}

/** Enough rounds for the incremental path's functions to be optimised (the first ~8 plans after a write were slow). */
const WARM_UP_ROUNDS = 8;

const port = parentPort;
if (port) {
  port.on('message', (m: PlanMessage) => {
    if (m.kind === 'drop') {
      slots.delete(m.slot);
      jobsTaken.delete(m.slot);
      return;
    }
    // This thread's own CPU time for the plan (benches print it).
    const cpu0 = process.threadCpuUsage();
    let answer: PlanAnswer;
    try {
      const waiting: WaitingReason[] = [];
      const plan = planJob(m, waiting);
      const cpu = process.threadCpuUsage(cpu0);
      answer = { id: m.id, ok: true, plan, waiting, cpuMs: (cpu.user + cpu.system) / 1000 };
    } catch (e) {
      // The plan's memory may be half-made: started again (the inputs held stay true: they were taken in before).
      const slot = slots.get(m.slot);
      if (slot) slot.memo = new PlanMemo();
      answer = { id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(answer);
    if (answer.ok && m.reset) warmUp(m, WARM_UP_ROUNDS);
  });
}
