// Threat zones: draw a polygon on the map, name it, give it a time window; edit times or redraw later.
import { h, clear } from '../dom.ts';
import { t } from '../i18n.ts';
import { create, patch } from '../api.ts';
import type { ThreatZone, Position } from '../../../src/core/index.ts';
import { uuidv7 } from '../../../src/core/index.ts';
import type { ConsoleMap } from '../map/map.ts';
import { zoneNote } from '../fmt.ts';
import { serverNow } from '../sync/clock.ts';
import { whenRead, whenText } from './when.ts';
import { errText } from '../ui/refusal.ts';

// Plain text fields, not datetime-local: the browser would render that in its own 12/24-hour convention. The app's
// one format (when.ts): "14:05" today, "03.12 14:05" another day (the corrected clock says which day is today).
const when = (attrs: Record<string, string>): HTMLInputElement =>
  h('input', { type: 'text', inputmode: 'numeric', placeholder: t('zones.whenFormat'), class: 'when', ...attrs });
/** A field's time; one that reads as no time is marked and refused (it was dropped silently: the zone saved unbounded). */
const read = (input: HTMLInputElement): string | undefined => {
  const v = whenRead(input.value, serverNow());
  input.classList.toggle('invalid', v === null);
  input.setAttribute('aria-invalid', String(v === null));
  if (v === null) throw new Error(`${t('zones.whenFormat')}: ${input.value}`);
  return v;
};

/** Every field with its name shown above it (the zones' fields were named to screen readers only, by placeholders). */
const field = (label: string, input: HTMLInputElement): HTMLElement => h('label', { class: 'zone-field' }, h('span', null, label), input);

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
  const name = h('input', { id: 'zone-name' });
  const from = when({ id: 'zone-from' });
  const to = when({ id: 'zone-to' });
  const save = (p: () => Promise<unknown>): void => {
    err.textContent = '';
    Promise.resolve().then(p).then(changed).catch((e: unknown) => (err.textContent = errText(e)));
  };
  const el = h('div', { class: 'zones-panel' },
    h('div', { class: 'row wrap' }, h('h3', null, t('zones.title')), zoneNote()), // the times typed read in it
    h('div', { class: 'row wrap' }, field(t('zones.name'), name), field(t('zones.from'), from), field(t('zones.to'), to),
      h('button', { class: 'btn small primary', id: 'zone-draw', onclick: () => draw((polygon) => save(() => {
        const [f, u] = [read(from), read(to)];
        return create<ThreatZone>('threat-zones', { id: `zone-${uuidv7().slice(-8)}`, polygon, ...(name.value.trim() ? { name: name.value.trim() } : {}), ...(f ? { from: f } : {}), ...(u ? { to: u } : {}) });
      })) }, t('zones.draw')),
      h('button', { class: 'btn small', id: 'zone-finish', onclick: () => getMap()?.finishDrawing() }, t('zones.finish'))),
    msg, err, list);
  const render = (zs: ThreatZone[]): void => {
    if (!zs.length) return clear(list, h('p', { class: 'muted' }, t('zones.none')));
    clear(list, zs.map((z) => {
      const now = serverNow();
      const f = when({ value: whenText(z.from, now) });
      const u = when({ value: whenText(z.to, now) });
      // A field left as shown keeps the zone's own instant (its seconds, say), not the minute it reads as.
      const kept = (input: HTMLInputElement, iso: string | undefined): string | undefined => (input.value === whenText(iso, now) ? iso : read(input));
      const n = h('input', { value: z.name ?? '' });
      return h('div', { class: 'zone row wrap', 'data-zone': z.id },
        field(t('zones.name'), n), field(t('zones.from'), f), field(t('zones.to'), u),
        h('button', { class: 'btn small', onclick: () => save(() => patch<ThreatZone>('threat-zones', z.id, { name: n.value.trim() || undefined, from: kept(f, z.from), to: kept(u, z.to) })) }, t('common.save')),
        h('button', { class: 'btn small', onclick: () => draw((polygon) => save(() => patch<ThreatZone>('threat-zones', z.id, { polygon }))) }, t('zones.redraw')));
    }));
  };
  return { el, render };
}
