// SYNC-24, the door's side: the database refuses an append that claims a code received elsewhere (migrations 033/036),
// and on PostgreSQL the refusal takes the whole group-committed transaction with it — other writers' batches queued
// with it included. The door decides such a batch again from the database instead of failing it: a batch claiming no
// code is then stored (before: the refusal went to its writer as a server error).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../core/index.ts';
import { openSqliteStore } from '../storage/sqlite.ts';
import type { Store } from '../storage/port.ts';
import { processLog } from './service.ts';

test('SYNC-24 a batch sharing a transaction refused for a code received elsewhere is decided again and stored', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-receipt-'));
  const real = await openSqliteStore({ dataDir: dir });
  after(async () => {
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await real.migrate();
  let refusals = 1;
  const store = new Proxy(real, {
    get(o, k) {
      if (k === 'append')
        return (...a: Parameters<Store['append']>) =>
          refusals-- > 0 ? Promise.reject(new Error(`the hand-over code ${'ab'.repeat(32)} was already received at r2-a`)) : o.append(...a);
      const v = Reflect.get(o, k) as unknown;
      return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(o) : v;
    },
  });
  const log = processLog({ store, bus: { publish: () => undefined } }, 'test');
  const id = uuidv7();
  const at = new Date().toISOString();
  const r = await log.record([{ id: uuidv7(), casualtyId: id, type: 'registered', at, payload: { injuredAt: at, unitId: 'a-coy' } }]);
  assert.equal(r.accepted, 1);
  assert.equal((await real.eventsOf(id)).length, 1);
});
