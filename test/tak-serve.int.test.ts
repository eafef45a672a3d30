// `goldenhour serve` with TAK_URL, end to end: a loopback TAK peer gets our casualty marker when a medic's 9-line
// arrives over HTTP, and a 9-line sent from ATAK becomes an evacuation request the API lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoT } from '../src/interop/cot/node-cot.ts';
import { MedevacDetail } from '../src/interop/cot/index.ts';
import { TakStream } from '../src/interop/tak/index.ts';
import { uuidv7 } from '../src/core/index.ts';
import { cli, login, startServer } from './support/serve.ts';

const fixture = (name: string): string => readFileSync(new URL(`../src/interop/cot/fixtures/${name}`, import.meta.url), 'utf8');

async function until(cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('serve with TAK_URL: markers out on every change, 9-lines in', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-tak-serve-'));
  const received: CoT[] = [];
  let peer: TakStream | null = null;
  const takServer = net.createServer((sock) => {
    peer = TakStream.accept(sock).onCot((c) => received.push(c));
  });
  await new Promise<void>((r) => takServer.listen(0, '127.0.0.1', r));
  const takPort = (takServer.address() as net.AddressInfo).port;
  const env = { DATA_DIR: dir, GH_PASSWORD: 'correct horse battery', RATE_LIMIT: 'off' };
  assert.equal(cli(['user', 'add', 'medic', '--role', 'admin'], env).status, 0);
  const server = await startServer({ ...env, TAK_URL: `tcp://127.0.0.1:${takPort}`, TAK_UNITS: '1-coy' });
  try {
    await until(() => peer !== null);
    const token = await login(server.url, 'medic', env.GH_PASSWORD);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const id = uuidv7();
    const now = new Date().toISOString();
    const post = async (path: string, body: object) => {
      const r = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      assert.ok(r.status < 300, `${path}: ${r.status} ${await r.text()}`);
    };
    const nineLine = { location: { lat: 48.6, lon: 38.0 }, callSign: 'SOKIL 21', frequency: '38.90', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 }, security: 'E', marking: 'C' };
    // Issue 14: TAK_UNITS=1-coy — a casualty of another unit never reaches TAK.
    const other = uuidv7();
    await post('/api/casualties', { id: other, injuredAt: now, unitId: '2-coy', position: { lat: 48.6, lon: 38.0 } });
    await post(`/api/casualties/${other}/events`, { events: [{ type: 'evac.requested', at: now, payload: { nineLine } }] });
    await post('/api/casualties', { id, injuredAt: now, unitId: '1-coy', position: { lat: 48.6, lon: 38.0 } });
    await post(`/api/casualties/${id}/events`, { events: [{ type: 'evac.requested', at: now, payload: { nineLine } }] });
    const ours = () => received.filter((c) => c.uid() === `GH-CAS-${id}`);
    await until(() => ours().length >= 1);
    const marker = ours().at(-1)!;
    assert.ok(!received.some((c) => c.uid() === `GH-CAS-${other}`), 'the other unit\'s casualty is not shown');
    const a = marker.raw.event._attributes;
    assert.ok(Date.parse(a.stale) - Date.parse(a.time) <= 15 * 60_000, `stale within minutes, not ${a.stale}`);
    assert.equal(marker.raw.event._attributes.type, 'b-r-f-h-c');
    const medevac = MedevacDetail.parse((marker.raw.event.detail as Record<string, unknown>)['_medevac_'])._attributes;
    assert.equal(medevac['freq'], '38.90');
    assert.equal(medevac['urgent'], '1');
    assert.equal(medevac['security'], '2', 'line 6 E → ATAK index 2');
    assert.equal(medevac['hlz_marking'], '2', 'line 7 C (smoke) → ATAK index 2');

    // Closing the request deletes the marker in TAK.
    await post(`/api/casualties/${id}/events`, { events: [{ type: 'evac.cancelled', at: now, payload: {} }] });
    await until(() => ours().some((c) => c.raw.event._attributes.type === 't-x-d-d'));

    // A 9-line from ATAK becomes an evacuation request in Golden Hour.
    await peer!.send(new CoT(fixture('atak-9line-create.xml')));
    await until(async () => {
      const r = await fetch(`${server.url}/api/evacuations`, { headers });
      const { evacuations } = (await r.json()) as { evacuations: { nineLine: { frequency?: string; security?: string } }[] };
      return evacuations.some((e) => e.nineLine.frequency === '38.90' && e.nineLine.security === 'P');
    });
  } finally {
    await server.kill('SIGTERM');
    await (peer as TakStream | null)?.close();
    await new Promise((r) => takServer.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
});
