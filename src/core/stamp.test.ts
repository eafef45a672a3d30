import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stamped, unstamped } from './events.ts';
import { canonical } from './canonical.ts';
import { arbCasualtyLog } from '../../test/support/fold-arbitraries.ts';

describe('stamped / unstamped: the receiver\'s seq and receipt time come and go, the event stays', () => {
  it('unstamped(stamped(e)) is e, byte for byte, and a plain event is left as it is', () => {
    fc.assert(
      fc.property(arbCasualtyLog('c-1', 8), fc.nat(), fc.date({ noInvalidDate: true }), (log, seq, d) => {
        for (const e of log) {
          const s = stamped(e, seq, d.toISOString());
          assert.equal(s.seq, seq);
          assert.equal(s.receivedAt, d.toISOString());
          assert.equal(canonical(unstamped(s)), canonical(e));
          assert.equal(canonical(unstamped(e)), canonical(e));
          assert.ok(!('seq' in unstamped(s)) && !('receivedAt' in unstamped(s)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
