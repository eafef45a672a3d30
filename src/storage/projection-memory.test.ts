// The SQLite store's memory of projection rows: nothing is remembered that did not commit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProjectionMemory, deepFreeze } from './projection-memory.ts';

describe('ProjectionMemory (issue 16: the single writer remembers the rows it committed)', () => {
  it('an append\'s writes are seen by its own transaction at once, remembered only after COMMIT', () => {
    const m = new ProjectionMemory<{ v: number }>(10);
    m.write('a', { v: 1 });
    assert.deepEqual(m.get('a'), { v: 1 }, 'the transaction sees its own write');
    m.released();
    m.write('b', { v: 2 });
    m.rolledBack(); // this append was refused: its savepoint rolled back
    assert.equal(m.get('b'), undefined);
    m.committed();
    assert.deepEqual(m.get('a'), { v: 1 });
    assert.equal(m.get('b'), undefined);
  });

  it('a transaction that failed leaves the memory as it was before it', () => {
    const m = new ProjectionMemory<{ v: number }>(10);
    m.write('a', { v: 1 });
    m.released();
    m.committed();
    m.write('a', { v: 2 });
    m.released();
    m.aborted(); // COMMIT failed: the database still holds v 1
    assert.deepEqual(m.get('a'), { v: 1 });
  });

  it('a row read while a transaction is open is not remembered (it may be uncommitted)', () => {
    const m = new ProjectionMemory<{ v: number }>(10);
    m.write('a', { v: 1 });
    m.remember('x', { v: 9 });
    m.aborted();
    assert.equal(m.get('x'), undefined);
    m.remember('x', { v: 9 });
    assert.deepEqual(m.get('x'), { v: 9 });
  });

  it('what is remembered is frozen: a caller cannot change the next append\'s starting point', () => {
    const m = new ProjectionMemory<{ state: { notes: string[] } }>(10);
    m.write('a', { state: { notes: ['x'] } });
    const got = m.get('a')!;
    assert.throws(() => got.state.notes.push('y'), TypeError);
    assert.deepEqual(m.get('a'), { state: { notes: ['x'] } });
    assert.ok(Object.isFrozen(deepFreeze({ a: [{ b: 1 }] }).a[0]));
  });

  it('property: the memory agrees with a model database under any sequence of writes, refusals, commits and failures', () => {
    type Op = { kind: 'write'; id: number; v: number } | { kind: 'release' | 'rollback' | 'commit' | 'abort' } | { kind: 'read'; id: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), id: fc.nat(5), v: fc.nat() }),
      fc.record({ kind: fc.constantFrom('release' as const, 'rollback' as const, 'commit' as const, 'abort' as const) }),
      fc.record({ kind: fc.constant('read' as const), id: fc.nat(5) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (ops, max) => {
        const m = new ProjectionMemory<{ v: number }>(max);
        // The model: committed rows, the transaction's released rows, the append's rows (the database's view).
        const disk = new Map<number, number>();
        let tx = new Map<number, number>();
        let item = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'write') {
            item.set(o.id, o.v);
            m.write(String(o.id), { v: o.v });
          } else if (o.kind === 'release') {
            tx = new Map([...tx, ...item]);
            item = new Map();
            m.released();
          } else if (o.kind === 'rollback') {
            item = new Map();
            m.rolledBack();
          } else if (o.kind === 'commit') {
            for (const [k, v] of [...tx, ...item]) disk.set(k, v);
            tx = new Map();
            item = new Map();
            m.released();
            m.committed();
          } else if (o.kind === 'abort') {
            tx = new Map();
            item = new Map();
            m.aborted();
          } else if (o.kind === 'read') {
            const seen = item.get(o.id) ?? tx.get(o.id) ?? disk.get(o.id);
            const got = m.get(String(o.id));
            // The memory may have forgotten a row (bounded), never remember a wrong one.
            if (got !== undefined) assert.equal(got.v, seen);
            else if (!item.size && !tx.size && seen !== undefined) m.remember(String(o.id), { v: seen });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
