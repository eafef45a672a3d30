// jsonTextTooDeep, the nesting measured on JSON text before it is parsed (session 49): it must agree with tooDeep on
// the parsed value — the same refusals, the same path — and stop at the first level too deep, whatever follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_JSON_DEPTH, jsonTextTooDeep, tooDeep } from './text.ts';

const nest = (n: number, open = '[', close = ']') => open.repeat(n) + close.repeat(n);

test('refuses past MAX_JSON_DEPTH levels, as tooDeep does on the value', () => {
  assert.equal(jsonTextTooDeep(nest(MAX_JSON_DEPTH)), null);
  assert.deepEqual(jsonTextTooDeep(nest(MAX_JSON_DEPTH + 1)), tooDeep(JSON.parse(nest(MAX_JSON_DEPTH + 1))));
  const obj = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1);
  assert.deepEqual(jsonTextTooDeep(obj), tooDeep(JSON.parse(obj)));
  assert.equal(jsonTextTooDeep('"' + '['.repeat(100) + '"'), null, 'brackets in a string do not count');
  assert.equal(jsonTextTooDeep('["\\"' + '['.repeat(100) + '"]'), null, 'nor after an escaped quote');
  assert.equal(jsonTextTooDeep('["\\\\"' + ',[]'.repeat(100) + ']'), null, 'an escaped backslash ends no string early');
});

test('names the path through keys (escaped ones decoded) and array positions', () => {
  const body = `{"x":[1,"]",{"a\\"b":{},"e\\u0076ents":[0,0,${nest(MAX_JSON_DEPTH)}]}]}`;
  const found = jsonTextTooDeep(body);
  assert.deepEqual(found, tooDeep(JSON.parse(body)));
  assert.match(found!.path, /^x\.2\.events\.2\.0\.0/);
});

test('stops at the first level too deep: text past it, even not JSON, is never read', () => {
  // A deep prefix and then garbage: refused by the prefix (the parser would have thrown on the garbage).
  assert.ok(jsonTextTooDeep(nest(MAX_JSON_DEPTH + 1, '[', '') + 'not json at all'));
  assert.equal(jsonTextTooDeep('not json {"a": ['), null, 'not JSON and not deep: left to the parser');
});

test('agrees with tooDeep on any JSON value', () => {
  const deepish = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 40 }, fc.jsonValue({ maxDepth: 2 }), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3 })),
  })).value;
  const nested = fc.tuple(fc.integer({ min: 0, max: 40 }), deepish).map(([n, v]) => {
    let x: unknown = v;
    for (let i = 0; i < n; i++) x = i % 2 ? [x] : { k: x };
    return x;
  });
  fc.assert(fc.property(nested, (v) => {
    const text = JSON.stringify(v);
    assert.deepEqual(jsonTextTooDeep(text), tooDeep(JSON.parse(text)));
  }), { numRuns: 500 });
});
