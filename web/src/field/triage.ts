// Triage guided by questions: START (adults) and SALT, each keeping its own labels (never relabelled to NATO).
import { h, clear } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import type { Key } from '../i18n.ts';
import type { Triage } from '../../../src/core/index.ts';
import { askIn } from '../ui/ask.ts';

type Node = { q: Key; yes: Node | Triage; no: Node | Triage };
const isTriage = (x: Node | Triage): x is Triage => 'system' in x;

const S = (category: 'immediate' | 'delayed' | 'minor' | 'dead'): Triage => ({ system: 'START', category });
const START: Node = {
  q: 'start.walk',
  yes: S('minor'),
  no: {
    q: 'start.breathing',
    no: { q: 'start.afterAirway', yes: S('immediate'), no: S('dead') },
    yes: {
      q: 'start.rr30',
      yes: S('immediate'),
      no: { q: 'start.perfusion', yes: S('immediate'), no: { q: 'start.commands', yes: S('delayed'), no: S('immediate') } },
    },
  },
};

const A = (category: 'immediate' | 'delayed' | 'minimal' | 'expectant' | 'dead'): Triage => ({ system: 'SALT', category });
const survive: Node = { q: 'salt.survive', yes: A('immediate'), no: A('expectant') };
const SALT: Node = {
  q: 'salt.breathing',
  no: A('dead'),
  yes: {
    q: 'salt.commands',
    no: survive,
    yes: {
      q: 'salt.pulse',
      no: survive,
      yes: {
        q: 'salt.distress',
        yes: survive,
        no: { q: 'salt.haem', no: survive, yes: { q: 'salt.minor', yes: A('minimal'), no: A('delayed') } },
      },
    },
  },
};

export const triageLabel = (x: Triage): string => tc(`tcat.${x.system}`, x.category);

/** A question-by-question wizard; `apply` records the result. */
export function triageWizard(apply: (x: Triage) => void): HTMLElement {
  const box = h('div', { class: 'wizard', id: 'triage-wizard' });
  const start = (tree: Node): void => ask(tree);
  const ask = (n: Node | Triage): void => {
    if (isTriage(n)) {
      clear(box,
        h('p', { class: 'result' }, t('triage.result', { cat: triageLabel(n) })),
        h('button', { class: 'btn big primary', 'data-apply': n.category, onclick: () => { apply(n); menu(); } }, t('triage.apply', { cat: triageLabel(n) })),
        h('button', { class: 'btn', onclick: menu }, t('common.back')));
      return;
    }
    clear(box,
      h('p', { class: 'question' }, t(n.q)),
      h('div', { class: 'grid2' },
        h('button', { class: 'btn big', 'data-answer': 'yes', onclick: () => ask(n.yes) }, t('common.yes')),
        h('button', { class: 'btn big', 'data-answer': 'no', onclick: () => ask(n.no) }, t('common.no'))),
      h('button', { class: 'btn', onclick: menu }, t('common.cancel')));
  };
  // T4 (expectant) and Dead stop the care and the evacuation a casualty gets: one tap beside T1 asks first.
  const grave = (c: string): boolean => c === 'T4' || c === 'dead';
  // The question opens under the finger (ui/ask.ts): a double tap's second tap may land on "Apply" and is not taken;
  // the focus goes to Cancel (the control tapped is gone).
  const sure = (x: Triage): void => {
    const label = triageLabel(x);
    askIn(box, { id: 'nato', question: t('triage.sure', { cat: label }), keep: t('common.cancel'), onKeep: menu,
      yes: t('triage.apply', { cat: label }), yesClass: `tri-${x.category}`, onYes: () => { apply(x); menu(); } });
  };
  const menu = (): void => {
    clear(box,
      h('div', { class: 'grid2' },
        h('button', { class: 'btn big', id: 'start-triage', onclick: () => start(START) }, t('triage.start')),
        h('button', { class: 'btn big', id: 'salt-triage', onclick: () => start(SALT) }, t('triage.salt'))),
      h('p', { class: 'muted' }, t('triage.nato')),
      // Each with its word and its colour's stripe ("T1" alone is read by its neighbour's meaning when tired).
      h('div', { class: 'grid2 nato' },
        (['T1', 'T2', 'T3', 'T4', 'dead'] as const).map((c) => {
          const x: Triage = { system: 'NATO', category: c };
          return h('button', { class: `btn tri-${c}`, 'data-nato': c, onclick: () => (grave(c) ? sure(x) : apply(x)) }, tc('tcat.NATO', c));
        })),
    );
  };
  menu();
  return box;
}
