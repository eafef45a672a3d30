// What the phone does with a record it could not finish or could not deliver yet, on the real server in Chromium:
//  - the quick casualty's precedence tap, or a second limb's, made while the tourniquet tap is still being saved (a
//    slow phone: the encryption of every stored record is held until the test lets it go) is kept, not dropped as a
//    double tap;
//  - SYNC-20: a record the server refuses with 404 because what it builds on is not there yet (the casualty reached
//    this phone by a hand-over code from a phone still offline) stays in the outbox, the other casualties' records go
//    meanwhile, and it is delivered once the other phone brought the registration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { phone, signIn, openApp, installed, e2eSuite, quickCasualty } from './harness.ts';
import type { StoredEvent } from '../../src/core/index.ts';

const env = e2eSuite();

/** Every record the vault seals waits, while held, until released: the phone's storage made slow on demand. */
async function slowStorage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __hold(): void; __release(): void; __waiting: number };
    const encrypt = SubtleCrypto.prototype.encrypt;
    let gate: Promise<void> | null = null;
    let open = (): void => undefined;
    w.__waiting = 0;
    w.__hold = () => void (gate = new Promise<void>((r) => (open = r)));
    w.__release = () => {
      gate = null;
      open();
    };
    SubtleCrypto.prototype.encrypt = async function (this: SubtleCrypto, ...a: Parameters<SubtleCrypto['encrypt']>) {
      if (gate) {
        w.__waiting++;
        await gate;
        w.__waiting--;
      }
      return encrypt.apply(this, a);
    };
  });
}

