// Who may do what. Pure: no I/O. Roles are scoped to units and facilities (docs/sync.md SYNC-10 for the
// irreversible transitions; README "Users, devices and roles").
import type { CasualtyEvent } from '../core/index.ts';
import { deviceAuthor } from '../core/index.ts';
import type { CasualtySummary } from '../core/index.ts';
import type { ReadScope } from '../storage/port.ts';
import { ACCESS_KEY } from '../storage/port.ts';

// editor: enters and grades reported claims in the accounting ledger (docs/accounting.md); sees no casualty.
import { ROLES } from '../core/api.ts';
export { ROLES };
export type Role = (typeof ROLES)[number];
export const isRole = (r: unknown): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r);

export interface Principal {
  username: string;
  role: Role;
  units: string[];
  facilities: string[];
  /** Set when the request carries an enrolled device's credential. */
  deviceId: string | null;
  via: 'session' | 'device';
  /** A session's own id (a prefix of its token hash): the device id of its writes that name no device. */
  session?: string;
}

/** Access classes declared by routes (`config.access`), see src/server/context.ts. */
export type AccessClass =
  | 'public'
  | 'casualty:read'
  | 'casualty:write'
  | 'entity:read'
  | 'entity:write'
  | 'sync:read'
  | 'sync:write'
  | 'stream:read'
  | 'dispatch:read'
  | 'stats:read'
  | 'accounting:read'
  | 'accounting:drill'
  | 'claims:read'
  | 'claims:write'
  | 'claims:sync'
  | 'self'
  | 'admin'
  | WorkforceAccess;

/** Medical workforce (issue 12): personal data, its changes, gaps (commanders: their units), aggregates. */
export type WorkforceAccess = 'workforce:personal' | 'workforce:write' | 'workforce:gaps' | 'workforce:aggregates';

const ALL: readonly Role[] = ROLES;
const CLINICAL: readonly Role[] = ['medic', 'dispatcher', 'facility', 'commander', 'admin', 'peer'];

/** THE POLICY TABLE: which roles may use each access class. Row scoping is applied on top (canSeeCasualty). */
export const POLICY: Record<AccessClass, readonly Role[]> = {
  public: ALL,
  self: ALL,
  'casualty:read': CLINICAL,
  'casualty:write': ['medic', 'dispatcher', 'facility', 'admin', 'peer'],
  'entity:read': ['medic', 'dispatcher', 'facility', 'commander', 'admin', 'peer'],
  'entity:write': ['dispatcher', 'facility', 'admin'],
  'sync:read': CLINICAL,
  'sync:write': ['medic', 'dispatcher', 'facility', 'admin', 'peer'],
  // The live stream: casualty events in the caller's scope (none for analysts, editors, personnel), entity changes to
  // those who may read entities, workforce and claims wake-ups to those who may read them (src/server/routes/events.ts).
  'stream:read': ALL,
  'dispatch:read': ['dispatcher', 'commander', 'admin'],
  'stats:read': ['analyst', 'commander', 'admin'],
  // Accounting (docs/accounting.md): recorded figures (de-identified for the analyst), drill-down to casualties for
  // those who may see them; the claims ledger is read by staff and analysts, written and graded by editors.
  'accounting:read': ['analyst', 'commander', 'admin'],
  'accounting:drill': ['commander', 'admin'],
  'claims:read': ['analyst', 'commander', 'editor', 'admin'],
  'claims:write': ['editor', 'admin'],
  // Server-to-server replication of the claims ledger (a peer server's user, or an administrator relaying by hand).
  'claims:sync': ['admin', 'peer'],
  admin: ['admin'],
  'workforce:personal': ['personnel', 'admin'],
  'workforce:write': ['personnel', 'admin'],
  'workforce:gaps': ['personnel', 'commander', 'dispatcher', 'admin'],
  'workforce:aggregates': ['personnel', 'commander', 'analyst', 'admin'],
};

/**
 * FIELD RULES, on top of the table: a role listed here writes entities (`entity:write`) only on the routes it names,
 * only the body fields given, and with `own: 'facility'` only a facility it holds. Facility staff update their own
 * facility's free capacity, status and intake: its role, capabilities, place, unit and name are what the planner
 * trusts when it chooses where the wounded go (an administrator's to set). Roles not listed are not narrowed.
 */
export const FIELD_RULES: Partial<Record<Role, Record<string, { fields: readonly string[]; own?: 'facility' }>>> = {
  facility: { 'PATCH /api/facilities/:id': { fields: ['bedsAvailable', 'tablesAvailable', 'status', 'intake', 'updatedAt'], own: 'facility' } },
};

