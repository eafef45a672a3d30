// Users, devices, enrolment codes and sessions over the trust database.
import type { Sql } from '../storage/trust-db.ts';
import { belowCost, dummyHash, hashPassword, newEnrolmentCode, newToken, normaliseCode, sha256, verifyPassword } from './crypto.ts';
import type { Principal, Role } from './policy.ts';
import { isRole } from './policy.ts';
import { randomUUID } from 'node:crypto';
import { isReservedUsername } from '../core/ids.ts';
import { passwordProblem } from './password-policy.ts';

/** The audit entry of a change, written in the change's own transaction (`t`): no entry, no change. */
export type InTx = (t: Sql) => Promise<unknown>;

/**
 * The enabled administrators, their rows locked until the transaction ends (PostgreSQL; SQLite's writer lock is held):
 * two administrators disabling or demoting each other at once are decided one after the other.
 */
async function lockAdmins(t: Sql): Promise<number> {
  const rows = await t.query<{ disabled: number | boolean }>("SELECT disabled FROM auth_users WHERE role = 'admin' FOR UPDATE");
  return rows.filter((r) => !Number(r.disabled)).length;
}

/** A change that leaves no enabled administrator (of `before` ≥ 1) is refused: no one could manage users or devices. */
async function keepAnAdmin(t: Sql, before: number): Promise<void> {
  if (before === 0) return;
  const [r] = await t.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM auth_users WHERE role = 'admin' AND disabled = 0");
  if (Number(r?.n ?? 0) === 0) throw new AuthError(409, 'conflict', NO_ADMIN_LEFT);
}
export const NO_ADMIN_LEFT = 'this would leave no enabled administrator: make or enable another one first';

export const SESSION_TTL_MS = 12 * 3_600_000;
export const ENROLMENT_TTL_MS = 15 * 60_000;

export interface UserInfo {
  username: string;
  role: Role;
  units: string[];
  facilities: string[];
  disabled: boolean;
  createdAt: string;
}
export interface DeviceInfo {
  deviceId: string;
  username: string;
  label: string;
  createdAt: string;
  enrolledAt: string | null;
  revokedAt: string | null;
}

