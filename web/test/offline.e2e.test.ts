// (b) Offline: after a first visit the service worker serves the app shell with no network; a casualty and its events
// are recorded into IndexedDB; back online they reach the server exactly once, even when every event is sent again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Route } from 'playwright-core';
import { phone, signIn, shot, openApp, pastGate, e2eSuite, axe, quickCasualty } from './harness.ts';
import type { StoredEvent } from '../../src/core/index.ts';

const env = e2eSuite({
  front: true,
});

test('offline field view: recorded into the outbox, delivered exactly once when back online', async () => {
  const { ctx, page } = await phone(env.browser, env.server.url, 'en');
  try {
    // First visit online: sign in, let the service worker precache the shell and take control.
    await signIn(page, 'medic');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await pastGate(page); // a reload locks the app: its PIN again
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    const cached = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).length))).reduce((a, b) => a + b, 0));
    assert.ok(cached >= 8, `precache holds ${cached} files`);

    await ctx.setOffline(true);
    await page.goto('/#/field'); // a navigation with no network: served by the service worker
    await pastGate(page);
    await page.waitForSelector('#new-casualty');
    await page.waitForSelector('#net.off');

    const id = await quickCasualty(page, { limbs: ['right-leg', 'left-arm'], prec: 'urgent-surgical' });
    await page.click('#sec-vitals summary');
    await page.fill('input[name="pulse"]', '124');
    await page.fill('input[name="spo2"]', '91');
    await page.click('#record-vitals');
    await page.click('#sec-march summary');
    await page.click('[data-tx="hypothermia-prevention"]');
    await page.click('#sec-meds summary');
    await page.click('[data-med="TXA"]');
    await page.click('#open-9line');
    await page.click('#gps').catch(() => undefined);
    await page.fill('#mgrs', '37U DP 12000 74000');
    await page.click('#send-15');
    await page.waitForSelector('#card-head');
    // registered, mechanism, 2 tourniquets, precedence, vitals, treatment, medication, 9-line
    const expected = 9;
    await page.waitForSelector(`#outbox[data-pending="${expected}"]`, { timeout: 30_000 });
    await shot(page, 'field-offline-360-en');
    const before = await fetch(`${env.server.url}/api/casualties/${id}`, { headers: { authorization: `Bearer ${await env.server.token('admin')}` } });
    assert.equal(before.status, 404, 'nothing reached the server while offline');

    // Back online: the outbox drains by itself, though the first answer is lost on the way (the server stored the
    // batch): the phone sends the same events again and the server's idempotency keeps one copy (SYNC-1). The rows
    // are sealed at rest (issue 17), so the lost acknowledgement is made on the wire, not by editing IndexedDB.
    const answers: { accepted: number; duplicates: number }[] = [];
    await page.route('**/api/casualties/*/events', async (route) => {
      const res = await route.fetch();
      answers.push((await res.json()) as { accepted: number; duplicates: number });
      if (answers.length === 1) return route.abort('connectionreset');
      return route.fulfill({ response: res });
    });
    // Pulls would acknowledge the stored events too (SYNC-6): held back until the phone has resent them.
    const holdPulls = (route: Route) => (answers.length < 2 ? route.abort() : route.continue());
    await page.route('**/api/sync/pull*', holdPulls);
    await page.route(`**/api/casualties/${id}`, holdPulls);
    await ctx.setOffline(false);
    await page.waitForSelector('#outbox[data-pending="0"]', { timeout: 30_000 });
    await page.unrouteAll();
    assert.equal(answers[0]?.accepted, expected, 'the first send was stored, its answer lost');
    assert.ok(answers.length >= 2 && answers.at(-1)?.duplicates === expected, `the resend changed nothing: ${JSON.stringify(answers)}`);
    const again = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`);
    assert.equal(again.events.length, expected);
    assert.equal(new Set(again.events.map((e) => e.id)).size, expected, 'event ids unique');
    const all = await env.server.api<{ events: StoredEvent[] }>('/api/events?after=0&limit=1000');
    assert.equal(all.events.filter((e) => e.casualtyId === id).length, expected, 'exactly once in the global log');
    assert.deepEqual(again.events.filter((e) => e.type === 'tourniquet.applied').map((e) => (e.type === 'tourniquet.applied' ? e.payload.limb : '')).sort(), ['left-arm', 'right-leg']);
  } finally {
    await ctx.close();
  }
});

// The vault test's locked alarm flaked because of this: taken offline before its service worker had installed, the
// phone could not fetch the code of a screen it had never opened, and the app showed a blank screen for good.
test('a screen whose code is not on the phone yet says so offline, and opens when the link is back', async () => {
  for (const lang of ['en', 'uk'] as const) {
    // No service worker: as a first visit before the offline copy is installed.
    const ctx = await env.browser.newContext({ baseURL: env.server.url, viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, serviceWorkers: 'block', locale: lang === 'uk' ? 'uk-UA' : 'en-GB' });
    await ctx.addInitScript((l) => localStorage.setItem('gh.lang', l), lang);
    const page = await ctx.newPage();
    try {
      await openApp(page);
      await page.waitForSelector('#new-casualty');
      await ctx.setOffline(true);
      await page.evaluate(() => (location.hash = '#/new'));
      const msg = page.locator('#load-failed');
      await msg.waitFor({ timeout: 30_000 });
      assert.match((await msg.textContent()) ?? '', lang === 'en' ? /no network/ : /мережі немає/);
      await page.screenshot({ path: `/tmp/phone-load-failed-360-${lang}.png` });
      await axe(page, `screen not loaded (${lang})`);
      // Chromium keeps a failed dynamic import failed for the page's life (a second import() of the chunk fails at
      // once, and one with a fresh query still fails on the shared chunks it preloaded), so the app tries once more
      // and then reloads the page at the same screen: the vault asks for the PIN again, as after any reload.
      const reloaded = page.waitForEvent('load', { timeout: 30_000 });
      await ctx.setOffline(false); // Chromium fires 'online' itself; a browser that does not gets one from the page
      await page.evaluate(() => window.dispatchEvent(new Event('online'))).catch(() => undefined); // gone if reloaded
      await reloaded;
      assert.match(page.url(), /#\/new$/);
      await pastGate(page);
      await page.waitForSelector('[data-mech="gunshot"]', { timeout: 30_000 });
      assert.equal(await page.locator('#load-failed').count(), 0);
    } finally {
      await ctx.close();
    }
  }
});

test('tourniquet alarms at 1 h and 2 h with vibration, and the reassessment reminder (clock fast-forwarded)', async () => {
  const { ctx, page } = await phone(env.browser, env.server.url, 'en');
  try {
    await ctx.addInitScript(() => {
      const w = window as unknown as { __vibrations: number };
      w.__vibrations = 0;
      navigator.vibrate = () => (w.__vibrations++, true);
    });
    await page.clock.install({ time: new Date() });
    await openApp(page);
    await quickCasualty(page, { mech: 'gunshot' });
    await page.click('#sec-triage summary');
    await page.click('[data-nato="T1"]');
    assert.equal(await page.locator('.alarm').count(), 0);
    // Offline from here: only the phone's clock moves on; online, its next contact would measure the jump as a
    // clock error and correct it (SYNC-15).
    await ctx.setOffline(true);
    await page.clock.fastForward('16:00');
    await pastGate(page); // idle for minutes: locked (the locked alarm is tested in vault.e2e)
    await page.waitForSelector('.alarm[data-key^="re:"]', { timeout: 30_000 });
    await page.locator('.alarm[data-key^="re:"] button').click();
    await page.clock.fastForward('45:00');
    await pastGate(page);
    await page.waitForSelector('.alarm[data-key$=":1h"]', { timeout: 30_000 });
    // One clock format with units, and the clock stays on screen, below the alarm banner (issue 9 item 9).
    assert.match((await page.textContent('[data-tq="right-leg"] .clock')) ?? '', /^1\sh\s0\d\smin$/);
    await page.evaluate(() => scrollTo(0, 0));
    const seen = await page.evaluate(() => {
      const c = document.querySelector('[data-tq="right-leg"] .clock')!.getBoundingClientRect();
      const a = document.querySelector('#alarms')!.getBoundingClientRect();
      return { top: c.top, bottom: c.bottom, bannerBottom: a.bottom, h: innerHeight };
    });
    assert.ok(seen.top >= seen.bannerBottom - 1 && seen.bottom <= seen.h, `clock on screen below the banner: ${JSON.stringify(seen)}`);
    await shot(page, 'field-alarm-360-en');
    await page.locator('.alarm[data-key$=":1h"] button').click();
    await page.clock.fastForward('01:00:00');
    await pastGate(page);
    await page.waitForSelector('.alarm[data-key$=":2h"]', { timeout: 30_000 });
    assert.ok((await page.evaluate(() => (window as unknown as { __vibrations: number }).__vibrations)) >= 2, 'vibrated');
  } finally {
    await ctx.close();
  }
});

test('a new version waits for the user: never reloads over a half-filled form', async () => {
  const { ctx, page } = await phone(env.browser, env.server.url, 'en');
  try {
    await openApp(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await pastGate(page); // a reload locks the app: its PIN again
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    // A new release: the same worker with different bytes.
    env.server.release('// next release');
    // Half-way through a casualty card, with a note typed but not saved.
    await quickCasualty(page, { mech: 'blunt', limbs: [], prec: 'routine' });
    await page.click('#sec-notes summary');
    await page.fill('#note', 'half-written note');
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await page.waitForSelector('#update-apply', { timeout: 30_000 });
    const url = page.url();
    await page.click('#update-apply');
    await page.waitForSelector('#update:has-text("Finish or leave")');
    assert.equal(await page.inputValue('#note'), 'half-written note', 'the form was not reloaded');
    assert.equal(page.url(), url);
    // Form saved: now the update applies and the page reloads under the new worker.
    await page.click('#sec-notes button.btn.big');
    await page.waitForFunction(() => (document.querySelector('#note') as HTMLTextAreaElement | null)?.value === '');
    const reloaded = page.waitForEvent('load');
    await page.click('#update-apply');
    await reloaded;
    await pastGate(page);
    await page.waitForSelector('#card-head h2');
    assert.ok(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting === null));
  } finally {
    await ctx.close();
  }
});
