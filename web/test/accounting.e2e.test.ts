// Accounting in the browser, in Ukrainian and English, on the real server (SQLite) and Chromium: a commander opens the
// dashboard, filters a unit and drills down; an analyst sees only suppressed aggregates; an editor records the
// school-strike claim, links it to recorded casualties, grades it and moves it to "disputed"; the daily report prints
// to PDF with the day's figures; an editor uploads an archived copy as evidence (hash shown before sending, size and
// type refused in the browser, stored through the ledger with its history entry), downloads it with its SHA-256 checked
// (an altered copy is not saved), and settles a replication conflict. Every screen passes axe-core (WCAG 2 A/AA);
// screenshots at 360 and 1280 px in /tmp.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { phone, desktop, signIn, PASSWORD, REPO, e2eSuite, axe, goTo, sharedPages } from './harness.ts';
import { fixture, SCHOOL } from '../../test/support/accounting-contract.ts';

const SHOTS = '/tmp/golden-hour-accounting-shots';
/** Appends the events given on stdin to the store in `dataDir`, received at `receivedAt` (before the server holds it). */
const APPEND_RECEIVED_BEFORE = `import { readFileSync } from 'node:fs';
import { openSqliteStore } from ${JSON.stringify(join(REPO, 'src/storage/sqlite.ts'))};
const { dataDir, events, receivedAt } = JSON.parse(readFileSync(0, 'utf8'));
const store = await openSqliteStore({ dataDir });
await store.migrate();
await store.append(events, receivedAt);
await store.close();`;
let ids: ReturnType<typeof fixture>['ids'];
const env = e2eSuite({
  // The public datasets, imported by `goldenhour claims import` before the server holds the database (one connection).
  seed: (dataDir) => {
    const r = spawnSync(process.execPath, [join(REPO, 'src/cli/main.ts'), 'claims', 'import'], { cwd: REPO, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    // The casualties, received an hour ago: the analyst's figures are as of the hour's start (src/accounting/snapshot.ts).
    const f = fixture();
    ids = f.ids;
    const input = JSON.stringify({ dataDir, events: f.events, receivedAt: new Date(Date.now() - 3_600_000).toISOString() });
    const c = spawnSync(process.execPath, ['--input-type=module', '-e', APPEND_RECEIVED_BEFORE], { cwd: REPO, input, encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr + c.stdout);
  },
  prepare: async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const [username, role, units] of [['commander', 'commander', []], ['commander-b', 'commander', ['b-coy']], ['analyst', 'analyst', []], ['editor', 'editor', []]] as const)
      await env.server.api('/api/users', { body: { username, password: PASSWORD, role, units } });
  },
});

/** The editor, signed in once per language and size for the whole file (the commander and the analyst are one test each). */
const editor = sharedPages(env);
/** A claim's own screen, by its heading (claimant and figure) rather than a part every claim screen has: not the claim the shared page showed last. */
const toClaim = async (page: Page, id: string, heading: string, sel: string): Promise<void> => {
  await goTo(page, `#/accounting/claims/${id}`, '#acc-claim h3');
  // By its whole text: the claimant is isolated in a <bdi> of its own (a :text-is selector does not match across it).
  await page.waitForFunction((want) => document.querySelector('#acc-claim h3')?.textContent === want, heading, { timeout: 30_000 });
  await page.waitForSelector(sel);
};

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
/** The CSV the export button saves. */
const saved = async (page: Page): Promise<string> => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#acc-csv')]);
  return readFileSync((await download.path())!, 'utf8');
};
/** The lines of a CSV before its table: what it covers. */
const covered = (csv: string): string[] => csv.split('\r\n\r\n')[0]!.split('\r\n');
const kpi = async (page: Page, fig: string) => (await page.textContent(`#acc-kpis [data-fig="${fig}"] .acc-kpi-n`))?.trim();

