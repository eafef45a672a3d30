// A medic's casualty on the server and its hand-over code (SYNC-17) as the medic's phone makes it: the medic's session
// registers a signing key (`POST /api/device-keys`) and signs the casualty's log with it. For the tests of SYNC-22.
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import type { StoredEvent } from '../../src/core/index.ts';
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
    /** The code's text for this casualty: its events as given, signed; `clockMs` the signer's clock (none: left out). */
    const code = async (casualtyId: string, events: StoredEvent[], clockMs: number | null = Date.now()) =>
      toQrText(await packHandover({ casualtyId, signer: device, author: who.username, events, ...(clockMs === null ? {} : { clockMs }) }, keys.privateKey));
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
