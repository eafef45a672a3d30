// Operations console: the live board of open evacuation requests (ordered by the server: precedence, then time since
// injury), running tourniquet times, dispatch recommendations with one-click accept, vehicles, the map and threat zones.
import { h, clear } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { ApiError, getEvacuations, getFacilities, getPlan, getVehicles, getZones, patch } from '../api.ts';
import type { Evacuation, PlanItem } from '../api.ts';
import { record } from '../store.ts';
import { PRECEDENCE_LETTER } from '../../../src/core/index.ts';
import type { Facility, Vehicle, ThreatZone } from '../../../src/core/index.ts';
import { dur, mgrs, minutesSince, shortId, time } from '../fmt.ts';
import { onTick } from '../tick.ts';
import { live } from './live.ts';
import { zonesPanel } from './zones.ts';
import type { Screen } from '../main.ts';
import type { ConsoleMap } from '../map/map.ts';

export interface ConsoleData {
  evacs: Evacuation[];
  vehicles: Vehicle[];
  facilities: Facility[];
  zones: ThreatZone[];
  plan: PlanItem[] | null;
}

export const consoleScreen: Screen = (root) => {
  const data: ConsoleData = { evacs: [], vehicles: [], facilities: [], zones: [], plan: null };
  const board = h('div', { class: 'board', id: 'board' });
  const planBox = h('div', { class: 'plan', id: 'plan' });
  const vehiclesBox = h('div', { class: 'vehicles', id: 'vehicles' });
  const status = h('span', { class: 'live', id: 'live-status' }, t('console.reconnecting'));
  const mapBox = h('div', { class: 'map', id: 'map' }, h('p', { class: 'muted' }, t('map.loading')));
  let map: ConsoleMap | null = null;
  const zones = zonesPanel(() => map, () => void refresh());

  clear(root,
    h('div', { class: 'console' },
      h('section', { class: 'col-left' },
        h('div', { class: 'row' }, h('h2', null, t('console.board')), status),
        board,
        h('h3', null, t('console.plan')), planBox,
        h('h3', null, t('console.vehicles')), vehiclesBox),
      h('section', { class: 'col-right' }, mapBox, zones.el)));

  const vName = (id: string | null): string => (id ? (data.vehicles.find((v) => v.id === id)?.name ?? id) : '—');
  const fName = (id: string | null | undefined): string => (id ? (data.facilities.find((f) => f.id === id)?.name ?? id) : '—');

  const assign = (casualtyId: string, vehicleId: string, facilityId?: string): void => {
    void record(casualtyId, 'evac.assigned', { vehicleId, ...(facilityId ? { facilityId } : {}) })
      .then(() => setTimeout(() => void refresh(), 300))
      .catch((e: unknown) => alert(e instanceof Error ? e.message : String(e)));
  };

  const renderBoard = (): void => {
    if (!data.evacs.length) return clear(board, h('p', { class: 'muted' }, t('console.noEvac')));
    // A vehicle on a job (assigned to an open request) is busy whatever its stored status says, as for the planner.
    const busy = new Set(data.evacs.map((e) => e.vehicleId).filter((v): v is string => !!v));
    const free = data.vehicles.filter((v) => v.status === 'available' && !busy.has(v.id));
    clear(board, data.evacs.map((e) => {
      const vSel = h('select', { 'data-assign-vehicle': e.casualtyId }, h('option', { value: '' }, t('console.assignTo')),
        free.map((v) => h('option', { value: v.id }, `${v.name ?? v.id} (${tc('vkind', v.kind)})`)));
      const fSel = h('select', { 'data-assign-facility': e.casualtyId }, h('option', { value: '' }, t('console.destination')),
        data.facilities.filter((f) => f.intake !== 'closed' && f.status !== 'closed').map((f) => h('option', { value: f.id, selected: f.id === e.destinationId }, `${f.name} (${f.role})`)));
      const letter = e.precedence ? PRECEDENCE_LETTER[e.precedence] : '?';
      return h('div', { class: `evac prec-${e.precedence ?? 'none'}`, 'data-evac': e.casualtyId },
        h('div', { class: 'prec-letter' }, letter),
        h('div', { class: 'evac-body' },
          h('div', { class: 'row wrap' },
            h('a', { href: `#/c/${e.casualtyId}/timeline`, class: 'cid' }, shortId(e.casualtyId)),
            h('span', null, e.precedence ? tc('prec', e.precedence) : '—'),
            h('span', { class: 'chip' }, tc('stage', e.stage)),
            e.triage ? h('span', { class: 'chip tri', title: 'NATO' }, `≈ ${tc('tcat.NATO', e.triage)}`) : null,
            h('span', { class: 'since', 'data-since': e.injuredAt ?? '' }, dur(minutesSince(e.injuredAt))), h('span', { class: 'muted' }, t('console.sinceInjury'))),
          h('div', { class: 'row wrap' },
            h('span', { class: 'mono' }, mgrs(e.nineLine?.location)),
            e.nineLine ? h('span', null, `${e.nineLine.callSign} · L${e.nineLine.patientsByType.L} A${e.nineLine.patientsByType.A}`) : null,
            e.requestedAt ? h('span', { class: 'muted' }, time(e.requestedAt)) : null,
            e.tourniquets.filter((q) => q.running).map((q) => h('span', { class: `tq small alarm-${q.alarm}` }, `${t('console.tq')} ${tc('limb', q.limb)} `,
              h('span', { 'data-since': q.appliedAt }, dur(q.minutes))))),
          h('div', { class: 'row wrap' },
            e.vehicleId ? h('span', { class: 'badge', 'data-assigned': e.vehicleId }, `▲ ${vName(e.vehicleId)} → ${fName(e.destinationId)}`) : null,
            vSel, fSel,
            h('button', { class: 'btn small primary', 'data-assign': e.casualtyId, onclick: () => { if (vSel.value) assign(e.casualtyId, vSel.value, fSel.value || undefined); } }, t('console.assign')))));
    }));
  };

  const renderPlan = (): void => {
    if (data.plan === null) return clear(planBox, h('p', { class: 'muted' }, t('console.planUnavailable')));
    if (!data.plan.length) return clear(planBox, h('p', { class: 'muted' }, t('console.planNone')));
    // The engine's own `reason` is an English sentence with raw ids: the line is built here, in the user's language.
    clear(planBox, data.plan.map((p) => {
      const e = data.evacs.find((x) => x.casualtyId === p.casualtyId);
      return h('div', { class: `plan-item prec-${e?.precedence ?? 'none'}`, 'data-plan': p.casualtyId },
      h('div', null, h('strong', { class: 'cid' }, shortId(p.casualtyId)), ` → ▲ ${vName(p.vehicleId)} → ${fName(p.facilityId)}`),
      e ? h('div', { class: 'small' }, t('console.planFor', { prec: e.precedence ? tc('prec', e.precedence) : '—', since: dur(minutesSince(e.injuredAt)) })) : null,
      h('div', { class: 'muted small' }, t('console.eta', { a: Math.round(p.etaPickupMin), b: Math.round(p.etaFacilityMin) }), ' · ',
        t('console.survival', { p: Math.round(p.expectedSurvival * 100), g: (p.survivalGain * 100).toFixed(1) })),
      h('button', { class: 'btn small primary', 'data-accept': p.casualtyId, onclick: () => assign(p.casualtyId, p.vehicleId, p.facilityId) }, t('console.accept')));
    }));
  };

  const renderVehicles = (): void => {
    clear(vehiclesBox, data.vehicles.map((v) => h('div', { class: `vehicle vs-${v.status}`, 'data-vehicle': v.id },
      h('strong', null, v.name ?? v.id), ' ', h('span', { class: 'muted' }, tc('vkind', v.kind), ` L${v.litter}/S${v.seated}`),
      data.evacs.filter((e) => e.vehicleId === v.id).map((e) => h('span', { class: 'badge', 'data-on-job': e.casualtyId }, `→ ${shortId(e.casualtyId)}`)),
      h('span', { class: 'mono small' }, mgrs(v.position)),
      h('select', {
        onchange: (ev: Event) => void patch<Vehicle>('vehicles', v.id, { status: (ev.target as HTMLSelectElement).value as Vehicle['status'] }).then(() => refresh()),
      }, (['available', 'dispatched', 'loaded', 'out-of-service', 'lost'] as const).map((s) => h('option', { value: s, selected: s === v.status }, tc('vstatus', s)))))));
  };

  let inflight = false;
  let again = false;
  const refresh = async (): Promise<void> => {
    if (inflight) return void (again = true);
    inflight = true;
    try {
      const [evacs, vehicles, facilities, zs] = await Promise.all([getEvacuations('open'), getVehicles(), getFacilities(), getZones()]);
      Object.assign(data, { evacs, vehicles, facilities, zones: zs });
      try {
        data.plan = (await getPlan()).plan;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        data.plan = null; // 404 until the dispatch engine lands
      }
      renderBoard();
      renderPlan();
      renderVehicles();
      zones.render(data.zones);
      map?.update(data);
    } catch (e) {
      clear(board, h('p', { class: 'error' }, t('common.error', { msg: e instanceof Error ? e.message : String(e) })));
    } finally {
      inflight = false;
      if (again) {
        again = false;
        void refresh();
      }
    }
  };
  void refresh();
  const stop = live(() => void refresh(), (ok) => {
    status.textContent = ok ? `● ${t('console.live')}` : t('console.reconnecting');
    status.className = ok ? 'live on' : 'live';
    if (ok) void refresh();
  });
  const offTick = onTick(() => root.querySelectorAll<HTMLElement>('[data-since]').forEach((el) => (el.textContent = dur(minutesSince(el.dataset.since)))));
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
    stop();
    offTick();
    map?.destroy();
  };
};
