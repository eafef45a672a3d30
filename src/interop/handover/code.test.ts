// Hand-over codes (issue 17): round trip keeps every event's id, type, time and payload; any changed byte is refused
// (open fails or the signature does not verify); another device's key does not verify.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { uuidv7 } from '../../core/index.ts';
import { makeChain, makeEvent, at } from '../../../test/support/events.ts';
import { exportPublicKey, fromQrText, newDeviceKeys, openHandover, packHandover, packHandoverLeaving, toQrText, verifyHandover, HandoverError, MAX_CODE_BYTES } from './code.ts';
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

  it('SYNC-25: a long card still fits, leaving out older vitals, then the oldest notes, and the code says how many', async () => {
    const cid = uuidv7();
    const words = (i: number) => Array.from({ length: 40 }, (_, k) => ((i * 7919 + k * 104729) % 99991).toString(36)).join(' '); // deflates little
    const events = [...makeChain(cid), ...Array.from({ length: 40 }, (_, i) => makeEvent('vitals', cid, { pulse: 80 + i, spo2: 95 }, at(10 + i))),
      ...Array.from({ length: 22 }, (_, i) => makeEvent('note', cid, { text: `note ${i}: ${words(i)}` }, at(60 + i)))];
    const { code, left } = await packHandoverLeaving({ casualtyId: cid, signer: 'phone-a', author: 'medic-a', events }, a.privateKey);
    assert.ok(code.length <= MAX_CODE_BYTES, `${code.length} bytes`);
    const opened = await openHandover(code, receiver);
    assert.ok(opened.card.events.some((e) => e.type === 'tourniquet.applied'));
    const carried = new Set(opened.card.events.map((e) => e.id));
    const notesLeft = left.filter((e) => e.type === 'note');
    assert.equal(left.filter((e) => e.type === 'vitals').length, 38, 'the latest two vitals stay');
    assert.ok(notesLeft.length > 0 && notesLeft.length < 22, `some notes left: ${notesLeft.length}`);
    // The oldest notes go: every note carried is newer than every note left out.
    const carriedNotes = events.filter((e) => e.type === 'note' && carried.has(e.id));
    assert.ok(carriedNotes.every((c) => notesLeft.every((l) => l.at < c.at)));
    assert.deepEqual(opened.card.left, { vitals: 38, note: notesLeft.length }, 'the receiver is told what is not there');
    assert.equal(carried.size + left.length, events.length, 'each record carried or said left out');
    const short = await openHandover(await packHandover({ casualtyId: cid, signer: 'phone-a', author: 'medic-a', events: makeChain(cid) }, a.privateKey), receiver);
    assert.equal('left' in short.card, false, 'a card that fits leaves nothing out and says nothing');
  });

  it('SYNC-25: whatever the card, every record is carried or said left out, and only vitals and notes are left', async () => {
    const cid = uuidv7();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.array(fc.stringMatching(/^[A-Za-z0-9 ,.:;-]{0,400}$/), { maxLength: 30 }), async (nv, texts) => {
        const events = [...makeChain(cid), ...Array.from({ length: nv }, (_, i) => makeEvent('vitals', cid, { pulse: 60 + i }, at(10 + i))),
          ...texts.map((text, i) => makeEvent('note', cid, { text: text.trim() || '-' }, at(20 + i)))];
        const { code, left } = await packHandoverLeaving({ casualtyId: cid, signer: 'phone-a', author: 'medic-a', events }, a.privateKey);
        const opened = await openHandover(code, receiver);
        assert.equal(opened.card.events.length + left.length, events.length);
        assert.ok(left.every((e) => e.type === 'vitals' || e.type === 'note'));
        const n = (type: string) => left.filter((e) => e.type === type).length;
        assert.deepEqual(opened.card.left ?? {}, Object.fromEntries([['vitals', n('vitals')], ['note', n('note')]].filter(([, k]) => k)));
        if (n('note')) assert.equal(n('vitals'), Math.max(0, nv - 2), 'notes go only after the older vitals');
      }),
      { numRuns: 25 },
    );
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
