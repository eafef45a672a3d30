// Clock offsets (SYNC-15, SYNC-16): property tests of the measurement and the corrections.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clockJump, correctTimes, measureOffset, needingTime, plausibleInstant, reconcileClock, takeSample, CLOCK_JUMP_MS, MAX_SAMPLE_RTT_MS, NEGLIGIBLE_OFFSET_MS } from './clock.ts';
import type { ClockSample } from './clock.ts';
import { parseEvent } from './events.ts';
import { makeEvent, makeRegistered } from '../../test/support/events.ts';
import { uuidv7 } from './ids.ts';

const NOW_MS = Date.parse('2026-11-22T12:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const YEAR = 365 * 86_400_000;
const offsetArb = fc.integer({ min: -10 * YEAR, max: 10 * YEAR });

describe('clock offsets', () => {
  it('SYNC-15: an NTP-style sample recovers the offset within half the round trip', () => {
    fc.assert(
      fc.property(offsetArb, fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 5_000 }), (offset, up, down) => {
        const sentDevice = NOW_MS - offset; // device clock = server clock - offset
        const serverMs = NOW_MS + up; // the server answers after the request's way up
        const receivedDevice = sentDevice + up + down;
        const s = measureOffset(sentDevice, receivedDevice, serverMs);
        assert.equal(s.rttMs, up + down);
        assert.ok(Math.abs(s.offsetMs - offset) <= s.rttMs / 2 + 1, `${s.offsetMs} vs ${offset}`);
      }),
    );
  });

  // The three-phone test's slow phone once took a sample whose request was answered after its clock had moved an
  // hour (a fake clock fast-forwarded; on a phone: asleep, or its clock set, mid-request): a 58-minute round trip,
  // an offset 29 minutes wrong, and its tourniquet alarm half an hour late.
  it('SYNC-15: the offset held is never worse than the first sample, whatever round trips and clock moves follow', () => {
    const contact = fc.record({
      up: fc.integer({ min: 0, max: 2 * 3_600_000 }),
      down: fc.integer({ min: 0, max: 2 * 3_600_000 }),
      /** The device's clock set (or the phone asleep) while the request was out: wall and monotonic differ. */
      moved: fc.oneof(fc.constant(0), fc.integer({ min: CLOCK_JUMP_MS, max: 3 * 3_600_000 }).chain((m) => fc.constantFrom(m, -m))),
      gap: fc.integer({ min: 0, max: 86_400_000 }),
    });
    fc.assert(
      fc.property(offsetArb, fc.integer({ min: 0, max: 5_000 }), fc.array(contact, { maxLength: 12 }), (offset, firstRtt, contacts) => {
        let serverNow = NOW_MS;
        let deviceOffset = offset; // server − device, changes when the device's clock is set
        let held: ClockSample | null = measureOffset(serverNow - deviceOffset, serverNow - deviceOffset + firstRtt, serverNow + firstRtt / 2);
        const bound = Math.max(firstRtt, 2_000) / 2 + 1;
        for (const c of contacts) {
          serverNow += c.gap;
          const sent = serverNow - deviceOffset;
          serverNow += c.up;
          const atServer = serverNow;
          serverNow += c.down;
          const sampled = measureOffset(sent, serverNow - deviceOffset + c.moved, atServer);
          if (takeSample(held, sampled, c.moved)) held = sampled;
          // A jump the detector saw moves the held offset (web/src/sync/clock.ts checkJump); here: the true one.
          if (c.moved !== 0) {
            deviceOffset -= c.moved;
            held = { ...held, offsetMs: held.offsetMs - c.moved };
          }
          assert.ok(held.rttMs <= Math.max(firstRtt, MAX_SAMPLE_RTT_MS), `held a sample with a ${held.rttMs} ms round trip`);
          assert.ok(Math.abs(held.offsetMs - deviceOffset) <= Math.max(bound, held.rttMs / 2 + 1), `held ${held.offsetMs}, true ${deviceOffset}`);
        }
      }),
    );
    const good = measureOffset(NOW_MS, NOW_MS + 200, NOW_MS + 100);
    assert.equal(takeSample(good, measureOffset(NOW_MS + 3_600_000, NOW_MS + 2 * 3_600_000, NOW_MS + 1_000)), false, 'an hour-long round trip is not taken');
    assert.equal(takeSample(null, measureOffset(NOW_MS, NOW_MS + 300, NOW_MS), -CLOCK_JUMP_MS), false, 'nor one the clocks measured apart');
  });

  it('SYNC-15: correcting by the true offset gives the true times, keeps the device reading, and still parses', () => {
    fc.assert(
      fc.property(offsetArb, fc.integer({ min: -6 * 3_600_000, max: 0 }), (offset, ago) => {
        const id = uuidv7();
        const trueAt = NOW_MS + ago;
        const deviceAt = iso(trueAt - offset);
        const reg = makeRegistered(id, { at: deviceAt, recordedAt: deviceAt });
        const c = correctTimes(reg, offset, 'device');
        const applied = Math.abs(offset) < NEGLIGIBLE_OFFSET_MS ? 0 : offset;
        assert.equal(c.at, iso(trueAt - offset + applied));
        assert.equal(c.type === 'registered' && c.payload.injuredAt, c.at);
        assert.deepEqual(c.clock, { deviceAt, offsetMs: applied, by: 'device' }, 'the note says the offset was known');
        assert.ok(parseEvent(c).success);
        assert.equal(correctTimes(c, offset * 2, 'device'), c, 'corrected once only');
        assert.deepEqual(reconcileClock(c, NOW_MS - offset, NOW_MS), c, 'the server keeps what the device corrected');
      }),
    );
  });

  it('SYNC-16: the server never refuses a time: every instant it keeps is plausible, and nothing is lost', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1970-01-01'), max: Date.parse('2200-01-01') }),
        fc.option(fc.integer({ min: Date.parse('1970-01-01'), max: Date.parse('2200-01-01') }), { nil: undefined }),
        (atMs, sentMs) => {
          const e = makeEvent('note', uuidv7(), { text: 'x' }, iso(atMs));
          const r = reconcileClock(e, sentMs, NOW_MS);
          assert.ok(plausibleInstant(r.at, NOW_MS) && plausibleInstant(r.recordedAt, NOW_MS));
          assert.deepEqual(r.payload, e.payload);
          assert.equal(r.id, e.id);
          if (r.at !== e.at) assert.equal(r.clock?.deviceAt, e.at, 'the device reading is kept whenever at moved');
          assert.ok(parseEvent(r).success);
        },
      ),
    );
  });

  it('SYNC-16: events needing a time stop needing it when voided', () => {
    const cid = uuidv7();
    const bad = reconcileClock(makeEvent('note', cid, { text: 'x' }, '2099-01-01T00:00:00.000Z'), undefined, NOW_MS);
    assert.deepEqual(needingTime([bad]).map((e) => e.id), [bad.id]);
    const v = makeEvent('void', cid, { target: bad.id, reason: 'wrong time, re-recorded' }, iso(NOW_MS));
    assert.deepEqual(needingTime([bad, v]), []);
  });
});

