// Tables built from column specs, beside the form builder: every list screen (casualties, the administrator's
// entities, staffing gaps) gets the same accessible table — column headers with scope, sortable columns as buttons
// with aria-sort, 48 px rows, the first column as each row's header — and keeps its sort across live re-renders.
// On a phone (`stack` tables: class `cards`, style.css) each row becomes a card with its cells labelled and the sort
// buttons above. Not the class `stack`: that one is the app's vertical grid of buttons, and on a table it made the
// header row and the body two separate grid cells, each as wide as its own content (columns out of line at 1280 px).
import { h, clear } from '../dom.ts';

type Content = Node | string | number | null | undefined | (Node | string | null | undefined)[];
export type SortKey = string | number | null | undefined;

export interface Column<T> {
  key: string;
  label: string;
  cell(row: T): Content;
  /** The value this column sorts by; a column without one is not sortable. */
  sort?(row: T): SortKey;
}

export interface TableSpec<T> {
  id: string;
  columns: readonly Column<T>[];
  /** Attributes of a row (`data-…`, a class), so a screen and its tests can find it. */
  rowAttrs?(row: T): Record<string, string>;
  /** Shown instead of the table when there are no rows. */
  empty: string;
  className?: string;
  /** On a narrow screen show each row as a labelled card instead of a table wider than the screen. */
  stack?: boolean;
}

export type Direction = 'ascending' | 'descending';
export interface SortState {
  key: string;
  dir: Direction;
}

/**
 * Rows in the order of a column, stable (equal values keep the caller's order, e.g. most urgent first), blanks last
 * in either direction; numbers as numbers, text by the language's collation.
 */
export function sortRows<T>(rows: readonly T[], by: ((row: T) => SortKey) | undefined, dir: Direction, collator: Intl.Collator): T[] {
  if (!by) return [...rows];
  const keyed = rows.map((row, i) => ({ row, i, k: by(row) }));
  const blank = (k: SortKey): boolean => k === null || k === undefined || k === '';
  keyed.sort((a, b) => {
    if (blank(a.k) || blank(b.k)) return blank(a.k) === blank(b.k) ? a.i - b.i : blank(a.k) ? 1 : -1;
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k));
    return (dir === 'ascending' ? c : -c) || a.i - b.i;
  });
  return keyed.map((x) => x.row);
}

export interface BuiltTable<T> {
  el: HTMLElement;
  /** Draw these rows (in the caller's order, then the chosen sort). */
  render(rows: readonly T[]): void;
  sort(): SortState | null;
}

/** A table for `spec`; `lang` gives the collation of text columns. */
export function table<T>(spec: TableSpec<T>, lang: () => string): BuiltTable<T> {
  const el = h('div', { class: 'table-wrap', id: spec.id });
  let state: SortState | null = null;
  let last: readonly T[] = [];
  const toggle = (key: string): void => {
    state = state?.key === key ? { key, dir: state.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: 'ascending' };
    render(last);
    el.querySelector<HTMLButtonElement>(`th[data-col="${key}"] button`)?.focus();
  };
  const head = (c: Column<T>): HTMLElement => {
    const dir = state?.key === c.key ? state.dir : null;
    if (!c.sort) return h('th', { scope: 'col', 'data-col': c.key }, c.label);
    return h('th', { scope: 'col', 'data-col': c.key, 'aria-sort': dir ?? 'none' },
      h('button', { type: 'button', class: 'th-sort', onclick: () => toggle(c.key) },
        c.label, h('span', { 'aria-hidden': 'true', class: 'th-arrow' }, dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : '↕')));
  };
  function render(rows: readonly T[]): void {
    last = rows;
    if (!rows.length) return clear(el, h('p', { class: 'muted' }, spec.empty));
    const by = state ? spec.columns.find((c) => c.key === state!.key)?.sort : undefined;
    const sorted = sortRows(rows, by, state?.dir ?? 'ascending', new Intl.Collator(lang() === 'uk' ? 'uk-UA' : 'en-GB', { numeric: true }));
    const [first, ...rest] = spec.columns;
    clear(el, h('table', { class: `gh-table ${spec.stack ? 'cards' : ''} ${spec.className ?? ''}` },
      h('thead', null, h('tr', null, spec.columns.map(head))),
      h('tbody', null, sorted.map((row) => h('tr', spec.rowAttrs?.(row) ?? null,
        first ? h('th', { scope: 'row' }, first.cell(row)) : null,
        rest.map((c) => h('td', { 'data-col': c.key, 'data-label': c.label }, c.cell(row))))))));
  }
  return { el, render, sort: () => state };
}
