// A server refusal on any screen is said in the reader's language (web/src/ui/refusal.ts), from the error shape's
// code, not the server's English. The bodies are those the server sends (src/server/errors.ts, trust-hooks.ts,
// auth/service.ts) for a refused form field, a role's forbidden route, an unknown route, the last administrator,
// an oversized body and a throttled client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../src/api.ts';
import { setLang } from '../src/i18n.ts';
import { refusalSaid } from '../src/ui/refusal.ts';

const TOO_SHORT = 'Too small: expected string to have >=10 characters';
const BODIES: [number, string, { path: string; message: string }[]][] = [
  [400, `invalid input: password: ${TOO_SHORT}`, [{ path: 'password', message: TOO_SHORT }]],
  [403, 'a medic may not use POST /api/users', []],
  [404, 'no route GET /api/nope', []],
  [409, 'this would leave no enabled administrator: make or enable another one first', []],
  [413, 'request body is larger than 1 MB', [{ path: 'body', message: 'too large' }]],
  [429, 'too many requests: retry in 3 s', []],
];
const CODES: Record<number, string> = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 429: 'rate_limited' };
const refusal = ([status, message, issues]: (typeof BODIES)[number]): ApiError =>
  new ApiError(status, message, { error: { code: CODES[status], message, issues } });

const SAID = {
  uk: [
    'Не прийнято: перевірте «Пароль» і повторіть.',
    'Вашому акаунту це не дозволено: зверніться до адміністратора.',
    'Не знайдено (вилучено?): оновіть і повторіть.',
    'Не виконано: суперечить наявним даним. Оновіть і перевірте.',
    'Завеликий обсяг: надсилайте менше за раз.',
    'Забагато спроб: зачекайте хвилину й повторіть.',
  ],
  en: [
    'Not accepted: check “Password” and retry.',
    'Not allowed for your account: ask an administrator.',
    'Not found (removed?): refresh and retry.',
    'Not done: it conflicts with what is there. Refresh and check.',
    'Too large: send less at once.',
    'Too many attempts: wait a minute, then retry.',
  ],
};

for (const lang of ['uk', 'en'] as const)
  test(`a refusal says what happened and what to do in the reader's language (${lang})`, () => {
    setLang(lang);
    const label = (p: string): string | undefined => (p === 'password' ? (lang === 'uk' ? 'Пароль' : 'Password') : undefined);
    assert.deepEqual(BODIES.map((b) => refusalSaid(refusal(b), label)), SAID[lang]);
    // Without a screen's labels a refused field is named by its path; the server's English never shows.
    const plain = BODIES.map((b) => refusalSaid(refusal(b)));
    for (const [i, s] of plain.entries()) assert.ok(!s.includes(BODIES[i]![1]), s);
    if (lang === 'uk') for (const s of plain.slice(1)) assert.doesNotMatch(s, /[a-z]/i);
  });

test('a body without a code is said by its status; an unknown code keeps the server words as a detail; no answer is said so', () => {
  setLang('uk');
  assert.equal(refusalSaid(new ApiError(503, '503 Service Unavailable', null)), 'Сервер зайнятий чи перезапускається: повторіть за кілька секунд.');
  assert.equal(refusalSaid(new ApiError(418, 'teapot', { error: { code: 'teapot', message: 'teapot', issues: [] } })), 'Відхилено (418): teapot');
  assert.equal(refusalSaid(new TypeError('Failed to fetch')), 'Сервер не відповідає: перевірте зв’язок і повторіть.');
  assert.equal(refusalSaid(new Error('local words')), 'local words');
});

test('a new item whose short id is already held is told so, naming the field (two names gave one id)', () => {
  const taken = new ApiError(409, 'unit 1-i-batalion exists (PATCH it instead)', { error: { code: 'conflict', message: 'unit 1-i-batalion exists (PATCH it instead)', issues: [{ path: 'id', message: 'exists' }] } });
  setLang('uk');
  assert.equal(refusalSaid(taken, (p) => (p === 'id' ? 'Короткий ідентифікатор' : undefined)), 'Не виконано: «Короткий ідентифікатор» уже використано. Введіть інше.');
  setLang('en');
  assert.equal(refusalSaid(taken, (p) => (p === 'id' ? 'Short id' : undefined)), 'Not done: “Short id” is already used. Type another.');
});
