// A dispatcher's review of the console in a burst (session 48), at 1280 px, Ukrainian and English:
//  - the medics' alarms (every overdue reassessment, every tourniquet) rang on the dispatcher's laptop and stacked red
//    banners over the board, pushing it down under the cursor: a dispatcher's device rings none;
//  - a suggested vehicle ("▲ amb-3") read as one already sent ("▲ amb-1 → R2"): it now says "suggested";
//  - the plan listed a Priority trip above the Urgent ones: the most urgent trip comes first;
//  - "Accept" changed nothing on screen for seconds (a second click, or a hand assignment, followed): it says so at once;
//  - an arrow key on a vehicle's focused status select set "dispatched" at once: every status change is asked;
//  - "survival 35% (19.4 percentage points more if sent now)" named no baseline: both figures, each with its when;
//  - "Lost" asked nothing of the job: it names whom the vehicle was on its way for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { axe, consoleWithPlan, desktop, e2eSuite, seedDemo } from './harness.ts';
import type { Server } from './harness.ts';
import { reported } from './leg-scene.ts';

const ago = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();

/** Eight reported; the urgent ones (A) triaged T1 40 min ago (reassessment overdue) with a tourniquet on for 70 min. */
async function scene(s: Server): Promise<void> {
  await seedDemo(s);
  for (let i = 0; i < 8; i++) {
    const id = uuidv7();
    const urgent = i % 2 === 1;
    const events = reported({ id, minutesAgo: 70 - i, at: { lat: 48.58 + i * 0.01, lon: 37.7 + (i % 3) * 0.02 }, vitals: urgent ? { rr: 30, pulse: 130, gcs: 10 } : { rr: 18, pulse: 90, gcs: 15 }, callSign: `Vovk-${i}`, precedence: urgent ? 'A' : 'C', type: 'L' });
    if (urgent) events.push(
      { id: uuidv7(), casualtyId: id, type: 'triage', at: ago(40), payload: { triage: { system: 'NATO', category: 'T1' } } },
      { id: uuidv7(), casualtyId: id, type: 'tourniquet.applied', at: ago(70), payload: { limb: 'left-leg', tqType: 'CAT' } });
    await s.api('/api/sync/push', { user: 'medic', body: { events } });
  }
}
const env = e2eSuite({ prepare: scene });
const RANK: Record<string, number> = { urgent: 0, 'urgent-surgical': 1, priority: 2, routine: 3, none: 4 };

