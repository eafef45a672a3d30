// CSV exports (RFC 4180: CRLF records, fields with comma, quote, CR or LF quoted, quotes doubled).
import type { CasualtySummary } from '../../core/index.ts';
import type { StoredEvent } from '../../core/index.ts';
import { toMgrs } from '../../core/index.ts';

export type Cell = string | number | boolean | null | undefined;

/**
 * One field. Text that a spreadsheet would run as a formula (starting with = + - @ or a tab/CR) is prefixed
 * with an apostrophe: exports leave the field, and a casualty's free text must never execute on a laptop.
 */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? v : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
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
        pos ? toMgrs(pos) : null,
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

/** Parse RFC 4180 text back into rows (used by tests and importers of our own exports). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