export class AuthError extends Error {
  readonly status: number;
  readonly code: 'bad_request' | 'unauthorized' | 'forbidden' | 'conflict' | 'not_found';
  constructor(status: number, code: AuthError['code'], message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** How long an authenticated token's principal is reused without reading the database, and how many are kept. */
export const SESSION_CACHE_MS = 2_000;
const SESSION_CACHE_MAX = 10_000;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const SLUGS = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

interface UserRow {
  username: string;
  role: string;
  units: string;
  facilities: string;
  password_hash: string;
  disabled: number | boolean;
  created_at: string;
}

const toUser = (r: UserRow): UserInfo => ({
  username: r.username,
  role: isRole(r.role) ? r.role : 'analyst',
  units: JSON.parse(r.units) as string[],
  facilities: JSON.parse(r.facilities) as string[],
  disabled: Boolean(Number(r.disabled)),
  createdAt: r.created_at,
});

export class AuthService {
  readonly sql: Sql;
  private readonly now: () => number;
  constructor(sql: Sql, now: () => number = Date.now) {
    this.sql = sql;
    this.now = now;
  }
  private iso(offsetMs = 0): string {
    return new Date(this.now() + offsetMs).toISOString();
  }

  async userCount(): Promise<number> {
    const r = await this.sql.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM auth_users');
    return Number(r[0]?.n ?? 0);
  }

  /** `audit`: the creation's entry, in its transaction (the API's; the local command has none). */
  async addUser(u: { username: string; password: string; role: Role; units?: string[]; facilities?: string[] }, audit?: InTx): Promise<UserInfo> {
    if (!USERNAME.test(u.username)) throw new AuthError(400, 'bad_request', 'username: 2–64 lower-case letters, digits, . _ -');
    if (isReservedUsername(u.username)) throw new AuthError(400, 'bad_request', `username ${u.username} is reserved for the system (or looks like a device id)`);
    if (!isRole(u.role)) throw new AuthError(400, 'bad_request', `role must be one of medic, dispatcher, facility, commander, analyst, admin, peer`);
    const weak = passwordProblem(u.password, u.username);
    if (weak) throw new AuthError(400, 'bad_request', weak);
    const units = u.units ?? [];
    const facilities = u.facilities ?? [];
    if (![...units, ...facilities].every((s) => SLUGS.test(s))) throw new AuthError(400, 'bad_request', 'units and facilities are ids (slugs)');
    if (u.role === 'medic' && units.length === 0) throw new AuthError(400, 'bad_request', 'a medic belongs to at least one unit');
    if (u.role === 'facility' && facilities.length === 0) throw new AuthError(400, 'bad_request', 'facility staff belong to at least one facility');
    const hash = await hashPassword(u.password);
    const exists = await this.sql.query('SELECT 1 AS x FROM auth_users WHERE username = $1', [u.username]);
    if (exists.length) throw new AuthError(409, 'conflict', `user ${u.username} exists`);
    await this.sql.tx(async (t) => {
      await t.query(
        'INSERT INTO auth_users (username, role, units, facilities, password_hash, disabled, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6)',
        [u.username, u.role, JSON.stringify(units), JSON.stringify(facilities), hash, this.iso()],
      );
      await audit?.(t);
    });
    return (await this.user(u.username))!;
  }

  async user(username: string): Promise<UserInfo | null> {
    const r = await this.sql.query<UserRow>('SELECT * FROM auth_users WHERE username = $1', [username]);
    return r[0] ? toUser(r[0]) : null;
  }

  async users(): Promise<UserInfo[]> {
    return (await this.sql.query<UserRow>('SELECT * FROM auth_users ORDER BY username')).map(toUser);
  }

  /** Change a user's role and scope; the same rules as creation (a medic has a unit, facility staff a facility). */
  async updateUser(username: string, u: { role?: Role; units?: string[]; facilities?: string[] }, audit?: InTx): Promise<UserInfo> {
    return this.#changing(async () => {
      const cur = await this.user(username);
      if (!cur) throw new AuthError(404, 'not_found', `unknown user ${username}`);
      const next = { role: u.role ?? cur.role, units: u.units ?? cur.units, facilities: u.facilities ?? cur.facilities };
      if (!isRole(next.role)) throw new AuthError(400, 'bad_request', `role must be one of medic, dispatcher, facility, commander, analyst, admin, peer`);
      if (![...next.units, ...next.facilities].every((s) => SLUGS.test(s))) throw new AuthError(400, 'bad_request', 'units and facilities are ids (slugs)');
      if (next.role === 'medic' && next.units.length === 0) throw new AuthError(400, 'bad_request', 'a medic belongs to at least one unit');
      if (next.role === 'facility' && next.facilities.length === 0) throw new AuthError(400, 'bad_request', 'facility staff belong to at least one facility');
      await this.sql.tx(async (t) => {
        const admins = await lockAdmins(t);
        await t.query('UPDATE auth_users SET role = $1, units = $2, facilities = $3 WHERE username = $4',
          [next.role, JSON.stringify(next.units), JSON.stringify(next.facilities), username]);
        await keepAnAdmin(t, admins);
        await audit?.(t);
      });
      return (await this.user(username))!;
    });
  }

  /** Whether this change of a user (role, disabled) would leave no enabled administrator (checked before any write). */
  async leavesNoAdmin(username: string, change: { role?: Role | undefined; disabled?: boolean | undefined }): Promise<boolean> {
    const users = await this.users();
    const enabledAdmin = (u: UserInfo): boolean => {
      const next = u.username === username ? { role: change.role ?? u.role, disabled: change.disabled ?? u.disabled } : u;
      return next.role === 'admin' && !next.disabled;
    };
    return users.some((u) => u.role === 'admin' && !u.disabled) && !users.some(enabledAdmin);
  }

