// Bedside review (session 23), what a medic sees right after recording, on a 360 px phone in both languages: the
// success note names what changed (a later identity, not a bare "Amendment ✓") and covers none of the card (it sat
// over the list's newest lines for 2.5 s); the 9-line's frequency, call sign and suffix keep a visible label while
// typed in (a placeholder vanishes with the first letter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { e2eSuite, axe, goTo, quickCasualty, sharedPages, shot } from './harness.ts';

const env = e2eSuite();
/** The medic's phone, signed in once per language for the file: neither test is about the device or its load. */
const phones = sharedPages(env);

/** The toast's box, and the header's: the toast may cover the header's top row, never the card below it. */
/** The toast fully shown (it fades in): for the screenshots. */
const shown = (page: Page) => page.waitForFunction(() => getComputedStyle(document.querySelector('.toast.show')!).opacity === '1', null, { timeout: 10_000 });

const boxes = (page: Page) =>
  page.evaluate(() => {
    const r = (el: Element | null) => (el ? (({ top, bottom, left, right }) => ({ top, bottom, left, right }))(el.getBoundingClientRect()) : null);
    return { toast: r(document.querySelector('.toast.show')), header: r(document.querySelector('.top')) };
  });

for (const lang of ['uk', 'en'] as const) {
  test(`the toast says what a later identity changed and covers none of the card, the newest vitals line readable (${lang}, 360 px)`, { timeout: 180_000 }, async () => {
    await phones.use('medic', lang, 360, async (page) => {
      await goTo(page, '#/new', '[data-mech]');
      const id = await quickCasualty(page);
      // Vitals: the newest line appears under the button; the toast must not sit on it.
      await page.evaluate(() => ((document.querySelector('#sec-vitals') as HTMLDetailsElement).open = true));
      await page.fill('#vital-pulse', '118');
      await page.fill('#vital-sbp', '92');
      await page.locator('#record-vitals').tap();
      const newest = page.locator('#sec-vitals .recorded > div').first();
      await newest.waitFor({ timeout: 30_000 });
      await page.waitForSelector('.toast.show', { timeout: 10_000 });
      assert.equal(await page.getAttribute('.toast', 'role'), 'status', 'announced (aria-live polite)');
      // Wherever the page is scrolled, the toast stays within the header's bar (the outbox strip and the card stay seen).
      for (const block of ['start', 'center', 'end'] as const) {
        await newest.evaluate((el, b) => el.scrollIntoView({ block: b }), block);
        const { toast, header } = await boxes(page);
        assert.ok(toast && header && toast.top >= header.top - 0.5 && toast.bottom <= header.bottom + 0.5, `toast ${JSON.stringify(toast)} outside the header ${JSON.stringify(header)} (line at ${block})`);
        // (The toast lets taps through, so no hit test sees it: boxes.)
        const line = await newest.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
        assert.ok(line.bottom <= toast.top || line.top >= toast.bottom, `the newest vitals line ${JSON.stringify(line)} under the toast (line at ${block})`);
      }
      await page.locator('#record-vitals').scrollIntoViewIfNeeded();
      await shown(page);
      await shot(page, `toast-vitals-360-${lang}`);
      await axe(page, `card with the toast (${lang}, 360 px)`);

      // Identity known later: the toast names it, and so does the timeline's amendment line.
      await page.evaluate(() => ((document.querySelector('#sec-identity') as HTMLDetailsElement).open = true));
      await page.fill('#id-name', 'Петренко Іван');
      await page.fill('#id-battleRoster', 'AB1234');
      await page.waitForFunction(() => !document.querySelector('.toast.show'), null, { timeout: 10_000 });
      await page.locator('#id-save').tap();
      await page.waitForFunction(() => /Петренко/.test(document.querySelector('.toast.show')?.textContent ?? ''), null, { timeout: 30_000 }).catch(() => undefined);
      const said = (await page.textContent('.toast')) ?? '';
      assert.match(said, lang === 'uk' ? /^Особа: .*Петренко Іван.*AB1234/u : /^Identity: .*Петренко Іван.*AB1234/u, `toast: ${said}`);
      await shown(page);
      await shot(page, `toast-identity-360-${lang}`);
      await page.evaluate((c) => (location.hash = `#/c/${c}/timeline`), id);
      const row = page.locator('#timeline [data-type="amend"]');
      await row.waitFor({ timeout: 30_000 });
      assert.match((await row.textContent()) ?? '', /Петренко Іван.*AB1234/u);
    });
  });

  test(`the 9-line's frequency, call sign and suffix keep a visible label, tappable, while typed in (${lang}, 360 px)`, { timeout: 120_000 }, async () => {
    await phones.use('medic', lang, 360, async (page) => {
      await goTo(page, '#/new', '[data-mech]');
      const id = await quickCasualty(page);
      await page.evaluate((c) => (location.hash = `#/c/${c}/9line`), id);
      await page.waitForSelector('#callsign', { timeout: 30_000 });
      const want = lang === 'uk' ? ['Частота', 'Позивний', 'Суфікс'] : ['Frequency', 'Call sign', 'Suffix'];
      const inputs = page.locator('fieldset:has(#callsign) input');
      assert.equal(await inputs.count(), 3);
      for (let i = 0; i < 3; i++) {
        const input = inputs.nth(i);
        await input.fill(['44.250', 'ДНІПРО 21', 'А'][i]!);
        const label = await input.evaluate((el: HTMLInputElement) => {
          const l = el.labels?.[0];
          const b = l?.getBoundingClientRect();
          return l && b ? { text: (l.textContent ?? '').trim(), height: b.height, width: b.width, right: b.right } : null;
        });
        assert.ok(label, `input ${i} has a label`);
        assert.equal(label.text, want[i]);
        assert.ok(label.height >= 44 && label.width >= 44 && label.right <= 360, JSON.stringify(label));
        // A tap on the label's words puts the cursor in its box.
        await page.locator('body').evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await input.evaluate((el: HTMLInputElement) => (el.labels![0]!.firstElementChild as HTMLElement).setAttribute('data-probe', '1'));
        await page.locator('[data-probe="1"]').tap();
        assert.equal(await input.evaluate((el) => document.activeElement === el), true, `a tap on "${want[i]}" focuses its box`);
        await page.locator('[data-probe="1"]').evaluate((el) => el.removeAttribute('data-probe'));
      }
      // The marking's detail and the hazards were placeholders only too.
      const unnamed = await page.evaluate(() => [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('#main input, #main textarea')]
        .filter((el) => !el.labels?.length && !el.getAttribute('aria-label')).map((el) => el.outerHTML.slice(0, 80)));
      assert.deepEqual(unnamed, []);
      await axe(page, `9-line (${lang}, 360 px)`, { within: '#main' });
      await page.locator('fieldset:has(#callsign)').scrollIntoViewIfNeeded();
      await shot(page, `nineline-labels-360-${lang}`);
    });
  });
}
