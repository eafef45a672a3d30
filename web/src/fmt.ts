// Formatting: 24-hour clock, durations as h:mm, positions as MGRS.
import { toMgrs } from '../../src/core/index.ts';
import type { Position } from '../../src/core/index.ts';
import { getLang } from './i18n.ts';
import { serverNow } from './sync/clock.ts';

const pad = (n: number): string => String(n).padStart(2, '0');

/** 24-hour local time "14:05" (with the date when not today). */
export function time(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const today = new Date(serverNow()); // the corrected clock (SYNC-15)
  if (d.toDateString() === today.toDateString()) return hm;
  return `${pad(d.getDate())}.${pad(d.getMonth() + 1)} ${hm}`;
}
/** 24-hour UTC "1405Z". */
export const zulu = (iso: string): string => `${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
export const timeSec = (iso: string): string => {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/** A duration in minutes as "h:mm" (or "m:ss" under an hour when seconds are wanted). */
export function dur(min: number, seconds = false): string {
  const m = Math.max(0, min);
  if (seconds && m < 60) {
    const s = Math.floor(m * 60);
    return `${Math.floor(s / 60)}:${pad(s % 60)}`;
  }
  const whole = Math.floor(m);
  return `${Math.floor(whole / 60)}:${pad(whole % 60)}`;
}
export const minutesSince = (iso: string | null | undefined, now = serverNow()): number =>
  iso ? (now - Date.parse(iso)) / 60_000 : 0;

export function mgrs(p: Position | null | undefined): string {
  if (!p) return '—';
  try {
    return toMgrs(p);
  } catch {
    return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
  }
}
export const shortId = (id: string): string => id.slice(-6).toUpperCase();
export const nowIso = (): string => new Date(serverNow()).toISOString();
export const langTag = (): string => (getLang() === 'uk' ? 'uk-UA' : 'en-GB');
