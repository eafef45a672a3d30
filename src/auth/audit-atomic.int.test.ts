// Audit after the write (attack probe of session 16, fixed in session 17): entity writes (units, facilities, vehicles,
// threat zones) were stored first and audited afterwards in onSend, user edits stored and then audited by a separate
// append. When the audit could not be written, the caller got 500 but the change stood with no audit entry: a
// facility's beds zeroed, a threat zone laid over a route, a medic moved to another unit, by nobody on record. Now
// each is audited in the same transaction as its write, as the casualty log is: an entity write on the store's
// `entities` chain (store contract, both databases), a user edit on the trust database's chain. The audit is made to
// fail for real: its chain's head row is removed, so its writes fail in the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../../test/support/auth.ts';

for (const db of ['sqlite', 'postgres'] as const)
test(`an entity write or user edit whose audit entry cannot be stored is not made, and one that can is audited with it (${db})`, async () => {
  const t = await authTestAppOn(db);
  const admin = await createUserAndLogin(t, 'admin');
  const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['a-coy'] });
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/facilities', headers: admin.headers, payload: { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.5, lon: 37.7 }, beds: 10, surgicalTables: 2 } })).statusCode, 201);
  const store = t.app.ctx.store.sql;
  const [head] = await store.all<{ seq: number; hash: string; legacy_through: number }>("SELECT seq, hash, legacy_through FROM fact_audit_head WHERE stream = 'entities'");
  assert.ok(head && Number(head.seq) >= 1, 'the facility\'s creation is on the entities chain');
  await store.run("DELETE FROM fact_audit_head WHERE stream = 'entities'");
  const answers: string[] = [];
  const tries: [string, string, { authorization: string }, object][] = [
    ['PATCH', '/api/facilities/r2', dispatcher.headers, { bedsAvailable: 0, intake: 'closed' }],
    ['POST', '/api/threat-zones', dispatcher.headers, { id: 'tz-1', name: 'artillery', polygon: [{ lat: 48, lon: 37 }, { lat: 48.1, lon: 37 }, { lat: 48.1, lon: 37.1 }] }],
  ];
  for (const [method, url, headers, payload] of tries) {
    const r = await t.app.inject({ method: method as 'POST', url, headers, payload });
    answers.push(`${method} ${url} -> ${r.statusCode}`);
  }
  // The user edit's chain is the trust database's access audit.
  await t.trust.audit.drain();
  const [trustHead] = await t.trust.sql.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  await t.trust.sql.query('DELETE FROM audit_head WHERE id = 1');
  const u = await t.app.inject({ method: 'PATCH', url: `/api/users/${medic.username}`, headers: admin.headers, payload: { units: ['b-coy'] } });
  answers.push(`PATCH /api/users -> ${u.statusCode}`);
  await t.trust.sql.query('INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)', [trustHead!.seq, trustHead!.hash]);
  await store.run('INSERT INTO fact_audit_head (stream, seq, hash, legacy_through) VALUES (?, ?, ?, ?)', ['entities', Number(head.seq), head.hash, Number(head.legacy_through)]);
  const got = await t.app.inject({ method: 'GET', url: '/api/facilities/r2', headers: admin.headers });
  assert.equal(got.statusCode, 200, got.body);
  const fac = got.json() as { item: { intake: string } };
  const zone = await t.app.inject({ method: 'GET', url: '/api/threat-zones/tz-1', headers: admin.headers });
  const user = await t.trust.auth.user(medic.username);
  const made = [
    ...(fac.item.intake === 'closed' ? ['facility closed'] : []),
    ...(zone.statusCode === 200 ? ['threat zone stored'] : []),
    ...(user?.units[0] === 'b-coy' ? ['medic moved to b-coy'] : []),
  ];
  assert.deepEqual(made, [], `made with no audit entry (answers: ${answers.join('; ')})`);
  assert.ok(answers.every((a) => / -> 5\d\d$/.test(a)), answers.join('; '));

  // With the chains whole again the same writes are made, each with its entry, and every chain verifies.
  const p = await t.app.inject({ method: 'PATCH', url: '/api/facilities/r2', headers: dispatcher.headers, payload: { bedsAvailable: 0 } });
  assert.equal(p.statusCode, 200, p.body);
  const last = (await store.all<{ actor: string; action: string; items: string }>("SELECT actor, action, items FROM fact_audit WHERE stream = 'entities' ORDER BY seq DESC LIMIT 1"))[0]!;
  assert.deepEqual([last.actor, last.action, (JSON.parse(last.items) as string[][])[0]![0]], [dispatcher.username, 'PATCH /api/facilities/:id', 'facility/r2']);
  const e = await t.app.inject({ method: 'PATCH', url: `/api/users/${medic.username}`, headers: admin.headers, payload: { units: ['b-coy'] } });
  assert.equal(e.statusCode, 200, e.body);
  const entry = (await t.trust.audit.entries(0, 10_000)).filter((x) => x.action === 'user.updated').at(-1);
  assert.deepEqual([entry?.actor, entry?.target, entry?.detail.units], [admin.username, medic.username, ['b-coy']]);
  const v = (await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: admin.headers })).json() as { ok: boolean; factStreams: { stream: string; ok: boolean }[] };
  assert.equal(v.ok, true, JSON.stringify(v));
  assert.ok(v.factStreams.some((s) => s.stream === 'entities' && s.ok));
});
