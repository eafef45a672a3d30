// Sends the live plan to the plan thread (plan-worker.ts) and awaits it, so the main thread keeps answering while a
// plan is valued (issue 16: a new time base's plan at 10,000 casualties held the event loop 250–680 ms). One thread
// per process, shared by its apps (each app's plans have their own memory there: a slot), started at the first plan
// and kept unreferenced while idle so it never holds a process open; a thread that dies fails its plans and is
// started anew, and every slot then sends its inputs whole again.
import { Worker } from 'node:worker_threads';
import type { Facility, ThreatZone, Vehicle } from '../core/index.ts';
import type { LiveAssignment } from '../dispatch/live.ts';
import type { PlanCasualtyState } from '../storage/port.ts';
import type { PlanAnswer, PlanJob, PlanMessage } from './plan-worker.ts';

type Pending = { resolve: (a: { plan: LiveAssignment[]; cpuMs: number }) => void; reject: (e: Error) => void };

class PlanThread {
  #worker: Worker | null = null;
  /** Moves each time a thread is started: a slot whose inputs went to an earlier one sends them whole again. */
  generation = 0;
  #next = 1;
  readonly #pending = new Map<number, Pending>();

  #start(): Worker {
    const w = new Worker(new URL('./plan-worker.ts', import.meta.url));
    this.generation++;
    w.on('message', (a: PlanAnswer) => {
      const p = this.#pending.get(a.id);
      if (!p) return;
      this.#pending.delete(a.id);
      if (!this.#pending.size) w.unref();
      if (a.ok) p.resolve({ plan: a.plan, cpuMs: a.cpuMs });
      else p.reject(new Error(a.error));
    });
    const fail = (e: Error) => {
      if (this.#worker === w) this.#worker = null;
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`plan thread stopped (exit code ${code})`)));
    w.unref();
    return w;
  }

  /** Start the thread now if none runs (its modules load meanwhile; `serve` starts it as the app is built). */
  start(): void {
    this.#worker ??= this.#start();
  }

  /** The thread, started if none runs (read `generation` after it). */
  get worker(): Worker {
    return (this.#worker ??= this.#start());
  }

  run(w: Worker, job: PlanJob): Promise<{ plan: LiveAssignment[]; cpuMs: number }> {
    return new Promise((resolve, reject) => {
      this.#pending.set(job.id, { resolve, reject });
      w.ref(); // a plan in flight keeps the process alive until it is answered
      w.postMessage(job satisfies PlanMessage);
    });
  }

  nextId(): number {
    return this.#next++;
  }

  /** A message that needs no answer (dropping a slot); nothing is started for it. */
  tell(m: PlanMessage): void {
    this.#worker?.postMessage(m);
  }

  /** Stop the thread (plans in flight fail). */
  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = null;
    if (w) await w.terminate();
  }
}

/** The process's plan thread: every app of the process shares it. */
export const planThread = new PlanThread();
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
  #ids: string[] = [];
  /** Plans sent to the thread and not yet answered. */
  running = 0;

  /**
   * The plan for these inputs. Only the casualties whose object is not the one last sent cross to the thread (the
   * store hands back the same object until a casualty's plan fields change), and their ids when the set changed: after
   * one write, one casualty. Made and sent in one synchronous step, so plans sent in any order each carry their own
   * inputs.
   */
  async plan(input: PlanInputs): Promise<LiveAssignment[]> {
    const w = planThread.worker;
    const reset = this.#generation !== planThread.generation;
    if (reset) {
      this.#sent = new Map();
      this.#ids = [];
      this.#generation = planThread.generation;
    }
    const changed: PlanCasualtyState[] = [];
    let sameSet = input.open.length === this.#ids.length;
    for (const [i, c] of input.open.entries()) {
      if (this.#sent.get(c.id) !== c) {
        changed.push(c);
        this.#sent.set(c.id, c);
      }
      if (sameSet && this.#ids[i] !== c.id) sameSet = false;
    }
    let ids: string[] | undefined;
    if (!sameSet) {
      ids = this.#ids = input.open.map((c) => c.id);
      if (this.#sent.size > ids.length) {
        const open = new Set(ids);
        for (const id of this.#sent.keys()) if (!open.has(id)) this.#sent.delete(id);
      }
    }
    const job: PlanJob = { kind: 'plan', id: planThread.nextId(), slot: this.#slot, changed, ...(ids ? { ids } : {}), ...(reset ? { reset: true } : {}), vehicles: input.vehicles, facilities: input.facilities, threats: input.threats, usableTables: input.usableTables, now: input.now };
    this.running++;
    try {
      return (await planThread.run(w, job)).plan;
    } finally {
      this.running--;
    }
  }

  /** Drop this app's memory on the thread. */
  close(): void {
    planThread.tell({ kind: 'drop', slot: this.#slot });
    this.#generation = -1;
  }
}
