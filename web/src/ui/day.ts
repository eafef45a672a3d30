// A calendar day in the app's one date format, "05.12.2026" (as every screen writes "05.12 14:05"), typed and shown.
// Not <input type="date">: Chromium renders that in the browser's locale, "12/05/2026" (mm/dd/yyyy) in an English one,
// whatever the app's language. Days stay ISO ("2026-12-05") in the API, the URL and the data; pure, so it is tested.
import { h } from '../dom.ts';
import { t } from '../i18n.ts';

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-12-05" (or an instant: its UTC day, as the API's days are) as "05.12.2026"; "" for none or not a day. */
export function dayText(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '';
}

/**
 * What a day field says, as "2026-12-05": "05.12.2026", "5.12.2026", and the ISO form itself; `undefined` for an empty
 * field, `null` for one that reads as no day (31.02.2026, 05.12.26, 12/05/2026).
 */
export function dayRead(text: string): string | undefined | null {
  const v = text.trim();
  if (!v) return undefined;
  const dm = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!dm && !iso) return null;
  const [d, mo, y] = dm ? [Number(dm[1]), Number(dm[2]), Number(dm[3])] : [Number(iso![3]), Number(iso![2]), Number(iso![1])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  // 31.02 rolls over into March: no such day.
  if (y < 1000 || at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** A day field: typed as "05.12.2026", its format shown as the placeholder. */
export const dayInput = (attrs: Record<string, unknown>, iso?: string): HTMLInputElement =>
  h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: t('fmt.dayFormat'), ...attrs, value: dayText(iso) });

/** The day a field says, marked and refused when it reads as none (a day dropped silently widened a filter). */
export function dayOf(input: HTMLInputElement): string | undefined {
  const v = dayRead(input.value);
  input.toggleAttribute('aria-invalid', v === null);
  input.classList.toggle('invalid', v === null);
  if (v === null) throw new Error(`${t('fmt.dayFormat')}: ${input.value}`);
  return v;
}
