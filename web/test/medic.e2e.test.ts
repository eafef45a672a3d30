// A combat medic's review (session 26): a cheap 360 px phone, gloves, offline, Ukrainian by default. A slip on a
// drug, a treatment or a limb is undone by one tap on the toast that names it; every target on the card and the
// 9-line is at least 44 × 44 px (the body map's hands, neck and feet were 15–26 px); a dose or a treatment says how
// long ago it was given, ticking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { phone, desktop, signIn, e2eSuite, axe, quickCasualty, installed, pastGate } from './harness.ts';

const env = e2eSuite();

/** Interactive elements of the screen under 44 × 44 CSS px (a box in a label counts as its label, which takes the tap). */
const small = (page: Page): Promise<string[]> =>
  page.evaluate(() => [...document.querySelectorAll<Element>('#main :is(button, a[href], input, select, textarea, summary, [data-region])')]
    .map((el) => (el.matches('label input') ? el.closest('label')! : el))
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.width < 44 || r.height < 44); })
    .map((el) => { const r = el.getBoundingClientRect(); return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}[${el.getAttribute('data-region') ?? (el.textContent ?? '').trim().slice(0, 20)}] ${Math.round(r.width)}×${Math.round(r.height)}`; }));

/** The toast has faded in (for its screenshot). */
const shown = (page: Page): Promise<unknown> => page.waitForFunction(() => getComputedStyle(document.querySelector('.toast')!).opacity === '1');
const openAll = (page: Page): Promise<void> => page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));

for (const lang of ['uk', 'en'] as const) {
  test(`a drug tapped by mistake is undone by one tap on the toast that names it; doses say how long ago (${lang}, 360 px, offline)`, async () => {
    const m = await phone(env.browser, env.server.url, lang);
    try {
      await signIn(m.page, 'medic');
      await installed(m.page);
      await m.ctx.setOffline(true);
      await quickCasualty(m.page);
      await m.page.click('#sec-meds > summary');
      await m.page.locator('[data-med="Morphine"]').tap();
      // The toast names the drug and dose, not a bare "Medication ✓", and offers the undo as a thumb-sized button.
      const undo = m.page.locator('#toast-undo');
      await undo.waitFor({ timeout: 10_000 });
      assert.match((await m.page.textContent('.toast')) ?? '', lang === 'uk' ? /Морфін 10.мг/u : /Morphine 10.mg/u);
      const box = await undo.boundingBox();
      assert.ok(box && box.width >= 44 && box.height >= 44, `undo ${JSON.stringify(box)}`);
      // The toast lies over the top bar for 8 s: the Undo is over none of its buttons, and a tap at the lock's place
      // (a phone locked right after a record) only closes the toast — the record stays.
      for (const sel of ['#lock-now', '#lang']) {
        const b = await m.page.locator(sel).boundingBox();
        if (b) assert.ok(box.x + box.width <= b.x || b.x + b.width <= box.x || box.y + box.height <= b.y || b.y + b.height <= box.y, `undo ${JSON.stringify(box)} over ${sel} ${JSON.stringify(b)}`);
      }
      await shown(m.page);
      await m.page.screenshot({ path: `/tmp/medic/undo-toast-360-${lang}.png` });
      await axe(m.page, `card with the undo toast (${lang})`, { within: '#main' });
      const meds = m.page.locator('#sec-meds .recorded');
      await m.page.waitForFunction(() => (document.querySelector('#sec-meds .recorded')?.children.length ?? 0) === 1);
      assert.match((await meds.textContent()) ?? '', lang === 'uk' ? /\d\d:\d\d Морфін.* · \d+.хв.\d\d.с тому$/u : /\d\d:\d\d Morphine.* · \d+.min.\d\d.s ago$/u);
      await undo.tap();
      await m.page.waitForFunction(() => document.querySelector('#sec-meds .recorded')?.children.length === 0, null, { timeout: 30_000 });
      await m.page.click('#sec-mist > summary');
      assert.doesNotMatch((await m.page.textContent('#mist-box')) ?? '', /Морфін|Morphine/u, 'the hand-over no longer lists it');
      // A tourniquet added on the card by a slip is undone the same way: its clock tile goes.
      await m.page.click('#sec-tq > summary');
      await m.page.locator('#sec-tq .grid3 .btn').first().tap();
      await m.page.waitForFunction(() => document.querySelectorAll('[data-tq]').length === 2, null, { timeout: 30_000 });
      await m.page.locator('#toast-undo').tap();
      await m.page.waitForFunction(() => document.querySelectorAll('[data-tq]').length === 1, null, { timeout: 30_000 });
      // Added again, then a tap at the language button's place while the toast is up: it closes, nothing is undone.
      await m.page.locator('#sec-tq .grid3 .btn').first().tap();
      await m.page.waitForFunction(() => document.querySelectorAll('[data-tq]').length === 2, null, { timeout: 30_000 });
      await m.page.waitForSelector('#toast-undo');
      const langAt = await m.page.locator('#lang').boundingBox();
      assert.ok(langAt, 'the language button');
      await m.page.touchscreen.tap(langAt.x + langAt.width / 2, langAt.y + langAt.height / 2);
      await m.page.waitForFunction(() => !document.querySelector('#toast-undo'));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await m.page.locator('[data-tq]').count(), 2, 'a tap on the toast over the top bar undid the tourniquet');
    } finally {
      await m.ctx.close();
    }
  });

  test(`every target on the card, the body map and the 9-line is at least 44 × 44 px for a gloved thumb (${lang}, 360 px)`, async () => {
    const m = await phone(env.browser, env.server.url, lang);
    try {
      await signIn(m.page, 'medic');
      const id = await quickCasualty(m.page, { limbs: ['right-leg', 'left-arm'] });
      await openAll(m.page);
      for (const view of ['front', 'back']) {
        await m.page.click(`[data-view="${view}"]`);
        assert.deepEqual(await small(m.page), [], `card, body ${view}`);
      }
      await m.page.click('[data-view="front"]');
      await m.page.locator('[data-region="left-hand"]').tap();
      // The injury kinds come into view below the 1.5× body, and the tap is recorded as what it was.
      await m.page.waitForSelector('[data-kind="burn"]');
      assert.ok(await m.page.locator('[data-kind="burn"]').isVisible());
      const kind = await m.page.locator('[data-kind="burn"]').boundingBox();
      assert.ok(kind && kind.y + kind.height <= 740, `the kinds are on screen: ${JSON.stringify(kind)}`);
      await m.page.screenshot({ path: `/tmp/medic/bodymap-360-${lang}.png` });
      await m.page.locator('[data-kind="burn"]').tap();
      await m.page.waitForSelector('#toast-undo');
      assert.match((await m.page.textContent('.toast')) ?? '', lang === 'uk' ? /Ліва кисть: Опік/u : /Left hand: Burn/u);
      await axe(m.page, `card, every section open (${lang})`, { within: '#main' });
      await m.page.evaluate((c) => (location.hash = `#/c/${c}/9line`), id);
      await m.page.waitForSelector('#send-all');
      assert.deepEqual(await small(m.page), [], '9-line');
    } finally {
      await m.ctx.close();
    }
  });

  test(`what is typed and not yet recorded survives a record arriving, the 9-line and back, and a reload (${lang}, 360 px, offline)`, async () => {
    const m = await phone(env.browser, env.server.url, lang);
    try {
      await signIn(m.page, 'medic');
      await installed(m.page);
      await m.ctx.setOffline(true);
      const id = await quickCasualty(m.page);
      await openAll(m.page);
      // A name typed, then the medic turns to the vitals and a treatment is recorded: the name was wiped by the redraw.
      await m.page.fill('#id-name', 'Петренко Іван');
      await m.page.fill('#vital-pulse', '118');
      await m.page.fill('#vital-sbp', '92');
      await m.page.locator('[data-avpu="V"]').tap();
      await m.page.fill('#note', 'осколок у стегні');
      await m.page.locator('[data-tx="needle-decompression"]').tap();
      await m.page.waitForFunction(() => document.querySelector('#sec-march .recorded')?.children.length === 1);
      assert.equal(await m.page.inputValue('#id-name'), 'Петренко Іван', 'the typed name');
      // To the 9-line and back, then a reload (a crash, the phone's browser killed in the background) and the PIN.
      await m.page.click('#open-9line');
      await m.page.waitForSelector('#send-all');
      await m.page.click(`a[href="#/c/${id}"]`);
      await m.page.waitForSelector('#vital-pulse', { state: 'attached' });
      for (const round of ['back from the 9-line', 'after a reload']) {
        await m.page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        assert.deepEqual([await m.page.inputValue('#vital-pulse'), await m.page.inputValue('#vital-sbp'), await m.page.inputValue('#note')], ['118', '92', 'осколок у стегні'], round);
        assert.equal(await m.page.getAttribute('[data-avpu="V"]', 'class'), 'btn on', round);
        if (round === 'after a reload') break;
        await m.page.reload();
        await pastGate(m.page);
        await m.page.waitForSelector('#vital-pulse', { state: 'attached' });
      }
      // Recorded: the boxes empty, and nothing comes back on the next visit.
      await m.page.click('#record-vitals');
      await m.page.waitForFunction(() => document.querySelector('#sec-vitals .recorded')?.children.length === 1);
      await m.page.reload();
      await pastGate(m.page);
      await m.page.waitForSelector('#vital-pulse', { state: 'attached' });
      assert.equal(await m.page.inputValue('#vital-pulse'), '');
    } finally {
      await m.ctx.close();
    }
  });

  test(`a tourniquet found on the casualty is recorded as put on 20 or 60 min ago: its clock and the injury time count from then (${lang}, 360 px)`, async () => {
    const m = await phone(env.browser, env.server.url, lang);
    const minutesAgo = (sel: string): Promise<number> =>
      m.page.evaluate((s) => Math.round((Date.now() - Date.parse(document.querySelector<HTMLElement>(s)!.dataset.since!)) / 60_000), sel);
    try {
      await signIn(m.page, 'medic');
      await m.page.evaluate(() => (location.hash = '#/new'));
      await m.page.locator('[data-mech="mine-uxo"]').tap();
      // "now" is the default: the six-tap path gains no tap.
      await m.page.waitForSelector('[data-tq-ago="0"][aria-pressed="true"]');
      await m.page.locator('[data-tq-ago="20"]').tap();
      await m.page.locator('[data-limb="right-leg"]').tap();
      await m.page.waitForSelector('[data-limb="right-leg"][aria-pressed="true"]', { timeout: 30_000 });
      assert.equal(await minutesAgo('[data-limb="right-leg"] .clock'), 20);
      await m.page.waitForSelector('[data-tq-ago="0"][aria-pressed="true"]'); // the next limb: "now" again
      assert.deepEqual(await small(m.page), [], 'quick screen, tourniquet step');
      await axe(m.page, `quick screen, tourniquet found on (${lang})`, { within: '#main' });
      await m.page.screenshot({ path: `/tmp/medic/quick-tq-ago-360-${lang}.png` });
      await m.page.locator('#tq-next').tap();
      await m.page.locator('[data-prec="urgent"]').tap();
      await m.page.waitForSelector('[data-tq="right-leg"] .clock');
      assert.match((await m.page.textContent('[data-tq="right-leg"] .clock')) ?? '', /^(19|20)\u00a0(хв|min)\s/u);
      await m.page.waitForFunction(() => Date.now() - Date.parse(document.querySelector<HTMLElement>('#card-head [data-since]')!.dataset.since!) > 19 * 60_000, null, { timeout: 30_000 });
      // On the card: one found on an hour ago; the injury time moves back to it.
      await m.page.click('#sec-tq > summary');
      await m.page.locator('#sec-tq [data-tq-ago="60"]').tap();
      await m.page.locator('[data-add-tq="left-arm"]').tap();
      await m.page.waitForSelector('[data-tq="left-arm"] .clock');
      assert.equal(await minutesAgo('[data-tq="left-arm"] .clock'), 60);
      assert.match((await m.page.textContent('[data-tq="left-arm"] .clock')) ?? '', /^(59\u00a0(хв|min)|1\u00a0(год|h)\s00)/u);
      await m.page.waitForFunction(() => Date.now() - Date.parse(document.querySelector<HTMLElement>('#card-head [data-since]')!.dataset.since!) > 59 * 60_000, null, { timeout: 30_000 });
      await m.page.locator('#sec-tq').screenshot({ path: `/tmp/medic/card-add-tq-360-${lang}.png` });
      await axe(m.page, `card, tourniquet added as found on (${lang})`, { within: '#main' });
    } finally {
      await m.ctx.close();
    }
  });

  test(`the card at 1280 px: body map and undo toast (${lang})`, async () => {
    const d = await desktop(env.browser, env.server.url, lang);
    try {
      await signIn(d.page, 'medic');
      // The quick path by mouse (no touch on a desk).
      await d.page.evaluate(() => (location.hash = '#/new'));
      await d.page.click('[data-mech="artillery"]');
      await d.page.click('[data-limb="right-leg"]');
      await d.page.waitForSelector('[data-limb="right-leg"][aria-pressed="true"]');
      await d.page.screenshot({ path: `/tmp/medic/quick-tq-1280-${lang}.png` });
      await d.page.click('#tq-next');
      await d.page.click('[data-prec="urgent"]');
      await d.page.waitForSelector('#card-head h2');
      await d.page.locator('[data-region="chest"]').click();
      await d.page.locator('[data-kind="gunshot-wound"]').click();
      await d.page.waitForSelector('#toast-undo');
      assert.deepEqual(await small(d.page), [], 'card at 1280 px');
      await shown(d.page);
      await d.page.screenshot({ path: `/tmp/medic/card-1280-${lang}.png` });
      await axe(d.page, `card at 1280 px (${lang})`, { within: '#main' });
    } finally {
      await d.ctx.close();
    }
  });
}
