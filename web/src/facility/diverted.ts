// Patients on their way here and sent elsewhere (desk night review): they vanished from the incoming list in silence
// while staff kept a bay ready. The desk now says who went where and when, for an hour. A scoped desk learns it from
// the stream (`diverted`: the casualty left its scope); a desk that sees every casualty, from the casualty's new
// destination.
import { h } from '../dom.ts';
import type { Facility } from '../../../src/core/index.ts';
import type { CasualtySummary } from '../api.ts';
import { DIVERTED_SHOW_MS, forgetOldDiversions } from '../live/store.ts';
import type { Diverted, LiveStore } from '../live/store.ts';
import { casualtyName, stamp } from '../fmt.ts';
import { serverNow, serverNowIso } from '../sync/clock.ts';
import { ft } from './i18n.ts';

const ARRIVED = new Set(['at-facility', 'in-surgery', 'closed']);

export function divertedNotices(store: LiveStore): { render(f: Facility, mine: readonly CasualtySummary[]): HTMLElement | null } {
  /** The casualties on their way to the facility at the last render, and which facility that was. */
  let heading = { fid: '', byId: new Map<string, CasualtySummary>() };
  /** Diversions seen in the casualties' own copies (a desk that sees every casualty keeps them in its list). */
  const seen = new Map<string, Diverted>();
  return {
    render(f, mine) {
      const here = new Set(mine.map((c) => c.id));
      if (heading.fid === f.id)
        for (const [id, was] of heading.byId) {
          const now = store.casualties.get(id);
          if (now && !here.has(id)) seen.set(id, { casualtyId: id, from: f.id, to: now.destinationId, at: serverNowIso(), was });
        }
      forgetOldDiversions(seen, serverNow());
      heading = { fid: f.id, byId: new Map(mine.filter((c) => c.destinationId === f.id && !ARRIVED.has(c.stage)).map((c) => [c.id, c])) };
      const shown = [...store.diverted.values(), ...seen.values()]
        .filter((d) => d.from === f.id && !here.has(d.casualtyId) && serverNow() - Date.parse(d.at) < DIVERTED_SHOW_MS);
      if (!shown.length) return null;
      const name = (id: string | null): string => (id ? store.entities.facility.get(id)?.name ?? id : '—');
      return h('div', { class: 'diverted', id: 'fac-diverted', role: 'status' },
        h('h3', null, ft('diverted.title')),
        shown.map((d) => h('p', { 'data-diverted': d.casualtyId },
          '↪ ', ft('diverted', { who: casualtyName(d.was?.state.identity, d.casualtyId), to: name(d.to), time: stamp(d.at) }))));
    },
  };
}
