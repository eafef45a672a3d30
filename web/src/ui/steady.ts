// A live screen re-renders on every update. Two moments must not be re-rendered under the user: typing in a field
// (the text and the caret would be lost) and a press in progress — a tap whose pointerdown landed on a button that a
// re-render replaces before pointerup makes no click, so "Arrived" tapped while an update lands would be lost. A
// render asked for meanwhile waits until the field is left or the press ends.

/**
 * Wrap `render` so that it is held while a field inside `root` has focus or a press that began inside it is in
 * progress (the press may end anywhere). `stop` removes the listeners outside `root`.
 */
export function steadyRender(root: HTMLElement, render: () => void, o: { selects?: true } = {}): { render: () => void; stop: () => void } {
  let held = false;
  let pressing = false;
  // `selects`: a select in use is held too (a re-render replaced it and closed its list under the cursor).
  const field = (el: Element | null): boolean => el instanceof HTMLInputElement || (!!o.selects && el instanceof HTMLSelectElement);
  const busy = (): boolean => pressing || (field(document.activeElement) && root.contains(document.activeElement));
  // After the click that ends a press has been dispatched (pointerup, mouseup and click come in one task).
  const later = (): void => void (held && setTimeout(steady, 0));
  function steady(): void {
    const was = held;
    held = busy();
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
  return { render: steady, stop: () => off.abort() };
}
