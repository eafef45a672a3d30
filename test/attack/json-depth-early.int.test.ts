// Deeply nested JSON parsed whole before its depth was checked (session 49's attack review, medium, availability): a
// 4 KB gzip body of 2 M '[' then ']' to POST /api/sync/push (or to the login, which takes gzip too) was refused only
// after JSON.parse built all 2 M levels — about 0.4 s of the server's one thread a request, from any medic. The JSON
// parser now scans the text's nesting first (`jsonTextTooDeep` in src/core/text.ts) and refuses past MAX_JSON_DEPTH
// without parsing, with the message the guard after parsing gives. Checked without timing: JSON.parse is never called
// with such a body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { MAX_JSON_DEPTH } from '../../src/core/text.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

const N = 200_000;
const deep = '['.repeat(N) + ']'.repeat(N);
const expected = `invalid input: ${Array.from({ length: MAX_JSON_DEPTH }, () => '0').join('.')}: is nested deeper than ${MAX_JSON_DEPTH} levels`;

for (const db of ['sqlite', 'postgres'] as const)
  test(`deep JSON is refused before it is parsed, gzip or not, with the one message (${db})`, async () => {
    const t = await authTestAppOn(db);
    const medic = await createUserAndLogin(t, 'medic');
    // Count the parses of a long text: a deep body refused by its text never reaches JSON.parse.
    const parse = JSON.parse;
    let longParses = 0;
    JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
      if (typeof text === 'string' && text.length >= N) longParses++;
      return parse(text, reviver);
    }) as typeof JSON.parse;
    try {
      for (const [url, headers, gzip] of [
        ['/api/sync/push', medic.headers, true], ['/api/sync/push', medic.headers, false],
        ['/api/auth/login', {}, true], ['/api/casualties', medic.headers, false],
      ] as const) {
        const r = await t.app.inject({
          method: 'POST', url, payload: gzip ? gzipSync(deep) : deep,
          headers: { ...headers, 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
        });
        assert.equal(r.statusCode, 400, `${url} ${gzip}: ${r.body.slice(0, 300)}`);
        const { error } = JSON.parse(r.body) as { error: { code: string; message: string; issues: { path: string }[] } };
        assert.equal(error.code, 'bad_request');
        assert.equal(error.message, expected, url);
        assert.equal(error.issues[0]?.path, expected.split(': ')[1]);
      }
      // Inside an object, under a key: the path names it, as the guard after parsing did.
      const r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: { ...medic.headers, 'content-type': 'application/json' }, payload: `{"events":${deep}}` });
      assert.equal(r.statusCode, 400, r.body.slice(0, 300));
      assert.match((JSON.parse(r.body) as { error: { message: string } }).error.message, /^invalid input: events\.0\.0\.0(\.0)*: is nested deeper than 32 levels$/);
    } finally {
      JSON.parse = parse;
    }
    assert.equal(longParses, 0, 'a deep body was parsed before it was refused');
  });