/** Why this principal may not send `body` to the entity route `route` (`METHOD /path`) for row `id` (null = allowed). */
export function entityWriteDenial(p: Principal, route: string, id: unknown, body: unknown): string | null {
  const rules = FIELD_RULES[p.role];
  if (!rules) return null;
  const rule = rules[route];
  const who = p.role === 'facility' ? 'facility staff' : `a ${p.role}`;
  if (!rule || (rule.own === 'facility' && (typeof id !== 'string' || !p.facilities.includes(id)))) return `${who} may update only their own facility`;
  const other = Object.keys(isObject(body) ? body : {}).filter((k) => !rule.fields.includes(k)).sort();
  return other.length ? `${who} may update only ${rule.fields.join(', ')} (not ${other.join(', ')})` : null;
}

/** What a facility's state is now: changed by whoever learns it (a dispatcher told by radio the hospital was hit). */
const FACILITY_OPERATIONAL: readonly string[] = ['status', 'intake', 'bedsAvailable', 'tablesAvailable', 'updatedAt'];

/**
 * A unit-scoped dispatcher's write to a facility (null = allowed): it may not give a facility to a unit it does not
 * hold, creates only its own units' facilities, and of any other facility — another unit's, or one of no unit, which
 * every unit's wounded are sent to — changes only what is true now (status, intake, free places). The rest — name,
 * role, place, capabilities, beds and tables, hardening, unit — is what the planner trusts when it chooses where the
 * wounded go: its unit's dispatchers', those who see every casualty, or an administrator's to set. `stored`: the
 * facility before the write (null for a create).
 */
export function facilityWriteDenial(p: Principal, stored: { unitId?: string | undefined } | null, body: Record<string, unknown>): string | null {
  if (p.role !== 'dispatcher' || p.units.length === 0) return null;
  const units = p.units.join(', ');
  if (typeof body.unitId === 'string' && !p.units.includes(body.unitId)) return `a dispatcher of ${units} may not give a facility to another unit`;
  if (!stored) return typeof body.unitId === 'string' ? null : `a dispatcher of ${units} creates only a facility of its unit (unitId)`;
  if (stored.unitId && p.units.includes(stored.unitId)) return null;
  const other = Object.keys(body).filter((k) => !FACILITY_OPERATIONAL.includes(k)).sort();
  return other.length ? `of a facility not of its unit a dispatcher of ${units} may update only ${FACILITY_OPERATIONAL.join(', ')} (not ${other.join(', ')})` : null;
}

export function allowed(p: Principal | null, access: AccessClass): boolean {
  if (access === 'public') return true;
  if (!p) return false;
  return POLICY[access].includes(p.role);
}

/** Does this principal see every casualty (no row filter needed)? */
export function seesAll(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'peer' || ((p.role === 'dispatcher' || p.role === 'commander') && p.units.length === 0);
}

type Visible = Pick<CasualtySummary, 'unitId' | 'facilityId' | 'destinationId' | 'authors'> & {
  state?: { chain?: { facilityId?: string | undefined }[] };
};

export function canSeeCasualty(p: Principal, c: Visible): boolean {
  if (seesAll(p)) return true;
  // A device id counts only from an enrolled device's credential; a session's device id is the client's claim.
  const mine = c.authors.includes(p.username) || (p.via === 'device' && p.deviceId !== null && c.authors.includes(deviceAuthor(p.deviceId)));
  switch (p.role) {
    case 'medic':
    case 'dispatcher':
    case 'commander':
      return mine || (c.unitId !== null && p.units.includes(c.unitId));
    case 'facility': {
      const f = new Set(p.facilities);
      return (
        mine ||
        (c.destinationId !== null && f.has(c.destinationId)) ||
        (c.facilityId !== null && f.has(c.facilityId)) ||
        (c.state?.chain ?? []).some((s) => s.facilityId !== undefined && f.has(s.facilityId))
      );
    }
    case 'analyst':
    case 'personnel':
    case 'editor':
      return false;
    case 'admin':
    case 'peer':
      return true;
  }
}

/**
 * Does this casualty (or incident: its unit and writers) not exist for this writer? Outside a caller's scope a casualty
 * does not exist (docs/security.md), for writes as for reads: the casualty log's door answers a write to it exactly
 * as one to an unknown id. A process of this server (no principal) sees everything.
 */
export function hiddenFrom(p: Principal | null, c: Visible | null): boolean {
  return p !== null && c !== null && !canSeeCasualty(p, c);
}

/** Whether the log's head (a count of every write) may be shown: only to those who see every casualty anyway. */
export function mayKnowHead(p: Principal | null): boolean {
  return p !== null && seesAll(p);
}

/**
 * The same rule as canSeeCasualty, as keys the store matches IN the query (migration 008's casualty_access): what
 * they wrote (as a user, or as an enrolled device), their units' casualties, their facilities' (there, on the way,
 * or on the chain of custody). No principal (auth off: tests, local commands) reads everything.
 */
