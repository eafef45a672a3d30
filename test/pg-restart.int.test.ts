// Issue 14 item 3: the server survives PostgreSQL restarting under write load (short run; the long one is
// `npm run bench:pg-restart`). Before, the server process died of an unhandled 'error' on a pg client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pgRestartSoak } from './support/pg-restart.ts';

test('PostgreSQL killed and restarted twice under write load: the server keeps answering (503 meanwhile), nothing acknowledged lost', { timeout: 240_000 }, async () => {
  const r = await pgRestartSoak({ cycles: 2, writers: 3 });
  assert.ok(r.serverAlive, 'the server process is still running');
  assert.deepEqual(r.badAnswers, [], 'during the outage every answer is a 503 in the error shape');
  assert.ok(r.acknowledged > 0);
  assert.equal(r.lost, 0, 'acknowledged events lost');
  assert.equal(r.duplicates, 0);
  assert.equal(r.gaps, 0);
  assert.ok(r.recoverySeconds.every((s) => s < 20), `writes succeed again within seconds: ${r.recoverySeconds}`);
  assert.deepEqual(r.streamAfterRestart, [true, true], 'the live stream delivers again (the bus re-listened)');
});
