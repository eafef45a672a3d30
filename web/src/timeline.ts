// Casualty timeline: every event with author, device and time; voided events struck through, amendments linked.
// The server's log is merged with this device's outbox, so unsent events show too (marked).
import { h, clear } from './dom.ts';
import { t, tc } from './i18n.ts';
import type { Key } from './i18n.ts';
import { rowsOf, pull, record, relayed } from './store.ts';
import { fold, toMs } from '../../src/core/index.ts';
import type { CasualtyEvent } from '../../src/core/index.ts';
import { casualtyName, shortId, time, mgrs, zoneNote } from './fmt.ts';
import { triageLabel } from './field/triage.ts';
import { medText, vitalsText } from './mist.ts';
import { changesText } from './field/identity.ts';
import type { Screen } from './screen.ts';
import { ts } from './sync/i18n.ts';

/** Display order: field time (corrected, SYNC-15), then the hybrid logical clock where times tie (SYNC-3), then id. */
export function displayOrder(a: CasualtyEvent, b: CasualtyEvent): number {
  const d = toMs(a.at) - toMs(b.at);
  if (d !== 0) return d;
  const ha = a.hlc ?? '';
  const hb = b.hlc ?? '';
  if (ha !== hb) return ha < hb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function summary(e: CasualtyEvent): string {
  switch (e.type) {
    case 'registered':
      return `${time(e.payload.injuredAt)}${e.payload.position ? ` · ${mgrs(e.payload.position)}` : ''}${e.payload.battleRoster ? ` · ${e.payload.battleRoster}` : ''}`;
    case 'mechanism':
      return e.payload.mechanisms.map((m) => tc('mech', m)).join(', ');
    case 'injury':
      return `${tc('region', e.payload.region)} (${t(`body.${e.payload.view}`)}): ${tc('injury', e.payload.kind)}`;
    case 'tourniquet.applied':
      return `${tc('limb', e.payload.limb)} · ${e.payload.tqType}`;
    case 'tourniquet.converted':
    case 'tourniquet.removed':
      return shortId(e.payload.applied);
    case 'vitals':
      return vitalsText({ ...e.payload, eventId: e.id, at: e.at });
    case 'treatment':
      return tc('tx', e.payload.kind);
    case 'medication':
      return medText(e.payload);
    case 'triage':
      return triageLabel(e.payload.triage);
    case 'precedence':
      return tc('prec', e.payload.precedence);
    case 'destination':
      return e.payload.facilityId;
    case 'evac.requested':
      return `${mgrs(e.payload.nineLine.location)} · ${e.payload.nineLine.callSign}`;
    case 'evac.updated':
      return Object.keys(e.payload.nineLine).join(', ');
    case 'evac.cancelled':
      return e.payload.reason ?? '';
    case 'evac.assigned':
      return `${e.payload.vehicleId}${e.payload.facilityId ? ` → ${e.payload.facilityId}` : ''}`;
    case 'pickup':
      return e.payload.vehicleId;
    case 'arrival':
    case 'surgery.started':
      return e.payload.facilityId;
    case 'outcome':
      return `${tc('outcome', e.payload.outcome)}${e.payload.facilityId ? ` · ${e.payload.facilityId}` : ''}`;
    case 'note':
      return e.payload.text;
    case 'amend':
      return `${t('timeline.amendOf', { id: shortId(e.payload.target) })}: ${changesText(e.payload.changes)}`;
    case 'void':
      return t('timeline.voidOf', { id: shortId(e.payload.target), reason: e.payload.reason });
    case 'incident.linked':
      return `${shortId(e.payload.incidentId)}${e.payload.tag ? ` · #${e.payload.tag}` : ''}`;
    case 'incident.declared':
    case 'incident.updated':
    case 'incident.cleared':
      return shortId(e.casualtyId); // an incident's own stream: shown on the incident screen, not on a card
  }
}

/** Events to the second, with the date of another day (a casualty's log runs past midnight). */
const SEC = { sec: true } as const;

export const timeline: Screen = (root, params) => {
  const id = params[0]!;
  const list = h('ol', { class: 'timeline', id: 'timeline' });
  const title = h('h2', null, t('timeline.title'), ' ', shortId(id));
  clear(root,
    h('div', { class: 'row' }, h('a', { class: 'btn', href: `#/c/${id}` }, '← ', t('common.back')), title),
    zoneNote(),
    list);
  const render = async (): Promise<void> => {
    const rows = await rowsOf(id);
    const events = rows.map((r) => r.event).sort(displayOrder);
    // Named by battle roster / name (as amended), not by the end of its id.
    clear(title, t('timeline.title'), ' ', casualtyName(fold(id, events, new Date().toISOString()).identity, id));
    const status = new Map(rows.map((r) => [r.id, r]));
    const voided = new Set(events.filter((e) => e.type === 'void').map((e) => (e.type === 'void' ? e.payload.target : '')));
    const amended = new Set(events.filter((e) => e.type === 'amend').map((e) => (e.type === 'amend' ? e.payload.target : '')));
    clear(list, events.map((e) => {
      const r = status.get(e.id);
      // Received by a hand-over code: the sender's record. This copy carries the receiver's user and device (the
      // server takes only those from it), so the code's own are shown, and the receiver as having relayed it.
      // One login shared by a unit's phones is common: the code's device tells the sender from this phone too.
      const from = r?.handover && (r.handover.author !== e.author || r.handover.from !== e.deviceId) ? r.handover : null;
      const relayedBy = from ? (from.author !== e.author ? e.author : t('timeline.author', { author: e.author, device: e.deviceId })) : '';
      return h('li', { class: `ev ${voided.has(e.id) ? 'voided' : ''}`, 'data-type': e.type, 'data-event': e.id },
        h('div', { class: 'row' },
          h('strong', null, time(e.at, SEC)),
          h('span', null, t(`ev.${e.type}` as Key)),
          voided.has(e.id) ? h('span', { class: 'badge warn' }, t('timeline.voided')) : null,
          amended.has(e.id) ? h('span', { class: 'badge' }, t('timeline.amended')) : null,
          r?.status === 'pending' ? h('span', { class: 'badge warn' }, t('card.notSent')) : null,
          r?.status === 'rejected' && !r.anew && !relayed(r) ? h('span', { class: 'badge bad', title: r.error ?? '' }, t('outbox.rejected', { n: 1 })) : null,
          r && relayed(r) ? h('span', { class: 'badge', 'data-relayed': r.id }, ts('refused.relayed')) : null,
          r?.anew ? h('span', { class: 'badge', 'data-anew': r.anew }, ts('refused.anewBadge', { copy: shortId(r.anew) })) : null,
          e.clock?.needsTime && !voided.has(e.id) ? h('span', { class: 'badge warn', 'data-needs-time': e.id, title: ts('clock.needsTimeHelp') }, '⏱ ', ts('clock.needsTime', { n: 1 })) : null),
        h('div', null, summary(e)),
        h('div', { class: 'muted small' }, t('timeline.author', from ? { author: from.author, device: from.from } : { author: e.author, device: e.deviceId }), from ? ` · ${t('timeline.relayedBy', { desk: relayedBy })}` : '', ' · ', t(from ? 'timeline.received' : 'timeline.recorded', { time: time(e.recordedAt, SEC) }), e.clock?.offsetMs ? ` · ${ts('clock.device', { time: time(e.clock.deviceAt, SEC) })}` : '', r?.seq ? ` · #${r.seq}` : '', ' · ', shortId(e.id)),
        e.type !== 'void' && e.type !== 'registered' && !voided.has(e.id)
          ? h('button', { class: 'btn small', onclick: () => {
              const reason = prompt(t('timeline.voidReason'));
              if (reason?.trim()) void record(id, 'void', { target: e.id, reason: reason.trim() }).then(render);
            } }, t('timeline.void'))
          : null,
      );
    }));
  };
  void render();
  if (navigator.onLine) pull(id).then(render).catch(() => undefined);
  return undefined;
};
