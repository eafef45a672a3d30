// The personnel officer's flow in a real Chromium against the real server (SQLite): import a registry CSV (a bad row
// reported by line, nothing stored; then the valid rows kept), see the forward R2's red flag, ask for moves, accept
// them — and the dispatcher's plan now sends the critical casualty to that R2. WCAG 2 AA (axe-core) on the screen;
// screenshots at 360 px and 1280 px in Ukrainian and English (to the temporary directory, outside the repository).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { phone, desktop, signIn, PASSWORD, e2eSuite, axe } from './harness.ts';
import { CSV_COLUMNS, toCsvLine } from '../../src/workforce/csv.ts';
import type { Page } from 'playwright-core';
import type { SiteGaps } from '../../src/core/index.ts';

const SHOTS = join(tmpdir(), 'gh-workforce-shots');
const env = e2eSuite({
  prepare: async () => {
    mkdirSync(SHOTS, { recursive: true });
    await env.server.api('/api/users', { body: { username: 'personnel', password: PASSWORD, role: 'personnel' } });
    await env.server.api('/api/facilities', { body: { id: 'r2-fwd', name: 'R2 Forward', role: 'R2', position: { lat: 48.6, lon: 37.9 }, beds: 20, surgicalTables: 2 } });
    await env.server.api('/api/facilities', { body: { id: 'r3-rear', name: 'R3 Rear', role: 'R3', position: { lat: 49.9, lon: 36.3 }, beds: 50, surgicalTables: 4 } });
    await env.server.api('/api/vehicles', { body: { id: 'amb-9', kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 50, position: { lat: 48.62, lon: 37.95 } } });
    const sites = [
      { id: 'r2-fwd', name: 'R2 Forward', kind: 'facility', templateId: 'r2b', position: { lat: 48.6, lon: 37.9 }, facilityId: 'r2-fwd' },
      { id: 'civ-1', name: 'City Hospital', kind: 'civilian-hospital', templateId: 'civilian-hospital', position: { lat: 49.0, lon: 36.0 }, minimumStaff: 1, languages: ['uk', 'en'] },
    ];
    await env.server.api('/api/workforce/facts', { user: 'personnel', body: { facts: sites.map((payload, i) => ({ id: crypto.randomUUID(), at: ago(60 - i), type: 'site.set', payload })) } });
    const cid = crypto.randomUUID();
    await env.server.api('/api/casualties', { body: { id: cid, injuredAt: ago(20), position: { lat: 48.62, lon: 37.95 } } });
    await env.server.api(`/api/casualties/${cid}/events`, {
      body: { events: [
        { type: 'vitals', at: ago(10), payload: { rr: 34, pulse: 130, avpu: 'P' } },
        { type: 'evac.requested', at: ago(10), payload: { nineLine: { location: { lat: 48.62, lon: 37.95 }, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
      ] },
    });
  },
});
const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

const person = (id: string, name: string, profession: string, site = '', extra: Partial<Record<(typeof CSV_COLUMNS)[number], string>> = {}) =>
  toCsvLine(CSV_COLUMNS.map((c) => ({ id, name, profession, credentials: `${profession}|1|MoH`, training: 'degree|260|2015-06-01', languages: 'uk', status: 'mobilised', site, ...extra } as Record<string, string>)[c] ?? ''));
const CSV = [
  CSV_COLUMNS.join(','),
  person('s1', 'Taras Koval', 'general-surgeon', 'civ-1'),
  person('s2', 'Olena Bondar', 'general-surgeon', 'civ-1'),
  person('a1', 'Iryna Melnyk', 'anaesthesiologist', 'civ-1'),
  person('o1', 'Andrii Savchuk', 'or-nurse', 'r2-fwd'),
  person('x1', 'Wrong Row', 'wizard'),
  person('f1', 'Anna Novak', 'anaesthesiologist', '', { languages: 'en', status: 'foreign-volunteer' }),
].join('\n');

type Figures = { role: string; required: number; assigned: number; onDuty: number; short: number };
/**
 * The totals' rows and every site card's as shown (role, then each figure column; the on-duty cell's "(n substituted)"
 * left out), read in one go: a live redraw cannot fall between the two reads.
 */
const totalsAndCards = (page: Page) => page.evaluate(() => {
  const rows = (table: Element | null) => [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => ({
    role: tr.querySelector('th')!.textContent!.trim(),
    ...Object.fromEntries([...tr.querySelectorAll<HTMLElement>('td[data-col]')].map((td) => [td.dataset.col!, parseInt(td.textContent!, 10)])),
  }) as Figures);
  const ids = [...document.querySelectorAll<HTMLElement>('[data-site]')].map((e) => e.dataset.site!);
  return { totals: rows(document.querySelector('#wf-totals')), cards: ids.flatMap((id) => rows(document.querySelector(`#wf-gaps-${id}`))) };
});
/** Per role, the sum of one figure over rows. */
const sumBy = (rows: { role: string; required: number; onDuty: number }[], f: 'required' | 'onDuty') =>
  rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.role]: (m[r.role] ?? 0) + r[f] }), {});

