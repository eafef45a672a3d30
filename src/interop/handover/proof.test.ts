// SYNC-23: a code admits once, so the door must know two texts for one code. A code is its signed part: ECDSA verifies
// s and n − s alike, so a copy with its signature re-encoded is another text of the same code and gets the same id;
// codes of other content (another record, another time) get other ids, whatever the signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { uuidv7 } from '../../core/index.ts';
import { makeChain } from '../../../test/support/events.ts';
import { exportPublicKey, fromQrText, newDeviceKeys, packHandover, SIGNATURE_BYTES, toQrText } from './code.ts';
import { readHandover } from './proof.ts';

const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const reEncoded = (text: string): string => {
  const bytes = fromQrText(text);
  const at = bytes.length - SIGNATURE_BYTES / 2;
  const s = BigInt(`0x${Buffer.from(bytes.subarray(at)).toString('hex')}`);
  bytes.set(Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex'), at);
  return toQrText(bytes);
};

test('SYNC-23 a hand-over code is identified by its signed part, not by its signature', async () => {
  const keys = await newDeviceKeys();
  const pub = await exportPublicKey(keys.publicKey);
  const cid = uuidv7();
  const events = makeChain(cid);
  const make = async (clockMs: number) => toQrText(await packHandover({ casualtyId: cid, signer: 'phone-a', author: 'medic-a', events, clockMs }, keys.privateKey));
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 }), async (t1, t2) => {
      const text = await make(t1);
      const [a, copy, again, other] = await Promise.all([readHandover(text), readHandover(reEncoded(text)), readHandover(await make(t1)), readHandover(await make(t2))]);
      assert.equal(await copy.verify(pub), true, 'the re-encoded signature verifies');
      assert.equal(copy.id, a.id);
      assert.equal(again.id, a.id, 'signed again (another signature): the same signed part');
      assert.equal(other.id === a.id, t1 === t2);
      assert.match(a.id, /^[0-9a-f]{64}$/);
    }),
    { numRuns: 30 },
  );
});
