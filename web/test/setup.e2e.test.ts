// Issue 9 items 5–12 and issue 10 item 4 in Chromium on the real server: an administrator sets the unit up from the
// web app (facility, vehicle, a user's phone enrolled by its one-time code) and the planner uses what was set up; a
// tourniquet's clock survives one tap on "removed"; an outcome cannot be recorded by mistake before arrival; a
// 9-line's precedence shows on the board; the console takes a burst of 100 events without re-reading lists; axe-core
// finds no WCAG 2 A/AA violation on any screen; screenshots at 360 and 1280 px in both languages (under /tmp).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { signIn, pastGate, pixels, y4m, PASSWORD, e2eSuite, axe, quickCasualty, sharedPages, goTo } from './harness.ts';
import { toMgrs, uuidv7 } from '../../src/core/index.ts';
import { launchChromium } from '../../test/support/chromium.ts';

const env = e2eSuite({ prepare: async () => void mkdirSync(SHOTS, { recursive: true }) });
const SHOTS = join(tmpdir(), 'gh-web-shots');
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = createRequire(import.meta.url)('jsqr') as JsQr | { default: JsQr };
const decodeQr: JsQr = (...a) => (typeof jsQR === 'function' ? jsQR : jsQR.default)(...a);

/** A browser context at 360 px (phone) or 1280 px, in a language; axe is injected, so the page's CSP is bypassed. */
async function open(lang: 'uk' | 'en', width: 360 | 1280): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await env.browser.newContext({ baseURL: env.server.url, viewport: { width, height: width === 360 ? 740 : 860 }, locale: lang === 'uk' ? 'uk-UA' : 'en-GB',
    hasTouch: width === 360, isMobile: width === 360, bypassCSP: true, serviceWorkers: 'block' });
  await ctx.addInitScript((l) => { if (!localStorage.getItem('gh.lang')) localStorage.setItem('gh.lang', l); }, lang);
  return { ctx, page: await ctx.newPage() };
}
/** One signed-in page per user, language and size for the whole file (this file's own contexts: axe, no worker). */
const pages = sharedPages(env, { open: (_b, _base, lang, size) => open(lang, size) });
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

/** Every control at least 48 px both ways, and nothing wider than the screen. */
async function targets(page: Page, what: string): Promise<void> {
  const r = await page.evaluate(() => {
    const small = [...document.querySelectorAll<HTMLElement>('button, a.btn, nav a, select, input:not([type="checkbox"])')]
      .filter((el) => !el.closest('.maplibregl-map'))
      .map((el) => ({ el, b: el.getBoundingClientRect() }))
      .filter(({ b }) => b.width > 0 && (b.height < 48 || b.width < 48))
      .map(({ el, b }) => `${el.tagName}[${(el.textContent ?? '').trim().slice(0, 20)}] ${Math.round(b.width)}x${Math.round(b.height)}`);
    return { small, sw: document.documentElement.scrollWidth, w: document.documentElement.clientWidth };
  });
  assert.ok(r.sw <= r.w, `${what}: ${r.sw} px wide on a ${r.w} px screen`);
  assert.deepEqual(r.small, [], `${what}: touch targets under 48 px`);
}

const at = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();
async function casualty(opts: { tq?: boolean; nineLine?: { A?: number; B?: number; C?: number }; precedence?: string; roster?: string; user?: string } = {}): Promise<string> {
  const id = uuidv7();
  const user = opts.user ?? 'admin';
  await env.server.api('/api/casualties', { user, body: { id, injuredAt: at(20), sex: 'male', ...(opts.roster ? { battleRoster: opts.roster } : {}), position: { lat: 48.59, lon: 37.9 } } });
  const events: unknown[] = [];
  if (opts.tq) events.push({ type: 'tourniquet.applied', at: at(19), payload: { limb: 'left-leg', tqType: 'CAT' } });
  if (opts.precedence) events.push({ type: 'precedence', at: at(18), payload: { precedence: opts.precedence } });
  if (opts.nineLine) events.push({ type: 'evac.requested', at: at(15), payload: { nineLine: { location: { lat: 48.59, lon: 37.9 }, callSign: 'DUSTOFF 21', patientsByPrecedence: opts.nineLine, patientsByType: { L: 1 } } } });
  if (events.length) await env.server.api(`/api/casualties/${id}/events`, { user, body: { events } });
  return id;
}

