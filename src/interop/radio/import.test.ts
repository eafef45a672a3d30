import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, haversineKm } from '../../core/index.ts';
import { cardFromState, decodeRadio, encodeRadio, radioToEvents } from './index.ts';
import { sampleCasualty } from '../sample.ts';

test('state → compact/card → radio → events → fold: the receiver sees the same casualty', () => {
  const { state } = sampleCasualty({
    seed: 'imp-1',
    position: { lat: 48.58678, lon: 38.04631 },
    injuredAt: '2026-03-01T10:00:00.000Z',
    severity: 3,
  });
  const now = '2026-03-01T10:40:00.000Z';
  for (const form of ['compact', 'card'] as const) {
    const d = decodeRadio(encodeRadio(cardFromState(state), form).bytes);
    const imp = radioToEvents(d.card, { now, deviceId: 'sms-gateway', author: 'dispatcher', key: 'k1' });
    const got = fold(imp.casualtyId, imp.events, now);
    if (form === 'card') assert.equal(got.id, state.id);
    assert.ok(
      haversineKm(got.evac.nineLine!.location, state.evac.nineLine!.location) < 0.0015,
      'pickup site within 1.5 m',
    );
    assert.equal(got.evac.nineLine!.callSign, state.evac.nineLine!.callSign);
    assert.deepEqual(got.evac.nineLine!.patientsByPrecedence, state.evac.nineLine!.patientsByPrecedence);
    assert.equal(got.precedence.value, state.precedence.value);
    assert.deepEqual(got.triage.value, state.triage.value);
    assert.equal(got.injuredAt, state.injuredAt);
    const inj = (xs: typeof state.injuries) => xs.map((i) => `${i.region} ${i.view} ${i.kind}`).sort();
    assert.deepEqual(inj(got.injuries), inj(state.injuries));
    assert.deepEqual(
      got.tourniquets.map((t) => [t.limb, t.appliedAt, t.running]),
      state.tourniquets.map((t) => [t.limb, t.appliedAt, t.running]),
    );
    const lv = got.vitals.at(-1)!;
    const sv = state.vitals.at(-1)!;
    assert.deepEqual(
      [lv.pulse, lv.sbp, lv.rr, lv.spo2, lv.avpu, lv.at],
      [sv.pulse, sv.sbp, sv.rr, sv.spo2, sv.avpu, sv.at],
    );
    assert.deepEqual(new Set(got.treatments.map((t) => t.kind)), new Set(state.treatments.map((t) => t.kind)));
    if (form === 'card')
      assert.deepEqual(got.medications.map((m) => m.name).sort(), state.medications.map((m) => m.name).sort());
    else assert.ok(imp.notes.some((n) => n.includes('without name')));
    // receiving the same message again adds nothing new
    const again = radioToEvents(d.card, {
      now: '2026-03-01T10:41:00.000Z',
      deviceId: 'sms-gateway',
      author: 'dispatcher',
      key: 'k1',
    });
    assert.deepEqual(
      again.events.map((e) => e.id),
      imp.events.map((e) => e.id),
    );
  }
});
