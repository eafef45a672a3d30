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

  it('second commit in flight (PostgreSQL): items of other keys commit beside a running one; a shared key waits', async () => {
    // A commit ends when the test says so, as a CALL waiting for its flush.
    const ends: (() => void)[] = [];
    const log: { slot: number; items: string[] }[] = [];
    let flying = 0;
    let most = 0;
    let allowed = true;
    const g = groupCommit<string, string>(async (batch, slot) => {
      log.push({ slot, items: batch });
      most = Math.max(most, ++flying);
      await new Promise<void>((ok) => ends.push(ok));
      flying--;
      return batch;
    }, { second: { keys: (x) => [x.split(':')[0]!], when: () => allowed } });
    const a1 = g.submit('a:1');
    await turns(2);
    assert.deepEqual(log, [{ slot: 0, items: ['a:1'] }]);
    // While a:1 is in flight: b and c go in a second commit at once; a:2 and a:3 wait for a:1.
    const rest = ['a:2', 'b:1', 'c:1', 'a:3'].map((x) => g.submit(x));
    await turns(2);
    assert.equal(most, 2, 'two commits in flight at once');
    assert.deepEqual(log[1], { slot: 1, items: ['b:1', 'c:1'] });
    ends.shift()!(); // a:1 done: a:2 and a:3 go next, in order, in one commit
    assert.equal(await a1, 'a:1');
    await turns(2);
    assert.deepEqual(log[2]!.items, ['a:2', 'a:3']);
    // Not allowed (no other process appending): one commit at a time, as before.
    allowed = false;
    const d = g.submit('d:1');
    await turns(2);
    assert.equal(log.length, 3, 'd:1 waits while a commit of slot 0 is in flight');
    while (ends.length) ends.shift()!();
    await turns(2);
    while (ends.length) ends.shift()!();
    assert.deepEqual(await Promise.all([...rest, d]), ['a:2', 'b:1', 'c:1', 'a:3', 'd:1']);
    await g.drain();
  });

  it('more commits in flight (2–4): every item committed once, per key in submission order (random schedules)', async () => {
    for (let run = 0; run < 30; run++) {
      const slots = 2 + (run % 3);
      const committed: string[] = [];
      let flying = 0;
      const g = groupCommit<string, string>(async (batch) => {
        if (++flying > slots) throw new Error(`more than ${slots} in flight`);
        await turns(1 + Math.floor(Math.random() * 4));
        committed.push(...batch);
        flying--;
        return batch;
      }, { second: { slots, keys: (x) => [x.split(':')[0]!], when: () => Math.random() < 0.8 } });
      const items = Array.from({ length: 60 }, (_, i) => `${'abcd'[Math.floor(Math.random() * 4)]}:${i}`);
      const answers: Promise<string>[] = [];
      for (const x of items) {
        answers.push(g.submit(x));
        if (Math.random() < 0.5) await turns(1);
      }
      assert.deepEqual(await Promise.all(answers), items);
      await g.drain();
      assert.equal(committed.length, items.length);
      for (const k of 'abcd') assert.deepEqual(committed.filter((x) => x.startsWith(k)), items.filter((x) => x.startsWith(k)));
    }
  });
});
