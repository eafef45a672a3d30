// DISP-43: the table slot a casualty is valued with, and what it costs this round's later bookings (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_MODEL, survivalAt } from './survival.ts';
import { displacement, firstSlot } from './optimal/arrival-slots.ts';
import { DEFAULT_OPTIMAL_PARAMS } from './optimal/params.ts';
import type { Booking, Ctx } from './optimal/context-types.ts';

// Only what arrival-slots.ts reads of a round's context: the tables' free times, this round's bookings, the model.
const ctxOf = (slots: number[], booked: Booking[], displace = true): Ctx =>
  ({ slots: new Map([['r2', slots]]), booked: new Map([['r2', booked]]), model: DEFAULT_MODEL, p: { ...DEFAULT_OPTIMAL_PARAMS, arrivalDisplace: displace } }) as unknown as Ctx;
const S = DEFAULT_MODEL.surgeryMin;

test('DISP-43 a casualty arriving before a booking takes the table first and is charged the booking\'s wait', () => {
  const late: Booking = { at: 100, rpm0: 4, tau: 60 };
  const ctx = ctxOf([0], [late]);
  assert.equal(firstSlot(ctx, 'r2', 50), 0, 'the table is free for the one arriving sooner');
  assert.equal(firstSlot(ctx, 'r2', 120), 100 + S, 'one arriving later queues behind the booking');
  // The booking now starts when the earlier arrival's operation ends (50 + S) instead of on arrival.
  const wait = 50 + S - 100;
  const cost = survivalAt(4, 60, DEFAULT_MODEL) - survivalAt(4, 60 + DEFAULT_MODEL.clockStabilised * wait, DEFAULT_MODEL);
  assert.ok(cost > 0.01);
  assert.ok(Math.abs(displacement(ctx, 'r2', 50) - cost) < 1e-12, `${displacement(ctx, 'r2', 50)} vs ${cost}`);
  assert.equal(displacement(ctx, 'r2', 120), 0, 'arriving after it delays nobody');
  assert.equal(displacement(ctxOf([0], [late], false), 'r2', 50), 0, 'without arrivalDisplace no charge');
  assert.equal(displacement(ctxOf([0, 0], [late]), 'r2', 50), 0, 'with a second table nobody waits');
});

test('DISP-43 the slot and the charge match a first-come-first-served schedule of the tables', () => {
  const arb = fc.record({
    tables: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 3 }),
    booked: fc.array(fc.record({ at: fc.integer({ min: 0, max: 400 }), rpm0: fc.integer({ min: 0, max: 9 }), tau: fc.integer({ min: 0, max: 300 }) }), { maxLength: 6 }),
    at: fc.integer({ min: 0, max: 400 }),
  });
  fc.assert(fc.property(arb, ({ tables: free0, booked, at }) => {
    // The round's slots are sorted (context.ts).
    const tables = [...free0].sort((a, b) => a - b);
    const sorted = [...booked].sort((a, b) => a.at - b.at);
    const ctx = ctxOf(tables, sorted);
    // Serve in arrival order (the new one after bookings that arrive with it) on the earliest free table.
    const serve = (arrivals: number[]): number[] => {
      const free = [...tables];
      return arrivals.map((t) => {
        const k = free.indexOf(Math.min(...free));
        const start = Math.max(free[k]!, t);
        free[k] = start + S;
        return start;
      });
    };
    const order = [...sorted.map((b, i) => ({ t: b.at, i })), { t: at + 0.5, i: -1 }].sort((a, b) => a.t - b.t);
    const withNew = serve(order.map((o) => Math.floor(o.t)));
    const without = serve(sorted.map((b) => b.at));
    const mine = withNew[order.findIndex((o) => o.i === -1)]!;
    assert.equal(Math.max(at, firstSlot(ctx, 'r2', at)!), mine);
    let cost = 0;
    order.forEach((o, k) => {
      if (o.i < 0) return;
      const b = sorted[o.i]!;
      const m = DEFAULT_MODEL;
      cost += survivalAt(b.rpm0, b.tau + m.clockStabilised * (without[o.i]! - b.at), m) - survivalAt(b.rpm0, b.tau + m.clockStabilised * (withNew[k]! - b.at), m);
    });
    assert.ok(Math.abs(displacement(ctx, 'r2', at) - cost) < 1e-9, `${displacement(ctx, 'r2', at)} vs ${cost}`);
  }), { numRuns: 300 });
});
