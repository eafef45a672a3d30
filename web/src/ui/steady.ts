// A live screen re-renders on every update. Two moments must not be re-rendered under the user: typing in a field
// (the text and the caret would be lost) and a press in progress — a tap whose pointerdown landed on a button that a
// re-render replaces before pointerup makes no click, so "Arrived" tapped while an update lands would be lost. A
// render asked for meanwhile waits until the field is left or the press ends.

/** How long a focused select holds a live screen's render (the console's vehicle choice). */
export const SELECT_HOLD_MS = 15_000;
/** How long a press holds a render at most: a finger or palm that stays down must not freeze the screen. */
export const PRESS_HOLD_MS = 4_000;
/** A touch's click comes after the finger lifts (the browser's tap gesture): how long to wait for it. */
const TAP_CLICK_MS = 400;

/** What holds a render besides a press: `selects` (all, or those a selector names) and `fields` (false: none). */
export type SteadyOptions = { selects?: true | string; fields?: false };

// How many renders wait on an element: two on one element (the console's whole render and its plan-only one) each
// mark it, and the mark stays until the last lets go.
const waiting = new WeakMap<HTMLElement, number>();
function mark(root: HTMLElement, by: 1 | -1): void {
  const n = (waiting.get(root) ?? 0) + by;
  waiting.set(root, n);
  root.toggleAttribute('data-held', n > 0);
}

/**
 * Wrap `render` so that it is held while a field inside `root` has focus or a press that began inside it is in
 * progress (the press may end anywhere). `stop` removes the listeners outside `root`; a render asked for after it
 * does nothing (the screen is gone, and `root` may be the next screen's).
 */
export function steadyRender(root: HTMLElement, render: () => void, o: SteadyOptions = {}): { render: () => void; stop: () => void } {
  let held = false;
  let pressing = false;
  let stopped = false;
  let since = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pressTimer: ReturnType<typeof setTimeout> | undefined;
  // `selects`: a select in use is held too (a re-render replaced it and closed its list under the cursor) — but for
  // SELECT_HOLD_MS at most: a select left focused after a choice must not hide a burst's new casualties for minutes.
  // A string names the selects the render rebuilds (a select it leaves alone holds nothing).
  const choosing = (el: Element | null): boolean => !!o.selects && el instanceof HTMLSelectElement && root.contains(el) &&
    (o.selects === true || el.matches(o.selects)) && Date.now() - since < SELECT_HOLD_MS;
  // `fields: false`: the render leaves every field as it is (the casualty card's forms are built once), so typing
  // holds nothing and the medic's own records show at once.
  const typing = (el: Element | null): boolean => o.fields !== false && el instanceof HTMLInputElement && root.contains(el);
  const busy = (el = document.activeElement): boolean => pressing || typing(el) || choosing(el);
  function steady(): void {
    if (stopped) return;
    const was = held;
    if (!was) since = Date.now();
    held = busy();
    clearTimeout(timer);
    if (held && choosing(document.activeElement)) timer = setTimeout(steady, SELECT_HOLD_MS - (Date.now() - since) + 50);
    // Marked on the element while a render waits (what a test or a developer can see).
    if (held !== was) mark(root, held ? 1 : -1);
    if (!held) render();
  }
  // After the click being dispatched, if any; a click handler that painted meanwhile has let the hold go.
  const later = (): void => void (held && setTimeout(() => held && steady(), 0));
  /** The press is over (its click dispatched, or none will come): what waited renders. */
  const end = (): void => {
    if (!pressing) return;
    pressing = false;
    clearTimeout(pressTimer);
    later();
  };
  const down = (e: PointerEvent): void => {
    if (!e.isPrimary || e.button !== 0) return; // a second finger, a right button: no tap of the first to protect
    pressing = true;
    clearTimeout(pressTimer);
    pressTimer = setTimeout(end, PRESS_HOLD_MS);
  };
  // A mouse's pointerup, mouseup and click come in one task: the press ends there. A touch's click comes later, hit
  // where the finger was at that moment: a render before it could have put another button there (a casualty added
  // above the one tapped), so a touch's press ends at its click, or TAP_CLICK_MS after the lift if none comes.
  const up = (e: PointerEvent): void => {
    if (!pressing || !e.isPrimary) return;
    if (e.pointerType === 'mouse') return end();
    clearTimeout(pressTimer);
    pressTimer = setTimeout(end, TAP_CLICK_MS);
  };
  const off = new AbortController();
  const opts = { capture: true, signal: off.signal };
  root.addEventListener('pointerdown', down, opts);
  window.addEventListener('pointerup', up, opts);
  for (const ev of ['pointercancel', 'click', 'contextmenu'] as const) window.addEventListener(ev, end, opts);
  // The app left mid-press (another app, the notification shade): no pointerup may ever come. (Not captured: an
  // element's blur, seen on window only in capture, is the press itself taking focus from a field.)
  window.addEventListener('blur', end, { signal: off.signal });
  document.addEventListener('visibilitychange', end, { signal: off.signal });
  root.addEventListener('focusout', later, { signal: off.signal });
  return {
    render: steady,
    stop: () => {
      stopped = true;
      off.abort();
      clearTimeout(timer);
      clearTimeout(pressTimer);
      if (held) mark(root, -1);
      held = false;
    },
  };
}

/**
 * A live screen that reads (IndexedDB, the server) and then paints. The read may run under a finger; the paint waits
 * for the lift (a render held only while it was asked for still rebuilt the list under a finger that came down during
 * its read). Of reads that overlap, only the newest paints; after `stop`, none.
 */
export function steadyLoad<T>(root: HTMLElement, read: () => Promise<T>, paint: (data: T) => void, o: SteadyOptions = {}): { load: () => void; stop: () => void } {
  let data: { value: T } | null = null;
  const steady = steadyRender(root, () => data && paint(data.value), o);
  let reads = 0;
  return {
    load: () => {
      const mine = ++reads;
      void read().then((value) => {
        if (mine !== reads) return;
        data = { value };
        steady.render();
      });
    },
    stop: () => {
      reads++;
      steady.stop();
    },
  };
}
