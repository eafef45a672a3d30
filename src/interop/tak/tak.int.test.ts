import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoT } from '../cot/node-cot.ts';
import fc from 'fast-check';
import { StreamDecoder, frameStream, frameMesh, parseMesh, TakStream, TakMesh, TakBridge } from './index.ts';
import type { Protocol } from './index.ts';
import { casualtyMarker, MedevacDetail, facilityMarker, casualtyIdForTakUid } from '../cot/index.ts';
import { sampleCasualty } from '../sample.ts';
import { openSqliteStore } from '../../storage/sqlite.ts';
import { createMemoryBus } from '../../storage/bus.ts';
import { startTakService } from './service.ts';

const fixture = (name: string): string => readFileSync(new URL(`../cot/fixtures/${name}`, import.meta.url), 'utf8');
const NOW = '2026-03-01T10:45:00.000Z';
const sample = sampleCasualty({
  seed: 'tak-1',
  position: { lat: 48.58678, lon: 38.04631 },
  injuredAt: '2026-03-01T10:00:00.000Z',
  severity: 3,
});
const marker = (): CoT => casualtyMarker(sample.state, { now: NOW })!;
const medevacOf = (c: CoT) => MedevacDetail.parse((c.raw.event.detail as Record<string, unknown>)['_medevac_']);

test('stream framing: XML and protobuf messages survive any chunking', () => {
  const msgs = [
    marker(),
    new CoT(fixture('atak-9line-create.xml')),
    facilityMarker(
      {
        id: 'r1',
        name: 'R1 <west> & co',
        role: 'R1',
        position: { lat: 48.5, lon: 37.8 },
        hardened: false,
        status: 'normal',
        intake: 'normal',
        capabilities: [],
        beds: 6,
        surgicalTables: 0,
      },
      NOW,
    ),
  ];
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom<Protocol>('xml', 'protobuf'), { minLength: 3, maxLength: 3 }),
      fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }),
      (protos, cuts) => {
        const bytes = Buffer.concat(msgs.map((m, i) => Buffer.from(frameStream(m, protos[i]!))));
        const d = new StreamDecoder((e) => assert.fail(String(e)));
        const out: CoT[] = [];
        let at = 0;
        for (const c of cuts) {
          out.push(...d.push(bytes.subarray(at, at + c)));
          at += c;
        }
        out.push(...d.push(bytes.subarray(at)));
        assert.deepEqual(
          out.map((c) => c.uid()),
          msgs.map((c) => c.uid()),
        );
        assert.deepEqual(medevacOf(out[0]!)._attributes, medevacOf(new CoT(marker().to_xml()))._attributes);
      },
    ),
    { numRuns: 60 },
  );
  const p = frameStream(marker(), 'protobuf');
  assert.equal(p[0], 0xbf);
  const m = frameMesh(marker(), 'protobuf');
  assert.deepEqual([...m.subarray(0, 3)], [0xbf, 0x01, 0xbf]);
  assert.equal(parseMesh(m).uid(), marker().uid());
  // a bad message is reported and skipped; the stream goes on
  const errors: unknown[] = [];
  const d = new StreamDecoder((e) => errors.push(e));
  const out = d.push(
    Buffer.concat([Buffer.from('<event version="2.0"></event>'), Buffer.from(frameStream(marker(), 'xml'))]),
  );
  assert.equal(errors.length, 1);
  assert.equal(out.length, 1);
});

/** A minimal TAK peer (what a TAK Server or ATAK end is to us): collects what it receives, can send. */
function peer(server: net.Server, protocol: Protocol) {
  const received: CoT[] = [];
  let conn: TakStream | null = null;
  const connected = new Promise<TakStream>((resolve) => {
    server.on(server instanceof tls.Server ? 'secureConnection' : 'connection', (sock: net.Socket) => {
      conn = TakStream.accept(sock, protocol).onCot((c) => received.push(c));
      resolve(conn);
    });
  });
  return {
    received,
    connected,
    get conn() {
      return conn;
    },
  };
}

