// What this phone knows of incidents: folded from its own outbox (its records and what it pulled), so the rapid
// triage screen, its counter and its 9-line work the same offline as online.
import { allRows } from '../store.ts';
import { fold, foldIncident, incidentPicture, isIncidentStreamType } from '../../../src/core/index.ts';
import type { CasualtyEvent, CasualtyState, IncidentPicture, IncidentState } from '../../../src/core/index.ts';
import { serverNowIso } from '../sync/clock.ts';

export interface LocalIncident {
  incident: IncidentState;
  picture: IncidentPicture;
  casualties: (CasualtyState & { pending: number })[];
}

/** Every incident on this phone with its linked casualties; newest incident first. */
export async function localIncidents(): Promise<LocalIncident[]> {
  const rows = await allRows();
  const streams = new Map<string, { events: CasualtyEvent[]; pending: number }>();
  for (const r of rows) {
    const s = streams.get(r.casualtyId) ?? { events: [], pending: 0 };
    s.events.push(r.event);
    if (r.status === 'pending') s.pending++;
    streams.set(r.casualtyId, s);
  }
  const now = serverNowIso();
  const incidents = new Map<string, IncidentState>();
  const linked = new Map<string, (CasualtyState & { pending: number })[]>();
  for (const [id, s] of streams) {
    if (s.events.some((e) => isIncidentStreamType(e.type))) {
      const i = foldIncident(id, s.events);
      if (i.declared) incidents.set(id, i);
      continue;
    }
    if (!s.events.some((e) => e.type === 'incident.linked')) continue;
    const c = fold(id, s.events, now);
    if (!c.registered || !c.incident) continue;
    linked.set(c.incident.id, [...(linked.get(c.incident.id) ?? []), { ...c, pending: s.pending }]);
  }
  return [...incidents.values()]
    .map((incident) => {
      const casualties = (linked.get(incident.id) ?? []).sort((a, b) => ((a.injuredAt ?? '') < (b.injuredAt ?? '') ? 1 : -1));
      return { incident, casualties, picture: incidentPicture(incident, casualties) };
    })
    .sort((a, b) => ((a.incident.declaredAt ?? '') < (b.incident.declaredAt ?? '') ? 1 : -1));
}