export function readScope(p: Principal | null): ReadScope {
  if (!p || seesAll(p)) return { all: true };
  const mine = [ACCESS_KEY.author(p.username), ...(p.via === 'device' && p.deviceId !== null ? [ACCESS_KEY.author(deviceAuthor(p.deviceId))] : [])];
  switch (p.role) {
    case 'medic':
    case 'dispatcher':
    case 'commander':
      return { all: false, keys: [...mine, ...p.units.map(ACCESS_KEY.unit)] };
    case 'facility':
      return { all: false, keys: [...mine, ...p.facilities.map(ACCESS_KEY.facility)] };
    case 'analyst':
    case 'personnel':
    case 'editor':
      return { all: false, keys: [] };
    case 'admin':
    case 'peer':
      return { all: true };
  }
}

/** A role that sees no casualty at all (analyst, personnel, editor): places it asks about are answered coarsely. */
export function seesNoCasualty(p: Principal | null): boolean {
  const s = readScope(p);
  return !s.all && s.keys.length === 0;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** SYNC-10: irreversible transitions are decided by the receiving side. */
export const IRREVERSIBLE = ['arrival', 'surgery.started', 'outcome'] as const;

/** A raw (maybe not yet validated) event as seen by the write check. */
export interface RawEvent {
  type?: unknown;
  author?: unknown;
  deviceId?: unknown;
  payload?: unknown;
}

/** A person writes under their own name only; an administrator or a peer may carry another's record (a relay, an import). */
export function authorDenial(p: Principal, author: unknown): string | null {
  if (p.role === 'admin' || p.role === 'peer') return null;
  return author !== undefined && author !== p.username ? `author must be the signed-in user (${p.username})` : null;
}

/** Why this principal may not write this event to a casualty (null = allowed). `existing` null = a new casualty. */
export function writeDenial(p: Principal, e: RawEvent | CasualtyEvent, existing: Visible | null, target: RawEvent | null = null): string | null {
  if (!POLICY['casualty:write'].includes(p.role)) return `role ${p.role} does not record casualty events`;
  if (p.role === 'admin' || p.role === 'peer') return null; // a peer relays events another server already accepted
  const forged = authorDenial(p, e.author);
  if (forged) return forged;
  // An amend or void of an irreversible transition (`target`: the corrected event) is that transition again: only the
  // receiving facility corrects it, to its own facility (SYNC-10).
  if ((e.type === 'amend' || e.type === 'void') && target && (IRREVERSIBLE as readonly string[]).includes(String(target.type))) {
    const tp = isObject(target.payload) ? target.payload : {};
    const changes = e.type === 'amend' && isObject(e.payload) && isObject(e.payload.changes) ? e.payload.changes : {};
    for (const payload of [tp, { ...tp, ...changes }]) {
      const why = writeDenial(p, { type: target.type, author: e.author, payload }, existing);
      if (why) return `${String(e.type)} of ${why}`;
    }
    return null;
  }
  // deviceId is not bound to the credential: events recorded before enrolment carry the app's earlier device id.
  const type = typeof e.type === 'string' ? e.type : '';
  if ((IRREVERSIBLE as readonly string[]).includes(type)) {
    const payload = (typeof e.payload === 'object' && e.payload !== null ? e.payload : {}) as { facilityId?: unknown; outcome?: unknown };
    const fac = typeof payload.facilityId === 'string' ? payload.facilityId : null;
    // Killed in action at the point of injury has no receiving facility: the medic records it.
    const kia = type === 'outcome' && payload.outcome === 'killed-in-action' && fac === null && p.role === 'medic';
    if (!kia && (p.role !== 'facility' || fac === null || !p.facilities.includes(fac)))
      return `${type} is recorded only by the receiving facility (${fac ?? 'none named'})`;
    // The receiving facility is the authority for its own intake — of patients assigned or travelling to it or
    // already there (or a walk-in it registers itself): never of a casualty it merely knows the id of.
    if (p.role === 'facility')
      return existing && !canSeeCasualty(p, existing) ? 'casualty is not assigned, travelling or arrived at your facility' : null;
  }
  // Correcting a colleague's entry is allowed, but only with a reason, which is shown beside the original.
  if ((e.type === 'amend' || e.type === 'void') && target && typeof target.author === 'string' && target.author !== p.username) {
    const reason = isObject(e.payload) && typeof e.payload.reason === 'string' ? e.payload.reason.trim() : '';
    if (reason === '') return `${String(e.type)} of another author's entry (${target.author}) needs a reason`;
  }
  if (existing && !canSeeCasualty(p, existing)) return 'casualty outside your unit or facility';
  return null;
}
