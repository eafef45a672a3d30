// Small pieces of the field view about clocks and sync (issue 19): the phone's clock offset, the records that need a
// time, the conflict badge naming each value and who set it, and what this phone holds against its storage budget.
import { h, clear } from '../dom.ts';
import { api } from '../api.ts';
import { onTick } from '../tick.ts';
import { tc } from '../i18n.ts';
import { needingTime } from '../../../src/core/index.ts';
import type { CasualtyEvent, CasualtyState, Candidate } from '../../../src/core/index.ts';
import { langTag, time, timeSec } from '../fmt.ts';
import { triageLabel } from '../field/triage.ts';
import { lastJump, measured, offsetMs, onClock, serverNow } from './clock.ts';
import { ts } from './i18n.ts';

/** Offsets from a minute up are worth telling the medic (the app corrects them anyway). */
const TELL_MS = 60_000;

export function offsetText(ms: number): string {
  const min = Math.round(Math.abs(ms) / 60_000);
  return min >= 60 ? ts('clock.hm', { h: Math.floor(min / 60), m: String(min % 60).padStart(2, '0') }) : ts('clock.m', { m: min });
}

const hms = (ms: number): string => timeSec(new Date(ms).toISOString());
/** The offset the medic accepted with one tap (in the clear: an offset names nobody). */
const FIXED = 'gh.clock-fixed';
const accepted = (offset: number): boolean => Math.abs(Number(localStorage.getItem(FIXED) ?? NaN) - offset) < TELL_MS;

/**
 * The phone's clock against the corrected one. Off by a minute or more: "your phone's clock is 3 h 00 min slow" with
 * the one-tap fix, which checks the time again (when online) and from then on shows the correct time, ticking, beside
 * the phone's own — the app cannot set the phone's clock and says so. A clock changed while the app ran says so too.
 */
export function clockBanner(): HTMLElement | null {
  const s = measured();
  if (!s || Math.abs(s.offsetMs) < TELL_MS) return null;
  const box = h('div', { class: 'clock-warn', id: 'clock-warn', role: 'status', 'data-offset-ms': String(s.offsetMs) });
  const render = (): void => {
    const off = offsetMs();
    const jumped = lastJump && serverNow() - lastJump.at < 10 * 60_000 ? h('p', { id: 'clock-jumped' }, ts('clock.jumped', { d: offsetText(lastJump.ms) })) : null;
    box.dataset.offsetMs = String(off);
    if (!accepted(off)) {
      clear(box,
        h('strong', null, ts(off > 0 ? 'clock.slow' : 'clock.fast', { d: offsetText(off) })), jumped,
        h('button', { class: 'btn big primary', id: 'clock-fix', onclick: () => void fix() }, ts('clock.use', { time: hms(serverNow()).slice(0, 5) })),
        h('p', { class: 'small' }, ts('clock.cannotSet')));
      return;
    }
    const now = h('strong', { id: 'clock-now', class: 'clock-now' }, ts('clock.now', { time: hms(serverNow()) }));
    const phone = h('span', { id: 'clock-phone' }, ts('clock.phone', { time: hms(Date.now()).slice(0, 5), d: offsetText(off), dir: ts(off > 0 ? 'clock.slowWord' : 'clock.fastWord') }));
    clear(box, now, ' · ', phone, jumped, h('p', { class: 'small muted' }, ts('clock.unchanged')));
    box.id = 'clock-fixed';
  };
  const fix = async (): Promise<void> => {
    if (navigator.onLine) await api('/api/health').catch(() => undefined); // a fresh measurement first
    localStorage.setItem(FIXED, String(offsetMs()));
    box.id = 'clock-warn';
    render();
  };
  render();
  // Ticks with the app's one clock; both listeners go within a second of the box leaving the page (the card builds a
  // new banner on each render: a clock that never changed would keep every old one).
  const stopClock = onClock(() => box.isConnected && render());
  const stopTick = onTick(() => {
    const now = box.querySelector('#clock-now');
    if (box.isConnected) {
      if (now) now.textContent = ts('clock.now', { time: hms(serverNow()) });
      return;
    }
    stopTick();
    stopClock();
  });
  return box;
}

/** Records that even corrected had an implausible time: the server kept them at receipt, for a person to fix. */
export function needsTimeNote(events: CasualtyEvent[], casualtyId: string): HTMLElement | null {
  const n = needingTime(events).length;
  if (!n) return null;
  return h('a', { class: 'badge warn', id: 'needs-time', href: `#/c/${casualtyId}/timeline`, title: ts('clock.needsTimeHelp') }, '⏱ ', ts('clock.needsTime', { n }));
}

const valueList = <V>(c: Candidate<V>[], label: (v: V) => string): string =>
  c.map((x) => ts('conflict.value', { value: label(x.value), author: x.author, time: time(x.at) })).join(' · ');

/** One badge per conflicting decision, naming every value and who set it (SYNC-7). */
export function conflictBadges(s: CasualtyState): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (s.triage.conflict)
    out.push(h('span', { class: 'badge warn conflict', 'data-conflict': 'triage' }, `⚠ ${ts('conflict.triage')}: ${valueList(s.triage.conflict, triageLabel)}`));
  if (s.precedence.conflict)
    out.push(h('span', { class: 'badge warn conflict', 'data-conflict': 'precedence' }, `⚠ ${ts('conflict.precedence')}: ${valueList(s.precedence.conflict, (v) => tc('prec', v))}`));
  return out;
}

/** "On this phone: 12 casualties · 1.4 of 50 MB". */
export function storageLine(casualties: number, usage: number, budget: number): HTMLElement {
  const mb = (b: number): string => new Intl.NumberFormat(langTag(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(b / 1024 / 1024); // 2,6 in Ukrainian
  return h('p', { class: 'muted small', id: 'storage-use' }, ts('store.use', { n: casualties, used: mb(usage), budget: mb(budget) }));
}
