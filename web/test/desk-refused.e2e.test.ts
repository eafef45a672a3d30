// SYNC-23 on the desk's screen: an arrival by a code the server refuses for a reason the desk can meet with a genuine
// code — the sender's phone revoked or account disabled since — says so in the desk's language in the hand-over
// section, not only "refused: see the outbox". Before, the server took such an arrival (a revoked phone's codes
// admitted for 72 h), and the section said only that the arrival was sent. SYNC-24: a code for another facility too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import type { StoredEvent } from '../../src/core/index.ts';
import type { Page } from 'playwright-core';
import { exportPublicKey, fromQrText, newDeviceKeys, openHandover, packHandover, toQrText } from '../../src/interop/handover/code.ts';
import { e2eSuite, seedDemo, axe, phone, signIn } from './harness.ts';
import { handedOver } from './relay-scene.ts';

const env = e2eSuite({ prepare: seedDemo });
const FAC = 'r2-kramatorsk';
const SAID = {
  en: "Refused: the sender's phone or account is blocked",
  uk: 'Відхилено: телефон чи акаунт відправника заблоковано',
};

for (const lang of ['uk', 'en'] as const)
test(`SYNC-23: the desk says why the arrival by a disabled medic's code was refused (${lang}, 360 px)`, { timeout: 300_000 }, async () => {
  const { desk, id, close } = await handedOver(env, lang, { deskOnPhone: true });
  const medic = (disabled: boolean) => env.server.api('/api/users/medic', { method: 'PATCH', user: 'admin', body: { disabled } });
  try {
    await desk.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { state: 'attached', timeout: 60_000 });
    await medic(true);
    await desk.page.goto(`/#/facility/${FAC}`);
    await desk.page.locator(`[data-handed-arrival="${id}"]`).click();
    const said = desk.page.locator(`[data-handed="${id}"] [data-handed-status="rejected"]`);
    await said.waitFor({ timeout: 60_000 });
    assert.equal(await said.textContent(), SAID[lang]);
    await axe(desk.page, `the desk's refused arrival (${lang})`, { within: '#main' });
  } finally {
    await medic(false);
    await close();
  }
});

const FOR = {
  en: 'Refused: the code is for r1-druzhkivka',
  uk: 'Відхилено: код призначено для r1-druzhkivka',
};

// The medic's phone knew the casualty was going to R1 Druzhkivka, so its code names it; R2 Kramatorsk's desk got a
// copy. Before, the desk was admitted (the code named no receiver); now the desk says the code is for the other one.
for (const lang of ['uk', 'en'] as const)
test(`SYNC-24: the desk says the arrival by a code for another facility was refused (${lang}, 360 px)`, { timeout: 300_000 }, async () => {
  const keys = await newDeviceKeys();
  const device = (await env.server.api<{ item: { id: string } }>('/api/device-keys', { user: 'medic', body: { publicKey: await exportPublicKey(keys.publicKey) } })).item.id;
  const id = uuidv7();
  await env.server.api('/api/casualties', { user: 'medic', body: { id, injuredAt: new Date(Date.now() - 20 * 60_000).toISOString(), unitId: 'bde-3' } });
  const { events } = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`, { user: 'medic' });
  const code = toQrText(await packHandover({ casualtyId: id, signer: device, author: 'medic', events, clockMs: Date.now(), facility: 'r1-druzhkivka' }, keys.privateKey));
  const desk = await phone(env.browser, env.server.url, lang);
  try {
    await signIn(desk.page, 'facility');
    await desk.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await desk.page.waitForFunction((d) => (localStorage.getItem('gh.keys') ?? '').includes(d), device, { timeout: 45_000 });
    await desk.page.evaluate(() => (location.hash = '#/scan'));
    await desk.page.fill('#scan-text', code);
    await desk.page.click('#scan-read');
    await desk.page.waitForSelector('#scan-result[data-verified="true"]', { timeout: 30_000 });
    await desk.page.goto(`/#/facility/${FAC}`);
    await desk.page.locator(`[data-handed-arrival="${id}"]`).click();
    const said = desk.page.locator(`[data-handed="${id}"] [data-handed-status="rejected"]`);
    await said.waitFor({ timeout: 60_000 });
    assert.equal(await said.textContent(), FOR[lang]);
    await axe(desk.page, `the desk's arrival by a code for another facility (${lang})`, { within: '#main' });
  } finally {
    await desk.ctx.close();
  }
});

// End to end: the dispatcher sends the casualty to R1 Druzhkivka; the medic's phone, having read that, makes a code
// naming it; R2 Kramatorsk's desk scans it and is refused, saying so. The phone's own code carries its destination.
test('SYNC-24: the medic\'s phone names the destination it knows in its code; another facility\'s desk is refused (en)', { timeout: 300_000 }, async () => {
  const toR1 = async (medic: Page, id: string) => {
    await env.server.api(`/api/casualties/${id}/events`, { user: 'dispatcher', body: { events: [{ id: uuidv7(), type: 'destination', at: new Date().toISOString(), payload: { facilityId: 'r1-druzhkivka' } }] } });
    await medic.evaluate((c) => (location.hash = `#/c/${c}/timeline`), id); // the timeline reads the server's copy
    await medic.waitForSelector('[data-type="destination"]', { timeout: 45_000 });
    await medic.evaluate((c) => (location.hash = `#/c/${c}`), id);
    await medic.waitForSelector('#open-handover');
  };
  const { desk, medic, id, close } = await handedOver(env, 'en', { deskOnPhone: true, beforeCode: toR1 });
  try {
    const code = (await medic.page.getAttribute('#handover-qr', 'data-code'))!;
    assert.equal((await openHandover(fromQrText(code), { deviceId: 'x', author: 'x', now: new Date().toISOString() })).card.facility, 'r1-druzhkivka');
    await desk.page.goto(`/#/facility/${FAC}`);
    await desk.page.locator(`[data-handed-arrival="${id}"]`).click();
    const said = desk.page.locator(`[data-handed="${id}"] [data-handed-status="rejected"]`);
    await said.waitFor({ timeout: 60_000 });
    assert.equal(await said.textContent(), FOR.en);
  } finally {
    await close();
  }
});
