// A vehicle's latest dispatch is its job: the casualties of a leg it left wait again (SIM-14, DISP-14).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leftBehind } from './dispatch-legs.ts';

const at = (s: number): string => new Date(Date.UTC(2026, 10, 22, 6, 0, s)).toISOString();

test('DISP-14 a later dispatch of a vehicle with nobody aboard leaves the casualties of its earlier leg', () => {
  const legs = [
    { id: 'far', stage: 'assigned', vehicleId: 'amb', assignedAt: at(0) },
    { id: 'worse', stage: 'assigned', vehicleId: 'amb', assignedAt: at(600) },
    // One trip accepted as two events a moment apart is one dispatch.
    { id: 'with-worse', stage: 'assigned', vehicleId: 'amb', assignedAt: at(602) },
    { id: 'other', stage: 'assigned', vehicleId: 'arm', assignedAt: at(10) },
  ];
  assert.deepEqual([...leftBehind(legs)], ['far']);
});

test('DISP-14 a vehicle carrying someone keeps every casualty it was sent to', () => {
  const legs = [
    { id: 'aboard', stage: 'in-transit', vehicleId: 'amb', assignedAt: at(0) },
    { id: 'next', stage: 'assigned', vehicleId: 'amb', assignedAt: at(0) },
    { id: 'later', stage: 'assigned', vehicleId: 'amb', assignedAt: at(900) },
  ];
  assert.deepEqual([...leftBehind(legs)], []);
});

test('SIM-15 a casualty added to the leg under way leaves no one behind; a later dispatch leaves both', () => {
  const legs = [
    { id: 'first', stage: 'assigned', vehicleId: 'amb', assignedAt: at(0) },
    { id: 'added', stage: 'assigned', vehicleId: 'amb', assignedAt: at(600), addsToLeg: true },
  ];
  assert.deepEqual([...leftBehind(legs)], []);
  assert.deepEqual([...leftBehind([...legs, { id: 'elsewhere', stage: 'assigned', vehicleId: 'amb', assignedAt: at(900) }])].sort(), ['added', 'first']);
});
