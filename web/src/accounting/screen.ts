// Accounting: what our own records show (figures, charts, drill-down, CSV), the printable daily report, the claims
// ledger and claimed vs evidenced. Routes: #/accounting/recorded | claims[/ID] | compare | report[/DAY].
import './accounting.css';
import { h, clear } from '../dom.ts';
import { api, currentUser } from '../api.ts';
import { durMin, shortId, stamp, time, zoneNote } from '../fmt.ts';
import { deidentifiedCsv, download, recordedCsv } from './export.ts';
import { dayInput, dayOf, dayRead, dayText } from '../ui/day.ts';
import type { RecordedStats, DrillRow } from '../../../src/accounting/recorded.ts';
import type { DeidentifiedRecorded } from '../../../src/accounting/deidentify.ts';
import type { Screen } from '../screen.ts';
import { at, code, errorText, tqBucket, tqOrder } from './i18n.ts';
import type { AccKey } from './i18n.ts';
import { chart } from './charts.ts';
import { claimsView } from './claims.ts';
import { compareView } from './compare.ts';

export type Cell = number | '<5' | 'suppressed';
type Recorded = { recorded: RecordedStats; generatedAt: string } | { deidentified: DeidentifiedRecorded; generatedAt: string };
interface Filter {
  from?: string;
  to?: string;
  unit?: string;
  status?: string;
}

const TABS = ['recorded', 'claims', 'compare', 'report'] as const;
const FIGS = ['all', 'wounded', 'kia', 'dow', 'rtd', 'evacuated-onward', 'permanent-injury', 'open'] as const;
const RATES = ['woundedToKilled', 'caseFatality', 'diedOfWounds', 't1SurgeryWithin60', 't1SurgeryWithin120'] as const;
const TIMES = ['pickup', 'firstFacility', 'surgery'] as const;
const COLOURS = { wounded: '#ffb000', kia: '#ff453a', dow: '#bf5af2', all: '#64d2ff' };

export const role = (): string => currentUser()?.role ?? '';
const canDrill = (): boolean => ['commander', 'admin'].includes(role());
export const qs = (f: Record<string, string | undefined>): string =>
  new URLSearchParams(Object.entries(f).filter((kv): kv is [string, string] => Boolean(kv[1]))).toString();
const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 1000) / 10} %`);
const num = (v: number | null): string => (v === null ? '—' : String(v));

let filter: Filter = {};
let unitsSeen: string[] = [];

export const accountingScreen: Screen = (root, params) => {
  const tab = (TABS as readonly string[]).includes(params[0] ?? '') ? (params[0] as (typeof TABS)[number]) : 'recorded';
  const body = h('div', { class: 'acc-body' });
  clear(root,
    h('section', { class: 'acc' },
      h('h2', { class: 'acc-noprint' }, at('acc.title')),
      zoneNote(),
      h('nav', { class: 'acc-tabs acc-noprint', 'aria-label': at('acc.title') },
        TABS.map((k) => h('a', { href: `#/accounting/${k}`, class: `btn small${k === tab ? ' primary' : ''}`, 'data-tab': k, ...(k === tab ? { 'aria-current': 'page' } : {}) }, at(`acc.tab.${k}` as AccKey)))),
      body));
  if (tab === 'recorded') void recordedView(body);
  else if (tab === 'claims') void claimsView(body, params[1]);
  else if (tab === 'compare') void compareView(body);
  else void reportView(body, params[1]);
  return undefined;
};

function filterForm(onApply: () => void): HTMLElement {
  // Days typed as "05.12.2026" (ui/day.ts): a date picker read 12/05/2026 in an English browser.
  const from = dayInput({ id: 'acc-from', class: 'acc-input' }, filter.from);
  const to = dayInput({ id: 'acc-to', class: 'acc-input' }, filter.to);
  const err = h('p', { class: 'error', id: 'acc-filter-error', 'aria-live': 'polite' });
  const unit = h('select', { id: 'acc-unit', class: 'acc-input' }, h('option', { value: '' }, at('acc.any')),
    unitsSeen.map((u) => h('option', { value: u, ...(filter.unit === u ? { selected: true } : {}) }, u)));
  const status = h('select', { id: 'acc-status', class: 'acc-input' }, h('option', { value: '' }, at('acc.any')),
    ['military', 'civilian', 'prisoner'].map((s) => h('option', { value: s, ...(filter.status === s ? { selected: true } : {}) }, at(`acc.status.${s}` as AccKey))));
  const label = (text: string, el: HTMLElement) => h('label', { class: 'acc-field' }, h('span', null, text), el);
  return h('form', { class: 'acc-filter acc-noprint', id: 'acc-filter', onsubmit: (e: Event) => {
    e.preventDefault();
    err.textContent = '';
    try {
      const f = { from: dayOf(from), to: dayOf(to), unit: unit.value || undefined, status: status.value || undefined } as Filter;
      // A period that ends before it starts counts nothing: said, not shown as a screen of zeros.
      const reversed = Boolean(f.from && f.to && f.from > f.to);
      for (const el of [from, to]) el.toggleAttribute('aria-invalid', reversed);
      if (reversed) throw new Error(at('acc.filter.order', { from: dayText(f.from), to: dayText(f.to) }));
      filter = f;
    } catch (x) {
      (to.hasAttribute('aria-invalid') && !from.hasAttribute('aria-invalid') ? to : from).focus();
      err.textContent = x instanceof Error ? x.message : String(x);
      return;
    }
    onApply();
  } },
  label(at('acc.from'), from), label(at('acc.to'), to), label(at('acc.unit'), unit), label(at('acc.category'), status),
  h('button', { class: 'btn primary', type: 'submit', id: 'acc-apply' }, at('acc.apply')), err);
}

