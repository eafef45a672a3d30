// DISP-102 on an example: the one helicopter of a road fleet is priced by what the road vehicles cannot do in its place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessContext } from '../dispatch/optimal/policy.ts';
import { vehicleWorth } from '../dispatch/optimal/value.ts';
import { firstJob } from './example-round.fixture.ts';


test('DISP-102 four-sector-surge: heli-1 is kept from the front for c4 and apc-kup fetches it (seed +4, minute 29.5)', () => {
  // DISP-98's case: at the flat price heli-1 flies from Dnipro through front-0 for c4 (lost on 8 of 20 seeds). The
  // latest reports lie where no road vehicle arrives as soon, and 94 casualties are expected: the road vehicles are
  // busy, so heli-1's loss costs what it alone brings them.
  const off = firstJob('four-sector-surge', 4, 29.5, 'c4', { substituteWorth: 'off' });
  const on = firstJob('four-sector-surge', 4, 29.5, 'c4', { substituteWorth: 'fast' });
  assert.equal(off.job?.vehicleId, 'heli-1', `without the rule: ${off.job?.reason}`);
  assert.equal(on.job?.vehicleId, 'apc-kup', `with it: ${on.job?.reason}`);
  const ctx = assessContext(on.view, { substituteWorth: 'fast' });
  const flat = assessContext(on.view, { substituteWorth: 'off' });
  for (const v of on.view.vehicles) {
    if (v.id === 'heli-1') assert.ok(vehicleWorth(ctx, v, []) > 2 * vehicleWorth(flat, v, []), `${vehicleWorth(ctx, v, [])}`);
    else assert.equal(vehicleWorth(ctx, v, []), vehicleWorth(flat, v, []), v.id);
  }
});
