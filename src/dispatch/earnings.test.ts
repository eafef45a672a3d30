// DISP-24: a vehicle is worth at most what it earns on trips like those open to it (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capWorthByEarnings } from './optimal/earnings.ts';
import { earningsFloor, safeShare } from './optimal/earnings-floor.ts';
import { matrixOf, scoreAt } from './optimal/matrix.ts';
import { assessContext } from './optimal/policy.ts';
import { bestScore, vehicleWorth } from './optimal/value.ts';
import { DEFAULT_MODEL, survivalAt, survivalLimit } from './survival.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const amb: PlanVehicle = {
  id: 'amb', kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 50, medic: true, litter: 2, seated: 2,
  pos: pos(48.5, 37.7), basePos: pos(48.5, 37.7), freeAt: 60, idle: true, rangeLeftKm: null, available: null,
};
const inZone: PlanCasualty = { id: 'in-zone', atMin: 50, rpm0: 5, tau: 10, rate: 1, litter: true, pos: pos(48.55, 38.0) };
const safe: PlanCasualty = { id: 'safe', atMin: 55, rpm0: 7, tau: 5, rate: 1, litter: true, pos: pos(48.52, 37.75) };

/** The vehicle at an R2 west of a zone; a high observed rate prices it at the flat cap. */
function view(casualties: PlanCasualty[], zoneUntil = 2000): PlanView {
  return {
    now: 60,
    casualties,
    vehicles: [amb],
    facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 20, bedsFree: 20, surgicalTables: 2, tableFreeAt: [60, 60], surgicalBacklog: 0, open: null }],
    threats: [{ id: 'band', polygon: [pos(48.4, 37.9), pos(48.4, 38.1), pos(48.7, 38.1), pos(48.7, 37.9)], fromMin: 0, toMin: zoneUntil, lossPerKm: { unprotected: 0.03, armoured: 0.006, air: 0.03 } }],
    travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 5 },
    model: DEFAULT_MODEL,
    horizonMin: 720,
    expectedRatePerMin: 0.2,
  };
}

function capped(casualties: PlanCasualty[], params: Parameters<typeof assessContext>[1] = { earningsFloor: false }, zoneUntil = 2000) {
  const ctx = assessContext(view(casualties, zoneUntil), params);
  const flat = vehicleWorth(ctx, amb, []);
  const before = casualties.map((c) => bestScore(ctx, amb, c));
  const m = matrixOf([before]);
  capWorthByEarnings(ctx, [amb], casualties, m);
  return { ctx, flat, scores: casualties.map((_, j) => scoreAt(m, 0, j)), before };
}

test('DISP-24 a vehicle whose every trip crosses the zone is worth what such a trip earns per chance of losing it', () => {
  const { ctx, flat, scores, before } = capped([inZone]);
  const s = before[0]!;
  const lossChance = s.risk / flat;
  assert.ok(lossChance > 0.05, `the trip risks the vehicle (${lossChance})`);
  const limit = survivalLimit(inZone.rpm0, DEFAULT_MODEL);
  // Its gain scaled to a casualty reported just now at the same place (those to come arrive fresh).
  const fresh = ((s.expected - limit) * (survivalAt(inZone.rpm0, 0, DEFAULT_MODEL) - limit)) / (survivalAt(inZone.rpm0, inZone.tau, DEFAULT_MODEL) - limit);
  const cap = ctx.worthCap.get('amb');
  assert.ok(cap !== undefined && Math.abs(cap - fresh / lossChance) < 1e-9, `${cap} vs ${fresh / lossChance}`);
  assert.ok(cap < flat, `${cap} below the flat price ${flat}`);
  assert.ok(Math.abs(vehicleWorth(ctx, amb, []) - cap) < 1e-12);
  // This round's score is re-priced with it: less risk, more value by the same amount.
  assert.ok(Math.abs(scores[0]!.risk - lossChance * cap) < 1e-12);
  assert.ok(Math.abs(scores[0]!.value - s.value - (s.risk - scores[0]!.risk)) < 1e-12);
});

test('DISP-24 a vehicle with a safe trip open keeps its flat price (and so is not sent into the zone by the cap)', () => {
  const { ctx, flat, scores, before } = capped([inZone, safe]);
  assert.equal(before[1]!.risk, 0, 'the trip west of the zone risks nothing');
  assert.equal(ctx.worthCap.has('amb'), false);
  assert.equal(vehicleWorth(ctx, amb, []), flat);
  assert.deepEqual(scores, before);
});

test('DISP-30 the cap is never below the flat price of the demand expected once the zone has closed', () => {
  // The zone outlasts the horizon: nothing is safe before it, so the floor is the flat price's own term (0.1).
  const rate = capped([inZone]);
  const open = capped([inZone], {});
  assert.equal(open.ctx.worthCap.get('amb'), Math.max(rate.ctx.worthCap.get('amb')!, 0.1));
  // The zone closes at minute 300 of 720: 420 minutes at 0.2 casualties a minute at 0.1 each, one vehicle (capped at
  // the flat price's cap, 2): worth as much as the flat price, so the cap is lifted and the round's scores keep it.
  const closing = capped([inZone], {}, 300);
  assert.equal(closing.ctx.worthCap.has('amb'), false);
  assert.deepEqual(closing.scores, closing.before);
  const stillCapped = capped([inZone], { earningsFloor: false }, 300);
  assert.ok(stillCapped.ctx.worthCap.get('amb')! < stillCapped.flat, 'without DISP-30 the closing zone changes nothing');
});

test('DISP-144 a small fleet\'s floor counts the demand while the zone lasts at the share of the latest reports its trips reach safely', () => {
  // The zone outlasts the horizon, so DISP-30's floor is the flat price's own term (0.1). 660 minutes left at 0.01
  // casualties a minute: 6.6 to come; one vehicle.
  const at = (c: PlanCasualty) => ({ pos: c.pos, rpm0: c.rpm0, atMin: c.atMin });
  const floorOf = (recent: PlanCasualty[], safe: boolean, extra = 0) => {
    const v = { ...view([inZone]), expectedRatePerMin: 0.01, recent: recent.map(at) };
    const more = Array.from({ length: extra }, (_, i) => ({ ...amb, id: `amb-${i}` }));
    const ctx = assessContext({ ...v, vehicles: [amb, ...more] });
    return { floor: earningsFloor(ctx, amb, false, safe), share: safeShare(ctx, amb) };
  };
  const near = { ...inZone, id: 'in-zone-2', pos: pos(48.56, 38.02) };
  const mixed = floorOf([inZone, safe], true);
  assert.equal(mixed.share, (1 + 1) / (2 + 2), 'one of two reports is safe');
  assert.ok(Math.abs(mixed.floor - (0.1 * 0.5 * 6.6 + 0.1)) < 1e-9, `${mixed.floor}`);
  // Two reports deep in the zone: only the rule of succession's one in four.
  const deep = floorOf([inZone, near], true);
  assert.equal(deep.share, 1 / 4);
  assert.ok(Math.abs(deep.floor - (0.1 * 0.25 * 6.6 + 0.1)) < 1e-9, `${deep.floor}`);
  assert.equal(floorOf([inZone, safe], false).floor, 0.1, 'off: the one-trip term alone');
  // Four vehicles: not a small fleet (DISP-37's), so no share and the floor as before.
  const fleet = floorOf([inZone, safe], true, 3);
  assert.equal(fleet.share, null);
  assert.equal(fleet.floor, 0.1);
});
