// Operations console: every open casualty (the ones with a 9-line first by precedence, then the rest: a running
// tourniquet without a request is on the board too), dispatch recommendations with one-click accept, vehicles, the
// map and threat zones. Data: the live store (one list request, then the stream) and the plan, a coalesced resource.
import { h, clear } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { getPlan, patch } from '../api.ts';
import type { CasualtySummary, Evacuation, PlanItem } from '../api.ts';
import { record } from '../store.ts';
import { steadyRender } from '../ui/steady.ts';
import { leftBehind, PRECEDENCE_LETTER, precedenceRank, toMs } from '../../../src/core/index.ts';
import type { AssignedLeg, Vehicle } from '../../../src/core/index.ts';
import { dur, mgrs, minutesSince, time, zoneNote } from '../fmt.ts';
import type { WaitingReason } from '../../../src/dispatch/waiting-reason.ts';
import { runClocks } from '../tick.ts';
import { serverNow } from '../sync/clock.ts';
import { liveStore, evacuationOf } from '../live/store.ts';
import { resource } from '../live/resource.ts';
import { zonesPanel } from './zones.ts';
import { boardHold } from './hold.ts';
import { incidentsPanel } from '../mci/panel.ts';
import { cs, places } from './console-i18n.ts';
import type { Screen } from '../screen.ts';
import type { ConsoleMap } from '../map/map.ts';

import type { ConsoleData } from './data.ts';
import { busyElsewhere, consoleName, sharedNames } from './data.ts';
import { errText, refusalSaid } from '../ui/refusal.ts';
import { at } from '../admin/i18n.ts';

export type { ConsoleData } from './data.ts';

const rank = (e: Evacuation): number => (e.nineLine ? 0 : 100) + (e.precedence ? precedenceRank(e.precedence) : 9);
const byUrgency = (a: Evacuation, b: Evacuation): number =>
  rank(a) - rank(b) || toMs(a.injuredAt ?? a.requestedAt ?? '1970-01-01T00:00:00Z') - toMs(b.injuredAt ?? b.requestedAt ?? '1970-01-01T00:00:00Z');

/** A plan made this long after a trip was accepted and still offering it was made without that assignment. */
const ACCEPT_SETTLE_MS = 5_000;
/** A trip's identity across plans: its vehicle and casualties. */
const tripKey = (trip: readonly PlanItem[]): string => [trip[0]!.vehicleId, ...trip.map((p) => p.casualtyId)].join(' ');
/** Accept a trip: marked accepted at once, and offered again if its assignments could not be recorded. */
function accept(accepted: Map<string, number>, trip: PlanItem[], assign: Assign, redraw: () => void): void {
  const key = tripKey(trip);
  accepted.set(key, serverNow());
  void assign(acceptedItems(trip)).then((ok) => ok || (accepted.delete(key), redraw()));
  redraw();
}
/** Accepted trips the plan no longer shows, or still offers though made well after (the assignment did not land). */
function forgetAccepted(accepted: Map<string, number>, shown: readonly PlanItem[][], computedAt: string | undefined): void {
  const keys = new Set(shown.map(tripKey));
  const madeAt = toMs(computedAt ?? '1970-01-01T00:00:00Z');
  for (const [k, at] of accepted) if (!keys.has(k) || madeAt > at + ACCEPT_SETTLE_MS) accepted.delete(k);
}

/** Plan items grouped by vehicle: two casualties on one vehicle are ONE combined trip, shown and accepted together. */
export function trips(plan: PlanItem[]): PlanItem[][] {
  const by = new Map<string, PlanItem[]>();
  for (const p of plan) by.set(p.vehicleId, [...(by.get(p.vehicleId) ?? []), p]);
  return [...by.values()];
}

/** Running tourniquets of a request, each with its clock. */
const tqChips = (e: Evacuation): HTMLElement[] => e.tourniquets.filter((q) => q.running).map((q) =>
  h('span', { class: `tq small alarm-${q.alarm}` }, `${t('console.tq')} ${tc('limb', q.limb)} `, h('span', { 'data-since': q.appliedAt }, dur(q.minutes))));

/** Records assignments; resolves true once all are in the outbox, false when one could not be (said to the user). */
type Assign = (items: { casualtyId: string; vehicleId: string; facilityId?: string | undefined; addsToLeg?: true | undefined }[]) => Promise<boolean>;

/**
 * What accepting a trip writes: each casualty's assignment — or, for a vehicle that carries on and adds to its leg
 * (SIM-15), only the added casualties, marked so, since those it is on its way to stay assigned as they are.
 */
export function acceptedItems(trip: readonly PlanItem[]): PlanItem[] {
  return trip.some((p) => p.addsToLeg) ? trip.filter((p) => p.addsToLeg) : [...trip];
}
/** A vehicle and a destination chosen on the board but not assigned yet, by casualty (`ask`: replacing its vehicle, asked). */
type Choices = Map<string, { vehicleId?: string; facilityId?: string; ask?: true }>;

