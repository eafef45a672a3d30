// Issue 14 items 1 and 11 in the web app: an entry amended or voided by someone else, and an outcome set aside for
// the receiving facility's own, are shown beside the original — struck through, with the value now, who, when and
// why — on the casualty card and in the facility view, in Ukrainian and English. The screens pass axe-core (WCAG 2 AA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { seedDemo, phone, desktop, signIn, e2eSuite, axe } from './harness.ts';
import { uuidv7 } from '../../src/core/index.ts';
const env = e2eSuite({
  prepare: async () => {
    await seedDemo(env.server);
    // The medic records; the administrator corrects the medic's entries (with reasons); a facility elsewhere records an
    // outcome first; the facility the casualty arrives at records its own, which stands.
    cid = uuidv7();
    const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const post = (user: string, events: object[]) => env.server.api(`/api/casualties/${cid}/events`, { user, body: { events } });
    await env.server.api('/api/casualties', { user: 'medic', body: { id: cid, injuredAt: ago(90), unitId: 'bde-3', battleRoster: 'KV4521' } });
    note = uuidv7();
    vitals = uuidv7();
    await post('medic', [
      { id: note, type: 'note', at: ago(80), payload: { text: 'TXA 1 g IV' } },
      { id: vitals, type: 'vitals', at: ago(75), payload: { pulse: 128, spo2: 91 } },
      { type: 'destination', at: ago(70), payload: { facilityId: 'r2-kramatorsk' } },
    ]);
    await post('admin', [
      { type: 'amend', at: ago(60), payload: { target: note, changes: { text: 'TXA 2 g IV' }, reason: 'second dose given at the CCP' } },
      { type: 'void', at: ago(55), payload: { target: vitals, reason: 'vitals of another casualty' } },
    ]);
    forged = uuidv7();
    await post('admin', [{ id: forged, type: 'outcome', at: ago(50), payload: { outcome: 'died-of-wounds', facilityId: 'r1-druzhkivka' } }]);
    await post('facility', [{ type: 'arrival', at: ago(40), payload: { facilityId: 'r2-kramatorsk' } }]);
    await post('facility', [{ type: 'outcome', at: ago(30), payload: { outcome: 'returned-to-duty', facilityId: 'r2-kramatorsk' } }]);
  },
});
let cid: string;
let note: string;
let vitals: string;
let forged: string;

const text = (page: Page, sel: string): Promise<string> => page.locator(sel).first().innerText();

for (const lang of ['en', 'uk'] as const) {
  test(`card (${lang}): amended and voided entries beside the original, with who, when and why`, async () => {
    for (const [open, width] of [[phone, 360], [desktop, 1280]] as const) {
      const { ctx, page } = await open(env.browser, env.server.url, lang);
      try {
        await signIn(page, 'medic');
        await page.goto(`/#/c/${cid}`);
        await page.waitForSelector(`#card-corrections [data-target="${note}"] del.original`, { timeout: 30_000 });
        const amend = `#card-corrections [data-target="${note}"]`;
        assert.equal(await text(page, `${amend} del.original`), 'TXA 1 g IV', 'the original, struck through');
        assert.equal(await text(page, `${amend} ins.now`), 'TXA 2 g IV', 'the value now');
        const amendLine = await text(page, amend);
        assert.match(amendLine, /admin/);
        assert.match(amendLine, /second dose given at the CCP/);
        assert.match(amendLine, /\b\d{2}:\d{2}\b/, '24-hour time');
        assert.doesNotMatch(amendLine, /\b(AM|PM)\b/);
        const voided = `#card-corrections [data-target="${vitals}"]`;
        assert.equal(await page.getAttribute(voided, 'data-kind'), 'void');
        assert.match(await text(page, `${voided} del.original`), /128/);
        assert.match(await text(page, voided), /vitals of another casualty/);
        assert.match(await text(page, '#card-corrections h3'), lang === 'uk' ? /Виправлення/ : /Corrections/);
        assert.match(await text(page, voided), lang === 'uk' ? /АНУЛЬОВАНО/ : /VOIDED/);
        await axe(page, `card ${lang} ${width}`);
        await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), '#card-corrections'); // atomic: a live re-render may replace the node
        await page.screenshot({ path: `/tmp/gh-corrections-card-${width}-${lang}.png` });
      } finally {
        await ctx.close();
      }
    }
  });

  test(`facility view (${lang}): an overridden outcome beside the one that stands, with who, when and why`, async () => {
    for (const [open, width] of [[phone, 360], [desktop, 1280]] as const) {
      const { ctx, page } = await open(env.browser, env.server.url, lang);
      try {
        await signIn(page, 'facility');
        await page.goto('/#/facility/r2-kramatorsk');
        const item = `[data-patient="${cid}"] [data-overridden="${forged}"]`;
        await page.waitForSelector(`${item} del.original`, { timeout: 30_000 });
        await page.waitForFunction((sel) => !/\?|—/.test(document.querySelector(sel)?.textContent ?? '?'), `${item} .small`, { timeout: 30_000 });
        const line = await text(page, item);
        assert.match(await text(page, `${item} del.original`), lang === 'uk' ? /Помер від ран/ : /died of wounds/i);
        assert.match(await text(page, `${item} ins.now`), lang === 'uk' ? /Повернувся до служби/ : /returned to duty/i);
        assert.match(line, /r2-kramatorsk/);
        assert.match(line, /facility/, 'who recorded the outcome that stands');
        assert.match(line, /admin/, 'who recorded the overridden one');
        // The amended note shows here too, with its original.
        assert.equal(await text(page, `[data-patient="${cid}"] [data-target="${note}"] del.original`), 'TXA 1 g IV');
        await axe(page, `facility ${lang} ${width}`);
        await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), `[data-patient="${cid}"] .corrections`); // atomic: a live re-render may replace the node
        await page.screenshot({ path: `/tmp/gh-corrections-facility-${width}-${lang}.png` });
      } finally {
        await ctx.close();
      }
    }
  });
}
