// Small event builders for sync tests and benches (valid by the core schemas).
import { uuidv7 } from '../../src/core/index.ts';
import type { CasualtyEvent, EventType, PayloadOf } from '../../src/core/index.ts';

export function ev<T extends EventType>(
  type: T,
  payload: PayloadOf<T>,
  o: { casualtyId: string; deviceId?: string; author?: string; at?: string; id?: string; hlc?: string },
): CasualtyEvent {
  const at = o.at ?? new Date().toISOString();
  return {
    id: o.id ?? uuidv7(),
    casualtyId: o.casualtyId,
    at,
    recordedAt: at,
    deviceId: o.deviceId ?? 'dev-test',
    author: o.author ?? 'tester',
    ...(o.hlc ? { hlc: o.hlc } : {}),
    type,
    payload,
  } as CasualtyEvent;
}
