// Group commit (issue 16 item 1): N writers each waiting for their answer share one commit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupCommit } from './group-commit.ts';

/** `turns` turns of the event loop (a reply's way to the client and the next request's way back). */
const turns = (n: number): Promise<void> => new Promise((ok) => {
  const step = (k: number) => (k === 0 ? ok() : setImmediate(() => step(k - 1)));
  step(n);
});

/**
 * N writers, each submitting again once answered: one of them quickly (1 turn), the others more slowly (4 turns),
 * as a client whose answer left first is back first. Answers the sizes of the commits.
 */
async function writers(gather: boolean, n = 8, rounds = 30): Promise<number[]> {
  const sizes: number[] = [];
  // A synchronous commit, as node:sqlite's: nothing else runs while it does.
  const g = groupCommit<number, number>((batch) => (sizes.push(batch.length), batch), gather ? { gather: true, gatherMs: 60_000 } : {});
  await Promise.all(Array.from({ length: n }, async (_, w) => {
    for (let r = 0; r < rounds; r++) {
      assert.equal(await g.submit(w), w);
      await turns(w === 0 ? 1 : 4);
    }
  }));
  await g.drain();
  return sizes;
}

describe('group commit', () => {
  it('without gathering, 8 writers fall into commits of 1 and 7 appends (two fsyncs for 8)', async () => {
    const sizes = await writers(false);
    assert.ok(sizes.filter((s) => s < 8).length > sizes.length / 3, `commit sizes ${sizes.join(' ')}`);
  });

  it('gathering (SQLite): after the first commit, every commit holds all 8 writers', async () => {
    const sizes = await writers(true);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 8 * 30, 'every append committed once');
    assert.deepEqual(sizes.slice(1).filter((s) => s !== 8), [], `commit sizes ${sizes.join(' ')}`);
  });

  it('a lone writer never waits for others: one commit per append, answered before the deadline could pass', async () => {
    const sizes: number[] = [];
    const g = groupCommit<number, number>((batch) => (sizes.push(batch.length), batch), { gather: true, gatherMs: 60_000 });
    for (let i = 0; i < 20; i++) assert.equal(await g.submit(i), i);
    assert.deepEqual(sizes, Array(20).fill(1));
  });
});