/** Accepting a trip or an assignment: one `evac.assigned` per casualty through the outbox. */
const recordAssignments: Assign = (items) =>
  Promise.all(items.map((i) => record(i.casualtyId, 'evac.assigned', { vehicleId: i.vehicleId, ...(i.facilityId ? { facilityId: i.facilityId } : {}), ...(i.addsToLeg ? { addsToLeg: true } : {}) })))
    .then(() => true, (e: unknown) => (alert(refusalSaid(e)), false));

/** Records the assignments; a casualty assigned is no longer a half-made choice on the board. */
function assigner(chosen: Choices): Assign {
  return (items) => {
    for (const i of items) chosen.delete(i.casualtyId);
    return recordAssignments(items);
  };
}

/** Options of a board row; `opened`: the rows whose details are open (kept across the re-renders of live updates). */
type RowOpts = { shared?: ReadonlySet<string> | undefined; free: Vehicle[]; facilities: ConsoleData['facilities']; vName: (id: string | null) => string; fName: (id: string | null | undefined) => string; assign: Assign; chosen: Choices; opened: Set<string>; rerender: () => void };

/** A row's details, opened on demand: the 9-line's call sign and places, when requested, the manual assignment. */
function evacDetails(e: Evacuation, o: RowOpts): HTMLElement {
  const { free, vName, assign } = o;
  // The dispatcher's half-made choice outlives the re-render a live update brings (it was lost, and Assign did nothing).
  const was = o.chosen.get(e.casualtyId) ?? {};
  const choose = (k: 'vehicleId' | 'facilityId') => (ev: Event): void => void o.chosen.set(e.casualtyId, { ...o.chosen.get(e.casualtyId), [k]: (ev.target as HTMLSelectElement).value });
  const vSel = h('select', { 'data-assign-vehicle': e.casualtyId, 'aria-label': t('console.assignTo'), onchange: choose('vehicleId') }, h('option', { value: '' }, t('console.assignTo')),
    free.map((v) => h('option', { value: v.id, selected: v.id === was.vehicleId }, `${v.name ?? v.id} (${tc('vkind', v.kind)})`)));
  const fSel = h('select', { 'data-assign-facility': e.casualtyId, 'aria-label': t('console.destination'), onchange: choose('facilityId') }, h('option', { value: '' }, t('console.destination')),
    o.facilities.filter((f) => f.intake !== 'closed' && f.status !== 'closed').map((f) => h('option', { value: f.id, selected: f.id === (was.facilityId ?? e.destinationId) }, `${f.name} (${at(`frole.${f.role}` as 'frole.R1')})`)));
  const send = (): void => void assign([{ casualtyId: e.casualtyId, vehicleId: vSel.value, facilityId: fSel.value || undefined }]);
  // A casualty with a vehicle already: another one replaces it, so the console names it and asks once (M1).
  const press = (): void => {
    if (!vSel.value) {
      // Nothing chosen: said on the select, which takes the focus (a press that did nothing read as done).
      vSel.classList.add('invalid');
      vSel.setAttribute('aria-invalid', 'true');
      return vSel.focus();
    }
    if (!e.vehicleId || e.vehicleId === vSel.value) return send();
    o.chosen.set(e.casualtyId, { ...o.chosen.get(e.casualtyId), vehicleId: vSel.value, facilityId: fSel.value || undefined, ask: true });
    o.rerender();
  };
  const keep = (): void => {
    o.chosen.delete(e.casualtyId);
    o.rerender();
  };
  return h('div', { class: 'evac-details', id: `evac-more-${e.casualtyId}`, 'data-evac-details': e.casualtyId },
    h('div', { class: 'row wrap small' },
      h('span', null, e.precedence ? tc('prec', e.precedence) : '—'),
      e.triage ? h('span', { class: 'chip tri', title: 'NATO' }, `≈ ${tc('tcat.NATO', e.triage)}`) : null,
      e.nineLine ? h('span', null, `${e.nineLine.callSign} · ${places(e.nineLine.patientsByType.L, e.nineLine.patientsByType.A)}`) : null,
      // Said what it is: a bare "06:49" beside the pickup site read as a pickup time.
      e.requestedAt ? h('span', { class: 'muted', 'data-requested-at': '' }, cs('board.requested', { at: time(e.requestedAt) })) : null),
    h('div', { class: 'row wrap' },
      vSel, fSel,
      h('button', { class: 'btn small primary', 'data-assign': e.casualtyId, onclick: press }, t('console.assign'))),
    was.ask && e.vehicleId && was.vehicleId && was.vehicleId !== e.vehicleId ? h('div', { class: 'row wrap', role: 'alertdialog', 'aria-labelledby': `reassign-${e.casualtyId}`, 'data-reassign-ask': e.casualtyId },
      h('span', { id: `reassign-${e.casualtyId}` }, cs('assign.ask', { old: vName(e.vehicleId), new: vName(was.vehicleId) })),
      h('button', { class: 'btn primary', 'data-reassign-keep': e.casualtyId, onclick: keep }, cs('assign.keep', { old: vName(e.vehicleId) })),
      h('button', { class: 'btn small', 'data-reassign-yes': e.casualtyId, onclick: send }, cs('assign.replace', { new: vName(was.vehicleId) }))) : null);
}