test('an administrator creates a facility and a vehicle in the web app, and the planner uses them', async () => {
  await pages.use('admin', 'en', 1280, async (page) => {
    await goTo(page, '#/admin/facilities', '#admin-facilities-save');
    await page.fill('#admin-facilities-name', 'R2 Kramatorsk');
    assert.equal(await page.inputValue('#admin-facilities-id'), 'r2-kramatorsk', 'id follows the name');
    await page.selectOption('#admin-facilities-role', 'R2');
    await page.fill('#admin-facilities-position', toMgrs({ lat: 48.739, lon: 37.584 })!);
    await page.fill('#admin-facilities-beds', '40');
    await page.fill('#admin-facilities-surgicalTables', '2');
    await page.check('#admin-facilities-capabilities-blood');
    await page.click('#admin-facilities-save');
    await page.waitForSelector('[data-admin-item="r2-kramatorsk"]');
    await axe(page, 'admin facilities', { exclude: ['.maplibregl-map'] });
    await goTo(page, '#/admin/vehicles', '#admin-vehicles-save');
    await page.fill('#admin-vehicles-name', 'Bandage 7');
    await page.selectOption('#admin-vehicles-kind', 'ambulance');
    await page.fill('#admin-vehicles-litter', '2');
    await page.fill('#admin-vehicles-seated', '1');
    await page.check('#admin-vehicles-medic');
    await page.fill('#admin-vehicles-speedKmh', '50');
    await page.fill('#admin-vehicles-position', toMgrs({ lat: 48.65, lon: 37.7 })!);
    await page.selectOption('#admin-vehicles-baseFacilityId', 'r2-kramatorsk');
    await page.fill('#admin-vehicles-takUid', 'ANDROID-bandage7');
    await page.click('#admin-vehicles-save');
    await page.waitForSelector('[data-admin-item="bandage-7"]');
    await axe(page, 'admin vehicles', { exclude: ['.maplibregl-map'] });
    // Edit: a second save PATCHes the same vehicle.
    await page.click('[data-admin-edit="bandage-7"]');
    await page.fill('#admin-vehicles-litter', '3');
    await page.click('#admin-vehicles-save');
    // Places in words, as the console says them ("L3/S1" was read as a code).
    await page.waitForFunction(() => /3 litters, 1 seated · medic aboard/.test(document.querySelector('[data-admin-item="bandage-7"]')?.textContent ?? ''));
    const v = await env.server.api<{ item: { litter: number; medic: boolean; baseFacilityId: string; takUid: string; position: { lat: number } } }>('/api/vehicles/bandage-7');
    assert.equal(v.item.litter, 3);
    assert.equal(v.item.medic, true);
    assert.equal(v.item.baseFacilityId, 'r2-kramatorsk');
    assert.equal(v.item.takUid, 'ANDROID-bandage7');
    assert.ok(Math.abs(v.item.position.lat - 48.65) < 0.001);
    // The planner recommends what was just set up.
    const id = await casualty({ tq: true, nineLine: { A: 1 }, roster: 'KV4521' });
    const plan = await env.server.api<{ plan: { casualtyId: string; vehicleId: string; facilityId: string }[] }>('/api/dispatch/plan');
    const item = plan.plan.find((p) => p.casualtyId === id);
    assert.ok(item, 'a recommendation for the casualty');
    assert.equal(item.vehicleId, 'bandage-7');
    assert.equal(item.facilityId, 'r2-kramatorsk');
  });
  for (const lang of ['en', 'uk'] as const) {
    for (const w of [360, 1280] as const) {
      await pages.use('admin', lang, w, async (page) => {
        await goTo(page, '#/admin/facilities', '[data-admin-item="r2-kramatorsk"]');
        await shot(page, `admin-facilities-${w}-${lang}`);
        if (w === 360) await targets(page, `admin ${lang}`);
      });
    }
  }
});