async function recordedView(box: HTMLElement): Promise<void> {
  clear(box, h('p', { class: 'muted' }, at('acc.loading')));
  let data: Recorded;
  try {
    data = await api<Recorded>(`/api/accounting/recorded?${qs({ ...filter })}`);
  } catch (e) {
    clear(box, h('p', { class: 'error' }, errorText(e)));
    return;
  }
  const reload = () => void recordedView(box);
  if ('deidentified' in data) {
    const d = data.deidentified;
    // The analyst exports their own figures too, as the server gave them (de-identified, in their scope).
    clear(box, filterForm(reload), csvButton(() => deidentifiedCsv(d, filter, data.generatedAt), true), deidentifiedView(d, data.generatedAt));
    return;
  }
  const s = data.recorded;
  if (!filter.unit) unitsSeen = s.byUnit.map((u) => u.unit ?? '').filter(Boolean);
  const drillBox = h('div', { id: 'acc-drill', 'aria-live': 'polite' }, canDrill() ? h('p', { class: 'muted' }, at('acc.drill.hint')) : null);
  clear(box,
    filterForm(reload),
    h('p', { class: 'muted small' }, at('acc.source')),
    h('div', { class: 'acc-kpis', id: 'acc-kpis' }, FIGS.map((f) => kpi(f, s.totals[f], canDrill() ? () => void drill(drillBox, f) : null))),
    drillBox,
    csvButton(() => recordedCsv(s, filter, data.generatedAt), false),
    ratesAndTimes(s),
    chart(s.byDay.map((d) => d.day), [
      { label: at('acc.fig.wounded'), values: s.byDay.map((d) => d.wounded), colour: COLOURS.wounded },
      { label: at('acc.fig.kia'), values: s.byDay.map((d) => d.kia), colour: COLOURS.kia },
      { label: at('acc.fig.dow'), values: s.byDay.map((d) => d.dow), colour: COLOURS.dow },
    ], { id: 'acc-chart-days', title: at('acc.byDay'), xLabel: at('acc.day'), xAxis: at('acc.axis.day'), yAxis: at('acc.axis.people') }),
    chart(s.tourniquets.buckets.map((b) => tqBucket(b.bucket)), [{ label: at('acc.tq.n'), values: s.tourniquets.buckets.map((b) => b.n), colour: COLOURS.wounded, bars: true }],
      { id: 'acc-chart-tq', title: at('acc.tq'), xLabel: at('acc.tq'), categorical: true, height: 200, xAxis: at('acc.axis.tqMin'), yAxis: at('acc.axis.tqCount') }),
    h('p', { id: 'acc-tq-conv' }, at('acc.tq.converted', { n: s.tourniquets.convertedWithin2h, of: s.tourniquets.count }), ' · ', `${at('acc.vehiclesLost')}: ${s.vehiclesLost}`),
    table(at('acc.byDay'), 'acc-by-day', at('acc.day'), s.byDay.map((d) => [dayText(d.day), d])),
    table(at('acc.byUnit'), 'acc-by-unit', at('acc.unit'), s.byUnit.map((u) => [u.unit ?? at('acc.unknown'), u])),
    table(at('acc.byStatus'), 'acc-by-status', at('acc.category'), s.byStatus.map((u) => [at(`acc.status.${u.status}` as AccKey), u])),
  );
}

