// Facility view: patients on their way here and present (ETA, ATMIST), handover steps recorded by the receiving side
// (arrival, surgery started, outcome), beds and operating tables available, facility status and intake. Data: the
// live store (one list request, then the stream: no per-patient reads) and the plan for ETAs (a coalesced resource).
import { h, clear } from './dom.ts';
import { t, tc } from './i18n.ts';
import { currentUser, getCasualties, getCasualty, getPlan } from './api.ts';
import type { CasualtySummary } from './api.ts';
import { record } from './store.ts';
import { effectivePrecedence, haversineKm } from '../../src/core/index.ts';
import type { CasualtyEvent, EventType, Facility, PayloadOf } from '../../src/core/index.ts';
import { casualtyName, dur, stamp, zoneNote } from './fmt.ts';
import { runClocks } from './tick.ts';
import { mistTable } from './mist.ts';
import { liveStore } from './live/store.ts';
import { resource } from './live/resource.ts';
import { outcomeControls, stepUndo } from './facility/outcome.ts';
import type { OutcomeDraft } from './facility/outcome.ts';
import type { Screen } from './screen.ts';
import { incomingByIncident, incomingLines } from './mci/incoming.ts';
import { serverNow } from './sync/clock.ts';
import { correctionsPanel } from './corrections/panel.ts';
import { steadyRender } from './ui/steady.ts';
import { handedSection } from './facility/handed.ts';
import { errText } from './ui/refusal.ts';
import { statusSection } from './facility/status.ts';
import { divertedNotices } from './facility/diverted.ts';
import { unsentSteps } from './facility/unsent.ts';

/** A patient at this facility now (arrived, not gone on, not closed). */
const isHere = (c: CasualtySummary, f: Facility): boolean => (c.state.stage === 'at-facility' || c.state.stage === 'in-surgery') && c.state.facilityId === f.id;

