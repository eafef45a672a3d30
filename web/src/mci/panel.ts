// The dispatcher's view of mass-casualty incidents (issue 15): one entry per incident instead of one request per
// casualty — counts by category (and over time), who is still on site, what is en route, who receives, the one
// 9-line; it opens to the incident's casualties. Read from GET /api/incidents, refreshed with the live store.
import { h, clear } from '../dom.ts';
import { api } from '../api.ts';
import { INCIDENT_CATEGORIES, categoryOf } from '../../../src/core/index.ts';
import type { CasualtyState } from '../../../src/core/index.ts';
import { tc } from '../i18n.ts';
import type { z } from 'zod';
import type { IncidentList, IncidentAnswer } from '../../../src/core/api.ts';
import { mgrs, shortId, time, zoneNote } from '../fmt.ts';
import { resource } from '../live/resource.ts';
import { steadyRender } from '../ui/steady.ts';
import { mt } from './i18n.ts';
import './mci.css';

export type IncidentItem = z.infer<typeof IncidentList>['incidents'][number];
type Detail = z.infer<typeof IncidentAnswer>;

const name = (i: IncidentItem['incident']): string => `${i.name ?? (i.kind ? mt(`mci.kind.${i.kind}`) : '')} ${shortId(i.id)}`.trim();

function nineLineText(nl: IncidentItem['nineLine']): string {
  if (!nl) return '—';
  const p = nl.patientsByPrecedence;
  return `${mgrs(nl.location)} · ${nl.callSign} · ${mt('mci.line3')} A ${p.A} B ${p.B} C ${p.C} D ${p.D} E ${p.E} · ${mt('mci.line5')} L ${nl.patientsByType.L} A ${nl.patientsByType.A}`;
}

async function details(box: HTMLElement, id: string, facilityName: (id: string) => string): Promise<void> {
  const d = await api<Detail>(`/api/incidents/${id}`);
  const tl = d.picture.timeline.slice(-6);
  clear(box,
    h('h4', null, mt('mci.overTime')),
    h('div', { class: 'mci-scroll', tabindex: '0', role: 'region', 'aria-label': mt('mci.overTime') }, h('table', { 'data-timeline': id },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, mt('mci.time')), INCIDENT_CATEGORIES.map((c) => h('th', { scope: 'col' }, mt(`mci.cat.${c}`))))),
      h('tbody', null, tl.map((p) => h('tr', null, h('td', null, time(p.at)), INCIDENT_CATEGORIES.map((c) => h('td', null, String(p.counts[c])))))))),
    h('h4', null, mt('mci.casualties')),
    h('ul', { class: 'mci-casualties' }, d.casualties.map((c) => h('li', { 'data-incident-casualty': c.id },
      h('a', { href: `#/c/${c.id}/timeline` }, c.state.incident && (c.state.incident as { tag?: string | null }).tag ? `#${(c.state.incident as { tag: string }).tag}` : shortId(c.id)),
      ' ', mt(`mci.cat.${categoryOf(c.state as unknown as CasualtyState)}`), ' · ', tc('stage', c.stage), c.destinationId ? ` → ${facilityName(c.destinationId)}` : '',
      c.state.triage.conflict ? h('span', { class: 'chip warn' }, mt('mci.conflict')) : null))));
}

/** The panel and its refresh (call it when the live store changes: one coalesced request per burst). */
export interface IncidentsPanel {
  el: HTMLElement;
  refresh(): void;
  dispose(): void;
  /** One map marker per incident; a tap on it opens the incident's casualties here. */
  markers(): { id: string; label: string; position: { lat: number; lon: number } | null; open(): void }[];
}

export function incidentsPanel(facilityName: (id: string) => string = (x) => x, onLoad: () => void = () => undefined): IncidentsPanel {
  const el = h('div', { id: 'incidents' });
  const list = resource((signal) => api<z.infer<typeof IncidentList>>('/api/incidents', { signal }).then((r) => r.incidents), 300);
  const opened = new Set<string>();
  const paint = (): void => {
    const items = list.value ?? [];
    if (!items.length) return clear(el);
    clear(el, h('h2', null, mt('mci.incidents')), zoneNote(), items.map((x) => {
      const more = h('div');
      // Kept open across refreshes (each rebuilt it closed: the list a dispatcher had opened shut with every record).
      const open = h('details', { 'data-incident-details': x.incident.id, open: opened.has(x.incident.id), ontoggle: () => {
        if (open.open) opened.add(x.incident.id);
        else opened.delete(x.incident.id);
        if (open.open) void details(more, x.incident.id, facilityName);
      } }, h('summary', { class: 'btn small' }, mt('mci.casualties'), ` (${x.counts.casualties})`), more);
      return h('section', { class: 'mci-panel', 'data-incident': x.incident.id },
        h('div', { class: 'row wrap' }, h('strong', null, '⚠ ', name(x.incident)), h('span', { class: 'muted' }, time(x.incident.declaredAt)),
          x.incident.status === 'cleared' ? h('span', { class: 'chip warn' }, mt('mci.cleared')) : null,
          x.counts.conflicts ? h('span', { class: 'chip warn', 'data-incident-conflicts': String(x.counts.conflicts) }, mt('mci.conflicts', { n: x.counts.conflicts })) : null),
        h('div', { class: 'mci-counter' },
          INCIDENT_CATEGORIES.map((c) => h('span', { class: `mci-count cat-${c}`, 'data-incident-count': c }, h('b', null, String(x.byCategory[c])), ' ', mt(`mci.cat.${c}`))),
          h('span', { class: 'mci-count', 'data-incident-count': 'total' }, mt('mci.total', { n: x.counts.casualties }))),
        h('div', { class: 'row wrap' },
          h('span', { 'data-on-site': String(x.onSite.length) }, mt('mci.onSite', { n: x.onSite.length })),
          h('span', { 'data-en-route': String(x.enRoute.length) }, mt('mci.enRoute', { n: x.enRoute.length })),
          x.receiving.length ? h('span', null, mt('mci.receiving'), ': ', x.receiving.map((r) => `${facilityName(r.facilityId)} ${r.incoming}+${r.arrived}`).join(', ')) : null),
        x.incident.hazards.length ? h('div', null, mt('mci.hazards'), ': ', x.incident.hazards.join('; ')) : null,
        x.incident.commander ? h('div', null, mt('mci.commander'), ': ', x.incident.commander) : null,
        h('div', { class: 'mono small', 'data-incident-nineline': x.incident.id }, mt('mci.nineLine'), ': ', nineLineText(x.nineLine)),
        open);
    }));
  };
  // Held under a click (a summary or a casualty's link rebuilt between down and up makes no click).
  const steady = steadyRender(el, paint);
  const off = list.subscribe(() => {
    steady.render();
    onLoad();
  });
  list.refresh();
  const open = (id: string): void => {
    const d = el.querySelector<HTMLDetailsElement>(`[data-incident-details="${id}"]`);
    if (!d) return;
    d.open = true;
    d.scrollIntoView({ block: 'start' });
  };
  return {
    el,
    refresh: () => list.refresh(),
    dispose: () => { off(); steady.stop(); list.dispose(); },
    markers: () => (list.value ?? []).map((x) => ({ id: x.incident.id, label: `${name(x.incident)} · ${x.counts.casualties}`, position: x.incident.position, open: () => open(x.incident.id) })),
  };
}
