// A medic's casualty on the server and its hand-over code (SYNC-17) as the medic's phone makes it: the medic's session
// registers a signing key (`POST /api/device-keys`) and signs the casualty's log with it. For the tests of SYNC-22.
import assert from 'node:assert/strict';
import { parseEvent, uuidv7 } from '../../src/core/index.ts';
import type { CasualtyEvent, StoredEvent } from '../../src/core/index.ts';
import { exportPublicKey, newDeviceKeys, packHandover, toQrText } from '../../src/interop/handover/code.ts';
import type { AuthTestApp } from './auth.ts';

export const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
export type Who = { username: string; headers: { authorization: string } };
export type Answer = { status: number; body: Record<string, unknown> & { error?: { message: string } } };

export function handoverScene(t: AuthTestApp) {
  const send = async (who: Who, url: string, payload: object): Promise<Answer> => {
    const r = await t.app.inject({ method: 'POST', url, headers: who.headers, payload });
    return { status: r.statusCode, body: JSON.parse(r.body) as Answer['body'] };
  };
  const get = async (who: Who, url: string): Promise<Answer> => {
    const r = await t.app.inject({ method: 'GET', url, headers: who.headers });
    return { status: r.statusCode, body: JSON.parse(r.body) as Answer['body'] };
  };
  /** This caller's device registers a signing key; answers a signer of codes. */
  const signer = async (who: Who) => {
    const keys = await newDeviceKeys();
    const r = await send(who, '/api/device-keys', { publicKey: await exportPublicKey(keys.publicKey) });
    assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
    const device = (r.body.item as { id: string }).id;
    /**
     * The code's text for this casualty: its events as given, signed; `clockMs` the signer's clock (none: left out);
     * `claims` another author or signing device written into the body (a forgery: the key stays this device's), or
     * the facility the code is for (SYNC-24).
     */
    const code = async (casualtyId: string, events: StoredEvent[], clockMs: number | null = Date.now(), claims: { author?: string; signer?: string; facility?: string } = {}) =>
      toQrText(await packHandover({ casualtyId, signer: claims.signer ?? device, author: claims.author ?? who.username, events, ...(clockMs === null ? {} : { clockMs }), ...(claims.facility ? { facility: claims.facility } : {}) }, keys.privateKey));
    return { device, code };
  };
  /** A casualty of `unitId` registered by `medic`, with a note: its id and log. */
  const casualty = async (medic: Who, unitId: string) => {
    const id = uuidv7();
    assert.equal((await send(medic, '/api/casualties', { id, injuredAt: ago(20), unitId })).status, 201);
    assert.equal((await send(medic, `/api/casualties/${id}/events`, { events: [{ id: uuidv7(), type: 'note', at: ago(10), payload: { text: 'tq 10:02' } }] })).status, 200);
    return { id, log: await t.store.eventsOf(id) };
  };
  /** The desk's arrival at `facilityId`, with the code's text as its proof when given. */
  const arrival = (facilityId: string, handover?: string) => ({ id: uuidv7(), type: 'arrival', at: ago(1), payload: { facilityId, ...(handover ? { handover } : {}) } });
  return { send, get, signer, casualty, arrival };
}

/** A casualty recorded on the medic's phone only (never sent): registration, tourniquet, note. */
export function offlineCasualty(medic: Who, device: string, unitId = 'a-coy'): { id: string; log: StoredEvent[] } {
  const id = uuidv7();
  const raw = [
    { type: 'registered', at: ago(20), payload: { injuredAt: ago(20), unitId } },
    { type: 'tourniquet.applied', at: ago(15), payload: { limb: 'left-leg', tqType: 'CAT' } },
    { type: 'note', at: ago(10), payload: { text: 'tq high and tight' } },
  ];
  const log = raw.map((e) => {
    const r = parseEvent({ ...e, id: uuidv7(), casualtyId: id, recordedAt: e.at, deviceId: device, author: medic.username });
    assert.ok(r.success, JSON.stringify(r.error?.issues));
    return r.data;
  });
  return { id, log: log as StoredEvent[] };
}

/** The desk's copy of received events, as the web app keeps it: the sender's times, read off the sender's clock. */
export const copiesOf = (log: readonly CasualtyEvent[]) => log.map((e) => ({ id: e.id, type: e.type, at: e.at, payload: e.payload, clock: { deviceAt: e.at, offsetMs: 0, by: 'device' } }));
