// Formatting: 24-hour clock, durations with units (dur), positions as MGRS.
import { positionText } from '../../src/core/index.ts';
import type { Position } from '../../src/core/index.ts';
import { getLang, t } from './i18n.ts';
import { h } from './dom.ts';
import { serverNow } from './sync/clock.ts';

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * 24-hour time in the reader's zone, "14:05", with the date when not today ("03.12 14:05") and seconds with `sec`.
 * Each screen names its zone once (`zoneNote`), so a time carries its own zone only when it must (SYNC-21): `zoned`
 * (a tourniquet's time), or an instant whose offset is not the one named (across a daylight-saving change).
 */
export function time(iso: string | null | undefined, o: { sec?: boolean; zoned?: boolean } = {}): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}${o.sec ? `:${pad(d.getSeconds())}` : ''}`;
  const today = new Date(serverNow()); // the corrected clock (SYNC-15)
  const z = zone(iso);
  const day = d.toDateString() === today.toDateString() ? hm : `${pad(d.getDate())}.${pad(d.getMonth() + 1)} ${hm}`;
  return o.zoned || z !== zone(today.toISOString()) ? `${day} ${z}` : day;
}
/** The zone this screen's times read in, said once where they are read: "Times: UTC+2" (SYNC-21). */
export const zoneText = (): string => t('fmt.zone', { zone: zone(nowIso()) });
export const zoneNote = (): HTMLElement => h('span', { class: 'muted small', 'data-clock-zone': zone(nowIso()) }, zoneText());
/**
 * A time that leaves this screen (the printed tag, the ATMIST read to another team, maybe the next day or in another
 * zone): always with its date and zone, "04.12 14:05 UTC+2".
 */
export function stamp(iso: string | null | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '—';
  const d = new Date(iso);
  return `${pad(d.getDate())}.${pad(d.getMonth() + 1)} ${pad(d.getHours())}:${pad(d.getMinutes())} ${zone(iso)}`;
}
/** A time kept in a file (an export read months later): its full date too, "04.12.2026 14:05 UTC+2". */
export function stampYear(iso: string | null | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '—';
  const d = new Date(iso);
  return `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())} ${zone(iso)}`;
}
/** 24-hour UTC "1405Z". */
export const zulu = (iso: string): string => `${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
export const timeSec = (iso: string): string => {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

const CLOCK_UNITS = { en: { h: 'h', min: 'min', s: 's' }, uk: { h: 'год', min: 'хв', s: 'с' } } as const;
const NB = '\u00a0'; // a number never wraps away from its unit

/**
 * THE clock format of the app, for every duration on every screen: "1 h 05 min" from an hour on, "8 min 17 s" under
 * it (never a bare "1:05" that reads as minutes or hours). Running clocks tick once a second, so seconds show while
 * they still matter.
 */
export function dur(min: number): string {
  const u = CLOCK_UNITS[getLang()];
  const s = Math.floor(Math.max(0, min) * 60 + 1e-6);
  const m = Math.floor(s / 60);
  // One unbreakable piece: "0 хв" at a line's end and "18 с" on the next read as two times.
  if (m >= 60) return `${Math.floor(m / 60)}${NB}${u.h}${NB}${pad(m % 60)}${NB}${u.min}`;
  return `${m}${NB}${u.min}${NB}${pad(s % 60)}${NB}${u.s}`;
}
/** Whole minutes with their unit, never hours ("60 min": a picker's choices read alike). */
export const minutes = (m: number): string => `${m}${NB}${CLOCK_UNITS[getLang()].min}`;
/**
 * A countdown (rounded up: "in 12 min" until 11 min 00 s are left) or a lateness (rounded down: "overdue by 2 min"
 * from 2 min 00 s) in whole minutes, never 0, in the same units: "12 min", "1 h 05 min".
 */
export function durMin(min: number, up = true): string {
  const u = CLOCK_UNITS[getLang()];
  const m = Math.max(1, up ? Math.ceil(min - 1e-6) : Math.floor(min + 1e-6));
  return m >= 60 ? `${Math.floor(m / 60)}${NB}${u.h}${NB}${pad(m % 60)}${NB}${u.min}` : `${m}${NB}${u.min}`;
}
export const minutesSince = (iso: string | null | undefined, now = serverNow()): number =>
  iso ? (now - Date.parse(iso)) / 60_000 : 0;

export function mgrs(p: Position | null | undefined): string {
  return p ? positionText(p) : '—';
}
export const shortId = (id: string): string => id.slice(-6).toUpperCase();
/** How a casualty is named on every screen: battle-roster number and/or name, else the end of its id. */
export function casualtyName(identity: { battleRoster?: string | undefined; name?: string | undefined } | null | undefined, id: string): string {
  const parts = [identity?.battleRoster, identity?.name].filter((x): x is string => !!x);
  return parts.length ? parts.join(' · ') : shortId(id);
}
export const nowIso = (): string => new Date(serverNow()).toISOString();
export const langTag = (): string => (getLang() === 'uk' ? 'uk-UA' : 'en-GB');
/** The zone `time` reads in at that instant, as its offset from UTC: "UTC+2", "UTC-3:30", "UTC". */
export function zone(iso: string): string {
  const off = -new Date(iso).getTimezoneOffset();
  const a = Math.abs(off);
  return off ? `UTC${off > 0 ? '+' : '-'}${Math.floor(a / 60)}${a % 60 ? `:${pad(a % 60)}` : ''}` : 'UTC';
}
