// Steps recorded at this desk that the server does not hold yet (desk night review): an arrival tapped with no
// connection went to the outbox, while the card, drawn from the server's copy, still read "on the way" with
// "Arrived" ready for a second tap. The card now says what waits to be sent (or was refused), and when it was recorded.
import { h } from '../dom.ts';
import { t } from '../i18n.ts';
import type { Key } from '../i18n.ts';
import { allRows, onChange } from '../store.ts';
import type { Row } from '../store.ts';
import { stamp } from '../fmt.ts';
import { ft } from './i18n.ts';

const stepName = (type: string): string =>
  type === 'arrival' ? t('facility.arrival') : type === 'surgery.started' ? t('facility.surgery') : t(`ev.${type}` as Key);

export function unsentSteps(redraw: () => void): { of(id: string): HTMLElement | null; waits(id: string, type: string, facilityId?: string): boolean; stop(): void } {
  /** This device's records not on the server, by casualty (a hand-over's received records are the medic's). */
  let rows = new Map<string, Row[]>();
  const load = (): void =>
    void allRows().then((all) => {
      const next = new Map<string, Row[]>();
      for (const r of all)
        if ((r.status === 'pending' || r.status === 'rejected') && !r.handover) next.set(r.casualtyId, [...(next.get(r.casualtyId) ?? []), r]);
      if (!next.size && !rows.size) return;
      rows = next;
      redraw();
    }).catch(() => undefined); // locked: nothing to show until unlocked
  const stop = onChange(load);
  load();
  return {
    of(id) {
      const mine = rows.get(id);
      return mine?.length
        ? h('div', { class: 'unsent', 'data-unsent': id }, mine.map((r) => h('p', { class: r.status === 'rejected' ? 'error' : 'warn', 'data-unsent-step': r.event.type },
            '⚠ ', ft(r.status === 'rejected' ? 'refused' : 'unsent', { step: stepName(r.event.type), time: stamp(r.event.at) }))))
        : null;
    },
    /** A step of this type (at this facility, if named) waits in the outbox. */
    waits: (id, type, facilityId) => (rows.get(id) ?? []).some((r) => r.status === 'pending' && r.event.type === type
      && (facilityId === undefined || (r.event.payload as { facilityId?: string }).facilityId === facilityId)),
    stop,
  };
}
