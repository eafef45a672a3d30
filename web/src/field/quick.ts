// The six-tap path: new casualty → mechanism → tourniquet limb ("applied now": its clock starts at the tap) → next →
// precedence. Each tap is written to the outbox at once, so nothing is lost if the medic is interrupted.
import { h, clear, picker } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { errText } from '../ui/refusal.ts';
import { record } from '../store.ts';
import { currentUser } from '../api.ts';
import { uuidv7 } from '../../../src/core/index.ts';
import type { Limb, Mechanism, Precedence } from '../../../src/core/index.ts';
import { dur, minutes, minutesSince, time } from '../fmt.ts';
import { runClocks } from '../tick.ts';
import type { Screen } from '../screen.ts';
import { ct } from './card-i18n.ts';

export const MECHS: Mechanism[] = ['fpv-drone', 'artillery', 'drone-dropped', 'gunshot', 'mine-uxo', 'grenade', 'cluster', 'ied', 'landmine', 'rpg', 'blunt', 'burn', 'fall', 'mvc', 'other'];
export const LIMBS: Limb[] = ['left-arm', 'right-arm', 'left-leg', 'right-leg', 'junctional'];
export const PRECS: Precedence[] = ['urgent', 'urgent-surgical', 'priority', 'routine'];

/**
 * How many minutes ago the next tourniquet went on: one put on by the casualty or a buddy before the medic came has
 * been on since then, and its clock and alarms (1 h, 2 h) count from then, not from the tap.
 */
export const tqAgoPicker = (onPick: (min: number) => void, current = 0): HTMLElement =>
  picker(t('quick.tqWhen'), [0, 10, 20, 30, 60], (m) => (m ? minutes(m) : t('quick.now')), 'data-tq-ago', onPick, current);

