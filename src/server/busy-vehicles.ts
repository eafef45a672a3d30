// A vehicle on a job for a casualty the caller may not see (another unit's) is marked `busyElsewhere` for that caller
// — on the vehicle list, one vehicle's read and the stream's vehicle entries — so a unit's console does not offer it
// as free. The mark is all: no casualty, call sign, place, destination or "free at" time (docs/security.md).
import { processReader } from '../log/read.ts';
import type { CasualtyReader } from '../log/read.ts';
import type { Store } from '../storage/port.ts';
import { allowed } from '../auth/policy.ts';
import type { Principal } from '../auth/policy.ts';

/**
 * Whether a request's caller is given the mark: one who dispatches (reads the plan) and does not see every casualty.
 * A medic or a facility desk dispatches nothing, so learns nothing of other units' jobs either.
 */
export const markedFor = (req: unknown, reader: CasualtyReader): boolean => {
  const p = (req as { principal?: Principal | null }).principal;
  return !reader.scope.all && (p === undefined || allowed(p, 'dispatch:read'));
};

/** Events that may start or end a vehicle's job (the others leave every casualty's vehicle and stage as they were). */
export const JOB_EVENTS: ReadonlySet<string> = new Set(['evac.requested', 'evac.cancelled', 'evac.assigned', 'pickup', 'arrival', 'surgery.started', 'outcome', 'amend', 'void']);

/** The casualties on each vehicle's job: assigned or carried, no outcome — as the live planner counts it busy. */
async function readJobs(store: Store): Promise<Map<string, string[]>> {
  const jobs = new Map<string, string[]>();
  // The planner's own narrow inputs, kept between calls (a delta read): no casualty of them leaves this module.
  for (const c of await processReader({ store }).planInputs())
    if (c.vehicleId && !c.outcome && (c.stage === 'assigned' || c.stage === 'in-transit')) jobs.set(c.vehicleId, [...(jobs.get(c.vehicleId) ?? []), c.id]);
  return jobs;
}

/**
 * The jobs as of at least the log's position `seq`: one read serves every stream shown the same page (a read made
 * after `seq` was stored has it), not one per stream.
 */
const kept = new WeakMap<Store, { seq: number; jobs: Promise<Map<string, string[]>> }>();
function jobsByVehicle(store: Store, seq: number | undefined): Promise<Map<string, string[]>> {
  const k = kept.get(store);
  if (seq !== undefined && k && k.seq >= seq) return k.jobs;
  const jobs = readJobs(store);
  if (seq !== undefined) kept.set(store, { seq, jobs });
  return jobs;
}

/**
 * The vehicles on a job for a casualty outside the reader's scope (none for a reader who sees every casualty); `seq`:
 * the log position the answer must include (a stream's page), else read now.
 */
export async function busyElsewhere(store: Store, reader: CasualtyReader, seq?: number): Promise<Set<string>> {
  if (reader.scope.all) return new Set();
  const jobs = await jobsByVehicle(store, seq);
  if (!jobs.size) return new Set();
  const seen = await reader.visible([...jobs.values()].flat());
  return new Set([...jobs].filter(([, ids]) => ids.some((id) => !seen.has(id))).map(([v]) => v));
}

/** A vehicle as this caller is shown it: the stored one, with the mark when it is busy elsewhere. */
export const marked = <T extends { id: string }>(v: T, busy: ReadonlySet<string>): T | (T & { busyElsewhere: true }) =>
  busy.has(v.id) ? { ...v, busyElsewhere: true } : v;

/**
 * A scoped stream's view of the vehicles: it sends a vehicle's entry again when its mark changes with a write the
 * stream does not show (another unit's assignment or arrival), and marks the vehicle entries it forwards.
 */
export class BusyView {
  #busy = new Set<string>();
  readonly #store: Store;
  readonly #reader: CasualtyReader;
  constructor(store: Store, reader: CasualtyReader) {
    this.#store = store;
    this.#reader = reader;
  }

  /**
   * At the stream's opening: every vehicle's entry with its mark. The console's copy may be older than the stream (read
   * before it opened, or kept through a cut): a job that ended meanwhile would leave a vehicle marked busy for good.
   */
  async opening(): Promise<string> {
    const [vehicles, now] = await Promise.all([this.#store.listEntities('vehicle'), busyElsewhere(this.#store, this.#reader)]);
    this.#busy = now;
    return vehicles.map((v) => `event: entity\ndata: ${JSON.stringify({ kind: 'vehicle', value: marked(v, now) })}\n\n`).join('');
  }

  /** The entries whose mark changed since the last call, as SSE `entity` messages. */
  async changed(seq?: number): Promise<string> {
    const now = await busyElsewhere(this.#store, this.#reader, seq);
    const ids = [...now].filter((v) => !this.#busy.has(v)).concat([...this.#busy].filter((v) => !now.has(v)));
    this.#busy = now;
    let out = '';
    for (const id of ids.sort()) {
      const v = await this.#store.getEntity('vehicle', id);
      if (v) out += `event: entity\ndata: ${JSON.stringify({ kind: 'vehicle', value: marked(v, now) })}\n\n`;
    }
    return out;
  }

  /** An entity change forwarded to this stream: a vehicle carries its mark. */
  value(kind: string, value: unknown): unknown {
    return kind === 'vehicle' && value && typeof value === 'object' && 'id' in value ? marked(value as { id: string }, this.#busy) : value;
  }
}
