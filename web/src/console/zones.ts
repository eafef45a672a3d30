// Threat zones: draw a polygon on the map, name it, give it a time window; edit times or redraw later.
import { h, clear } from '../dom.ts';
import { t } from '../i18n.ts';
import { create, patch } from '../api.ts';
import type { ThreatZone, Position } from '../../../src/core/index.ts';
import { uuidv7 } from '../../../src/core/index.ts';
import type { ConsoleMap } from '../map/map.ts';
import { zoneNote } from '../fmt.ts';
import { errText } from '../ui/refusal.ts';

const toLocal = (iso?: string): string => {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};
/** "2026-03-01 14:05" (24-hour, local) → ISO; empty or unreadable → undefined. */
const fromLocal = (v: string): string | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/.exec(v.trim());
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};
// Plain text fields, not datetime-local: the browser would render that in its own 12/24-hour convention.
const when = (attrs: Record<string, string>): HTMLInputElement =>
  h('input', { type: 'text', inputmode: 'numeric', placeholder: t('zones.whenFormat'), pattern: '\\d{4}-\\d{2}-\\d{2} \\d{1,2}:\\d{2}', class: 'when', ...attrs });

export function zonesPanel(getMap: () => ConsoleMap | null, changed: () => void): { el: HTMLElement; render: (zs: ThreatZone[]) => void } {
  const list = h('div', { class: 'zones', id: 'zones' });
  const msg = h('p', { class: 'muted', id: 'zone-msg' });
  const err = h('p', { class: 'error' });
  const draw = (done: (poly: Position[]) => void): void => {
    const map = getMap();
    if (!map) return;
    map.drawPolygon((n) => (msg.textContent = t('zones.drawing', { n })), (poly) => {
      msg.textContent = '';
      if (poly.length >= 3) done(poly);
    });
  };
  const name = h('input', { placeholder: t('zones.name'), id: 'zone-name' });
  const from = when({ id: 'zone-from', 'aria-label': t('zones.from') });
  const to = when({ id: 'zone-to', 'aria-label': t('zones.to') });
  const save = (p: Promise<unknown>): void => {
    err.textContent = '';
    p.then(changed).catch((e: unknown) => (err.textContent = errText(e)));
  };
  const el = h('div', { class: 'zones-panel' },
    h('div', { class: 'row wrap' }, h('h3', null, t('zones.title')), zoneNote()), // the times typed read in it
    h('div', { class: 'row wrap' }, name, h('label', null, t('zones.from'), from), h('label', null, t('zones.to'), to),
      h('button', { class: 'btn small primary', id: 'zone-draw', onclick: () => draw((polygon) => save(create<ThreatZone>('threat-zones', {
        id: `zone-${uuidv7().slice(-8)}`, polygon, ...(name.value.trim() ? { name: name.value.trim() } : {}),
        ...(fromLocal(from.value) ? { from: fromLocal(from.value) } : {}), ...(fromLocal(to.value) ? { to: fromLocal(to.value) } : {}),
      }))) }, t('zones.draw')),
      h('button', { class: 'btn small', id: 'zone-finish', onclick: () => getMap()?.finishDrawing() }, t('zones.finish'))),
    msg, err, list);
  const render = (zs: ThreatZone[]): void => {
    if (!zs.length) return clear(list, h('p', { class: 'muted' }, t('zones.none')));
    clear(list, zs.map((z) => {
      const f = when({ value: toLocal(z.from), 'aria-label': t('zones.from') });
      const u = when({ value: toLocal(z.to), 'aria-label': t('zones.to') });
      const n = h('input', { value: z.name ?? '', 'aria-label': t('zones.name') });
      return h('div', { class: 'zone row wrap', 'data-zone': z.id },
        n, f, u,
        h('button', { class: 'btn small', onclick: () => save(patch<ThreatZone>('threat-zones', z.id, { name: n.value.trim() || undefined, from: fromLocal(f.value), to: fromLocal(u.value) })) }, t('common.save')),
        h('button', { class: 'btn small', onclick: () => draw((polygon) => save(patch<ThreatZone>('threat-zones', z.id, { polygon }))) }, t('zones.redraw')));
    }));
  };
  return { el, render };
}
