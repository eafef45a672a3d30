// The desk's own facility: free beds and operating tables, status and intake, saved to the server.
// Desk night review: a double tap on "−" stored one decrement (both taps read the count drawn before either was
// saved), and a redraw from the stream between two taps showed the value before the second. Each tap now counts from
// the count last asked for; the saves go one after another (each sends the whole count); the count asked for shows,
// marked "saving…", until the server's copy is at least as new as the last save. A save the server did not take
// (offline) says so, and the controls show the server's values again.
import { h, clear } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { patch } from '../api.ts';
import type { Facility } from '../../../src/core/index.ts';
import { stamp } from '../fmt.ts';
import { serverNowIso } from '../sync/clock.ts';
import { errText } from '../ui/refusal.ts';
import { ft } from './i18n.ts';

type Count = 'bedsAvailable' | 'tablesAvailable';

export function statusSection(box: HTMLElement, redraw: () => void): { render(f: Facility): void } {
  /** Why the last change was not saved ('' when it was). */
  let unsaved = '';
  /** The counts asked for and not yet seen back from the server. */
  const asked = new Map<Count, number>();
  /** Saves go one after another: each carries a whole count, so a later one must land last. */
  let queue: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  /** The `updatedAt` of the last save sent: the server's copy is current once it is this new. */
  let lastSent = '';
  const save = (f: Facility, change: Partial<Facility>): void => {
    const updatedAt = (lastSent = serverNowIso());
    inFlight++;
    queue = queue.then(() => patch<Facility>('facilities', f.id, { ...change, updatedAt }).then(() => '', errText)).then((why) => {
      inFlight--;
      // A refused save: the counts asked for after it went with it (the server holds neither); show its values.
      if (why) asked.clear();
      // A save taken shows when the stream brings it (a render now would show the value before it, for a moment).
      if (!why && !unsaved) return;
      unsaved = why;
      redraw();
    });
  };
  const counter = (f: Facility, label: string, field: Count, max: number, id: string): HTMLElement => {
    const held = f[field] ?? (field === 'bedsAvailable' ? f.beds : f.surgicalTables);
    if (!inFlight && ((f.updatedAt ?? '') >= lastSent || asked.get(field) === held)) asked.delete(field); // the server's copy caught up
    const v = asked.get(field) ?? held;
    const saving = asked.has(field) && asked.get(field) !== held;
    const set = (n: number): void => {
      const next = Math.max(0, Math.min(max, (asked.get(field) ?? held) + n));
      asked.set(field, next);
      save(f, { [field]: next });
      redraw();
    };
    return h('div', { class: 'stepper', id, ...(saving ? { 'data-saving': '' } : {}) },
      h('span', null, label),
      h('button', { class: 'btn', 'aria-label': `${label} −1`, onclick: () => set(-1) }, '−'),
      h('output', null, `${v} / ${max}`),
      h('button', { class: 'btn', 'aria-label': `${label} +1`, onclick: () => set(1) }, '+'),
      // Its line is kept when empty: "saving…" made this stepper taller than its neighbour for a moment (session 37).
      h('span', { class: 'muted small stepper-note' }, saving ? ft('status.saving') : ''));
  };
  const sel = <K extends 'status' | 'intake'>(f: Facility, field: K, opts: readonly string[], prefix: string): HTMLSelectElement =>
    h('select', { id: `fac-${field}`, onchange: (e: Event) => save(f, { [field]: (e.target as HTMLSelectElement).value }) },
      opts.map((o) => h('option', { value: o, selected: f[field] === o }, tc(prefix, o))));
  return {
    render(f) {
      clear(box,
        h('h2', null, `${f.name} (${f.role})`),
        h('div', { class: 'row wrap' },
          counter(f, t('facility.beds'), 'bedsAvailable', f.beds, 'beds'),
          counter(f, t('facility.tables'), 'tablesAvailable', f.surgicalTables, 'tables'),
          h('label', null, t('facility.status'), ' ', sel(f, 'status', ['normal', 'compromised', 'evacuating', 'closed'], 'fstatus')),
          h('label', null, t('facility.intake'), ' ', sel(f, 'intake', ['normal', 'advisory', 'closed'], 'intake'))),
        unsaved ? h('p', { class: 'error', role: 'alert', 'data-status-error': '' }, unsaved) : null,
        f.updatedAt ? h('p', { class: 'muted small' }, t('facility.updated', { time: stamp(f.updatedAt) })) : null);
    },
  };
}