/**
 * One casualty on the board, compact (a row filled a phone's screen): on its first line who, how urgent (the letter,
 * RPM or triage), how long since injury, the recommended or assigned vehicle; on its second where and what is amiss;
 * the rest on demand (the row's button).
 */
function evacRow(e: Evacuation, o: RowOpts): HTMLElement {
  const letter = e.precedence ? PRECEDENCE_LETTER[e.precedence] : '?';
  const name = consoleName(e.identity, e.casualtyId, o.shared);
  const details = evacDetails(e, o);
  const open = o.opened.has(e.casualtyId) || !!o.chosen.get(e.casualtyId)?.ask;
  details.hidden = !open;
  const toggle = h('button', { class: 'btn small more', 'data-evac-more': e.casualtyId, 'aria-expanded': String(open), 'aria-controls': details.id, 'aria-label': cs('board.more', { name }),
    onclick: () => {
      const now = !o.opened.has(e.casualtyId);
      if (now) o.opened.add(e.casualtyId);
      else o.opened.delete(e.casualtyId);
      details.hidden = !now;
      toggle.setAttribute('aria-expanded', String(now));
      toggle.textContent = now ? '▴' : '▾';
    } }, open ? '▴' : '▾');
  return h('div', { class: `evac prec-${e.precedence ?? 'none'}`, 'data-evac': e.casualtyId },
    h('div', { class: 'prec-letter', 'data-prec-letter': letter }, letter),
    // Under the letter, how urgent by the plan's reading (markPlan fills it in place).
    h('span', { class: 'rpm', 'data-rpm': '', hidden: true }),
    h('div', { class: 'row wrap evac-line' },
      h('a', { href: `#/c/${e.casualtyId}/timeline`, class: 'cid' }, name),
      h('span', { class: 'vh' }, e.precedence ? tc('prec', e.precedence) : '—'),
      e.triage ? h('span', { class: 'chip tri', 'data-triage': e.triage }, e.triage) : null,
      // One span kept together: the duration ran to a line's end and "since injury" to the next.
      h('span', { class: 'keep' }, h('span', { class: 'since', 'data-since': e.injuredAt ?? '' }, dur(minutesSince(e.injuredAt))), ' ', h('span', { class: 'muted small' }, t('console.sinceInjury'))),
      e.vehicleId ? h('span', { class: 'badge', 'data-assigned': e.vehicleId }, `▲ ${o.vName(e.vehicleId)} → ${o.fName(e.destinationId)}`) : null,
      h('span', { class: 'plan-slot' })),
    toggle,
    h('div', { class: 'row wrap small evac-line2' },
      e.nineLine ? h('span', { class: 'mono', 'data-where': '' }, mgrs(e.nineLine.location)) : h('span', { class: 'muted', 'data-where': '' }, '—'),
      e.stage === 'requested' ? null : h('span', { class: 'chip' }, tc('stage', e.stage)),
      e.nineLine ? null : h('span', { class: 'chip warn', 'data-no-9line': '' }, cs('board.no9line')),
      tqChips(e)),
    details);
}

/** The board: the open requests in `shown` (the held order, or by urgency), each with the choice half-made on it. */
function boardOf(board: HTMLElement, data: ConsoleData, shown: Evacuation[], o: Pick<RowOpts, 'vName' | 'fName' | 'assign' | 'chosen' | 'opened' | 'rerender'>): void {
  if (!data.evacs.length) return clear(board, h('p', { class: 'muted' }, t('console.noEvac')));
  // A vehicle on a job (assigned to an open request) is busy whatever its stored status says, as for the planner.
  const busy = new Set(data.evacs.map((e) => e.vehicleId).filter((v): v is string => !!v));
  // One on another unit's job is busy too (the server marks it; this console cannot see that job).
  const free = data.vehicles.filter((v) => v.status === 'available' && !busy.has(v.id) && !busyElsewhere(v));
  for (const id of o.chosen.keys()) if (!data.evacs.some((e) => e.casualtyId === id)) o.chosen.delete(id);
  for (const id of o.opened) if (!data.evacs.some((e) => e.casualtyId === id)) o.opened.delete(id);
  // The control in focus is found again in the new rows: lost to a re-render, it released the board's hold (hold.ts)
  // and left a keyboard user at the top of the page.
  const a = document.activeElement;
  const at = a instanceof HTMLElement && board.contains(a) ? [...a.attributes].find((x) => x.name.startsWith('data-')) : undefined;
  const again = at ? `[${at.name}="${CSS.escape(at.value)}"]` : a instanceof HTMLAnchorElement && board.contains(a) ? `[data-evac="${CSS.escape(a.closest<HTMLElement>('[data-evac]')?.dataset['evac'] ?? '')}"] a.cid` : null;
  clear(board, shown.map((e) => evacRow(e, { ...o, free, facilities: data.facilities, shared: data.shared })));
  if (again) board.querySelector<HTMLElement>(again)?.focus({ preventScroll: true });
}

