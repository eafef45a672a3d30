import { z } from 'zod';

/** An instant as an ISO 8601 string in UTC ("Zulu"), the way the card and the 9-line record it. */
export const Instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
export type Instant = z.infer<typeof Instant>;

export const toMs = (iso: string): number => Date.parse(iso);
export const minutesBetween = (fromIso: string, toIso: string): number => (toMs(toIso) - toMs(fromIso)) / 60_000;
export const addMinutes = (iso: string, min: number): string => new Date(toMs(iso) + min * 60_000).toISOString();

/** Earliest instant accepted anywhere: nothing in this war's records predates it. */
export const EARLIEST_ACCEPTED = '2014-01-01T00:00:00.000Z';
/** How far ahead of the receiver's clock an event may claim to have happened (a phone's clock drifts). */
export const MAX_FUTURE_SKEW_MIN = 60;
