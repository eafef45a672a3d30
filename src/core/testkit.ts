// Builders for events in tests and demos: pure, so the web app and server tests can share them.
import type { input } from 'zod';
import type { CasualtyEvent, EventType, PayloadOf } from './events.ts';
import { payloads } from './events.ts';
import { uuidv7 } from './ids.ts';

export interface EventOpts {
  id?: string;
  at?: string;
  deviceId?: string;
  author?: string;
  recordedAt?: string;
}

/** A valid event of `type`; the payload is parsed by its schema so defaults apply as on the server. */
export function makeEvent<T extends EventType>(
  type: T,
  casualtyId: string,
  payload: z_in<T>,
  opts: EventOpts = {},
): CasualtyEvent {
  const at = opts.at ?? new Date().toISOString();
  return {
    id: opts.id ?? uuidv7(),
    casualtyId,
    type,
    at,
    recordedAt: opts.recordedAt ?? at,
    deviceId: opts.deviceId ?? 'device-1',
    author: opts.author ?? 'medic-1',
    payload: payloads[type].parse(payload) as PayloadOf<T>,
  } as CasualtyEvent;
}
type z_in<T extends EventType> = input<(typeof payloads)[T]>;