export const quickNew: Screen = (root) => {
  const id = uuidv7();
  const injuredAt = new Date().toISOString();
  /** The registration, its injury time as corrected for this phone's clock (SYNC-15): a found-on tourniquet's is. */
  let registration = { id: '', at: '' };
  const applied = new Map<Limb, { eventId: string; at: string }>();
  /** The mechanisms recorded here, in tap order, each its own record (so one taken back is one void). */
  const mechs = new Map<Mechanism, string>();
  /** A recorded mechanism tapped again: asked whether to remove it, "keep" the big answer. */
  let unMech: Mechanism | null = null;
  /** A limb whose tourniquet a tap asked to remove: asked once more, "keep" the big answer (one slip undoes nothing). */
  let removing: Limb | null = null;
  let step = 1;
  /** Minutes since the tourniquets tapped next went on (0: now; more for one found on the casualty). */
  let ago = 0;
  const stepEl = h('p', { class: 'muted step' });

  const go = (n: number): void => {
    step = n;
    render();
  };
  /** The records being written, in tap order: every tap waits for the one before (none is lost while one saves). */
  let inflight: Promise<void> = Promise.resolve();
  /** What the last tap was on (a mechanism, one limb, a precedence) while its record is written. */
  let busy: string | null = null;
  /**
   * Record a tap after those before it. The same button again while its record is written is a double tap: dropped
   * (a limb tapped twice would apply its tourniquet and ask to remove it). A tap on another limb is a second one: kept.
   */
  const guard = (key: string, f: () => Promise<void>): Promise<void> => {
    if (busy === key) return inflight;
    busy = key;
    const before = inflight;
    inflight = (async () => {
      await before;
      try {
        await f();
      } catch (e) {
        alert(errText(e));
      } finally {
        if (busy === key) busy = null;
      }
    })();
    return inflight;
  };

  const render = (): void => {
    stepEl.textContent = t('quick.step', { i: step });
    if (step === 1) {
      clear(root, stepEl, h('h2', null, t('quick.mechanism')),
        h('div', { class: 'grid2' },
          MECHS.map((m) => h('button', {
            class: `btn big ${mechs.has(m) ? 'on' : ''}`, 'data-mech': m, 'aria-pressed': String(mechs.has(m)),
            onclick: () => guard('mechanism', async () => {
              if (mechs.has(m)) return void ((unMech = m), render());
              if (!registration.id) {
                const unitId = currentUser()?.units?.[0];
                const reg = await record(id, 'registered', { injuredAt, sex: 'unknown', status: 'military', ...(unitId ? { unitId } : {}) }, injuredAt);
                registration = { id: reg.id, at: reg.at };
              }
              // Each after the last (the same order as tapped on the card's chips and in MIST's M).
              const ev = await record(id, 'mechanism', { mechanisms: [m] }, mechs.size ? undefined : injuredAt);
              mechs.set(m, ev.id);
              go(2);
            }),
          }, mechs.has(m) ? '✓ ' : '', tc('mech', m))),
        ),
        unMech ? unMechAsk(unMech) : null,
        mechs.size ? h('button', { class: 'btn huge primary', id: 'mech-next', onclick: () => go(2) }, t('quick.mechNext')) : null,
      );
    } else if (step === 2) {
      clear(root, stepEl,
        // What was recorded, and a second (a blast, then a bullet) as easily: one tap back to the list, one on it.
        h('div', { class: 'row wrap', id: 'quick-mechs' }, [...mechs.keys()].map((m) => h('span', { class: 'chip' }, tc('mech', m))),
          h('button', { class: 'btn', id: 'quick-add-mech', onclick: () => go(1) }, '+ ', t('quick.addMech'))),
        h('h2', null, t('quick.tourniquet')), tqAgoPicker((m) => (ago = m), ago),
        h('div', { class: 'grid2' },
          LIMBS.map((limb) => {
            const on = applied.get(limb);
            return h('button', {
              class: `btn big ${on ? 'on' : ''}`, 'data-limb': limb, 'aria-pressed': on ? 'true' : 'false',
              onclick: () => guard(`limb:${limb}`, async () => {
                if (applied.has(limb)) removing = limb; // asked, not undone: its clock keeps running
                else {
                  const at = new Date(Date.now() - ago * 60_000).toISOString();
                  ago = 0; // the next limb is "now" again unless asked: a found-on time is chosen for each
                  const ev = await record(id, 'tourniquet.applied', { limb, tqType: 'CAT' }, at);
                  applied.set(limb, { eventId: ev.id, at: ev.at }); // corrected for the phone's clock
                  // A tourniquet found on: the injury was before it (the golden hour counts from then).
                  if (ev.at < registration.at) await record(id, 'amend', { target: registration.id, changes: { injuredAt: (registration.at = ev.at) } });
                }
                render();
              }),
            }, tc('limb', limb), on ? h('span', { class: 'clock', 'data-since': on.at }, dur(minutesSince(on.at))) : null);
          }),
        ),
        removing ? removeAsk(removing) : null,
        h('button', { class: 'btn huge primary', id: 'tq-next', onclick: () => go(3) },
          applied.size ? t('quick.tqNext', { n: applied.size }) : t('quick.noTq')),
      );
    } else {
      clear(root, stepEl, h('h2', null, t('quick.precedence')),
        h('div', { class: 'stack' },
          PRECS.map((p) => h('button', {
            class: `btn huge prec-${p}`, 'data-prec': p,
            onclick: () => guard('precedence', async () => {
              await record(id, 'precedence', { precedence: p });
              location.hash = `#/c/${id}`;
            }),
          }, tc('prec', p))),
        ),
        h('button', { class: 'btn', onclick: () => go(2) }, t('common.back')),
      );
    }
  };
  /** "Remove this mechanism?" for one tapped again on step 1: keep (the big button) or void its record. */
  const unMechAsk = (m: Mechanism): HTMLElement => {
    const close = (): void => {
      unMech = null;
      render();
    };
    return h('div', { class: 'stack', id: 'mech-remove', role: 'alertdialog', 'aria-labelledby': 'mech-remove-q' },
      h('p', { id: 'mech-remove-q' }, ct('mech.removeAsk', { m: tc('mech', m) })),
      h('button', { class: 'btn huge primary', id: 'mech-keep', onclick: close }, ct('mech.keep')),
      h('button', { class: 'btn big', id: 'mech-remove-yes', onclick: () => guard(`unmech:${m}`, async () => {
        await record(id, 'void', { target: mechs.get(m)!, reason: `${ct('mech.removedReason')}: ${m}` });
        mechs.delete(m);
        close();
      }) }, ct('mech.remove')));
  };
  /** "Remove the tourniquet record?" for a limb tapped again: keep (the big button) or void the record. */
  const removeAsk = (limb: Limb): HTMLElement => {
    const on = applied.get(limb)!;
    const close = (): void => {
      removing = null;
      render();
    };
    return h('div', { class: 'stack', id: 'tq-remove', role: 'alertdialog', 'aria-labelledby': 'tq-remove-q' },
      h('p', { id: 'tq-remove-q' }, t('quick.tqRemoveAsk', { limb: tc('limb', limb), at: time(on.at, { zoned: true }) })),
      h('button', { class: 'btn huge primary', id: 'tq-keep', onclick: close }, t('quick.tqKeep')),
      h('button', { class: 'btn big', id: 'tq-remove-yes', onclick: () => guard(`remove:${limb}`, async () => {
        await record(id, 'void', { target: on.eventId, reason: 'tapped in error' });
        applied.delete(limb);
        close();
      }) }, t('quick.tqRemove')));
  };
  render();
  return runClocks(root);
};