test('a phone enrols with the one-time code the administrator shows as text and QR code', async () => {
  const admin = await open('en', 1280);
  try {
    await signIn(admin.page, 'admin');
    // A medic belongs to a unit: the unit first.
    await admin.page.goto('/#/admin/units');
    await admin.page.fill('#admin-units-name', '3rd Brigade');
    await admin.page.fill('#admin-units-id', 'bde-3');
    await admin.page.selectOption('#admin-units-kind', 'brigade');
    await admin.page.click('#admin-units-save');
    await admin.page.waitForSelector('[data-admin-item="bde-3"]');
    await admin.page.goto('/#/admin/users');
    await admin.page.waitForSelector('#u-units-bde-3');
    await admin.page.check('#u-units-bde-3');
    await admin.page.fill('#u-username', 'medic7');
    // A short password is refused here, in the reader's words (the server's refusal was zod's English).
    await admin.page.fill('#u-password', 'short');
    await admin.page.click('#u-create');
    await admin.page.waitForFunction(() => document.querySelector('#admin-users-msg')?.textContent === 'Password (at least 10 characters)');
    await admin.page.fill('#u-password', PASSWORD);
    await admin.page.selectOption('#u-role', 'medic');
    await admin.page.click('#u-create');
    await admin.page.waitForSelector('[data-admin-user="medic7"]');
    // The form is empty again and says so: the next user created does not inherit this one's unit.
    assert.equal(await admin.page.isChecked('#u-units-bde-3'), false, 'unit left ticked');
    assert.equal(await admin.page.inputValue('#u-username'), '');
    assert.equal(await admin.page.textContent('#admin-users-msg'), 'Saved: medic7');
    // Disabling is asked first (it cuts off the user's phones); the only enabled administrator disabling itself is
    // then refused (409), said in the row where the finger is (the list's message line was a screen away at 360 px).
    await admin.page.click('[data-disable="admin"]');
    await admin.page.click('[data-disable="admin"]'); // twice: one question, not two stacked
    await admin.page.waitForSelector('#disable-admin-confirm');
    assert.equal(await admin.page.locator('#disable-admin-confirm').count(), 1);
    assert.ok(await admin.page.evaluate(() => document.activeElement?.id === 'disable-admin-keep'), 'the focus on Keep');
    await admin.page.waitForTimeout(700); // past the question's settling time (a double tap's second tap is not taken)
    await admin.page.click('#disable-admin-yes');
    assert.match(await admin.page.locator('[data-admin-user="admin"] [data-refusal]').innerText({ timeout: 30_000 }), /^Not done: no enabled administrator/u);
    assert.equal(await admin.page.locator('[data-admin-user="admin"] .badge.bad').count(), 0, 'the administrator is still enabled');
    await admin.page.click('[data-enrol="medic7"]');
    await admin.page.fill('#enrol-label', 'Medic 7 phone');
    await admin.page.click('#enrol-create');
    await admin.page.waitForSelector('#enrol-qr svg');
    const code = ((await admin.page.textContent('#enrol-code-text')) ?? '').trim();
    assert.match(code, /^[A-Z0-9-]{8,}$/);
    assert.equal(await admin.page.getAttribute('#enrol-qr svg', 'aria-label'), code, 'the QR code carries the code');
    await axe(admin.page, 'admin users with an enrolment code', { exclude: ['.maplibregl-map'] });
    await shot(admin.page, 'admin-enrol-1280-en');
    // The QR code as a camera sees it: a screenshot, decoded by jsQR, is the code shown as text.
    const qr = await pixels(admin.page, await admin.page.locator('#enrol-qr svg').screenshot());
    assert.equal(decodeQr(qr.data, qr.width, qr.height)?.data, code, 'the QR code decodes to the code shown as text');
    // The phone's camera films that screenshot (Chromium's fake capture device): the sign-in screen's scan button
    // reads it (jsQR where there is no BarcodeDetector) and enrols.
    const video = join(SHOTS, 'enrol-qr.y4m');
    writeFileSync(video, y4m(qr));
    const cam = await launchChromium({ args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`] });
    try {
      const ctx = await cam.newContext({ baseURL: env.server.url, viewport: { width: 360, height: 740 }, locale: 'uk-UA', hasTouch: true, isMobile: true, serviceWorkers: 'block', permissions: ['camera'] });
      const page = await ctx.newPage();
      await page.goto('/#/login');
      await pastGate(page);
      await page.click('#enrol-scan');
      await page.waitForFunction(() => location.hash === '#/field', null, { timeout: 30_000 });
      // The header names the user once the hash change is routed, a task after the hash itself changes.
      await page.waitForFunction(() => document.querySelector('#who')?.textContent?.trim() === 'medic7', null, { timeout: 10_000 });
    } finally {
      await cam.close();
    }
    // Revoking a phone is asked first (a revoked phone cannot be brought back); Keep revokes nothing.
    await admin.page.locator('[data-admin-user="medic7"] [data-revoke]').click();
    await admin.page.locator('[id^="revoke-"][id$="-confirm"]').waitFor({ timeout: 10_000 });
    await admin.page.locator('[id^="revoke-"][id$="-keep"]').click();
    assert.equal(await admin.page.locator('[id^="revoke-"][id$="-confirm"]').count(), 0);
    assert.equal((await env.server.api<{ items: { username: string; revokedAt: string | null }[] }>('/api/devices', { user: 'admin' })).items.filter((d) => d.username === 'medic7' && d.revokedAt).length, 0, 'nothing revoked');
    // The administrator edits the user: role, unit and a new password; the new password signs in.
    await admin.page.click('[data-edit="medic7"]');
    await admin.page.selectOption('#edit-role', 'dispatcher');
    assert.equal(await admin.page.isChecked('#edit-units-bde-3'), true, 'the form starts from the user as they are');
    await admin.page.uncheck('#edit-units-bde-3');
    await admin.page.fill('#edit-password', 'amber-falcon-river-2026');
    await admin.page.click('#edit-save');
    await admin.page.waitForSelector('#edit-done:not(:empty)');
    await targets(admin.page, 'admin user edit (1280 px)');
    await axe(admin.page, 'admin user edit', { exclude: ['.maplibregl-map'] });
    await shot(admin.page, 'admin-user-edit-1280-en');
    // The same form on a phone, in Ukrainian (a page already signed in: this part is not about the device).
    await pages.use('admin', 'uk', 360, async (page) => {
      await goTo(page, '#/admin/users', '[data-edit="medic7"]');
      await page.click('[data-edit="medic7"]');
      await page.waitForSelector('#admin-user-edit');
      assert.equal(await page.inputValue('#edit-role'), 'dispatcher');
      await targets(page, 'admin user edit (360 px, uk)');
      await axe(page, 'admin user edit (uk)', { exclude: ['.maplibregl-map'] });
      await page.screenshot({ path: join(SHOTS, 'admin-user-edit-360-uk.png'), fullPage: true });
    });
    const users = await env.server.api<{ items: { username: string; role: string; units: string[] }[] }>('/api/users', { user: 'admin' });
    const edited = users.items.find((u) => u.username === 'medic7')!;
    assert.deepEqual([edited.role, edited.units], ['dispatcher', []]);
    const relogin = await fetch(`${env.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'medic7', password: 'amber-falcon-river-2026' }) });
    assert.equal(relogin.status, 200, 'the reset password signs in');
    await admin.page.reload();
    await pastGate(admin.page);
    await admin.page.waitForFunction(() => /enrolled|зареєстровано/.test(document.querySelector('[data-admin-user="medic7"] [data-device]')?.textContent ?? ''));
  } finally {
    await admin.ctx.close();
  }
});

