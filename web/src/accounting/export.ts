// The recorded figures as a CSV file that says what it covers: what it counts (our own records, the claims ledger
// apart), the period, the units, the category, and when it was made, in the app's date format ("05.12.2026"; times
// with their zone, as a time leaving the screen is written). A file with figures alone could not be told from another
// once saved. The analyst's file is their de-identified figures as the server gave them (its own scope, as of the
// hour's start, small cells as on screen): nothing beyond what the screen shows.
import { currentUser } from '../api.ts';
import { stampYear } from '../fmt.ts';
import { dayText } from '../ui/day.ts';
import { toCsv } from '../../../src/core/csv.ts';
import type { RecordedStats } from '../../../src/accounting/recorded.ts';
import type { DeidentifiedRecorded } from '../../../src/accounting/deidentify.ts';
import { at } from './i18n.ts';
import type { AccKey } from './i18n.ts';

type Row = (string | number | null)[];
export interface Covered {
  from?: string | undefined;
  to?: string | undefined;
  unit?: string | undefined;
  status?: string | undefined;
}
const FIGS = ['all', 'wounded', 'kia', 'dow', 'rtd', 'evacuated-onward', 'permanent-injury', 'open'] as const;

/** The lines that say what the file covers, then an empty line. */
function heading(f: Covered, generatedAt: string, analyst: boolean): Row[] {
  const u = currentUser();
  // The server counts a unit-scoped reader's units only (the analyst and the editor: every unit, de-identified).
  const scoped = !analyst && u?.units?.length && !['admin', 'peer', 'editor'].includes(u.role) ? u.units : null;
  const units = f.unit ?? (scoped ? at('acc.csv.yourUnits', { units: scoped.join(' ') }) : at('acc.csv.allUnits'));
  const rows: (Row | null)[] = [
    [at('acc.csv.what'), at(analyst ? 'acc.csv.deidentified' : 'acc.csv.recorded')],
    [at('acc.csv.period'), `${f.from ? dayText(f.from) : at('acc.csv.fromStart')} – ${f.to ? dayText(f.to) : at('acc.csv.toNow')}`],
    [at('acc.csv.scope'), units],
    [at('acc.csv.category'), f.status ? at(`acc.status.${f.status}` as AccKey) : at('acc.any')],
    analyst ? [at('acc.csv.asOf'), stampYear(generatedAt)] : null,
    [at('acc.csv.generated'), stampYear(new Date().toISOString())],
    analyst ? [at('acc.csv.cells'), at('acc.deidentified')] : null,
    [],
  ];
  return rows.filter((r): r is Row => r !== null);
}

/** The staff's file: the figures of the screen by breakdown, under what it covers. */
export function recordedCsv(s: RecordedStats, f: Covered, generatedAt: string): string {
  return toCsv([
    ...heading(f, generatedAt, false),
    ['breakdown', 'key', ...FIGS],
    ['total', '', ...FIGS.map((x) => s.totals[x])],
    ...s.byDay.map((d) => ['day', dayText(d.day), ...FIGS.map((x) => d[x])]),
    ...s.byUnit.map((u) => ['unit', u.unit ?? '', ...FIGS.map((x) => u[x])]),
    ...s.byStatus.map((u) => ['category', u.status, ...FIGS.map((x) => u[x])]),
  ]);
}

/** The analyst's file: their de-identified figures ("<5", suppressed cells and withheld rates as on screen). */
export function deidentifiedCsv(d: DeidentifiedRecorded, f: Covered, generatedAt: string): string {
  const cells = (name: string, m: Record<string, unknown>, key: (k: string) => string = (k) => k): Row[] => Object.entries(m).map(([k, v]) => [name, key(k), String(v)]);
  return toCsv([
    ...heading(f, generatedAt, true),
    ['breakdown', 'key', 'value', 'p90'],
    ['total', '', String(d.casualties)],
    ...cells('outcome', d.byOutcome),
    ...cells('day', d.byDay, (k) => dayText(k) || k),
    ...cells('unit', d.byUnit),
    ...cells('category', d.byStatus),
    ...cells('tourniquet-minutes', d.tourniquets),
    ...Object.entries(d.rates).map(([k, v]): Row => ['rate', k, v === null ? '—' : v]),
    ...Object.entries(d.minutesInjuryTo).map(([k, v]): Row => ['minutes-from-injury', k, v.median ?? '—', v.p90 ?? '—']),
    ['vehicles-lost', '', String(d.vehiclesLost)],
  ]);
}

/** The file downloaded, named by what it covers and when. */
export function download(csv: string, f: Covered, analyst: boolean): void {
  const span = f.from || f.to ? `-${f.from ?? 'start'}_${f.to ?? 'now'}` : '';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  a.download = `golden-hour-${analyst ? 'deidentified' : 'recorded'}${f.unit ? `-${f.unit}` : ''}${span}-${new Date().toISOString().slice(0, 10)}.csv`;
  a.id = 'acc-csv-link';
  document.body.append(a);
  a.click();
  setTimeout(() => (URL.revokeObjectURL(a.href), a.remove()), 1000);
}
