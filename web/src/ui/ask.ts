// One question before an act that is hard to take back (T4 or Dead on a card or at an incident, a casualty's category
// changed over a tag typed twice, a site cleared): the safe answer first and focused, the act second. The question
// opens under the finger that asked for it: a double tap's second tap may land on the act and is not taken.
import { h, clear } from '../dom.ts';

/** How long after a question opens under a finger a tap on it is taken for the tap that opened it. */
export const TAP_SETTLE_MS = 600;

export interface Ask {
  /** Ids `${id}-confirm` (the box), `${id}-ask` (the question), `${id}-keep` and `${id}-yes` (its two answers). */
  id: string;
  /** Its words (a running clock among them: `data-since`, ticked by the screen's runClocks). */
  question: string | (Node | string)[];
  keep: string;
  yes: string;
  /** The act's class (its colour: the category it records). */
  yesClass?: string;
  onKeep: () => void;
  onYes: () => void;
}

/** Put the question in `host` (in place of what was tapped) and the focus on its safe answer. */
export function askIn(host: HTMLElement, o: Ask): void {
  const shown = Date.now();
  const keep = h('button', { class: 'btn big primary', id: `${o.id}-keep`, onclick: o.onKeep }, o.keep);
  clear(host, h('div', { class: 'stack confirm', role: 'alertdialog', 'aria-labelledby': `${o.id}-ask`, id: `${o.id}-confirm` },
    h('p', { id: `${o.id}-ask` }, o.question),
    keep,
    h('button', { class: `btn big ${o.yesClass ?? ''}`.trim(), id: `${o.id}-yes`, onclick: () => { if (Date.now() - shown >= TAP_SETTLE_MS) o.onYes(); } }, o.yes)));
  keep.focus();
}