/** The plan's trips, the most urgent first (the engine's order is by gain: a Priority trip stood above the Urgent ones). */
function byUrgencyOfTrip(data: ConsoleData): PlanItem[][] {
  const urgency = (trip: PlanItem[]): number => Math.min(...trip.map((p) => { const e = data.evacs.find((x) => x.casualtyId === p.casualtyId); return e ? rank(e) : 999; }));
  return trips(data.plan ?? []).map((trip) => ({ trip, u: urgency(trip) })).sort((a, b) => a.u - b.u).map((x) => x.trip);
}

type TripOpts = {
  data: ConsoleData; computedAt: string | undefined; vName: (id: string | null) => string; fName: (id: string | null | undefined) => string; cName: (id: string) => string;
  card: (id: string) => Parameters<typeof planLine>[1]['card']; known: (id: string) => boolean; elsewhere: boolean; accepted: boolean; accept: () => void;
};
/** One trip of the plan: whom, by which vehicle, to where; its notes and lines; and Accept (or that it was accepted). */
function tripCard(trip: PlanItem[], o: TripOpts): HTMLElement {
  const first = trip[0]!;
  // Named and listed in the order the crew picks them up (the plan's order read 07:30, 07:25, 07:14).
  const byPickup = [...trip].sort((a, b) => a.etaPickupMin - b.etaPickupMin);
  const combined = trip.length > 1;
  // Its colour is its most urgent casualty's.
  const top = trip.map((p) => o.data.evacs.find((x) => x.casualtyId === p.casualtyId)).filter((e) => !!e).sort((a, b) => rank(a) - rank(b))[0];
  // The engine's own `reason` is an English sentence with raw ids: the line is built here, in the user's language.
  return h('div', { class: `plan-item ${first.divertFrom ? 'divert ' : ''}prec-${top?.precedence ?? 'none'} ${combined ? 'combined' : ''}`, 'data-plan': first.casualtyId, 'data-trip': first.vehicleId, ...(first.divertFrom ? { 'data-divert': first.vehicleId } : {}) },
    h('div', null, combined ? h('strong', null, cs('plan.combined', { n: trip.length, names: byPickup.map((p) => o.cName(p.casualtyId)).join(' + ') })) : h('strong', { class: 'cid' }, o.cName(first.casualtyId)),
      ` → ▲ ${o.vName(first.vehicleId)} → ${[...new Set(trip.map((p) => o.fName(p.facilityId)))].join(', ')}`),
    first.divertFrom ? diversionNote(trip, { computedAt: o.computedAt, vName: o.vName, name: (id) => (o.known(id) ? o.cName(id) : null) })
      : trip.some((p) => p.addsToLeg) ? additionNote(trip, { computedAt: o.computedAt, vName: o.vName, name: o.cName, elsewhere: o.elsewhere }) : null,
    byPickup.map((p) => planLine(p, { combined, evacs: o.data.evacs, card: o.card(p.casualtyId), name: o.cName, computedAt: o.computedAt })),
    // Accepted: said on the trip at once and not offered again while the plan still shows it (it did not change for
    // seconds, and a second click or a hand assignment followed).
    o.accepted ? h('button', { class: 'btn small', 'data-accepted': first.casualtyId, disabled: true }, cs('plan.accepted'))
      : h('button', { class: 'btn small primary', 'data-accept': first.casualtyId, onclick: o.accept },
        first.divertFrom ? cs('plan.acceptDivert') : combined ? cs('plan.acceptAll') : t('console.accept')));
}

/** A status chosen on the list and not yet confirmed, by vehicle (it outlives the re-render a live update brings). */
type Asked = Map<string, Vehicle['status']>;

/** One casualty's line of a recommendation: who, how urgent, when picked up and delivered, survival and its basis. */
function planLine(p: PlanItem, o: { combined: boolean; evacs: Evacuation[]; card: CasualtySummary | undefined; name: (id: string) => string; computedAt: string | undefined }): HTMLElement {
  const e = o.evacs.find((x) => x.casualtyId === p.casualtyId);
  // On the 24-h clock from when the plan was made: "pickup 11 min" aged unseen (re-planned every 90 s, or cut off).
  const at = (min: number): string => time(new Date(toMs(o.computedAt ?? new Date().toISOString()) + min * 60_000).toISOString());
  return h('div', { class: 'small', 'data-plan-casualty': p.casualtyId },
    o.combined ? h('strong', { class: 'cid' }, o.name(p.casualtyId), ' ') : null,
    // No precedence: the line starts with its time (a "—," led it); the time and "since injury" do not wrap apart.
    e ? [e.precedence ? `${tc('prec', e.precedence)}, ` : null, h('span', { class: 'keep' }, `${dur(minutesSince(e.injuredAt))} ${t('console.sinceInjury')}`)]
      : cs('plan.notOnBoard', { stage: o.card ? tc('stage', o.card.stage) : '?' }),
    e && e.precedence && !o.card?.precedence ? h('span', { class: 'muted' }, ` (${cs('plan.precFrom9')})`) : null,
    h('div', { class: 'muted' }, h('span', { 'data-plan-eta': '' }, t('console.eta', { a: at(p.etaPickupMin), b: at(p.etaFacilityMin) })), ' · ',
      // Both figures, each with when: "… more if sent now" named no baseline (the plan's is the same trip an hour later).
      t('console.survival', { p: Math.round(p.expectedSurvival * 100), q: Math.round((p.expectedSurvival - p.survivalGain) * 100) }),
      // Survival read from no vitals is a guess: said so, or it reads as measured (and may rank first).
      p.rpmSource === 'vitals' ? null : h('span', { 'data-rpm-basis': p.rpmSource }, ` · ${cs(`plan.rpm.${p.rpmSource}`, { rpm: p.rpm })}`)));
}

