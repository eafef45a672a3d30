// A review of the facility desk and the figures (session 48), 360 px, Ukrainian and English:
//  - facility staff were offered every facility in a picker (194 in the demo; the longest ran the desk off a phone's
//    screen, and a chosen one's controls were refused): they see their own, and with one, go straight to it;
//  - "Killed in action" sat beside "Died of wounds" among the outcomes of a patient who had arrived: a death after
//    reaching care is never killed in action, and the slip lands in the wrong figure;
//  - the desk recorded "Стійке ушкодження" and the commander's figures counted "Стійка інвалідність": one term;
//  - a closed patient's outcome was a bare bold word: it says "Outcome: …" and when;
//  - intake "not accepting" (or a status but normal) was saved by one slip of a select: it is asked first;
//  - the free beds read "all free" with a patient in a bed: an arrival after the counts were saved is said (session 49).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { e2eSuite, phone, seedDemo, signIn } from './harness.ts';
import type { Server } from './harness.ts';
import * as acc from '../src/accounting/i18n.ts';
import { setLang, tc } from '../src/i18n.ts';

const ago = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();
const HERE = uuidv7();
const ev = (type: string, min: number, payload: unknown) => ({ id: uuidv7(), casualtyId: HERE, type, at: ago(min), payload });

async function scene(s: Server): Promise<void> {
  await seedDemo(s);
  await s.api('/api/facilities', { body: { id: 'r3-long', name: 'Civilian hospital of the city, surgical department number forty-seven (synthetic)', role: 'R3', position: { lat: 48.5, lon: 37.5 }, beds: 100, surgicalTables: 6 } });
  await s.api('/api/sync/push', { user: 'medic', body: { events: [
    ev('registered', 60, { injuredAt: ago(60), status: 'military', unitId: 'bde-3', battleRoster: 'HERE-1' }),
    ev('evac.assigned', 50, { vehicleId: 'amb-2', facilityId: 'r2-kramatorsk' }),
  ] } });
  await s.api('/api/sync/push', { user: 'facility', body: { events: [ev('arrival', 0, { facilityId: 'r2-kramatorsk' })] } });
}
const env = e2eSuite({ prepare: scene });

for (const lang of ['uk', 'en'] as const) {
  test(`the desk shows its own facility, offers no "killed in action" for a patient here, and the figures name the outcome as the desk does (${lang}, 360 px)`, async () => {
    const L = <T>(en: T, uk: T): T => (lang === 'uk' ? uk : en);
    const m = await phone(env.browser, env.server.url, lang);
    const page = m.page;
    try {
      await signIn(page, 'facility');
      await page.evaluate(() => (location.hash = '#/facility'));
      await page.waitForFunction(() => location.hash === '#/facility/r2-kramatorsk', null, { timeout: 30_000 });
      await page.waitForSelector('#facility-select option[value="r2-kramatorsk"]', { state: 'attached', timeout: 30_000 });
      await page.waitForTimeout(1_000); // every facility the store holds has arrived by now
      const options = await page.locator('#facility-select option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      assert.deepEqual(options, ['r2-kramatorsk'], 'only its own facility');
      const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(sw <= w, `no sideways scroll: ${sw} > ${w}`);

      // Intake "not accepting" is asked first ("No" keeps it as it was); back to normal needs no question.
      await page.selectOption('#fac-intake', 'closed');
      await page.locator('#fac-ask').waitFor({ timeout: 5_000 });
      await page.locator('#fac-ask-no').click();
      assert.equal(await page.inputValue('#fac-intake'), 'normal');
      assert.equal((await env.server.api<{ item: { intake: string } }>('/api/facilities/r2-kramatorsk')).item.intake, 'normal');

      // The free beds are typed by the desk; a patient who arrived after they were saved is said beside them (the
      // count read "all free" with a patient in a bed). Saving a count answers it.
      const next = uuidv7(); // one more arrival now, after any count a run before saved
      await env.server.api('/api/sync/push', { user: 'facility', body: { events: [
        { id: uuidv7(), casualtyId: next, type: 'registered', at: ago(30), payload: { injuredAt: ago(30), status: 'military', unitId: 'bde-3' } },
        { id: uuidv7(), casualtyId: next, type: 'arrival', at: ago(0), payload: { facilityId: 'r2-kramatorsk' } },
      ] } });
      assert.match(await page.locator('#beds-since').innerText({ timeout: 30_000 }),
        L(/^\d patients? (arrived here after the counts were last saved \(\d\d\.\d\d \d\d:\d\d UTC.*\)|(is|are) here and the free beds were never saved): check/u,
          /^(Після останнього збереження \(\d\d\.\d\d \d\d:\d\d UTC.*\) сюди прибу(в|ли) \d поранен|Тут \d поранен).*: перевірте/u));
      await page.locator('#beds button').first().click();
      await page.locator('#beds-since').waitFor({ state: 'detached', timeout: 30_000 });

      const select = page.locator(`[data-outcome-select="${HERE}"]`);
      await select.waitFor({ timeout: 30_000 });
      const outcomes = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      assert.ok(outcomes.includes('died-of-wounds') && !outcomes.includes('killed-in-action'), outcomes.join(', '));
      await page.screenshot({ path: `/tmp/gh-web-shots/desk-review-360-${lang}.png` });
      if (lang === 'en') {
        // Closed, the card says what its outcome is and when (a bare bold "Died of wounds" named neither).
        await select.selectOption('died-of-wounds');
        await page.locator(`[data-outcome="${HERE}"]`).click();
        await page.locator(`[data-outcome-confirm="${HERE}"]`).click();
        const closed = page.locator(`[data-closed-outcome="${HERE}"]`);
        await closed.waitFor({ timeout: 30_000 });
        assert.match(await closed.innerText(), /^Outcome: Died of wounds · \d\d\.\d\d \d\d:\d\d UTC/u);
      }
    } finally {
      await m.ctx.close();
    }
  });
}

test('one Ukrainian word for a permanent injury on the desk and in the figures', () => {
  setLang('uk');
  assert.equal(tc('outcome', 'permanent-injury'), 'Стійке ушкодження');
  assert.equal(acc.uk['acc.fig.permanent-injury'], 'Стійке ушкодження');
  assert.equal(acc.code('permanent-injury'), 'стійке ушкодження');
  setLang('en');
});
