// The live streams' read audit (stream-audit.ts) on a real trust database. Issue 16's mixed run: with 200 streams
// the five-second flush wrote 200 entries (each listing up to a thousand casualties) in one transaction; on SQLite
// that transaction is synchronous, so it held the server's event loop for one long stretch every five seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/policy.ts';
import { openTrust } from '../auth/trust.ts';
import type { StoredEvent } from '../core/index.ts';
import { uuidv7 } from '../core/index.ts';
import { STREAM_AUDIT_SLICE, StreamReadAudit } from './stream-audit.ts';
import * as streamAudit from './stream-audit.ts';
import type { AuditInput } from '../audit/log.ts';

const principal = (i: number): Principal => ({ username: `watcher-${i}`, role: 'dispatcher', units: [], facilities: [], deviceId: null, via: 'session' });
const shown = (casualties: string[], seq: number) => casualties.map((casualtyId, k) => ({ casualtyId, seq: seq + k }) as StoredEvent);

test('a flush of 200 streams\' reads is written in slices with the event loop turning between them; every entry once, in a chain that verifies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-stream-audit-'));
  const trust = await openTrust({ dataDir: dir });
  try {
    const audit = new StreamReadAudit(trust);
    const casualties = Array.from({ length: 120 }, () => uuidv7());
    const streams = Array.from({ length: 200 }, (_, i) => ({ req: { ip: '127.0.0.1' } as FastifyRequest, p: principal(i) }));
    for (const s of streams) audit.record(s.req, s.p, shown(casualties, 1));
    for (const s of streams) audit.record(s.req, s.p, shown(casualties.slice(0, 10), 500));
    const before = (await trust.audit.entries(0, 10_000)).length;
    // Count the loop's turns while the flush runs (a request waiting to be served needs one).
    let turns = 0;
    let flushing = true;
    const turn = () => {
      if (!flushing) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    await audit.flush();
    flushing = false;
    assert.ok(turns >= Math.ceil(200 / STREAM_AUDIT_SLICE) - 1, `the event loop turned ${turns} times during a flush of 200 entries (one synchronous transaction lets it turn none)`);
    const entries = (await trust.audit.entries(0, 10_000)).slice(before);
    assert.equal(entries.length, 200, 'one entry per stream');
    assert.deepEqual(entries.map((e) => e.actor).sort(), streams.map((s) => s.p.username).sort());
    for (const e of entries) {
      assert.equal(e.action, 'GET /api/stream');
      assert.equal((e.detail.casualties as string[]).length, 120, 'each casualty the stream sent, once');
      assert.equal(e.detail.through, 509);
      assert.equal(e.detail.pages, 2);
    }
    assert.ok((await trust.audit.verify()).ok, 'the chain verifies');
    await audit.flush();
    assert.equal((await trust.audit.entries(0, 10_000)).length - before, 200, 'a second flush with nothing pending writes nothing');
  } finally {
    await trust.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reads recorded while a sliced flush is being written are kept for the next flush, not lost or merged into it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-stream-audit-'));
  const trust = await openTrust({ dataDir: dir });
  try {
    const audit = new StreamReadAudit(trust);
    const c = uuidv7();
    const streams = Array.from({ length: 3 * STREAM_AUDIT_SLICE }, (_, i) => ({ req: { ip: '127.0.0.1' } as FastifyRequest, p: principal(i) }));
    for (const s of streams) audit.record(s.req, s.p, shown([c], 1));
    const first = audit.flush();
    // Between two slices: a stream reads another page.
    await new Promise((ok) => setImmediate(ok));
    audit.record(streams[0]!.req, streams[0]!.p, shown([c], 2));
    await first;
    await audit.flush();
    const entries = await trust.audit.entries(0, 10_000);
    const mine = entries.filter((e) => e.actor === streams[0]!.p.username);
    assert.deepEqual(mine.map((e) => e.detail.through), [1, 2], 'the first flush wrote the first read, the second the later one');
    assert.equal(entries.filter((e) => e.action === 'GET /api/stream').length, streams.length + 1);
  } finally {
    await trust.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('identical streams share their read sets: 200 streams over 3 intervals build each page\'s set once and list one set an interval', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-stream-audit-'));
  const trust = await openTrust({ dataDir: dir });
  try {
    // The entries as handed to the chain (the stored ones are parsed back, so no identity to see there).
    const handed: AuditInput[][] = [];
    const audit = new StreamReadAudit({ audit: { append: (inputs: AuditInput[]) => (handed.push(inputs), trust.audit.append(inputs)) } } as unknown as Pick<typeof trust, 'audit'>);
    const counts = (streamAudit as { readSetCounts?: { built: number; listed: number } }).readSetCounts;
    const start = { built: counts?.built ?? 0, listed: counts?.listed ?? 0 };
    const casualties = Array.from({ length: 300 }, () => uuidv7());
    const streams = Array.from({ length: 200 }, (_, i) => ({ req: { ip: '127.0.0.1' } as FastifyRequest, p: principal(i) }));
    const intervals = 3;
    const pages = 4;
    const before = (await trust.audit.entries(0, 10_000)).length;
    let seq = 1;
    for (let k = 0; k < intervals; k++) {
      handed.length = 0;
      for (let j = 0; j < pages; j++) {
        // The hub hands every caught-up stream the page's own array; each page reads 40 casualties, 20 of them new.
        const page = shown(casualties.slice(k * 50 + j * 20, k * 50 + j * 20 + 40), seq);
        seq += page.length;
        for (const s of streams) audit.record(s.req, s.p, page);
      }
      await audit.flush();
      const entries = handed.flat();
      assert.equal(entries.length, 200, 'one entry per stream per interval, as before');
      const lists = new Set(entries.map((e) => e.detail!.casualties));
      assert.equal(lists.size, 1, 'the 200 identical streams list one shared set');
      assert.deepEqual([...lists][0], casualties.slice(k * 50, k * 50 + (pages - 1) * 20 + 40), 'each casualty read, once, in the order first read');
    }
    assert.ok(counts, 'read sets are counted');
    assert.ok(counts.built - start.built <= intervals * pages, `sets built: ${counts.built - start.built} (at most one a page, not one a stream)`);
    assert.equal(counts.listed - start.listed, intervals, 'one set listed an interval');
    const stored = (await trust.audit.entries(0, 10_000)).slice(before);
    assert.equal(stored.length, intervals * 200);
    assert.deepEqual(stored[0]!.detail.casualties, casualties.slice(0, (pages - 1) * 20 + 40));
    assert.ok((await trust.audit.verify()).ok, 'the chain verifies');
  } finally {
    await trust.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a stream that read 1,200 casualties in an interval is audited as two entries naming all of them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-stream-audit-'));
  const trust = await openTrust({ dataDir: dir });
  try {
    const audit = new StreamReadAudit(trust);
    const casualties = Array.from({ length: 1200 }, () => uuidv7());
    const s = { req: { ip: '127.0.0.1' } as FastifyRequest, p: principal(0) };
    for (let i = 0; i < 1200; i += 300) audit.record(s.req, s.p, shown(casualties.slice(i, i + 300), i + 1));
    await audit.flush();
    const entries = (await trust.audit.entries(0, 10_000)).filter((x) => x.action === 'GET /api/stream');
    assert.deepEqual(entries.map((e) => e.detail.part), ['1/2', '2/2']);
    assert.deepEqual(entries.flatMap((e) => e.detail.casualties as string[]), casualties, 'every casualty read, in order');
    for (const e of entries) assert.equal(e.detail.pages, 4);
    assert.ok((await trust.audit.verify()).ok, 'the chain verifies');
  } finally {
    await trust.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
