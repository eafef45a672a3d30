// Issue 17 item 4, end to end: phone A, offline, shows a casualty's hand-over code; phone B, offline, reads it
// through its camera (Chromium's fake capture device filming a screenshot of the code) and keeps the records,
// verified. This Chromium has no BarcodeDetector (Linux), so the test proves the fallback decoder (jsQR) is the one
// chosen and used. The printable tag printed to PDF holds exactly the QR code of the hand-over text.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { phone, signIn, pastGate, pixels, y4m, e2eSuite, quickCasualty, installed } from './harness.ts';
import { launchChromium } from '../../test/support/chromium.ts';
import { qrMatrix } from '../src/qr/render.ts';

const env = e2eSuite();
const dir = mkdtempSync(join(tmpdir(), 'gh-camera-'));
after(async () => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The dark modules of the QR codes drawn in a PDF, as "col,row" (Chromium's PDF keeps the SVG's module squares as
 * `x y m … l … l … l … h` paths of side 10, in the SVG's own units, 4 modules of quiet zone).
 */
function pdfModules(pdf: Buffer): Set<string> {
  const s = pdf.toString('latin1');
  const out = new Set<string>();
  for (const m of s.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    let text: string;
    try {
      text = inflateSync(Buffer.from(s.slice(start, s.indexOf('endstream', start)), 'latin1')).toString('latin1');
    } catch {
      continue; // not a deflated content stream (a font, an image)
    }
    for (const q of text.matchAll(/(\d+) (\d+) m\n(\d+) \2 l\n\3 (\d+) l\n\1 \4 l\n\1 \2 l\nh/g))
      if (Number(q[3]) - Number(q[1]) === 10 && Number(q[4]) - Number(q[2]) === 10) out.add(`${Number(q[1]) / 10 - 4},${Number(q[2]) / 10 - 4}`);
  }
  return out;
}

async function hasKeyOf(page: Page, device: string): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event('online'))); // sync now: keys come with it
  await page.waitForFunction((d) => (localStorage.getItem('gh.keys') ?? '').includes(d), device, { timeout: 30_000 });
}

test('camera hand-over with no network (jsQR where there is no BarcodeDetector), and the printed tag holds the code', async () => {
  const A = await phone(env.browser, env.server.url, 'en');
  let cam: Browser | null = null;
  try {
    await signIn(A.page, 'medic');
    const aDevice = (await A.page.evaluate(() => localStorage.getItem('gh.device')))!;
    for (let i = 0; !(await env.server.api<{ items: { id: string }[] }>('/api/device-keys')).items.some((k) => k.id === aDevice); i++) {
      assert.ok(i < 300, 'phone A registered its key');
      await A.page.evaluate(() => window.dispatchEvent(new Event('online')));
      await new Promise((r) => setTimeout(r, 100));
    }

    // Phone A, offline: a casualty with a tourniquet, and its code.
    await installed(A.page); // installed before the network goes: the card's screen is on the phone
    await A.ctx.setOffline(true);
    const id = await quickCasualty(A.page, { limbs: ['left-leg'] });
    await A.page.click('#open-handover');
    await A.page.waitForSelector('#handover-qr svg');
    const text = (await A.page.getAttribute('#handover-qr', 'data-code'))!;

    // Printed to PDF (the browser's print of the tag): the PDF draws exactly this code's modules.
    const pdf = await A.page.pdf({ format: 'A6', printBackground: true });
    writeFileSync('/tmp/phone-handover-tag.pdf', pdf);
    const want = qrMatrix(text, 'L');
    const expected = new Set(want.data.flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`${x},${y}`] : []))));
    const printed = pdfModules(pdf);
    assert.equal((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length, 1, 'one page');
    assert.deepEqual([...printed].sort(), [...expected].sort(), `the printed QR (version ${want.version}) is the hand-over code`);

    // The code as phone B's camera films it.
    const shot = await A.page.locator('#handover-qr svg').screenshot();
    const video = join(dir, 'handover.y4m');
    writeFileSync(video, y4m(await pixels(A.page, shot)));
    cam = await launchChromium({ args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`] });
    const ctx = await cam.newContext({ baseURL: env.server.url, viewport: { width: 360, height: 740 }, locale: 'uk-UA', hasTouch: true, isMobile: true, serviceWorkers: 'allow', permissions: ['camera'] });
    await ctx.addInitScript(() => { if (!localStorage.getItem('gh.lang')) localStorage.setItem('gh.lang', 'uk'); });
    const B = await ctx.newPage();
    await signIn(B, 'medic');
    // The service worker in control, as on a phone in the field: the scan screen and jsQR come from its cache.
    await B.evaluate(async () => void (await navigator.serviceWorker.ready));
    await B.reload();
    await pastGate(B);
    await B.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await hasKeyOf(B, aDevice);
    await B.evaluate(() => (location.hash = '#/scan'));
    await B.waitForSelector('#scan-camera');
    await installed(B);
    await ctx.setOffline(true);
    assert.equal(await B.evaluate(() => 'BarcodeDetector' in window), false, 'this Chromium has no BarcodeDetector');
    await B.locator('#scan-camera').tap();
    await B.waitForSelector('#scan-result[data-verified]', { timeout: 60_000 }).catch(async (e: unknown) => {
      await B.screenshot({ path: '/tmp/phone-camera-scan-failed.png' });
      throw e;
    });
    assert.equal(await B.getAttribute('#scan-result', 'data-verified'), 'true', (await B.textContent('#scan-result')) ?? '');
    assert.equal(await B.getAttribute('#scan-result', 'data-via'), 'camera');
    assert.equal(await B.getAttribute('#scan-result', 'data-decoder'), 'jsQR', 'the fallback decoder was chosen');
    console.log(`camera scan: ${await B.getAttribute('#scan-result', 'data-ms')} ms from opening the camera to the records kept; code ${text.length} chars, QR version ${want.version}`);
    await B.screenshot({ path: '/tmp/phone-camera-scan-360-uk.png' });
    await B.click('#scan-open');
    await B.waitForSelector('#handover-mark[data-verified="true"]');
    await B.waitForSelector('[data-tq="left-leg"]');
    assert.equal(B.url().includes(id), true);
  } finally {
    await A.ctx.close();
    await cam?.close();
  }
});
