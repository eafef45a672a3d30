// Issue 17: a captured phone gives nothing away. With a PIN set, the raw IndexedDB holds no casualty text; the app
// locks on a tap and after 5 minutes idle; 5 wrong PINs keep unsent records sealed (the right PIN still opens them),
// and wipe the phone's data once everything was sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { startServer, launch, phone, signIn } from './harness.ts';
import type { Server } from './harness.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let server: Server;
let browser: Browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every row of the outbox as stored, and every localStorage value, as one string. */
const rawDump = (page: Page): Promise<{ rows: number; text: string }> =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('golden-hour');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const rows = db.objectStoreNames.contains('events')
      ? await new Promise<unknown[]>((resolve) => {
          const q = db.transaction('events').objectStore('events').getAll();
          q.onsuccess = () => resolve(q.result);
        })
      : [];
    db.close();
    return { rows: rows.length, text: JSON.stringify(rows) + JSON.stringify({ ...localStorage }) };
  });

async function tryPin(page: Page, pin: string): Promise<string> {
  await page.fill('#pin', pin);
  await page.click('#unlock');
  await page.waitForFunction(() => document.querySelector('#vault-msg')?.getAttribute('data-result'), null, { timeout: 20_000 });
  const r = (await page.getAttribute('#vault-msg', 'data-result'))!;
  await page.evaluate(() => document.querySelector('#vault-msg')?.removeAttribute('data-result'));
  return r;
}

test('PIN: sealed at rest, lock on tap and when idle, wrong PINs keep unsent records sealed, wipe once all sent', async () => {
  const { ctx, page } = await phone(browser, server.url, 'en');
  try {
    await page.clock.install({ time: new Date() });
    await signIn(page, 'medic');
    await page.goto('/#/field');
    await page.click('#pin-setup summary');
    await page.fill('#pin-new', '482193');
    await page.click('#pin-set');
    await page.waitForSelector('#pin-setup', { state: 'detached' });
    await page.waitForSelector('#lock-now:not([hidden])');

    // Offline: a casualty with a named note.
    await ctx.setOffline(true);
    await page.locator('#new-casualty').tap();
    await page.locator('[data-mech="gunshot"]').tap();
    await page.locator('[data-limb="right-leg"]').tap();
    await page.locator('#tq-next').tap();
    await page.locator('[data-prec="urgent"]').tap();
    await page.waitForSelector('#card-head h2');
    await page.click('#sec-notes summary');
    await page.fill('#note', 'Petrenko Ivan, callsign Sokil');
    await page.click('#sec-notes button.btn.big');
    await page.waitForSelector('#outbox[data-pending="5"]');
    const dump = await rawDump(page);
    assert.equal(dump.rows, 5);
    for (const word of ['Petrenko', 'Sokil', 'tourniquet', 'right-leg', 'gunshot', 'urgent'])
      assert.ok(!dump.text.includes(word), `"${word}" stored in the clear`);

    // Lock on a tap: nothing of the card shows; the right PIN opens it.
    await page.click('#lock-now');
    await page.waitForSelector('#vault-lock:not([hidden])');
    assert.equal(await tryPin(page, '482193'), 'unlocked');
    await page.waitForSelector('#vault-lock', { state: 'hidden' });

    // Idle for 5 minutes: locked.
    await page.clock.fastForward(5 * 60_000 + 1_000);
    await page.waitForSelector('#vault-lock:not([hidden])');
    await page.screenshot({ path: '/tmp/phone-locked-360-en.png' });
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () =>
      (await (window as unknown as { axe: { run(o: object): Promise<{ violations: { id: string }[] }> } }).axe.run({ runOnly: ['wcag2a', 'wcag2aa'] })).violations.map((v) => v.id));
    assert.deepEqual(violations, [], 'lock screen: axe (WCAG 2 AA)');

    // 5 wrong PINs while records wait to be sent: they stay, sealed; the right PIN still opens them.
    for (let i = 0; i < 4; i++) assert.equal(await tryPin(page, '000000'), 'wrong');
    assert.equal(await tryPin(page, '000000'), 'sealed');
    assert.equal((await rawDump(page)).rows, 5, 'unsent records kept');
    assert.equal(await tryPin(page, '482193'), 'unlocked');

    // Everything sent, then 5 wrong PINs: the phone's data is deleted.
    await ctx.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForSelector('#outbox[data-pending="0"]', { timeout: 20_000 });
    await page.click('#lock-now');
    for (let i = 0; i < 4; i++) assert.equal(await tryPin(page, '111111'), 'wrong');
    assert.equal(await tryPin(page, '111111'), 'wiped');
    await page.waitForLoadState('load');
    const after = await rawDump(page);
    assert.equal(after.rows, 0, 'no records left');
    assert.ok(!after.text.includes('gh.token') && !after.text.includes('"gh.user"'), 'credentials gone');
  } finally {
    await ctx.close();
  }
});
