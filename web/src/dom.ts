// A tiny element helper: no framework, no virtual DOM. Screens build their DOM once and update live parts in place.
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
    else if (k === 'checked' && 'checked' in el) (el as HTMLInputElement).checked = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

export function clear(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A box with its name above it (a placeholder would vanish under what is typed, and names nothing to a reader). */
export const field = (name: string, input: HTMLElement): HTMLElement => h('label', { class: 'field' }, h('span', null, name), input);

/** One choice of several, named `label`, the chosen one pressed; `attr` (a data- attribute) names each option. */
export function picker<T extends string | number>(label: string, options: readonly T[], text: (o: T) => string, attr: string, onPick: (o: T) => void, current: T): HTMLElement {
  const seg = h('div', { class: 'seg', role: 'group', 'aria-label': label },
    options.map((o) => h('button', { class: `btn ${o === current ? 'on' : ''}`, [attr]: o, 'aria-pressed': String(o === current),
      onclick: () => {
        seg.querySelectorAll('button').forEach((b, i) => { b.classList.toggle('on', options[i] === o); b.setAttribute('aria-pressed', String(options[i] === o)); });
        onPick(o);
      } }, text(o))));
  return h('div', null, h('p', { class: 'muted' }, label), seg);
}

export const $ = <T extends Element = HTMLElement>(sel: string, root: ParentNode = document): T | null => root.querySelector<T>(sel);

// Of the loads of one screen in flight, only the newest may show its answer. Loads overlap (the screen's own, a live
// wake-up, a reconnect, the user's action) and answers come back in any order: an older one landing last painted
// figures from before the change the user had just seen applied (the staff screen's totals, under load).

/** A counter of loads: call what it returns as a load begins; that gives back whether the load is still the newest. */
export function newest(): () => () => boolean {
  let n = 0;
  return () => {
    const mine = ++n;
    return () => mine === n;
  };
}
