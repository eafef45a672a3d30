// Charts of the accounting screens, drawn by uPlot (MIT, small, no dependencies). The library is imported only when a
// chart is first shown, so it stays outside the JavaScript a phone loads before the map (web/test/budget.test.ts).
import type uPlotType from 'uplot';
import { h } from '../dom.ts';
import { at } from './i18n.ts';
import { dayText } from '../ui/day.ts';

type UPlotCtor = typeof uPlotType;
let loading: Promise<UPlotCtor> | null = null;
const lib = (): Promise<UPlotCtor> =>
  (loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')])
    .then(([m]) => (m as unknown as { default: UPlotCtor }).default)
    // A failed load (a flaky link, a chunk fetched while the service worker installs) is not kept: the next try loads.
    .catch((err: unknown) => {
      loading = null;
      throw err;
    }));

export interface Series {
  label: string;
  values: (number | null)[];
  colour: string;
  bars?: boolean;
}

const dayToSec = (d: string): number => Date.parse(`${d}T00:00:00Z`) / 1000;
/** The x range of a day chart: first to last day, or the day before to the day after when there is one day only. */
const dayRange = (xs: number[]): [number, number] => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? [lo - 86_400, hi + 86_400] : [lo, hi];
};
/** Tick and legend labels of a day axis: the UTC date, never a 12-hour clock. */
const dayIso = (sec: number): string => new Date(sec * 1000).toISOString().slice(0, 10);
/** Shown in the app's date format, "01.03.2026" (ui/day.ts); the data attributes keep the ISO day. */
const dayLabel = (sec: number | null): string => (sec === null ? '—' : dayText(dayIso(sec)));

/**
 * A chart over days (x: YYYY-MM-DD) or over categories (x: labels, drawn as bars). Returns its container at once;
 * the chart is drawn when uPlot has loaded. The numbers are always also in a table beside it (accessibility, print).
 */
export function chart(
  x: string[],
  series: Series[],
  opts: { id: string; title: string; xLabel: string; categorical?: boolean; height?: number; /** Axis titles with their units. */ xAxis?: string; yAxis?: string },
): HTMLElement {
  const box = h('figure', { class: 'acc-chart', id: opts.id, 'aria-label': opts.title, 'data-x-axis': opts.xAxis ?? null, 'data-y-axis': opts.yAxis ?? null },
    h('figcaption', null, opts.title), h('p', { class: 'muted' }, at('acc.chart.wait')));
  const axisTitle = (label: string | undefined) => (label ? { label, labelSize: 22, labelFont: 'bold 12px system-ui, sans-serif' } : {});
  const render = (uPlot: UPlotCtor): void => {
    box.querySelector('p.muted')?.remove();
    const width = Math.max(280, Math.min(900, (box.parentElement?.clientWidth ?? 340) - 8));
    const xs = opts.categorical ? x.map((_, i) => i) : x.map(dayToSec);
    const bars = uPlot.paths.bars?.({ size: [0.6, 60] });
    new uPlot(
      {
        width,
        height: opts.height ?? 220,
        // The days are UTC days (the API's): ticks at UTC midnight, so each is labelled with the day it stands on. In
        // the browser's zone a tick sat at local midnight, 22:00 UTC in Kyiv, and was labelled with the day before.
        tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        // One day alone: uPlot's own range around a lone instant spans years (2027–2029 ticks for a 2026 day).
        // So the x range is the data's own days, and a day before and after a lone one.
        scales: { x: { time: !opts.categorical, ...(opts.categorical || !xs.length ? {} : { range: (): [number, number] => dayRange(xs) }) } },
        axes: [
          {
            stroke: '#b8b8b8',
            grid: { stroke: '#333' },
            values: (_u: unknown, ticks: number[]) => {
              if (!opts.categorical) box.dataset.ticks = ticks.join(' ');
              return ticks.map((t) => (opts.categorical ? (x[t] ?? '') : dayLabel(t)));
            },
            // Whole days at least: a tick per hour would repeat the same date.
            incrs: opts.categorical ? [1] : [86_400, 7 * 86_400, 30 * 86_400, 91 * 86_400, 365 * 86_400],
            ...axisTitle(opts.xAxis),
          },
          // Counts of people and tourniquets: whole-number ticks only.
          { stroke: '#b8b8b8', grid: { stroke: '#333' }, size: 64, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 100_000], ...axisTitle(opts.yAxis) },
        ],
        series: [
          { label: opts.xLabel, value: (_u: unknown, v: number | null) => (v === null ? '—' : opts.categorical ? (x[v] ?? '') : dayLabel(v)) },
          ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 2, ...(s.bars && bars ? { paths: bars, fill: s.colour } : {}) })),
        ],
        legend: { show: true },
        // Drawn: and the x range drawn, as days, so what the axis spans can be checked (its ticks are on the canvas).
        hooks: { ready: [(u: uPlotType) => {
          const { min, max } = u.scales.x ?? {};
          if (!opts.categorical && min != null && max != null) Object.assign(box.dataset, { xFrom: dayIso(min), xTo: dayIso(max) });
          box.dataset.drawn = 'true';
        }] },
      },
      [xs, ...series.map((s) => s.values)],
      box,
    );
  };
  // Up to three tries a second apart; the table beside the chart carries the numbers whatever happens.
  const draw = (triesLeft: number): void =>
    void lib().then(render, () => (triesLeft > 0 ? void setTimeout(() => draw(triesLeft - 1), 1000) : void (box.dataset.drawn = 'failed')));
  draw(2);
  return box;
}
