// A combat medic's third review (session 28), on a cheap 360 px phone with gloves, Ukrainian and English: a second
// mechanism on the quick path, a mechanism recorded by a slip taken back (append-only), a kept 9-line draft that a
// newer recorded 9-line supersedes (said in words), ketamine for sedation under Sedation (and in the FHIR export), and
// a tourniquet still on at the casualty's outcome: its clock and alarm stop, its last state said plainly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { e2eSuite, axe, quickCasualty, sharedPages, goTo } from './harness.ts';
import type { StoredEvent } from '../../src/core/index.ts';

const env = e2eSuite();
/** The medic signed in once per language and size for the whole file (each test records its own casualty). */
const pages = sharedPages(env);
mkdirSync('/tmp/bedside3', { recursive: true });

/** The casualty's log as the server holds it, once it holds `n` events of `type` (the phone's outbox sent them). */
async function serverEvents(id: string, type: string, n: number): Promise<StoredEvent[]> {
  for (const deadline = Date.now() + 60_000; ;) {
    const got = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`).catch(() => ({ events: [] as StoredEvent[] }));
    const of = got.events.filter((e) => e.type === type);
    if (of.length >= n) return of;
    assert.ok(Date.now() < deadline, `the server holds ${n} ${type} of ${id}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const post = (id: string, user: string, events: unknown[]): Promise<unknown> =>
  env.server.api(`/api/casualties/${id}/events`, { method: 'POST', user, body: { events } });
const plain = (s: string): string => s.replace(/[\u00a0]/gu, ' ').replace(/[\u00ad\u2060]/gu, '');
const mistM = async (page: Page): Promise<string> => {
  await page.evaluate(() => ((document.querySelector('#sec-mist') as HTMLDetailsElement).open = true));
  return page.evaluate(() => [...document.querySelectorAll('#mist-box dt')].find((d) => /^[MМ]/u.test(d.textContent ?? ''))?.nextElementSibling?.textContent ?? '');
};
const chips = (page: Page, names: string[]): Promise<string[]> =>
  page.locator('#card-head .chip').allTextContents().then((cs) => cs.filter((c) => names.includes(c)));

for (const lang of ['uk', 'en'] as const) {
  const L = <T>(uk: T, en: T): T => (lang === 'uk' ? uk : en);

  test(`the quick path takes a second mechanism as easily as the first, in the order tapped (${lang}, 360 px)`, async () => {
    await pages.use('medic', lang, 360, async (page) => {
      await goTo(page, '#/field', '#new-casualty');
      await page.evaluate(() => (location.hash = '#/new'));
      await page.locator('[data-mech="mine-uxo"]').tap();
      await page.waitForSelector('#quick-mechs');
      await page.locator('#quick-add-mech').tap(); // one tap back to the list
      await page.waitForSelector('[data-mech="mine-uxo"][aria-pressed="true"]');
      await page.screenshot({ path: `/tmp/bedside3/quick-mech2-360-${lang}.png`, fullPage: true });
      await axe(page, `quick path, second mechanism (${lang})`, { within: '#main' });
      await page.locator('[data-mech="gunshot"]').tap(); // and one on the second
      await page.waitForSelector('[data-limb="left-leg"]');
      const shown = await page.locator('#quick-mechs .chip').allTextContents();
      await page.screenshot({ path: `/tmp/bedside3/quick-step2-360-${lang}.png`, fullPage: true });
      await axe(page, `quick path, step 2 with two mechanisms (${lang})`, { within: '#main' });
      await page.locator('[data-limb="left-leg"]').tap();
      await page.waitForSelector('[data-limb="left-leg"][aria-pressed="true"]', { timeout: 30_000 });
      await page.locator('#tq-next').tap();
      await page.locator('[data-prec="urgent"]').tap();
      await page.waitForSelector('#card-head h2', { timeout: 30_000 });
      assert.deepEqual(shown, await page.evaluate(() => [...document.querySelectorAll('#card-head .chip')].map((c) => c.textContent ?? '').slice(1, 3)), 'the same order on step 2 and on the card');
      assert.equal(shown.length, 2, `two mechanisms on step 2: ${shown.join(', ')}`);
      assert.deepEqual(await chips(page, shown), shown);
      assert.equal(await mistM(page), shown.join(', '));
      assert.deepEqual(shown, L(['Нерозірваний боєприпас (ВНП)', 'Вогнепальне'], ['Unexploded ordnance (UXO)', 'Gunshot']));
    });
  });

  test(`a mechanism recorded by a slip is taken back, not the last record only: asked, append-only, MIST's M follows (${lang}, 360 px)`, async () => {
    await pages.use('medic', lang, 360, async (page) => {
      await goTo(page, '#/field', '#new-casualty');
      const id = await quickCasualty(page, { mech: 'gunshot' });
      await page.click('#sec-mech > summary');
      for (const mech of ['burn', 'ied']) {
        await page.locator(`[data-add-mech="${mech}"]`).tap();
        await page.waitForSelector(`[data-add-mech="${mech}"][aria-pressed="true"]`, { timeout: 30_000 });
      }
      const names = L(['Вогнепальне', 'Опік', 'СВП'], ['Gunshot', 'Burn', 'IED']);
      assert.deepEqual(await chips(page, names), names);
      // "burn" is not the last record (the toast's Undo would take the IED): a tap on it asks, "keep" first.
      await page.locator('[data-add-mech="burn"]').tap();
      await page.waitForSelector('#mech-remove');
      await page.locator('#sec-mech').screenshot({ path: `/tmp/bedside3/mech-remove-360-${lang}.png` });
      await axe(page, `card, remove a mechanism asked (${lang})`, { within: '#main' });
      await page.locator('#mech-keep').tap();
      await page.waitForFunction(() => !document.querySelector('#mech-remove'));
      assert.deepEqual(await chips(page, names), names, 'kept');
      await page.locator('[data-add-mech="burn"]').tap();
      await page.locator('#mech-remove-yes').tap();
      await page.waitForSelector('[data-add-mech="burn"][aria-pressed="false"]', { timeout: 30_000 });
      assert.deepEqual(await chips(page, names), [names[0], names[2]]);
      assert.equal(await mistM(page), `${names[0]}, ${names[2]}`);
      // Append-only: the burn's record stays in the log, a void says it was taken back and why.
      const voids = await serverEvents(id, 'void', 1);
      const mechs = await serverEvents(id, 'mechanism', 3);
      const burn = mechs.find((e) => (e.payload as { mechanisms: string[] }).mechanisms.includes('burn'))!;
      assert.equal((voids[0]!.payload as { target: string }).target, burn.id);
      assert.match((voids[0]!.payload as { reason: string }).reason, /burn/u);
      // The first one (recorded on the quick path) can go too.
      await page.locator('[data-add-mech="gunshot"]').tap();
      await page.locator('#mech-remove-yes').tap();
      await page.waitForSelector('[data-add-mech="gunshot"][aria-pressed="false"]', { timeout: 30_000 });
      assert.equal(await mistM(page), names[2]);
    });
  });

  test(`a kept 9-line draft does not overwrite a newer recorded 9-line: the lines it changed win, and the medic is told in words (${lang}, 360 px)`, async () => {
    await pages.use('medic', lang, 360, async (page) => {
      await goTo(page, '#/field', '#new-casualty');
      const id = await quickCasualty(page);
      await page.click('#open-9line');
      await page.waitForSelector('#send-all');
      await page.fill('#mgrs', '37U DQ 12345 67890');
      await page.fill('#nine-freq', '40.000');
      await page.click('#send-15');
      await page.waitForSelector('#card-head h2');
      await serverEvents(id, 'evac.requested', 1);
      // A half-typed change: a new frequency and a second litter patient, kept as a draft; the medic goes back.
      await page.click('#open-9line');
      await page.waitForSelector('#send-all');
      await page.fill('#nine-freq', '44.150');
      await page.locator('[data-plus="L"]').tap();
      await page.click(`a[href="#/c/${id}"]`);
      await page.waitForSelector('#card-head h2');
      // The dispatcher's newer 9-line: another frequency (line 2) and hazards (line 9).
      await post(id, 'dispatcher', [{ type: 'evac.updated', at: new Date().toISOString(), payload: { nineLine: { frequency: '51.000', hazards: 'снайпер' } } }]);
      for (const deadline = Date.now() + 30_000; ;) {
        await page.evaluate(() => window.dispatchEvent(new Event('online')));
        await new Promise((r) => setTimeout(r, 700));
        await page.click('#open-9line');
        await page.waitForSelector('#send-all');
        if ((await page.inputValue('#nine-freq')) !== '44.150' || Date.now() > deadline) break;
        await page.click(`a[href="#/c/${id}"]`);
        await page.waitForSelector('#card-head h2');
      }
      assert.equal(await page.inputValue('#nine-freq'), '51.000', 'the newer recorded frequency, not the older draft');
      assert.equal(await page.textContent('[data-count="L"]'), '2', 'a line the update left alone keeps the draft');
      const said = plain((await page.textContent('#nine-superseded')) ?? '');
      assert.match(said, L(/чернетка старіша/u, /draft is older/u));
      assert.ok(said.includes(L('2. Частота', '2. Frequency')), said);
      assert.ok(!said.includes(L('5. Кількість', '5. Patients')), said);
      await page.screenshot({ path: `/tmp/bedside3/nine-superseded-360-${lang}.png`, fullPage: true });
      await axe(page, `9-line draft superseded (${lang})`, { within: '#main' });
    });
  });

  test(`ketamine for sedation sits under Sedation, recorded as a sedative, and the FHIR export says so (${lang}, 360 px)`, async () => {
    await pages.use('medic', lang, 360, async (page) => {
      await goTo(page, '#/field', '#new-casualty');
      const id = await quickCasualty(page);
      await page.click('#sec-meds > summary');
      // Each drug row under the heading before it.
      const groups = await page.evaluate(() => {
        const out: Record<string, string[]> = {};
        let cur = '';
        for (const el of document.querySelectorAll('#sec-meds .meds > *')) {
          if (el.tagName === 'H4') cur = (el as HTMLElement).dataset.medClass ?? '';
          else out[cur] = [...(out[cur] ?? []), ...[...el.querySelectorAll<HTMLElement>('[data-dose]')].map((b) => `${b.dataset.med} ${b.dataset.dose}`)];
        }
        return out;
      });
      assert.deepEqual(groups.sedative, ['Ketamine-sedation 300 mg IM']);
      assert.ok(!groups.analgesic!.some((d) => d.includes('300 mg')), groups.analgesic!.join(', '));
      assert.equal(await page.textContent('[data-med-class="sedative"]'), L('Седація', 'Sedation'));
      await page.locator('[data-med="Ketamine-sedation"][data-dose="300 mg IM"]').tap();
      await page.locator('[data-med-more="Ketamine-sedation"]').tap();
      await page.fill('#dose-Ketamine-sedation', '80'); // 1 mg/kg IV, worked out for 80 kg
      await page.locator('[data-other-route="IV"]').tap();
      await page.locator('[data-record-dose="Ketamine-sedation"]').tap();
      await page.waitForFunction(() => (document.querySelector('#sec-meds .recorded')?.children.length ?? 0) === 2, null, { timeout: 30_000 });
      const given = (await page.locator('#sec-meds .recorded > div').allTextContents()).map((g) => plain(g).replace(/^\d\d:\d\d /u, '').replace(/ · .*$/u, ''));
      assert.deepEqual(given, L(['Кетамін 300 мг в/м (седація)', 'Кетамін 80 мг в/в (седація)'], ['Ketamine 300 mg IM (sedation)', 'Ketamine 80 mg IV (sedation)']));
      await page.locator('#sec-meds').screenshot({ path: `/tmp/bedside3/sedation-360-${lang}.png` });
      await axe(page, `medications with Sedation (${lang})`, { within: '#main' });
      const meds = await serverEvents(id, 'medication', 2);
      assert.deepEqual(meds.map((e) => (e.payload as { class: string }).class), ['sedative', 'sedative']);
      const bundle = await env.server.api<{ entry: { resource: { resourceType: string; category?: { text: string }; reasonCode?: { text: string }[] } }[] }>(`/api/casualties/${id}/fhir`);
      const admins = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'MedicationAdministration');
      assert.deepEqual(admins.map((a) => [a.category?.text, a.reasonCode?.[0]?.text]), [['sedative', 'sedation'], ['sedative', 'sedation']]);
    });
  });

  test(`a tourniquet still on at the casualty's outcome: its clock and alarm stop, its last state reads plainly (${lang}, 360 px and 1280 px)`, async () => {
    const id = await pages.use('medic', lang, 360, async (page) => {
      await goTo(page, '#/field', '#new-casualty');
      // Found on the casualty, put on 60 min ago: its 1 h alarm is due.
      await page.evaluate(() => (location.hash = '#/new'));
      await page.locator('[data-mech="artillery"]').tap();
      await page.locator('[data-tq-ago="60"]').tap();
      await page.locator('[data-limb="right-leg"]').tap();
      await page.waitForSelector('[data-limb="right-leg"][aria-pressed="true"]', { timeout: 30_000 });
      await page.locator('#tq-next').tap();
      await page.locator('[data-prec="urgent"]').tap();
      await page.waitForSelector('#tq-box .tq.running.alarm-1h', { timeout: 30_000 });
      const id = /^#\/c\/([0-9a-f-]{36})$/u.exec(await page.evaluate(() => location.hash))![1]!;
      await serverEvents(id, 'tourniquet.applied', 1);
      // Handed over at the facility and evacuated onward, the tourniquet not taken off (it goes on with the casualty).
      const at = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();
      await post(id, 'dispatcher', [{ type: 'destination', at: at(30), payload: { facilityId: 'r2-kramatorsk' } }]);
      await post(id, 'facility', [{ type: 'arrival', at: at(10), payload: { facilityId: 'r2-kramatorsk' } }]);
      await post(id, 'facility', [{ type: 'outcome', at: at(5), payload: { outcome: 'evacuated-onward', facilityId: 'r2-kramatorsk' } }]);
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.waitForSelector('[data-tq-outcome="right-leg"]', { timeout: 60_000 });
      assert.equal(await page.locator('#tq-box .clock').count(), 0, 'no running clock');
      assert.equal(await page.locator('#tq-box .tq.running').count(), 0);
      const said = plain((await page.textContent('[data-tq-outcome="right-leg"]')) ?? '');
      assert.match(said, L(/^Ще накладений на момент результату \(Евакуйовано далі, \d\d:\d\d \S+\): на той час 5\d хв( \d\d с)?/u,
        /^Still on at the outcome \(Evacuated onward, \d\d:\d\d \S+\): on for 5\d min( \d\d s)? by then/u), said);
      // The card's header: the time since injury stops at the outcome too (60 min before the test to 5 min before it),
      // said as such, not a clock still counting for a casualty off the medic's hands.
      assert.equal(await page.locator('p.injured [data-since]').count(), 0, 'no running "since injury" clock');
      const head = plain((await page.textContent('p.injured')) ?? '');
      assert.match(head, L(/5\d хв( \d\d с)? від поранення до результату \(Евакуйовано далі, \d\d:\d\d \S+\)/u,
        /5\d min( \d\d s)? from injury to the outcome \(Evacuated onward, \d\d:\d\d \S+\)/u), head);
      await page.locator('#tq-box').screenshot({ path: `/tmp/bedside3/tq-outcome-360-${lang}.png` });
      await axe(page, `card, tourniquet at the outcome (${lang})`, { within: '#main' });
      // The medic's list: no running tourniquet on it; no alarm rings for it.
      await page.evaluate(() => (location.hash = '#/field'));
      await page.waitForSelector(`[data-casualty="${id}"]`);
      assert.equal(await page.locator(`[data-casualty="${id}"] .tq`).count(), 0, 'not running on the medic\'s list');
      assert.equal(await page.locator('.alarm').count(), 0, 'no alarm');
      // The officer's numbers (the list the server serves): not a running tourniquet.
      const list = await env.server.api<{ casualties: { id: string; state: { tourniquets: { running: boolean; minutes: number }[] } }[] }>('/api/casualties?status=closed');
      const c = list.casualties.find((x) => x.id === id)!;
      assert.deepEqual(c.state.tourniquets.map((q) => q.running), [false]);
      return id;
    });
    // The card at 1280 px reads the same.
    await pages.use('medic', lang, 1280, async (page) => {
      await goTo(page, `#/c/${id}`, '#main');
      await page.waitForSelector('[data-tq-outcome="right-leg"]', { timeout: 60_000 });
      await page.screenshot({ path: `/tmp/bedside3/tq-outcome-1280-${lang}.png` });
      await axe(page, `card at 1280 px, tourniquet at the outcome (${lang})`, { within: '#main' });
    });
  });
}
