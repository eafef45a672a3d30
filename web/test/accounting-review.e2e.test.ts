// The accounting screens after the session-49 review, in Chromium on the real server: the daily report is visible on
// paper (it printed a blank page) while the casualty tag still prints alone; a Ukrainian decimal comma in the claim
// form is read as typed, or refused and said (1,5 was saved as 15); a claim is neither retracted nor graded without a
// typed reason, and a final move is asked once; a claimant's text is isolated in the list; a period that ends before
// it starts is said, not shown as zeros; the day chart's ticks stand on the UTC days they name; the editor and the
// analyst land on the accounting. Every screen state passes axe; screenshots at 360 px in /tmp.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { phone, desktop, signIn, PASSWORD, REPO, e2eSuite, axe, goTo } from './harness.ts';
import { fixture } from '../../test/support/accounting-contract.ts';

const SHOTS = '/tmp/golden-hour-accounting-review';
const APPEND = `import { readFileSync } from 'node:fs';
import { openSqliteStore } from ${JSON.stringify(join(REPO, 'src/storage/sqlite.ts'))};
const { dataDir, events, receivedAt } = JSON.parse(readFileSync(0, 'utf8'));
const store = await openSqliteStore({ dataDir });
await store.migrate();
await store.append(events, receivedAt);
await store.close();`;
const env = e2eSuite({
  seed: (dataDir) => {
    const input = JSON.stringify({ dataDir, events: fixture().events, receivedAt: new Date(Date.now() - 3_600_000).toISOString() });
    const c = spawnSync(process.execPath, ['--input-type=module', '-e', APPEND], { cwd: REPO, input, encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr + c.stdout);
  },
  prepare: async (server) => {
    mkdirSync(SHOTS, { recursive: true });
    for (const [username, role] of [['commander', 'commander'], ['analyst', 'analyst'], ['editor', 'editor']] as const)
      await server.api('/api/users', { body: { username, password: PASSWORD, role, units: [] } });
  },
});
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
/** Whether an element is seen on the page as the current media shows it: laid out, and its visibility visible. */
const seen = (page: Page, sel: string) => page.$eval(sel, (el) => getComputedStyle(el).visibility === 'visible' && el.getClientRects().length > 0);

test('the daily report prints its figures (visible on paper); the casualty tag still prints alone', async () => {
  const d = await desktop(env.browser, env.server.url, 'uk');
  await signIn(d.page, 'commander');
  await d.page.goto('/#/accounting/report/2026-03-01');
  await d.page.waitForSelector('#acc-report [data-fig="all"]');
  await d.page.emulateMedia({ media: 'print' });
  for (const sel of ['#acc-report h2', '#acc-report [data-fig="all"] .acc-kpi-n', '#acc-report-units', '#acc-report-units tbody td'])
    assert.ok(await seen(d.page, sel), `${sel} is seen on paper`);
  assert.equal(await d.page.textContent('#acc-report [data-fig="all"] .acc-kpi-n'), '4');
  assert.equal(await seen(d.page, '#acc-print'), false, 'no controls on paper');
  await d.page.screenshot({ path: join(SHOTS, 'report-print-uk.png'), fullPage: true });
  // The hand-over screen's tag: alone on paper, the rest of its page hidden.
  await d.page.emulateMedia({ media: 'screen' });
  await goTo(d.page, '#/c/0190c0de-0000-7000-8000-0000000000aa/handover', '#print-tag');
  await d.page.emulateMedia({ media: 'print' });
  assert.equal(await d.page.$eval('#print-tag', (el) => getComputedStyle(el).visibility), 'visible');
  assert.equal(await d.page.$eval('#print-tag-btn', (el) => getComputedStyle(el).visibility), 'hidden');
  await d.ctx.close();
});

test('the claim form reads a Ukrainian decimal comma, refuses what is no number and says why', async () => {
  const m = await phone(env.browser, env.server.url, 'uk');
  await signIn(m.page, 'editor');
  const landed = await m.page.evaluate(() => location.hash);
  const page = m.page;
  await goTo(page, '#/accounting/claims', '#acc-new-claim summary');
  await page.click('#acc-new-claim summary');
  assert.equal(await page.getAttribute('#cl-value', 'inputmode'), 'decimal');
  assert.equal(await page.getAttribute('#cl-value', 'type'), 'text');
  await page.fill('#cl-claimant', 'Обласна військова адміністрація');
  await page.fill('#cl-subject', 'цивільні');
  await page.selectOption('#cl-kind', 'civilians-killed');
  assert.deepEqual(await page.$$eval('#cl-category option', (os) => os.map((o) => (o as HTMLOptionElement).value)), ['civilians'], 'the categories of the kind');
  await page.fill('#cl-date', '01.03.2026');
  await page.fill('#cl-value', '1,5');
  await page.fill('#cl-lat', '48,59');
  await page.fill('#cl-lon', '37,99');
  await page.fill('#cl-radius', '0,5');
  await page.click('#cl-save');
  await page.waitForSelector('#cl-msg.error');
  assert.match(await page.textContent('#cl-msg') ?? '', /Число: потрібне ціле число людей або одиниць техніки, а не «1,5»/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cl-value');
  assert.equal(await page.getAttribute('#cl-value', 'aria-invalid'), 'true');
  assert.ok(await seen(page, '#cl-msg'));
  await axe(page, 'claim form refused uk', { within: '#main' });
  await page.locator('#cl-form').screenshot({ path: join(SHOTS, 'claim-form-whole-360-uk.png') });
  await page.fill('#cl-value', '12');
  await page.click('#cl-save');
  await page.waitForFunction(() => /Радіус \(м\): від 1 до 500000, а не «0,5»/.test(document.querySelector('#cl-msg')?.textContent ?? ''));
  await page.fill('#cl-radius', 'п’ятсот');
  await page.click('#cl-save');
  await page.waitForFunction(() => /«п’ятсот» — не число\. Пишіть як 1,5 або 1\.5/.test(document.querySelector('#cl-msg')?.textContent ?? ''));
  await axe(page, 'claim form not a number uk', { within: '#main' });
  await shot(page, 'claim-form-not-a-number-360-uk');
  await page.fill('#cl-radius', '750,5');
  await page.click('#cl-save');
  await page.waitForSelector('#acc-claim[data-status="claimed"]');
  const id = decodeURIComponent((await page.evaluate(() => location.hash)).split('/').at(-1)!);
  const { claim } = await env.server.api<{ claim: { value: number; place: { lat: number; lon: number; radiusM: number } } }>(`/api/claims/${encodeURIComponent(id)}`, { user: 'editor' });
  assert.deepEqual([claim.value, claim.place.lat, claim.place.lon, claim.place.radiusM], [12, 48.59, 37.99, 750.5], 'saved as typed');

  // No reason, a dash: nothing is sent; the reason field is focused and the screen says why.
  for (const typed of ['', '—']) {
    await page.fill('#cl-reason', typed);
    await page.click('[data-status-to="retracted"]');
    await page.waitForFunction(() => /Спершу коротко вкажіть чому/.test(document.querySelector('#cl-reason-msg')?.textContent ?? ''));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'cl-reason');
    assert.equal(await page.locator('#cl-confirm-yes').count(), 0);
  }
  await page.click('#cl-grade-save');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cl-reason');
  await axe(page, 'reason needed uk', { within: '#main' });
  await shot(page, 'claim-reason-needed-360-uk');
  // A final move is asked once, the focus on the answer that changes nothing.
  await page.fill('#cl-reason', 'заяву відкликала сама адміністрація');
  await page.click('[data-status-to="retracted"]');
  await page.waitForSelector('#cl-confirm-yes');
  assert.match(await page.textContent('#cl-confirm') ?? '', /назавжди.*заяву відкликала сама адміністрація/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cl-confirm-keep');
  await axe(page, 'confirm retraction uk', { within: '#main' });
  await shot(page, 'claim-confirm-final-360-uk');
  await page.click('#cl-confirm-keep');
  assert.equal(await page.getAttribute('#acc-claim', 'data-status'), 'claimed');
  await page.click('[data-status-to="retracted"]');
  await page.waitForSelector('#cl-confirm-yes');
  await page.waitForTimeout(700); // past the question's settling time: a double click's second click is not taken
  await page.click('#cl-confirm-yes');
  await page.waitForSelector('#acc-claim[data-status="retracted"]');
  const d = await env.server.api<{ history: { action: string; reason: string | null }[] }>(`/api/claims/${encodeURIComponent(id)}`, { user: 'editor' });
  assert.deepEqual(d.history.map((x) => [x.action, x.reason]), [['created', null], ['status', 'заяву відкликала сама адміністрація']]);
  assert.match(landed, /^#\/accounting/, 'the editor landed on the accounting, not the field screen');
  await m.ctx.close();
});

test('a claimant with direction controls is refused; each claimant is isolated in the list', async () => {
  const body = { claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians', value: 3, valueKind: 'count', periodEnd: '2026-03-01' };
  await assert.rejects(env.server.api('/api/claims', { user: 'editor', body: { ...body, claimant: 'ОВА \u202E3 :сотне' } }), /400|direction/);
  await env.server.api('/api/claims', { user: 'editor', body: { ...body, claimant: 'مكتب الأمم المتحدة' } });
  const m = await phone(env.browser, env.server.url, 'uk');
  await signIn(m.page, 'editor');
  await goTo(m.page, '#/accounting/claims', '#acc-claims');
  const claimants = await m.page.$$eval('#acc-claims a', (as) => as.map((a) => a.querySelector('bdi')?.textContent));
  assert.ok(claimants.includes('مكتب الأمم المتحدة') && claimants.every(Boolean), `each claimant in its own <bdi>: ${claimants}`);
  await axe(m.page, 'claims list uk', { within: '#main' });
  await shot(m.page, 'claims-list-360-uk');
  await m.ctx.close();
});

test('a period that ends before it starts is said, not shown as zeros; the chart ticks stand on the days they name', async () => {
  const ctx = await env.browser.newContext({ baseURL: env.server.url, viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, hasTouch: true, isMobile: true, locale: 'uk-UA', timezoneId: 'Europe/Kyiv' });
  await ctx.addInitScript(() => localStorage.setItem('gh.lang', 'uk'));
  const page = await ctx.newPage();
  await signIn(page, 'commander');
  await goTo(page, '#/accounting/recorded', '#acc-chart-days[data-drawn="true"]');
  const ticks = (await page.getAttribute('#acc-chart-days', 'data-ticks'))?.split(' ').map(Number) ?? [];
  const all = await page.textContent('#acc-kpis [data-fig="all"] .acc-kpi-n');
  await page.fill('#acc-from', '02.03.2026');
  await page.fill('#acc-to', '01.03.2026');
  await page.click('#acc-apply');
  await page.waitForFunction(() => /Період починається після свого кінця \(02\.03\.2026 пізніше за 01\.03\.2026\)/.test(document.querySelector('#acc-filter-error')?.textContent ?? ''));
  assert.equal(await page.textContent('#acc-kpis [data-fig="all"] .acc-kpi-n'), all, 'the figures of the last filter stay');
  assert.equal(await page.getAttribute('#acc-to', 'aria-invalid'), '');
  await axe(page, 'reversed period uk', { within: '#main' });
  await shot(page, 'filter-reversed-360-uk');
  assert.ok(ticks.length > 0 && ticks.every((t) => t % 86_400 === 0), `ticks at UTC midnight (the days they are labelled with): ${ticks}`);
  await ctx.close();
  const a = await phone(env.browser, env.server.url, 'uk');
  await signIn(a.page, 'analyst');
  assert.match(await a.page.evaluate(() => location.hash), /^#\/accounting/, 'the analyst lands on the accounting');
  await a.ctx.close();
});
