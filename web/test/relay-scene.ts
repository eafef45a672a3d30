// The relay scene (SYNC-17): a medic's phone syncs a casualty and shows its hand-over code; a facility desk that has
// the phone's key reads and verifies it. Shared by relay.e2e.test.ts and desk.e2e.test.ts.
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { exportPublicKey, newDeviceKeys } from '../../src/interop/handover/code.ts';
import { phone, desktop, signIn, installed, quickCasualty, PASSWORD } from './harness.ts';
import type { e2eSuite } from './harness.ts';

/**
 * A medic's casualty, synced (unless `offline`: the phone then never reaches the server), and its hand-over code read
 * and verified by a facility desk (in `lang`; at 1280 px, or 360 px with `deskOnPhone`).
 */
export async function handedOver(env: ReturnType<typeof e2eSuite>, lang: 'en' | 'uk', o: { beforeScan?: (desk: BrowserContext) => Promise<unknown>; beforeCode?: (medic: Page, id: string) => Promise<unknown>; deskSkewMs?: number; deskOnPhone?: boolean; offline?: boolean; squatted?: string } = {}) {
  const desk = await (o.deskOnPhone ? phone : desktop)(env.browser, env.server.url, lang);
  if (o.deskSkewMs) await desk.page.clock.install({ time: new Date(Date.now() + o.deskSkewMs) });
  const A = await phone(env.browser, env.server.url, 'en');
  if (o.squatted) {
    // The medic's browser id, held by another user's key first (the clerk signed in under it and registered one).
    await squat(env.server.url, o.squatted);
    await A.page.goto('/');
    await A.page.evaluate((id) => localStorage.setItem('gh.device', id), o.squatted);
  }
  await signIn(desk.page, 'facility');
  await signIn(A.page, 'medic');
  await installed(A.page);
  await A.page.evaluate(() => window.dispatchEvent(new Event('online')));
  // A squatted browser's key is registered under a fresh id of the server's, which the app adopts.
  if (o.squatted) await A.page.waitForFunction((s) => localStorage.getItem('gh.device') !== s && localStorage.getItem('gh.key.registered') === localStorage.getItem('gh.device'), o.squatted, { timeout: 60_000 });
  const device = (await A.page.evaluate(() => localStorage.getItem('gh.device')))!;
  for (const deadline = Date.now() + 60_000; ;) {
    const k = await env.server.api<{ items: { id: string }[] }>('/api/device-keys');
    if (k.items.some((x) => x.id === device)) break;
    assert.ok(Date.now() < deadline, 'the medic\'s phone registered its key');
    await new Promise((r) => setTimeout(r, 200));
  }
  if (o.offline) await A.ctx.setOffline(true);
  const id = await quickCasualty(A.page);
  if (!o.offline) await A.page.waitForSelector('#outbox[data-pending="0"]', { state: 'attached', timeout: 45_000 });
  await o.beforeCode?.(A.page, id);
  await A.page.click('#open-handover');
  await A.page.waitForSelector('#handover-qr svg');
  const code = (await A.page.getAttribute('#handover-qr', 'data-code'))!;
  await desk.page.evaluate(() => window.dispatchEvent(new Event('online')));
  await desk.page.waitForFunction((d) => (localStorage.getItem('gh.keys') ?? '').includes(d), device, { timeout: 45_000 });
  await o.beforeScan?.(desk.ctx);
  await desk.page.evaluate(() => (location.hash = '#/scan'));
  await desk.page.fill('#scan-text', code);
  await desk.page.click('#scan-read');
  await desk.page.waitForSelector('#scan-result[data-verified="true"]', { timeout: 30_000 });
  return { desk, medic: A, id, close: async () => { await desk.ctx.close(); await A.ctx.close(); } };
}

/** The facility clerk signs in naming browser `deviceId` and registers a key under it first. */
async function squat(url: string, deviceId: string): Promise<void> {
  const post = (path: string, body: unknown, token?: string) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const r = await post('/api/auth/login', { username: 'facility', password: PASSWORD, deviceId });
  assert.equal(r.status, 200);
  const { token } = (await r.json()) as { token: string };
  const k = await post('/api/device-keys', { publicKey: await exportPublicKey((await newDeviceKeys()).publicKey) }, token);
  assert.equal(k.status, 201);
}
