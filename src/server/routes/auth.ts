// Sign-in, device enrolment, users and devices (administrators), audit verification, analyst statistics.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyCasualtyLog } from '../../audit/casualty-log.ts';
import { verifyFactStream } from '../../audit/fact-streams.ts';
import type { AppContext } from '../context.ts';
import { ApiError, badRequest, conflict, notFound } from '../errors.ts';
import { parse } from '../validate.ts';
import { AuthError, NO_ADMIN_LEFT } from '../../auth/service.ts';
import type { InTx } from '../../auth/service.ts';
import { HashingBusy } from '../../auth/crypto.ts';
import type { Trust } from '../../auth/trust.ts';
import { deidentifiedFromRows } from '../../auth/stats.ts';
import { deidentifyRecorded } from '../../accounting/deidentify.ts';
import { hourStart } from '../../accounting/snapshot.ts';
import { RateLimiter, addressKey } from '../../auth/hardening.ts';
import { passwordProblem } from '../../auth/password-policy.ts';

import {
  AuditVerifyAnswer, DeviceInfoSchema, Enrol, EnrolAnswer, EnrolmentAnswer, EntityParams as IdParam, Login, LoginAnswer, MeAnswer, NewDevice, NewUser,
  RevokedAnswer, StatsSchema, StreamTicketAnswer, UserInfoSchema, UsernameParams, UserPatch, entityItem, entityList,
} from '../../core/api.ts';

const wrap = async <T>(f: () => Promise<T>): Promise<T> => {
  try {
    return await f();
  } catch (e) {
    if (e instanceof AuthError) throw new ApiError(e.status, e.code, e.message);
    throw e;
  }
};

