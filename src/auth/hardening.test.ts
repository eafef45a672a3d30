import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, parseMapOrigins, SECURITY_HEADERS } from './hardening.ts';

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
