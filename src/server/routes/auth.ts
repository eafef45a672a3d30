// Sign-in, device enrolment, users and devices (administrators), audit verification, analyst statistics.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { parse } from '../validate.ts';
import { AuthError } from '../../auth/service.ts';
import { ROLES } from '../../auth/policy.ts';
import type { Trust } from '../../auth/trust.ts';
import { deidentifiedStats } from '../../auth/stats.ts';

const Login = z.object({ username: z.string().max(64), password: z.string().max(256), deviceId: z.string().max(64).optional() }).strict();
const Enrol = z.object({ code: z.string().min(4).max(40) }).strict();
const Slugs = z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)).max(50);
const NewUser = z
  .object({ username: z.string().max(64), password: z.string().min(10).max(256), role: z.enum(ROLES), units: Slugs.optional(), facilities: Slugs.optional() })
  .strict();
const NewDevice = z.object({ username: z.string().max(64), label: z.string().min(1).max(80) }).strict();
const IdParam = z.object({ id: z.string().min(1).max(64) });

const wrap = async <T>(f: () => Promise<T>): Promise<T> => {
  try {
    return await f();
  } catch (e) {
    if (e instanceof AuthError) throw new ApiError(e.status, e.code, e.message);
    throw e;
  }
};

/** Route module factory: the trust services are not part of the shared context. */
export function authRoutes(trust: Trust) {
  return (app: FastifyInstance, ctx: AppContext): void => {
    const audit = (req: FastifyRequest, action: string, actor: string, target: string | null, detail: Record<string, unknown> = {}) =>
      trust.audit.append([{ actor, deviceId: req.principal?.deviceId ?? null, action, target, detail: { ip: req.ip, ...detail } }]);

    app.post('/api/auth/login', { config: { access: 'public' } }, async (req) => {
      const b = parse(Login, req.body, [], 'invalid login');
      try {
        const r = await wrap(() => trust.auth.login(b.username, b.password, b.deviceId ?? null));
        await audit(req, 'auth.login', r.user.username, null);
        return { token: r.token, expiresAt: r.expiresAt, user: r.user };
      } catch (e) {
        await audit(req, 'auth.login.failed', 'anonymous', b.username.slice(0, 64));
        throw e;
      }
    });

    app.post('/api/auth/enrol', { config: { access: 'public' } }, async (req) => {
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

    app.post('/api/auth/logout', { config: { access: 'self' } }, async (req, reply: FastifyReply) => {
      const h = req.headers.authorization ?? '';
      await trust.auth.logout(h.slice(7));
      return reply.code(204).send();
    });

    app.get('/api/auth/me', { config: { access: 'self' } }, async (req) => ({ user: req.principal }));

    app.get('/api/users', { config: { access: 'admin' } }, async () => ({ items: await trust.auth.users() }));
    app.post('/api/users', { config: { access: 'admin' } }, async (req, reply) => {
      const b = parse(NewUser, req.body, [], 'invalid user');
      const user = await wrap(() => trust.auth.addUser(b));
      return reply.code(201).send({ item: user });
    });

    // An administrator disables (or re-enables) a user from the web app; a disabled user's sessions stop working.
    app.patch('/api/users/:username', { config: { access: 'admin' } }, async (req) => {
      const { username } = parse(z.object({ username: z.string().min(1).max(64) }), req.params, ['params']);
      const b = parse(z.object({ disabled: z.boolean() }).strict(), req.body, [], 'invalid user update');
      if (!(await trust.auth.user(username))) throw notFound(`unknown user ${username}`);
      await wrap(() => trust.auth.setDisabled(username, b.disabled));
      await audit(req, b.disabled ? 'user.disabled' : 'user.enabled', req.principal?.username ?? 'admin', username);
      return { item: await trust.auth.user(username) };
    });

    app.get('/api/devices', { config: { access: 'admin' } }, async () => ({ items: await trust.auth.devices() }));
    app.post('/api/devices', { config: { access: 'admin' } }, async (req, reply) => {
      const b = parse(NewDevice, req.body, [], 'invalid device');
      const r = await wrap(() => trust.auth.createEnrolment(b.username, b.label));
      return reply.code(201).send(r);
    });
    app.delete('/api/devices/:id', { config: { access: 'admin' } }, async (req) => {
      const { id } = parse(IdParam, req.params, ['params']);
      if (!(await trust.auth.revokeDevice(id))) throw notFound(`unknown device ${id}`);
      return { revoked: id };
    });

    app.get('/api/audit/verify', { config: { access: 'admin' } }, async () => trust.audit.verify());

    app.get('/api/stats', { config: { access: 'stats:read' } }, async (req) => {
      const q = req.query as Record<string, unknown>;
      if (q && Object.keys(q).length) throw badRequest('no query parameters');
      return deidentifiedStats(await ctx.store.casualties({ limit: 100_000 }), ctx.now());
    });
  };
}