/** Waiting casualties (no vehicle) the plan recommends nothing for: "No recommendations" read as nothing to do. */
const unplanned = (data: ConsoleData): Set<string> => {
  const planned = new Set(data.plan?.map((p) => p.casualtyId));
  return new Set(data.plan === null ? [] : data.evacs.filter((e) => !e.vehicleId && !planned.has(e.casualtyId)).map((e) => e.casualtyId));
};
/** The plan's items, and why each waiting casualty it leaves out has none (by id), as the console keeps them. */
const planOf = (v: Awaited<ReturnType<typeof getPlan>> | undefined) => ({ plan: v?.plan ?? null, waiting: new Map(v?.waiting?.map((w) => [w.casualtyId, w])), planAt: v?.computedAt });
/** Why, in words; with no vehicle free, when the next one is (its minutes count from when the plan was made). */
const whyText = (w: WaitingReason, planAt: string | undefined): string =>
  w.reason === 'held' ? cs('board.why.held', { now: Math.round(w.fetchedNow * 100), later: Math.round(w.fetchedLater * 100) })
    : w.reason === 'no-vehicle' && w.nextFreeMin !== undefined && planAt ? `${cs('board.why.no-vehicle')}, ${cs('board.why.next', { at: time(new Date(toMs(planAt) + w.nextFreeMin * 60_000).toISOString()) })}`
      : cs(`board.why.${w.reason}`);
/**
 * The plan on the board's rows, in place (a re-render would close a select open there): the recommended vehicle and
 * RPM of a planned casualty; "no recommendation" and why for a waiting one it leaves out.
 */
function markPlan(board: HTMLElement, data: ConsoleData, vName: (id: string) => string): void {
  const left = unplanned(data);
  const planned = new Map(data.plan?.map((p) => [p.casualtyId, p]));
  for (const row of board.querySelectorAll<HTMLElement>('[data-evac]')) {
    const id = row.dataset['evac']!;
    const p = planned.get(id);
    const rpm = row.querySelector<HTMLElement>('[data-rpm]');
    if (rpm) {
      rpm.hidden = !p;
      rpm.textContent = p ? cs('board.rpm', { rpm: p.rpm }) : '';
    }
    const slot = row.querySelector('.plan-slot');
    const w = left.has(id) ? data.waiting?.get(id) : undefined;
    // Suggested, in words and a dashed outline: "▲ amb-3" beside "▲ amb-1 → R2" (sent) read as sent.
    slot?.replaceChildren(...(p ? [h('span', { class: 'badge rec', 'data-recommended': p.vehicleId }, cs('board.suggested', { vehicle: vName(p.vehicleId) }))]
      : left.has(id) ? [h('span', { class: 'chip warn', 'data-no-plan': '' }, cs('board.noPlan'))] : []));
    // Why, on the second line: "no recommendation" alone for an urgent casualty reads as the tool failing.
    row.querySelector('[data-no-plan-why]')?.remove();
    if (w) row.querySelector('.evac-line2')?.append(h('span', { class: 'muted', 'data-no-plan-why': '' }, whyText(w, data.planAt)));
  }
}