test('a medic sees the open casualties of their unit recorded on another device', async () => {
  const id = uuidv7();
  await env.server.api('/api/casualties', { user: 'admin', body: { id, injuredAt: at(30), sex: 'male', battleRoster: 'UN0042', unitId: 'bde-3' } });
  await env.server.api(`/api/casualties/${id}/events`, { user: 'admin', body: { events: [{ type: 'tourniquet.applied', at: at(29), payload: { limb: 'right-arm', tqType: 'SICH' } }] } });
  const { ctx, page } = await open('uk', 360);
  try {
    await signIn(page, 'medic');
    await page.goto('/#/field');
    const item = page.locator(`[data-unit-casualty="${id}"]`);
    await item.waitFor({ timeout: 30_000 });
    assert.match((await item.textContent()) ?? '', /UN0042/);
    await shot(page, 'field-home-unit-360-uk');
    await axe(page, 'field home with unit casualties', { exclude: ['.maplibregl-map'] });
    await item.tap();
    await page.waitForSelector('[data-tq="right-arm"] .clock', { timeout: 30_000 });
  } finally {
    await ctx.close();
  }
});

test('one tap on "removed" does not stop the tourniquet clock; a confirmed removal can be undone', async () => {
  const { ctx, page } = await open('en', 360);
  try {
    await signIn(page, 'medic');
    await quickCasualty(page, { limbs: ['left-leg'] });
    const tile = page.locator('[data-tq="left-leg"]');
    await tile.locator('.clock').waitFor();
    // The clock reads with units, never a bare m:ss.
    assert.match((await tile.locator('.clock').textContent()) ?? '', /^\d+\smin\s\d\d\ss$/);
    await page.locator('[data-tq-remove="left-leg"]').tap();
    assert.equal(await tile.getAttribute('class').then((c) => c?.includes('running')), true, 'still running after one tap');
    await page.waitForTimeout(1200);
    assert.equal(await tile.locator('.clock').count(), 1, 'the clock still shows');
    await axe(page, 'card with a removal to confirm', { exclude: ['.maplibregl-map'] });
    await page.screenshot({ path: join(SHOTS, 'card-confirm-360-en.png') });
    await page.locator('[data-tq-keep="left-leg"]').tap();
    assert.equal(await tile.locator('[data-tq-remove]').count(), 1, 'kept on');
    await page.locator('[data-tq-remove="left-leg"]').tap();
    await page.locator('[data-tq-confirm="left-leg"]').tap();
    await page.waitForSelector('[data-tq="left-leg"].stopped');
    await page.locator('[data-tq-undo="left-leg"]').tap();
    await page.waitForSelector('[data-tq="left-leg"].running .clock');
    // The type can be chosen (recorded as an amendment of the application).
    await page.selectOption('[data-tq-type="left-leg"]', 'SICH');
    await page.waitForFunction(() => (document.querySelector('[data-tq-type="left-leg"]') as HTMLSelectElement | null)?.value === 'SICH');
    // The select shows the choice at once; the amendment reaches the outbox a moment later (IndexedDB first), so an
    // empty outbox right after the choice proves nothing (CI once read 'CAT' that way): wait for the server to hold it.
    const cid = /#\/c\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    type Tq = { running: boolean; tqType: string };
    let tq: Tq | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await page.waitForTimeout(250)) {
      const { casualty: c } = await env.server.api<{ casualty: { state: { tourniquets: Tq[] } } }>(`/api/casualties/${cid}`);
      tq = c.state.tourniquets[0];
      if (tq?.tqType === 'SICH') break;
    }
    assert.equal(tq?.running, true);
    assert.equal(tq?.tqType, 'SICH', 'the amendment reached the server within 30 s');
    // Identity on the card: the card then names the casualty by roster and name.
    await page.click('#sec-identity summary');
    await page.fill('#id-name', 'Petrenko');
    await page.fill('#id-battleRoster', 'PT1234');
    await page.selectOption('#id-status', 'civilian');
    await page.fill('#id-allergies', 'penicillin');
    await page.click('#id-save');
    await page.waitForFunction(() => /PT1234 · Petrenko/.test(document.querySelector('#card-head h2')?.textContent ?? ''));
    await axe(page, 'card with identity open', { exclude: ['.maplibregl-map'] });
    // The timeline names the casualty and shows the corrections in words, not raw keys.
    await page.goto(`/#/c/${cid}/timeline`);
    await page.waitForSelector('#timeline [data-type="amend"]');
    const tl = (await page.textContent('#timeline')) ?? '';
    assert.match(tl, /Name: Petrenko/);
    assert.match(tl, /Type: SICH/);
    assert.doesNotMatch(tl, /[{}]|tqType|battleRoster/);
    assert.match((await page.textContent('h2')) ?? '', /PT1234 · Petrenko/);
  } finally {
    await ctx.close();
  }
});

