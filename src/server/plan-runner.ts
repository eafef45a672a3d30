// Sends the live plan to the plan thread (plan-worker.ts) and awaits it, so the main thread keeps answering while a
// plan is valued (issue 16: a new time base's plan at 10,000 casualties held the event loop 250–680 ms). One thread
// per process, shared by its apps (each app's plans have their own memory there: a slot), started at the first plan
// and kept unreferenced while idle so it never holds a process open; a thread that dies fails its plans and is
// started anew, and every slot then sends its inputs whole again.
import type { Facility, ThreatZone, Vehicle } from '../core/index.ts';
import type { LiveAssignment } from '../dispatch/live.ts';
import type { WaitingReason } from '../dispatch/waiting-reason.ts';
import type { PlanCasualtyState } from '../storage/port.ts';
import type { PlanAnswer, PlanJob, PlanMessage } from './plan-worker.ts';
import { WorkerThread } from './worker-thread.ts';

/** The process's plan thread: every app of the process shares it. */
export const planThread = new WorkerThread<PlanAnswer>(new URL('./plan-worker.ts', import.meta.url), 'plan thread', { stripped: true });
let nextSlot = 1;

/** What one plan is made from (the route reads them; the casualties are the store's kept objects). */
export interface PlanInputs {
  open: PlanCasualtyState[];
  vehicles: Vehicle[];
  facilities: Facility[];
  threats: ThreatZone[];
  usableTables: Record<string, number>;
  now: string;
}

/** One app's plans, made on the plan thread from its own memory there. */
export class PlanRunner {
  readonly #slot = nextSlot++;
  /** The casualty objects the thread holds for this slot (by id), the generation they went to, and their order. */
  #sent = new Map<string, PlanCasualtyState>();
  #generation = -1;
  /** The list last sent, as it was (its objects at their places). */
  #open: PlanCasualtyState[] = [];
  /** Plans sent to the thread and not yet answered. */
  running = 0;

  /**
   * The plan for these inputs. Only the casualties whose object is not the one last sent cross to the thread (the
   * store hands back the same object until a casualty's plan fields change), and their ids when the set changed: after
   * one write, one casualty. Made and sent in one synchronous step, so plans sent in any order each carry their own
   * inputs.
   */
  async plan(input: PlanInputs): Promise<LiveAssignment[]> {
    return (await this.planWithWaiting(input)).plan;
  }

  /** `plan`, with why the waiting casualties it leaves out have no recommendation (waiting-reason.ts). */
  async planWithWaiting(input: PlanInputs): Promise<{ plan: LiveAssignment[]; waiting: WaitingReason[] }> {
    const w = planThread.worker;
    const reset = this.#generation !== planThread.generation;
    if (reset) {
      this.#sent = new Map();
      this.#open = [];
      this.#generation = planThread.generation;
    }
    const changed: PlanCasualtyState[] = [];
    // The same ids at the same places as the last list sent (the store's order is stable): the places whose object is
    // not the one sent then are the changes, found by comparing objects, without a lookup per casualty (issue 16).
    const last = this.#open;
    let sameSet = input.open.length === last.length;
    for (let i = 0; sameSet && i < input.open.length; i++) {
      const c = input.open[i]!;
      if (c === last[i]) continue;
      if (c.id !== last[i]!.id) sameSet = false;
      else changed.push(c);
    }
    let ids: string[] | undefined;
    if (sameSet) for (const c of changed) this.#sent.set(c.id, c);
    else {
      changed.length = 0;
      for (const c of input.open) {
        if (this.#sent.get(c.id) !== c) {
          changed.push(c);
          this.#sent.set(c.id, c);
        }
      }
      ids = input.open.map((c) => c.id);
      if (this.#sent.size > ids.length) {
        const open = new Set(ids);
        for (const id of this.#sent.keys()) if (!open.has(id)) this.#sent.delete(id);
      }
    }
    // A copy: the caller's list may be the store's own, changed in place later.
    this.#open = input.open.slice();
    const job: PlanJob = { kind: 'plan', id: planThread.nextId(), slot: this.#slot, changed, ...(ids ? { ids } : {}), ...(reset ? { reset: true } : {}), vehicles: input.vehicles, facilities: input.facilities, threats: input.threats, usableTables: input.usableTables, now: input.now };
    this.running++;
    try {
      const { plan, waiting } = await planThread.run(w, job satisfies PlanMessage);
      return { plan, waiting };
    } finally {
      this.running--;
    }
  }

  /** Drop this app's memory on the thread. */
  close(): void {
    planThread.tell({ kind: 'drop', slot: this.#slot });
    this.#generation = -1;
    this.#open = [];
  }
}