/** The vehicles, each with the casualties it is on a job for and its status to set. */
function vehicleRows(data: ConsoleData, asked: Asked, rerender: () => void): HTMLElement[] {
  const set = (id: string, status: Vehicle['status']): void => void patch<Vehicle>('vehicles', id, { status });
  return data.vehicles.map((v) => {
    const jobs = data.evacs.filter((e) => e.vehicleId === v.id);
    const elsewhere = busyElsewhere(v);
    // An in-service vehicle on a job is busy (as the planner reads it): its stored "available" must not read as free.
    const label = (s: Vehicle['status']): string => (s === 'available' && elsewhere ? cs('vehicle.elsewhere') : s === 'available' && jobs.length ? cs('vehicle.onJob') : tc('vstatus', s));
    const onJob = v.status === 'available' && (jobs.length > 0 || elsewhere);
    const ask = asked.get(v.id);
    const answer = (yes: boolean) => (): void => {
      asked.delete(v.id);
      if (yes && ask) set(v.id, ask);
      rerender();
    };
    return h('div', { class: `vehicle vs-${onJob ? 'on-job' : v.status}`, 'data-vehicle': v.id, ...(elsewhere ? { 'data-busy-elsewhere': '' } : {}) },
      h('strong', null, v.name ?? v.id), ' ', h('span', { class: 'muted' }, tc('vkind', v.kind), ` · ${places(v.litter, v.seated)}`),
      jobs.map((e) => h('span', { class: 'badge', 'data-on-job': e.casualtyId }, `→ ${consoleName(e.identity, e.casualtyId, data.shared)}`)),
      elsewhere ? h('span', { class: 'badge' }, cs('vehicle.elsewhere')) : null,
      h('span', { class: 'mono small' }, mgrs(v.position)),
      h('select', { 'aria-label': cs('vehicle.status', { vehicle: v.name ?? v.id }), 'data-vehicle-status': v.id,
        // Every change is asked: an arrow key on the focused select changes it at once, and "dispatched" or
        // "loaded" takes the vehicle out of the plan as surely as "lost" does.
        onchange: (ev: Event) => {
          asked.set(v.id, (ev.target as HTMLSelectElement).value as Vehicle['status']);
          rerender();
          document.querySelector<HTMLElement>(`[data-status-keep="${CSS.escape(v.id)}"]`)?.focus(); // the select is rebuilt: the focus goes to the safe answer
        },
      }, (['available', 'dispatched', 'loaded', 'out-of-service', 'lost'] as const).map((s) => h('option', { value: s, selected: s === v.status }, label(s)))),
      ask ? h('div', { class: 'row wrap', role: 'alertdialog', 'aria-labelledby': `ask-${v.id}`, 'data-status-ask': v.id },
        // With a job, its casualties are named: marked lost or out of service, they need another vehicle.
        h('span', { id: `ask-${v.id}` }, cs('vehicle.ask', { vehicle: v.name ?? v.id, status: tc('vstatus', ask) }),
          jobs.length && (ask === 'lost' || ask === 'out-of-service') ? ` ${cs('vehicle.askJob', { names: jobs.map((e) => consoleName(e.identity, e.casualtyId, data.shared)).join(', ') })}` : ''),
        h('button', { class: 'btn primary', 'data-status-keep': v.id, onclick: answer(false) }, cs('vehicle.keep', { status: label(v.status) })),
        h('button', { class: 'btn small', 'data-status-yes': v.id, onclick: answer(true) }, tc('vstatus', ask))) : null);
  });
}

/** A casualty's current vehicle assignment as `leftBehind` reads it (an addition to a leg leaves no one, SIM-15). */
function assignedLeg(c: { id: string; stage: string; vehicleId: string | null; state: { vehicle: { history: readonly { at: string; addsToLeg?: true }[] } } }): AssignedLeg {
  const last = c.state.vehicle.history.at(-1);
  return { id: c.id, stage: c.stage, vehicleId: c.vehicleId, assignedAt: last?.at ?? null, addsToLeg: last?.addsToLeg === true };
}

/**
 * A vehicle on its way carries on and adds to its leg: whom it goes on to (SIM-15), or, with casualties aboard and no
 * pickup left on its leg, that it fetches this one on its way to their dropoff (SIM-19); and when it picks up here.
 */
function additionNote(trip: PlanItem[], o: { computedAt: string | undefined; vName: (id: string) => string; name: (id: string) => string; elsewhere: boolean }): HTMLElement {
  const added = trip.filter((p) => p.addsToLeg);
  const base = toMs(o.computedAt ?? new Date().toISOString());
  const at = time(new Date(base + Math.min(...added.map((p) => p.etaPickupMin)) * 60_000).toISOString());
  const first = trip.filter((p) => !p.addsToLeg).map((p) => o.name(p.casualtyId)).join(', ');
  return h('div', { class: 'divert-note', 'data-adds-note': trip[0]!.vehicleId },
    // Whom it goes on to first may be another unit's (not in this plan): then it is said so, not "aboard".
    h('span', null, first ? cs('plan.addsToLeg', { vehicle: o.vName(trip[0]!.vehicleId), first, at })
      : cs(o.elsewhere ? 'plan.addsElsewhere' : 'plan.addsAboard', { vehicle: o.vName(trip[0]!.vehicleId), at })));
}

/** A vehicle on its way, re-planned (SIM-14): whom it leaves, and when it picks up here (24-h clock). */
function diversionNote(trip: PlanItem[], o: { computedAt: string | undefined; vName: (id: string) => string; name: (id: string) => string | null }): HTMLElement {
  const first = trip[0]!;
  const base = toMs(o.computedAt ?? new Date().toISOString());
  const at = time(new Date(base + Math.min(...trip.map((p) => p.etaPickupMin)) * 60_000).toISOString());
  const left = (first.divertFrom ?? []).map((id) => o.name(id) ?? cs('plan.anotherCasualty')).join(', ');
  const vehicle = o.vName(first.vehicleId);
  return h('div', { class: 'divert-note', 'data-divert-note': first.vehicleId },
    h('strong', { class: 'chip warn' }, cs('plan.divert')), ' ',
    h('span', null, left ? cs('plan.divertFrom', { vehicle, left, at }) : cs('plan.replan', { vehicle, at })));
}

