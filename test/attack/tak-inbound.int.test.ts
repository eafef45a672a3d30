// What a TAK network sends (session 26's attack review; each test failed on main). A TAK network reaches far more
// people than our roles (docs/security.md), and a position report (PLI) moves the vehicle whose `takUid` it names:
// - a PLI stamped in the future (medium): applied, and since an older report never overwrites a newer one, every
//   genuine report after it was ignored — one message froze an ambulance, on the planner's map, wherever the sender
//   put it, until its clock passed the forged time (2099 in the test). A report more than 10 minutes ahead of this
//   server's clock is now ignored (SQLite and PostgreSQL);
// - the move was chained on the `entities` audit with no writer (`unknown`, `append`): now as `tak`, naming the uid;
// - CPU (low): node-cot parses a message of up to 1 MiB into a tree on the server's one thread, about 2.4 s for a
//   megabyte of empty elements (load 2.5) where the same bytes of text take 43 ms; a TAK peer streaming them stalls
//   every API request. A message of more than 4,096 tags (a 9-line or a PLI has a few dozen) is now refused by its
//   framing before it is parsed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoT } from '../../src/interop/cot/node-cot.ts';
import { TakBridge } from '../../src/interop/tak/index.ts';
import { StreamDecoder, parseMesh } from '../../src/interop/tak/framing.ts';
import { openSqliteStore } from '../../src/storage/sqlite.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import type { Store } from '../../src/storage/port.ts';
import { startPostgres } from '../support/postgres.ts';

const NOW = '2026-03-01T10:45:00.000Z';
const FIXTURE = readFileSync(new URL('../../src/interop/cot/fixtures/atak-pli.xml', import.meta.url), 'utf8');
/** ATAK's position report of amb-1, sent at `time`, at this place. */
const pli = (time: string, lat: number, lon: number): CoT =>
  new CoT(FIXTURE.replaceAll('2026-03-01T10:40:00.000Z', time).replace('2026-03-01T10:46:00.000Z', new Date(Date.parse(time) + 360_000).toISOString()).replace('lat="48.5712" lon="37.9005"', `lat="${lat}" lon="${lon}"`));

