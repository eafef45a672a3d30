// The one fetch wrapper of the app: every request to the server goes through here (an auth token is added here).
import type { LiveAssignment } from '../../src/dispatch/live.ts';
import type { WaitingReason } from '../../src/dispatch/waiting-reason.ts';
import { observe as observeClock } from './sync/clock.ts';
import { locked, secret, setSecret } from './vault/vault.ts';
import type { CasualtyEvent, CasualtyState, ServedSummary, ServedEvent, Facility, Vehicle, ThreatZone, Unit, NineLine, Precedence, Stage, TourniquetState } from '../../src/core/index.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, message: string, body: unknown) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

// The credential and the user are sealed settings (web/src/vault): never on disk in the clear, unknown while locked.
const tokenNow = (): string | null => secret('token');
export function setToken(t: string | null): void {
  if (t === null && locked()) return; // nothing open to forget
  setSecret('token', t);
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const token = tokenNow();
  if (token) headers.authorization = `Bearer ${token}`;
  // Every contact measures this phone's clock against the server's (SYNC-15); the server corrects what we could not.
  const sentMs = Date.now();
  const sentMono = performance.now();
  headers['x-device-time'] = String(sentMs);
  const res = await fetch(path, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.body !== undefined ? JSON.stringify(init.body) : null,
    signal: init.signal ?? null,
    cache: 'no-store',
  });
  observeClock(sentMs, Date.now(), res.headers.get('x-server-time'), performance.now() - sentMono);
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (res.status === 401 && typeof window !== 'undefined') {
    // An administrator revoked this device: it wipes itself once nothing waits to be sent (store.ts, issue 17).
    if (res.headers.get('x-device-revoked') === 'true') window.dispatchEvent(new CustomEvent('gh:revoked'));
    window.dispatchEvent(new CustomEvent('gh:unauthorized'));
  }
  if (!res.ok) {
    const msg = (data as { error?: { message?: string } } | null)?.error?.message ?? `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, msg, data);
  }
  return data as T;
}

/** The bytes of a download (an archived copy), with the same credential as `api`; a refusal throws ApiError. */
export async function apiBytes(path: string, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const token = tokenNow();
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: signal ?? null, cache: 'no-store' });
  if (!res.ok) throw new ApiError(res.status, `${res.status} ${res.statusText}`, null);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * URL of the live stream. EventSource cannot set headers, and a token in a URL leaks (logs, history): the token is
 * traded for a single-use ticket valid for seconds, and only the ticket goes in the query.
 */
/** `after`: a sequence number (those who see every casualty) or the cursor token the server gave (others). */
export const streamUrl = async (after?: number | string): Promise<string> => {
  const q = new URLSearchParams();
  if (after !== undefined) q.set('after', String(after));
  if (tokenNow()) q.set('ticket', (await api<{ ticket: string }>('/api/stream/ticket', { method: 'POST' })).ticket);
  const s = q.toString();
  return `/api/stream${s ? `?${s}` : ''}`;
};

/** The server's folded view of one casualty (GET /api/casualties, and the stream's `casualty` message): core's type. */
/** `lastSeq` to those who see every casualty, `version` to others (head-oracle). */
export type CasualtySummary = ServedSummary;
export interface CasualtyListQuery {
  status?: 'open' | 'closed' | Stage;
  precedence?: Precedence;
  unit?: string;
  facility?: string;
  limit?: number;
  /** Only casualties changed after this point (the list is ordered by it: a keyset for the next page): a summary's
   * `lastSeq` for those who see every casualty, the previous page's `next` token for others (head-oracle). */
  since?: number | string;
}
/** A list page: `head` (numbers) or `cursor` and `next` (tokens), as the caller is shown positions. */
export type CasualtyListPage = { casualties: CasualtySummary[] } & ({ head: number } | { cursor: string; next?: string });
export const getCasualties = (q: CasualtyListQuery = {}, signal?: AbortSignal) => {
  const p = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
  return api<CasualtyListPage>(`/api/casualties${p.size ? `?${p}` : ''}`, signal ? { signal } : {});
};

export interface Evacuation {
  casualtyId: string;
  /** Who it is (battle roster, name), to show instead of an id. */
  identity?: CasualtyState['identity'];
  nineLine: NineLine | null;
  requestedAt: string | null;
  precedence: Precedence | null;
  /** NATO-equivalent category (T1…), for ordering. */
  triage: string | null;
  stage: Stage;
  vehicleId: string | null;
  destinationId: string | null;
  injuredAt: string | null;
  tourniquets: TourniquetState[];
}
/** A dispatch recommendation, as the server's planner returns it (the type is shared, not copied). */
export type PlanItem = LiveAssignment;
export interface PostEventsResult {
  accepted: number;
  duplicates: number;
  /** `seq` and `head` only to those who see every casualty (head-oracle). */
  results: { id: string; seq?: number; duplicate: boolean }[];
  head?: number;
}

export const getEvacuations = (status: 'open' | 'all' = 'open') =>
  api<{ evacuations: Evacuation[] }>(`/api/evacuations?status=${status}`).then((r) => r.evacuations);
export const getCasualty = (id: string) => api<{ casualty: unknown; events: ServedEvent[] }>(`/api/casualties/${id}`);
/** `handovers`: the codes these records were received by (SYNC-17), so the server stores them as their author's. */
export const postEvents = (casualtyId: string, events: CasualtyEvent[], handovers: string[] = []) =>
  api<PostEventsResult>(`/api/casualties/${casualtyId}/events`, { body: { events, ...(handovers.length ? { handovers } : {}) } });
export const list = <T>(kind: 'facilities' | 'vehicles' | 'threat-zones' | 'units') =>
  api<{ items: T[] }>(`/api/${kind}`).then((r) => r.items);
export const getFacilities = () => list<Facility>('facilities');
export const getVehicles = () => list<Vehicle>('vehicles');
export const getZones = () => list<ThreatZone>('threat-zones');
export const getUnits = () => list<Unit>('units');
export const patch = <T>(kind: 'facilities' | 'vehicles' | 'threat-zones' | 'units', id: string, body: Partial<T>) =>
  api<{ item: T }>(`/api/${kind}/${encodeURIComponent(id)}`, { method: 'PATCH', body });
export const create = <T>(kind: 'facilities' | 'vehicles' | 'threat-zones' | 'units', body: T) => api<{ item: T }>(`/api/${kind}`, { body });
export const getPlan = (signal?: AbortSignal) => api<{ plan: PlanItem[]; waiting?: WaitingReason[]; computedAt: string }>('/api/dispatch/plan', signal ? { signal } : {});

export interface User {
  username: string;
  role: string;
  units?: string[];
  facilities?: string[];
}
export const currentUser = (): User | null => {
  try {
    return JSON.parse(secret('user') ?? 'null') as User | null;
  } catch {
    return null;
  }
};
export const hasToken = (): boolean => tokenNow() !== null;
export async function login(username: string, password: string, deviceId: string): Promise<User> {
  const r = await api<{ token: string; user: User }>('/api/auth/login', { body: { username, password, deviceId } });
  setToken(r.token);
  setSecret('user', JSON.stringify(r.user));
  return r.user;
}
/** Enrol this device with a code from an administrator: the device credential replaces any session (issue 5). */
export async function enrol(code: string): Promise<User> {
  const r = await api<{ token: string; deviceId: string; user: User }>('/api/auth/enrol', { body: { code } });
  setToken(r.token);
  setSecret('user', JSON.stringify(r.user));
  localStorage.setItem('gh.device', r.deviceId);
  return r.user;
}
export async function logout(): Promise<void> {
  try {
    await api('/api/auth/logout', { method: 'POST', body: {} });
  } catch {
    /* the session may already be gone */
  }
  setToken(null);
  if (!locked()) setSecret('user', null);
}
