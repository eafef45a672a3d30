// `node bench/mci.ts [casualties=100] [rounds=3]` (npm run bench:mci): the sync of a phone's rapid triage at a
// mass-casualty incident (issue 15) through the HTTP API over loopback, SQLite, authentication on — as the web
// outbox sends it: one POST /api/casualties/:id/events per casualty (registration, incident link with tag, one LSI,
// triage), after the incident's own declaration. Baseline measured in the same run: the same number of casualties
// with the same number of events but no incident (ratio = incident / baseline: what the incident costs the door).
// Also the dispatcher's read of the incident (GET /api/incidents and /:id) with that many casualties.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newTagKey, tagCasualtyId, uuidv7 } from '../src/core/index.ts';
import { openSqliteStore } from '../src/storage/sqlite.ts';
import { openTrust } from '../src/auth/trust.ts';
import { buildApp } from '../src/server/app.ts';

const N = Number(process.argv[2] ?? 100);
const ROUNDS = Number(process.argv[3] ?? 3);
const CATS = ['immediate', 'delayed', 'minimal', 'expectant', 'dead'] as const;

async function run(withIncident: boolean): Promise<{ syncMs: number; readMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-mci-'));
  const store = await openSqliteStore({ dataDir: dir });
  await store.migrate();
  const trust = await openTrust({ dataDir: dir });
  await trust.auth.addUser({ username: 'medic', password: 'bench password 1', role: 'medic', units: ['u1'] });
  await trust.auth.addUser({ username: 'disp', password: 'bench password 1', role: 'dispatcher', units: [] });
  const app = await buildApp({ store, auth: { trust, rateLimit: false }, webDist: join(dir, 'none') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const token = async (username: string) =>
    ((await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'bench password 1' }) })).json()) as { token: string }).token;
  const medic = { 'content-type': 'application/json', authorization: `Bearer ${await token('medic')}` };
  const post = async (url: string, events: object[]) => {
    const r = await fetch(`${base}${url}`, { method: 'POST', headers: medic, body: JSON.stringify({ events }) });
    if (r.status !== 200) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  };
  const now = new Date().toISOString();
  const place = { lat: 48.5, lon: 37.9 };
  const inc = uuidv7();
  const tagKey = newTagKey();
  // Everything is built first (the phone recorded it offline); only the sending is timed.
  const work = Array.from({ length: N }, (_, i) => {
    const tag = `T${i}`;
    const id = withIncident ? tagCasualtyId({ id: inc, tagKey }, tag) : uuidv7();
    const ev = (type: string, payload: object) => ({ id: uuidv7(), type, at: now, payload });
    return { id, events: [
      ev('registered', { injuredAt: now, position: place, unitId: 'u1' }),
      withIncident ? ev('incident.linked', { incidentId: inc, tag }) : ev('note', { text: `tag ${tag}` }),
      ev('tourniquet.applied', { limb: 'left-leg', tqType: 'CAT' }),
      ev('triage', { triage: { system: 'SALT', category: CATS[i % CATS.length] } }),
    ] };
  });
  const t0 = performance.now();
  if (withIncident) await post(`/api/incidents/${inc}/events`, [{ id: uuidv7(), type: 'incident.declared', at: now, payload: { kind: 'strike', position: place, unitId: 'u1', tagKey } }]);
  for (const c of work) await post(`/api/casualties/${c.id}/events`, c.events);
  const syncMs = performance.now() - t0;
  const disp = { authorization: `Bearer ${await token('disp')}` };
  const t1 = performance.now();
  const list = await fetch(`${base}/api/incidents`, { headers: disp });
  if (withIncident) {
    const one = (await (await fetch(`${base}/api/incidents/${inc}`, { headers: disp })).json()) as { picture: { counts: { casualties: number } } };
    if (one.picture.counts.casualties !== N) throw new Error(`incident has ${one.picture.counts.casualties} casualties, expected ${N}`);
  } else await fetch(`${base}/api/casualties?limit=1000`, { headers: disp });
  const readMs = performance.now() - t1;
  if (list.status !== 200) throw new Error(`list ${list.status}`);
  await app.close();
  await store.close();
  await trust.close();
  rmSync(dir, { recursive: true, force: true });
  return { syncMs, readMs };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const inc: { syncMs: number; readMs: number }[] = [];
const base: { syncMs: number; readMs: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  base.push(await run(false));
  inc.push(await run(true));
}
const s = median(inc.map((x) => x.syncMs));
const b = median(base.map((x) => x.syncMs));
console.log(`MCI sync of ${N} casualties (4 events each, one POST per casualty, loopback, SQLite, auth on), median of ${ROUNDS}:`);
console.log(`  incident: ${(s / 1000).toFixed(2)} s (${(s / N).toFixed(1)} ms per casualty)`);
console.log(`  baseline without incident: ${(b / 1000).toFixed(2)} s; ratio incident / baseline = ${(s / b).toFixed(2)}`);
console.log(`  dispatcher read: incident list + one incident ${median(inc.map((x) => x.readMs)).toFixed(0)} ms; baseline casualty list ${median(base.map((x) => x.readMs)).toFixed(0)} ms`);
