// Issue 19: three phones whose clocks read 3 h slow, right and 3 h fast (Chromium's clock control) record one casualty.
// Every record reaches the server exactly once in corrected time (SYNC-15, SYNC-16); no false tourniquet alarm; the
// slow phone's alarm fires on time; every screen orders the events alike (SYNC-3); the fast phone loses nothing; the
// open card shows another phone's records within seconds of reconnecting, and the unit's casualties reach every phone
// (SYNC-12); a triage conflict names its values (SYNC-7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { phone, signIn, pastGate, e2eSuite, quickCasualty, installed } from './harness.ts';
import type { StoredEvent, CasualtyState } from '../../src/core/index.ts';

const H3 = 3 * 3_600_000;
/** A running tourniquet clock under a minute, in the app's one clock format with units. */
const UNDER_A_MINUTE = /^0\smin\s\d\d\ss$/; // \s: the app joins number and unit with a no-break space
const env = e2eSuite();

interface Phone {
  ctx: BrowserContext;
  page: Page;
}
async function phoneAt(skewMs: number, lang: 'en' | 'uk' = 'en'): Promise<Phone> {
  const p = await phone(env.browser, env.server.url, lang);
  await p.page.clock.install({ time: new Date(Date.now() + skewMs) });
  await signIn(p.page, 'medic');
  return p;
}
const log = (id: string) => env.server.api<{ casualty: { state: CasualtyState }; events: StoredEvent[] }>(`/api/casualties/${id}`);
const near = (iso: string, ms: number, tol = 20_000): boolean => Math.abs(Date.parse(iso) - ms) <= tol;
const drained = (page: Page) => page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { timeout: 45_000 });
/**
 * The casualty's log once the server holds what `has` looks for, polled for at most 45 s. A record tapped a moment ago
 * is sealed into IndexedDB before the outbox counts it, so an empty outbox read right after the tap is the one from
 * before it and proves nothing was sent.
 */
async function serverHolds(id: string, has: (events: StoredEvent[]) => boolean, what: string): Promise<Awaited<ReturnType<typeof log>>> {
  for (const deadline = Date.now() + 45_000; ; await new Promise((r) => setTimeout(r, 250))) {
    const l = await log(id);
    if (has(l.events)) return l;
    assert.ok(Date.now() < deadline, `${what} reached the server within 45 s`);
  }
}

