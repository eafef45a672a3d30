// Devices' public signing keys (issue 17): a signed-in device registers its own key; every clinical caller reads them
// all with sync, so a phone verifies a hand-over code from another phone with no network.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DeviceKey } from '../../core/index.ts';
import { DeviceKeyRegister, ListedDeviceKey, MAX_DEVICE_KEYS_PER_USER, entityItem, entityList } from '../../core/api.ts';
import { seesAll } from '../../auth/policy.ts';
import type { AppContext } from '../context.ts';
import { conflict } from '../errors.ts';
import { parse } from '../validate.ts';

/** A browser id no key holds, minted here (as the app mints its own: `web-` and 12 hex digits). */
async function freshBrowserId(ctx: AppContext): Promise<string> {
  for (;;) {
    const id = `web-${randomBytes(6).toString('hex')}`;
    if (!(await ctx.store.getEntity('device-key', id))) return id;
  }
}

/**
 * The id a caller's key is stored under: its device id, or — when that id holds another user's key — the id minted for
 * this user in this browser before, or a fresh one. One key per (user, browser): its next key replaces it.
 */
async function keyId(ctx: AppContext, keys: readonly DeviceKey[], old: DeviceKey | null, deviceId: string, author: string, via: string | undefined): Promise<{ id: string; standsFor?: string }> {
  // A device's key is its own user's: another user cannot replace it (a phone that lost its key re-registers).
  if (!old || old.username === author) return { id: deviceId };
  // A browser's id is its own word, so whoever read it on an event may have signed in under it and registered a key
  // first (docs/security.md). Its genuine owner is not blocked: this server names its key with an id of its own,
  // registered to the caller in this request, so there is no moment for anyone to take it (the app signs its codes
  // with it from then on). An enrolled device's id is the server's: a key under it stays its user's.
  if (via !== 'session') throw conflict(`device ${deviceId} is registered to another user`);
  const mine = keys.find((k) => k.username === author && k.standsFor === deviceId);
  return { id: mine?.id ?? (await freshBrowserId(ctx)), standsFor: deviceId };
}

export function deviceKeyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/device-keys', { config: { access: 'sync:write', contract: { summary: "Register the calling device's hand-over signing key (one per user and device; at most 16 a user)", body: DeviceKeyRegister, responses: { 200: entityItem(DeviceKey), 201: entityItem(DeviceKey) } } } }, async (req, reply) => {
    const { publicKey } = parse(DeviceKeyRegister, req.body, [], 'invalid device key');
    const { deviceId, author } = ctx.caller(req);
    const keys = await ctx.store.listEntities('device-key');
    const old = keys.find((k) => k.id === deviceId) ?? null;
    // The same key sent again (a squatted browser's retry before it adopted its minted id): the key it has.
    const again = old && old.username !== author ? keys.find((k) => k.username === author && k.publicKey === publicKey) : undefined;
    if (again) return reply.status(200).send({ item: again });
    const { id, standsFor } = await keyId(ctx, keys, old, deviceId, author, req.principal?.via);
    const current = keys.find((k) => k.id === id);
    if (current?.publicKey === publicKey) return reply.status(200).send({ item: current });
    if (!current) {
      // Every clinical caller downloads every key: a user's count is bounded (a revoked device's key is not counted).
      const off = await ctx.signersOff?.();
      const held = keys.filter((k) => k.username === author && !off?.devices.has(k.id)).length;
      if (held >= MAX_DEVICE_KEYS_PER_USER)
        throw conflict(`${author} already holds ${MAX_DEVICE_KEYS_PER_USER} device keys, the most one user may: sign in on a phone or browser already used (an enrolled phone no longer used is freed when an administrator revokes it; a browser's key cannot be removed yet)`);
    }
    const item: DeviceKey = { id, username: author, publicKey, registeredAt: ctx.now(), ...(standsFor ? { standsFor } : {}) };
    // Chained with its writer in the key's own transaction: a hand-over code is verified by this key (SYNC-22).
    const w = ctx.entityWriter(req);
    await ctx.store.putEntity('device-key', item, w.audit);
    w.stored();
    return reply.status(201).send({ item });
  });

  app.get('/api/device-keys', { config: { access: 'sync:read', contract: { summary: 'Every device\'s public key, to verify hand-over codes offline', responses: { 200: entityList(ListedDeviceKey) } } } }, async (req) => {
    // A revoked device's or a disabled user's key is not handed out: phones then stop verifying its codes (SYNC-23).
    const off = await ctx.signersOff?.();
    const items = (await ctx.store.listEntities('device-key')).filter((k) => !off?.devices.has(k.id) && !off?.users.has(k.username));
    const p = req.principal ?? null;
    // Who uses which device names people of every unit: only for those who see all (auth off: the one local user).
    if (!p || seesAll(p)) return { items };
    return { items: items.map(({ username: _u, standsFor: _s, ...k }) => k) };
  });
}
