// A newcomer's review (session 49): the console's map opened on a fixed place in the Donbas, so a brigade set up
// elsewhere (the README's own example grid is north of that view) saw an empty map with every marker off screen. The
// first markers now frame the map, once; the dispatcher's own pan and zoom are never undone by later data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desktop, signIn, e2eSuite, axe } from './harness.ts';

const LVIV = { lat: 49.84, lon: 24.03 };
const env = e2eSuite({
  prepare: async (s) => {
    await s.api('/api/facilities', { body: { id: 'r2-lviv', name: 'R2 Lviv (synthetic)', role: 'R2', position: LVIV, beds: 10, surgicalTables: 1 } });
    await s.api('/api/vehicles', { body: { id: 'amb-lviv', name: 'Ambulance Lviv', kind: 'ambulance', litter: 2, seated: 1, medic: true, speedKmh: 50, status: 'available', position: { lat: 49.8, lon: 24.1 } } });
  },
});

test('the console map opens on its markers, wherever they are (en, 1280 px)', async () => {
  const d = await desktop(env.browser, env.server.url, 'en');
  try {
    await signIn(d.page, 'dispatcher');
    await d.page.evaluate(() => (location.hash = '#/console'));
    const marker = d.page.locator('#map .mk.facility', { hasText: 'R2 Lviv' });
    await marker.waitFor({ state: 'attached', timeout: 30_000 });
    await d.page.waitForSelector('#map[data-idle]', { timeout: 30_000 });
    const [box, m] = [await d.page.locator('#map').boundingBox(), await marker.boundingBox()];
    assert.ok(box && m, 'both drawn');
    const inside = (x: number, y: number) => x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
    assert.ok(inside(m.x + m.width / 2, m.y + m.height / 2), `the facility's marker is on the map: ${JSON.stringify({ box, m })}`);
    await axe(d.page, 'console map framed on its markers', { exclude: ['.maplibregl-map'] });
  } finally {
    await d.ctx.close();
  }
});
