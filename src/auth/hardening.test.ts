import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addressKey, contentSecurityPolicy, parseMapOrigins, SECURITY_HEADERS } from './hardening.ts';

test('CSP: same-origin by default; operator-set map origins only widen img-src and connect-src', () => {
  assert.equal(contentSecurityPolicy(), SECURITY_HEADERS['content-security-policy']);
  const csp = contentSecurityPolicy(parseMapOrigins('https://tiles.field.lan:8443, http://10.0.0.5'));
  assert.match(csp, /img-src 'self' data: blob: https:\/\/tiles\.field\.lan:8443 http:\/\/10\.0\.0\.5;/);
  assert.match(csp, /connect-src 'self' https:\/\/tiles\.field\.lan:8443 http:\/\/10\.0\.0\.5;/);
  assert.match(csp, /script-src 'self';/, 'scripts stay same-origin');
  assert.deepEqual(parseMapOrigins(undefined), []);
  for (const bad of ["https://x.org; script-src *", 'javascript:alert(1)', 'https://x.org/path', '*'])
    assert.throws(() => parseMapOrigins(bad), /MAP_ORIGINS/);
});

test('addressKey: an IPv6 address by its /64 however it is written; IPv4 (and IPv4-mapped) as the IPv4 address', () => {
  const group = fc.integer({ min: 0, max: 0xffff });
  fc.assert(
    fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), fc.array(group, { minLength: 4, maxLength: 4 }), (g, other) => {
      const full = g.map((x) => x.toString(16).padStart(4, '0')).join(':');
      const short = new URL(`http://[${full}]/`).hostname.slice(1, -1); // the canonical compressed form
      const key = `${g.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
      assert.equal(addressKey(full), key);
      assert.equal(addressKey(short), key);
      assert.equal(addressKey(full.toUpperCase()), key);
      // Any address of that /64 is the same key; another /64 is another.
      assert.equal(addressKey([...g.slice(0, 4), ...other].map((x) => x.toString(16)).join(':')), key);
      const moved = [...g.slice(0, 3), (g[3]! + 1) % 0x10000, ...g.slice(4)];
      assert.notEqual(addressKey(moved.map((x) => x.toString(16)).join(':')), key);
    }),
  );
  assert.equal(addressKey('192.0.2.7'), '192.0.2.7');
  assert.equal(addressKey('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(addressKey('::1'), '0:0:0:0::/64');
  assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(addressKey('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64');
  assert.equal(addressKey('not an address'), 'not an address');
});
