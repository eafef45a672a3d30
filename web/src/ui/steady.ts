// A live screen re-renders on every update. Two moments must not be re-rendered under the user: typing in a field
// (the text and the caret would be lost) and a press in progress — a tap whose pointerdown landed on a button that a
// re-render replaces before pointerup makes no click, so "Arrived" tapped while an update lands would be lost. A
// render asked for meanwhile waits until the field is left or the press ends.

/** How long a focused select holds a live screen's render (the console's vehicle choice). */
export const SELECT_HOLD_MS = 15_000;

/**
 * Wrap `render` so that it is held while a field inside `root` has focus or a press that began inside it is in
 * progress (the press may end anywhere). `stop` removes the listeners outside `root`.
 */
export function steadyRender(root: HTMLElement, render: () => void, o: { selects?: true; fields?: false } = {}): { render: () => void; stop: () => void } {
  let held = false;
  let pressing = false;
  let since = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // `selects`: a select in use is held too (a re-render replaced it and closed its list under the cursor) — but for
  // SELECT_HOLD_MS at most: a select left focused after a choice must not hide a burst's new casualties for minutes.
  const choosing = (el: Element | null): boolean => !!o.selects && el instanceof HTMLSelectElement && root.contains(el) && Date.now() - since < SELECT_HOLD_MS;
  // `fields: false`: the render leaves every field as it is (the casualty card's forms are built once), so typing
  // holds nothing and the medic's own records show at once.
  const typing = (el: Element | null): boolean => o.fields !== false && el instanceof HTMLInputElement && root.contains(el);
  const busy = (el = document.activeElement): boolean => pressing || typing(el) || choosing(el);
  // After the click that ends a press has been dispatched (pointerup, mouseup and click come in one task).
  const later = (): void => void (held && setTimeout(steady, 0));
  function steady(): void {
    const was = held;
    if (!was) since = Date.now();
    held = busy();
    clearTimeout(timer);
    if (held && choosing(document.activeElement)) timer = setTimeout(steady, SELECT_HOLD_MS - (Date.now() - since) + 50);
    // Marked on the element while a render waits (what a test or a developer can see).
    if (held !== was) root.toggleAttribute('data-held', held);
    if (!held) render();
  }
  const released = (): void => {
    if (!pressing) return;
    pressing = false;
    later();
  };
  const off = new AbortController();
  root.addEventListener('pointerdown', () => void (pressing = true), { capture: true, signal: off.signal });
  for (const ev of ['pointerup', 'pointercancel'] as const) window.addEventListener(ev, released, { capture: true, signal: off.signal });
  root.addEventListener('focusout', later, { signal: off.signal });
  return { render: steady, stop: () => { off.abort(); clearTimeout(timer); } };
}
