// The desk's own facility: free beds and operating tables, status and intake, saved to the server.
// Desk night review: a double tap on "−" stored one decrement (both taps read the count drawn before either was
// saved), and a redraw from the stream between two taps showed the value before the second. Each tap now counts from
// the count last asked for; the saves go one after another (each sends the whole count); the count asked for shows,
// marked "saving…", until the server's copy is at least as new as the last save. A save the server did not take
// (offline) says so, and the controls show the server's values again.
import { h, clear } from '../dom.ts';
import { t, tc, getLang } from '../i18n.ts';
import { patch } from '../api.ts';
import type { Facility } from '../../../src/core/index.ts';
import { stamp } from '../fmt.ts';
import { serverNowIso } from '../sync/clock.ts';
import { errText } from '../ui/refusal.ts';
import { ft } from './i18n.ts';

type Count = 'bedsAvailable' | 'tablesAvailable';

/** How the free beds may be stale: patients here who arrived after the counts were saved (each arrival's time). */
export interface Here { arrivedAt: readonly string[] }

export function statusSection(box: HTMLElement, redraw: () => void): { render(f: Facility, here: Here): void } {
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
  /** The facility last drawn: a tap counts from it (its buttons outlive the draws). */
  let current: Facility | undefined;
  const stepper = (label: string, field: Count, id: string): { el: HTMLElement; draw(f: Facility): void } => {
    const heldOf = (f: Facility): number => f[field] ?? (field === 'bedsAvailable' ? f.beds : f.surgicalTables);
    const maxOf = (f: Facility): number => (field === 'bedsAvailable' ? f.beds : f.surgicalTables);
    const set = (n: number): void => {
      if (!current) return;
      const next = Math.max(0, Math.min(maxOf(current), (asked.get(field) ?? heldOf(current)) + n));
      asked.set(field, next);
      save(current, { [field]: next });
      redraw();
    };
    const out = h('output', null, '');
    // Its line is kept when empty: "saving…" made this stepper taller than its neighbour for a moment (session 37).
    const note = h('span', { class: 'muted small stepper-note' }, '');
    const el = h('div', { class: 'stepper', id },
      h('span', null, label),
      h('button', { class: 'btn', 'aria-label': `${label} −1`, onclick: () => set(-1) }, '−'),
      out,
      h('button', { class: 'btn', 'aria-label': `${label} +1`, onclick: () => set(1) }, '+'),
      note);
    return {
      el,
      draw(f) {
        const held = heldOf(f);
        if (!inFlight && ((f.updatedAt ?? '') >= lastSent || asked.get(field) === held)) asked.delete(field); // the server's copy caught up
        const saving = asked.has(field) && asked.get(field) !== held;
        out.textContent = `${asked.get(field) ?? held} / ${maxOf(f)}`;
        el.toggleAttribute('data-saving', saving);
        note.textContent = saving ? ft('status.saving') : '';
      },
    };
  };
  // Anything but "normal" is asked once: "intake: not accepting" set by a slip sends the wounded elsewhere. Back to
  // normal is saved at once (it undoes such a slip).
  const askBox = h('div');
  const sel = <K extends 'status' | 'intake'>(field: K, label: string, opts: readonly string[], prefix: string): { el: HTMLSelectElement; draw(f: Facility): void } => {
    const el = h('select', { id: `fac-${field}`, onchange: () => {
      const f = current;
      const value = el.value;
      if (!f) return;
      // One question at a time, about the select just changed: the other shows what is saved again.
      clear(askBox);
      if (built) for (const p of built.parts) p.draw(f);
      el.value = value;
      if (value === 'normal') return save(f, { [field]: value });
      const answer = (yes: boolean) => (): void => {
        clear(askBox);
        if (yes) save(f, { [field]: value });
        else el.value = current?.[field] ?? opts[0]!;
      };
      clear(askBox, h('div', { class: 'row wrap', role: 'alertdialog', 'aria-labelledby': 'fac-ask-q', id: 'fac-ask', 'data-ask': field },
        h('span', { id: 'fac-ask-q' }, ft('status.ask', { what: label, value: tc(prefix, value) })),
        h('button', { class: 'btn primary', id: 'fac-ask-no', onclick: answer(false) }, ft('status.keep')),
        h('button', { class: 'btn', id: 'fac-ask-yes', onclick: answer(true) }, ft('status.yes', { value: tc(prefix, value) }))));
    } }, opts.map((o) => h('option', { value: o }, tc(prefix, o))));
    return { el, draw: (f) => void (el.value = f[field] ?? opts[0]!) };
  };
  /** Drawn once a facility and language: a live update changes text in place. A redraw that replaced the buttons lost
   *  a tap pressed before it and released after (the release fell on a new button: no click). */
  let built: { key: string; title: HTMLElement; notes: HTMLElement; parts: { draw(f: Facility): void }[] } | undefined;
  const build = (key: string): NonNullable<typeof built> => {
    const parts = [
      stepper(t('facility.beds'), 'bedsAvailable', 'beds'),
      stepper(t('facility.tables'), 'tablesAvailable', 'tables'),
      sel('status', t('facility.status'), ['normal', 'compromised', 'evacuating', 'closed'], 'fstatus'),
      sel('intake', t('facility.intake'), ['normal', 'advisory', 'closed'], 'intake'),
    ] as const;
    const title = h('h2', null, '');
    const notes = h('div', null);
    clear(askBox); // a question in the language before, or for the facility before, goes
    clear(box, title,
      h('div', { class: 'row wrap' }, parts[0].el, parts[1].el,
        h('label', null, t('facility.status'), ' ', parts[2].el),
        h('label', null, t('facility.intake'), ' ', parts[3].el)),
      askBox, notes);
    return { key, title, notes, parts: [...parts] };
  };
  return {
    render(f, here) {
      current = f;
      const key = `${f.id}\u0000${getLang()}`;
      if (built?.key !== key) built = build(key);
      built.title.textContent = `${f.name} (${f.role})`;
      for (const p of built.parts) p.draw(f);
      clear(built.notes,
        unsaved ? h('p', { class: 'error', role: 'alert', 'data-status-error': '' }, unsaved) : null,
        bedsNote(f, here),
        f.updatedAt ? h('p', { class: 'muted small' }, t('facility.updated', { time: stamp(f.updatedAt) })) : null);
    },
  };
}

/**
 * The free beds are typed by the desk; an arrival does not change them (a patient may go straight to surgery or on).
 * A patient who arrived after the counts were saved is said beside them, so the count is checked, not trusted stale.
 */
function bedsNote(f: Facility, here: Here): HTMLElement | null {
  const since = f.updatedAt ? here.arrivedAt.filter((at) => Date.parse(at) > Date.parse(f.updatedAt!)).length : here.arrivedAt.length;
  if (!since) return null;
  return h('p', { class: 'small warn', id: 'beds-since' }, f.updatedAt
    ? ft.n('status.arrivedSince', since, { time: stamp(f.updatedAt) })
    : ft.n('status.neverSaved', since));
}