test('an outcome cannot be recorded by mistake before arrival; closing warns of a running tourniquet; undo', async () => {
  const id = await casualty({ tq: true, nineLine: { A: 1 }, roster: 'OUT001' });
  await env.server.api('/api/facilities', { body: { id: 'r1-druzhkivka', name: 'R1 Druzhkivka', role: 'R1', position: { lat: 48.62, lon: 37.529 }, beds: 10 } }).catch(() => undefined);
  await env.server.api(`/api/casualties/${id}/events`, { user: 'dispatcher', body: { events: [{ type: 'evac.assigned', at: at(1), payload: { vehicleId: 'bandage-7', facilityId: 'r2-kramatorsk' } }] } });
  for (const lang of ['en', 'uk'] as const) {
    await pages.use('facility', lang, lang === 'en' ? 1280 : 360, async (page) => {
      await goTo(page, '#/facility/r2-kramatorsk', `[data-patient="${id}"]`);
      if (lang === 'uk') {
        await shot(page, 'facility-360-uk');
        await targets(page, 'facility uk');
        await axe(page, 'facility uk', { exclude: ['.maplibregl-map'] });
        return;
      }
      assert.equal(await page.inputValue(`[data-outcome-select="${id}"]`), '', 'no outcome chosen by default');
      assert.equal(await page.isDisabled(`[data-outcome="${id}"]`), true);
      await page.selectOption(`[data-outcome-select="${id}"]`, 'died-of-wounds');
      assert.equal(await page.isDisabled(`[data-outcome="${id}"]`), true, 'not arrived: a reason is required');
      await page.fill(`[data-outcome-reason="${id}"]`, 'died in the vehicle before arrival');
      assert.equal(await page.isDisabled(`[data-outcome="${id}"]`), false);
      await page.fill(`[data-outcome-reason="${id}"]`, '');
      await page.click(`[data-arrival="${id}"]`);
      await page.waitForSelector(`[data-patient="${id}"] [data-surgery]:not([disabled])`, { timeout: 30_000 });
      assert.equal(await page.locator(`[data-outcome-reason="${id}"]`).count(), 0, 'arrived: no reason needed');
      assert.equal(await page.inputValue(`[data-outcome-select="${id}"]`), 'died-of-wounds', 'the choice survives the update');
      await page.click(`[data-outcome="${id}"]`);
      await page.waitForSelector(`[data-tq-still-on="left-leg"]`);
      await axe(page, 'facility outcome confirmation', { exclude: ['.maplibregl-map'] });
      await shot(page, 'facility-confirm-1280-en');
      await page.click(`[data-outcome-cancel="${id}"]`);
      let events = (await env.server.api<{ events: { type: string }[] }>(`/api/casualties/${id}`)).events;
      assert.equal(events.filter((e) => e.type === 'outcome').length, 0, 'cancel records nothing');
      await page.click(`[data-outcome="${id}"]`);
      await page.click(`[data-tq-converted-here="left-leg"]`);
      // Converted: the warning goes with the live update, and the confirmation stays open (the draft outlives it).
      await page.waitForSelector(`[data-patient="${id}"] [data-tq-still-on]`, { state: 'detached', timeout: 30_000 });
      await page.click(`[data-outcome-confirm="${id}"]`);
      await page.waitForSelector(`[data-closed-outcome="${id}"]`, { timeout: 30_000 });
      await page.click(`[data-outcome-undo="${id}"]`);
      await page.waitForSelector(`[data-outcome-select="${id}"]`, { timeout: 30_000 });
      events = (await env.server.api<{ events: { type: string }[] }>(`/api/casualties/${id}`)).events;
      assert.deepEqual(events.filter((e) => ['outcome', 'void', 'tourniquet.converted'].includes(e.type)).map((e) => e.type), ['tourniquet.converted', 'outcome', 'void']);
    });
  }
});

