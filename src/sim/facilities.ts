// Facilities in the simulator: surgical tables and their queue (SIM-3, SIM-13).
import { survivalAt } from '../dispatch/survival.ts';
import type { QueueEntry } from '../dispatch/types.ts';
import { EPS, advance, decide, emit, schedule } from './state.ts';
import type { SimFacility, SimState } from './state.ts';

/** Start surgery on every free table while someone is queued (first come, first served unless the policy orders). */
export function tryStartSurgery(s: SimState, f: SimFacility, t: number): void {
  const { policy, model } = s;
  for (;;) {
    const table = f.tableBusyUntil.findIndex((u) => u <= t + EPS);
    if (table < 0 || f.queue.length === 0) return;
    let idx = 0;
    if (policy.nextForSurgery && f.queue.length > 1) {
      const entries: QueueEntry[] = f.queue.map((id) => {
        const c = s.casualties.get(id)!;
        return { id, rpm0: c.rpm, tau: c.tau + c.rate * (t - c.since), arrivedAt: c.queuedAt };
      });
      idx = policy.nextForSurgery(entries, t, model);
      if (!(idx >= 0 && idx < f.queue.length)) idx = 0;
    }
    const id = f.queue.splice(idx, 1)[0]!;
    const c = s.casualties.get(id)!;
    advance(c, t);
    c.status = 'in-surgery';
    c.surgeryAt = t;
    f.tableBusyUntil[table] = t + model.surgeryMin;
    emit(s, { t, event: 'surgery', casualty: c.id, facility: f.id });
    decide(s, c, t, survivalAt(c.rpm, c.tau, model));
    schedule(s, { t: t + model.surgeryMin, type: 'surgery-end', facility: f.id });
  }
}

/** A surgery ended: its bed and table are free. */
export function onSurgeryEnd(s: SimState, f: SimFacility, t: number): void {
  f.occupied--;
  tryStartSurgery(s, f, t);
}