  /** An administrator resets a password: the policy applies, and the user's open sessions end. */
  async setPassword(username: string, password: string, audit?: InTx): Promise<void> {
    return this.#changing(async () => {
      const weak = passwordProblem(password, username);
      if (weak) throw new AuthError(400, 'bad_request', weak);
      const hash = await hashPassword(password);
      await this.sql.tx(async (t) => {
        await t.query('UPDATE auth_users SET password_hash = $1 WHERE username = $2', [hash, username]);
        await t.query('UPDATE auth_sessions SET revoked_at = $1 WHERE username = $2 AND revoked_at IS NULL', [this.iso(), username]);
        await audit?.(t);
      });
    });
  }

  async setDisabled(username: string, disabled: boolean, audit?: InTx): Promise<void> {
    return this.#changing(async () => {
      await this.sql.tx(async (t) => {
        const admins = await lockAdmins(t);
        await t.query('UPDATE auth_users SET disabled = $1 WHERE username = $2', [disabled ? 1 : 0, username]);
        await keepAnAdmin(t, admins);
        if (disabled) await t.query('UPDATE auth_sessions SET revoked_at = $1 WHERE username = $2 AND revoked_at IS NULL', [this.iso(), username]);
        await audit?.(t);
      });
    });
  }

  /** Password login → an opaque session token (stored hashed) valid for 12 h. */
  async login(username: string, password: string, deviceId: string | null = null): Promise<{ token: string; expiresAt: string; user: UserInfo }> {
    const r = typeof username === 'string' ? await this.sql.query<UserRow>('SELECT * FROM auth_users WHERE username = $1', [username]) : [];
    const row = r[0];
    const ok = await verifyPassword(typeof password === 'string' ? password : '', row?.password_hash ?? dummyHash());
    if (!row || !ok || Number(row.disabled)) throw new AuthError(401, 'unauthorized', 'wrong username or password');
    if (deviceId !== null) {
      // A session may name the browser it runs in, but not a registered device that is not this user's own live one.
      const d = await this.sql.query<{ username: string; revoked_at: string | null }>('SELECT username, revoked_at FROM auth_devices WHERE device_id = $1', [deviceId]);
      if (d[0] && (d[0].username !== row.username || d[0].revoked_at)) throw new AuthError(403, 'forbidden', `device ${deviceId} is not a device of ${row.username}`);
      if (!d[0] && isReservedUsername(deviceId)) throw new AuthError(400, 'bad_request', `device id ${deviceId} is reserved`);
    }
    // A hash below today's cost (made under the tests' PASSWORD_COST=low, say, and then served for real) is made again
    // at today's cost while the password is at hand; not over a reset that happened meanwhile.
    if (belowCost(row.password_hash))
      await this.sql.query('UPDATE auth_users SET password_hash = $1 WHERE username = $2 AND password_hash = $3', [await hashPassword(password), row.username, row.password_hash]);
    const token = newToken('ghs');
    const expiresAt = this.iso(SESSION_TTL_MS);
    await this.sql.query(
      'INSERT INTO auth_sessions (token_hash, username, device_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [sha256(token), row.username, deviceId, this.iso(), expiresAt],
    );
    return { token, expiresAt, user: toUser(row) };
  }

  /**
   * Principals of recently seen tokens (issue 16: not one database read per request), kept SESSION_CACHE_MS at most
   * and never past a session's expiry. Any change of users, sessions or devices in this process empties it, so
   * logout, revocation, disabling and role changes take effect at once here; another server process on the same
   * database sees them within SESSION_CACHE_MS.
   */
  readonly #cache = new Map<string, { principal: Principal | null; until: number }>();
  #generation = 0;
  #changes = 0;
  forget(): void {
    this.#generation++;
    this.#cache.clear();
  }
  /** A change of users, sessions or devices: nothing looked up while it runs is kept, and the cache is emptied after. */
  async #changing<T>(fn: () => Promise<T>): Promise<T> {
    this.#changes++;
    try {
      return await fn();
    } finally {
      this.#changes--;
      this.forget();
    }
  }

  async logout(token: string): Promise<void> {
    return this.#changing(async () => {
      await this.sql.query('UPDATE auth_sessions SET revoked_at = $1 WHERE token_hash = $2', [this.iso(), sha256(token)]);
    });
  }

  /** The principal behind a bearer token, or null (briefly cached: see #cache). */
  async authenticate(token: string): Promise<Principal | null> {
    if (typeof token !== 'string' || token.length > 200) return null;
    const h = sha256(token);
    const now = this.now();
    const hit = this.#cache.get(h);
    if (hit && hit.until > now) return hit.principal && { ...hit.principal, units: [...hit.principal.units], facilities: [...hit.principal.facilities] };
    const generation = this.#generation;
    const principal = await this.#lookup(token, h);
    if (this.#cache.size >= SESSION_CACHE_MAX) this.#cache.clear();
    // A refused token is not remembered: it may be a session being created or a device being enrolled right now.
    if (principal && generation === this.#generation && this.#changes === 0) this.#cache.set(h, { principal, until: Math.min(now + SESSION_CACHE_MS, principal.via === 'session' ? this.#expiry.get(h) ?? now : Infinity) });
    return principal;
  }

  readonly #expiry = new Map<string, number>();

  async #lookup(token: string, h: string): Promise<Principal | null> {
    if (token.startsWith('ghd_')) {
      const r = await this.sql.query<UserRow & { device_id: string; revoked_at: string | null }>(
        `SELECT u.*, d.device_id, d.revoked_at FROM auth_devices d JOIN auth_users u ON u.username = d.username
         WHERE d.token_hash = $1`,
        [h],
      );
      const row = r[0];
      if (!row || row.revoked_at || Number(row.disabled)) return null;
      const u = toUser(row);
      return { username: u.username, role: u.role, units: u.units, facilities: u.facilities, deviceId: row.device_id, via: 'device' };
    }
    if (token.startsWith('ghs_')) {
      const r = await this.sql.query<UserRow & { device_id: string | null; expires_at: string; revoked_at: string | null }>(
        `SELECT u.*, s.device_id, s.expires_at, s.revoked_at FROM auth_sessions s JOIN auth_users u ON u.username = s.username
         WHERE s.token_hash = $1`,
        [h],
      );
      const row = r[0];
      if (!row || row.revoked_at || Number(row.disabled) || Date.parse(row.expires_at) <= this.now()) return null;
      if (this.#expiry.size >= SESSION_CACHE_MAX) this.#expiry.clear();
      this.#expiry.set(h, Date.parse(row.expires_at));
      const u = toUser(row);
      return { username: u.username, role: u.role, units: u.units, facilities: u.facilities, deviceId: row.device_id, via: 'session', session: h.slice(0, 16) };
    }
    return null;
  }

  /**
   * Whether a refused token is the credential of a device an administrator revoked (its own, or a session signed in
   * on it): such a device wipes its local data when it hears so (issue 17). Says nothing about any other token.
   */
  async revokedDevice(token: string): Promise<boolean> {
    if (typeof token !== 'string' || token.length > 200) return false;
    const r = await this.sql.query<{ device_id: string }>(
      `SELECT d.device_id FROM auth_devices d WHERE d.revoked_at IS NOT NULL
         AND (d.token_hash = $1 OR d.device_id IN (SELECT s.device_id FROM auth_sessions s WHERE s.token_hash = $1))`,
      [sha256(token)],
    );
    return r.length > 0;
  }

  /**
   * Whether what a device signs still counts (hand-over codes, SYNC-17/22): not when an administrator revoked the
   * device or disabled (or never had) the user its key was registered by. A captured phone's key signs codes with any
   * time in them, so none of its codes count after the revocation, whenever they say they were made. `enrolled`: the
   * device is one an administrator enrolled for that user (a session's device id is the client's word).
   */
  async signerStanding(deviceId: string, username: string): Promise<{ off: 'revoked' | 'disabled' | null; enrolled: boolean }> {
    const r = await this.sql.query<{ revoked: number; enrolled: number; disabled: number | boolean | null }>(
      `SELECT (SELECT COUNT(*) FROM auth_devices WHERE device_id = $1 AND revoked_at IS NOT NULL) AS revoked,
         (SELECT COUNT(*) FROM auth_devices WHERE device_id = $1 AND username = $2 AND enrolled_at IS NOT NULL) AS enrolled,
         (SELECT disabled FROM auth_users WHERE username = $2) AS disabled`,
      [deviceId, username],
    );
    const row = r[0];
    const enrolled = Number(row?.enrolled) > 0;
    if (Number(row?.revoked)) return { off: 'revoked', enrolled };
    return { off: row?.disabled === null || row?.disabled === undefined || Number(row.disabled) ? 'disabled' : null, enrolled };
  }

  /** The devices revoked and the users disabled: what they sign does not count (signerStanding, for a whole list). */
  async signersOff(): Promise<{ devices: Set<string>; users: Set<string> }> {
    const d = await this.sql.query<{ device_id: string }>('SELECT device_id FROM auth_devices WHERE revoked_at IS NOT NULL');
    const u = await this.sql.query<{ username: string }>('SELECT username FROM auth_users WHERE disabled <> 0');
    return { devices: new Set(d.map((x) => x.device_id)), users: new Set(u.map((x) => x.username)) };
  }

  /** An administrator creates an enrolment code for a user's new device (single use, 15 minutes). */
  async createEnrolment(username: string, label: string, audit?: (t: Sql, deviceId: string) => Promise<unknown>): Promise<{ code: string; deviceId: string; expiresAt: string }> {
    const u = await this.user(username);
    if (!u) throw new AuthError(404, 'not_found', `no user ${username}`);
    if (typeof label !== 'string' || label.length < 1 || label.length > 80) throw new AuthError(400, 'bad_request', 'label: 1–80 characters');
    const code = newEnrolmentCode();
    const deviceId = `dev-${randomUUID().slice(0, 8)}`;
    const expiresAt = this.iso(ENROLMENT_TTL_MS);
    await this.sql.tx(async (t) => {
      await t.query('INSERT INTO auth_devices (device_id, username, label, token_hash, created_at) VALUES ($1, $2, $3, NULL, $4)', [deviceId, username, label, this.iso()]);
      await t.query('INSERT INTO auth_enrolments (code_hash, device_id, expires_at) VALUES ($1, $2, $3)', [sha256(normaliseCode(code)), deviceId, expiresAt]);
      await audit?.(t, deviceId);
    });
    return { code, deviceId, expiresAt };
  }

  /** The device exchanges its code for a long-lived device credential (shown once). */
  async enrol(code: string): Promise<{ deviceId: string; token: string; user: UserInfo }> {
    if (typeof code !== 'string' || code.length > 40) throw new AuthError(400, 'bad_request', 'code must be a string');
    const h = sha256(normaliseCode(code));
    const token = newToken('ghd');
    const out = await this.sql.tx(async (t) => {
      const r = await t.query<{ device_id: string; expires_at: string; used_at: string | null; revoked_at: string | null; disabled: number | boolean }>(
        `SELECT e.device_id, e.expires_at, e.used_at, d.revoked_at, u.disabled FROM auth_enrolments e
         JOIN auth_devices d ON d.device_id = e.device_id JOIN auth_users u ON u.username = d.username
         WHERE e.code_hash = $1 FOR UPDATE`,
        [h],
      );
      const row = r[0];
      // A revoked device or a disabled user never gets a credential, even with a valid unused code.
      if (!row || row.used_at || Date.parse(row.expires_at) <= this.now() || row.revoked_at || Number(row.disabled)) return null;
      await t.query('UPDATE auth_enrolments SET used_at = $1 WHERE code_hash = $2', [this.iso(), h]);
      await t.query('UPDATE auth_devices SET token_hash = $1, enrolled_at = $2 WHERE device_id = $3 AND revoked_at IS NULL', [sha256(token), this.iso(), row.device_id]);
      return row.device_id;
    });
    if (!out) throw new AuthError(401, 'unauthorized', 'unknown, used or expired enrolment code');
    const d = (await this.sql.query<{ username: string }>('SELECT username FROM auth_devices WHERE device_id = $1', [out]))[0]!;
    return { deviceId: out, token, user: (await this.user(d.username))! };
  }

  async revokeDevice(deviceId: string, audit?: InTx): Promise<boolean> {
    return this.#changing(async () => {
      const r = await this.sql.query<{ device_id: string }>('SELECT device_id FROM auth_devices WHERE device_id = $1', [deviceId]);
      if (!r.length) return false;
      await this.sql.tx(async (t) => {
        await t.query('UPDATE auth_devices SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL', [this.iso(), deviceId]);
        await t.query('UPDATE auth_sessions SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL', [this.iso(), deviceId]);
        await audit?.(t);
      });
      return true;
    });
  }

  async devices(): Promise<DeviceInfo[]> {
    const r = await this.sql.query<{ device_id: string; username: string; label: string; created_at: string; enrolled_at: string | null; revoked_at: string | null }>(
      'SELECT device_id, username, label, created_at, enrolled_at, revoked_at FROM auth_devices ORDER BY created_at, device_id',
    );
    return r.map((x) => ({ deviceId: x.device_id, username: x.username, label: x.label, createdAt: x.created_at, enrolledAt: x.enrolled_at, revokedAt: x.revoked_at }));
  }
}