/** The board's count (on the line of "N new — show", hold.ts) and the links to the plan's and the vehicles' headings. */
function jumpsOf(jumps: HTMLElement, count: HTMLElement, data: ConsoleData, planHead: HTMLElement, vehiclesHead: HTMLElement): void {
  const n = data.plan ? trips(data.plan).length : 0;
  count.textContent = cs.n('board.count', data.evacs.length);
  // The focus goes with the view: the next Tab is the plan's first Accept, not back in a 24-row board.
  const go = (head: HTMLElement) => (e: Event): void => {
    e.preventDefault();
    head.scrollIntoView();
    const title = head.matches('h3') ? head : head.querySelector('h3');
    title?.setAttribute('tabindex', '-1');
    title?.focus({ preventScroll: true });
  };
  clear(jumps,
    h('a', { class: 'btn small', href: '#plan-title', id: 'jump-plan', onclick: go(planHead) }, cs.n('jump.plan', n)),
    h('a', { class: 'btn small', href: '#vehicles-title', id: 'jump-vehicles', onclick: go(vehiclesHead) }, cs('jump.vehicles')));
}

/** The board's casualties by urgency: every open one but those still at a mass-casualty incident's point of injury. */
function evacsOf(store: ReturnType<typeof liveStore>): Evacuation[] {
  const open = [...store.casualties.values()].filter((c) => c.stage !== 'closed');
  // A vehicle sent elsewhere before picking anyone up (an accepted diversion): whom it left waits again.
  const left = leftBehind(open.map(assignedLeg));
  return open.filter((c) => !(c.state.incident && c.stage === 'at-poi')).map(evacuationOf)
    .map((e) => (left.has(e.casualtyId) ? { ...e, stage: 'requested' as const, vehicleId: null } : e)).sort(byUrgency);
}

