// Issue 16 (the mixed run): a casualty list serialises each casualty's bounded summary once per version and clock
// state and splices the answer from the kept parts; what it answers is what serialising afresh gives, clocks too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { boundSummary, uuidv7 } from '../core/index.ts';
import { at, T0 } from '../../test/support/events.ts';
import type { TestApp } from '../../test/support/test-app.ts';
import { sqliteTestApp } from '../../test/support/test-app.ts';
import { advanceClocks } from './clocks.ts';
import { listJsonCounts } from './list-json.ts';

let now = at(60);
let t: TestApp;
before(async () => {
  t = await sqliteTestApp({ now: () => now });
});
after(async () => {
  await t.close();
});

const post = async (url: string, body: unknown) => {
  const r = await t.app.inject({ method: 'POST', url, payload: body as object });
  assert.ok(r.statusCode < 300, r.body);
};
/** The list answer, and how many summaries it serialised and reused. */
const list = async () => {
  const before = { ...listJsonCounts };
  const r = await t.app.inject({ method: 'GET', url: '/api/casualties' });
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  return { body: r.json() as { casualties: { id: string; state: { tourniquets: unknown[] } }[]; head: number }, serialised: listJsonCounts.serialised - before.serialised, reused: listJsonCounts.reused - before.reused };
};
/** What the route answered before: every summary bounded and serialised afresh. */
const afresh = async () => JSON.parse(JSON.stringify({ casualties: (await t.store.casualties({})).map((c) => boundSummary(advanceClocks(c, now))), head: await t.store.head() })) as unknown;

test('a list serialises only the casualties written since the last read, and those whose clocks run', async () => {
  const [plain, tq, other] = [uuidv7(), uuidv7(), uuidv7()];
  for (const id of [plain, tq, other]) await post('/api/casualties', { id, injuredAt: T0, sex: 'male' });
  await post(`/api/casualties/${tq}/events`, { events: [{ id: uuidv7(), type: 'tourniquet.applied', at: at(5), payload: { limb: 'left-arm' } }] });

  const first = await list();
  assert.deepEqual([first.serialised, first.reused], [3, 0]);
  assert.deepEqual(first.body, await afresh());

  const again = await list();
  assert.deepEqual([again.serialised, again.reused], [1, 2], 'only the running tourniquet is serialised again');
  assert.deepEqual(again.body, first.body);

  now = at(75);
  const later = await list();
  assert.deepEqual([later.serialised, later.reused], [1, 2]);
  assert.deepEqual(later.body, await afresh(), 'the tourniquet\'s clock ran on');
  const tqOf = (b: typeof first.body) => JSON.stringify(b.casualties.find((c) => c.id === tq)!.state.tourniquets);
  assert.notEqual(tqOf(later.body), tqOf(first.body));

  await post(`/api/casualties/${plain}/events`, { events: [{ id: uuidv7(), type: 'note', at: at(70), payload: { text: 'written' } }] });
  const written = await list();
  assert.deepEqual([written.serialised, written.reused], [2, 1], 'the written casualty and the running clock');
  assert.deepEqual(written.body, await afresh());
});