test('a tap on "Arrived" is not lost when a live update lands while the finger is down', async () => {
  const toHere = (cid: string) => env.server.api(`/api/casualties/${cid}/events`, { user: 'dispatcher', body: { events: [{ type: 'evac.assigned', at: at(1), payload: { vehicleId: 'bandage-7', facilityId: 'r2-kramatorsk' } }] } });
  // The facility the first test creates through the admin screen (made here when this test runs alone).
  await env.server.api('/api/facilities', { body: { id: 'r2-kramatorsk', name: 'R2 Kramatorsk', role: 'R2', position: { lat: 48.739, lon: 37.584 }, beds: 40 } }).catch(() => undefined);
  const id = await casualty({ nineLine: { A: 1 }, roster: 'TAP001' });
  await toHere(id);
  let other: string | undefined;
  await pages.use('facility', 'en', 1280, async (page) => {
    await goTo(page, '#/facility/r2-kramatorsk', '#main');
    // Where the button is, read in one go (a live re-render may replace it between two reads).
    const box = (await (await page.waitForFunction((cid) => {
      const b = document.querySelector(`[data-arrival="${cid}"]`)?.getBoundingClientRect();
      return b && b.width > 0 ? { x: b.x, y: b.y, width: b.width, height: b.height } : null;
    }, id, { timeout: 30_000 })).jsonValue())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    // Another casualty on its way here: the screen wants to re-render under the finger.
    other = await casualty({ nineLine: { A: 1 }, roster: 'TAP002' });
    await toHere(other);
    await page.waitForFunction((o) => document.querySelector(`[data-patient="${o}"]`) !== null || document.querySelector('[data-held]') !== null, other, { timeout: 30_000 });
    await page.mouse.up();
    await page.waitForSelector(`[data-patient="${id}"] [data-surgery]:not([disabled])`, { timeout: 30_000 });
    await page.waitForSelector(`[data-patient="${other}"]`, { timeout: 30_000 });
    assert.equal(await page.locator('[data-held]').count(), 0, 'the held render ran once the finger was lifted');
  }).finally(async () => {
    // The vehicle is needed free by the tests after this one: the other casualty arrives too.
    if (other) await env.server.api(`/api/casualties/${other}/events`, { user: 'facility', body: { events: [{ type: 'arrival', at: at(0), payload: { facilityId: 'r2-kramatorsk' } }] } });
  });
});

