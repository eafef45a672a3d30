// The registry as CSV (import and export). One clinician per row; list cells use ";" between items and "|"
// between an item's parts: credentials `profession|level|verifier|expires`, training `course|weeks|date`,
// availability `from|to`. RFC 4180 quoting by the one CSV codec (src/core/csv.ts). Every problem is reported by line
// and field; nothing is guessed.
import type { ClinicianRecord } from '../core/index.ts';
import { ClinicianRecord as RecordSchema } from '../core/index.ts';
import { CsvSyntaxError, csvLine, parseCsvRows } from '../core/csv.ts';
import type { CsvRow } from '../core/csv.ts';

export const CSV_COLUMNS = [
  'id', 'name', 'profession', 'specialties', 'credentials', 'training', 'experience_years', 'cases_12m', 'languages', 'status',
  'home_lat', 'home_lon', 'availability', 'site',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** One registry line: cells written back exactly as they are read (no formula apostrophe: the import must round-trip). */
export const toCsvLine = (cells: readonly string[]): string => csvLine(cells, false);

export interface RowIssue {
  line: number;
  field: string;
  message: string;
}

export interface ParsedRow {
  line: number;
  record: ClinicianRecord;
  site: string | null;
}

const list = (s: string): string[] => (s.trim() === '' ? [] : s.split(';').map((x) => x.trim()));
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

/** One row to a record, or the issues (field = CSV column, or column.item for list cells). */
export function rowToRecord(header: readonly string[], row: CsvRow): ParsedRow | RowIssue[] {
  const get = (c: CsvColumn): string => row.cells[header.indexOf(c)] ?? '';
  if (row.cells.length !== header.length)
    return [{ line: row.line, field: 'row', message: `has ${row.cells.length} cells, the header has ${header.length}` }];
  const lat = num(get('home_lat'));
  const lon = num(get('home_lon'));
  const raw = {
    id: get('id').trim(),
    name: get('name').trim(),
    profession: get('profession').trim(),
    specialties: list(get('specialties')),
    credentials: list(get('credentials')).map((x) => {
      const [profession, level, verifier, expires] = x.split('|').map((p) => p.trim());
      return { profession, level: num(level ?? ''), verifier, ...(expires ? { expires } : {}) };
    }),
    training: list(get('training')).map((x) => {
      const [course, weeks, date] = x.split('|').map((p) => p.trim());
      return { course, weeks: num(weeks ?? ''), date };
    }),
    experienceYears: num(get('experience_years')) ?? 0,
    casesLast12Months: num(get('cases_12m')) ?? 0,
    languages: list(get('languages')),
    status: get('status').trim(),
    ...(lat !== undefined || lon !== undefined ? { home: { lat, lon } } : {}),
    availability: list(get('availability')).map((x) => {
      const [from, to] = x.split('|').map((p) => p.trim());
      return { from, to };
    }),
  };
  const r = RecordSchema.safeParse(raw);
  if (!r.success) return r.error.issues.map((i) => ({ line: row.line, field: fieldOf(i.path), message: i.message }));
  const bad = r.data.availability.findIndex((w) => Date.parse(w.from) >= Date.parse(w.to));
  if (bad >= 0) return [{ line: row.line, field: `availability.${bad}`, message: 'from must be before to' }];
  const site = get('site').trim();
  return { line: row.line, record: r.data, site: site === '' ? null : site };
}

const FIELD: Record<string, CsvColumn> = { experienceYears: 'experience_years', casesLast12Months: 'cases_12m' };
function fieldOf(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head === 'home') return rest[0] === 'lon' ? 'home_lon' : 'home_lat';
  return [FIELD[head ?? ''] ?? head ?? 'row', ...rest].join('.');
}

export function recordToCells(r: ClinicianRecord, site: string | null): string[] {
  return [
    r.id, r.name, r.profession, r.specialties.join(';'),
    r.credentials.map((c) => [c.profession, c.level, c.verifier, c.expires ?? ''].join('|').replace(/\|$/, '')).join(';'),
    r.training.map((t) => [t.course, t.weeks, t.date].join('|')).join(';'),
    String(r.experienceYears), String(r.casesLast12Months), r.languages.join(';'), r.status,
    r.home ? String(r.home.lat) : '', r.home ? String(r.home.lon) : '',
    r.availability.map((w) => `${w.from}|${w.to}`).join(';'), site ?? '',
  ];
}

export function toCsv(rows: readonly { record: ClinicianRecord; site: string | null }[]): string {
  return [toCsvLine(CSV_COLUMNS), ...rows.map((x) => toCsvLine(recordToCells(x.record, x.site)))].join('\n') + '\n';
}

export interface CsvReport {
  rows: ParsedRow[];
  issues: RowIssue[];
  lines: number;
}

/** Parse a whole file: the header must name every column (any order); duplicate ids are reported on the later line. */
export function readRegistryCsv(text: string, onProgress?: (done: number, total: number) => void): CsvReport {
  let all: CsvRow[];
  try {
    all = parseCsvRows(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { rows: [], issues: [{ line: e.line, field: 'row', message: 'a quoted cell is never closed (unterminated quote)' }], lines: 0 };
    throw e;
  }
  if (!all.length) return { rows: [], issues: [{ line: 1, field: 'header', message: 'empty file' }], lines: 0 };
  const header = all[0]!.cells.map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { rows: [], issues: [{ line: all[0]!.line, field: 'header', message: `missing column(s): ${missing.join(', ')}` }], lines: all.length - 1 };
  const rows: ParsedRow[] = [];
  const issues: RowIssue[] = [];
  const seen = new Map<string, number>();
  const body = all.slice(1);
  body.forEach((row, i) => {
    const r = rowToRecord(header, row);
    if (Array.isArray(r)) issues.push(...r);
    else if (seen.has(r.record.id)) issues.push({ line: row.line, field: 'id', message: `repeats line ${seen.get(r.record.id)}` });
    else {
      seen.set(r.record.id, row.line);
      rows.push(r);
    }
    if (onProgress && (i % 1000 === 999 || i === body.length - 1)) onProgress(i + 1, body.length);
  });
  return { rows, issues, lines: body.length };
}
