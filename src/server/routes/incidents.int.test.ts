// Mass-casualty incidents through the API (issue 15), with authentication on: the incident's own log goes through
// the casualty log's door (validated, authorised in row scope, audited), two medics' triage of the same tagged
// person converges on one casualty with a visible conflict, and the dispatcher reads one incident, its counts and
// its one 9-line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newTagKey, tagCasualtyId, uuidv7 } from '../../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../../test/support/auth.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const place = { lat: 48.51, lon: 37.92 };

test('SYNC-18 SYNC-19 incident: declared through the door, triaged by two medics, seen as one incident with its counts and one 9-line', async () => {
  const now = new Date().toISOString();
  // The server's clock: the wall's, but an hour on while the analyst reads (whose counts are as of the hour's start).
  let clock: string | null = null;
  const t = await authTestApp({ now: () => clock ?? new Date().toISOString() });
  try {
    const m1 = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
    const m2 = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
    const other = await createUserAndLogin(t, 'medic', { units: ['2-coy'] });
    const disp = await createUserAndLogin(t, 'dispatcher');
    const inc = uuidv7();
    const tagKey = newTagKey();
    const req = async (method: 'GET' | 'POST', url: string, who: { headers: Json }, payload?: object) => {
      const r = await t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
      return { status: r.statusCode, body: r.json() as Json };
    };

    // Updating an incident nobody declared is refused; declaring it opens its log.
    assert.equal((await req('POST', `/api/incidents/${inc}/events`, m1, { events: [{ type: 'incident.updated', at: now, payload: { commander: 'Sokil' } }] })).status, 404);
    const d = await req('POST', `/api/incidents/${inc}/events`, m1, { events: [{ type: 'incident.declared', at: now, payload: { kind: 'strike', position: place, radiusM: 250, unitId: '1-coy', name: 'School 12', tagKey } }] });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(d.body.incident.status, 'open');
    // A medic of another unit may not write to it (row scope like a casualty's): to it the incident does not exist.
    assert.equal((await req('POST', `/api/incidents/${inc}/events`, other, { events: [{ type: 'incident.updated', at: now, payload: { hazards: ['x'] } }] })).status, 404);
    // An incident's log holds only incident events; a stream id is a casualty or an incident, never both.
    assert.equal((await req('POST', `/api/incidents/${inc}/events`, m1, { events: [{ type: 'note', at: now, payload: { text: 'x' } }] })).status, 400);
    assert.equal((await req('POST', `/api/casualties/${inc}/events`, m1, { events: [{ type: 'registered', at: now, payload: { injuredAt: now } }] })).status, 409);

    // Each medic triages from their phone (sync push): the same tag on both phones is one casualty.
    const triaged = (who: string, tag: string | null, category: string) => {
      const id = tag ? tagCasualtyId({ id: inc, tagKey }, tag) : uuidv7();
      return [
        { id: uuidv7(), casualtyId: id, type: 'registered', at: now, author: who, deviceId: `phone-${who}`, recordedAt: now, payload: { injuredAt: now, position: place, unitId: '1-coy' } },
        { id: uuidv7(), casualtyId: id, type: 'incident.linked', at: now, author: who, deviceId: `phone-${who}`, recordedAt: now, payload: { incidentId: inc, ...(tag ? { tag } : {}) } },
        { id: uuidv7(), casualtyId: id, type: 'triage', at: now, author: who, deviceId: `phone-${who}`, recordedAt: now, payload: { triage: { system: 'SALT', category } } },
      ];
    };
    const phone1 = [...triaged(m1.username, 'A1', 'immediate'), ...triaged(m1.username, 'A2', 'minimal'), ...triaged(m1.username, null, 'dead'), ...triaged(m1.username, null, 'delayed')];
    const phone2 = [...triaged(m2.username, 'a 1', 'delayed'), ...triaged(m2.username, 'A2', 'minimal'), ...triaged(m2.username, null, 'expectant')];
    for (const [who, events] of [[m1, phone1], [m2, phone2]] as const) {
      const r = await req('POST', '/api/sync/push', who, { events });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    // A re-sent batch is a no-op (a phone that lost the answer).
    assert.equal((await req('POST', '/api/sync/push', m2, { events: phone2 })).body.accepted, 0);

    const list = await req('GET', '/api/incidents', disp);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body.incidents.length, 1, 'one incident, not seven requests');
    const p = list.body.incidents[0];
    assert.equal(p.counts.casualties, 5, 'two tags on two phones are two casualties, not four');
    assert.equal(p.counts.conflicts, 1, 'A1: immediate on one phone, delayed on the other');
    assert.equal(p.counts.killedAtScene, 0, 'no outcome recorded for the dead one yet');
    assert.equal(p.counts.triagedDeadNoOutcome, 1);
    assert.deepEqual(p.counts.woundedByCategory, { immediate: 1, delayed: 1, minimal: 1, expectant: 1, untriaged: 0 });
    assert.deepEqual(p.nineLine.patientsByPrecedence, { A: 1, B: 0, C: 1, D: 2, E: 0 });
    assert.deepEqual(p.nineLine.patientsByType, { L: 3, A: 1 });
    assert.equal(p.onSite.length, 4);

    const one = await req('GET', `/api/incidents/${inc}`, disp);
    assert.equal(one.status, 200);
    const a1 = one.body.casualties.find((c: Json) => c.id === tagCasualtyId({ id: inc, tagKey }, 'A1'));
    assert.ok(a1.state.triage.conflict, 'the conflict is visible on the casualty');
    assert.equal(a1.state.incident.tag, 'A1');
    assert.ok(one.body.picture.timeline.length >= 5);

    // The medic of another unit sees neither the incident nor its casualties; the second medic pulls its log.
    assert.equal((await req('GET', '/api/incidents', other)).body.incidents.length, 0);
    assert.equal((await req('GET', `/api/incidents/${inc}`, other)).status, 404);
    const pulled = await req('GET', '/api/sync/pull?after=0', m2);
    assert.ok(pulled.body.events.some((e: Json) => e.casualtyId === inc && e.type === 'incident.declared'), 'SYNC-18: the incident log is pulled in scope');
    assert.ok(!(await req('GET', '/api/sync/pull?after=0', other)).body.events.some((e: Json) => e.casualtyId === inc));

    // Accounting: the incident record's counts, and a claim about it linked by the incident compares with them.
    const analyst = await createUserAndLogin(t, 'analyst');
    clock = new Date(Date.now() + 3_600_000).toISOString();
    const rec = await req('GET', `/api/incidents/${inc}/recorded`, analyst);
    clock = null;
    assert.equal(rec.status, 200, JSON.stringify(rec.body));
    // De-identified for an analyst (attack review: exact small counts were sent): counts under 5 as "<5".
    const small = (n: number) => (n > 0 && n < 5 ? '<5' : n);
    assert.deepEqual(rec.body.counts, { ...Object.fromEntries(Object.entries(p.counts).filter(([k]) => k !== 'woundedByCategory').map(([k, v]) => [k, small(v as number)])),
      woundedByCategory: Object.fromEntries(Object.entries(p.counts.woundedByCategory as Record<string, number>).map(([k, v]) => [k, small(v)])) });
    assert.equal((rec.body as Json).counts.casualties, 5);
    assert.equal((rec.body as Json).counts.triagedDeadNoOutcome, '<5');
    // The analyst reads the incident's place by 0.01° cell, whole kilometres and whole days (was: 250 m to the metre).
    assert.equal(rec.body.window.radiusM % 1000, 0);
    assert.equal(rec.body.window.lat, Number(place.lat.toFixed(2)));
    assert.match(rec.body.window.from, /T00:00:00\.000Z$/);
    // A commander of another unit: the incident does not exist for them here either (was: its name, place and counts).
    const otherDisp = await createUserAndLogin(t, 'commander', { units: ['zz-other'] });
    const theirs = await req('GET', `/api/incidents/${inc}/recorded`, otherDisp);
    assert.equal(theirs.status, 404, JSON.stringify(theirs.body));
    assert.equal((await req('GET', `/api/incidents/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}/recorded`, otherDisp)).status, 404);
    assert.equal((await req('GET', `/api/incidents/${inc}/recorded`, m1)).status, 403, 'a medic reads no accounting');
    const admin = await createUserAndLogin(t, 'admin');
    const editor = await createUserAndLogin(t, 'editor');
    const claim = await req('POST', '/api/claims', editor, {
      claimant: 'a channel', claimantSide: 'third-party', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
      value: 7, valueKind: 'count', periodEnd: now.slice(0, 10), place: { name: 'School 12', ...place, radiusM: 250, precision: 'exact' }, summary: '7 killed in the school strike',
    });
    if (claim.status === 201) {
      // The editor sees no casualty but links by the incident record, as by a place: as of the start of today's UTC
      // day, so today's strike links none of its casualties yet (linking again and again would time them otherwise).
      const early = await req('POST', `/api/claims/${claim.body.claim.id}/links`, editor, { incidentId: inc, reason: 'the claim is about this strike' });
      assert.equal(early.status, 200, JSON.stringify(early.body));
      assert.deepEqual(early.body, { linked: 0, total: 0 });
      // An administrator, who sees the casualties, links the incident's five now.
      const link = await req('POST', `/api/claims/${claim.body.claim.id}/links`, admin, { incidentId: inc, reason: 'the claim is about this strike' });
      assert.equal(link.status, 200, JSON.stringify(link.body));
      assert.equal(link.body.linked, 5);
      const cmp = await req('GET', `/api/claims/${claim.body.claim.id}/recorded`, admin);
      assert.equal(cmp.status, 200, JSON.stringify(cmp.body));
      assert.equal(cmp.body.recorded.casualties, 5);
      assert.equal(cmp.body.recorded.killedInAction, p.counts.killedAtScene, 'accounting counts the same dead as the incident');
      assert.equal(cmp.body.recorded.stillOpen, p.counts.stillOpen + p.counts.triagedDeadNoOutcome, 'a death not yet recorded is still open for accounting');
    } else assert.fail(`claim not created: ${JSON.stringify(claim.body)}`);

    // Cleared: no longer in the open list.
    assert.equal((await req('POST', `/api/incidents/${inc}/events`, m2, { events: [{ type: 'incident.cleared', at: now, payload: {} }] })).status, 200);
    assert.equal((await req('GET', '/api/incidents', disp)).body.incidents.length, 0);
    assert.equal((await req('GET', '/api/incidents?status=cleared', disp)).body.incidents.length, 1);
    // Every write went through the door: its audit chain verifies.
    const v = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: (await createUserAndLogin(t, 'admin')).headers });
    assert.equal((v.json() as Json).casualtyLog?.ok ?? (v.json() as Json).ok, true, v.body);
  } finally {
    await t.close();
  }
});