for (const lang of ['en', 'uk'] as const) {
  test(`commander (${lang}): dashboard, filter a unit, drill down; printable daily report`, async () => {
    const d = await desktop(env.browser, env.server.url, lang);
    await signIn(d.page, 'commander');
    await d.page.goto('/#/accounting/recorded');
    await d.page.waitForSelector('#acc-kpis');
    assert.equal(await kpi(d.page, 'all'), '6');
    // The ratio with the counts it is made of, so it adds up against the figures above: (5 wounded − 1 died of
    // wounds) survivors to (1 killed in action + 1 died of wounds) dead.
    assert.equal(await d.page.textContent('[data-rate="woundedToKilled"]'), '2 : 1 (4 : 2)');
    assert.match(await d.page.textContent('#acc-rates') ?? '', lang === 'uk' ? /вижили : загинули/ : /survivors : dead/);
    await d.page.waitForSelector('#acc-chart-days[data-drawn="true"]');
    // The tourniquet chart's axes say what they count and in which unit (drawn on the canvas; named on the figure).
    await d.page.waitForSelector('#acc-chart-tq[data-drawn="true"]');
    const axes = await d.page.$eval('#acc-chart-tq', (f) => [f.getAttribute('data-x-axis'), f.getAttribute('data-y-axis')]);
    assert.match(axes[0] ?? '', lang === 'uk' ? /\(хв\)/ : /\(min\)/);
    assert.match(axes[1] ?? '', lang === 'uk' ? /\(кількість\)/ : /\(count\)/);
    await d.page.locator('#acc-chart-tq').screenshot({ path: join(SHOTS, `tourniquet-chart-${lang}.png`) });
    await axe(d.page, `dashboard ${lang}`, { within: '#main' });
    await shot(d.page, `dashboard-1280-${lang}`);
    await d.page.selectOption('#acc-unit', 'a-coy');
    await d.page.click('#acc-apply');
    await d.page.waitForFunction(() => document.querySelector('#acc-kpis [data-fig="all"] .acc-kpi-n')?.textContent === '4');
    await d.page.click('#acc-kpis [data-fig="dow"]');
    await d.page.waitForSelector('#acc-drill-table');
    assert.deepEqual(await d.page.$$eval('#acc-drill-table [data-casualty]', (els) => els.map((e) => (e as HTMLElement).dataset.casualty)), [ids.B]);
    // Times to surgery in minutes, as measured: no seconds ("55 хв 00 с").
    assert.doesNotMatch((await d.page.textContent('#acc-drill-table')) ?? '', /\d\d\s?(s|с)(?!\p{L})/u);
    // CSV export of what is shown, saying what it covers: what it counts, the period, the units, the category, when made.
    const csv = await saved(d.page);
    const head = covered(csv);
    assert.match(head[0]!, lang === 'uk' ? /^Що,"?Дані про поранених, записані в Golden Hour/ : /^What,"?Casualty figures recorded in Golden Hour/);
    assert.equal(head[1], lang === 'uk' ? 'Період,від першого запису – до тепер' : 'Period,from the first record – to now');
    assert.equal(head[2], lang === 'uk' ? 'Підрозділи,a-coy' : 'Units,a-coy');
    assert.equal(head[3], lang === 'uk' ? 'Категорія,усі' : 'Category,all');
    assert.match(head[4]!, new RegExp(`^${lang === 'uk' ? 'Сформовано' : 'Generated'},\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d UTC`));
    assert.match(csv, /\r\n\r\nbreakdown,key,all,wounded,kia,dow/);
    assert.match(csv, /\r\nunit,a-coy,4,4,0,1,/);
    // One day alone, typed in the app's date format (a date picker read mm/dd/yyyy in an English browser): the chart's
    // axis spans the days around it, not years of empty ticks.
    assert.equal(await d.page.getAttribute('#acc-from', 'type'), 'text');
    assert.equal(await d.page.getAttribute('#acc-from', 'placeholder'), lang === 'uk' ? 'ДД.ММ.РРРР' : 'DD.MM.YYYY');
    await d.page.fill('#acc-from', '01.03.2026');
    await d.page.fill('#acc-to', '1.3.2026');
    await d.page.click('#acc-apply');
    await d.page.waitForSelector('#acc-chart-days[data-drawn="true"]');
    assert.deepEqual(await d.page.$eval('#acc-chart-days', (f) => [(f as HTMLElement).dataset.xFrom, (f as HTMLElement).dataset.xTo]), ['2026-02-28', '2026-03-02']);
    assert.equal(await d.page.inputValue('#acc-to'), '01.03.2026', 'the day shown back in the app\'s format');
    assert.deepEqual(await d.page.$$eval('#acc-by-day tbody th', (ths) => ths.map((t) => t.textContent)), ['01.03.2026']);
    assert.equal(covered(await saved(d.page))[1], `${lang === 'uk' ? 'Період' : 'Period'},01.03.2026 – 01.03.2026`);
    // A day that is none is refused, said, and the figures stay those of the last filter.
    await d.page.fill('#acc-from', '03/01/2026');
    await d.page.click('#acc-apply');
    assert.match(await d.page.textContent('#acc-filter-error') ?? '', lang === 'uk' ? /ДД\.ММ\.РРРР: 03\/01\/2026/ : /DD\.MM\.YYYY: 03\/01\/2026/);
    assert.equal(await d.page.getAttribute('#acc-from', 'aria-invalid'), '');
    await shot(d.page, `dashboard-day-1280-${lang}`);

    await d.page.goto('/#/accounting/report/2026-03-01');
    await d.page.waitForSelector('#acc-report');
    await axe(d.page, `report ${lang}`, { within: '#main' });
    await d.page.emulateMedia({ media: 'print' });
    assert.equal(await d.page.isVisible('header.top'), false, 'no navigation on paper');
    const text = (await d.page.textContent('#acc-report')) ?? '';
    assert.match(text, /01\.03\.2026/);
    assert.doesNotMatch(text, /2026-03-01|03\/01\/2026/);
    assert.equal(await d.page.textContent('#acc-report [data-fig="all"] .acc-kpi-n'), '4', 'the day’s casualties');
    assert.equal(await d.page.textContent('#acc-report [data-fig="kia"] .acc-kpi-n'), '1');
    const pdf = (await d.page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pdf.startsWith('%PDF') && pages >= 1 && pages <= 3, `${pages} pages`);
    await d.page.emulateMedia({ media: 'screen' });
    await shot(d.page, `report-1280-${lang}`);
    await d.ctx.close();

    const m = await phone(env.browser, env.server.url, lang);
    await signIn(m.page, 'commander');
    await m.page.goto('/#/accounting/recorded');
    await m.page.waitForSelector('#acc-chart-days[data-drawn="true"]');
    const width = await m.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(width[0]! <= width[1]!, `fits 360 px: ${width}`);
    await shot(m.page, `dashboard-360-${lang}`);
    await m.page.goto('/#/accounting/compare');
    await m.page.waitForSelector('#cmp-chart[data-drawn="true"]');
    assert.match((await m.page.textContent('#cmp-sources')) ?? '', /General Staff.*Oryx/s);
    // The ratio in the reader's own figures: a day as the app writes days, a decimal comma and spaced thousands in
    // Ukrainian ("2026-08-08: 0.333 (4074 / 12251)" was shown on a Ukrainian screen).
    const ratio = (await m.page.textContent('#cmp-ratio')) ?? '';
    assert.match(ratio, lang === 'uk' ? /\d\d\.\d\d\.\d{4}: \d,\d{3} \([\d\u00a0\u202f]+ \/ [\d\u00a0\u202f]+\)$/u : /\d\d\.\d\d\.\d{4}: \d\.\d{3} \([\d,]+ \/ [\d,]+\)$/u, ratio);
    await axe(m.page, `compare ${lang}`, { within: '#main' });
    await shot(m.page, `compare-360-${lang}`);
    await m.ctx.close();
  });

  test(`analyst (${lang}): only suppressed aggregates`, async () => {
    const m = await phone(env.browser, env.server.url, lang);
    await signIn(m.page, 'analyst');
    await m.page.goto('/#/accounting/recorded');
    await m.page.waitForSelector('#acc-deidentified');
    assert.equal(await m.page.locator('button[data-fig]').count(), 0, 'no drill-down');
    const text = (await m.page.textContent('#main')) ?? '';
    assert.match(text, /<5/);
    for (const id of Object.values(ids)) assert.ok(!text.includes(id.slice(0, 8)));
    // The figures are the hour's (recorded since counts from the next hour): the screen says as of when, on the 24-h clock.
    const hourStart = await m.page.evaluate(() => {
      const d = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
      return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    });
    assert.match(await m.page.textContent('#acc-asof') ?? '', new RegExp(`${lang === 'uk' ? 'станом на' : 'as of'} (\\d\\d\\.\\d\\d )?${hourStart}`));
    // Times from injury and the wounded-to-killed ratio are the analyst's figures too (withheld over small counts: said why).
    assert.deepEqual(await m.page.$$eval('#acc-times [data-time]', (tds) => tds.map((t) => (t as HTMLElement).dataset.time)), ['pickup', 'firstFacility', 'surgery']);
    assert.match(await m.page.textContent('#acc-times-note') ?? '', /5.*10/);
    const [sw, cw] = await m.page.$eval('#acc-times', (t) => [t.scrollWidth, t.clientWidth]);
    assert.ok(sw! <= cw!, `the times table shows its 90th percentile column at 360 px (${sw} > ${cw})`);
    assert.equal(await m.page.textContent('[data-rate="woundedToKilled"]'), '—', 'fewer than 5 dead: not given');
    // The analyst exports their figures too: de-identified as on screen, every unit (their scope), as of the hour.
    const csv = await saved(m.page);
    const head = covered(csv);
    assert.match(head[0]!, lang === 'uk' ? /^Що,"?Знеособлені дані/ : /^What,"?De-identified casualty figures/);
    assert.equal(head[2], lang === 'uk' ? 'Підрозділи,усі підрозділи' : 'Units,all units');
    assert.match(head[4]!, new RegExp(`^${lang === 'uk' ? 'Дані станом на' : 'Figures as of'},\\d\\d\\.\\d\\d\\.\\d{4} ${hourStart} UTC`));
    assert.match(csv, /\r\ntotal,,6\r\n/);
    assert.match(csv, /<5/);
    for (const id of Object.values(ids)) assert.ok(!csv.includes(id.slice(0, 8)), 'no casualty in the file');
    await axe(m.page, `analyst ${lang}`, { within: '#main' });
    await shot(m.page, `analyst-360-${lang}`);
    await m.ctx.close();
  });

  test(`editor (${lang}): the school-strike claim, linked, graded, disputed`, async () => {
    await editor.use('editor', lang, 360, async (page) => {
      await goTo(page, '#/accounting/claims', '#acc-new-claim summary');
      await page.click('#acc-new-claim summary');
      await page.fill('#cl-claimant', 'President of Ukraine');
      await page.selectOption('#cl-claimant-side', 'own');
      await page.fill('#cl-subject', 'civilians');
      await page.selectOption('#cl-kind', 'civilians-killed');
      await page.selectOption('#cl-category', 'civilians');
      await page.fill('#cl-value', '60');
      await page.selectOption('#cl-value-kind', 'count');
      await page.selectOption('#cl-qualifier', 'about');
      await page.fill('#cl-date', '01.03.2026');
      await page.fill('#cl-place', 'School No. 3');
      await page.fill('#cl-lat', String(SCHOOL.lat));
      await page.fill('#cl-lon', String(SCHOOL.lon));
      await page.fill('#cl-radius', '500');
      await page.fill('#cl-summary', '60 died in a strike on a school sheltering 90');
      await axe(page, `claim form ${lang}`, { within: '#main' });
      await shot(page, `claim-form-360-${lang}`);
      await page.click('#cl-save');
      await page.waitForSelector('#acc-claim[data-status="claimed"]');
      // What the comparison counted, in the reader's language (session 22: it was the server's English sentence, "within
      // 2000 m of 48.59, 37.99 (positions to 0.01°, whole days), 2026-03-01T00:00:00.000Z – …", on the Ukrainian screen).
      const basis = ((await page.textContent('#cl-recorded .small')) ?? '').replaceAll('\u2011', '-');
      if (lang === 'uk') {
        assert.doesNotMatch(basis.replaceAll('UTC', ''), /[A-Za-z]/, `no English in the Ukrainian basis: ${basis}`);
        assert.match(basis, /клітинками 0,01° і цілими добами UTC.*км від 48,59°, 37,99°, 01\.03\.2026 \(UTC\)/);
      } else assert.match(basis, /by 0\.01° cell and whole UTC days.*km of 48\.59°, 37\.99°, 01\.03\.2026 \(UTC\)/);
      await axe(page, `claim compared by cells ${lang}`, { within: '#main' });
      await page.locator('#cl-recorded').screenshot({ path: join(SHOTS, `claim-basis-cells-360-${lang}.png`) });
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SHOTS, `claim-basis-cells-1280-${lang}.png`) });
      await page.setViewportSize({ width: 360, height: 740 });
      await page.click('#cl-link');
      await page.waitForSelector('#cl-recorded [data-basis="linked"]');
      // An editor sees no casualty, so the count stops at the start of today's UTC day (said with that date).
      const linkedBasis = ((await page.textContent('#cl-recorded [data-basis]')) ?? '').replaceAll('\u2011', '-');
      assert.match(linkedBasis, lang === 'uk' ? /^Пораховано: пов’язаних із заявою · внесено до \d{2}\.\d{2}\.\d{4} \(UTC\)$/ : /^Counted: casualties linked to the claim · recorded before \d{2}\.\d{2}\.\d{4} \(UTC\)$/);
      assert.ok(Math.abs(Date.parse(/(\d{2})\.(\d{2})\.(\d{4})/.exec(linkedBasis)!.slice(1).reverse().join('-')) - Date.now()) < 2 * 86_400_000, 'the day is today (UTC)');
      assert.equal(await page.textContent('[data-rec="killedInAction"]'), '1');
      assert.equal(await page.textContent('[data-rec="diedOfWounds"]'), '1');
      await page.fill('#cl-reason', 'official statement; soldiers on the ground cannot confirm');
      await page.selectOption('#cl-rel', 'B');
      await page.selectOption('#cl-cred', '5');
      await page.click('#cl-grade-save');
      await page.waitForFunction(() => document.querySelector('#cl-grade')?.textContent === 'B5');
      await page.click('#cl-compare');
      await page.waitForSelector('#cl-evidence [data-kind="recorded-comparison"]');
      // The kept comparison in the reader's language (session 23: it was the server's English sentence, "Golden Hour
      // recorded (linked casualties (as of …)): 4 casualties, 1 killed in action, …", marked lang="en" on this screen).
      const kept = ((await page.locator('#cl-evidence [data-kind="recorded-comparison"]').textContent({ timeout: 5000 })) ?? '').replaceAll('\u2011', '-');
      const said = ((await page.locator('#cl-evidence .acc-kept').textContent({ timeout: 5000 })) ?? '').replaceAll('\u2011', '-');
      if (lang === 'uk') {
        assert.doesNotMatch(kept.replace(/\[[A-F][1-6]\]/, '').replaceAll('UTC', ''), /[A-Za-z]/, `no Latin word but UTC in the Ukrainian kept comparison: ${kept}`);
        assert.match(said, /^Зафіксовано — постраждалих: 4, загинули в бою: 1, померли від ран: 1, поранені: 2, ще не завершено: 0; заявлено: близько 60\. Пораховано: пов’язаних із заявою · внесено до \d{2}\.\d{2}\.\d{4} \(UTC\)$/);
      } else assert.match(said, /^Recorded — casualties: 4, killed in action: 1, died of wounds: 1, wounded: 2, still open: 0; claimed: about 60\. Counted: casualties linked to the claim · recorded before \d{2}\.\d{2}\.\d{4} \(UTC\)$/);
      assert.equal(await page.locator('#cl-evidence [lang="en"]').count(), 0, 'nothing marked as English');
      await page.fill('#cl-reason', 'recorded 2 dead at the place');
      await page.click('[data-status-to="disputed"]');
      await page.waitForSelector('#acc-claim[data-status="disputed"]');
      assert.deepEqual(await page.$$eval('#cl-history li', (els) => els.map((e) => (e as HTMLElement).dataset.action)), ['created', 'link', 'grade', 'evidence', 'status']);
      // The entries the screen wrote (a link by place, a kept comparison) read in the reader's language; the actor is a name.
      const written = await page.$$eval('#cl-history li[data-action="link"], #cl-history li[data-action="evidence"]', (els) => els.map((e) => e.textContent ?? ''));
      if (lang === 'uk') for (const l of written) assert.doesNotMatch(l.replace(' · editor · ', ''), /[A-Za-z]/, l);
      await axe(page, `claim ${lang}`, { within: '#main' });
      await shot(page, `claim-360-${lang}`);
      await page.locator('#cl-evidence').screenshot({ path: join(SHOTS, `claim-kept-360-${lang}.png`) });
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SHOTS, `claim-basis-linked-1280-${lang}.png`) });
      await axe(page, `claim with a kept comparison 1280 ${lang}`, { within: '#main' });
      await shot(page, `claim-kept-1280-${lang}`);
      // Back to the phone's size for the tests that use this page next.
      await page.setViewportSize({ width: 360, height: 740 });
    });
  });

  test(`editor (${lang}): evidence uploaded from the claim screen — hash shown, size and type checked, stored with its history entry`, async () => {
    const { claim } = await env.server.api<{ claim: { id: string } }>('/api/claims', {
      user: 'editor',
      body: { claimant: 'Regional administration', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-injured', category: 'civilians', value: 12, valueKind: 'count', periodEnd: '2026-03-02' },
    });
    for (const width of [360, 1280] as const) {
      await editor.use('editor', lang, width, async (page) => {
        await toClaim(page, claim.id, 'Regional administration: 12', '#cl-ev-file');
        // Refused in the browser: a text file calling itself a PNG, and a file over 1 MiB. Nothing is sent.
        await page.setInputFiles('#cl-ev-file', { name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
        await page.waitForSelector('#cl-ev-picked [role="alert"]');
        assert.match((await page.textContent('#cl-ev-picked')) ?? '', lang === 'uk' ? /не відповідає його типу \(image\/png\)/ : /not what its type says \(image\/png\)/);
        await page.setInputFiles('#cl-ev-file', { name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024, 0x20)]) });
        await page.waitForFunction(() => /1 MiB|1 МіБ/.test(document.querySelector('#cl-ev-picked [role="alert"]')?.textContent ?? ''));
        await page.click('#cl-ev-add');
        // A PNG of a few kilobytes: its SHA-256 is shown before anything is sent.
        const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4000 + width, 3)]);
        const sha = createHash('sha256').update(png).digest('hex');
        await page.setInputFiles('#cl-ev-file', { name: `strike-${width}.png`, mimeType: 'image/png', buffer: png });
        await page.waitForFunction((h) => document.querySelector('#cl-ev-sha')?.textContent === h, sha);
        await page.fill('#cl-ev-note', 'photograph of the damaged school');
        await axe(page, `evidence upload ${width} ${lang}`);
        const fits = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
        assert.ok(fits, `fits ${width} px`);
        const tall = await page.$eval('#cl-ev-pick', (el) => el.getBoundingClientRect().height);
        assert.ok(tall >= 48, `the file picker is a 48 px target (${tall})`);
        assert.equal((await page.textContent('#cl-ev-pick'))?.trim(), lang === 'uk' ? 'Вибрати файл' : 'Choose a file');
        await shot(page, `evidence-picked-${width}-${lang}`);
        await page.click('#cl-ev-add');
        await page.waitForSelector(`#cl-evidence li[data-sha256="${sha}"]`);
        await shot(page, `evidence-stored-${width}-${lang}`);
      });
    }
    // Stored through the ledger: the same hash on the server, the file's name and type, one history entry per upload.
    const d = await env.server.api<{ evidence: { sha256: string; mediaType: string; fileName: string; hasArchive: boolean; kind: string }[]; history: { action: string; actor: string }[] }>(`/api/claims/${claim.id}`, { user: 'editor' });
    assert.deepEqual(d.evidence.map((e) => [e.mediaType, e.fileName, e.hasArchive, e.kind]), [['image/png', 'strike-360.png', true, 'photo'], ['image/png', 'strike-1280.png', true, 'photo']]);
    assert.deepEqual(d.history.map((h) => [h.action, h.actor]), [['created', 'editor'], ['evidence', 'editor'], ['evidence', 'editor']]);
  });

  test(`editor (${lang}): the archived copy downloaded from the claim screen, its SHA-256 checked; an altered copy is not saved`, async () => {
    const { claim } = await env.server.api<{ claim: { id: string } }>('/api/claims', {
      user: 'editor',
      body: { claimant: 'Military administration', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians', value: 7, valueKind: 'count', periodEnd: '2026-03-02' },
    });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% "confirm 7 dead; communications are still down"\n'), Buffer.alloc(3000, 0x20)]);
    const sha = createHash('sha256').update(pdf).digest('hex');
    await env.server.api(`/api/claims/${claim.id}/evidence`, {
      user: 'editor', body: { firstSeen: '2026-03-02T09:00:00.000Z', kind: 'document', archiveBase64: pdf.toString('base64'), sha256: sha, mediaType: 'application/pdf', fileName: `report-${lang}.pdf` },
    });
    for (const width of [360, 1280] as const) {
      await editor.use('editor', lang, width, async (page) => {
        const button = `#cl-evidence li[data-sha256="${sha}"] [data-download]`;
        await toClaim(page, claim.id, 'Military administration: 7', button);
        assert.equal((await page.textContent(button))?.trim(), lang === 'uk' ? 'Завантажити архівну копію' : 'Download the archived copy');
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
        assert.equal(download.suggestedFilename(), `report-${lang}.pdf`);
        assert.deepEqual(readFileSync((await download.path())!), pdf, 'the saved file is the archived copy, byte for byte');
        await page.waitForFunction(() => document.querySelector('.acc-dl-msg.ok') !== null);
        assert.match((await page.textContent('.acc-dl-msg')) ?? '', lang === 'uk' ? /SHA-256 перевірено, збігається/ : /SHA-256 checked, it matches/);
        const tall = await page.$eval(button, (el) => el.getBoundingClientRect().height);
        assert.ok(tall >= 48, `a 48 px target (${tall})`);
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `fits ${width} px`);
        await axe(page, `evidence download ${width} ${lang}`, { within: '#main' });
        await shot(page, `evidence-download-${width}-${lang}`);
        // A copy altered between the server and this screen: refused here, nothing handed to the browser to save.
        let saved = 0;
        const count = () => saved++;
        page.on('download', count);
        const altered = '**/api/claims/evidence/*/archive';
        await page.route(altered, (r) => r.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.concat([pdf, Buffer.from('x')]) }));
        await page.click(button);
        await page.waitForSelector('.acc-dl-msg[role="alert"]');
        assert.match((await page.textContent('.acc-dl-msg')) ?? '', lang === 'uk' ? /не відповідає своєму SHA-256/ : /does not match its SHA-256/);
        assert.equal(saved, 0);
        await axe(page, `evidence refused ${width} ${lang}`, { within: '#main' });
        await shot(page, `evidence-tampered-${width}-${lang}`);
        // The shared page downloads the real copy again for the tests after this one.
        page.off('download', count);
        await page.unroute(altered);
      });
    }
  });

  test(`editor (${lang}): a replication conflict kept beside a claim is marked settled — who and why, in its history`, async () => {
    const { claim } = await env.server.api<{ claim: { id: string } }>('/api/claims', {
      user: 'editor',
      body: { claimant: 'Ministry of Defence', claimantSide: 'own', subjectSide: 'adversary', kind: 'personnel-killed', category: 'personnel', value: 575, valueKind: 'count', periodEnd: '2026-03-01' },
    });
    // Another server moved it from a status it never had here: kept as a conflict, not applied.
    const entry = { id: `peer-entry-${lang}`, claimId: claim.id, at: '2026-03-02T08:00:00.000Z', actor: 'editor-rear', action: 'status', reason: 'the rear corroborated it', detail: { from: 'second-source', to: 'corroborated' } };
    const ack = await env.server.api<{ results: { outcome: string }[] }>('/api/sync/claims/push', { user: 'admin', body: { entries: [entry] } });
    assert.equal(ack.results[0]!.outcome, 'conflict');
    for (const width of [360, 1280] as const) {
      await editor.use('editor', lang, width, async (page) => {
        await toClaim(page, claim.id, 'Ministry of Defence: 575', '#cl-conflicts');
        if (width === 360) {
          await page.waitForSelector(`#cl-conflicts li[data-entry="${entry.id}"] [data-settle]`);
          // Why it was kept, in the reader's language with the statuses named as everywhere else (not the server's English).
          assert.match((await page.textContent(`#cl-conflicts li[data-entry="${entry.id}"]`)) ?? '', lang === 'uk'
            ? /тут заява має статус «заявлено»; цей запис змінює його з «друге джерело» на «підтверджено незалежно»/
            : /the claim is claimed here; this entry moves it from second source to corroborated/);
          await axe(page, `conflict ${lang}`, { within: '#main' });
          await shot(page, `conflict-open-360-${lang}`);
          await page.click(`[data-settle="${entry.id}"]`);
          await page.waitForFunction(() => /why it is settled|чому врегульовано/i.test(document.querySelector('.acc-settle p.error')?.textContent ?? ''));
          await page.fill(`#cl-settle-${entry.id}`, 'the rear had a second source we lacked; kept as claimed here');
          await page.click(`[data-settle="${entry.id}"]`);
        }
        await page.waitForSelector(`#cl-conflicts li[data-entry="${entry.id}"][data-settled="true"]`);
        assert.match((await page.textContent(`#cl-conflicts li[data-entry="${entry.id}"] .acc-settled`)) ?? '', /editor.*the rear had a second source/);
        assert.equal(await page.locator('[data-settle]').count(), 0, 'settled: no form');
        assert.deepEqual(await page.$$eval('#cl-history li', (els) => els.map((e) => (e as HTMLElement).dataset.action)), ['created', 'settled']);
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `fits ${width} px`);
        await axe(page, `conflict settled ${width} ${lang}`, { within: '#main' });
        await shot(page, `conflict-settled-${width}-${lang}`);
      });
    }
    const d = await env.server.api<{ history: { action: string; actor: string; reason: string }[] }>(`/api/claims/${claim.id}`, { user: 'editor' });
    assert.deepEqual(d.history.at(-1), { ...d.history.at(-1)!, action: 'settled', actor: 'editor', reason: 'the rear had a second source we lacked; kept as claimed here' });
  });
}
