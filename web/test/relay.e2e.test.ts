// A medic's phone syncs a casualty, then hands it over by code (SYNC-17) to a facility desk that has its key: the
// code is verified and the desk keeps the medic's events under their ids and sends them. The casualty is not yet on
// its way to that facility, so it is outside the desk's scope. Before session 23 the server refused the registration
// as "<id> is taken", the desk showed "3 not sent · 1 rejected" and offered "Record again as new", which registered a
// second casualty at the bedside. Now the events, stored with the same content, are duplicates (SYNC-1): the desk
// reaches "all sent" and the server holds one casualty. And a desk whose server still refuses them (409) never offers
// a new casualty for a record it received by hand-over: it says the record is already on the server from the medic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eSuite, shot, axe } from './harness.ts';
import { handedOver } from './relay-scene.ts';
import type { StoredEvent } from '../../src/core/index.ts';

const env = e2eSuite();
const casualties = async () => (await env.server.api<{ casualties: { id: string }[] }>('/api/casualties?limit=1000')).casualties;

test('SYNC-1/SYNC-17: a casualty handed over to a desk outside its scope is all sent, and the server holds it once', { timeout: 240_000 }, async () => {
  const { desk, id, close } = await handedOver(env, 'uk');
  try {
    const before = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`);
    // Before: "Не надіслано: 3 · Відхилено: 1", with "Внести знову як новий" in the panel.
    await desk.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { state: 'attached', timeout: 60_000 });
    assert.equal((await desk.page.textContent('#outbox'))?.trim(), 'Усе надіслано');
    assert.equal(await desk.page.locator('[data-record-anew]').count(), 0);
    const after = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`);
    assert.deepEqual(after.events.map((e) => e.id), before.events.map((e) => e.id), 'the medic\'s events once, nothing added');
    assert.ok(after.events.every((e) => e.author === 'medic'));
    assert.deepEqual((await casualties()).map((c) => c.id), [id], 'one casualty');
  } finally {
    await close();
  }
});

for (const lang of ['uk', 'en'] as const) {
  test(`SYNC-17: the desk's timeline names the medic as the author of the records it relayed, and itself as relaying them (${lang}, 1280 px)`, { timeout: 240_000 }, async () => {
    // Before, the desk's copy (its own user and device, as the server requires of what it sends) was shown as is:
    // "facility on <desk>" as the author of a tourniquet it did not apply.
    const { desk, medic, id, close } = await handedOver(env, lang);
    try {
      const device = (await medic.page.evaluate(() => localStorage.getItem('gh.device')))!;
      await desk.page.evaluate((c) => (location.hash = `#/c/${c}/timeline`), id);
      const by = desk.page.locator('#timeline [data-type="tourniquet.applied"] .muted.small');
      await by.waitFor({ timeout: 30_000 });
      const line = (await by.textContent()) ?? '';
      assert.match(line, lang === 'uk' ? new RegExp(`^medic, пристрій ${device} · передано через facility ·`) : new RegExp(`^medic on ${device} · relayed by facility ·`), line);
      await axe(desk.page, `desk timeline (${lang}, 1280 px)`);
      await shot(desk.page, `relayed-timeline-1280-${lang}`);
    } finally {
      await close();
    }
  });
}