describe('SYNC-15: a clock set while the app runs (issue 19)', () => {
  const T = 1_700_000_000_000;
  it('clocks that move alike (within the jitter) show no jump, visible or not', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 86_400_000 }), fc.integer({ min: -(CLOCK_JUMP_MS - 1), max: CLOCK_JUMP_MS - 1 }), fc.boolean(), (dt, jitter, visible) =>
      clockJump({ wall: T, mono: 1_000 }, { wall: T + dt + jitter, mono: 1_000 + dt }, visible) === 0));
  });
  it('a clock set back is a jump of exactly that much, even after the app was out of view', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3_600_000 }), fc.integer({ min: CLOCK_JUMP_MS, max: 10 * 86_400_000 }), fc.boolean(), (dt, back, visible) =>
      clockJump({ wall: T, mono: 0 }, { wall: T + dt - back, mono: dt }, visible) === -back));
  });
  it('a clock set forward is a jump while the app stayed in view; out of view it may be sleep, and is not', () => {
    assert.equal(clockJump({ wall: T, mono: 0 }, { wall: T + 1_000 + 3 * 3_600_000, mono: 1_000 }, true), 3 * 3_600_000);
    assert.equal(clockJump({ wall: T, mono: 0 }, { wall: T + 1_000 + 3 * 3_600_000, mono: 1_000 }, false), 0);
  });
});