export const facilityScreen: Screen = (root, params) => {
  const fid = params[0] ? decodeURIComponent(params[0]) : null;
  const store = liveStore();
  // ETAs from the dispatch plan where this role may read it; otherwise from the assigned vehicle's position.
  const readsPlan = ['dispatcher', 'commander', 'admin'].includes(currentUser()?.role ?? '');
  const plan = resource((signal) => (readsPlan ? getPlan(signal).then((r) => r.plan) : Promise.resolve([])), 500);
  const top = h('div', { class: 'fac-top' });
  const status = h('div', { class: 'fac-status', id: 'fac-status' });
  const list = h('div', { class: 'patients', id: 'patients' });
  const handedBox = h('div', { id: 'handed' });
  const handed = handedSection(handedBox);
  const statusBox = statusSection(status, () => render());
  const diverted = divertedNotices(store);
  const unsent = unsentSteps(() => render());
  clear(root, top, status, handedBox, h('div', { class: 'row wrap' }, h('h3', null, t('facility.incoming')), zoneNote()), list);
  /** Outcome chosen (and reason typed) but not yet recorded, by casualty: survives live re-renders. */
  const drafts = new Map<string, OutcomeDraft>();
  /** The full log of patients with corrections (the list carries bounded summaries): fetched once per change. */
  const logs = new Map<string, { count: number; events: CasualtyEvent[] }>();
  const logFor = (c: CasualtySummary): CasualtyEvent[] => {
    const have = logs.get(c.id);
    if (have?.count === c.state.eventCount) return have.events;
    logs.set(c.id, { count: c.state.eventCount, events: have?.events ?? [] });
    getCasualty(c.id).then((r) => {
      logs.set(c.id, { count: c.state.eventCount, events: r.events });
      render();
    }).catch(() => logs.delete(c.id));
    return have?.events ?? [];
  };
  /** Patients recently closed here: the live list holds open ones, and an outcome set aside must show after a reload. */
  const closedHere = new Map<string, CasualtySummary>();
  if (fid)
    getCasualties({ status: 'closed', facility: fid, limit: 5 })
      .then((r) => {
        for (const c of r.casualties) closedHere.set(c.id, c);
        render();
      })
      .catch(() => undefined);
  const corrections = (c: CasualtySummary): HTMLElement | null =>
    c.state.corrections.length || c.state.overriddenOutcomes.length
      ? correctionsPanel(c.state, logFor(c), (c as { omitted?: { corrections?: number } }).omitted?.corrections ?? 0, stamp)
      : null;

  // Every clock time on the desk reads as the ATMIST's do, with its day and zone: a bare "13:09" beside them was
  // taken for a time already past (uk "Прибуття 13:09" also reads "arrived 13:09").
  const etaOf = (c: CasualtySummary, f: Facility): string => {
    const p = plan.value?.find((x) => x.casualtyId === c.id && x.facilityId === f.id);
    if (p) return stamp(new Date(serverNow() + p.etaFacilityMin * 60_000).toISOString());
    const v = c.vehicleId ? store.entities.vehicle.get(c.vehicleId) : undefined;
    if (!v?.position) return '—';
    const nl = c.state.evac.nineLine;
    const km = c.stage === 'assigned' && nl ? haversineKm(v.position, nl.location) + haversineKm(nl.location, f.position) : haversineKm(v.position, f.position);
    return stamp(new Date(serverNow() + (km / (v.speedKmh ?? 40)) * 60 * 60_000).toISOString());
  };

  const patientCard = (c: CasualtySummary, f: Facility): HTMLElement => {
    const s = c.state;
    const id = c.id;
    const who = casualtyName(s.identity, id);
    const rec = <T extends EventType>(type: T, payload: PayloadOf<T>) => record(id, type, payload);
    const here = isHere(c, f);
    const prec = effectivePrecedence(c.precedence, s.evac.nineLine);
    return h('div', { class: `patient prec-${prec ?? 'none'}`, 'data-patient': id },
      h('div', { class: 'row wrap' },
        h('a', { href: `#/c/${id}/timeline`, class: 'cid' }, who),
        h('span', { class: 'chip' }, tc('stage', s.stage)),
        prec ? h('span', null, tc('prec', prec)) : null,
        !here && s.stage !== 'closed' ? h('span', { class: 'badge' }, t('facility.eta', { t: etaOf(c, f) })) : null,
        s.tourniquets.filter((q) => q.running && s.stage !== 'closed').map((q) => h('span', { class: `tq small alarm-${q.alarm}` }, `${t('console.tq')} ${tc('limb', q.limb)} `, h('span', { 'data-since': q.appliedAt }, dur(q.minutes))))),
      mistTable(s),
      unsent.of(id),
      corrections(c),
      s.stage === 'closed'
        ? outcomeControls(id, s, f.id, who, drafts, rec, render)
        : h('div', null,
            h('div', { class: 'row wrap' },
              h('button', { class: 'btn primary', 'data-arrival': id, disabled: here || unsent.waits(id, 'arrival'), onclick: () => void rec('arrival', { facilityId: f.id }) }, t('facility.arrival')),
              h('button', { class: 'btn', 'data-surgery': id, disabled: !(here && s.stage === 'at-facility'), onclick: () => void rec('surgery.started', { facilityId: f.id }) }, t('facility.surgery')),
              stepUndo(id, s, f.id, rec)),
            outcomeControls(id, s, f.id, who, drafts, rec, render, unsent.waits(id, 'arrival', f.id))));
  };

  // Typing a reason or a tap in progress is not interrupted by a live update (ui/steady.ts): anywhere on the desk, as
  // every section of it is drawn by the one render (the hand-overs' cards were rebuilt under a finger).
  const { render, stop: stopSteady } = steadyRender(root, renderNow);
  function renderNow(): void {
    const all = [...store.entities.facility.values()];
    // Facility staff choose among their own facilities (194 others were listed, the longest running the picker off a
    // phone's screen, and a chosen one's controls refused by the server); one of their own is simply shown.
    const user = currentUser();
    const own = user?.role === 'facility' ? new Set(user.facilities ?? []) : null;
    const facilities = own ? all.filter((f) => own.has(f.id)) : all;
    if (own && !fid && facilities.length === 1) {
      location.replace(`#/facility/${encodeURIComponent(facilities[0]!.id)}`); // replaced: Back does not come here again
      return;
    }
    clear(top, h('select', { id: 'facility-select', 'aria-label': t('facility.choose'), onchange: (e: Event) => (location.hash = `#/facility/${encodeURIComponent((e.target as HTMLSelectElement).value)}`) },
      h('option', { value: '' }, t('facility.choose')),
      facilities.map((f) => h('option', { value: f.id, selected: f.id === fid }, `${f.name} (${f.role})`))));
    const f = facilities.find((x) => x.id === fid);
    if (!f) {
      handed.render(null, new Set());
      return clear(status);
    }
    const mine = [...new Map([...closedHere, ...store.casualties]).values()].filter((c) => c.destinationId === f.id || c.state.chain.some((x) => x.facilityId === f.id));
    statusBox.render(f, { arrivedAt: mine.flatMap((c) => (isHere(c, f) ? c.state.chain.filter((x) => x.kind === 'arrival' && x.facilityId === f.id).slice(-1).map((x) => x.at) : [])) });
    handed.render(f, new Set(mine.map((c) => c.id)));
    const away = diverted.render(f, mine);
    if (!mine.length) return clear(list, away, h('p', { class: 'muted' }, t('facility.none')));
    const open = mine.filter((c) => c.stage !== 'closed');
    const closed = mine.filter((c) => c.stage === 'closed').slice(-5);
    clear(list, away, incomingLines(incomingByIncident(open, f.id)), [...open, ...closed].map((c) => patientCard(c, f)));
  }
  const offStore = store.subscribe(() => {
    render();
    plan.refresh();
  });
  const offPlan = plan.subscribe(render);
  store.ready.catch((e: unknown) => clear(list, h('p', { class: 'error' }, errText(e))));
  // Running tourniquet times keep counting between updates.
  const offTick = runClocks(root);
  return () => {
    offStore();
    offPlan();
    offTick();
    handed.stop();
    unsent.stop();
    stopSteady();
    store.dispose();
    plan.dispose();
  };
};
