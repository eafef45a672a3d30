// Tourniquet tiles of the card: the running clock is the biggest thing on it. Stopping a clock (removed, converted)
// asks once, and a stop recorded by mistake can be undone (a void of that event: the clock runs on from its start).
import { h, picker } from '../dom.ts';
import { tc } from '../i18n.ts';
import { TourniquetType } from '../../../src/core/index.ts';
import type { CasualtyState, TourniquetState } from '../../../src/core/index.ts';
type TourniquetType = (typeof TourniquetType.options)[number];
import type { Row } from '../store.ts';
import { dur, time } from '../fmt.ts';
import { ct } from './card-i18n.ts';

/** A tourniquet's clock times always say their zone, whatever the screen names (SYNC-21). */
const ZONED = { zoned: true } as const;

type Stop = 'tourniquet.removed' | 'tourniquet.converted';
export interface TqActions {
  stop(type: Stop, applied: string): void;
  undo(eventId: string): void;
  setType(applied: string, tqType: TourniquetType): void;
  /** Re-render the tiles (a confirmation opened or closed). */
  redraw(): void;
}

/** How long after a stop its Undo stays offered on the tile. */
const UNDO_MS = 10 * 60_000;

/** The stop event of a tourniquet recorded on or pulled to this device that is still in force (not voided). */
function stopEvent(rows: Row[], q: TourniquetState): Row | undefined {
  const voided = new Set(rows.filter((r) => r.event.type === 'void').map((r) => (r.event.payload as { target: string }).target));
  return rows.find((r) => (r.event.type === 'tourniquet.removed' || r.event.type === 'tourniquet.converted') &&
    (r.event.payload as { applied: string }).applied === q.id && !voided.has(r.id));
}

/** Tourniquet ids whose stop is being confirmed, and which stop: kept by the card across re-renders. */
export type Confirming = Map<string, Stop>;

export function tourniquetTiles(s: CasualtyState, rows: Row[], confirming: Confirming, act: TqActions): HTMLElement[] {
  return s.tourniquets.map((q) => {
    const asking = confirming.get(q.id);
    const stop = stopEvent(rows, q);
    const stoppedAt = q.removedAt ?? q.convertedAt;
    let keyed = false;
    const typeSel = h('select', { 'aria-label': ct('tq.type'), 'data-tq-type': q.limb, disabled: !q.running,
      onkeydown: () => void (keyed = true),
      onchange: (e: Event) => {
        const sel = e.target as HTMLSelectElement;
        act.setType(q.id, sel.value as TourniquetType);
        // Chosen from its list: the card's live render, held while the select has focus, goes on. Not by a key: the
        // keyboard's user keeps their place.
        if (!keyed) sel.blur();
        keyed = false;
      } },
      TourniquetType.options.map((o) => h('option', { value: o, selected: o === q.tqType }, ct(`tqtype.${o}`))));
    let actions: HTMLElement;
    if (q.running && asking) {
      actions = h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': ct(asking === 'tourniquet.removed' ? 'tq.confirmRemove' : 'tq.confirmConvert', { limb: tc('limb', q.limb) }) },
        h('p', null, ct(asking === 'tourniquet.removed' ? 'tq.confirmRemove' : 'tq.confirmConvert', { limb: tc('limb', q.limb) })),
        h('div', { class: 'grid2' },
          h('button', { class: 'btn', 'data-tq-keep': q.limb, onclick: () => { confirming.delete(q.id); act.redraw(); } }, ct('tq.keep')),
          h('button', { class: 'btn danger', 'data-tq-confirm': q.limb, onclick: () => { confirming.delete(q.id); act.stop(asking, q.id); } },
            ct(asking === 'tourniquet.removed' ? 'tq.yesRemoved' : 'tq.yesConverted'))));
    } else if (q.running) {
      const ask = (type: Stop) => () => { confirming.set(q.id, type); act.redraw(); };
      actions = h('div', { class: 'grid2' },
        h('button', { class: 'btn', 'data-tq-convert': q.limb, onclick: ask('tourniquet.converted') }, ct('tq.convert')),
        h('button', { class: 'btn', 'data-tq-remove': q.limb, onclick: ask('tourniquet.removed') }, ct('tq.remove')));
    } else if (q.onAtOutcome) {
      // Off the medic's hands (an outcome): the last state said plainly, no clock, no alarm, nothing to undo.
      const o = s.outcome ? tc('outcome', s.outcome.outcome) : '';
      actions = h('p', { class: 'muted', 'data-tq-outcome': q.limb }, ct('tq.onAtOutcome', { outcome: o, time: time(q.onAtOutcome, ZONED), d: dur(q.minutes) }));
    } else {
      const recent = stop && stoppedAt && Date.now() - Date.parse(stop.event.recordedAt) < UNDO_MS;
      actions = h('div', { class: 'row wrap' },
        h('span', { class: 'muted' }, ct(q.convertedAt ? 'tq.convertedAt' : 'tq.removedAt', { time: time(stoppedAt, ZONED), d: dur(q.minutes) })),
        recent ? h('button', { class: 'btn', 'data-tq-undo': q.limb, onclick: () => act.undo(stop.id) }, '↶ ', ct('tq.undo')) : null);
    }
    return h('div', { class: `tq big alarm-${q.alarm} ${q.running ? 'running' : 'stopped'}`, 'data-tq': q.limb },
      h('div', { class: 'tq-line' }, h('strong', null, tc('limb', q.limb)), h('span', { 'data-tq-at': q.appliedAt }, time(q.appliedAt, ZONED)), typeSel),
      q.running ? h('div', { class: 'clock', 'data-since': q.appliedAt, 'aria-label': `${tc('limb', q.limb)} ${ct('tq.onFor')}` }, dur(q.minutes)) : null,
      actions);
  });
}

/** The type chosen for the next tourniquet added on the card (CAT unless changed). */
export const tqTypePicker = (onPick: (t: TourniquetType) => void): HTMLElement =>
  picker(ct('tq.addType'), TourniquetType.options, (o) => ct(`tqtype.${o}`), 'data-new-tq-type', onPick, 'CAT');

