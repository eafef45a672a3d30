// Found in session 39 (attacker review): reads name the casualties they returned (docs/security.md), but the bulk
// exports named none (`exportCasualties` and `exportEvents` never reported what they read), and an answer naming more
// than 1,000 casualties had its list cut at 1,000 in the audit entry while the accounting drill returns up to 2,000.
// Every id an answer shows is now in its audit entry, however many.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';
import type { AuthTestApp } from '../support/auth.ts';

let t: AuthTestApp;
before(async () => {
  t = await authTestApp();
});
after(async () => t.close());

const MANY = 1_050; // above the old cut of 1,000
const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

async function lastEntry(actor: string, action: string): Promise<{ casualties?: string[] }> {
  const mine = (await t.trust.audit.entries(0, 100_000)).filter((e) => e.actor === actor && e.action === action);
  assert.ok(mine.length > 0, `no audit entry for ${action}`);
  return mine.at(-1)!.detail as { casualties?: string[] };
}

test('bulk exports and the accounting drill name every casualty they returned in the audit, past 1,000', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['alpha'] });
  const admin = await createUserAndLogin(t, 'admin');
  const commander = await createUserAndLogin(t, 'commander');
  const ids: string[] = [];
  for (let k = 0; k < MANY; k += 50) {
    const batch = Array.from({ length: Math.min(50, MANY - k) }, () => uuidv7());
    const answers = await Promise.all(
      batch.map((id) => t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id, injuredAt: ago(30), unitId: 'alpha' } })),
    );
    for (const r of answers) assert.equal(r.statusCode, 201, r.body);
    ids.push(...batch);
  }
  const all = [...ids].sort();

  for (const url of ['/api/export/casualties.csv', '/api/export/events.csv', '/api/export/casualties.geojson']) {
    const r = await t.app.inject({ method: 'GET', url, headers: admin.headers });
    assert.equal(r.statusCode, 200, url);
    const named = (await lastEntry(admin.username, `GET ${url}`)).casualties ?? [];
    assert.deepEqual([...named].sort(), all, `${url}: the audit names every exported casualty`);
  }

  const drill = await t.app.inject({ method: 'GET', url: '/api/accounting/drill?figure=all&limit=2000', headers: commander.headers });
  assert.equal(drill.statusCode, 200, drill.body);
  const shown = (drill.json() as { casualties: { id: string }[] }).casualties.map((c) => c.id).sort();
  assert.ok(shown.length > 1_000, `the drill showed ${shown.length}`);
  const named = (await lastEntry(commander.username, 'GET /api/accounting/drill')).casualties ?? [];
  assert.deepEqual([...named].sort(), shown, 'the drill\'s audit names every casualty it showed');
});
