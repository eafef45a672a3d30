// A refusal the server sends is said in the reader's language on the screen that meets it (web/src/ui/refusal.ts):
// a medic enrolling a phone with a wrong code read "Error: unknown, used or expired enrolment code" on a Ukrainian
// screen. The console's destination list named a facility's role of care by its code ("(R2)"), and the
// administrator's users list named scopes by id ("3-shturmova-rota"). axe on each; screenshots under /tmp
// (gh-uktext-shots) at 360 and 1280 px in uk and en.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eSuite, seedDemo, axe, phone, desktop, pastGate, signIn, PASSWORD, reveal } from './harness.ts';
import { uuidv7 } from '../../src/core/index.ts';

const SHOTS = join(tmpdir(), 'gh-uktext-shots');
const env = e2eSuite({
  prepare: async (s) => {
    mkdirSync(SHOTS, { recursive: true });
    await seedDemo(s);
    await s.api('/api/units', { body: { id: '3-shturmova-rota', name: '3-тя штурмова рота', kind: 'company' } });
    await s.api('/api/users', { body: { username: 'medic3', password: PASSWORD, role: 'medic', units: ['3-shturmova-rota'] } });
    const id = uuidv7();
    const at = new Date(Date.now() - 600_000).toISOString();
    await s.api('/api/casualties', { body: { id, injuredAt: at, battleRoster: 'KV-20', position: { lat: 48.59, lon: 37.9 } } });
    await s.api(`/api/casualties/${id}/events`, { body: { events: [{ type: 'evac.requested', at,
      payload: { nineLine: { location: { lat: 48.59, lon: 37.9 }, callSign: 'DUSTOFF 21', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } }] } });
  },
});
type Lang = 'uk' | 'en';
const WIDTHS = [360, 1280] as const;
const open = (lang: Lang, w: 360 | 1280, b: Browser = env.browser): Promise<{ ctx: BrowserContext; page: Page }> =>
  (w === 360 ? phone : desktop)(b, env.server.url, lang);

const ENROL = {
  uk: 'Помилка: Сеанс завершено або код недійсний: увійдіть знову чи візьміть новий код.',
  en: 'Error: Session ended or code not valid: sign in again or ask for a new code.',
};
for (const lang of ['uk', 'en'] as const)
  for (const w of WIDTHS)
    test(`a medic's phone enrolled with a wrong code says so in ${lang} (${w} px)`, { timeout: 120_000 }, async () => {
      const { ctx, page } = await open(lang, w);
      try {
        await page.goto('/#/login');
        await pastGate(page);
        await page.fill('#enrol-code', 'AAAA-BBBB-CCCC');
        await page.click('#enrol-submit');
        const said = page.locator('form.enrol p.error');
        await page.waitForFunction(() => (document.querySelector('form.enrol p.error')?.textContent ?? '') !== '');
        assert.equal(await said.textContent(), ENROL[lang]);
        await axe(page, `refused enrolment (${lang}, ${w})`);
        await page.screenshot({ path: join(SHOTS, `enrol-${lang}-${w}.png`), fullPage: true });
      } finally {
        await ctx.close();
      }
    });

const ROLE = { uk: 'R2 Kramatorsk (Рівень 2)', en: 'R2 Kramatorsk (Role 2)' };
const SCOPE = '3-тя штурмова рота';
for (const lang of ['uk', 'en'] as const)
  for (const w of WIDTHS)
    test(`the console names a role of care and the users list names scopes, in ${lang} (${w} px)`, { timeout: 180_000 }, async () => {
      const { ctx, page } = await open(lang, w);
      try {
        await signIn(page, 'dispatcher');
        await page.waitForSelector('[data-assign-facility]', { state: 'attached', timeout: 60_000 });
        const options = await page.$$eval('[data-assign-facility] option', (os) => os.map((o) => o.textContent ?? ''));
        assert.ok(options.includes(ROLE[lang]), options.join(' | '));
        assert.ok(!options.some((o) => /\(R\d\)/.test(o)), options.join(' | '));
        await page.locator('[data-evac-more]').first().click(); // the manual assignment is in the row's details
        const dest = page.locator('[data-assign-facility]').first();
        await dest.selectOption('r2-kramatorsk'); // shown chosen in the screenshot
        await reveal(dest);
        await axe(page, `console destinations (${lang}, ${w})`, { exclude: ['.maplibregl-map'] });
        await page.screenshot({ path: join(SHOTS, `console-${lang}-${w}.png`), fullPage: false });
      } finally {
        await ctx.close();
      }
      const admin = await open(lang, w);
      try {
        await signIn(admin.page, 'admin');
        await admin.page.goto('/#/admin/users');
        const row = admin.page.locator('[data-admin-user="medic3"]');
        await row.waitFor({ timeout: 60_000 });
        const text = (await row.textContent()) ?? '';
        assert.ok(text.includes(SCOPE) && !text.includes('3-shturmova-rota'), text);
        await axe(admin.page, `users list (${lang}, ${w})`);
        await reveal(row);
        await admin.page.screenshot({ path: join(SHOTS, `users-${lang}-${w}.png`), fullPage: false });
      } finally {
        await admin.ctx.close();
      }
    });
