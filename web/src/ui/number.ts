// A number as a person types it, in the app's two languages: Ukrainian writes "1,5", English "1.5". Read from a text
// field (inputmode=decimal): an <input type="number"> in a Ukrainian browser dropped the comma of "1,5" and kept 15,
// and "48,59" became 4859 — saved, in a ledger that never forgets. Pure, so it is tested.

/**
 * What a number field says: "1,5" and "1.5" are one and a half, "-48,59" and "1 500" (thousands spaced, as Ukrainian
 * writes them) read as typed; `undefined` for an empty field, `null` for anything else. In English "1,500" is refused
 * as ambiguous (a thousand and five hundred there, one and a half here), never guessed.
 */
export function numberRead(text: string, lang: 'uk' | 'en'): number | undefined | null {
  const v = text.trim().replace(/^[−–]/, '-');
  if (!v) return undefined;
  const grouped = /^[-+]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$/.test(v);
  const plain = v.replace(/[ \u00a0\u202f]/g, '');
  if (!grouped && plain !== v) return null;
  if (!/^[-+]?(\d+([.,]\d+)?|[.,]\d+)$/.test(plain)) return null;
  if (lang === 'en' && /^[-+]?\d{1,3},\d{3}$/.test(plain)) return null;
  const n = Number(plain.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}
