// A batch of events from a client: fill the envelope, validate the whole batch, then append it atomically.
// One bad event → 400 naming it, nothing stored.
import type { CasualtyEvent } from '../core/index.ts';
import { parseEvent, payloads, uuidv7, validateAmendment } from '../core/index.ts';
import type { AppendResult } from '../storage/port.ts';
import type { AppContext, Caller } from './context.ts';
import type { Issue } from './errors.ts';
import { badRequest, notFound, zodIssues } from './errors.ts';
import { timeChecked } from './validate.ts';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Validate raw events for one casualty; throws ApiError (400/404) or returns the events ready to append.
 * `deviceSentMs`: the sending device's clock at send (header x-device-time), to correct its events' times.
 */
export async function prepareBatch(ctx: AppContext, casualtyId: string, raw: unknown[], caller: Caller, now: string, deviceSentMs?: number): Promise<CasualtyEvent[]> {
  const issues: Issue[] = [];
  const events: CasualtyEvent[] = [];
  raw.forEach((r, i) => {
    if (!isObject(r)) {
      issues.push({ path: `events.${i}`, message: 'must be an object' });
      return;
    }
    if (r.casualtyId !== undefined && r.casualtyId !== casualtyId) {
      issues.push({ path: `events.${i}.casualtyId`, message: 'differs from the casualty id in the path' });
      return;
    }
    const filled = {
      ...r,
      casualtyId,
      id: r.id ?? uuidv7(),
      recordedAt: r.recordedAt ?? now,
      deviceId: r.deviceId ?? caller.deviceId,
      author: r.author ?? caller.author,
    };
    const p = parseEvent(filled);
    if (!p.success) {
      issues.push(...zodIssues(p.error, ['events', i]));
      return;
    }
    events.push(timeChecked(p.data, deviceSentMs, now)); // never refused for its clock (SYNC-16)
  });
  const ids = new Set<string>();
  events.forEach((e) => {
    if (ids.has(e.id)) issues.push({ path: `events.${raw.findIndex((r) => isObject(r) && r.id === e.id)}.id`, message: 'appears twice in the batch' });
    ids.add(e.id);
  });
  if (issues.length) throw badRequest(`invalid event batch: ${issues[0]!.path}: ${issues[0]!.message}`, issues);

  // Amendments: the target must be known (in this batch or stored), of this casualty, and the changes must make
  // a valid payload of the target's type.
  const inBatch = new Map(events.map((e) => [e.id, e]));
  for (const [i, e] of events.entries()) {
    if (e.type !== 'amend') continue;
    const target = inBatch.get(e.payload.target) ?? (await ctx.store.getEvent(e.payload.target));
    if (!target || target.casualtyId !== casualtyId) {
      issues.push({ path: `events.${i}.payload.target`, message: 'unknown event of this casualty' });
    } else if (target.type === 'amend' || target.type === 'void') {
      issues.push({ path: `events.${i}.payload.target`, message: `an ${target.type} event cannot be amended` });
    } else if (validateAmendment(target, e.payload.changes) === null) {
      const r = payloads[target.type].safeParse({ ...(target.payload as object), ...e.payload.changes });
      const detail = r.success ? [] : zodIssues(r.error, ['events', i, 'payload', 'changes']);
      issues.push(...(detail.length ? detail : [{ path: `events.${i}.payload.changes`, message: `not valid for a ${target.type} event` }]));
    }
  }
  if (issues.length) throw badRequest(`invalid event batch: ${issues[0]!.path}: ${issues[0]!.message}`, issues);

  if (!events.some((e) => e.type === 'registered') && !(await ctx.store.casualty(casualtyId)))
    throw notFound(`unknown casualty ${casualtyId} (register it first, or include a registered event)`);
  return events;
}

/** Append and announce on the live bus. */
export async function appendAndPublish(ctx: AppContext, events: CasualtyEvent[], now: string): Promise<AppendResult> {
  const result = await ctx.store.append(events, now);
  if (result.accepted > 0) ctx.bus.publish({ type: 'appended', head: result.head });
  return result;
}
