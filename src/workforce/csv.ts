// The registry as CSV (import and export). One clinician per row; list cells use ";" between items and "|"
// between an item's parts: credentials `profession|level|verifier|expires`, training `course|weeks|date`,
// availability `from|to`. RFC 4180 quoting by the one CSV codec (src/core/csv.ts), cells formula-safe on export and
// read back exactly on import. Every problem is reported by line and field; nothing is guessed.
import type { ClinicianRecord } from '../core/index.ts';
import { ClinicianRecord as RecordSchema, WORKFORCE_CSV_ROWS, WORKFORCE_IMPORT_ISSUES } from '../core/index.ts';
import { CsvSyntaxError, csvLine, parseCsvRows } from '../core/csv.ts';
import type { CsvRow } from '../core/csv.ts';

export const CSV_COLUMNS = [
  'id', 'name', 'profession', 'specialties', 'credentials', 'training', 'experience_years', 'cases_12m', 'languages', 'status',
  'home_lat', 'home_lon', 'availability', 'site',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * Spreadsheet formulas (OWASP's CSV injection): a cell starting with = + - @, a tab or a CR is exported behind an
 * apostrophe, which a spreadsheet shows as text. So that the import gives back exactly what was exported, a cell that
 * already starts with apostrophes before such a character gets one more, and the import takes exactly one away from
 * any cell of apostrophes then such a character: `=X` ⇄ `'=X`, `'=X` ⇄ `''=X`; `'abc` is left as it is both ways.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
export const formulaSafeCell = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);
export const formulaCellBack = (s: string): string => (s.startsWith("'") && FORMULA_START.test(s) ? s.slice(1) : s);

/** One registry line, formula-safe (`formulaSafeCell`); the import reads it back exactly (`formulaCellBack`). */
export const toCsvLine = (cells: readonly string[]): string => csvLine(cells.map(formulaSafeCell), false);

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
  const get = (c: CsvColumn): string => formulaCellBack(row.cells[header.indexOf(c)] ?? '');
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
  /** The first WORKFORCE_IMPORT_ISSUES problems, by line. */
  issues: RowIssue[];
  /** Every problem found (issues lists the first ones). */
  issuesTotal: number;
  lines: number;
  /** More than WORKFORCE_CSV_ROWS rows: nothing was checked (issues says so). */
  tooManyRows?: true;
}

/** Problems as found, in line order: the first `cap` kept, every one counted (a file of 300,000 bad lines is 1,000). */
export class IssueList {
  readonly shown: RowIssue[] = [];
  total = 0;
  readonly #cap: number;
  constructor(cap = WORKFORCE_IMPORT_ISSUES) {
    this.#cap = cap;
  }
  add(...xs: RowIssue[]): void {
    for (const x of xs) if (++this.total <= this.#cap) this.shown.push(x);
  }
}

export interface ReadOptions {
  onProgress?: (done: number, total: number) => void;
  /** Awaited after every slice of rows checked (the server gives its other requests their turn there). */
  pause?: () => Promise<void>;
  /** Rows checked between pauses. */
  slice?: number;
}

const one = (line: number, field: string, message: string, lines: number): CsvReport => ({ rows: [], issues: [{ line, field, message }], issuesTotal: 1, lines });

/**
 * Parse a whole file: the header must name every column (any order); duplicate ids are reported on the later line.
 * A file of more than WORKFORCE_CSV_ROWS rows is refused whole (`tooManyRows`), before any row is checked.
 */
export async function readRegistryCsv(text: string, o: ReadOptions = {}): Promise<CsvReport> {
  let all: CsvRow[];
  try {
    all = parseCsvRows(text, WORKFORCE_CSV_ROWS + 2);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return one(e.line, 'row', 'a quoted cell is never closed (unterminated quote)', 0);
    throw e;
  }
  if (!all.length) return one(1, 'header', 'empty file', 0);
  if (all.length > WORKFORCE_CSV_ROWS + 1)
    return { ...one(all[all.length - 1]!.line, 'row', `more than ${WORKFORCE_CSV_ROWS.toLocaleString('en')} rows: import the registry in parts`, all.length - 1), tooManyRows: true };
  const header = all[0]!.cells.map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return one(all[0]!.line, 'header', `missing column(s): ${missing.join(', ')}`, all.length - 1);
  const rows: ParsedRow[] = [];
  const issues = new IssueList();
  const seen = new Map<string, number>();
  const body = all.slice(1);
  const slice = o.slice ?? 500;
  for (let i = 0; i < body.length; i++) {
    const row = body[i]!;
    const r = rowToRecord(header, row);
    if (Array.isArray(r)) issues.add(...r);
    else if (seen.has(r.record.id)) issues.add({ line: row.line, field: 'id', message: `repeats line ${seen.get(r.record.id)}` });
    else {
      seen.set(r.record.id, row.line);
      rows.push(r);
    }
    if (o.onProgress && (i % 1000 === 999 || i === body.length - 1)) o.onProgress(i + 1, body.length);
    if (o.pause && i % slice === slice - 1) await o.pause();
  }
  return { rows, issues: issues.shown, issuesTotal: issues.total, lines: body.length };
}
