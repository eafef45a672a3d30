// Field home: the big "new casualty" button and the casualties recorded on this device with their running clocks.
import { h, clear } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { localCasualties, onChange, storageUse } from '../store.ts';
import { clockBanner, storageLine } from '../sync/views.ts';
import { th } from '../handover/i18n.ts';
import { mt } from '../mci/i18n.ts';
import { casualtyName, dur, minutesSince, time, zoneNote } from '../fmt.ts';
import { runClocks } from '../tick.ts';
import { steadyLoad } from '../ui/steady.ts';
import { unitCasualties } from './unit-list.ts';
import type { Screen } from '../screen.ts';

export const fieldHome: Screen = (root) => {
  const list = h('div', { class: 'list', id: 'casualty-list' });
  const use = h('div');
  clear(
    root,
    clockBanner(),
    h('a', { href: '#/new', class: 'btn huge primary', id: 'new-casualty' }, '+ ', t('field.new')),
    h('a', { href: '#/scan', class: 'btn big', id: 'scan-handover' }, '▦ ', th('ho.scan')),
    h('a', { href: '#/mci', class: 'btn big', id: 'mci-open' }, '⚠ ', mt('mci.open')),
    h('h2', null, t('field.title')),
    zoneNote(),
    list,
    use,
    unitCasualties(async () => new Set((await localCasualties()).map((c) => c.id))),
  );
  type Seen = { cs: Awaited<ReturnType<typeof localCasualties>>; usage: number; budget: number };
  const paint = ({ cs, usage, budget }: Seen): void => {
    clear(use, storageLine(cs.length, usage, budget));
    if (!cs.length) return clear(list, h('p', { class: 'muted' }, t('field.empty')));
    clear(
      list,
      cs.map(({ id, state: s, pending }) =>
        h('a', { href: `#/c/${id}`, class: `item prec-${s.precedence.value ?? 'none'}`, 'data-casualty': id },
          h('div', { class: 'row' },
            h('strong', null, casualtyName(s.identity, id)),
            h('span', { class: 'badge' }, s.precedence.value ? tc('prec', s.precedence.value) : '—'),
            h('span', { class: 'muted' }, tc('stage', s.stage)),
            pending ? h('span', { class: 'badge warn' }, `${pending} ${t('card.notSent')}`) : null,
          ),
          h('div', { class: 'row' },
            h('span', null, time(s.injuredAt), ' · ', h('span', { 'data-since': s.injuredAt ?? '' }, dur(minutesSince(s.injuredAt)))),
            s.mechanisms.map((m) => h('span', { class: 'chip' }, tc('mech', m))),
          ),
          s.tourniquets.filter((q) => q.running).map((q) =>
            h('div', { class: `tq alarm-${q.alarm}` }, t('card.tqRunning', { limb: tc('limb', q.limb), d: '' }),
              h('span', { 'data-since': q.appliedAt }, dur(q.minutes)))),
        ),
      ),
    );
  };
  // A casualty tapped while a sync lands is opened, not lost under a list rebuilt beneath the finger.
  const live = steadyLoad(root, async (): Promise<Seen> => ({ cs: await localCasualties(), ...(await storageUse()) }), paint, { fields: false });
  live.load();
  const off = onChange(live.load);
  const offTick = runClocks(root);
  return () => {
    off();
    offTick();
    live.stop();
  };
};
