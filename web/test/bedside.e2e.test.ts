// Bedside review (session 23): a medic's cheap phone (360 px, Ukrainian) and the facility desk receiving the
// casualty. Long Ukrainian words stay inside their buttons and labels and the timeline fits the screen; a hand-over
// code that cannot be verified or is damaged says what to do, in the reader's language; the printed tag's times carry
// their date and zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { phone, desktop, signIn, e2eSuite, axe, quickCasualty, installed } from './harness.ts';

const env = e2eSuite();

/** Text that runs past its own box (a button, a label, a badge) or past the right edge of the screen. */
const overflowing = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const W = document.documentElement.clientWidth;
    return [...document.querySelectorAll<HTMLElement>('#main .btn, #main label, #main .badge, #main h2')]
      .filter((el) => el.getBoundingClientRect().width > 0)
      .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > W + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}[${(el.textContent ?? '').trim().slice(0, 30)}] ${el.scrollWidth}/${el.clientWidth}, right ${Math.round(el.getBoundingClientRect().right)}`);
  });

test('Ukrainian at 360 px: the card and the timeline keep every word inside its box and the screen', async () => {
  const m = await phone(env.browser, env.server.url, 'uk');
  try {
    await signIn(m.page, 'medic');
    await quickCasualty(m.page);
    // Every section open: the vitals (the "BP palpated" check box), the medications, the tourniquet tile.
    await m.page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    assert.deepEqual(await overflowing(m.page), [], 'card');
    await m.page.screenshot({ path: '/tmp/bedside-card-360-uk.png', fullPage: true });
    // Identity known later: the registration is amended, and its timeline row carries the "amended" badge.
    await m.page.fill('#id-name', 'Петренко Іван');
    await m.page.click('#id-save');
    await m.page.waitForSelector('#card-head h2:has-text("Петренко")', { timeout: 30_000 });
    await m.page.click('#card-head a[href$="/timeline"]');
    await m.page.waitForSelector('#timeline [data-type="registered"] .badge', { timeout: 30_000 });
    assert.deepEqual(await overflowing(m.page), [], 'timeline');
    const page = await m.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(page[0]! <= page[1]!, `timeline ${page[0]} px wide on a ${page[1]} px screen`);
    await m.page.screenshot({ path: '/tmp/bedside-timeline-360-uk.png' });
    await axe(m.page, 'timeline (uk, 360 px)');
  } finally {
    await m.ctx.close();
  }
});

test("hand-over to a desk whose last key sync predates the sender's key: what to do, in the reader's language; the tag's times with date and zone", async () => {
  const fac = await desktop(env.browser, env.server.url, 'uk');
  const A = await phone(env.browser, env.server.url, 'en');
  try {
    await signIn(fac.page, 'facility');
    await fac.page.evaluate(() => window.dispatchEvent(new Event('online'))); // sync now
    await fac.page.waitForFunction(() => localStorage.getItem('gh.keys') !== null, null, { timeout: 30_000 });

    await signIn(A.page, 'medic');
    await installed(A.page);
    await A.page.evaluate(() => window.dispatchEvent(new Event('online'))); // sync now: registers this phone's key
    const device = (await A.page.evaluate(() => localStorage.getItem('gh.device')))!;
    for (const deadline = Date.now() + 60_000; ;) {
      const keys = await env.server.api<{ items: { id: string }[] }>('/api/device-keys');
      if (keys.items.some((k) => k.id === device)) break;
      assert.ok(Date.now() < deadline, 'the medic phone registered its key');
      await new Promise((r) => setTimeout(r, 100));
    }
    const id = await quickCasualty(A.page);
    await A.page.click('#open-handover');
    await A.page.waitForSelector('#handover-qr svg');
    const code = (await A.page.getAttribute('#handover-qr', 'data-code'))!;
    // The printed tag travels with the casualty, maybe into the next day or another zone: its times say both.
    const tag = (await A.page.textContent('#print-tag')) ?? '';
    assert.match(tag, /Injured: \d\d\.\d\d \d\d:\d\d UTC/u, tag);
    assert.match(tag, /Right leg \d\d\.\d\d \d\d:\d\d UTC/u, tag);
    await A.page.screenshot({ path: '/tmp/bedside-tag-360-en.png', fullPage: true });

    // The desk's keys are those of its last sync, from before the medic's phone existed (its periodic sync may
    // have run since: take the medic's key out again, so the desk is as it was).
    await fac.page.evaluate((d) => {
      const keys = JSON.parse(localStorage.getItem('gh.keys') ?? '{}') as Record<string, string>;
      localStorage.setItem('gh.keys', JSON.stringify(Object.fromEntries(Object.entries(keys).filter(([k]) => k !== d))));
    }, device);
    await fac.page.evaluate(() => (location.hash = '#/scan'));
    await fac.page.fill('#scan-text', code);
    await fac.page.click('#scan-read');
    await fac.page.waitForSelector('#scan-result[data-verified]', { timeout: 30_000 });
    await fac.page.screenshot({ path: '/tmp/bedside-scan-1280-uk.png' });
    // Held apart, as designed (issue 17), and the desk is told what to do so that the next code verifies.
    assert.equal(await fac.page.getAttribute('#scan-result', 'data-verified'), 'false');
    const todo = (await fac.page.textContent('#scan-todo').catch(() => null)) ?? '';
    assert.match(todo, /ключа відправника.*хвилину/u, `what to do: ${await fac.page.textContent('#scan-result')}`);
    await axe(fac.page, 'scan result (uk, 1280 px)');
    await fac.page.click('#scan-open');
    await fac.page.waitForSelector('#handover-mark[data-verified="false"]', { timeout: 30_000 });
    assert.equal(await fac.page.evaluate((i) => location.hash.endsWith(i), id), true);

    // A damaged code is refused in the reader's language, saying what to do, with no English detail in the sentence.
    const k = 40;
    await fac.page.evaluate(() => (location.hash = '#/scan'));
    await fac.page.fill('#scan-text', code.slice(0, k) + (code[k] === 'A' ? 'B' : 'A') + code.slice(k + 1));
    await fac.page.click('#scan-read');
    await fac.page.waitForSelector('#scan-result[data-verified="refused"]', { timeout: 30_000 });
    const refused = (await fac.page.textContent('#scan-status')) ?? '';
    assert.doesNotMatch(refused, /[A-Za-z]/, refused);
    assert.match(refused, /ще раз/, refused);
    await fac.page.screenshot({ path: '/tmp/bedside-refused-1280-uk.png' });
    await axe(fac.page, 'scan refused (uk, 1280 px)');
  } finally {
    await Promise.all([fac.ctx.close(), A.ctx.close()]);
  }
});

for (const lang of ['uk', 'en'] as const) {
  test(`a tourniquet applied on the quick screen is not undone by one more tap on its limb: asked, "keep" the big answer (${lang}, 360 px)`, async () => {
    const m = await phone(env.browser, env.server.url, lang);
    try {
      await signIn(m.page, 'medic');
      await m.page.evaluate(() => (location.hash = '#/new'));
      await m.page.locator('[data-mech="artillery"]').tap();
      const leg = m.page.locator('[data-limb="right-leg"]');
      await leg.tap();
      await m.page.waitForSelector('[data-limb="right-leg"][aria-pressed="true"]', { timeout: 30_000 });
      // A second tap (a glove, a jolt) asks; the record stands and its clock runs.
      await leg.tap();
      await m.page.waitForSelector('#tq-remove', { timeout: 30_000 });
      assert.equal(await leg.getAttribute('aria-pressed'), 'true');
      const ask = (await m.page.textContent('#tq-remove-q')) ?? '';
      assert.match(ask, lang === 'uk' ? /Скасувати запис турнікета: .+ \(накладено о \d\d:\d\d UTC[+\d:-]*\)\?/ : /Remove the tourniquet record on .+ \(applied \d\d:\d\d UTC[+\d:-]*\)\?/);
      await axe(m.page, `quick screen, remove asked (${lang})`, { within: '#main' });
      await m.page.screenshot({ path: `/tmp/bedside-tq-ask-360-${lang}.png` });
      const keep = await m.page.locator('#tq-keep').boundingBox();
      const remove = await m.page.locator('#tq-remove-yes').boundingBox();
      assert.ok(keep && remove && keep.height >= remove.height && keep.height >= 48, `keep ${JSON.stringify(keep)}, remove ${JSON.stringify(remove)}`);
      await m.page.locator('#tq-keep').tap();
      await m.page.waitForSelector('#tq-remove', { state: 'detached' });
      assert.equal(await leg.getAttribute('aria-pressed'), 'true', 'kept');
      // Asked again and answered "remove": the record is voided and the limb is free.
      await leg.tap();
      await m.page.locator('#tq-remove-yes').tap();
      await m.page.waitForSelector('[data-limb="right-leg"][aria-pressed="false"]', { timeout: 30_000 });
      assert.equal(await m.page.locator('#tq-remove').count(), 0);
    } finally {
      await m.ctx.close();
    }
  });
}
