// Recording an outcome at the facility, safely: no outcome is pre-selected; before the patient has arrived here an
// outcome needs a reason; the nurse confirms once; a running tourniquet is pointed out (removed or converted here)
// before the case closes; and the last step recorded here — the outcome, a surgery start, an arrival — is undone in
// one tap for ten minutes (a void of it).
import { h } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { Outcome } from '../../../src/core/index.ts';
import type { CasualtyState, EventType, PayloadOf } from '../../../src/core/index.ts';
import { dur, stamp } from '../fmt.ts';
import { ft } from './i18n.ts';
import { serverNow } from '../sync/clock.ts';

type OutcomeCode = (typeof Outcome.options)[number];
export interface OutcomeDraft {
  outcome: OutcomeCode | '';
  reason: string;
  confirming: boolean;
}
export type Rec = <T extends EventType>(type: T, payload: PayloadOf<T>) => Promise<unknown>;

const UNDO_MS = 10 * 60_000;
/**
 * A tap on an undo within this long of the last one is dropped: the card redraws between the two taps of a double tap,
 * and the second would land on the new undo of the step before (one slip, two steps taken back).
 */
const UNDO_GAP_MS = 1000;
let lastUndo = -Infinity;

/**
 * The controls for one patient. `drafts` survives the re-renders that live updates bring. `arrivalWaits`: this desk's
 * arrival of the patient is in its outbox — the patient is here, and the arrival is sent first (the outbox sends a
 * casualty's records in one batch, in the order recorded), so no reason is asked for (session 37: it was).
 */
export function outcomeControls(id: string, s: CasualtyState, facilityId: string, who: string, drafts: Map<string, OutcomeDraft>, rec: Rec, redraw: () => void, arrivalWaits = false): HTMLElement {
  if (s.stage === 'closed') {
    return h('div', { class: 'row wrap' },
      // Said what it is and when ("Outcome: Died of wounds · 07.12 19:42 UTC"): a bare bold word named neither.
      h('strong', { 'data-closed-outcome': id }, s.outcome ? `${ft('outcome.label')}: ${tc('outcome', s.outcome.outcome)} · ${stamp(s.outcome.at)}` : ''),
      stepUndo(id, s, facilityId, rec));
  }
  const d = drafts.get(id) ?? { outcome: '', reason: '', confirming: false };
  drafts.set(id, d);
  const here = arrivalWaits || ((s.stage === 'at-facility' || s.stage === 'in-surgery') && s.facilityId === facilityId);
  if (here && d.outcome === 'killed-in-action') Object.assign(d, { outcome: '', confirming: false }); // chosen before the arrival: no longer offered
  const ready = d.outcome !== '' && (here || d.reason.trim() !== '');
  const select = h('select', { 'data-outcome-select': id, 'aria-label': ft('outcome.label'), onchange: (e: Event) => { d.outcome = (e.target as HTMLSelectElement).value as OutcomeCode | ''; d.confirming = false; redraw(); } },
    h('option', { value: '', selected: d.outcome === '' }, ft('outcome.choose')),
    // Killed in action is a death before reaching care: at the desk, for a patient who arrived, it is a slip beside
    // "died of wounds" that counts in the wrong figure (the killed, the wounded-to-killed ratio).
    Outcome.options.filter((o) => !(here && o === 'killed-in-action')).map((o) => h('option', { value: o, selected: o === d.outcome }, tc('outcome', o))));
  const reason = here ? null : h('label', { class: 'field' }, h('span', null, ft('outcome.notArrived')),
    h('input', { 'data-outcome-reason': id, value: d.reason, maxlength: 300, placeholder: ft('outcome.reason'), 'aria-label': ft('outcome.reason'),
      oninput: (e: Event) => { d.reason = (e.target as HTMLInputElement).value; button.disabled = !(d.outcome !== '' && d.reason.trim() !== ''); } }));
  const button = h('button', { class: 'btn', 'data-outcome': id, disabled: !ready, onclick: () => { d.confirming = true; redraw(); } }, t('facility.outcome'));
  const running = s.tourniquets.filter((q) => q.running);
  const tqWarnings = running.map((q) => h('div', { class: 'tq-warning', 'data-tq-still-on': q.limb },
    h('p', null, '⚠ ', ft('tq.stillOn', { limb: tc('limb', q.limb), d: dur(q.minutes) })),
    h('div', { class: 'row wrap' },
      h('button', { class: 'btn', 'data-tq-removed-here': q.limb, onclick: () => void rec('tourniquet.removed', { applied: q.id }) }, ft('tq.removedHere')),
      h('button', { class: 'btn', 'data-tq-converted-here': q.limb, onclick: () => void rec('tourniquet.converted', { applied: q.id }) }, ft('tq.convertedHere')))));
  const confirm = d.confirming && d.outcome !== ''
    ? h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': ft('outcome.confirm', { outcome: tc('outcome', d.outcome), who }) },
        tqWarnings,
        h('p', null, ft('outcome.confirm', { outcome: tc('outcome', d.outcome), who })),
        h('div', { class: 'row wrap' },
          h('button', { class: 'btn', 'data-outcome-cancel': id, onclick: () => { d.confirming = false; redraw(); } }, ft('outcome.no')),
          h('button', { class: 'btn danger', 'data-outcome-confirm': id, onclick: () => {
            const outcome = d.outcome as OutcomeCode;
            drafts.delete(id);
            void rec('outcome', { outcome, facilityId, ...(here ? {} : { detail: ft('outcome.beforeArrival', { reason: d.reason.trim() }) }) });
          } }, ft('outcome.yes'))))
    : null;
  return h('div', { class: 'outcome-box' }, h('div', { class: 'row wrap' }, select, button), reason, confirm);
}

/**
 * "Undo" of the last step recorded here — arrival, surgery started or the outcome — while it is recent: one tap, a
 * void of it, shown beside the card as a correction. Arrival and surgery started had none (a void with a typed reason
 * on the timeline), yet each is a single tap that lands as easily on the wrong patient's card.
 */
export function stepUndo(id: string, s: CasualtyState, facilityId: string, rec: Rec): HTMLElement | null {
  const step = s.chain.at(-1); // an outcome is the last step of a closed case
  if (step?.facilityId !== facilityId || step.kind === 'pickup' || serverNow() - Date.parse(step.at) >= UNDO_MS) return null;
  // The button says what it takes back in the words that recorded it: "Undo “Arrived”".
  const what = step.kind === 'outcome' ? tc('outcome', s.outcome?.outcome ?? '') : t(step.kind === 'arrival' ? 'facility.arrival' : 'facility.surgery');
  return h('button', { class: 'btn', [step.kind === 'outcome' ? 'data-outcome-undo' : 'data-step-undo']: id, onclick: () => {
    if (performance.now() - lastUndo < UNDO_GAP_MS) return;
    lastUndo = performance.now();
    void rec('void', { target: step.eventId, reason: ft('undoReason') });
  } },
    '↶ ', ft('step.undo', { step: what }));
}
