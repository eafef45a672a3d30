// The throttles are per address, and an IPv6 host holds a whole /64 (2^64 addresses, by SLAAC and privacy addresses
// with no privilege): each request from a new address of it took a fresh bucket, so enrolment-code guessing, the
// per-address sign-in throttle and the API's per-address limit held no one who rotates the last 64 bits. An IPv6
// address now counts by its /64 (an IPv4-mapped one as its IPv4 address); another /64 is another bucket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestApp } from '../support/auth.ts';

test('the throttles count an IPv6 address by its /64, not each address of it', async (c) => {
  const t = await authTestApp({ trustOptions: { rateLimit: { burst: 1000, perSecond: 1000 } } });
  c.after(() => t.close());
  const enrol = async (remoteAddress: string): Promise<number> =>
    (await t.app.inject({ method: 'POST', url: '/api/auth/enrol', remoteAddress, payload: { code: 'WRONG-CODE-0000' } })).statusCode;
  // Twenty guesses, each from a new address of one /64 (the enrolment throttle: 10, then one per 2 s).
  const codes: number[] = [];
  for (let i = 1; i <= 20; i++) codes.push(await enrol(`2001:db8:5:6:${i.toString(16)}::${i}`));
  assert.ok(codes.includes(429), `no refusal from one /64: ${codes}`);
  // Written another way, the same /64 is the same bucket; another /64 is not throttled by it.
  assert.equal(await enrol('2001:0db8:0005:0006:ffff:ffff:ffff:ffff'), 429);
  assert.equal(await enrol('2001:db8:5:7::1'), 401);
  assert.equal(await enrol('::ffff:192.0.2.7'), 401);
});