for (const lang of ['uk', 'en'] as const) {
  test(`SYNC-17: records the desk relays before the medic reaches a server are stored as the medic's (${lang}, axe)`, { timeout: 240_000 }, async () => {
    // Before, the desk's copy (its own user and device, the only author the server took from a writer) was stored as
    // is: every device showed the facility as the author, the medic's own upload was acknowledged as a duplicate of it,
    // and the medic's next pull replaced its own records with the desk's. Now the desk sends the code with them.
    const { desk, medic, id, close } = await handedOver(env, lang, { offline: true });
    try {
      const device = (await medic.page.evaluate(() => localStorage.getItem('gh.device')))!;
      await desk.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { state: 'attached', timeout: 60_000 });
      const stored = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`);
      assert.ok(stored.events.length >= 2);
      assert.deepEqual(stored.events.map((e) => [e.author, e.deviceId]), stored.events.map(() => ['medic', device]));
      // The desk names the medic as the author and itself as relaying them, as when the medic synced first.
      await desk.page.evaluate((c) => (location.hash = `#/c/${c}/timeline`), id);
      const by = desk.page.locator('#timeline [data-type="tourniquet.applied"] .muted.small');
      await by.waitFor({ timeout: 30_000 });
      assert.match((await by.textContent()) ?? '', lang === 'uk' ? new RegExp(`^medic, пристрій ${device} · передано через facility ·`) : new RegExp(`^medic on ${device} · relayed by facility ·`));
      await axe(desk.page, `desk timeline, relayed first (${lang}, 1280 px)`);
      // The medic's phone comes back: its records are duplicates, and the server's copy it then pulls in place of its
      // own (before: the desk's, under the desk's name) still names the medic.
      const line = '#timeline [data-type="tourniquet.applied"] .muted.small';
      const tq = stored.events.find((e) => e.type === 'tourniquet.applied')!.id;
      const pulledTq = medic.page.waitForResponse(async (r) => /\/api\/(sync\/pull|casualties\/)/.test(r.url()) && r.request().method() === 'GET' && r.ok() && (await r.text()).includes(tq), { timeout: 60_000 });
      await medic.ctx.setOffline(false);
      await medic.page.evaluate(() => window.dispatchEvent(new Event('online')));
      await medic.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { state: 'attached', timeout: 60_000 });
      await pulledTq;
      await new Promise((r) => setTimeout(r, 1_000)); // merged into the phone's store after the answer
      await medic.page.evaluate((c) => (location.hash = `#/c/${c}/timeline`), id);
      await medic.page.locator(line).waitFor({ timeout: 30_000 });
      const pulled = (await medic.page.textContent(line)) ?? '';
      assert.match(pulled, new RegExp(`^medic on ${device} · recorded`), pulled);
      assert.deepEqual((await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`)).events, stored.events, 'the medic\'s upload: duplicates');
      await axe(medic.page, `medic timeline after the desk relayed first (${lang}, 360 px)`);
      await shot(desk.page, `relayed-first-timeline-1280-${lang}`);
    } finally {
      await close();
    }
  });
}

test('SYNC-1/SYNC-17: a desk whose clock is 5 min fast sends the medic\'s times as they are: duplicates, all sent', { timeout: 240_000 }, async () => {
  // Before, the desk corrected the received events by its own clock's offset: other content under the medic's ids,
  // the registration refused and the other three records pending for good ("3 not sent").
  const { desk, id, close } = await handedOver(env, 'en', { deskSkewMs: 5 * 60_000 });
  const known = (await casualties()).length;
  try {
    const before = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`);
    await desk.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { state: 'attached', timeout: 60_000 });
    await desk.page.click('#outbox');
    assert.equal(await desk.page.locator('[data-outbox-relayed]').count(), 0, 'acknowledged as duplicates, not refused');
    const after = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`);
    assert.deepEqual(after.events, before.events);
    assert.equal((await casualties()).length, known);
  } finally {
    await close();
  }
});

test('a record received by hand-over that the server refuses as taken is never recorded again as new', { timeout: 240_000 }, async () => {
  // The desk's server answers as one without SYNC-1 for writers outside the scope did: 409, the id is taken.
  const { desk, id, close } = await handedOver(env, 'en', { beforeScan: (ctx) =>
    ctx.route('**/api/casualties/*/events', (route) => {
      const cid = /casualties\/([^/]+)\/events/.exec(route.request().url())?.[1] ?? '';
      return route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'conflict', message: `${cid} is taken: register it under a new id`, issues: [] } }) });
    }) });
  const known = (await casualties()).length;
  try {
    await desk.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { state: 'attached', timeout: 60_000 });
    assert.equal((await desk.page.textContent('#outbox'))?.trim(), 'All sent');
    await desk.page.click('#outbox');
    const line = desk.page.locator(`[data-outbox-relayed="${id}"]`);
    await line.waitFor({ timeout: 30_000 });
    assert.match((await line.textContent()) ?? '', /already on the server from the medic/);
    assert.equal(await desk.page.locator('[data-record-anew]').count(), 0, 'no "Record again as new": it makes a second casualty');
    await shot(desk.page, 'outbox-relayed-1280-en');
    assert.equal((await casualties()).length, known, 'no second casualty');
  } finally {
    await close();
  }
});
