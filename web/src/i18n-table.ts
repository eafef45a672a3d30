// A feature's own strings: each feature keeps `{ en, uk }` tables (typed alike, so a missing translation is a type
// error) beside its code instead of growing i18n.ts. Counts go through Intl.PluralRules of the current language.
import { getLang } from './i18n.ts';

export type Vars = Record<string, string | number>;
const fill = (s: string, vars?: Vars): string => (vars ? Object.entries(vars).reduce((a, [k, v]) => a.replaceAll(`{${k}}`, String(v)), s) : s);

/** Plural categories a table may give for a count (`key#one`, `key#few`, `key#many`, `key#other`). */
const CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
const rules = new Map<string, Intl.PluralRules>();
export const pluralOf = (n: number, lang = getLang()): Intl.LDMLPluralRule => {
  let r = rules.get(lang);
  if (!r) rules.set(lang, (r = new Intl.PluralRules(lang === 'uk' ? 'uk-UA' : 'en-GB')));
  return r.select(n);
};

export interface Strings<K extends string> {
  (key: K, vars?: Vars): string;
  /** `key` chosen by plural rule: `key#one` etc., falling back to `key#other`; `{n}` is the count. */
  n(key: string, n: number, vars?: Vars): string;
  tables: { en: Record<K, string>; uk: Record<K, string> };
}

export function strings<K extends string>(en: Record<K, string>, uk: Record<K, string>): Strings<K> {
  const tables = { en, uk };
  const tr = ((key: K, vars?: Vars) => fill(tables[getLang()][key], vars)) as Strings<K>;
  tr.n = (key, n, vars) => {
    const tab = tables[getLang()] as Record<string, string>;
    const cat = pluralOf(n);
    const s = tab[`${key}#${cat}`] ?? tab[`${key}#other`] ?? key;
    return fill(s, { ...vars, n: new Intl.NumberFormat(getLang() === 'uk' ? 'uk-UA' : 'en-GB').format(n) });
  };
  tr.tables = tables;
  return tr;
}

export const PLURAL_CATEGORIES = CATEGORIES;
