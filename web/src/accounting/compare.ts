// Claimed vs evidenced per category over time, with the caveats printed beside the numbers and both sources named.
import { h, clear } from '../dom.ts';
import { api } from '../api.ts';
import { CATEGORIES } from '../../../src/core/claims.ts';
import type { Comparison } from '../../../src/accounting/compare.ts';
import { at, code, errorText } from './i18n.ts';
import type { AccKey } from './i18n.ts';
import { chart } from './charts.ts';
import { dayText } from '../ui/day.ts';
import { langTag } from '../fmt.ts';

let category = 'tank';
const n = (x: number | null, digits = 0): string => x === null ? '—' : new Intl.NumberFormat(langTag(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(x);
const EQUIPMENT = CATEGORIES.filter((c) => !['personnel', 'prisoners', 'civilians', 'other'].includes(c));

export async function compareView(box: HTMLElement): Promise<void> {
  const pick = h('select', { id: 'cmp-category', class: 'acc-input', onchange: () => ((category = pick.value), void compareView(box)) },
    EQUIPMENT.map((c) => h('option', { value: c, ...(c === category ? { selected: true } : {}) }, code(c))));
  clear(box, h('label', { class: 'acc-field' }, h('span', null, at('acc.category')), pick), h('p', { class: 'muted' }, at('acc.loading')));
  let c: Comparison;
  try {
    c = await api<Comparison>(`/api/accounting/compare?category=${encodeURIComponent(category)}`);
  } catch (e) {
    box.lastChild?.replaceWith(h('p', { class: 'error' }, errorText(e)));
    return;
  }
  const last = [...c.points].reverse().find((p) => p.ratio !== null);
  box.lastChild?.remove();
  box.append(
    c.points.length === 0 ? h('p', { class: 'muted', id: 'cmp-empty' }, at('acc.cmp.empty')) :
      chart(c.points.map((p) => p.date), [
        { label: at('acc.cmp.claimed'), values: c.points.map((p) => p.claimed), colour: '#ff9f0a' },
        { label: at('acc.cmp.evidenced'), values: c.points.map((p) => p.evidenced), colour: '#64d2ff' },
      ], { id: 'cmp-chart', title: `${code(c.category)}: ${at('acc.tab.compare')}`, xLabel: at('acc.day') }),
    // In the reader's own figures: "08.08.2026: 0,333 (4 074 / 12 251)" in Ukrainian, not an ISO day and a point.
    last ? h('p', { id: 'cmp-ratio' }, at('acc.cmp.ratio', { date: dayText(last.date), ratio: n(last.ratio, 3) }), ` (${n(last.evidenced)} / ${n(last.claimed)})`) : '',
    h('section', { class: 'acc-caveats', id: 'cmp-caveats' }, h('h3', null, at('acc.cmp.caveats')), h('ul', null, c.caveats.map((x, i) => h('li', null, i < 5 ? at(`acc.cav.${i}` as AccKey) : x)))),
    h('section', { id: 'cmp-sources' }, h('h3', null, at('acc.cmp.sources')), h('ul', null, c.attribution.map((x) => h('li', null, x)))),
  );
}
