// One session adding device keys without end (session 49's attack review, medium, availability): a medic signed in
// under a browser id that holds another user's key was given a fresh id for every new key it sent (session 28's rule
// for a squatted browser), so 2,000 posts of random base64 stored 2,000 keys, and every clinical caller downloaded
// ~1 MB of keys with each sync. Now a user holds one key per browser or device — a squatted browser's minted id is
// kept for that browser, and its next key replaces the last — and at most MAX_DEVICE_KEYS_PER_USER keys of devices
// not revoked (409 beyond, saying so); a key sent again under an id the user holds still replaces it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MAX_DEVICE_KEYS_PER_USER } from '../../src/core/api.ts';
import { authTestAppOn, createUserAndLogin, TEST_PASSWORD } from '../support/auth.ts';

const key = () => randomBytes(90).toString('base64');
type Item = { id: string; username?: string; publicKey: string };

for (const db of ['sqlite', 'postgres'] as const)
  test(`a user holds one key per browser, and at most ${MAX_DEVICE_KEYS_PER_USER} (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const a = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
    const b = await createUserAndLogin(t, 'medic', { units: ['2-coy'] });
    const as = async (username: string, deviceId: string) => {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD, deviceId } });
      assert.equal(r.statusCode, 200, r.body);
      return { authorization: `Bearer ${(r.json() as { token: string }).token}` };
    };
    const register = (headers: object, publicKey = key()) => t.app.inject({ method: 'POST', url: '/api/device-keys', headers: headers as Record<string, string>, payload: { publicKey } });
    const keysOf = async (username: string) => {
      const r = await t.app.inject({ method: 'GET', url: '/api/device-keys', headers: admin.headers });
      return (r.json() as { items: Item[] }).items.filter((k) => k.username === username);
    };

    const squatted = 'web-aaaaaaaaaaaa';
    assert.equal((await register(await as(a.username, squatted))).statusCode, 201);
    // b signs in under a's browser id: its first key gets a minted id, and each new key replaces that one.
    const hb = await as(b.username, squatted);
    const first = await register(hb);
    assert.equal(first.statusCode, 201, first.body);
    const minted = (first.json() as { item: Item }).item.id;
    assert.notEqual(minted, squatted);
    for (let i = 0; i < 20; i++) {
      const k = key();
      const r = await register(hb, k);
      assert.ok(r.statusCode === 201 || r.statusCode === 200, r.body);
      assert.equal((r.json() as { item: Item }).item.id, minted, 'one key for this user in this browser');
      assert.deepEqual((await keysOf(b.username)).map((x) => [x.id, x.publicKey]), [[minted, k]]);
    }
    // New browser ids up to the limit; one more is refused, saying why, nothing stored.
    for (let i = 1; i < MAX_DEVICE_KEYS_PER_USER; i++)
      assert.equal((await register(await as(b.username, `web-${String(i).padStart(12, '0')}`))).statusCode, 201);
    const over = await register(await as(b.username, 'web-ffffffffffff'));
    assert.equal(over.statusCode, 409, over.body);
    assert.match((over.json() as { error: { message: string } }).error.message, new RegExp(`already holds ${MAX_DEVICE_KEYS_PER_USER} device keys, the most one user may`));
    assert.equal((await keysOf(b.username)).length, MAX_DEVICE_KEYS_PER_USER);
    // At the limit, a browser it holds a key for still replaces its key (a phone that lost its key re-registers).
    const again = await register(await as(b.username, 'web-000000000001'));
    assert.equal(again.statusCode, 201, again.body);
    assert.equal((await keysOf(b.username)).length, MAX_DEVICE_KEYS_PER_USER);
    // a's key is untouched, and another user is not limited by b's keys.
    assert.equal((await keysOf(a.username)).length, 1);
    assert.equal((await register(await as(a.username, 'web-bbbbbbbbbbbb'))).statusCode, 201);
  });