for (const lang of ['en', 'uk'] as const) {
  const L = <T>(en: T, uk: T): T => (lang === 'uk' ? uk : en);
  test(`the dispatcher's console in a burst (${lang}, 1280 px): no medic's alarms, suggested said as such, the urgent trips first, Accept said at once, a status change asked`, async () => {
    const d = await desktop(env.browser, env.server.url, lang);
    const page = d.page;
    try {
      await consoleWithPlan(page);
      // The device pulls its scope (every casualty the dispatcher may see) into its own store, as a medic's phone
      // does: asked at once here ("online"), then the alarms are checked (every 5 s). None rings, though the urgent
      // ones' reassessments are overdue and their tourniquets over an hour.
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.waitForTimeout(12_000);
      assert.equal(await page.locator('#alarms .alarm').count(), 0, 'no alarm banner on a dispatcher\'s console');

      const suggested = await page.locator('#board [data-recommended]').allInnerTexts();
      assert.ok(suggested.length > 0, 'some casualty has a suggested vehicle');
      for (const s of suggested) assert.match(s, L(/^suggested: \S/u, /^радимо: \S/u));
      if (lang === 'uk') assert.match(await page.locator('#jump-plan').innerText(), /^Рекомендаці[яї] \(\d+\) ↓$/u);

      const order = await page.locator('#plan .plan-item').evaluateAll((els) => els.map((e) => /prec-(\S+)/.exec(e.className)?.[1] ?? 'none'));
      const ranks = order.map((p) => RANK[p] ?? 4);
      assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `the most urgent trip first: ${order.join(', ')}`);

      // The survival figure says against what: the same trip an hour later ("… more if sent now" named nothing).
      assert.match(await page.locator('#plan [data-plan-casualty]').first().innerText(), L(/survival \d+% if sent now, \d+% if an hour later/u, /виживання \d+ %, якщо відправити зараз; \d+ %, якщо через годину/u));
      await page.screenshot({ path: `/tmp/gh-web-shots/console-review-1280-${lang}.png` });
      await axe(page, `the console in a burst (${lang})`, { within: '#main', exclude: ['#map'] });

      // "Recommendations ↓" takes the focus to the plan: the next Tab is its first Accept (it was back in the board).
      await page.locator('#jump-plan').click();
      await page.waitForFunction(() => document.activeElement?.id === 'plan-title', null, { timeout: 5_000 });
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => document.activeElement?.hasAttribute('data-accept') ?? false), 'Tab from the plan\'s title reaches an Accept');

      // Accept: the trip says it is accepted at once, and offers no second Accept.
      const first = page.locator('#plan [data-accept]').first();
      const cid = await first.getAttribute('data-accept');
      const vid = await page.locator(`#plan [data-plan="${cid}"]`).getAttribute('data-trip');
      await first.click();
      const done = page.locator(`#plan [data-accepted="${cid}"]`);
      await done.waitFor({ timeout: 5_000 });
      assert.ok(await done.isDisabled());
      assert.match(await done.innerText(), L(/Accepted ✓/u, /Прийнято ✓/u));
      assert.equal(await page.locator(`#plan [data-accept="${cid}"]`).count(), 0);

      // "Lost" for the vehicle just sent names whom it was on its way for: they need another vehicle.
      await page.locator(`[data-vehicle="${vid}"] [data-on-job="${cid}"]`).waitFor({ timeout: 30_000 });
      await page.locator(`[data-vehicle-status="${vid}"]`).selectOption('lost');
      const askLost = await page.locator(`[data-status-ask="${vid}"]`).innerText();
      assert.match(askLost, L(/on its way for .*another vehicle/u, /Призначено забрати: .*інший транспорт/u));
      await page.locator(`[data-status-keep="${vid}"]`).click();

      // "Assign" with no vehicle chosen says so on the vehicle's select, which takes the focus.
      const row = page.locator('#board [data-evac]').first();
      const rowId = await row.getAttribute('data-evac');
      await row.locator('[data-evac-more]').click();
      await page.locator(`[data-assign="${rowId}"]`).click();
      await page.waitForFunction((id) => document.activeElement === document.querySelector(`[data-assign-vehicle="${id}"]`), rowId, { timeout: 5_000 });
      assert.equal(await page.getAttribute(`[data-assign-vehicle="${rowId}"]`, 'aria-invalid'), 'true');

      // A vehicle's status: an arrow key on its select asks, and nothing is written until the answer.
      const select = page.locator('[data-vehicle-status="ugv-1"]');
      const before = (await env.server.api<{ item: { status: string } }>('/api/vehicles/ugv-1')).item.status;
      await select.focus();
      await page.keyboard.press('ArrowDown');
      await page.locator('[data-status-ask="ugv-1"]').waitFor({ timeout: 5_000 });
      await page.waitForTimeout(500);
      assert.equal((await env.server.api<{ item: { status: string } }>('/api/vehicles/ugv-1')).item.status, before, 'not written while asked');
      await page.locator('[data-status-keep="ugv-1"]').click();
      await page.waitForFunction(() => !document.querySelector('[data-status-ask="ugv-1"]'));
      assert.equal((await env.server.api<{ item: { status: string } }>('/api/vehicles/ugv-1')).item.status, before, 'kept');
    } finally {
      await d.ctx.close();
    }
  });
}
