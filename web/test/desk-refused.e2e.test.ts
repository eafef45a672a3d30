// SYNC-23 on the desk's screen: an arrival by a code the server refuses for a reason the desk can meet with a genuine
// code — the sender's phone revoked or account disabled since — says so in the desk's language in the hand-over
// section, not only "refused: see the outbox". Before, the server took such an arrival (a revoked phone's codes
// admitted for 72 h), and the section said only that the arrival was sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eSuite, seedDemo, axe } from './harness.ts';
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
