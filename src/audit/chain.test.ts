// verifyChain (chain.ts) over a fact stream's chain as the database stores it: rows of fields, each field bytes
// (numbers as 32-bit integers, text as UTF-8, detail and items as JSON text). The chain is written by the real
// `nextFactAudit` and checked with the real hashes. Property: one byte changed anywhere — an entry's number, time,
// author, detail, items, links or hash; the head's number, hash or legacy boundary; a stored fact's id, number or content — is found.
// A change that leaves every field meaning the same (a JSON escape spelled \u001F for \u001f) is no tamper: the hashes
// cover content, not its spelling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { factAuditHash, factHash, nextFactAudit } from '../storage/fact-audit.ts';
import type { ChainItem } from '../storage/fact-audit.ts';
import { GENESIS, verifyChain } from './chain.ts';
import type { ChainPager, Written } from './chain.ts';

type Kind = 'int' | 'text' | 'json';
interface Field { kind: Kind; bytes: Uint8Array }
/** The stored chain: entry rows, the head row, the fact rows; every field named so a test can change one byte of it. */
interface Stored { entries: Field[][]; head: Field[]; facts: Field[][] }

const int = (n: number): Field => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, n);
  return { kind: 'int', bytes };
};
const text = (s: string): Field => ({ kind: 'text', bytes: new TextEncoder().encode(s) });
const json = (v: unknown): Field => ({ kind: 'json', bytes: new TextEncoder().encode(JSON.stringify(v)) });
/** Read a field as the database driver would hand it over: a byte that breaks UTF-8 or JSON makes the read throw. */
const read = (f: Field): unknown => {
  if (f.kind === 'int') return new DataView(f.bytes.buffer, f.bytes.byteOffset, 4).getInt32(0);
  const s = new TextDecoder('utf-8', { fatal: true }).decode(f.bytes);
  return f.kind === 'json' ? (JSON.parse(s) as unknown) : s;
};

interface Fact { id: string; content: { name: string; grade: number; note?: string } }

/** Write `batches` of facts through the chain, as the workforce log's door does, and lay the result out as stored. */
function store(batches: Fact[][]): Stored {
  let head = { seq: 0, hash: GENESIS };
  let n = 0;
  const entries: Field[][] = [];
  const facts: Field[][] = [];
  batches.forEach((batch, b) => {
    const items: ChainItem[] = batch.map((f) => [f.id, ++n, factHash(f.content)]);
    batch.forEach((f, i) => facts.push([text(f.id), int(items[i]![1]), json(f.content)]));
    const e = nextFactAudit('workforce', head, items, { actor: `actor-${b}`, deviceId: null, action: 'append', detail: { batch: b } }, new Date(Date.UTC(2026, 0, 1, 0, b)).toISOString());
    entries.push([int(e.seq), text(e.at), text(e.actor), text(e.action), json(e.detail), json(e.items), text(e.prevHash), text(e.hash)]);
    head = { seq: e.seq, hash: e.hash };
  });
  return { entries, head: [int(head.seq), text(head.hash), int(0)], facts };
}

/** The verifier's view of the stored chain, pages of `page` rows ordered by number as SQL would return them. */
function pager(s: Stored, page: number): ChainPager {
  const entryOf = (row: Field[]) => {
    const [seq, at, actor, action, detail, items, prevHash, hash] = row.map(read) as [number, string, string, string, Record<string, unknown>, ChainItem[], string, string];
    return { seq, prevHash, hash, items, recomputed: factAuditHash(prevHash, { stream: 'workforce', seq, at, actor, action, detail, items }) };
  };
  const factOf = (row: Field[]): Written => {
    const [id, seq, content] = row.map(read) as [string, number, unknown];
    return [id, seq, factHash(content)];
  };
  const after = <T,>(rows: T[], seqOf: (x: T) => number, from: number, limit: number): T[] =>
    rows.filter((x) => seqOf(x) > from).sort((a, b) => seqOf(a) - seqOf(b)).slice(0, limit);
  return {
    words: { entry: 'workforce audit entry', head: 'workforce audit head', item: 'workforce fact', number: 'number' },
    page,
    entries: async (from, limit) => after(s.entries.map(entryOf), (e) => e.seq, from, limit),
    head: async () => ({ seq: read(s.head[0]!) as number, hash: read(s.head[1]!) as string, legacyThrough: read(s.head[2]!) as number }),
    items: async (from, limit) => after(s.facts.map(factOf), (f) => f[1], from, limit),
  };
}

