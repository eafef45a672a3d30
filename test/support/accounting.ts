// Casualties for the accounting tests that probe what those who see no casualty can learn (editor-locate,
// editor-live, claim-links-scope): recorded through the API by an administrator, at a chosen place and time.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from '../../src/core/index.ts';
import { createUserAndLogin } from './auth.ts';
import type { Trust } from '../../src/auth/trust.ts';

const DAY = 86_400_000;
/** Noon (UTC) two days ago, plus minutes: a time in a day that has ended (such callers are answered as of the day's start). */
export const pastNoon = (min = 0): string => new Date(Math.floor(Date.now() / DAY) * DAY - 1.5 * DAY + min * 60_000).toISOString();
/** One place to the metre. */
export const SPOT = { lat: 48.601234, lon: 38.004321 };

type Admin = { headers: { authorization: string } };

/** Register a casualty of `a-coy` injured at `injuredAt` at `position`; its id. */
export async function recordCasualty(t: { app: FastifyInstance }, admin: Admin, injuredAt: string, position = SPOT): Promise<string> {
  const id = uuidv7();
  const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id, injuredAt, unitId: 'a-coy', position } });
  assert.equal(r.statusCode, 201, r.body);
  return id;
}

/** Record a casualty's outcome at `at`. */
export async function recordOutcome(t: { app: FastifyInstance }, admin: Admin, id: string, at: string, outcome: string): Promise<void> {
  const r = await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: admin.headers, payload: { events: [{ type: 'outcome', at, payload: { outcome } }] } });
  assert.equal(r.statusCode, 200, r.body);
}

/**
 * The probes' scene: one casualty of `a-coy` killed in action at `SPOT` on a day that has ended, recorded by an
 * administrator, and an editor (who sees no casualty) to ask about it.
 */
export async function killedAtSpot(t: { app: FastifyInstance; trust: Trust }): Promise<{ admin: Admin; editor: Admin; id: string }> {
  const admin = await createUserAndLogin(t, 'admin');
  const id = await recordCasualty(t, admin, pastNoon());
  await recordOutcome(t, admin, id, pastNoon(10), 'killed-in-action');
  return { admin, editor: await createUserAndLogin(t, 'editor'), id };
}
