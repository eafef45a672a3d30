import { z } from 'zod';

/**
 * An instant as an ISO 8601 string in UTC ("Zulu"), the way the card and the 9-line record it; an offset is taken
 * only within what clocks use, -12:00 (Baker Island) to +14:00 (Line Islands). ISO allows up to ±23:59, PostgreSQL's
 * timestamptz only ±15:59: "+16:00" was stored by SQLite and a 500 on PostgreSQL, which held a field box's
 * replication to a rear for ever (the attack review, session 40; test/attack/time-offset.int.test.ts).
 */
export const Instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time', abort: true })
  .regex(/(Z|-(0\d|1[01]):[0-5]\d|-12:00|\+(0\d|1[0-3]):[0-5]\d|\+14:00)$/, 'the UTC offset must be one clocks use, -12:00 to +14:00 (or Z)');
export type Instant = z.infer<typeof Instant>;

export { toMs, minutesBetween, addMinutes } from './time-math.ts';

/** Earliest instant accepted anywhere: nothing in this war's records predates it. */
export const EARLIEST_ACCEPTED = '2014-01-01T00:00:00.000Z';
/** How far ahead of the receiver's clock an event may claim to have happened (a phone's clock drifts). */
export const MAX_FUTURE_SKEW_MIN = 60;

// The clock note lives here, beside Instant, because events carry it and clock.ts works on events (no cycle).
/** Offsets up to a century: a clock reset to 1970 is still a clock that can be explained. */
export const MAX_OFFSET_MS = 100 * 365 * 86_400_000;

/** The clock note of a corrected event: what the device's own clock said and the offset applied. */
export const ClockNote = z
  .object({
    /** The device's own clock reading for `at`, kept when `at` was corrected. */
    deviceAt: Instant,
    /** Offset applied, server clock minus device clock, in milliseconds. */
    offsetMs: z.number().int().min(-MAX_OFFSET_MS).max(MAX_OFFSET_MS),
    /** Who measured it: the device (from its server contacts) or the server (from the batch's send time). */
    by: z.enum(['device', 'server']),
    /** Even corrected, the time was implausible: stored at the time of receipt for a person to resolve. */
    needsTime: z.literal(true).optional(),
  })
  .strict();
export type ClockNote = z.infer<typeof ClockNote>;
