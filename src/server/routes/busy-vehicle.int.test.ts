// A unit-scoped dispatcher sees a vehicle on another unit's job as busy — on the vehicle list, one vehicle's read, the
// stream and the plan — and learns nothing else of that job: not the casualty, its call sign, its place, its destination or when
// the vehicle is expected free (docs/security.md). Before, the list showed it "available" and the console offered it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../core/index.ts';
import { authTestAppOn, createUserAndLogin, okCaller } from '../../../test/support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

for (const db of ['sqlite', 'postgres'] as const)
  test(`a vehicle on another unit's job is busy for a scoped dispatcher and names nothing of that job (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const call = okCaller(t);
    await call(admin, 'POST', '/api/facilities', { id: 'r2-far', name: 'R2 Far', role: 'R2', position: { lat: 48.527, lon: 37.707 }, beds: 10, surgicalTables: 2 });
    for (const id of ['amb-1', 'amb-2'])
      await call(admin, 'POST', '/api/vehicles', { id, kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 45, baseFacilityId: 'r2-far', position: { lat: 48.586, lon: 37.835 } });
    const place = { lat: 48.6123, lon: 37.9876 };
    const theirs = uuidv7();
    const ours = uuidv7();
    for (const [id, unitId, callSign] of [[theirs, 'bde-7', 'ALIENSIGN'], [ours, 'bde-3', 'OWNSIGN']] as const) {
      await call(admin, 'POST', '/api/casualties', { id, injuredAt: ago(30), unitId, position: place });
      await call(admin, 'POST', `/api/casualties/${id}/events`, { events: [
        { type: 'triage', at: ago(20), payload: { triage: { system: 'NATO', category: 'T1' } } },
        { type: 'precedence', at: ago(20), payload: { precedence: 'urgent' } },
        { type: 'evac.requested', at: ago(20), payload: { nineLine: { location: place, callSign, patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
      ] });
    }
    // The admin sends amb-1 to bde-7's casualty, to R2 Far.
    await call(admin, 'POST', `/api/casualties/${theirs}/events`, { events: [{ type: 'evac.assigned', at: ago(5), payload: { vehicleId: 'amb-1', facilityId: 'r2-far' } }] });
    const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['bde-3'] });

    const list = await call(dispatcher, 'GET', '/api/vehicles');
    const items = (JSON.parse(list) as { items: Record<string, unknown>[] }).items;
    const amb1 = items.find((v) => v.id === 'amb-1')!;
    assert.equal(amb1.busyElsewhere, true, `amb-1 is busy on another unit's job: ${list}`);
    assert.equal(items.find((v) => v.id === 'amb-2')!.busyElsewhere, undefined, 'amb-2 is free');
    assert.equal((JSON.parse(await call(dispatcher, 'GET', '/api/vehicles/amb-1')) as { item: { busyElsewhere?: true } }).item.busyElsewhere, true);
    // Attack: every byte the scoped dispatcher is given about the vehicles. Nothing names the other unit's casualty,
    // its call sign, its place (any digits of it), where the vehicle takes it, or a time it is expected free.
    const stored = (JSON.parse(await call(admin, 'GET', '/api/vehicles/amb-1')) as { item: Record<string, unknown> }).item;
    assert.deepEqual(Object.keys(amb1).sort(), [...Object.keys(stored), 'busyElsewhere'].sort(), 'only the flag is added');
    assert.deepEqual({ ...amb1, busyElsewhere: undefined }, { ...stored, busyElsewhere: undefined }, 'the stored vehicle as it is');
    for (const secret of [theirs, 'ALIENSIGN', 'bde-7', '48.6123', '37.9876', 'r2-far"', 'until', 'freeAt', 'Min"'])
      assert.ok(!list.replace(/"baseFacilityId":"r2-far"/g, '').includes(secret), `the scoped list says nothing of ${secret}: ${list}`);
    // A medic of bde-3 dispatches nothing: it learns nothing of other units' jobs either.
    const medic = await createUserAndLogin(t, 'medic', { units: ['bde-3'] });
    assert.ok(!(await call(medic, 'GET', '/api/vehicles')).includes('busyElsewhere'));
    // Those who see every casualty get the stored vehicles as before (their console sees the job itself).
    assert.ok(!(await call(admin, 'GET', '/api/vehicles')).includes('busyElsewhere'));

    // The scoped plan does not propose amb-1 as free: a line with it either adds ours to its leg (it carries on with
    // its job first, SIM-15) or says that it leaves someone (a diversion, SIM-14), naming no one.
    const plan = await call(dispatcher, 'GET', '/api/dispatch/plan');
    const lines = (JSON.parse(plan) as { plan: { casualtyId: string; vehicleId: string; divertFrom?: string[]; addsToLeg?: true }[] }).plan;
    assert.ok(lines.some((l) => l.casualtyId === ours), `our casualty is planned: ${plan}`);
    for (const l of lines.filter((x) => x.vehicleId === 'amb-1'))
      assert.ok(l.addsToLeg === true || JSON.stringify(l.divertFrom) === '["another casualty"]', `amb-1 only on its leg or as a diversion: ${plan}`);
    assert.ok(!plan.includes(theirs) && !plan.includes('ALIENSIGN'));

    // The scoped stream opens with every vehicle's entry and its mark; the job's end (a write it does not show)
    // sends amb-1's entry again, unmarked. Nothing on it names the other casualty.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const { ticket } = (await (await fetch(`${base}/api/stream/ticket`, { method: 'POST', headers: dispatcher.headers })).json()) as { ticket: string };
    const ac = new AbortController();
    const body = (await fetch(`${base}/api/stream?ticket=${ticket}`, { signal: ac.signal })).body!.getReader();
    let sse = '';
    const until = async (done: () => boolean) => {
      for (const end = Date.now() + 15_000; !done(); ) {
        assert.ok(Date.now() < end, `stream so far: ${sse}`);
        const r = await body.read();
        sse += new TextDecoder().decode(r.value);
      }
    };
    const entries = (id: string) => sse.split('\n\n').filter((m) => m.startsWith('event: entity') && m.includes(`"id":"${id}"`));
    await until(() => entries('amb-1').length > 0 && entries('amb-2').length > 0);
    assert.ok(entries('amb-1')[0]!.includes('"busyElsewhere":true') && !entries('amb-2')[0]!.includes('busyElsewhere'), sse);
    await call(admin, 'POST', `/api/casualties/${theirs}/events`, { events: [
      { type: 'pickup', at: ago(3), payload: { vehicleId: 'amb-1' } },
      { type: 'arrival', at: ago(1), payload: { facilityId: 'r2-far' } },
    ] });
    await until(() => entries('amb-1').length > 1);
    assert.ok(!entries('amb-1')[1]!.includes('busyElsewhere'), `amb-1 unmarked on the stream: ${sse}`);
    ac.abort();
    for (const secret of [theirs, 'ALIENSIGN', '48.6123']) assert.ok(!sse.includes(secret), `the stream says nothing of ${secret}`);
    const after = (JSON.parse(await call(dispatcher, 'GET', '/api/vehicles')) as { items: Record<string, unknown>[] }).items;
    assert.equal(after.find((v) => v.id === 'amb-1')!.busyElsewhere, undefined, 'free once the job ended');
  });
