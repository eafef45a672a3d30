// CSV exports of casualties and events, written with the one CSV codec (src/core/csv.ts: RFC 4180, CRLF records,
// formulas defused). Its parser and field writer are re-exported for the tests and importers of these files.
import type { CasualtySummary } from '../../core/index.ts';
import type { StoredEvent } from '../../core/index.ts';
import { gridText } from '../../core/index.ts';
import { toCsv as coreToCsv } from '../../core/csv.ts';
import type { Cell } from '../../core/csv.ts';

export { csvField, parseCsv } from '../../core/csv.ts';
export type { Cell } from '../../core/csv.ts';

/** A header row and the records, as RFC 4180 text (CRLF), formulas defused: the exports a person opens. */
export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return coreToCsv([header, ...rows]);
}

export const CASUALTY_COLUMNS = [
  'id',
  'stage',
  'precedence',
  'triage',
  'battle_roster',
  'sex',
  'age',
  'status',
  'unit_id',
  'injured_at',
  'requested_at',
  'mgrs',
  'lat',
  'lon',
  'mechanisms',
  'injuries',
  'tourniquets_running',
  'tourniquet_max_min',
  'pulse',
  'sbp',
  'rr',
  'spo2',
  'avpu',
  'vitals_at',
  'vehicle_id',
  'facility_id',
  'destination_id',
  'outcome',
  'outcome_at',
  'updated_at',
] as const;

export function casualtiesCsv(list: readonly CasualtySummary[]): string {
  return toCsv(
    CASUALTY_COLUMNS,
    list.map((c) => {
      const s = c.state;
      const pos = s.evac.nineLine?.location ?? s.position;
      const v = s.vitals[s.vitals.length - 1];
      return [
        c.id,
        c.stage,
        c.precedence,
        c.triage,
        s.identity.battleRoster,
        s.identity.sex,
        s.identity.age,
        s.identity.status,
        c.unitId,
        c.injuredAt,
        s.evac.requestedAt,
        pos ? gridText(pos) : null, // null beyond the grid (80°S–84°N): lat and lon follow
        pos?.lat,
        pos?.lon,
        s.mechanisms.join('; '),
        s.injuries.map((i) => `${i.region} ${i.view} ${i.kind}`).join('; '),
        s.tourniquets.filter((t) => t.running).length,
        s.tourniquets.length ? Math.round(Math.max(...s.tourniquets.map((t) => t.minutes))) : null,
        v?.pulse,
        v?.sbp,
        v?.rr,
        v?.spo2,
        v?.avpu,
        v?.at,
        c.vehicleId,
        c.facilityId,
        c.destinationId,
        s.outcome?.outcome,
        s.outcome?.at,
        c.updatedAt,
      ];
    }),
  );
}

export const EVENT_COLUMNS = [
  'seq',
  'id',
  'casualty_id',
  'type',
  'at',
  'recorded_at',
  'received_at',
  'device_id',
  'author',
  'payload',
] as const;

export function eventsCsv(events: readonly StoredEvent[]): string {
  return toCsv(
    EVENT_COLUMNS,
    events.map((e) => [
      e.seq,
      e.id,
      e.casualtyId,
      e.type,
      e.at,
      e.recordedAt,
      e.receivedAt,
      e.deviceId,
      e.author,
      JSON.stringify(e.payload),
    ]),
  );
}