// It once flaked under load: a request of the slow phone was answered after the fast-forward below, a 58-minute
// round trip that the phone took as a clock sample, its offset 29 minutes wrong and its alarm that much late. A
// sample that slow is no longer taken (takeSample, src/core/clock.ts).
test('three phones 3 h slow, right and 3 h fast: exactly once, corrected, no false alarm, same order everywhere', async () => {
  const right = await phoneAt(0);
  const slow = await phoneAt(-H3);
  const fast = await phoneAt(H3);
  try {
    // The right phone registers a casualty with a tourniquet (unit bde-3, the medic's unit).
    const t0 = Date.now();
    const id = await quickCasualty(right.page);
    await drained(right.page);

    // SYNC-15: the slow phone measured its clock when it signed in, and says so.
    await slow.page.goto('/#/field');
    const warn = await slow.page.textContent('#clock-warn');
    assert.match(warn ?? '', /3 h 00 min slow/);
    assert.equal(await right.page.locator('#clock-warn').count(), 0, 'a right clock is not flagged');
    // SYNC-12: the unit's casualty reaches the slow phone without anyone opening it there.
    await slow.page.waitForSelector(`[data-casualty="${id}"]`, { timeout: 45_000 });
    await slow.page.waitForSelector('#storage-use');
    await slow.page.locator(`[data-casualty="${id}"]`).tap();
    await slow.page.waitForSelector('[data-tq="right-leg"] .clock');
    // The right phone's tourniquet reads seconds on the slow phone (it read 0:00 and would alarm 3 h late).
    const slowClock = (await slow.page.textContent('[data-tq="right-leg"] .clock')) ?? '';
    assert.match(slowClock, UNDER_A_MINUTE);
    assert.doesNotMatch(slowClock, /^0\smin\s00\ss$/);

    // The slow phone applies a second tourniquet: stored in server time, nobody sees it at 3:00 with an alarm.
    await slow.page.click('#sec-tq summary');
    // Its time is the tap's, so it is compared with the tap's, not with whenever the server was read (up to 45 s later).
    const tapped = Date.now();
    await slow.page.locator('#sec-tq button', { hasText: 'Left arm' }).tap();
    let server1 = await serverHolds(id, (es) => es.some((e) => e.type === 'tourniquet.applied' && e.payload.limb === 'left-arm'), 'the left arm');
    await drained(slow.page);
    const leftArm = server1.events.find((e) => e.type === 'tourniquet.applied' && e.payload.limb === 'left-arm')!;
    assert.ok(near(leftArm.at, tapped), `stored at ${leftArm.at}, in server time`);
    assert.ok(near(leftArm.clock!.deviceAt, tapped - H3), 'the slow phone’s own reading kept');
    for (const q of server1.casualty.state.tourniquets) {
      assert.ok(q.minutes < 2, `${q.limb}: ${q.minutes} min on the server`);
      assert.equal(q.alarm, 'none', 'no false tourniquet alarm on the server');
    }
    await right.page.waitForSelector('[data-tq="left-arm"] .clock', { timeout: 45_000 });
    assert.match((await right.page.textContent('[data-tq="left-arm"] .clock')) ?? '', UNDER_A_MINUTE);
    assert.equal(await right.page.locator('.alarm').count(), 0, 'no false alarm on the right phone');

    // The open card updates live: the right phone is offline while the slow phone records vitals and a triage that
    // conflicts with the right phone's; within seconds of reconnecting the right phone shows both.
    await installed(right.page);
    await right.ctx.setOffline(true);
    await right.page.click('#sec-triage summary');
    await right.page.click('[data-nato="T3"]');
    await slow.page.click('#sec-triage summary');
    await slow.page.click('[data-nato="T1"]');
    await slow.page.click('#sec-vitals summary');
    await slow.page.fill('input[name="pulse"]', '77');
    await slow.page.click('#record-vitals');
    // Sent before the right phone reconnects (its pull on reconnecting is what is timed): with the empty outbox of
    // before the taps taken for sent, it pulled first and waited for its next 15 s round.
    await serverHolds(id, (es) => es.some((e) => e.type === 'vitals' && e.payload.pulse === 77) && es.some((e) => e.type === 'triage' && e.payload.triage.category === 'T1'), 'the slow phone’s vitals and triage');
    await drained(slow.page);
    const back = Date.now();
    await right.ctx.setOffline(false);
    await right.page.waitForFunction(() => /77/.test(document.querySelector('#sec-vitals .recorded')?.textContent ?? ''), null, { timeout: 10_000 });
    await right.page.waitForSelector('[data-conflict="triage"]', { timeout: 10_000 });
    const seconds = (Date.now() - back) / 1000;
    assert.ok(seconds < 10, `the other phone's vitals appeared ${seconds.toFixed(1)} s after reconnecting`);
    const conflict = (await right.page.textContent('[data-conflict="triage"]')) ?? '';
    assert.match(conflict, /T1.*medic/);
    assert.match(conflict, /T3.*medic/);

    // The fast phone has the card, then loses the link and its measurement (as a phone never connected would),
    // records vitals 3 h "in the future": nothing refused, nothing lost, stored in server time.
    await fast.page.goto(`/#/c/${id}`);
    await fast.page.waitForSelector('[data-tq="left-arm"]', { timeout: 45_000 });
    await fast.page.route('**/api/**', (r) => r.abort());
    await fast.page.evaluate(() => localStorage.removeItem('gh.clock'));
    await fast.page.reload();
    await pastGate(fast.page);
    await fast.page.waitForSelector('#card-head h2');
    await fast.page.click('#sec-vitals summary');
    await fast.page.fill('input[name="pulse"]', '101');
    await fast.page.click('#record-vitals');
    await fast.page.waitForSelector('#outbox[data-pending="1"]');
    await fast.page.unroute('**/api/**');
    await fast.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await drained(fast.page);
    assert.doesNotMatch((await fast.page.textContent('#outbox')) ?? '', /refused/);

    server1 = await log(id);
    const fastVitals = server1.events.find((e) => e.type === 'vitals' && e.payload.pulse === 101)!;
    assert.ok(fastVitals, 'the fast phone’s record reached the server');
    assert.ok(near(fastVitals.at, Date.now()), `stored at ${fastVitals.at}, in server time`);
    assert.ok(near(fastVitals.clock!.deviceAt, Date.now() + H3));

    // Exactly once, all in server time: registered, mechanism, 2 tourniquets, precedence, 2 triage, 2 vitals.
    const expected = 9;
    assert.equal(server1.events.length, expected);
    assert.equal(new Set(server1.events.map((e) => e.id)).size, expected);
    for (const e of server1.events) assert.ok(Date.parse(e.at) >= t0 - 60_000 && Date.parse(e.at) <= Date.now() + 5_000, `${e.type} at ${e.at}`);
    assert.ok(server1.events.every((e) => typeof e.hlc === 'string'), 'SYNC-3: every phone stamps an HLC');

    // SYNC-3: the same order on every screen, registration first, in server time.
    const order = [...server1.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.hlc! < b.hlc! ? -1 : 1)).map((e) => e.id);
    assert.equal(server1.events.find((e) => e.id === order[0])!.type, 'registered');
    for (const p of [right, slow, fast]) {
      await p.page.goto(`/#/c/${id}/timeline`);
      await p.page.waitForFunction((n) => document.querySelectorAll('#timeline li').length === n, expected, { timeout: 45_000 });
      const shown = await p.page.$$eval('#timeline li', (lis) => lis.map((li) => li.getAttribute('data-event')));
      assert.deepEqual(shown, order);
    }
    await slow.page.screenshot({ path: '/tmp/phone-timeline-slow-360-en.png' });

    // The slow phone's own alarm for the right phone's tourniquet fires on time: an hour after it was applied.
    await slow.page.goto(`/#/c/${id}`);
    await slow.page.waitForSelector('[data-tq="right-leg"] .clock');
    await installed(slow.page);
    await slow.ctx.setOffline(true); // only the phone's clock moves on
    const rightLeg = server1.events.find((e) => e.type === 'tourniquet.applied' && e.payload.limb === 'right-leg')!;
    const onLimbMs = Date.now() - Date.parse(rightLeg.at);
    await slow.page.clock.fastForward(60 * 60_000 - onLimbMs - 60_000); // a minute before the hour
    await slow.page.waitForTimeout(1500);
    assert.equal(await slow.page.locator('.alarm[data-key$=":1h"]').count(), 0, 'not before the hour');
    // Past the hour by a margin the offset's measurement error (half a round trip, seconds under load) cannot eat.
    await slow.page.clock.fastForward(3 * 60_000);
    await slow.page.waitForSelector('.alarm[data-key$=":1h"]', { timeout: 30_000 });
    await slow.page.screenshot({ path: '/tmp/phone-card-slow-360-en.png' });
  } finally {
    await Promise.all([right.ctx.close(), slow.ctx.close(), fast.ctx.close()]);
  }
});
