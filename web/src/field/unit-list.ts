// The medic's view of their units' open casualties recorded on other devices (the server scopes the list to the
// signed-in user's units and to what they recorded), below the ones on this phone. Opening one pulls its log here.
import { h, clear } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { getCasualties, hasToken } from '../api.ts';
import { effectivePrecedence } from '../../../src/core/index.ts';
import { casualtyName, dur, minutesSince, time, zoneNote } from '../fmt.ts';
import { st } from '../shell-i18n.ts';

/** A section listing server-side casualties not in `localIds`; empty (hidden) offline or signed out. */
export function unitCasualties(localIds: () => Promise<Set<string>>): HTMLElement {
  const box = h('section', { class: 'unit-casualties', id: 'unit-casualties', hidden: true });
  if (!hasToken() || (typeof navigator !== 'undefined' && navigator.onLine === false)) return box;
  void Promise.all([getCasualties({ status: 'open', limit: 200 }), localIds()]).then(([{ casualties }, local]) => {
    const others = casualties.filter((c) => !local.has(c.id));
    if (!others.length) return;
    box.hidden = false;
    clear(box, h('h2', null, st('home.unit')), zoneNote(), others.map((c) => {
      const p = effectivePrecedence(c.precedence, c.state.evac.nineLine);
      return h('a', { href: `#/c/${c.id}`, class: `item prec-${p ?? 'none'}`, 'data-unit-casualty': c.id },
        h('div', { class: 'row' }, h('strong', null, casualtyName(c.state.identity, c.id)), h('span', { class: 'badge' }, p ? tc('prec', p) : '—'), h('span', { class: 'muted' }, tc('stage', c.stage))),
        h('div', { class: 'row' }, h('span', null, time(c.injuredAt), ' · ', h('span', { 'data-since': c.injuredAt ?? '' }, dur(minutesSince(c.injuredAt))))),
        c.state.tourniquets.filter((q) => q.running).map((q) => h('div', { class: `tq alarm-${q.alarm}` }, `${t('console.tq')} ${tc('limb', q.limb)} `, h('span', { 'data-since': q.appliedAt }, dur(q.minutes)))));
    }));
  }).catch(() => undefined);
  return box;
}
