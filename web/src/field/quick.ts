// The six-tap path: new casualty → mechanism → tourniquet limb ("applied now": its clock starts at the tap) → next →
// precedence. Each tap is written to the outbox at once, so nothing is lost if the medic is interrupted.
import { h, clear } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { record } from '../store.ts';
import { currentUser } from '../api.ts';
import { uuidv7 } from '../../../src/core/index.ts';
import type { Limb, Mechanism, Precedence } from '../../../src/core/index.ts';
import { dur, minutesSince, time } from '../fmt.ts';
import { onTick } from '../tick.ts';
import type { Screen } from '../screen.ts';
import { refusalSaid } from '../ui/refusal.ts';

const MECHS: Mechanism[] = ['fpv-drone', 'artillery', 'drone-dropped', 'gunshot', 'mine-uxo', 'grenade', 'cluster', 'ied', 'landmine', 'rpg', 'blunt', 'burn', 'fall', 'mvc', 'other'];
const LIMBS: Limb[] = ['left-arm', 'right-arm', 'left-leg', 'right-leg', 'junctional'];
const PRECS: Precedence[] = ['urgent', 'urgent-surgical', 'priority', 'routine'];

export const quickNew: Screen = (root) => {
  const id = uuidv7();
  const injuredAt = new Date().toISOString();
  const applied = new Map<Limb, { eventId: string; at: string }>();
  /** A limb whose tourniquet a tap asked to remove: asked once more, "keep" the big answer (one slip undoes nothing). */
  let removing: Limb | null = null;
  let step = 1;
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
        alert(t('common.error', { msg: refusalSaid(e) }));
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
            class: 'btn big', 'data-mech': m,
            onclick: () => guard('mechanism', async () => {
              const unitId = currentUser()?.units?.[0];
              await record(id, 'registered', { injuredAt, sex: 'unknown', status: 'military', ...(unitId ? { unitId } : {}) }, injuredAt);
              await record(id, 'mechanism', { mechanisms: [m] }, injuredAt);
              go(2);
            }),
          }, tc('mech', m))),
        ),
      );
    } else if (step === 2) {
      clear(root, stepEl, h('h2', null, t('quick.tourniquet')),
        h('div', { class: 'grid2' },
          LIMBS.map((limb) => {
            const on = applied.get(limb);
            return h('button', {
              class: `btn big ${on ? 'on' : ''}`, 'data-limb': limb, 'aria-pressed': on ? 'true' : 'false',
              onclick: () => guard(`limb:${limb}`, async () => {
                if (applied.has(limb)) removing = limb; // asked, not undone: its clock keeps running
                else {
                  const at = new Date().toISOString();
                  const ev = await record(id, 'tourniquet.applied', { limb, tqType: 'CAT' }, at);
                  applied.set(limb, { eventId: ev.id, at: ev.at }); // corrected for the phone's clock
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
  return onTick(() => {
    root.querySelectorAll<HTMLElement>('[data-since]').forEach((el) => (el.textContent = dur(minutesSince(el.dataset.since))));
  });
};