async function storeOn(db: 'sqlite' | 'postgres'): Promise<Store> {
  if (db === 'postgres') {
    const pg = await startPostgres({ fsyncOff: true });
    const store = await openPostgresStore({ url: pg.url });
    after(async () => (await store.close(), await pg.stop()));
    return store;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gh-tak-in-'));
  const store = await openSqliteStore({ dataDir: dir });
  after(async () => (await store.close(), rmSync(dir, { recursive: true, force: true })));
  return store;
}

for (const db of ['sqlite', 'postgres'] as const)
  test(`a TAK position report from the future does not freeze a vehicle, and a move is chained as TAK's (${db})`, async () => {
    const store = await storeOn(db);
    await store.migrate();
    await store.putEntity('vehicle', { id: 'amb-1', kind: 'ambulance', litter: 2, seated: 2, medic: true, status: 'available', takUid: 'ANDROID-amb1-b7e5', position: { lat: 48.6, lon: 37.8 }, updatedAt: '2026-03-01T10:00:00.000Z' });
    const bridge = new TakBridge({ store, now: () => NOW });
    const forged = await bridge.receive(pli('2099-01-01T00:00:00.000Z', 48.1, 37.1));
    const genuine = await bridge.receive(pli('2026-03-01T10:44:30.000Z', 48.5712, 37.9005));
    const v = await store.getEntity('vehicle', 'amb-1');
    assert.deepEqual([forged.kind, genuine.kind, v?.position, v?.updatedAt], ['ignored', 'pli', { lat: 48.5712, lon: 37.9005 }, '2026-03-01T10:44:30.000Z']);
    // A report a few minutes ahead (a phone's clock) still counts.
    assert.equal((await bridge.receive(pli('2026-03-01T10:50:00.000Z', 48.57, 37.9))).kind, 'pli');
    // A vehicle frozen before this was refused is freed by its next genuine report.
    await store.putEntity('vehicle', { ...v!, updatedAt: '2099-01-01T00:00:00.000Z' });
    assert.equal((await bridge.receive(pli('2026-03-01T10:46:00.000Z', 48.58, 37.91))).kind, 'pli');
    const [last] = await store.sql.all<{ actor: string; action: string; detail: string | object; items: string }>("SELECT actor, action, detail, items FROM fact_audit WHERE stream = 'entities' ORDER BY seq DESC LIMIT 1");
    const detail = (typeof last?.detail === 'string' ? JSON.parse(last.detail) : last?.detail) as { uid?: string };
    assert.deepEqual([last?.actor, last?.action, detail.uid, (JSON.parse(last!.items) as string[][])[0]![0]], ['tak', 'tak pli', 'ANDROID-amb1-b7e5', 'vehicle/amb-1']);
  });

test('a TAK message of many elements is refused by its framing, unparsed; a 9-line and a PLI pass', () => {
  const flood = FIXTURE.replace('<status battery="81"/>', '<a/>'.repeat(5000));
  const bad: string[] = [];
  const out = new StreamDecoder((e) => bad.push(String(e))).push(Buffer.from(flood + FIXTURE));
  assert.equal(out.length, 1, 'the stream goes on after the refused message');
  assert.match(bad.join('\n'), /tags/);
  assert.throws(() => parseMesh(Buffer.from(flood)), /tags/);
  for (const f of ['atak-9line-create.xml', 'atak-pli.xml', 'meshtastic-9line.xml'])
    assert.equal(new StreamDecoder((e) => assert.fail(String(e))).push(readFileSync(new URL(`../../src/interop/cot/fixtures/${f}`, import.meta.url))).length, 1, f);
});

// A PLI under a vehicle's uid that would move it faster than its kind can go since its last position (session 27):
// anyone on the TAK network may send one, and it put an ambulance hundreds of kilometres away on the planner's map.
// Now ignored and counted per uid; a plausible move (a helicopter's 360 km/h) still counts, and a vehicle that was
// really far away is followed again once the time since its last report makes the distance possible.
for (const db of ['sqlite', 'postgres'] as const)
  test(`a TAK position report that moves a vehicle implausibly fast is ignored and counted (${db})`, async () => {
    const store = await storeOn(db);
    await store.migrate();
    await store.putEntity('vehicle', { id: 'amb-1', kind: 'ambulance', litter: 2, seated: 2, medic: true, status: 'available', takUid: 'ANDROID-amb1-b7e5', position: { lat: 48.6, lon: 37.8 }, updatedAt: '2026-03-01T10:00:00.000Z' });
    const bridge = new TakBridge({ store, now: () => NOW });
    const at = async () => (await store.getEntity('vehicle', 'amb-1'))?.position;
    assert.equal((await bridge.receive(pli('2026-03-01T10:44:00.000Z', 48.5712, 37.9005))).kind, 'pli');
    // 300 km in 30 s: not an ambulance's report.
    const spoof = await bridge.receive(pli('2026-03-01T10:44:30.000Z', 46.0, 36.0));
    assert.deepEqual([spoof.kind, spoof.implausible, await at()], ['ignored', 1, { lat: 48.5712, lon: 37.9005 }]);
    assert.match(spoof.issues.join(), /ANDROID-amb1-b7e5: \d+\.\d km in 30 s is faster than 160 km\/h \(1 so far\)/);
    // A server restarted (no report applied yet): judged from the stored position and time.
    const fresh = new TakBridge({ store, now: () => NOW });
    const again = await fresh.receive(pli('2026-03-01T10:44:40.000Z', 46.0, 36.0));
    assert.deepEqual([again.kind, again.implausible, await at()], ['ignored', 1, { lat: 48.5712, lon: 37.9005 }]);
    // The real ambulance goes on: 300 m in 20 s, then 20 km ten minutes later (120 km/h).
    assert.equal((await bridge.receive(pli('2026-03-01T10:44:50.000Z', 48.574, 37.9005))).kind, 'pli');
    assert.equal((await bridge.receive(pli('2026-03-01T10:54:50.000Z', 48.754, 37.9005))).kind, 'pli');
    assert.deepEqual(await at(), { lat: 48.754, lon: 37.9005 });
    assert.equal(bridge.implausible.get('ANDROID-amb1-b7e5'), 1);
    // A helicopter's 3 km in 30 s (360 km/h) is its own; an ambulance's is not.
    await store.putEntity('vehicle', { id: 'heli-1', kind: 'helicopter', litter: 2, seated: 2, medic: true, status: 'available', takUid: 'HELI-1', position: { lat: 48.6, lon: 37.8 }, updatedAt: '2026-03-01T10:44:00.000Z' });
    const heli = (time: string, lat: number) => new CoT(FIXTURE.replaceAll('ANDROID-amb1-b7e5', 'HELI-1').replaceAll('2026-03-01T10:40:00.000Z', time).replace('lat="48.5712" lon="37.9005"', `lat="${lat}" lon="37.8"`));
    assert.equal((await bridge.receive(heli('2026-03-01T10:44:30.000Z', 48.627))).kind, 'pli');
  });
