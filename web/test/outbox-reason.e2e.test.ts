// The outbox's last send error in the medic's language (session 20): the panel used to show the raw Error message —
// the browser's "Failed to fetch" or the server's English words — to a Ukrainian medic. Now the kind of failure
// (no contact with the server, a server error with its status…) is said through the i18n tables in uk and en, and
// the words it came with follow only as a detail, marked as English for screen readers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { phone, signIn, installed, e2eSuite, quickCasualty, shot, axe, pastGate } from './harness.ts';

const env = e2eSuite();

/** The outbox panel opened (a tap also sends), once its reason is of `kind`: its sentence and the words shown with it. */
async function reason(page: Page, kind: string): Promise<{ text: string; words: string | null }> {
  if (await page.isHidden('#outbox-panel').catch(() => true)) await page.click('#outbox');
  const el = await page.waitForSelector(`#outbox-reason[data-failure="${kind}"]`, { timeout: 45_000 });
  return { text: (await el.textContent()) ?? '', words: await page.locator('#outbox-reason q[lang="en"]').textContent({ timeout: 1_000 }).catch(() => null) };
}

test('the outbox says why sending failed in the medic\'s language (uk and en), the raw words only as a detail', { timeout: 240_000 }, async () => {
  const P = await phone(env.browser, env.server.url, 'en');
  try {
    const { page } = P;
    await signIn(page, 'medic');
    await installed(page);
    // The server cannot be reached although the phone is online (a dead relay, a captive Wi-Fi).
    await page.route('**/api/casualties/*/events', (r) => r.abort('connectionrefused'));
    await quickCasualty(page, { limbs: ['left-arm'] });
    const en = await reason(page, 'unreachable');
    assert.match(en.text, /Could not reach the server/);
    assert.match(en.words ?? '', /fetch/i, 'the browser\'s words as a detail');
    await axe(page, 'outbox with a send error (en, 360 px)');
    await shot(page, 'outbox-error-360-en');
    await page.setViewportSize({ width: 1280, height: 860 });
    await shot(page, 'outbox-error-1280-en');

    // A server error, with its status and its own words.
    await page.unroute('**/api/casualties/*/events');
    await page.route('**/api/casualties/*/events', (r) => r.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { message: 'database unavailable' } }) }));
    await page.click('#outbox-send');
    const en5 = await reason(page, 'server');
    assert.match(en5.text, /The server had a problem \(503\)/);
    assert.equal(en5.words, 'database unavailable');

    // In Ukrainian: the sentence is Ukrainian; no English outside the marked detail.
    await page.evaluate(() => localStorage.setItem('gh.lang', 'uk'));
    await page.reload();
    await pastGate(page);
    const uk5 = await reason(page, 'server');
    assert.match(uk5.text, /Помилка на сервері \(503\)/);
    assert.equal(uk5.words, 'database unavailable');
    assert.doesNotMatch(uk5.text.replace(uk5.words ?? '', ''), /[A-Za-z]{3,}/, 'no English words outside the detail');
    await axe(page, 'outbox with a send error (uk, 1280 px)');
    await shot(page, 'outbox-error-1280-uk');
    await page.unroute('**/api/casualties/*/events');
    await page.route('**/api/casualties/*/events', (r) => r.abort('connectionrefused'));
    await page.click('#outbox-send');
    const uk = await reason(page, 'unreachable');
    assert.match(uk.text, /Не вдалося зв’язатися із сервером/);
    await page.setViewportSize({ width: 360, height: 740 });
    await axe(page, 'outbox with a send error (uk, 360 px)');
    await shot(page, 'outbox-error-360-uk');
  } finally {
    await P.ctx.close();
  }
});