export const consoleScreen: Screen = (root) => {
  const store = liveStore();
  const plan = resource((signal) => getPlan(signal), 300);
  const data: ConsoleData = { evacs: [], vehicles: [], facilities: [], zones: [], plan: null };
  const board = h('div', { class: 'board', id: 'board' });
  // Held in its order while the dispatcher is at it (hold.ts): a new casualty waits behind "N new — show".
  const count = h('span', { class: 'muted', id: 'board-count' });
  const hold = boardHold(board, () => render(), count);
  const planBox = h('div', { class: 'plan', id: 'plan' });
  const vehiclesBox = h('div', { class: 'vehicles', id: 'vehicles' });
  const jumps = h('div', { class: 'row wrap jumps' });
  const status = h('span', { class: 'live', id: 'live-status' }, t('console.reconnecting'));
  const mapBox = h('div', { class: 'map', id: 'map' }, h('p', { class: 'muted' }, t('map.loading')));
  let map: ConsoleMap | null = null;
  const zones = zonesPanel(() => map, () => undefined);
  // Mass-casualty incidents (issue 15): one entry per incident; its casualties still on site are not thirty rows here.
  const incidents = incidentsPanel((id) => store.entities.facility.get(id)?.name ?? id, () => {
    data.incidents = incidents.markers();
    map?.update(data);
  });

  // The jumps scroll these headings (not the boxes) to just below the sticky top bar, whatever their height (SYNC-21's
  // zone note wraps the plan's heading to two lines in uk at 360 px).
  const planHead = h('div', { class: 'row wrap jump-to' }, h('h3', { id: 'plan-title' }, t('console.plan')), zoneNote());
  const vehiclesHead = h('h3', { id: 'vehicles-title', class: 'jump-to' }, t('console.vehicles'));
  const left = h('section', { class: 'col-left' },
    h('div', { class: 'row wrap' }, h('h2', { id: 'console-board-title' }, t('console.board')), status, zoneNote()),
    jumps,
    incidents.el,
    hold.el,
    planHead, planBox,
    vehiclesHead, vehiclesBox);
  clear(root, h('div', { class: 'console' }, left, h('section', { class: 'col-right' }, mapBox, zones.el)));

  const vName = (id: string | null): string => (id ? (store.entities.vehicle.get(id)?.name ?? id) : '—');
  const fName = (id: string | null | undefined): string => (id ? (store.entities.facility.get(id)?.name ?? id) : '—');
  const cName = (id: string): string => consoleName(store.casualties.get(id)?.state.identity, id, data.shared);

  // A half-made choice and the rows opened, kept across the re-renders of live updates.
  const [chosen, opened]: [Choices, Set<string>] = [new Map(), new Set()];
  const assign = assigner(chosen);

  const vehicleOf = (id: string): Vehicle | undefined => store.entities.vehicle.get(id);
  const rerender = (): void => void (renderBoard(), markPlan(board, data, vName));
  const renderBoard = (): void => boardOf(board, data, hold.arrange(data.evacs), { vName, fName, assign, chosen, opened, rerender });

  /** The stream is open: while it is not, the plan shown may be out of date (it is said so, not shown as current). */
  let connected = false;
  /**
   * Trips accepted here (by vehicle and casualties) and when: shown so until a plan made well after still offers them
   * (the assignment was refused, or never sent) — then they are offered again — or the plan drops them.
   */
  const accepted = new Map<string, number>();
  const renderPlan = (): void => {
    if (data.plan === null) return clear(planBox, h('p', { class: 'muted' }, plan.error ? t('console.planUnavailable') : t('common.loading')));
    const stale = !connected || plan.error !== null ? h('p', { class: 'chip warn', 'data-plan-stale': '', role: 'status' }, cs('plan.stale', { at: time(plan.value?.computedAt) })) : null;
    markPlan(board, data, vName);
    const n = unplanned(data).size;
    const uncovered = n ? h('p', { class: 'muted', 'data-uncovered': n }, cs('plan.uncovered', { n })) : null;
    const ordered = byUrgencyOfTrip(data);
    forgetAccepted(accepted, ordered, plan.value?.computedAt);
    if (!data.plan.length) return clear(planBox, stale, h('p', { class: 'muted' }, t('console.planNone')), uncovered);
    const computedAt = plan.value?.computedAt;
    clear(planBox, stale, ordered.map((trip) => {
      const v = vehicleOf(trip[0]!.vehicleId);
      return tripCard(trip, { data, computedAt, vName, fName, cName, card: (id) => store.casualties.get(id), known: (id) => store.casualties.has(id), elsewhere: !!v && busyElsewhere(v),
        accepted: accepted.has(tripKey(trip)), accept: () => accept(accepted, trip, assign, renderPlan) });
    }), uncovered);
  };

  const asked: Asked = new Map();
  const renderVehicles = (): void => clear(vehiclesBox, vehicleRows(data, asked, renderVehicles));

  const renderJumps = (): void => jumpsOf(jumps, count, data, planHead, vehiclesHead);

  const renderNow = (): void => {
    data.evacs = evacsOf(store);
    data.shared = sharedNames(data.evacs);
    data.vehicles = [...store.entities.vehicle.values()];
    data.facilities = [...store.entities.facility.values()];
    data.zones = [...store.entities['threat-zone'].values()];
    Object.assign(data, planOf(plan.value));
    renderBoard();
    renderPlan();
    renderVehicles();
    renderJumps();
    zones.render(data.zones);
    map?.update(data);
  };
  // A tap on Assign or Accept is not lost to a live update landing under the finger (ui/steady.ts), nor a vehicle
  // select closed while it is open (in a burst one lands every few seconds).
  const { render, stop: stopSteady } = steadyRender(left, renderNow, { selects: true });
  const offStore = store.subscribe(() => {
    render();
    if (left.hasAttribute('data-held')) hold.note(evacsOf(store)); // the whole render waits: the new ones are said still
    incidents.refresh();
    plan.refresh(); // any change may change the recommendations: one coalesced plan request per burst
  });
  // A new plan re-renders the plan only (the board's half-made choices stay), held in the same way.
  const { render: renderPlanOnly, stop: stopPlanSteady } = steadyRender(left, () => {
    Object.assign(data, planOf(plan.value));
    renderPlan();
    renderJumps();
    map?.update(data);
  });
  const offPlan = plan.subscribe(renderPlanOnly);
  store.ready.then(() => plan.refresh()).catch((e: unknown) => clear(board, h('p', { class: 'error' }, errText(e))));
  const offConn = store.onConnection((ok) => {
    status.textContent = ok ? `● ${t('console.live')}` : t('console.reconnecting');
    status.className = ok ? 'live on' : 'live';
    if (ok === connected) return;
    connected = ok;
    renderPlanOnly();
    if (ok) plan.refresh(); // what was written during the cut may change it
  });
  // Its times are minutes from when it was made: with nothing written it is asked for again once 90 s old (not every
  // tick: each new time base values every casualty again on the server).
  const replan = setInterval(() => {
    const at = plan.value?.computedAt;
    if (at && serverNow() - toMs(at) > 90_000) plan.refresh(); // the corrected clock (SYNC-15): a laptop's own may be off
  }, 30_000);
  const offTick = runClocks(root);
  let disposed = false;
  import('../map/map.ts')
    .then(({ consoleMap }) => {
      if (disposed) return;
      map = consoleMap(mapBox);
      map.update(data);
    })
    .catch((e: unknown) => clear(mapBox, h('p', { class: 'error' }, t('map.unavailable', { msg: e instanceof Error ? e.message : String(e) }))));
  return () => {
    disposed = true;
    clearInterval(replan);
    offStore();
    offPlan();
    offConn();
    offTick();
    stopSteady();
    stopPlanSteady();
    hold.stop();
    store.dispose();
    plan.dispose();
    incidents.dispose();
    map?.destroy();
  };
};
