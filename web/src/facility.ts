// Facility view: patients on their way here and present (ETA, ATMIST), handover steps recorded by the receiving side
// (arrival, surgery started, outcome), beds and operating tables available, facility status and intake.
import { h, clear } from './dom.ts';
import { t, tc } from './i18n.ts';
import { ApiError, getCasualty, getEvacuations, getFacilities, getPlan, getVehicles, patch } from './api.ts';
import type { Evacuation } from './api.ts';
import { record } from './store.ts';
import { fold, haversineKm, Outcome } from '../../src/core/index.ts';
import type { CasualtyEvent, Facility, Vehicle } from '../../src/core/index.ts';
import { dur, minutesSince, shortId, time } from './fmt.ts';
import { onTick } from './tick.ts';
import { mistTable } from './mist.ts';
import { live } from './console/live.ts';
import type { Screen } from './main.ts';

export const facilityScreen: Screen = (root, params) => {
  const fid = params[0] ? decodeURIComponent(params[0]) : null;
  const top = h('div', { class: 'fac-top' });
  const status = h('div', { class: 'fac-status', id: 'fac-status' });
  const list = h('div', { class: 'patients', id: 'patients' });
  clear(root, top, status, h('h3', null, t('facility.incoming')), list);
  let facilities: Facility[] = [];
  /** Outcome chosen in a patient's select but not yet recorded, by casualty. */
  const picked = new Map<string, string>();

  const renderStatus = (f: Facility): void => {
    const counter = (label: string, field: 'bedsAvailable' | 'tablesAvailable', max: number, id: string): HTMLElement => {
      const v = f[field] ?? (field === 'bedsAvailable' ? f.beds : f.surgicalTables);
      const set = (n: number): void => void patch<Facility>('facilities', f.id, { [field]: Math.max(0, Math.min(max, n)), updatedAt: new Date().toISOString() }).then(refresh);
      return h('div', { class: 'stepper', id },
        h('span', null, label),
        h('button', { class: 'btn', onclick: () => set(v - 1) }, '−'),
        h('output', null, `${v} / ${max}`),
        h('button', { class: 'btn', onclick: () => set(v + 1) }, '+'));
    };
    const sel = <K extends 'status' | 'intake'>(field: K, opts: readonly string[], prefix: string): HTMLSelectElement =>
      h('select', { id: `fac-${field}`, onchange: (e: Event) => void patch<Facility>('facilities', f.id, { [field]: (e.target as HTMLSelectElement).value, updatedAt: new Date().toISOString() }).then(refresh) },
        opts.map((o) => h('option', { value: o, selected: f[field] === o }, tc(prefix, o))));
    clear(status,
      h('h2', null, `${f.name} (${f.role})`),
      h('div', { class: 'row wrap' },
        counter(t('facility.beds'), 'bedsAvailable', f.beds, 'beds'),
        counter(t('facility.tables'), 'tablesAvailable', f.surgicalTables, 'tables'),
        h('label', null, t('facility.status'), ' ', sel('status', ['normal', 'compromised', 'evacuating', 'closed'], 'fstatus')),
        h('label', null, t('facility.intake'), ' ', sel('intake', ['normal', 'advisory', 'closed'], 'intake'))),
      f.updatedAt ? h('p', { class: 'muted small' }, t('facility.updated', { time: time(f.updatedAt) })) : null);
  };

  const etaOf = (e: Evacuation, f: Facility, vehicles: Vehicle[], planEta: Map<string, number>): string => {
    const p = planEta.get(e.casualtyId);
    if (p !== undefined) return time(new Date(Date.now() + p * 60_000).toISOString());
    const v = vehicles.find((x) => x.id === e.vehicleId);
    if (!v?.position) return '—';
    const from = e.stage === 'assigned' && e.nineLine ? haversineKm(v.position, e.nineLine.location) + haversineKm(e.nineLine.location, f.position) : haversineKm(v.position, f.position);
    return time(new Date(Date.now() + (from / (v.speedKmh ?? 40)) * 60 * 60_000).toISOString());
  };

  const patientCard = async (e: Evacuation, f: Facility, eta: string): Promise<HTMLElement> => {
    const { events } = await getCasualty(e.casualtyId);
    const s = fold(e.casualtyId, events as CasualtyEvent[], new Date().toISOString());
    // The choice survives the re-render that every live update brings.
    const chosen = picked.get(e.casualtyId);
    const outcome = h('select', { 'data-outcome-select': e.casualtyId, onchange: (ev: Event) => picked.set(e.casualtyId, (ev.target as HTMLSelectElement).value) },
      Outcome.options.map((o) => h('option', { value: o, selected: o === chosen }, tc('outcome', o))));
    const act = (type: 'arrival' | 'surgery.started'): void => void record(e.casualtyId, type, { facilityId: f.id }).then(() => setTimeout(refresh, 300));
    const here = s.stage === 'at-facility' || s.stage === 'in-surgery';
    return h('div', { class: `patient prec-${e.precedence ?? 'none'}`, 'data-patient': e.casualtyId },
      h('div', { class: 'row wrap' },
        h('a', { href: `#/c/${e.casualtyId}/timeline`, class: 'cid' }, shortId(e.casualtyId)),
        h('span', { class: 'chip' }, tc('stage', s.stage)),
        e.precedence ? h('span', null, tc('prec', e.precedence)) : null,
        !here && s.stage !== 'closed' ? h('span', { class: 'badge' }, t('facility.eta', { t: eta })) : null,
        s.tourniquets.filter((q) => q.running && s.stage !== 'closed').map((q) => h('span', { class: `tq small alarm-${q.alarm}` }, `${t('console.tq')} ${tc('limb', q.limb)} `, h('span', { 'data-since': q.appliedAt }, dur(q.minutes))))),
      mistTable(s),
      s.stage === 'closed'
        ? h('p', null, s.outcome ? tc('outcome', s.outcome.outcome) : '')
        : h('div', { class: 'row wrap' },
            h('button', { class: 'btn primary', 'data-arrival': e.casualtyId, disabled: here, onclick: () => act('arrival') }, t('facility.arrival')),
            h('button', { class: 'btn', 'data-surgery': e.casualtyId, disabled: s.stage !== 'at-facility', onclick: () => act('surgery.started') }, t('facility.surgery')),
            outcome,
            h('button', { class: 'btn', 'data-outcome': e.casualtyId, onclick: () => void record(e.casualtyId, 'outcome', { outcome: outcome.value as Outcome, facilityId: f.id }).then(() => setTimeout(refresh, 300)) }, t('facility.outcome'))));
  };

  // A change announced while a refresh is in flight must not be lost: it triggers one more refresh afterwards.
  let busy = false;
  let again = false;
  async function refresh(): Promise<void> {
    if (busy) return void (again = true);
    busy = true;
    try {
      facilities = await getFacilities();
      clear(top, h('select', { id: 'facility-select', onchange: (e: Event) => (location.hash = `#/facility/${encodeURIComponent((e.target as HTMLSelectElement).value)}`) },
        h('option', { value: '' }, t('facility.choose')),
        facilities.map((f) => h('option', { value: f.id, selected: f.id === fid }, `${f.name} (${f.role})`))));
      const f = facilities.find((x) => x.id === fid);
      if (!f) return;
      renderStatus(f);
      const [evacs, vehicles] = await Promise.all([getEvacuations('all'), getVehicles()]);
      const planEta = new Map<string, number>();
      try {
        for (const p of (await getPlan()).plan) if (p.facilityId === f.id) planEta.set(p.casualtyId, p.etaFacilityMin);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
      const mine = evacs.filter((e) => e.destinationId === f.id);
      if (!mine.length) return clear(list, h('p', { class: 'muted' }, t('facility.none')));
      const open = mine.filter((e) => e.stage !== 'closed');
      const closed = mine.filter((e) => e.stage === 'closed').slice(-5);
      clear(list, await Promise.all([...open, ...closed].map((e) => patientCard(e, f, etaOf(e, f, vehicles, planEta)))));
    } catch (e) {
      clear(list, h('p', { class: 'error' }, t('common.error', { msg: e instanceof Error ? e.message : String(e) })));
    } finally {
      busy = false;
      if (again) {
        again = false;
        void refresh();
      }
    }
  }
  void refresh();
  const stop = live(() => void refresh(), () => undefined);
  // Running tourniquet times keep counting between updates.
  const offTick = onTick(() => root.querySelectorAll<HTMLElement>('[data-since]').forEach((el) => (el.textContent = dur(minutesSince(el.dataset.since)))));
  return () => {
    stop();
    offTick();
  };
};
