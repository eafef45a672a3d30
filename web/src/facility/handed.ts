// The desk's casualties handed over by code (SYNC-17) that its live list does not show yet: outside its scope until
// their arrival is stored. "Arrived" records the arrival at this facility with the medic's code as its proof (SYNC-22);
// once the server took it the casualty is on the live list, and leaves this section.
import { h, clear } from '../dom.ts';
import { t } from '../i18n.ts';
import { th } from '../handover/i18n.ts';
import { currentUser } from '../api.ts';
import { handedOver, onChange, record } from '../store.ts';
import type { HandedOver } from '../store.ts';
import type { Facility } from '../../../src/core/index.ts';
import { casualtyName } from '../fmt.ts';
import { mistTable } from '../mist.ts';
import { steadyRender } from '../ui/steady.ts';

export interface HandedSection {
  /** Show facility `f`'s section; `listed`: the casualties its live list shows. */
  render(f: Facility | null, listed: ReadonlySet<string>): void;
  stop(): void;
}

const STATUS = { pending: 'ho.arrivalWaiting', held: 'ho.arrivalWaiting', sent: 'ho.arrivalSent', rejected: 'ho.arrivalRefused' } as const;
/** The refusals a desk can meet with a genuine code (SYNC-23/24), said in its language; others as the outbox says them. */
const why = (error = ''): string | false => {
  const at = /received at (\S+)/.exec(error)?.[1];
  const to = / is for (\S+)/.exec(error)?.[1];
  return at ? th('ho.usedAt', { f: at }) : to ? th('ho.forOther', { f: to }) : /revoked|r is disabled/.test(error) && th('ho.signerOff');
};

function card(x: HandedOver, f: Facility): HTMLElement {
  const here = x.arrivals.find((a) => a.facilityId === f.id);
  const arrive = h('button', {
    class: 'btn primary', 'data-handed-arrival': x.id,
    onclick: () => {
      arrive.disabled = true; // one arrival: a second tap would be a second record
      void record(x.id, 'arrival', { facilityId: f.id, handover: x.code });
    },
  }, t('facility.arrival'));
  return h('div', { class: 'patient', 'data-handed': x.id },
    h('div', { class: 'row wrap' },
      h('a', { href: `#/c/${x.id}`, class: 'cid' }, casualtyName(x.state.identity, x.id)),
      h('span', { class: 'chip' }, th('ho.deskFrom', { author: x.from }))),
    mistTable(x.state),
    here
      ? h('p', { class: here.status === 'rejected' ? 'error' : 'muted', 'data-handed-status': here.status }, (here.status === 'rejected' && why(here.error)) || th(STATUS[here.status]))
      : h('div', { class: 'row wrap' }, arrive));
}

export function handedSection(box: HTMLElement): HandedSection {
  let items: HandedOver[] = [];
  let shown: { f: Facility | null; listed: ReadonlySet<string> } = { f: null, listed: new Set() };
  const draw = (): void => {
    const { f, listed } = shown;
    // Only at a facility the user holds: an arrival elsewhere would be refused.
    const open = f && currentUser()?.facilities?.includes(f.id) ? items.filter((x) => !listed.has(x.id)) : [];
    if (!f || !open.length) return clear(box);
    clear(box, h('h3', null, th('ho.desk')), h('p', { class: 'muted' }, th('ho.deskHelp')), open.map((x) => card(x, f)));
  };
  // Its own records' changes redraw it outside the desk's render: held under a click there too.
  const steady = steadyRender(box, draw, { fields: false });
  const load = (): void =>
    void handedOver().then((x) => {
      items = x;
      steady.render();
    }).catch(() => undefined); // locked: nothing to show until unlocked
  const off = onChange(load);
  load();
  return {
    render(f, listed) {
      shown = { f, listed };
      draw();
    },
    stop: () => {
      off();
      steady.stop();
    },
  };
}