const fieldsOf = (s: Stored): Field[] => [...s.entries.flat(), ...s.head, ...s.facts.flat()];
/** What every field means (undefined where it cannot be read): equal meanings, equal chains. */
const meaning = (s: Stored): unknown[] => fieldsOf(s).map((f) => {
  try {
    return read(f);
  } catch {
    return undefined;
  }
});
function tamper(s: Stored, at: number, xor: number): Stored {
  const copy: Stored = structuredClone(s);
  const fields = fieldsOf(copy);
  let i = at % fields.reduce((n, f) => n + f.bytes.length, 0);
  const f = fields.find((x) => (i < x.bytes.length ? true : ((i -= x.bytes.length), false)))!;
  f.bytes[i]! ^= xor;
  return copy;
}

const facts = fc.array(fc.array(fc.record({ name: fc.string({ unit: 'binary', maxLength: 12 }), grade: fc.integer({ min: 0, max: 5000 }), note: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }) }, { requiredKeys: ['name', 'grade'] }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 })
  .map((batches) => batches.map((b, i) => b.map((content, j): Fact => ({ id: `fact-${i}-${j}`, content }))));

test('an untouched chain verifies, read a page at a time', async () => {
  await fc.assert(fc.asyncProperty(facts, fc.integer({ min: 1, max: 5 }), async (batches, page) => {
    const r = await verifyChain(pager(store(batches), page));
    assert.deepEqual(r.problems, []);
    assert.equal(r.entries, batches.length);
    assert.equal(r.items, batches.flat().length);
  }), { numRuns: 100 });
});

test('one byte changed anywhere in the stored chain is found', async () => {
  await fc.assert(fc.asyncProperty(facts, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.integer({ min: 1, max: 5 }), async (batches, at, xor, page) => {
    const stored = store(batches);
    const changed = tamper(stored, at, xor);
    fc.pre(!isDeepStrictEqual(meaning(changed), meaning(stored))); // the same content spelled otherwise: no tamper
    const r = await verifyChain(pager(changed, page));
    assert.equal(r.ok, false, 'the change went unnoticed');
    assert.ok(r.problems.length > 0);
  }), { numRuns: 500 });
});

test('the problems say what was done: an edited fact, a deleted one, one inserted behind the door', async () => {
  const stored = store([[{ id: 'a', content: { name: 'A', grade: 1 } }, { id: 'b', content: { name: 'B', grade: 2 } }], [{ id: 'c', content: { name: 'C', grade: 3 } }]]);
  stored.facts[0]![2] = json({ name: 'A', grade: 9 });
  stored.facts.splice(1, 1);
  stored.facts.push([text('sneaky'), int(4), json({ name: 'S', grade: 0 })]);
  const r = await verifyChain(pager(stored, 2));
  assert.deepEqual(r.problems.sort(), [
    'workforce fact a (number 1) differs from what entry 1 recorded (edited)',
    'workforce fact b (number 2) written by entry 1 is gone (deleted)',
    'workforce fact sneaky (number 4) is stored but no audit entry wrote it (inserted)',
  ]);
});

test('raising the legacy boundary to hide a fact inserted behind the door is found', async () => {
  const stored = store([[{ id: 'a', content: { name: 'A', grade: 1 } }], [{ id: 'b', content: { name: 'B', grade: 2 } }]]);
  stored.facts.push([text('sneaky'), int(3), json({ name: 'S', grade: 0 })]);
  stored.head[2] = int(3);
  const r = await verifyChain(pager(stored, 2));
  assert.deepEqual(r.problems, ['workforce audit head: legacy boundary 3 covers workforce fact a (number 1) written by entry 1: the boundary was moved']);
});
