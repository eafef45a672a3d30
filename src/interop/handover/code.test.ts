// Hand-over codes (issue 17): round trip keeps every event's id, type, time and payload; any changed byte is refused
// (open fails or the signature does not verify); another device's key does not verify.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { uuidv7 } from '../../core/index.ts';
import { makeChain, makeEvent, at } from '../../../test/support/events.ts';
import { exportPublicKey, fromQrText, newDeviceKeys, openHandover, packHandover, toQrText, verifyHandover, HandoverError, MAX_CODE_BYTES } from './code.ts';
import { qrMatrix } from '../../../web/src/qr/render.ts';

const receiver = { deviceId: 'phone-b', author: 'medic-b', now: at(90) };
let a: CryptoKeyPair;
let b: CryptoKeyPair;
before(async () => {
  a = await newDeviceKeys();
  b = await newDeviceKeys();
});

describe('hand-over code', () => {
  it('round trip: the same events (ids kept), verified with the signer’s key only', async () => {
    const cid = uuidv7();
    const events = makeChain(cid);
    const code = await packHandover({ casualtyId: cid, signer: 'phone-a', author: 'medic-a', events, clockMs: Date.parse(at(89)) }, a.privateKey);
    assert.ok(code.length <= MAX_CODE_BYTES, `${code.length} bytes`);
    const opened = await openHandover(code, receiver);
    assert.equal(opened.card.casualtyId, cid);
    assert.equal(opened.card.clockMs, Date.parse(at(89)), 'the sender’s clock travels (SYNC-15)');
    assert.equal(opened.card.signer, 'phone-a');
    const key = (e: { id: string; type: string; at: string; payload: unknown }) => JSON.stringify([e.id, e.type, e.at, e.payload]);
    assert.deepEqual(opened.card.events.map(key).sort(), events.map(key).sort());
    assert.ok(opened.card.events.every((e) => e.deviceId === 'phone-b' && e.author === 'medic-b'));
    assert.equal(await verifyHandover(opened, await exportPublicKey(a.publicKey)), true);
    assert.equal(await verifyHandover(opened, await exportPublicKey(b.publicKey)), false, 'another device’s key');
  });

  it('any single changed byte is refused: unreadable, or not verified', async () => {
    const cid = uuidv7();
    const code = await packHandover({ casualtyId: cid, signer: 'phone-a', author: 'medic-a', events: makeChain(cid) }, a.privateKey);
    const pub = await exportPublicKey(a.publicKey);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: code.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const bad = code.slice();
        bad[i] = bad[i]! ^ x;
        try {
          const opened = await openHandover(bad, receiver);
          assert.equal(await verifyHandover(opened, pub), false);
        } catch (e) {
          assert.ok(e instanceof HandoverError, String(e));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('SYNC-24: the facility a code is for travels signed; a code without one opens without it; a bad one is damage', async () => {
    const cid = uuidv7();
    const events = makeChain(cid).slice(0, 1);
    const pub = await exportPublicKey(a.publicKey);
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/), async (facility) => {
        const opened = await openHandover(await packHandover({ casualtyId: cid, signer: 'phone-a', author: 'medic-a', events, facility }, a.privateKey), receiver);
        assert.equal(opened.card.facility, facility);
        assert.equal(await verifyHandover(opened, pub), true);
      }),
      { numRuns: 20 },
    );
    const old = await openHandover(await packHandover({ casualtyId: cid, signer: 'phone-a', author: 'medic-a', events }, a.privateKey), receiver);
    assert.equal('facility' in old.card, false);
    // Signed by the device that made it, but not a facility id: refused as any damaged body.
    await assert.rejects(openHandover(await packHandover({ casualtyId: cid, signer: 'phone-a', author: 'medic-a', events, facility: 'r2 a\n' }, a.privateKey), receiver), HandoverError);
  });

  it('a long card still fits: notes and the oldest vitals are left out first', async () => {
    const cid = uuidv7();
    const events = [...makeChain(cid), ...Array.from({ length: 40 }, (_, i) => makeEvent('vitals', cid, { pulse: 80 + i, spo2: 95 }, at(10 + i))),
      ...Array.from({ length: 10 }, (_, i) => makeEvent('note', cid, { text: `note ${i} `.repeat(30) }, at(60 + i)))];
    const code = await packHandover({ casualtyId: cid, signer: 'phone-a', author: 'medic-a', events }, a.privateKey);
    assert.ok(code.length <= MAX_CODE_BYTES, `${code.length} bytes`);
    const opened = await openHandover(code, receiver);
    assert.ok(opened.card.events.some((e) => e.type === 'tourniquet.applied'));
  });
});

describe('hand-over code as QR text (Base45)', () => {
  it('round trips any bytes, and uses only the QR alphanumeric set', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = toQrText(bytes);
        assert.match(text, /^[0-9A-Z $%*+\-./:]*$/);
        assert.deepEqual(fromQrText(text), bytes);
      }),
    );
  });

  it('a typical card: the code and the QR it needs', async () => {
    const cid = uuidv7();
    const code = await packHandover({ casualtyId: cid, signer: 'web-0123456789ab', author: 'medic', events: makeChain(cid) }, a.privateKey);
    const text = toQrText(code);
    const asText = qrMatrix(text, 'L').version;
    const asBytes = qrMatrix(code, 'L').version;
    assert.ok(asText <= asBytes + 2, `alphanumeric QR version ${asText} vs bytes ${asBytes}`);
    console.log(`typical card (${makeChain(cid).length} events): code ${code.length} B, QR text ${text.length} chars, QR version ${asText} (L)`);
  });
});
