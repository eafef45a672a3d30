// The facility view's line per incident (issue 15): "N incoming from incident X" — casualties of an incident destined
// to this facility and not yet arrived.
import { h } from '../dom.ts';
import type { CasualtyState } from '../../../src/core/index.ts';
import { shortId } from '../fmt.ts';
import { mt } from './i18n.ts';
import './mci.css';

const ARRIVED = ['at-facility', 'in-surgery', 'closed'];

export function incomingByIncident(casualties: readonly { destinationId: string | null; stage: string; state: CasualtyState }[], facilityId: string): { incidentId: string; n: number }[] {
  const n = new Map<string, number>();
  for (const c of casualties) {
    const inc = c.state.incident?.id;
    if (inc && c.destinationId === facilityId && !ARRIVED.includes(c.stage)) n.set(inc, (n.get(inc) ?? 0) + 1);
  }
  return [...n].map(([incidentId, k]) => ({ incidentId, n: k })).sort((a, b) => b.n - a.n);
}

/** One block above the patient cards (a whole row of their grid), a line per incident; nothing when none. */
export const incomingLines = (rows: { incidentId: string; n: number }[]): HTMLElement | null =>
  rows.length ? h('div', { class: 'mci-incoming', id: 'fac-incidents' },
    rows.map((r) => h('p', { 'data-incoming-incident': r.incidentId }, '⚠ ', mt('mci.incoming', { n: r.n, name: shortId(r.incidentId) })))) : null;
