// Session 28, attacking what session 27 changed on the medic's card: a typed dose in the drug's unit by one of its
// routes, and several mechanisms of injury. What the server takes is the medication and mechanism schemas
// (src/core/events.ts), on every door — an append, a sync push, an amend of a stored record. Out-of-range, negative,
// zero, huge, non-finite and non-numeric doses, unknown units and routes, 10,000 mechanisms, unknown or repeated
// ones, and amends that carry any of these answer 4xx in the one error shape on both databases, and store nothing;
// so does an amend naming a field its target does not have (stored before, and shown as a change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { ago, handoverScene } from '../support/handover.ts';

const HUGE = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? 'artillery' : 'gunshot'));

for (const db of ['sqlite', 'postgres'] as const)
test(`odd doses, routes, units and mechanisms answer 4xx in one shape and store nothing (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { casualty } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const c = await casualty(medic, 'a-coy');
  const answers: { status: number; body: string; what: string }[] = [];
  /** `raw`: the body as sent (1e400 and __proto__ are not what JSON.stringify writes). */
  const post = async (url: string, raw: string, what: string) => {
    const r = await t.app.inject({ method: 'POST', url, headers: { ...medic.headers, 'content-type': 'application/json' }, payload: raw });
    answers.push({ status: r.statusCode, body: r.body, what });
    return r.statusCode;
  };
  const each = async (type: string, payload: string, what: string) => {
    const e = (id: string) => `{"id":"${id}","type":"${type}","at":"${ago(1)}","payload":${payload}}`;
    await post(`/api/casualties/${c.id}/events`, `{"events":[${e(uuidv7())}]}`, `append ${what}`);
    await post('/api/sync/push', `{"events":[${e(uuidv7()).replace('{', `{"casualtyId":"${c.id}","recordedAt":"${ago(1)}","author":"${medic.username}","deviceId":"web-1","`.slice(0, -1))}]}`, `push ${what}`);
  };
  const med = (o: Record<string, string>) => `{${Object.entries({ name: '"ketamine"', dose: '50', unit: '"mg"', route: '"IV"', ...o }).map(([k, v]) => `"${k}":${v}`).join(',')}}`;

  const doses = ['0', '-0', '-1', '-1e-300', '1e400', '-1e400', '100001', '1.7976931348623157e308', '"50"', 'true', 'null', '[]', '{}', '"NaN"', '"Infinity"', '1e-400'];
  for (const dose of doses) await each('medication', med({ dose }), `dose ${dose}`);
  for (const route of ['"XX"', '"iv"', '""', '" IV"', 'null', '42', '["IV"]', '"IV\\u0000"', '"\\ud800"', `"${'I'.repeat(5000)}"`, '"__proto__"', '"constructor"'])
    await each('medication', med({ route }), `route ${route.slice(0, 20)}`);
  for (const unit of ['"kg"', '"mg/kg"', '"MG"', 'null', '""']) await each('medication', med({ unit }), `unit ${unit}`);
  for (const name of ['""', '" "', `"${'k'.repeat(81)}"`, '"\\u0000"', 'null']) await each('medication', med({ name }), `name ${name.slice(0, 20)}`);
  await each('medication', med({ class: '"opioid-ish"' }), 'class');
  await each('medication', `{"__proto__":{"dose":-1},"name":"x","dose":-1,"unit":"mg","route":"IV"}`, 'proto');
  for (const mechanisms of [JSON.stringify(HUGE), '[]', '["gunshot","gunshot","gunshot","gunshot","gunshot","gunshot","gunshot","gunshot","gunshot"]', '["meteor"]', '"blast"', 'null', '[null]', '[["artillery"]]'])
    await each('mechanism', `{"mechanisms":${mechanisms}}`, `mechanisms ${mechanisms.slice(0, 20)}`);
  await each('treatment', '{"group":"C","kind":"crystalloid","route":"XX"}', 'treatment route');
  await each('treatment', '{"group":"C","kind":"crystalloid","volumeMl":-5}', 'treatment volume');

  // Amends of a stored medication and mechanism, carrying the same.
  const given = { id: uuidv7(), type: 'medication', at: ago(5), payload: { name: 'ketamine', dose: 50, unit: 'mg', route: 'IV' } };
  const hurt = { id: uuidv7(), type: 'mechanism', at: ago(5), payload: { mechanisms: ['artillery', 'gunshot'] } };
  const rec = await post(`/api/casualties/${c.id}/events`, JSON.stringify({ events: [given, hurt] }), 'the records');
  assert.equal(rec, 200, answers.at(-1)?.body);
  const amend = (target: string, changes: string) => each('amend', `{"target":"${target}","changes":${changes},"reason":"typo"}`, `amend ${changes.slice(0, 30)}`);
  for (const changes of ['{"dose":-1}', '{"dose":1e400}', '{"dose":"5"}', '{"route":"XX"}', '{"unit":"kg"}', '{"name":""}', '{"__proto__":{"dose":-1}}', '{"constructor":{"prototype":{"x":1}}}', JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])))])
    await amend(given.id, changes);
  // Keys its target has no field for were stored (200) and shown in the card's timeline as changes, though the fold
  // drops them: a medic could write "amputation: left leg" under a ketamine dose. Refused now.
  const spoof = await t.app.inject({ method: 'POST', url: `/api/casualties/${c.id}/events`, headers: medic.headers, payload: { events: [{ id: uuidv7(), type: 'amend', at: ago(0), payload: { target: given.id, changes: { amputation: 'left leg' }, reason: 'typo' } }] } });
  assert.deepEqual([spoof.statusCode, (spoof.json() as { error: { message: string } }).error.message], [400, 'invalid event batch: events.0.payload.changes.amputation: not a field of a medication event']);
  for (const changes of [`{"mechanisms":${JSON.stringify(HUGE)}}`, '{"mechanisms":[]}', '{"mechanisms":["meteor"]}', '{"mechanisms":null}'])
    await amend(hurt.id, changes);
  // A batch of 10,000 mechanism events: over the batch's 1,000.
  const many = Array.from({ length: 10_000 }, () => ({ id: uuidv7(), type: 'mechanism', at: ago(1), payload: { mechanisms: ['artillery'] } }));
  await post(`/api/casualties/${c.id}/events`, JSON.stringify({ events: many }), '10,000 events');

  const refused = answers.filter((a) => a.what !== 'the records');
  const wrong = refused.filter((a) => {
    const body = JSON.parse(a.body) as { error?: { message?: unknown } };
    return a.status < 400 || a.status >= 500 || typeof body.error?.message !== 'string';
  });
  assert.deepEqual(wrong.map((a) => `${a.what}: ${a.status} ${a.body.slice(0, 200)}`), []);
  assert.ok(refused.length >= 120, `${refused.length} requests`);
  assert.equal((await t.store.eventsOf(c.id)).length, c.log.length + 2, 'only the two records');
});
