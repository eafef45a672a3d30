// WorkerThread (the plan thread's and the proposal worker's one mechanism): answers go to the job that asked, an
// error answer rejects only its job, a thread that dies fails what it had in flight and the next job starts a new
// thread (generation moves, so holders of state there resend it), and close fails jobs in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerThread } from './worker-thread.ts';

type EchoAnswer = { id: number; ok: true; cpuMs: number; seen: number } | { id: number; ok: false; error: string };
const echoWorker = new URL('../../test/support/echo-worker.ts', import.meta.url);
const job = (t: WorkerThread<EchoAnswer>, op: string) => ({ id: t.nextId(), op });

test('each job gets its own answer; an error answer rejects only its job', async () => {
  const t = new WorkerThread<EchoAnswer>(echoWorker, 'echo thread');
  try {
    const w = t.worker;
    assert.equal(t.generation, 1);
    const jobs = [t.run(w, job(t, 'echo')), t.run(w, job(t, 'fail')), t.run(w, job(t, 'echo'))];
    assert.equal(t.running, 3);
    const [a, b, c] = jobs as [Promise<{ seen: number }>, Promise<unknown>, Promise<{ seen: number }>];
    const failed = assert.rejects(b, /^Error: asked to fail$/);
    assert.equal((await a).seen, 1);
    assert.equal((await c).seen, 3, 'the failed job was seen by the same thread');
    await failed;
    assert.equal(t.running, 0);
    t.tell({ note: 'x' });
    const d = await t.run(t.worker, job(t, 'echo'));
    assert.equal(d.seen, 1004, 'a told message reaches the same thread, before the next job');
    assert.equal(t.generation, 1, 'no new thread while the first lives');
  } finally {
    await t.close();
  }
});

test('a thread that dies fails its jobs in flight; the next job starts a new thread and generation moves', async () => {
  const t = new WorkerThread<EchoAnswer>(echoWorker, 'echo thread');
  try {
    const w = t.worker;
    const held = t.run(w, job(t, 'hold'));
    const died = t.run(w, job(t, 'die'));
    await assert.rejects(died, /echo thread stopped \(exit code 3\)/);
    await assert.rejects(held, /echo thread stopped/);
    assert.equal(t.running, 0);
    const again = await t.run(t.worker, job(t, 'echo'));
    assert.equal(again.seen, 1, 'a fresh thread, with nothing of the old one');
    assert.equal(t.generation, 2);
  } finally {
    await t.close();
  }
});

test('close fails the jobs in flight, and tell with no thread starts none', async () => {
  const t = new WorkerThread<EchoAnswer>(echoWorker, 'echo thread');
  t.tell({ note: 'nobody' });
  assert.equal(t.generation, 0, 'a told message does not start a thread');
  const held = t.run(t.worker, job(t, 'hold'));
  await t.close();
  await assert.rejects(held, /echo thread stopped/);
  assert.equal(t.running, 0);
});
