import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HashGate, HashingBusy, dummyHash, hashPassword, passwordHashing, verifyPassword } from './crypto.ts';

const deferred = () => {
  let open!: () => void;
  const p = new Promise<void>((res) => (open = res));
  return { p, open };
};

test('the hash gate runs at most `atOnce`, queues at most `waiting` in order, refuses the rest, and frees a failed slot', async () => {
  const gate = new HashGate(2, 2);
  const started: number[] = [];
  let peak = 0;
  const holds = [0, 1, 2, 3].map(() => deferred());
  const runs = holds.map((h, i) => gate.run(async () => {
    started.push(i);
    peak = Math.max(peak, gate.running);
    await h.p;
    if (i === 0) throw new Error('hash failed');
    return i;
  }));
  await assert.rejects(gate.run(async () => 9), HashingBusy, 'a fifth while two run and two wait is refused');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, [0, 1]);
  assert.equal(gate.queued, 2);
  holds[0]!.open();
  await assert.rejects(runs[0]!, /hash failed/);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, [0, 1, 2], 'the failed run gave its slot to the first in line');
  for (const h of holds) h.open();
  assert.deepEqual(await Promise.all(runs.slice(1)), [1, 2, 3]);
  assert.equal(peak, 2);
  assert.equal(gate.running, 0);
  assert.equal(gate.queued, 0);
});

test('password hashes go through the server gate: six at once run two at a time and all verify correctly', async () => {
  const stored = await hashPassword('correct horse battery');
  const checks = [0, 1, 2, 3, 4, 5].map((i) => verifyPassword(i % 2 ? 'correct horse battery' : 'wrong horse', stored));
  await new Promise((r) => setImmediate(r));
  assert.equal(passwordHashing.running, 2);
  assert.equal(passwordHashing.queued, 4);
  assert.deepEqual(await Promise.all(checks), [false, true, false, true, false, true]);
  assert.equal(passwordHashing.running, 0);
});

test('a stored hash names its cost: 2^15, or 2^10 under PASSWORD_COST=low (tests); each verifies at its own cost', async () => {
  const was = process.env.PASSWORD_COST;
  const at = async (cost: string | undefined) => {
    if (cost === undefined) delete process.env.PASSWORD_COST;
    else process.env.PASSWORD_COST = cost;
    return { stored: await hashPassword('correct horse battery'), dummy: dummyHash() };
  };
  try {
    const real = await at(undefined);
    const low = await at('low');
    assert.match(real.stored, /^scrypt\$32768\$8\$1\$/);
    assert.match(real.dummy, /^scrypt\$32768\$/, 'an unknown user costs what a known one does');
    assert.match(low.stored, /^scrypt\$1024\$8\$1\$/);
    assert.match(low.dummy, /^scrypt\$1024\$/);
    for (const setting of ['low', undefined]) {
      await at(setting);
      assert.equal(await verifyPassword('correct horse battery', real.stored), true, `real-cost hash, PASSWORD_COST=${setting}`);
      assert.equal(await verifyPassword('correct horse battery', low.stored), true, `low-cost hash, PASSWORD_COST=${setting}`);
      assert.equal(await verifyPassword('correct horse batterx', low.stored), false);
    }
  } finally {
    if (was === undefined) delete process.env.PASSWORD_COST;
    else process.env.PASSWORD_COST = was;
  }
});