const planFor = async (): Promise<string | undefined> =>
  (await env.server.api<{ plan: { casualtyId: string; facilityId: string }[] }>('/api/dispatch/plan', { user: 'dispatcher' })).plan[0]?.facilityId;

test('an older answer of the gaps that lands last does not replace the newer one on screen', async () => {
  // Every load of the staff screen reads the gaps twice (the screen's own read, then the live stream's first
  // connection), and a wake-up or an import adds more; their answers may come back in any order. Here the first
  // answer is held until a later one has been shown, and marked so that it can be told apart if it is painted.
  const { ctx, page } = await desktop(env.browser, env.server.url, 'en');
  try {
    let calls = 0;
    let laterShown!: () => void;
    const later = new Promise<void>((r) => (laterShown = r));
    let heldSent!: () => void;
    const held = new Promise<void>((r) => (heldSent = r));
    await page.route('**/api/workforce/gaps', async (route) => {
      const n = ++calls;
      const answer = await route.fetch();
      if (n > 1) return void (await route.fulfill({ response: answer }).then(laterShown));
      const body = (await answer.json()) as { sites: SiteGaps[] };
      await later;
      await page.waitForSelector('[data-site="r2-fwd"]');
      await route.fulfill({ response: answer, json: { ...body, sites: body.sites.map((g) => ({ ...g, name: `${g.name} (stale)` })) } });
      heldSent();
    });
    await signIn(page, 'personnel');
    await page.goto('/#/staff');
    await Promise.race([later, new Promise((_, no) => setTimeout(() => no(new Error('the screen read the gaps only once')), 30_000))]);
    // Once every read asked for so far (the held one among them) has reached the page, the screen has painted its
    // answers, if at all, within a frame or two.
    await held;
    await page.waitForFunction((n) => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/workforce/gaps')).length >= n, calls, { timeout: 30_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 200))));
    assert.doesNotMatch(await page.textContent('#main') ?? '', /\(stale\)/, 'the older answer replaced the newer one');
  } finally {
    await ctx.close();
  }
});

test('a personnel officer imports a CSV, sees a red flag, accepts a proposal, and the dispatcher’s plan changes', async () => {
  // Before: no surgical team forward, so not to r2-fwd. The rear is so far that the trip adds nothing over the
  // casualty's settled survival, and the only ambulance is kept (DISP-19); without that it went to r3-rear.
  assert.ok(['r3-rear', undefined].includes(await planFor()), 'before: no surgical team forward, the plan does not use it');
  const { ctx, page } = await desktop(env.browser, env.server.url, 'en');
  try {
    await signIn(page, 'personnel');
    await page.goto('/#/staff');
    await page.fill('#wf-csv', CSV);
    await page.click('#wf-import');
    await page.waitForSelector('[data-issue-line="6"]');
    assert.match(await page.textContent('#wf-report') ?? '', /Nothing stored/);
    await page.check('#wf-keep');
    await page.click('#wf-import');
    await page.waitForFunction(() => /Stored/.test(document.querySelector('#wf-report')?.textContent ?? ''));
    await page.waitForSelector('[data-site="r2-fwd"] [data-flag="cannot-operate"]');
    // The screen before the import shows that flag too, with nobody on duty: wait for the import's staff to be painted.
    await page.waitForFunction(() => [...document.querySelectorAll('#wf-totals td[data-col="onDuty"]')].some((td) => parseInt(td.textContent ?? '', 10) > 0), null, { timeout: 30_000 });
    assert.match(await page.textContent('[data-tables="r2-fwd"]') ?? '', /0 of 2/);
    // Every site's figures summed per role above the cards, each row with its shortfall (required − on duty).
    const { totals, cards } = await totalsAndCards(page);
    assert.ok(totals.length > 0 && cards.length > 0);
    assert.deepEqual(sumBy(totals, 'required'), sumBy(cards, 'required'));
    assert.deepEqual(sumBy(totals, 'onDuty'), sumBy(cards, 'onDuty'));
    for (const r of [...totals, ...cards]) assert.equal(r.short, r.required - r.onDuty, `short of ${r.role}`);
    const flagged = await page.locator('[data-site].flagged').count();
    assert.match(await page.textContent('#wf-all h4') ?? '', new RegExp(`All 2 units and facilities \\(${flagged} of them with a red flag\\)`));
    assert.equal(await page.locator('#wf-shown').count(), 0, 'every site is shown: nothing to say');
    await axe(page, 'staff screen (en, 1280)');
    await page.screenshot({ path: join(SHOTS, 'staff-1280-en.png') });

    await page.fill('#wf-max', '3');
    await page.click('#wf-propose');
    await page.waitForSelector('#wf-summary');
    assert.match(await page.textContent('#wf-summary') ?? '', /These 3 moves: expected critical survivors [\d.]+ → [\d.]+/);
    assert.equal(await page.locator('[data-move]').count(), 3);
    // What the survivors figure is judged on, said beside it: the one critical casualty of the last 14 days.
    assert.match(await page.textContent('#wf-summary') ?? '', / of 1$/);
    assert.match(await page.textContent('#wf-basis') ?? '', /the 1 critical casualties \(RPM ≤ 9\) of the last 14 days replayed/);
    assert.match(await page.textContent('[data-move="f1"]') ?? '', /\(anaesthesia; travel \d+ h \d\d min\)/);
    // Posts, not sites: "critical gaps" here beside "N with red flags" (sites) above read as one count.
    assert.match(await page.textContent('#wf-critical-posts') ?? '', /^Empty critical posts: \d+ → \d+$/);
    // Each move names the shortfall it answers: the site, the role, how many short without it and with it (the
    // proposal's other moves made: the backfill answers the gap a surgeon's move opens at the city hospital).
    const answers = await page.$$eval('[data-move]', (lis) => lis.map((li) => {
      const a = li.querySelector<HTMLElement>('[data-answer]');
      return { text: a?.textContent ?? '', site: a?.dataset.siteId, before: Number(a?.dataset.shortBefore), after: Number(a?.dataset.shortAfter), move: li.textContent ?? '' };
    }));
    const SITE_NAMES: Record<string, string> = { 'r2-fwd': 'R2 Forward', 'civ-1': 'City Hospital' };
    for (const a of answers) {
      assert.ok(a.site && SITE_NAMES[a.site], `a site named: ${JSON.stringify(a)}`);
      assert.match(a.text, new RegExp(`^answers: ${SITE_NAMES[a.site]}, [a-z ]+ — short ${a.before} → ${a.after}$`), a.move);
      assert.ok(a.before > a.after, `the move closes some of it: ${a.text}`);
    }
    assert.ok(answers.some((a) => a.site === 'r2-fwd') && answers.some((a) => a.site === 'civ-1'), JSON.stringify(answers));
    await page.screenshot({ path: join(SHOTS, 'staff-proposal-1280-en.png') });
    // Part of the proposal: the what-if line follows the ticked moves. The surgeon alone makes no table…
    const summary = async (n: number) => {
      await page.waitForSelector(`#wf-summary[data-moves="${n}"]`, { timeout: 60_000 });
      const [x, y] = /([\d.]+) → ([\d.]+)/.exec(await page.textContent('#wf-summary') ?? '')!.slice(1).map(Number);
      return { x: x!, y: y! };
    };
    const all = await summary(3);
    assert.ok(all.y > all.x, 'the three moves make a surgical team forward');
    const surgeon = '[data-move^="s"] input'; // s1 or s2, the surgeons of the city hospital
    await page.uncheck(surgeon);
    const noSurgeon = await summary(2);
    assert.equal(noSurgeon.y, noSurgeon.x, 'without the surgeon the forward R2 still cannot operate');
    // …and the backfill to the city hospital is not needed for the forward team: tick the surgeon, untick the backfill.
    await page.check(surgeon);
    await summary(3);
    await page.uncheck('[data-move="f1"] input');
    const chosen = await summary(2);
    assert.equal(chosen.y, all.y);
    assert.match(await page.textContent('#wf-accept') ?? '', /\(2\)/);
    await page.screenshot({ path: join(SHOTS, 'staff-partial-1280-en.png') });
    await page.click('#wf-accept');
    // Asked once, naming what is recorded (a slip recorded a dozen assignments: session 48); "back" records nothing.
    assert.match(await page.textContent('#wf-confirm') ?? '', /Record 2 assignment\(s\) and decline 1 move\(s\)\?/);
    await page.click('#wf-back');
    await page.click('#wf-accept');
    await page.click('#wf-yes');
    await page.waitForSelector('#wf-decided');
    assert.match(await page.textContent('#wf-decided') ?? '', /2 accepted, 1 declined/);
    await page.waitForFunction(() => !document.querySelector('[data-site="r2-fwd"] [data-flag="cannot-operate"]'));
    assert.match(await page.textContent('[data-tables="r2-fwd"]') ?? '', /1 of 2/);
  } finally {
    await ctx.close();
  }
  assert.equal(await planFor(), 'r2-fwd', 'after: the dispatcher’s plan sends the casualty to the staffed forward R2');

  // Both languages at 360 px and 1280 px; the phone layout fits the screen and passes axe too.
  for (const lang of ['uk', 'en'] as const) {
    for (const open of [phone, desktop]) {
      const { ctx: c, page: p } = await open(env.browser, env.server.url, lang);
      try {
        await signIn(p, 'personnel');
        await p.goto('/#/staff');
        await p.waitForSelector('[data-site="r2-fwd"]');
        if (lang === 'uk' && open === phone) {
          // Live: another officer records a new aid station; this screen shows it without a reload (stream wake-up).
          await p.waitForFunction(() => document.querySelectorAll('[data-site]').length > 0);
          await env.server.api('/api/workforce/facts', { user: 'personnel', body: { facts: [{ id: crypto.randomUUID(), at: ago(1), type: 'site.set', payload: { id: 'bas-live', name: 'BAS Live', kind: 'unit', templateId: 'bas', position: { lat: 48.7, lon: 37.8 } } }] } });
          await p.waitForSelector('[data-site="bas-live"]', { timeout: 60_000 });
        }
        // A new proposal (what is left to do after the acceptance), its boxes and what-if line in this language.
        await p.click('#wf-propose');
        await p.waitForSelector('#wf-summary[data-moves], #wf-proposal p:not(.muted)', { timeout: 60_000 });
        const width = p.viewportSize()!.width;
        await p.screenshot({ path: join(SHOTS, `staff-${width}-${lang}.png`), fullPage: true });
        const { sw, wide } = await p.evaluate(() => ({
          sw: document.documentElement.scrollWidth,
          wide: [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map((e) => `${e.tagName}.${e.className}`),
        }));
        assert.ok(sw <= width, `${lang} ${width}: page ${sw} px wide (${wide.join(', ')})`);
        const small = await p.evaluate(() => [...document.querySelectorAll<HTMLElement>('main button, main input, main select, main label.wf-check')]
          .map((el) => ({ el, b: el.getBoundingClientRect() }))
          .filter(({ el, b }) => b.width > 0 && (el as HTMLInputElement).type !== 'checkbox' && b.height < 48)
          .map(({ el, b }) => `${el.tagName}#${el.id} ${Math.round(b.width)}x${Math.round(b.height)}`));
        assert.deepEqual(small, [], `${lang} ${width}: touch targets under 48 px`);
        await axe(p, `staff screen (${lang}, ${width})`);
        if (lang === 'uk') {
          assert.match(await p.textContent('main h2') ?? '', /Медичний персонал/);
          // The staffing table's words: by establishment, on the list, present, shortfall.
          assert.deepEqual(await p.$$eval('#wf-totals thead th', (ths) => ths.map((t) => t.textContent!.replace(/[↕▲▼]/g, '').trim())), ['Посада', 'За штатом', 'За списком', 'В наявності', 'Некомплект']);
          if (await p.locator('#wf-basis').count()) assert.match(await p.textContent('#wf-basis') ?? '', /критичних поранених \(RPM ≤ 9\) за останні 14 днів/);
          for (const t of await p.$$eval('[data-answer]', (as) => as.map((a) => a.textContent ?? ''))) assert.match(t, /^закриває: .+, .+ — некомплект \d+ → \d+$/);
        }
      } finally {
        await c.close();
      }
    }
  }
});

test('with more sites than cards, the totals still count every site and the screen says which are shown', async () => {
  // 61 more battalion aid stations, none staffed: 63 or 64 sites with the earlier ones.
  const facts = Array.from({ length: 61 }, (_, i) => ({ id: crypto.randomUUID(), at: ago(1), type: 'site.set', payload: { id: `bas-${i}`, name: `BAS ${i}`, kind: 'unit', templateId: 'bas', position: { lat: 48.7, lon: 37.8 } } }));
  await env.server.api('/api/workforce/facts', { user: 'personnel', body: { facts } });
  const { sites } = await env.server.api<{ sites: SiteGaps[] }>('/api/workforce/gaps', { user: 'personnel' });
  assert.ok(sites.length > 60);
  const { ctx, page } = await desktop(env.browser, env.server.url, 'en');
  try {
    await signIn(page, 'personnel');
    await page.goto('/#/staff');
    await page.waitForSelector('#wf-shown');
    assert.equal(await page.locator('[data-site]').count(), 60);
    assert.match(await page.textContent('#wf-shown') ?? '', new RegExp(`the 60 most critical of ${sites.length}`));
    assert.match(await page.textContent('#wf-all h4') ?? '', new RegExp(`All ${sites.length} units and facilities`));
    const { totals } = await totalsAndCards(page);
    const all = sites.flatMap((g) => g.rows);
    assert.equal(totals.find((r) => r.role === 'medic')?.required, sumBy(all, 'required').medic, 'the medics required at every site, not only the cards');
    await axe(page, 'staff screen with 60 of many sites (en, 1280)');
  } finally {
    await ctx.close();
  }
});