test('the console: a 9-line\'s precedence on the board, every open casualty, and a burst of 100 events without re-reading lists', async () => {
  const nine = await casualty({ nineLine: { A: 1 }, roster: 'NL0001' });
  const tqOnly = await casualty({ tq: true, roster: 'TQ0001' });
  for (const lang of ['en', 'uk'] as const) {
    for (const w of [1280, 360] as const) {
      const { ctx, page } = await open(lang, w);
      try {
        const lists: string[] = [];
        const plans: string[] = [];
        page.on('request', (r) => {
          const u = new URL(r.url());
          if (/^\/api\/(casualties|evacuations|facilities|vehicles|threat-zones|units)$/.test(u.pathname) && r.method() === 'GET') lists.push(u.pathname);
          if (u.pathname === '/api/dispatch/plan') plans.push(u.pathname);
        });
        await signIn(page, 'dispatcher');
        await page.goto('/#/console');
        await page.waitForSelector('#live-status.on', { timeout: 30_000 });
        const row = page.locator(`[data-evac="${nine}"]`);
        await row.waitFor();
        assert.equal(await row.locator('.prec-letter').textContent(), 'A', 'precedence from line 3 of the 9-line');
        await page.locator(`[data-evac="${tqOnly}"] [data-no-9line]`).waitFor();
        assert.match((await page.locator(`[data-evac="${tqOnly}"]`).textContent()) ?? '', /TQ0001/);
        // The board lists casualties (some without a 9-line), so its heading says so.
        assert.equal(await page.locator('#console-board-title').textContent(), lang === 'en' ? 'Open casualties' : 'Відкриті випадки');
        await page.waitForSelector('[data-plan]', { timeout: 30_000 });
        await shot(page, `console-${w}-${lang}`);
        if (w === 360) {
          await targets(page, `console ${lang}`);
          // The recommendations are one tap away, not below every request.
          await page.locator('#jump-plan').tap();
          await page.waitForFunction(() => { const b = document.querySelector('#plan')!.getBoundingClientRect(); return b.top < innerHeight && b.bottom > 0; });
        }
        await axe(page, `console ${lang} ${w}`, { exclude: ['.maplibregl-map'] });
        if (lang !== 'en' || w !== 1280) continue;
        // The burst: 100 events on 10 casualties, posted at once.
        const seeded = lists.length;
        const seededPlans = plans.length;
        const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => casualty({ nineLine: { C: 1 }, roster: `BU${String(i).padStart(4, '0')}` })));
        await Promise.all(ids.map((cid) => env.server.api(`/api/casualties/${cid}/events`, { user: 'admin', body: { events: Array.from({ length: 8 }, (_, k) => ({ type: "vitals", at: at(10 - k), payload: { pulse: 100 + k } })) } })));
        await page.waitForFunction((xs) => xs.every((x) => document.querySelector(`[data-evac="${x}"]`)), ids, { timeout: 30_000 });
        await page.waitForTimeout(1500);
        const burstLists = lists.length - seeded;
        const burstPlans = plans.length - seededPlans;
        console.log(`# burst of 100 events (10 casualties × (registered + 9-line + 8 vitals)): list requests ${burstLists}, plan requests ${burstPlans}`);
        assert.ok(burstLists <= 1, `list requests during the burst: ${burstLists}`);
      } finally {
        await ctx.close();
      }
    }
  }
});

