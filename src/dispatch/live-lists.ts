// The view's lists over every casualty, kept between views made with the same memory (issue 16): the planner's
// casualties in list order, the waiting casualties' RPM entries, the places of those a vehicle was sent to, and the
// recent injuries. Each is a pure function of the casualties' derived parts; after writes that replace casualties in
// place (the change the kept work already tracks: live-work.ts `replaced`), only the replaced entries are looked at.
// A change that moves an entry in or out of a list (a casualty starts or stops waiting) makes that list again.
import type { PlanCasualty } from './types.ts';
import { KeptWork } from './live-work.ts';
import { KeptCounts } from './live-counts.ts';
import type { Legs } from './live-work.ts';

export type Recent = { pos: PlanCasualty['pos']; rpm0: number; atMin: number };
export const RECENT_KEPT = 8;

/** What the lists read of a casualty's part of the view (`DerivedCasualty` in live-state.ts, which imports this). */
export interface Listed {
  r0?: number;
  estimate?: { rpm: number; source: string };
  waiting: boolean;
  plan: PlanCasualty | null;
  fetch?: PlanCasualty;
  recent: Recent | null;
}
type Estimate<D extends Listed> = NonNullable<D['estimate']>;

/** The lists as one view reads them. `plans` and `rpm` are the memory's own: read them, never change them. */
export interface ViewLists<D extends Listed> {
  plans: readonly PlanCasualty[];
  rpm: ReadonlyMap<string, Estimate<D>>;
  /** Places of the casualties with a `fetch` part, ascending. */
  fetching: readonly number[];
  count: number;
  latest: Recent[];
}

/** The lists from scratch: one pass over every casualty. */
export function allLists<D extends Listed>(ids: readonly { id: string }[], derived: readonly D[], window: number): ViewLists<D> {
  const plans: PlanCasualty[] = [];
  const rpm = new Map<string, Estimate<D>>();
  const fetching: number[] = [];
  for (let i = 0; i < derived.length; i++) {
    const d = derived[i]!;
    if (d.r0 !== undefined && d.waiting) rpm.set(ids[i]!.id, d.estimate!);
    if (d.plan) plans.push(d.plan);
    if (d.fetch) fetching.push(i);
  }
  return { plans, rpm, fetching, ...recentInjuries(derived, window) };
}

/**
 * How many casualties were injured within the window, and the latest RECENT_KEPT of them, earliest first: the last
 * entries of a stable sort by time of injury (ties: later in the list is later), selected without sorting every
 * casualty each plan (issue 16).
 */
export function recentInjuries(derived: readonly Listed[], window: number): { count: number; latest: Recent[] } {
  let count = 0;
  const latest: Recent[] = [];
  for (const d of derived) {
    const r = d.recent;
    if (!r || !(r.atMin >= -window - 1e-9)) continue;
    count++;
    if (latest.length === RECENT_KEPT && r.atMin < latest[0]!.atMin) continue;
    // After every entry injured no later: a tie goes after the earlier ones, as the stable sort puts it.
    let at = latest.length;
    while (at > 0 && latest[at - 1]!.atMin > r.atMin) at--;
    latest.splice(at, 0, r);
    if (latest.length > RECENT_KEPT) latest.shift();
  }
  return { count, latest };
}

const inWindow = (r: Recent | null, window: number): r is Recent => r !== null && r.atMin >= -window - 1e-9;

/** The lists kept from the last view made with this memory; `update` answers what `allLists` answers. */
export class KeptLists<D extends Listed> {
  #derived: readonly D[] = [];
  #window = NaN;
  #lists: ViewLists<D> | null = null;
  /** Per place: where its planner's casualty is in `plans` (-1: none). */
  #at = new Int32Array(0);
  /** Entries looked at in the last update (every casualty when a list was made again); tests read it. */
  walked = 0;

  update(ids: readonly { id: string }[], derived: readonly D[], replaced: readonly number[] | null, window: number): ViewLists<D> {
    const last = this.#lists;
    if (!last || replaced === null || window !== this.#window || derived.length !== this.#derived.length) return this.#fromScratch(ids, derived, window);
    this.walked = replaced.length;
    const before = this.#derived;
    // A place whose casualty starts or stops being planned or fetched moves the lists' other entries: made again.
    for (const i of replaced) if (!before[i]!.plan !== !derived[i]!.plan || !before[i]!.fetch !== !derived[i]!.fetch) return this.#fromScratch(ids, derived, window);
    // The memory's own lists, changed in place: a view copies `plans` before adding to it (live-state.ts).
    const plans = last.plans as PlanCasualty[];
    const rpm = last.rpm as Map<string, Estimate<D>>;
    let { count, latest } = last;
    let rescan = false;
    for (const i of replaced) {
      const [b, d] = [before[i]!, derived[i]!];
      if (d.plan) plans[this.#at[i]!] = d.plan;
      // The same id at the same place (live-work.ts): its entry is taken out and put back where the pass would set it.
      const id = ids[i]!.id;
      if (b.r0 !== undefined && b.waiting) rpm.delete(id);
      if (d.r0 !== undefined && d.waiting) rpm.set(id, d.estimate!);
      const [was, now] = [inWindow(b.recent, window), inWindow(d.recent, window)];
      count += (now ? 1 : 0) - (was ? 1 : 0);
      // Injured at the same minute (a write that moves no injury time): the same rank at the same place, so the new
      // entry takes the old one's seat among the latest, if it had one.
      if (was && now && b.recent!.atMin === d.recent!.atMin) {
        const at = latest.indexOf(b.recent!);
        if (at >= 0) latest = latest.with(at, d.recent!);
        continue;
      }
      // Else the latest change only when the entry left was among them, or the new one could be.
      if ((was && latest.includes(b.recent!)) || (now && (latest.length < RECENT_KEPT || d.recent!.atMin >= latest[0]!.atMin))) rescan = true;
    }
    if (rescan) {
      this.walked += derived.length;
      latest = recentInjuries(derived, window).latest;
    }
    this.#derived = derived;
    return (this.#lists = { plans, rpm, fetching: last.fetching, count, latest });
  }

  #fromScratch(ids: readonly { id: string }[], derived: readonly D[], window: number): ViewLists<D> {
    this.walked = derived.length;
    this.#derived = derived;
    this.#window = window;
    this.#at = new Int32Array(derived.length).fill(-1);
    let k = 0;
    for (let i = 0; i < derived.length; i++) if (derived[i]!.plan) this.#at[i] = k++;
    return (this.#lists = allLists(ids, derived, window));
  }
}

/** The vehicles' work, the view's lists and the facilities' counts, kept together: made again from the same replaced
 * places. */
export class KeptView<D extends Legs & Listed> extends KeptWork<D> {
  readonly lists = new KeptLists<D>();
  readonly counts = new KeptCounts();
}