test('a precedence tap made while the tourniquet is still being saved opens the card with both (not dropped)', async () => {
  const { ctx, page } = await phone(env.browser, env.server.url, 'en');
  try {
    await slowStorage(page);
    await openApp(page);
    await page.evaluate(() => (location.hash = '#/new'));
    await page.locator('[data-mech="gunshot"]').tap();
    await page.waitForSelector('[data-limb="left-leg"]');
    await page.evaluate(() => (window as unknown as { __hold(): void }).__hold());
    await page.locator('[data-limb="left-leg"]').tap();
    // The tourniquet's record is being written (held in its encryption) while the medic moves on.
    await page.waitForFunction(() => (window as unknown as { __waiting: number }).__waiting > 0, null, { timeout: 30_000 });
    await page.locator('#tq-next').tap();
    await page.locator('[data-prec="urgent"]').tap();
    await page.evaluate(() => (window as unknown as { __release(): void }).__release());
    // Before the fix the tap was taken for a double tap and dropped: the screen stayed on the precedence step.
    await page.waitForFunction(() => /^#\/c\//.test(location.hash) && document.querySelector('#card-head h2') !== null, null, { timeout: 30_000 });
    await page.waitForSelector('[data-tq="left-leg"] .clock');
    await page.waitForSelector('.seg [data-prec="urgent"].on');
    // registered, mechanism, tourniquet, precedence: all in the outbox
    await page.waitForSelector('#outbox[data-pending="4"]');
  } finally {
    await ctx.close();
  }
});

test('a second limb tapped while the first tourniquet is still being saved is a second tourniquet; the same limb again is a double tap', async () => {
  const { ctx, page } = await phone(env.browser, env.server.url, 'en');
  try {
    await slowStorage(page);
    await openApp(page);
    await page.evaluate(() => (location.hash = '#/new'));
    await page.locator('[data-mech="artillery"]').tap();
    await page.waitForSelector('[data-limb="right-leg"]');
    await page.evaluate(() => (window as unknown as { __hold(): void }).__hold());
    await page.locator('[data-limb="right-leg"]').tap();
    await page.waitForFunction(() => (window as unknown as { __waiting: number }).__waiting > 0, null, { timeout: 30_000 });
    await page.locator('[data-limb="right-leg"]').tap(); // a double tap: must not take the tourniquet off again
    await page.locator('[data-limb="left-arm"]').tap();
    await page.evaluate(() => (window as unknown as { __release(): void }).__release());
    // Before, any tap while a record was being written was dropped: the left arm's tourniquet was lost.
    await page.waitForSelector('[data-limb="right-leg"][aria-pressed="true"]', { timeout: 30_000 });
    await page.waitForSelector('[data-limb="left-arm"][aria-pressed="true"]', { timeout: 30_000 });
    await page.locator('#tq-next').tap();
    await page.locator('[data-prec="urgent"]').tap();
    await page.waitForSelector('[data-tq="left-arm"] .clock', { timeout: 30_000 });
    await page.waitForSelector('[data-tq="right-leg"] .clock');
    // registered, mechanism, two tourniquets, precedence
    await page.waitForSelector('#outbox[data-pending="5"]');
  } finally {
    await ctx.close();
  }
});

/** Signed in, and the service worker in control, so the app keeps running with no network. */
async function ready(page: Page): Promise<string> {
  await signIn(page, 'medic');
  await installed(page);
  return (await page.evaluate(() => localStorage.getItem('gh.device')))!;
}
const online = async (p: { ctx: { setOffline(o: boolean): Promise<void> }; page: Page }): Promise<void> => {
  await p.ctx.setOffline(false);
  await p.page.evaluate(() => window.dispatchEvent(new Event('online'))); // sync now, not at the next 15 s round
};
const serverLog = async (id: string): Promise<StoredEvent[] | null> => {
  try {
    return (await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`)).events;
  } catch (e) {
    if (/: 404 /.test(String(e))) return null;
    throw e;
  }
};

test('SYNC-20: a record refused with 404 (its casualty not on the server yet) stays in the outbox and goes once it is', async () => {
  const A = await phone(env.browser, env.server.url, 'en');
  const C = await phone(env.browser, env.server.url, 'en');
  try {
    // Phone C signs in before phone A exists: it holds no key of A's, so A's code reaches it unverified (kept on C
    // only, never sent). Then C is out of reach.
    const cDevice = await ready(C.page);
    await C.ctx.setOffline(true);
    await ready(A.page);
    await A.ctx.setOffline(true);
    const id = await quickCasualty(A.page, { limbs: ['right-arm'] });
    await A.page.click('#open-handover');
    const code = (await A.page.getAttribute('#handover-qr', 'data-code'))!;

    await C.page.evaluate(() => (location.hash = '#/scan'));
    await C.page.fill('#scan-text', code);
    await C.page.click('#scan-read');
    await C.page.waitForSelector('#scan-result[data-verified="false"]', { timeout: 30_000 });
    await C.page.click('#scan-open');
    await C.page.waitForSelector('#handover-mark[data-verified="false"]');
    // C records vitals on that casualty, and a casualty of its own.
    await C.page.click('#sec-vitals summary');
    await C.page.fill('input[name="pulse"]', '132');
    await C.page.click('#record-vitals');
    await C.page.waitForSelector('#outbox[data-pending="1"]');
    const own = await quickCasualty(C.page, { mech: 'mine-uxo', limbs: ['left-leg'] });
    await C.page.waitForSelector('#outbox[data-pending="5"]');

    // C online, A still not: its own casualty goes; the vitals are refused with 404 and stay pending, not refused.
    await online(C);
    await C.page.waitForSelector('#outbox[data-pending="1"][data-rejected="0"]', { timeout: 30_000 });
    assert.equal((await serverLog(own))?.length, 4, 'the other casualty went meanwhile');
    assert.equal(await serverLog(id), null, 'the server has not heard of the handed-over casualty');
    // Why they wait, as the phone keeps it (a kind, said in the medic's language; the server's words are only a
    // detail in the panel): not yet on the server. Before session 21 this waited for the server's words in the title.
    await C.page.waitForSelector('#outbox[data-failure="notYet"][data-pending="1"]', { state: 'attached', timeout: 30_000 });
    assert.match((await C.page.getAttribute('#outbox', 'title')) ?? '', /not yet on the server/);

    // A brings the registration; C's next sync delivers the vitals.
    await online(A);
    await A.page.waitForSelector('#outbox[data-pending="0"]', { timeout: 30_000 });
    await online(C);
    await C.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { timeout: 60_000 });
    const events = (await serverLog(id)) ?? [];
    const vitals = events.filter((e) => e.type === 'vitals' && e.deviceId === cDevice);
    assert.equal(vitals.length, 1, `C's vitals on the server: ${events.map((e) => `${e.type}@${e.deviceId}`).join(', ')}`);
    assert.equal(vitals[0]!.type === 'vitals' ? vitals[0]!.payload.pulse : null, 132);
  } finally {
    await Promise.all([A.ctx.close(), C.ctx.close()]);
  }
});
