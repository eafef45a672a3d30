// Issue 19, what the three-phone test (clocks.e2e) left: a clock changed while the phone is offline is caught at once
// from the monotonic clock, and records keep the corrected time with no server contact (SYNC-15); and the one-tap
// fix for a wrong clock, which says plainly that the app cannot set the phone's clock (uk and en, 360 and 1280 px).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phone, signIn, pastGate, e2eSuite, axe, quickCasualty, installed } from './harness.ts';
import type { StoredEvent } from '../../src/core/index.ts';

const H3 = 3 * 3_600_000;
/** A running clock of a few minutes at most, in the app's one clock format ("2 min 05 s"). */
const MINUTES = /^[0-4]\smin\s\d\d\ss$/;
const env = e2eSuite();
const near = (iso: string, ms: number, tol = 60_000): boolean => Math.abs(Date.parse(iso) - ms) <= tol;

test('SYNC-15: a clock set back, then forward, while offline is caught at once; records keep the corrected time', async () => {
  const { ctx, page } = await phone(env.browser, env.server.url, 'en');
  try {
    await page.clock.install({ time: new Date() });
    await signIn(page, 'medic'); // one contact: the clock is measured right
    await installed(page); // a medic's phone has the app installed before it loses the network
    await ctx.setOffline(true);

    // Someone sets the phone's clock 3 h back: no server to ask, the app notices by itself.
    await page.clock.setSystemTime(new Date(Date.now() - H3));
    const id = await quickCasualty(page);
    await page.waitForSelector('[data-tq="right-leg"] .clock');
    assert.match((await page.textContent('[data-tq="right-leg"] .clock')) ?? '', MINUTES);
    assert.match((await page.textContent('#clock-warn')) ?? '', /3 h 00 min slow/);
    assert.match((await page.textContent('#clock-jumped')) ?? '', /changed by 3 h 00 min/);
    await page.screenshot({ path: '/tmp/phone-clock-jumped-360-en.png' });

    // Then 3 h ahead of the right time: caught as well (the page stayed in view: not a phone asleep).
    await page.clock.setSystemTime(new Date(Date.now() + H3));
    await page.waitForFunction(() => /3 h 00 min fast/.test(document.querySelector('#clock-warn')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.click('#sec-vitals summary');
    await page.fill('input[name="pulse"]', '93');
    await page.click('#record-vitals');
    await page.waitForSelector('#outbox[data-pending="5"]');
    assert.match((await page.textContent('[data-tq="right-leg"] .clock')) ?? '', MINUTES, 'no false tourniquet time');
    assert.equal(await page.locator('.alarm').count(), 0, 'no false alarm');

    // Online: every record arrives in the time the phone already corrected, none waiting for a person.
    await ctx.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForSelector('#outbox[data-pending="0"]', { timeout: 30_000 });
    const { events } = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`);
    assert.equal(events.length, 5);
    const now = Date.now();
    for (const e of events) {
      assert.ok(near(e.at, now, 5 * 60_000), `${e.type} stored at ${e.at}`);
      assert.equal(e.clock?.by, 'device', `${e.type}: corrected on the phone`);
      assert.ok(!e.clock?.needsTime, `${e.type}: not left for a person`);
    }
    const tq = events.find((e) => e.type === 'tourniquet.applied')!;
    assert.ok(near(tq.clock!.deviceAt, now - H3, 5 * 60_000) && Math.abs(tq.clock!.offsetMs - H3) < 60_000, `tourniquet: ${JSON.stringify(tq.clock)}`);
    const vitals = events.find((e) => e.type === 'vitals')!;
    assert.ok(near(vitals.clock!.deviceAt, now + H3, 5 * 60_000) && Math.abs(vitals.clock!.offsetMs + H3) < 60_000, `vitals: ${JSON.stringify(vitals.clock)}`);
    console.log(`offsets applied: tourniquet ${tq.clock!.offsetMs} ms, vitals ${vitals.clock!.offsetMs} ms; stored vs now: ${events.map((e) => Date.parse(e.at) - now).join(', ')} ms`);
  } finally {
    await ctx.close();
  }
});

test('one-tap fix: the app shows the correct time beside the phone’s and says it cannot set the phone’s clock (uk, en)', async () => {
  for (const lang of ['en', 'uk'] as const) {
    const { ctx, page } = await phone(env.browser, env.server.url, lang);
    try {
      await page.clock.install({ time: new Date(Date.now() - H3) });
      await signIn(page, 'medic');
      await page.evaluate(() => (location.hash = '#/field'));
      await page.waitForSelector('#clock-warn #clock-fix');
      assert.match((await page.textContent('#clock-warn')) ?? '', lang === 'en' ? /cannot change the phone’s own clock/ : /не може змінити годинник телефона/);
      // A touch target of 48 px (waited for: the home screen may still be rendering its list).
      await page.waitForFunction(() => {
        const b = document.querySelector('#clock-fix')?.getBoundingClientRect();
        return !!b && b.height >= 48 && b.width >= 48 && document.documentElement.scrollWidth <= innerWidth;
      }, null, { timeout: 30_000 });
      await axe(page, `clock warning (${lang})`);
      await page.screenshot({ path: `/tmp/phone-clock-warn-360-${lang}.png` });

      await page.locator('#clock-fix').tap();
      await page.waitForSelector('#clock-fixed #clock-now');
      const hm = (d: Date): string => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
      const shown = (await page.textContent('#clock-now')) ?? '';
      const right = [hm(new Date()), hm(new Date(Date.now() - 60_000)), hm(new Date(Date.now() + 60_000))];
      assert.ok(right.some((t) => shown.includes(t)), `the correct time shown: "${shown}", expected about ${right[0]}`);
      const phoneText = (await page.textContent('#clock-phone')) ?? '';
      assert.ok([hm(new Date(Date.now() - H3)), hm(new Date(Date.now() - H3 - 60_000))].some((t) => phoneText.includes(t)), `the phone's own time: "${phoneText}"`);
      assert.match((await page.textContent('#clock-fixed')) ?? '', lang === 'en' ? /phone’s own clock is unchanged/ : /Годинник телефона не змінено/);
      await axe(page, `clock fixed (${lang})`);
      await page.screenshot({ path: `/tmp/phone-clock-fixed-360-${lang}.png` });
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.screenshot({ path: `/tmp/phone-clock-fixed-1280-${lang}.png` });
      await page.setViewportSize({ width: 360, height: 740 });

      // It stays so after a reload, and the open card shows it too.
      await page.reload();
      await pastGate(page);
      await page.waitForSelector('#clock-fixed #clock-now');
      assert.equal(await page.locator('#clock-fix').count(), 0);
    } finally {
      await ctx.close();
    }
  }
});
