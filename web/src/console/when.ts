// A threat zone's times, read and typed in the app's one format (fmt.ts `time`): 24-hour "14:05" today, "03.12 14:05"
// another day; the year only when the day alone would be read as another year's ("03.12.2025 14:05"). The form read
// "YYYY-MM-DD HH:MM" where every other screen writes "03.12 14:05". Local time; pure (`now` given), so it is tested.

const pad = (n: number): string => String(n).padStart(2, '0');
const sameDay = (a: Date, b: Date): boolean => a.toDateString() === b.toDateString();

/** The year a day and month without one mean: the one whose date lies nearest to now. */
function nearestYear(day: number, month: number, h: number, min: number, now: number): number {
  const y = new Date(now).getFullYear();
  return [y - 1, y, y + 1].reduce((a, b) => (Math.abs(new Date(b, month - 1, day, h, min).getTime() - now) < Math.abs(new Date(a, month - 1, day, h, min).getTime() - now) ? b : a));
}

/** The time a zone's field shows: "" for none. */
export function whenText(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (sameDay(d, new Date(now))) return hm;
  const dm = `${pad(d.getDate())}.${pad(d.getMonth() + 1)}`;
  return nearestYear(d.getDate(), d.getMonth() + 1, d.getHours(), d.getMinutes(), now) === d.getFullYear() ? `${dm} ${hm}` : `${dm}.${d.getFullYear()} ${hm}`;
}

/**
 * What a zone's field says, as an instant: "14:05" (today), "03.12 14:05" (the nearest such day), "03.12.2026 14:05",
 * and the older "2026-12-03 14:05". `undefined` for an empty field, `null` for one that reads as no time.
 */
export function whenRead(text: string, now: number): string | undefined | null {
  const v = text.trim();
  if (!v) return undefined;
  const m = /^(?:(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s+|(\d{4})-(\d{2})-(\d{2})[\sT])?(\d{1,2}):(\d{2})$/.exec(v);
  if (!m) return null;
  const [h, min] = [Number(m[7]), Number(m[8])];
  const today = new Date(now);
  const [yy, mo, d] = m[4] ? [Number(m[4]), Number(m[5]), Number(m[6])] : m[1] ? [m[3] ? Number(m[3]) : NaN, Number(m[2]), Number(m[1])] : [today.getFullYear(), today.getMonth() + 1, today.getDate()];
  if (h > 23 || min > 59 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const y = Number.isNaN(yy) ? nearestYear(d, mo, h, min, now) : yy;
  const at = new Date(y, mo - 1, d, h, min);
  // 31.02 rolls over into March: no such day.
  return at.getDate() === d && at.getMonth() === mo - 1 ? at.toISOString() : null;
}
