// One validation for every writer of the casualty log: schema, envelope, time checks (events and amendments),
// correction rules. Pure over the batch plus a lookup of stored events; no authorisation here (authorise.ts).
import type { CasualtyEvent, StoredEvent } from '../core/index.ts';
import { EARLIEST_ACCEPTED, MAX_FUTURE_SKEW_MIN, parseEvent, payloads, reconcileClock, sameSubmission, toMs, unstamped, uuidv7, validateAmendment } from '../core/index.ts';
import { tooDeep } from '../core/text.ts';
import type { LogIssue } from './errors.ts';
import { LogError, refuse, zodIssues } from './errors.ts';

/**
 * An instant a client claims: not before EARLIEST_ACCEPTED, not later than now + MAX_FUTURE_SKEW_MIN. THE one time
 * check: every writer (HTTP, sync, upstream, TAK, import, demo) and every amendment of a time goes through it.
 */
export function checkInstant(value: string | undefined, path: string, now: string): LogIssue | null {
  if (value === undefined) return null;
  const t = toMs(value);
  if (t > toMs(now) + MAX_FUTURE_SKEW_MIN * 60_000)
    return { path, message: `is more than ${MAX_FUTURE_SKEW_MIN} min in the future (server time ${now})` };
  if (t < toMs(EARLIEST_ACCEPTED)) return { path, message: `is before ${EARLIEST_ACCEPTED}` };
  return null;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Defaults for what a writer may leave out of an event. */
export interface Envelope {
  author: string;
  deviceId: string;
}

/**
 * Parse and fill one casualty's raw events; throws LogError 400 naming every bad event, or returns them. One rule for
 * every writer (issue 14 item 7): nothing is refused for its clock (SYNC-16). Times are corrected by the device's
 * measured offset or the batch's send time (`deviceSentMs`); what stays implausible — a device's or an imported
 * file's — is kept at the time of receipt, marked as needing a time, so it can never block replication.
 */
export function parseBatch(casualtyId: string, raw: readonly unknown[], envelope: Envelope, now: string, deviceSentMs?: number): CasualtyEvent[] {
  const issues: LogIssue[] = [];
  const events: CasualtyEvent[] = [];
  raw.forEach((r, i) => {
    if (!isObject(r)) return void issues.push({ path: `events.${i}`, message: 'must be an object' });
    // Every writer, not only HTTP's guard: a pulled or imported event nested too deep fails one database's insert.
    const deep = tooDeep(r, ['events', String(i)]);
    if (deep) return void issues.push(deep);
    if (r.casualtyId !== undefined && r.casualtyId !== casualtyId)
      return void issues.push({ path: `events.${i}.casualtyId`, message: 'differs from the casualty id in the path' });
    const filled = { ...r, casualtyId, id: r.id ?? uuidv7(), recordedAt: r.recordedAt ?? now, deviceId: r.deviceId ?? envelope.deviceId, author: r.author ?? envelope.author };
    const p = parseEvent(filled);
    if (!p.success) return void issues.push(...zodIssues(p.error, ['events', i]));
    events.push(reconcileClock(p.data, deviceSentMs, toMs(now)));
  });
  const ids = new Set<string>();
  events.forEach((e) => {
    if (ids.has(e.id)) issues.push({ path: `events.${raw.findIndex((r) => isObject(r) && r.id === e.id)}.id`, message: 'appears twice in the batch' });
    ids.add(e.id);
  });
  if (issues.length) throw refuse(issues);
  return events;
}

/**
 * The changes an amend names that its target's payload has no field for (the first 5). The fold drops them, but the
 * amend kept them — any keys, any number, shown in the card's timeline as changes made — so they are refused.
 */
function strayFields(type: string, changes: Record<string, unknown>): string[] {
  const shape = (payloads[type as keyof typeof payloads] as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(changes).filter((k) => !Object.hasOwn(shape, k)).slice(0, 5) : [];
}

/**
 * Corrections: an amend or void must name a known event of the same casualty (in the batch or stored), never an
 * amend/void's own target rules broken; a registration is never voided; an amended time passes the time check; an
 * amend changes only its target's fields — unless `relay`: what another server (a peer, this server's own processes)
 * already accepted, perhaps before that rule, is not refused here (its replication would stall behind it).
 */
export function checkCorrections(casualtyId: string, events: readonly CasualtyEvent[], stored: ReadonlyMap<string, StoredEvent>, now: string, relay = false): void {
  const issues: LogIssue[] = [];
  /** Targets this server has not received: perhaps not yet (SYNC-20), so a 404 the sender retries, not a 400. */
  const missing: LogIssue[] = [];
  const inBatch = new Map(events.map((e) => [e.id, e]));
  for (const [i, e] of events.entries()) {
    if (e.type !== 'amend' && e.type !== 'void') continue;
    const path = `events.${i}.payload.target`;
    const target = inBatch.get(e.payload.target) ?? stored.get(e.payload.target);
    if (!target) missing.push({ path, message: 'unknown event of this casualty (not received yet?)' });
    else if (target.casualtyId !== casualtyId) issues.push({ path, message: 'unknown event of this casualty' });
    else if (e.type === 'void') {
      if (target.type === 'void') issues.push({ path, message: 'a void event cannot be voided' });
      else if (target.type === 'registered') issues.push({ path, message: 'a registration is never voided (amend it instead)' });
    } else if (target.type === 'amend' || target.type === 'void') issues.push({ path, message: `an ${target.type} event cannot be amended` });
    else if (!relay && strayFields(target.type, e.payload.changes).length)
      issues.push(...strayFields(target.type, e.payload.changes).map((k) => ({ path: `events.${i}.payload.changes.${k.slice(0, 40)}`, message: `not a field of a ${target.type} event` })));
    else if (validateAmendment(target, e.payload.changes) === null) {
      const r = payloads[target.type].safeParse({ ...(target.payload as object), ...e.payload.changes });
      const detail = r.success ? [] : zodIssues(r.error, ['events', i, 'payload', 'changes']);
      issues.push(...(detail.length ? detail : [{ path: `events.${i}.payload.changes`, message: `not valid for a ${target.type} event` }]));
    } else
      for (const [k, v] of Object.entries(e.payload.changes))
        if (typeof v === 'string' && ISO.test(v)) {
          const issue = checkInstant(v, `events.${i}.payload.changes.${k}`, now);
          if (issue) issues.push(issue);
        }
  }
  if (issues.length) throw refuse([...issues, ...missing]);
  if (missing.length) throw new LogError('not_found', `correction target not here (yet): ${missing[0]!.path}`, missing);
}

export const notRegistered = (casualtyId: string): LogError =>
  new LogError('not_found', `unknown casualty ${casualtyId} (register it first, or include a registered event)`);

/** `events` with every same submission of a stored event replaced by the stored event (see sameSubmission). */
export function adoptStoredCorrections(events: CasualtyEvent[], stored: ReadonlyMap<string, StoredEvent>): CasualtyEvent[] {
  return events.map((e) => {
    const s = stored.get(e.id);
    if (!s || !sameSubmission(s, e)) return e;
    return unstamped(s);
  });
}