const until = async (cond: () => boolean, ms = 20_000): Promise<void> => { // generous: busy cores
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const listen = (s: net.Server): Promise<number> =>
  new Promise((r) => s.listen(0, '127.0.0.1', () => r((s.address() as net.AddressInfo).port)));

for (const protocol of ['xml', 'protobuf'] as const) {
  test(`plain TCP (${protocol}): the peer gets our marker with every _medevac_ attribute, we get its 9-line`, async () => {
    const server = net.createServer();
    const p = peer(server, protocol);
    const port = await listen(server);
    const client = await TakStream.tcp({ host: '127.0.0.1', port, protocol });
    const got: CoT[] = [];
    client.onCot((c) => got.push(c));
    await client.send(marker());
    await until(() => p.received.length === 1);
    assert.deepEqual(medevacOf(p.received[0]!)._attributes, medevacOf(new CoT(marker().to_xml()))._attributes);
    const peerConn = await p.connected;
    await peerConn.send(new CoT(fixture('atak-9line-create.xml')));
    await until(() => got.length === 1);
    assert.equal(got[0]!.raw.event._attributes.type, 'b-r-f-h-c');
    await client.close();
    await peerConn.close();
    await new Promise((r) => server.close(r));
  });
}

let certDir: string | null = null;
function certs(): Record<
  'ca' | 'serverKey' | 'serverCert' | 'clientKey' | 'clientCert' | 'rogueKey' | 'rogueCert',
  string
> {
  certDir ??= mkdtempSync(join(tmpdir(), 'gh-tak-tls-'));
  const d = certDir;
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: d, stdio: 'pipe' });
  const key = (name: string) =>
    ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', `${name}.key`);
  key('ca');
  ssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Golden Hour test TAK CA', '-days', '2', '-out', 'ca.crt');
  writeFileSync(join(d, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(d, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, ext, ca] of [
    ['server', 'server.ext', 'ca'],
    ['client', 'client.ext', 'ca'],
    ['rogue', 'client.ext', 'rogue'],
  ] as const) {
    key(name);
    if (name === 'rogue')
      ssl('req', '-x509', '-new', '-key', 'rogue.key', '-subj', '/CN=rogue', '-days', '2', '-out', 'rogue.crt');
    else {
      ssl(
        'req',
        '-new',
        '-key',
        `${name}.key`,
        '-subj',
        `/CN=${name === 'server' ? '127.0.0.1' : 'goldenhour-node'}`,
        '-out',
        `${name}.csr`,
      );
      ssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${ca}.crt`,
        '-CAkey',
        `${ca}.key`,
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        ext,
        '-out',
        `${name}.crt`,
      );
    }
  }
  const r = (f: string) => readFileSync(join(d, f), 'utf8');
  return {
    ca: r('ca.crt'),
    serverKey: r('server.key'),
    serverCert: r('server.crt'),
    clientKey: r('client.key'),
    clientCert: r('client.crt'),
    rogueKey: r('rogue.key'),
    rogueCert: r('rogue.crt'),
  };
}
after(() => {
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

test('TLS with client certificates (certificates made with openssl for this test): markers out, 9-line in; a stranger is refused', async () => {
  const c = certs();
  const server = tls.createServer({
    key: c.serverKey,
    cert: c.serverCert,
    ca: c.ca,
    requestCert: true,
    rejectUnauthorized: true,
  });
  const p = peer(server, 'xml');
  const port = await listen(server);
  const client = await TakStream.tls({ host: '127.0.0.1', port, cert: c.clientCert, key: c.clientKey, ca: c.ca });
  const got: CoT[] = [];
  client.onCot((x) => got.push(x));
  await client.send(marker());
  await until(() => p.received.length === 1);
  assert.deepEqual(medevacOf(p.received[0]!)._attributes, medevacOf(new CoT(marker().to_xml()))._attributes);
  const peerConn = await p.connected;
  await peerConn.send(new CoT(fixture('atak-9line-create.xml')));
  await until(() => got.length === 1);
  assert.equal(got[0]!.uid(), '7c1e2f0a-51b3-4c4e-9d7c-2a1b3c4d5e6f');

  // a client certificate the server's CA did not sign is refused
  const refused = TakStream.tls({ host: '127.0.0.1', port, cert: c.rogueCert, key: c.rogueKey, ca: c.ca }).then(
    async (s) => {
      // TLS 1.3: the server's refusal can arrive just after the handshake completes on the client side
      await new Promise<void>((resolve, reject) => {
        s.onError(() => resolve());
        setTimeout(() => reject(new Error('rogue client was not refused')), 2000).unref();
        s.send(marker()).catch(() => resolve());
      });
    },
  );
  await refused.catch(() => undefined);
  // we refuse a server whose certificate our CA did not sign
  await assert.rejects(
    TakStream.tls({ host: '127.0.0.1', port, cert: c.clientCert, key: c.clientKey, ca: c.rogueCert }),
  );
  assert.equal(p.received.length, 1, 'nothing from the rogue client reached the peer');
  await client.close();
  await peerConn.close();
  server.close();
});

test('mesh SA UDP on loopback: multicast 239.2.3.1 (TTL 1, loopback interface) or unicast fallback, XML and protobuf', async (t) => {
  const rx = await TakMesh.open({ port: 0, iface: '127.0.0.1' });
  const port = rx.port;
  const got: CoT[] = [];
  rx.onCot((c) => got.push(c));
  const txXml = await TakMesh.open({ port: 0, iface: '127.0.0.1', protocol: 'xml' });
  const txPb = await TakMesh.open({ port: 0, iface: '127.0.0.1', protocol: 'protobuf' });
  t.diagnostic(
    `multicast on loopback: ${rx.multicast ? 'joined 239.2.3.1' : 'unavailable — unicast 127.0.0.1 path tested'}`,
  );
  const address = rx.multicast && txXml.multicast ? '239.2.3.1' : '127.0.0.1';
  await txXml.send(marker(), { address, port });
  await txPb.send(new CoT(fixture('atak-9line-create.xml')), { address, port });
  try {
    await until(() => got.length >= 2, 1500);
  } catch {
    // multicast joined but not delivered in this sandbox: prove the datagram path over unicast instead
    t.diagnostic('multicast datagrams not delivered here; retrying over loopback unicast');
    await txXml.send(marker(), { address: '127.0.0.1', port });
    await txPb.send(new CoT(fixture('atak-9line-create.xml')), { address: '127.0.0.1', port });
    await until(() => got.length >= 2);
  }
  const types = got.map((c) => c.uid()).sort();
  assert.ok(types.includes(marker().uid()));
  assert.ok(types.includes('7c1e2f0a-51b3-4c4e-9d7c-2a1b3c4d5e6f'));
  await Promise.all([rx.close(), txXml.close(), txPb.close()]);
});

test('bridge over TCP with a real store: ATAK 9-line → casualty request; PLI → vehicle moves; our snapshot → peer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-tak-store-'));
  const store = await openSqliteStore({ dataDir: dir });
  try {
    await store.migrate();
    await store.putEntity('vehicle', {
      id: 'amb-1',
      kind: 'ambulance',
      litter: 2,
      seated: 2,
      medic: true,
      status: 'available',
      takUid: 'ANDROID-amb1-b7e5',
      position: { lat: 48.6, lon: 37.8 },
      updatedAt: '2026-03-01T10:00:00.000Z',
    });
    await store.putEntity('facility', {
      id: 'r2-kost',
      name: 'Forward surgical hospital',
      role: 'R2',
      position: { lat: 48.527, lon: 37.707 },
      hardened: false,
      status: 'normal',
      intake: 'normal',
      capabilities: [],
      beds: 14,
      surgicalTables: 2,
    });
    await store.append(sample.events, NOW);
    const bridge = new TakBridge({ store, now: () => NOW });
    const server = net.createServer();
    const p = peer(server, 'xml');
    const port = await listen(server);
    const client = await TakStream.tcp({ host: '127.0.0.1', port });
    const received: unknown[] = [];
    bridge.attach(client, (r) => received.push(r));
    const peerConn = await p.connected;
    await peerConn.send(new CoT(fixture('atak-9line-create.xml')));
    await peerConn.send(new CoT(fixture('atak-pli.xml')));
    await until(() => received.length === 2);
    const takCasualty = await store.casualty(casualtyIdForTakUid('7c1e2f0a-51b3-4c4e-9d7c-2a1b3c4d5e6f'));
    assert.equal(takCasualty?.state.stage, 'requested');
    assert.equal(takCasualty?.state.evac.nineLine?.security, 'P');
    assert.deepEqual((await store.getEntity('vehicle', 'amb-1'))?.position, { lat: 48.5712, lon: 37.9005 });

    await bridge.publish(await bridge.snapshot());
    await until(() => p.received.length === 3);
    const uids = p.received.map((c) => c.uid()).sort();
    // our sample casualty, the TAK casualty under its own TAK uid (no duplicate marker), the facility
    assert.deepEqual(
      uids,
      [`GH-CAS-${sample.state.id}`, 'GH-FAC-r2-kost', '7c1e2f0a-51b3-4c4e-9d7c-2a1b3c4d5e6f'].sort(),
    );
    await peerConn.send(new CoT(fixture('atak-9line-delete.xml')));
    await until(() => received.length === 3);
    assert.equal((await store.casualty(takCasualty!.id))?.state.evac.cancelled, true);

    // a change to our casualty re-sends its full marker; once closed, a t-x-d-d delete follows
    const closing = {
      id: '0190f1b2-7a3c-7def-8123-000000000001',
      casualtyId: sample.state.id,
      at: NOW,
      recordedAt: NOW,
      deviceId: 'd',
      author: 'a',
      type: 'outcome' as const,
      payload: { outcome: 'evacuated-onward' as const },
    };
    await store.append([closing], NOW);
    assert.equal(await bridge.changed([sample.state.id, takCasualty!.id]), 2);
    await until(() => p.received.length === 5);
    const last = p.received
      .slice(3)
      .map((c) => c.raw.event._attributes.type)
      .sort();
    assert.deepEqual(last, ['t-x-d-d', 't-x-d-d'], 'closed and cancelled requests are deleted in TAK');
    await client.close();
    await peerConn.close();
    server.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A sample casualty of a unit, with an open 9-line. */
function ofUnit(seed: string, unitId: string) {
  const s = sampleCasualty({ seed, position: { lat: 48.58, lon: 38.04 }, injuredAt: '2026-03-01T10:00:00.000Z', severity: 3 });
  return s.events.map((e) => (e.type === 'registered' ? ({ ...e, payload: { ...e.payload, unitId } } as typeof e) : e));
}

test('issue 14: the TAK link shows only the casualties of its configured units, with a stale time of minutes, refreshed before it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-tak-scope-'));
  const store = await openSqliteStore({ dataDir: dir });
  const server = net.createServer();
  const p = peer(server, 'xml');
  const port = await listen(server);
  const bus = createMemoryBus();
  const now = () => new Date().toISOString();
  const ours = ofUnit('scope-ours', '1-coy');
  const theirs = ofUnit('scope-theirs', '2-coy');
  const unitless = ofUnit('scope-none', '1-coy').map((e) => (e.type === 'registered' ? ({ ...e, payload: { ...e.payload, unitId: undefined } } as typeof e) : e));
  let svc: ReturnType<typeof startTakService> | null = null;
  try {
    await store.migrate();
    await store.append([...ours, ...theirs, ...unitless], NOW);
    svc = startTakService({ store, bus, url: `tcp://127.0.0.1:${port}`, scope: { units: ['1-coy'] }, refreshMs: 300, now });
    await svc.ready;
    const uidOf = (events: { casualtyId: string }[]) => `GH-CAS-${events[0]!.casualtyId}`;
    const seen = () => p.received.filter((c) => c.uid() === uidOf(ours));
    // Refreshed while nothing changes: the marker would otherwise vanish from TAK after its stale time.
    await until(() => seen().length >= 3, 20_000);
    for (const c of seen()) {
      const a = c.raw.event._attributes;
      const staleMin = (Date.parse(a.stale) - Date.parse(a.time)) / 60_000;
      assert.ok(staleMin >= 1 && staleMin <= 15, `stale after ${staleMin} min`);
    }
    // A change to an out-of-scope casualty goes out to nobody.
    const note = { id: '0190f1b2-7a3c-7def-8123-0000000000aa', casualtyId: theirs[0]!.casualtyId, at: NOW, recordedAt: NOW, deviceId: 'd', author: 'a', type: 'note' as const, payload: { text: 'x' } };
    await store.append([note], NOW);
    bus.publish({ type: 'appended', head: await store.head() });
    const before = seen().length;
    await until(() => seen().length >= before + 2, 20_000);
    const uids = new Set(p.received.map((c) => c.uid()));
    assert.ok(!uids.has(uidOf(theirs)), 'a casualty of another unit never reaches TAK');
    assert.ok(!uids.has(uidOf(unitless)), 'a casualty of no unit is outside a unit scope');
    for (const c of p.received) {
      const a = c.raw.event._attributes;
      assert.ok(Date.parse(a.stale) - Date.parse(a.time) <= 15 * 60_000, `${c.uid()}: stale within minutes`);
    }
  } finally {
    await svc?.stop();
    await p.conn?.close();
    server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
