// The board's order held while the dispatcher is at it: a more urgent casualty arriving re-sorted the board under the
// cursor, so a click meant for one row landed on another. While the pointer is over the board or a control in it has
// focus, the rows stay in the order they were shown and a new casualty waits behind "N new — show" (an urgent one is
// announced, not hidden silently); leaving the board, that button, or the cap shows them. The button has its own line
// above the rows (it floated over the first one, hiding the row a dispatcher was reading). On touch there is no pointer
// leave: a tap holds the board only while its press lasts (steady.ts), not for the focus it leaves behind.
import { h, clear } from '../dom.ts';
import type { Evacuation } from '../api.ts';
import { SELECT_HOLD_MS } from '../ui/steady.ts';
import { casualtyName } from '../fmt.ts';
import { cs } from './console-i18n.ts';

/** How long new casualties may wait behind the button while the board is held: as long as a select holds it. */
export const BOARD_HOLD_MS = SELECT_HOLD_MS;

/** Urgent enough to be announced at once, even while the board is held (precedence A or B, or triage T1). */
const urgent = (e: Evacuation): boolean => e.precedence === 'urgent' || e.precedence === 'urgent-surgical' || e.triage === 'T1';

/**
 * The urgent ones not shown yet: read out in full (an alert); shown as "⚠ names", since the line is short on a phone
 * and the sentence's words cut the names off.
 */
const urgentNote = (names: string, n: number): HTMLElement => h('p', { class: 'urgent-new', role: 'alert', 'data-board-urgent': n },
  h('span', { class: 'vh' }, cs('board.urgent', { names })), h('span', { 'aria-hidden': 'true' }, `⚠ ${n}: ${names}`)); // the count reads even when the names are cut

export interface BoardHold {
  /** The box that holds the board: a line of its own for the button (always there, so rows do not move for it), then the rows. */
  el: HTMLElement;
  /** The rows to show: by urgency when not held, else the order shown before (new ones wait, counted on the button). */
  arrange(sorted: Evacuation[]): Evacuation[];
  /** While the whole render waits (a press, a select in use: steady.ts), the new ones are counted on the button still. */
  note(sorted: Evacuation[]): void;
  stop(): void;
}

/**
 * `board` inside a holding box; `show` renders the screen (when the hold ends with something waiting); `lead` starts the
 * button's line (the board's count), so the line is not empty while nothing waits.
 */
export function boardHold(board: HTMLElement, show: () => void, lead?: HTMLElement): BoardHold {
  // A polite live region: "N new — show" is read out when it appears (an urgent one is an alert besides).
  const news = h('div', { class: 'board-news', role: 'status' });
  const el = h('div', { class: 'board-wrap' }, h('div', { class: 'board-bar' }, lead ?? null, news), board);
  let over = false;
  /** The focus in the board was left by a tap (not the keyboard): it holds nothing once the tap's action is done. */
  let tapped = false;
  /** The order last shown; whether what is shown differs from it by urgency now (new ones, or re-ranked). */
  let order: string[] = [];
  let behind = false;
  /** Since when the board has been behind (the cap counts from it). */
  let since = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Shown in full by the next render (the hold ended, or the button was pressed, with something waiting). */
  let released = false;
  let noted = false;
  // A focused select holds the whole render itself, capped (steady.ts): held here too, its cap would be doubled.
  const focused = (): boolean => !tapped && el.contains(document.activeElement) && !(document.activeElement instanceof HTMLSelectElement);
  const held = (): boolean => !released && order.length > 0 && (over || focused()) && !(since && Date.now() - since >= BOARD_HOLD_MS);
  const release = (): void => {
    if (!behind && !noted) return;
    released = true;
    show();
  };
  const off = new AbortController();
  const on = { signal: off.signal };
  // A finger does not hover: only a mouse or a pen resting on the board holds it.
  el.addEventListener('pointerenter', (ev) => void (over = ev.pointerType !== 'touch'), on);
  el.addEventListener('pointerleave', (ev) => {
    over = false;
    // A finger leaves as it lifts, before its click: the click (or the cancel of a scroll) releases, below.
    if (ev.pointerType !== 'touch' && !held()) release();
  }, on);
  /** A tap is under way (from its touch until its click has run): the focus it gives is a tap's. */
  let tapping = false;
  el.addEventListener('pointerdown', (ev) => void (tapped = tapping = ev.pointerType === 'touch'), { capture: true, signal: off.signal });
  // Focus given otherwise (the keyboard, a script) holds the board as before.
  el.addEventListener('focusin', () => void (tapping || (tapped = false)), { capture: true, signal: off.signal });
  el.addEventListener('keydown', () => void (tapped = false), { capture: true, signal: off.signal });
  // Once the tapped control's click has run (or the touch became a scroll): what waited is shown.
  const tapDone = (): void => void (tapped && setTimeout(() => {
    tapping = false;
    if (!held()) release();
  }, 0));
  el.addEventListener('click', tapDone, on);
  el.addEventListener('pointercancel', tapDone, on);
  el.addEventListener('focusout', (ev) => {
    if (!el.contains(ev.relatedTarget as Node | null)) setTimeout(() => !held() && release(), 0);
  }, on);
  let said = '';
  const say = (fresh: Evacuation[]): void => {
    const key = fresh.map((e) => e.casualtyId).join();
    if (key === said) return; // an alert said again on every update would drown the screen reader
    said = key;
    const loud = fresh.filter(urgent);
    clear(news, fresh.length ? h('div', null,
      h('button', { class: 'btn small primary', 'data-board-new': fresh.length, onclick: () => release() }, cs.n('board.new', fresh.length)),
      loud.length ? urgentNote(loud.map((e) => casualtyName(e.identity, e.casualtyId)).join(', '), loud.length) : null) : null);
  };
  return {
    el,
    arrange(sorted) {
      clearTimeout(timer);
      const keep = held();
      released = noted = false;
      if (!keep) {
        order = sorted.map((e) => e.casualtyId);
        behind = false;
        since = 0;
        say([]);
        return sorted;
      }
      const byId = new Map(sorted.map((e) => [e.casualtyId, e]));
      const kept = order.map((id) => byId.get(id)).filter((e): e is Evacuation => !!e);
      const shown = new Set(order);
      const fresh = sorted.filter((e) => !shown.has(e.casualtyId));
      behind = kept.length !== sorted.length || kept.some((e, i) => e !== sorted[i]);
      if (behind) {
        since ||= Date.now();
        timer = setTimeout(release, BOARD_HOLD_MS - (Date.now() - since) + 50);
      } else since = 0;
      say(fresh);
      return kept;
    },
    note(sorted) {
      if (!order.length) return;
      const shown = new Set(order);
      const fresh = sorted.filter((e) => !shown.has(e.casualtyId));
      noted = fresh.length > 0;
      if (!noted) return;
      // The cap counts from when the first of them came, the select's wait included: a select held under a pointer
      // resting on the board would otherwise keep them out twice as long (15 s, then 15 s more).
      since ||= Date.now();
      say(fresh);
    },
    stop: () => {
      off.abort();
      clearTimeout(timer);
    },
  };
}
