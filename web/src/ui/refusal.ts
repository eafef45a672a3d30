// What a server refusal means, in the reader's language: one table for every screen, keyed by the error shape's
// `code` (src/server/errors.ts; the HTTP status where a body has none). The server's English (zod's "Too small:
// expected string…", "a medic may not use…") was shown as it came on Ukrainian screens; it is kept only as a detail
// where the code says nothing better (an unknown code), and a refused field is named by its path.
import { ApiError } from '../api.ts';
import { strings } from '../i18n-table.ts';
import { t } from '../i18n.ts';

const en = {
  bad_request: 'Not accepted: check the entry and retry.',
  field: 'Not accepted: check “{f}” and retry.',
  unauthorized: 'Session ended or code not valid: sign in again or ask for a new code.',
  forbidden: 'Not allowed for your account: ask an administrator.',
  not_found: 'Not found (removed?): refresh and retry.',
  conflict: 'Not done: it conflicts with what is there. Refresh and check.',
  taken: 'Not done: “{f}” is already used. Type another.',
  too_large: 'Too large: send less at once.',
  rate_limited: 'Too many attempts: wait a minute, then retry.',
  unavailable: 'Server busy or restarting: retry in a few seconds.',
  internal: 'Server error: retry; if it repeats, tell an administrator.',
  offline: 'No answer from the server: check the connection, then retry.',
  other: 'Refused ({status}): {msg}',
};
type K = keyof typeof en;
const rt = strings<K>(en, {
  bad_request: 'Не прийнято: перевірте введене й повторіть.',
  field: 'Не прийнято: перевірте «{f}» і повторіть.',
  unauthorized: 'Сеанс завершено або код недійсний: увійдіть знову чи візьміть новий код.',
  forbidden: 'Вашому акаунту це не дозволено: зверніться до адміністратора.',
  not_found: 'Не знайдено (вилучено?): оновіть і повторіть.',
  conflict: 'Не виконано: суперечить наявним даним. Оновіть і перевірте.',
  taken: 'Не виконано: «{f}» уже використано. Введіть інше.',
  too_large: 'Завеликий обсяг: надсилайте менше за раз.',
  rate_limited: 'Забагато спроб: зачекайте хвилину й повторіть.',
  unavailable: 'Сервер зайнятий чи перезапускається: повторіть за кілька секунд.',
  internal: 'Помилка сервера: повторіть; якщо знову, скажіть адміністраторові.',
  offline: 'Сервер не відповідає: перевірте зв’язок і повторіть.',
  other: 'Відхилено ({status}): {msg}',
});

const BY_STATUS: Record<number, K> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 429: 'rate_limited', 500: 'internal', 503: 'unavailable' };
const SAME: Record<string, K> = { unsupported_media_type: 'bad_request', header_too_large: 'too_large' };

/**
 * Any error a screen shows: a server refusal or a failed fetch said in the reader's language; others as they are.
 * `name` gives a refused field's label on screens that have one (else its path is shown).
 */
export function refusalSaid(e: unknown, name?: (path: string) => string | undefined): string {
  if (e instanceof TypeError) return rt('offline'); // fetch rejects so when no answer came
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
  const err = (e.body as { error?: { code?: string; issues?: { path?: string; message?: string }[] } } | null)?.error;
  const code = err?.code ?? '';
  const k: K | undefined = code in en ? (code as K) : SAME[code] ?? BY_STATUS[e.status];
  const f = err?.issues?.[0]?.path;
  if (k === 'bad_request' && f && f !== 'body') return rt('field', { f: name?.(f) ?? f });
  // A new item's id already held (two names that make one short id): which field, not "it conflicts".
  if (k === 'conflict' && f && err?.issues?.[0]?.message === 'exists') return rt('taken', { f: name?.(f) ?? f });
  return k ? rt(k) : rt('other', { status: e.status, msg: e.message });
}

/** "Error: …" in the reader's language, for any thrown value (a server refusal said as above). */
export const errText = (e: unknown): string => t('common.error', { msg: refusalSaid(e) });
