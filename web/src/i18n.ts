// The language of the interface: which one is chosen (the person's choice, else the browser's), and `t`/`tc` over the
// shell's string tables, one file per language (i18n/en.ts, i18n/uk.ts, typed by the core's vocabularies in
// i18n/vocabulary.ts). Features keep their own tables beside their code (i18n-table.ts).
import { en } from './i18n/en.ts';
import type { Key } from './i18n/en.ts';
import { uk } from './i18n/uk.ts';

export { en, uk };
export type { Key };

export type Lang = 'uk' | 'en';
export const TABLES: Record<Lang, Record<Key, string>> = { en, uk };

let lang: Lang = 'uk';
const listeners = new Set<() => void>();

export function initLang(): Lang {
  // The person's own choice, else the browser's language: Ukrainian for uk*, English for anything else.
  const saved = globalThis.localStorage?.getItem('gh.lang');
  lang = saved === 'en' || saved === 'uk' ? saved : browserLang(globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? '']);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  return lang;
}
export const browserLang = (langs: readonly string[]): Lang => ((langs[0] ?? '').toLowerCase().startsWith('uk') ? 'uk' : 'en');
export const getLang = (): Lang => lang;
export function setLang(l: Lang): void {
  lang = l;
  globalThis.localStorage?.setItem('gh.lang', l);
  if (typeof document !== 'undefined') document.documentElement.lang = l;
  listeners.forEach((f) => f());
}
export const onLang = (f: () => void): void => void listeners.add(f);

/** Translate a key, filling `{name}` placeholders. */
export function t(key: Key, vars?: Record<string, string | number>): string {
  let s = TABLES[lang][key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
/** Translate a code of a vocabulary (`mech.gunshot`); falls back to the raw code for values the table does not know. */
export function tc(prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return key in en ? t(key as Key) : code;
}
