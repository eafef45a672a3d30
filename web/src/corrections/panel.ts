// Corrections beside the original (issue 14 items 1 and 11): every amend and void of an entry and every outcome set
// aside for the receiving facility's own, with the original struck through, the value now, who, when and why.
// Shown on the casualty card and in the facility view; built from the folded state and whatever log is at hand.
import { h } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import type { Key } from '../i18n.ts';
import type { CasualtyEvent, CasualtyState } from '../../../src/core/index.ts';
import { shortId, time } from '../fmt.ts';
import { summary } from '../timeline.ts';
import { rt } from './i18n.ts';
import './corrections.css';

type Correction = CasualtyState['corrections'][number];
/** How the panel writes a clock time: the card's `time`; the facility desk's `stamp` (its one format, with day and zone). */
type Clock = (iso: string | null | undefined) => string;

const label = (e: CasualtyEvent): string => t(`ev.${e.type}` as Key);

/** The entry as the amend made it: its payload with the changes applied (as fold applies them). */
function amended(target: CasualtyEvent, amend: CasualtyEvent | undefined): CasualtyEvent | null {
  if (amend?.type !== 'amend') return null;
  return { ...target, payload: { ...(target.payload as object), ...amend.payload.changes } } as CasualtyEvent;
}

function correctionItem(c: Correction, byId: ReadonlyMap<string, CasualtyEvent>, time: Clock): HTMLElement {
  const target = byId.get(c.target);
  const now = target ? amended(target, byId.get(c.eventId)) : null;
  return h('li', { class: 'correction', 'data-correction': c.eventId, 'data-kind': c.kind, 'data-target': c.target },
    h('div', { class: 'row wrap' },
      h('span', { class: 'badge warn' }, rt(c.kind === 'void' ? 'corr.voided' : 'corr.amended')),
      h('strong', null, target ? label(target) : rt('corr.unknown', { id: shortId(c.target) })),
      target ? h('span', { class: 'muted small' }, rt('corr.recorded', { author: target.author, time: time(target.at) })) : null),
    target
      ? h('div', { class: 'corr-values' },
          h('span', { class: 'muted' }, rt('corr.original'), ': '), h('del', { class: 'original' }, summary(target) || label(target)),
          now ? h('span', null, ' → ', h('span', { class: 'muted' }, rt('corr.now'), ': '), h('ins', { class: 'now' }, summary(now))) : null)
      : null,
    h('div', { class: 'small' },
      rt('corr.by', { kind: rt(c.kind === 'void' ? 'corr.kind.void' : 'corr.kind.amend'), author: c.author, time: time(c.at) }), ' · ',
      c.reason ? rt('corr.why', { reason: c.reason }) : h('span', { class: 'muted' }, rt('corr.noReason'))));
}

function overriddenItem(id: string, s: CasualtyState, byId: ReadonlyMap<string, CasualtyEvent>, time: Clock): HTMLElement {
  const o = byId.get(id);
  const chosenId = s.chain.find((x) => x.kind === 'outcome')?.eventId;
  const chosen = chosenId ? byId.get(chosenId) : undefined;
  const what = (x: { outcome: string; facilityId?: string | undefined }) => `${tc('outcome', x.outcome)}${x.facilityId ? ` · ${x.facilityId}` : ''}`;
  return h('li', { class: 'correction', 'data-overridden': id },
    h('div', { class: 'row wrap' },
      h('span', { class: 'badge warn' }, rt('corr.overridden')),
      h('strong', null, rt('corr.outcome')),
      o ? h('span', { class: 'muted small' }, rt('corr.recorded', { author: o.author, time: time(o.at) })) : null),
    h('div', { class: 'corr-values' },
      h('span', { class: 'muted' }, rt('corr.original'), ': '),
      h('del', { class: 'original' }, o?.type === 'outcome' ? what(o.payload) : rt('corr.unknown', { id: shortId(id) })),
      s.outcome ? h('span', null, ' → ', h('span', { class: 'muted' }, rt('corr.now'), ': '), h('ins', { class: 'now' }, what(s.outcome))) : null),
    h('div', { class: 'small' },
      rt('corr.overriddenBy', { facility: s.outcome?.facilityId ?? '—', author: chosen?.author ?? '—', time: time(s.outcome?.at) }), ' · ',
      rt('corr.overriddenWhy')));
}

/**
 * The corrections of one casualty, newest first, or null when there are none. `events`: the log at hand (the card's
 * rows, or the full log fetched for the facility view); without an entry the item still says who, when and why.
 * `omitted`: corrections a bounded summary left out.
 */
export function correctionsPanel(s: CasualtyState, events: readonly CasualtyEvent[], omitted = 0, clock: Clock = time): HTMLElement | null {
  if (!s.corrections.length && !s.overriddenOutcomes.length) return null;
  const byId = new Map(events.map((e) => [e.id, e] as const));
  return h('section', { class: 'corrections', 'data-corrections': s.id, 'aria-label': rt('corr.title') },
    h('h3', null, rt('corr.title')),
    h('ul', { class: 'corr-list' },
      s.overriddenOutcomes.map((id) => overriddenItem(id, s, byId, clock)),
      [...s.corrections].reverse().map((c) => correctionItem(c, byId, clock))),
    omitted > 0 ? h('p', { class: 'muted small' }, rt.n('corr.more', omitted)) : null);
}