function kpi(fig: (typeof FIGS)[number], value: Cell, onDrill: (() => void) | null): HTMLElement {
  const inner = [h('span', { class: 'acc-kpi-n' }, String(value)), h('span', { class: 'acc-kpi-l' }, at(`acc.fig.${fig}` as AccKey))];
  return onDrill
    ? h('button', { class: 'acc-kpi', 'data-fig': fig, type: 'button', onclick: onDrill }, ...inner)
    : h('div', { class: 'acc-kpi', 'data-fig': fig }, ...inner);
}

/** Survivors to dead as "2.25 : 1", with the counts it is made of when they are known ("(18 : 8)"), so it adds up. */
const wk = (ratio: number | null, t?: RecordedStats['totals']): string =>
  ratio === null ? '—' : `${ratio} : 1${t ? ` (${t.wounded - t.dow} : ${t.kia + t.dow})` : ''}`;

function ratesTable(rates: Partial<Record<(typeof RATES)[number], number | null>>, t?: RecordedStats['totals']): HTMLElement {
  return h('table', { class: 'acc-table', tabindex: 0, id: 'acc-rates' }, h('caption', null, at('acc.rates')),
    h('tbody', null, RATES.filter((r) => r in rates).map((r) => h('tr', null, h('th', { scope: 'row' }, at(`acc.rate.${r}` as AccKey)),
      h('td', { 'data-rate': r }, r === 'woundedToKilled' ? wk(rates[r] ?? null, t) : pct(rates[r] ?? null))))));
}

/** Median and 90th percentile of minutes from injury; `note` says why one may be missing (the analyst's thresholds). */
function timesTable(m: Record<(typeof TIMES)[number], { median: number | null; p90: number | null }>, note?: string): HTMLElement {
  const t = h('table', { class: 'acc-table', tabindex: 0, id: 'acc-times' }, h('caption', null, at('acc.times')),
    h('thead', null, h('tr', null, h('th', null, ''), h('th', { scope: 'col' }, at('acc.median')), h('th', { scope: 'col' }, at('acc.p90')))),
    h('tbody', null, TIMES.map((k) => h('tr', null, h('th', { scope: 'row' }, at(`acc.time.${k}` as AccKey)),
      h('td', { 'data-time': k }, num(m[k].median)), h('td', null, num(m[k].p90))))));
  return note ? h('div', null, t, h('p', { class: 'muted small', id: 'acc-times-note' }, note)) : t;
}

export function ratesAndTimes(s: RecordedStats): HTMLElement {
  return h('div', { class: 'acc-grid' }, ratesTable(s.rates, s.totals), timesTable(s.minutesInjuryTo));
}

export function table(title: string, id: string, keyHead: string, rows: [string, Record<(typeof FIGS)[number], number>][]): HTMLElement {
  return h('table', { class: 'acc-table', tabindex: 0, id },
    h('caption', null, title),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, keyHead), FIGS.map((f) => h('th', { scope: 'col' }, at(`acc.fig.${f}` as AccKey))))),
    // An empty table said so: bare headers on a printed report read as a table cut off.
    h('tbody', null, rows.length === 0 ? h('tr', null, h('td', { colspan: FIGS.length + 1, class: 'muted' }, at('acc.drill.none'))) :
      rows.map(([k, r]) => h('tr', null, h('th', { scope: 'row' }, k), FIGS.map((f) => h('td', null, String(r[f])))))));
}

async function drill(box: HTMLElement, fig: string): Promise<void> {
  clear(box, h('p', { class: 'muted' }, at('acc.loading')));
  try {
    const r = await api<{ casualties: DrillRow[] }>(`/api/accounting/drill?${qs({ figure: fig, ...filter })}`);
    clear(box,
      h('h3', null, at('acc.drill', { fig: at(`acc.fig.${fig}` as AccKey) })),
      r.casualties.length === 0 ? h('p', { class: 'muted' }, at('acc.drill.none')) :
        h('table', { class: 'acc-table', tabindex: 0, id: 'acc-drill-table' },
          h('thead', null, h('tr', null, [at('acc.col.id'), at('acc.unit'), at('acc.col.injured'), at('acc.col.outcome'), at('acc.col.surgery')].map((x) => h('th', { scope: 'col' }, x)))),
          h('tbody', null, r.casualties.map((c) => h('tr', { 'data-casualty': c.id },
            h('td', null, h('a', { href: `#/c/${c.id}` }, shortId(c.id))), h('td', null, c.unitId ?? '—'),
            h('td', null, time(c.injuredAt)), h('td', null, code(c.outcome)),
            h('td', null, c.minToSurgery === null ? '—' : durMin(c.minToSurgery, false)))))));  // minutes: "55 хв 00 с" said seconds nobody measured
  } catch (e) {
    clear(box, h('p', { class: 'error' }, errorText(e)));
  }
}