test('the casualty list filters by stage, precedence and text; every screen passes axe in both languages', async () => {
  for (const lang of ['en', 'uk'] as const) {
    for (const w of [1280, 360] as const) {
      await pages.use('admin', lang, w, async (page) => {
        await goTo(page, '#/list', '[data-row]');
        await page.fill('#list-search', 'NL0001');
        await page.waitForFunction(() => document.querySelectorAll('[data-row]').length === 1);
        await page.fill('#list-search', '');
        await page.selectOption('#list-prec', 'urgent');
        const n = await page.locator('[data-row]').count();
        assert.ok(n >= 1);
        await page.selectOption('#list-prec', '');
        await shot(page, `list-${w}-${lang}`);
        await axe(page, `list ${lang} ${w}`, { exclude: ['.maplibregl-map'] });
        if (w === 360) await targets(page, `list ${lang}`);
        for (const [hash, sel, name] of [['#/field', '#new-casualty', 'field'], ['#/settings', '#author', 'settings'], ['#/login', '#login-user', 'login'], ['#/admin/users', '[data-admin-user]', 'admin-users'], ['#/admin/units', '#admin-units-save', 'admin-units']] as const) {
          // A selector of that screen's own: 'main' is there before the hash change is routed and the screen's code
          // loaded, so axe ran on the screen before or on one half drawn (seen on settings: not drawn in 1 of 4).
          await goTo(page, hash, sel);
          await axe(page, `${name} ${lang} ${w}`, { exclude: ['.maplibregl-map'] });
          if (name === 'field' || name === 'admin-users') await shot(page, `${name}-${w}-${lang}`);
        }
      });
    }
  }
});

/**
 * Where a table's header cells stand against its first row's cells: [header left, right, row left, right] per column
 * that is off by more than a pixel, and the widths of the two rows.
 */
const misaligned = (page: Page, table: string) =>
  page.evaluate((sel) => {
    const head = document.querySelector(`${sel} thead tr`);
    const row = document.querySelector(`${sel} tbody tr`);
    if (!head || !row) return { missing: true, head: 0, row: 0, off: [] as string[] };
    const [h, r] = [[...head.children], [...row.children]].map((cells) => cells.map((c) => c.getBoundingClientRect()));
    const off = h!.flatMap((b, i) => (Math.abs(b.left - r![i]!.left) > 1 || Math.abs(b.right - r![i]!.right) > 1 ? [`column ${i}: header ${Math.round(b.left)}–${Math.round(b.right)}, row ${Math.round(r![i]!.left)}–${Math.round(r![i]!.right)}`] : []));
    return { missing: false, head: Math.round(head.getBoundingClientRect().width), row: Math.round(row.getBoundingClientRect().width), off };
  }, table);

test('tables at 1280 px: each header cell stands over its column (casualty list, the administrator\'s lists); cards at 360 px', async () => {
  await env.server.api('/api/units', { body: { id: 'bde-align', name: '3rd Assault Brigade, medical company', kind: 'company' } }).catch(() => undefined);
  await env.server.api('/api/facilities', { body: { id: 'r1-align', name: 'R1 Sloviansk', role: 'R1', position: { lat: 48.85, lon: 37.6 }, beds: 12, surgicalTables: 0 } }).catch(() => undefined);
  await env.server.api('/api/vehicles', { body: { id: 'amb-align', name: 'Bandage-9', kind: 'ambulance', litter: 4, seated: 2, speedKmh: 60, medic: true, position: { lat: 48.7, lon: 37.6 } } }).catch(() => undefined);
  await casualty({ tq: true, precedence: 'urgent', roster: 'AL0001' });
  const screens = [['#/list', 'list', '#casualty-table'], ...(['facilities', 'vehicles', 'units'] as const).map((k) => [`#/admin/${k}`, `admin-${k}`, `#admin-${k}-list`] as const),
    ['#/admin/users', 'admin-users', '#admin-users-table']] as const;
  for (const lang of ['en', 'uk'] as const) {
    for (const w of [1280, 360] as const) {
      await pages.use('admin', lang, w, async (page) => {
        for (const [hash, name, sel] of screens) {
          await goTo(page, hash, `${sel} tbody tr`);
          await shot(page, `${name}-table-${w}-${lang}`);
          if (w === 360) {
            await targets(page, `${name} ${lang}`);
            continue;
          }
          const m = await misaligned(page, sel);
          assert.deepEqual([m.off, m.head], [[], m.row], `${name} (${lang}, 1280 px): header row ${m.head} px, rows ${m.row} px`);
        }
      });
    }
  }
});
