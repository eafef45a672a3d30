// The one pure policy table's field rules (session 17): what a role may change on an entity route, and of which rows.
// Facility staff update their own facility's free capacity, status and intake; its role, capabilities, place, unit
// and name are what the planner trusts (an administrator's to set). Other roles' entity writes are not narrowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Principal, Role } from './policy.ts';
import { FIELD_RULES, ROLES, canSeeCasualty, entityWriteDenial, hiddenFrom, mayKnowHead, seesAll } from './policy.ts';

const who = (role: Role, facilities: string[] = []): Principal => ({ username: `${role}-1`, role, units: [], facilities, deviceId: null, via: 'session' });
const PATCH = 'PATCH /api/facilities/:id';

test('field rules: facility staff may change only bedsAvailable, tablesAvailable, status, intake (and the stamp) of their own facility', () => {
  const clerk = who('facility', ['r2']);
  assert.deepEqual([...FIELD_RULES.facility![PATCH]!.fields].sort(), ['bedsAvailable', 'intake', 'status', 'tablesAvailable', 'updatedAt']);
  assert.equal(entityWriteDenial(clerk, PATCH, 'r2', { bedsAvailable: 0, intake: 'closed' }), null);
  assert.equal(entityWriteDenial(clerk, PATCH, 'r2', {}), null);
  assert.match(entityWriteDenial(clerk, PATCH, 'r2', { bedsAvailable: 1, role: 'R3', capabilities: [] }) ?? '', /not capabilities, role/);
  assert.match(entityWriteDenial(clerk, PATCH, 'r1', { bedsAvailable: 1 }) ?? '', /only their own facility/);
  assert.match(entityWriteDenial(clerk, 'POST /api/facilities', undefined, { id: 'r9' }) ?? '', /only their own facility/);
  assert.match(entityWriteDenial(clerk, 'POST /api/threat-zones', undefined, { id: 'tz' }) ?? '', /only their own facility/);
  assert.match(entityWriteDenial(clerk, PATCH, 'r2', null) ?? 'allowed', /allowed/, 'no body: no field to refuse');
});

test('field rules: any body a facility clerk sends is allowed exactly when every field is in the rule and the facility is theirs (property)', () => {
  const fields = ['bedsAvailable', 'tablesAvailable', 'status', 'intake', 'updatedAt', 'role', 'capabilities', 'position', 'unitId', 'name', 'beds'];
  fc.assert(fc.property(fc.subarray(fields), fc.constantFrom('r1', 'r2'), (keys, id) => {
    const body = Object.fromEntries(keys.map((k) => [k, 1]));
    const ok = id === 'r2' && keys.every((k) => FIELD_RULES.facility![PATCH]!.fields.includes(k));
    assert.equal(entityWriteDenial(who('facility', ['r2']), PATCH, id, body) === null, ok);
  }));
});

test('field rules: roles without one are not narrowed (the access class decides whether they write at all)', () => {
  for (const role of ROLES.filter((r) => r !== 'facility'))
    assert.equal(entityWriteDenial(who(role), PATCH, 'r2', { role: 'R3', name: 'x' }), null, role);
});

test('hiddenFrom is the read rule for writers (a process sees everything); mayKnowHead only for those who see every casualty (property)', () => {
  const units = ['a-coy', 'b-coy'];
  fc.assert(fc.property(fc.constantFrom(...ROLES), fc.subarray(units), fc.subarray(['r2', 'r3']), fc.option(fc.constantFrom(...units), { nil: null }), fc.boolean(), (role, us, fs, unitId, author) => {
    const p: Principal = { username: 'u-1', role, units: us, facilities: fs, deviceId: null, via: 'session' };
    const c = { unitId, facilityId: null, destinationId: 'r2', authors: author ? ['u-1'] : ['someone'] };
    assert.equal(hiddenFrom(p, c), !canSeeCasualty(p, c));
    assert.equal(hiddenFrom(null, c), false, 'a process of this server');
    assert.equal(hiddenFrom(p, null), false, 'an unknown id hides nothing');
    assert.equal(mayKnowHead(p), seesAll(p));
  }));
  assert.equal(mayKnowHead(null), false);
  assert.equal(mayKnowHead(who('analyst')), false);
  assert.equal(mayKnowHead(who('admin')), true);
});
