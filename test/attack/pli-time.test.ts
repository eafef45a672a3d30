// Session 28, attacking session 27's PLI speed check (src/interop/cot/in.ts): a position report whose time does not
// parse ("garbage", "", a 13th month) threw a RangeError out of the bridge — each one a "TAK message refused" line in
// the server's log, with no count or backoff as the implausible reports have — where any other unusable report is
// ignored. Now it is ignored (null), and neither moves the vehicle nor is judged for speed; a report at the same
// instant as the last one (no time between them) is judged as a jump within the GPS slack only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoT } from '../../src/interop/cot/node-cot.ts';
import { PLI_SLACK_KM, vehicleUpdateFromPli } from '../../src/interop/cot/in.ts';
import type { Vehicle } from '../../src/core/index.ts';

const at = '2026-03-01T10:00:00.000Z';
const pli = (time: string, lat = 48.5, lon = 35) =>
  new CoT(`<event version="2.0" uid="AMB-1" type="a-f-G-U-C" how="m-g" time="${time}" start="${time}" stale="${time}"><point lat="${lat}" lon="${lon}" hae="0" ce="9" le="9"/></event>`);
const amb = { id: 'amb-1', kind: 'ambulance', takUid: 'AMB-1', position: { lat: 48.5, lon: 35 }, updatedAt: '2026-03-01T09:59:00.000Z' } as Vehicle;

test('a PLI whose time does not parse is ignored, not thrown', () => {
  for (const time of ['garbage', '', '2026-13-45T99:99:99Z', 'NaN', '1e400'])
    assert.equal(vehicleUpdateFromPli(pli(time), [amb], at), null, JSON.stringify(time));
  // Two reports at one instant: a jump past the GPS slack is implausible (no time to travel), within it applied.
  const last = { position: { lat: 48.5, lon: 35 }, atMs: Date.parse(at) - 1 };
  const far = vehicleUpdateFromPli(pli(new Date(Date.parse(at) - 1).toISOString(), 48.6, 35), [amb], at, last);
  assert.ok(far && 'implausible' in far);
  const near = vehicleUpdateFromPli(pli(at, 48.5 + PLI_SLACK_KM / 222, 35), [amb], at, last);
  assert.ok(near && 'position' in near, JSON.stringify(near));
});
