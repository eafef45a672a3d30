// The LISTEN's catch-up (postgres-listen.ts catchUp) against a stand-in database: its one read, and an own commit
// the read saw that has not answered yet — the row must not look moved because of this process's own write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Projection } from '../core/index.ts';
import { appendMemory } from './postgres-append.ts';
import { catchUp } from './postgres-listen.ts';

const row = (lastSeq: number) => ({ summary: { lastSeq } }) as unknown as Projection;

test('the catch-up is one read of the remembered ids; an own commit in flight is remembered before the rows are compared', async () => {
  const memory = appendMemory();
  memory.projections.set('mine', row(5));
  memory.projections.set('quiet', row(3));
  memory.projections.set('theirs', row(4));
  // This process's commit of 'mine' (last_seq 9) is in the database, its answer not back yet.
  let answer!: () => void;
  const commit = new Promise<void>((ok) => (answer = ok)).then(() => memory.projections.set('mine', row(9)));
  memory.busy.add(commit);
  const reads: unknown[][] = [];
  const db = {
    query(sql: string, params: unknown[]) {
      reads.push([sql, params]);
      setTimeout(answer, 10); // the commit answers after the catch-up's read
      return Promise.resolve({ rows: [{ id: 'mine', last_seq: '9' }, { id: 'quiet', last_seq: '3' }, { id: 'theirs', last_seq: '7' }] });
    },
  };
  await catchUp(db, memory);
  assert.equal(reads.length, 1);
  assert.deepEqual((reads[0]![1] as string[][])[0], ['mine', 'quiet', 'theirs']);
  assert.deepEqual([...memory.projections.keys()].sort(), ['mine', 'quiet'], "only the row another process moved is forgotten");
});

test('a failed catch-up read forgets the whole memory', async () => {
  const memory = appendMemory();
  memory.projections.set('a', row(1));
  memory.since.set('a', 0);
  await catchUp({ query: () => Promise.reject(new Error('down')) }, memory);
  assert.deepEqual([memory.projections.size, memory.since.size], [0, 0]);
});