/** The analyst's figures are those of the hour's start (src/accounting/snapshot.ts): said, or a fresh 0 misleads. */
function deidentifiedView(d: DeidentifiedRecorded, asOf: string): HTMLElement {
  const cells = (title: string, id: string, m: Record<string, Cell>, name: (k: string) => string = (k) => k) =>
    h('table', { class: 'acc-table', tabindex: 0, id }, h('caption', null, title),
      h('tbody', null, Object.entries(m).map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, name(k)), h('td', null, String(v))))));
  return h('div', { id: 'acc-deidentified' },
    h('p', { class: 'acc-note', id: 'acc-suppression-note' }, at('acc.deidentified')),
    h('p', { class: 'acc-note', id: 'acc-asof' }, at('acc.asOf', { at: time(asOf) })),
    h('div', { class: 'acc-kpis' }, kpi('all', d.casualties, null)),
    cells(at('acc.col.outcome'), 'acc-di-outcome', d.byOutcome, (k) => at(`acc.fig.${k}` as AccKey)),
    h('div', { class: 'acc-grid' }, ratesTable(d.rates), timesTable(d.minutesInjuryTo, at('acc.times.small'))),
    cells(at('acc.byDay'), 'acc-di-day', d.byDay, (k) => dayText(k) || k),
    cells(at('acc.byUnit'), 'acc-di-unit', d.byUnit, (k) => (k === 'unknown' ? at('acc.unknown') : k)),
    cells(at('acc.tq'), 'acc-di-tq', Object.fromEntries(Object.entries(d.tourniquets).sort(([a], [b]) => tqOrder(a) - tqOrder(b))), tqBucket));
}

/** The CSV of what is shown, saying what it covers (export.ts). */
const csvButton = (csv: () => string, analyst: boolean): HTMLElement =>
  h('div', { class: 'row acc-noprint' }, h('button', { class: 'btn', id: 'acc-csv', onclick: () => download(csv(), filter, analyst) }, at('acc.csv')));

async function reportView(box: HTMLElement, dayParam: string | undefined): Promise<void> {
  const day = dayParam && /^\d{4}-\d{2}-\d{2}$/.test(dayParam) ? dayParam : new Date().toISOString().slice(0, 10);
  const picker = dayInput({ id: 'acc-report-day', class: 'acc-input', onchange: () => {
    const v = dayRead(picker.value);
    picker.toggleAttribute('aria-invalid', !v);
    picker.classList.toggle('invalid', !v);
    if (v) location.hash = `#/accounting/report/${v}`;
  } }, day);
  clear(box, h('p', { class: 'muted' }, at('acc.loading')));
  let data: Recorded;
  try {
    data = await api<Recorded>(`/api/accounting/recorded?${qs({ from: day, to: day })}`);
  } catch (e) {
    clear(box, h('p', { class: 'error' }, errorText(e)));
    return;
  }
  document.title = `${at('acc.report.title')} ${dayText(day)}`;
  const head = h('header', { class: 'acc-report-head' }, h('h2', null, `${at('acc.report.title')} — ${dayText(day)}`),
    h('p', { class: 'muted' }, at('acc.report.generated', { at: stamp(data.generatedAt) })));
  const controls = h('div', { class: 'row acc-noprint' }, h('label', { class: 'acc-field' }, h('span', null, at('acc.report.day')), picker),
    h('button', { class: 'btn primary', id: 'acc-print', onclick: () => window.print() }, at('acc.report.print')));
  if ('deidentified' in data) {
    clear(box, controls, h('article', { class: 'acc-report', id: 'acc-report' }, head, deidentifiedView(data.deidentified, data.generatedAt)));
    return;
  }
  const s = data.recorded;
  clear(box, controls,
    h('article', { class: 'acc-report', id: 'acc-report' }, head,
      h('div', { class: 'acc-kpis' }, FIGS.map((f) => kpi(f, s.totals[f], null))),
      ratesAndTimes(s),
      table(at('acc.byUnit'), 'acc-report-units', at('acc.unit'), s.byUnit.map((u) => [u.unit ?? at('acc.unknown'), u])),
      table(at('acc.byStatus'), 'acc-report-status', at('acc.category'), s.byStatus.map((u) => [at(`acc.status.${u.status}` as AccKey), u])),
      h('p', null, at('acc.tq.converted', { n: s.tourniquets.convertedWithin2h, of: s.tourniquets.count }), ' · ', `${at('acc.vehiclesLost')}: ${s.vehiclesLost}`),
      h('p', { class: 'muted small' }, at('acc.source'))));
}