/** Route module factory: the trust services are not part of the shared context. */
export function authRoutes(trust: Trust, throttle = true) {
  // Password guessing is throttled per account and address: 10 tries, then one per 10 s. Wrong passwords sent by
  // someone else, from elsewhere, must not lock the account's owner out, so the account as a whole has a wider
  // ceiling against guessing spread over many addresses: 100 tries, then one per 10 s.
  const perAccountAddress = throttle ? new RateLimiter(10, 0.1) : null;
  const perAccount = throttle ? new RateLimiter(100, 0.1) : null;
  return (app: FastifyInstance, ctx: AppContext): void => {
    const audit = (req: FastifyRequest, action: string, actor: string, target: string | null, detail: Record<string, unknown> = {}) =>
      trust.audit.append([{ actor, deviceId: req.principal?.deviceId ?? null, action, target, detail: { ip: req.ip, ...detail } }]);
    /**
     * The same entry written in the change's own transaction (no entry, no change); the request's access entry then
     * need not repeat it, as for the casualty log's writes.
     */
    const inTx = (req: FastifyRequest, action: string, target: string | null, detail: Record<string, unknown> = {}) => async (t: Parameters<InTx>[0]) => {
      await trust.audit.appendIn(t, [{ actor: req.principal?.username ?? 'admin', deviceId: req.principal?.deviceId ?? null, action, target, detail: { ip: req.ip, ...detail } }]);
      req.writeAuditedInLog = true;
    };

    app.post('/api/auth/login', { config: { access: 'public', contract: { summary: 'Sign in: a session token', body: Login, responses: { 200: LoginAnswer } } } }, async (req, reply) => {
      const b = parse(Login, req.body, [], 'invalid login');
      const account = b.username.toLowerCase();
      const wait = perAccount && perAccountAddress ? Math.max(perAccountAddress.take(`${account}\n${addressKey(req.ip)}`), perAccount.take(account)) : 0;
      if (wait > 0) {
        await audit(req, 'auth.login.throttled', 'anonymous', b.username.slice(0, 64));
        reply.header('retry-after', String(wait));
        throw new ApiError(429, 'rate_limited', `too many sign-in attempts for this account: retry in ${wait} s`);
      }
      try {
        const r = await wrap(() => trust.auth.login(b.username, b.password, b.deviceId ?? null));
        await audit(req, 'auth.login', r.user.username, null);
        return { token: r.token, expiresAt: r.expiresAt, user: r.user };
      } catch (e) {
        // A sign-in refused because the server was busy hashing is not a wrong password.
        await audit(req, e instanceof HashingBusy ? 'auth.login.busy' : 'auth.login.failed', 'anonymous', b.username.slice(0, 64));
        throw e;
      }
    });

    app.post('/api/auth/enrol', { config: { access: 'public', contract: { summary: 'Enrol a device with a one-time code: a device token', body: Enrol, responses: { 200: EnrolAnswer } } } }, async (req) => {
      const b = parse(Enrol, req.body, [], 'invalid enrolment');
      try {
        const r = await wrap(() => trust.auth.enrol(b.code));
        await audit(req, 'device.enrolled', r.user.username, r.deviceId);
        return r;
      } catch (e) {
        await audit(req, 'device.enrol.failed', 'anonymous', null);
        throw e;
      }
    });

    app.post('/api/auth/logout', { config: { access: 'self', contract: { summary: 'End this session (a device credential: 409, it is ended by revoking the device)', responses: { 204: { media: 'none', description: 'signed out' } } } } }, async (req, reply: FastifyReply) => {
      // A 204 here told a phone it had signed out while its credential went on working (docs/security.md).
      if (req.principal?.via === 'device')
        throw conflict(`a device credential is ended only by revoking the device (an administrator: DELETE /api/devices/${req.principal.deviceId ?? ''}); logout ends a session`);
      const h = req.headers.authorization ?? '';
      await trust.auth.logout(h.slice(7));
      return reply.code(204).send();
    });

    const ticketContract = { summary: 'A single-use ticket (valid 30 s) to open the live stream with: GET /api/stream?ticket=…', responses: { 200: StreamTicketAnswer } };
    app.post('/api/stream/ticket', { config: { access: 'stream:read', contract: ticketContract } }, async (req) => ctx.streamTicket!(req));

    app.get('/api/auth/me', { config: { access: 'self', contract: { summary: 'Who the token belongs to', responses: { 200: MeAnswer } } } }, async (req) => MeAnswer.parse({ user: req.principal })); // parsed: the principal's session id (kept for the audit) stays here

    app.get('/api/users', { config: { access: 'admin', contract: { summary: 'Every user', responses: { 200: entityList(UserInfoSchema) } } } }, async () => ({ items: await trust.auth.users() }));
    app.post('/api/users', { config: { access: 'admin', contract: { summary: 'Create a user', body: NewUser, responses: { 201: entityItem(UserInfoSchema) } } } }, async (req, reply) => {
      const b = parse(NewUser, req.body, [], 'invalid user');
      const user = await wrap(() => trust.auth.addUser(b, inTx(req, 'user.created', b.username, { role: b.role, units: b.units ?? [], facilities: b.facilities ?? [] })));
      return reply.code(201).send({ item: user });
    });

    // An administrator disables (or re-enables) a user, changes their role and scope, or resets the password from the
    // web app; a disabled user's sessions and a reset password's sessions stop working. Each change is audited apart.
    app.patch('/api/users/:username', { config: { access: 'admin', contract: { summary: 'Edit a user: disable or enable, role, units, facilities, password reset', body: UserPatch, responses: { 200: entityItem(UserInfoSchema) } } } }, async (req) => {
      const { username } = parse(UsernameParams, req.params, ['params']);
      const b = parse(UserPatch, req.body, [], 'invalid user update');
      if (!(await trust.auth.user(username))) throw notFound(`unknown user ${username}`);
      const { disabled, password, ...scope } = b;
      // Every check before any write: a refused edit changes nothing.
      const weak = password === undefined ? null : passwordProblem(password, username);
      if (weak) throw badRequest(weak);
      // The last enabled administrator stays (the service refuses it again in each change's transaction, under a lock).
      if (await trust.auth.leavesNoAdmin(username, { role: scope.role, disabled })) throw new ApiError(409, 'conflict', NO_ADMIN_LEFT);
      // Each change commits with its audit entry (session 17: they were audited after, so a failed audit left them).
      if (Object.keys(scope).length) await wrap(() => trust.auth.updateUser(username, scope, inTx(req, 'user.updated', username, scope)));
      if (password !== undefined) await wrap(() => trust.auth.setPassword(username, password, inTx(req, 'user.password.reset', username)));
      if (disabled !== undefined) await wrap(() => trust.auth.setDisabled(username, disabled, inTx(req, disabled ? 'user.disabled' : 'user.enabled', username)));
      return { item: await trust.auth.user(username) };
    });

    app.get('/api/devices', { config: { access: 'admin', contract: { summary: 'Every device', responses: { 200: entityList(DeviceInfoSchema) } } } }, async () => ({ items: await trust.auth.devices() }));
    app.post('/api/devices', { config: { access: 'admin', contract: { summary: 'Create a one-time enrolment code for a new device of a user', body: NewDevice, responses: { 201: EnrolmentAnswer } } } }, async (req, reply) => {
      const b = parse(NewDevice, req.body, [], 'invalid device');
      const r = await wrap(() => trust.auth.createEnrolment(b.username, b.label, (t, deviceId) => inTx(req, 'device.created', deviceId, { username: b.username })(t)));
      return reply.code(201).send(r);
    });
    app.delete('/api/devices/:id', { config: { access: 'admin', contract: { summary: 'Revoke a device', params: IdParam, responses: { 200: RevokedAnswer } } } }, async (req) => {
      const { id } = parse(IdParam, req.params, ['params']);
      if (!(await trust.auth.revokeDevice(id, inTx(req, 'device.revoked', id)))) throw notFound(`unknown device ${id}`);
      return { revoked: id };
    });

    // Every chain: the access audit (trust database), the casualty log's write chain (every event by its hash), and
    // the fact streams' (workforce facts, claim history entries, entity writes).
    app.get('/api/audit/verify', { config: { access: 'admin', contract: { summary: 'Verify every audit chain: access (trust database), the casualty log (every event by its hash), the workforce log, the claims ledger and the entity writes', responses: { 200: AuditVerifyAnswer } } } }, async () => {
      const access = await trust.audit.verify();
      const casualtyLog = await verifyCasualtyLog(ctx.store);
      const factStreams = [await verifyFactStream(ctx.store, 'workforce'), await verifyFactStream(ctx.store, 'claims'), await verifyFactStream(ctx.store, 'entities')];
      return { ...access, ok: access.ok && casualtyLog.ok && factStreams.every((s) => s.ok), casualtyLog, factStreams };
    });

    app.get('/api/stats', { config: { access: 'stats:read', contract: { summary: 'De-identified statistics as of the hour\'s start, in the caller\'s scope', responses: { 200: StatsSchema } } } }, async (req) => {
      const q = req.query as Record<string, unknown>;
      if (q && Object.keys(q).length) throw badRequest('no query parameters');
      // As of the hour's start, whenever first asked and in every process (src/accounting/stats-hour.ts): two calls an
      // event apart, or a second apart across the hour, cannot tell that event apart.
      const asOf = hourStart(ctx.now());
      // In the caller's scope (as it was at that instant): a commander of units counts theirs; the analyst's figures
      // are de-identified aggregates of everything (as the accounting dashboard's).
      const reader = ctx.read(req);
      const scope = req.principal?.role === 'analyst' ? { all: true as const } : reader.scope;
      const stats = deidentifiedFromRows(await ctx.analystHour.stats.get(scope, asOf), asOf);
      // With accounting configured: the recorded figures as the analyst reads them (the hour's snapshot), de-identified (issue 13).
      return ctx.accounting ? { ...stats, recorded: deidentifyRecorded((await ctx.analystHour.figures.get(asOf)).statsOf({})) } : stats;
    });
  };
}
