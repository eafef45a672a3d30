// Seeded convergence fuzzer (docs/sync.md "Proof"). Devices and servers (one rear, field boxes) replicate through a
// faulty network: partitions, dropped/duplicated/delayed requests, stale (reordered) answers, crashes and restarts
// that keep only durable state, and device clocks skewed by hours. After the chaos the network heals; then every
// replica must hold the same events and fold every casualty identically, every acknowledged event must be present,
// and every outbox must be empty. The protocol code under test is the production code in protocol.ts.
import { canonical, correctTimes, findUnstorableText, fold, parseEvent } from '../../src/core/index.ts';
import type { CasualtyEvent } from '../../src/core/index.ts';
import { adoptStoredCorrections, checkInstant, parseBatch } from '../../src/log/validate.ts';
import { LogError } from '../../src/log/errors.ts';
import { sameContent } from '../../src/storage/common.ts';
import { Device, newDeviceDisk, servePull, servePush, syncPeer, MemoryPeerState } from '../../src/sync/protocol.ts';
import type { Cursor, DeviceDisk, EventLog, PullPage, PushAck, Remote, ScopedPullPage, SyncHooks } from '../../src/sync/protocol.ts';
import { newCursorKey, openCursor, sealCursor } from '../../src/auth/cursor-token.ts';

/** One key for the run; every device pulls as one user, so a stale answer to another device opens (as over HTTP it would not need to). */
const cursorKey = newCursorKey();
/** The numeric page sealed as the pull route seals a scoped caller's: a token to resume from, no seq, `more`. */
async function sealedPull(log: EventLog, after: Cursor, limit: number): Promise<ScopedPullPage> {
  const from = typeof after === 'string' ? openCursor(cursorKey, 'device', after) : 0;
  if (from === null) throw new Error(`a cursor the fuzzer's server did not make: ${after}`);
  const p = await servePull(log, from, limit);
  return { after: typeof after === 'string' ? after : 0, events: p.events.map(({ seq: _seq, ...e }) => e), next: sealCursor(cursorKey, 'device', p.next), more: p.next < p.head };
}
import { MemoryLog } from './memory-log.ts';
import { MAX_DRIFT_MS, parseHlc } from '../../src/sync/hlc.ts';
import { mulberry32 } from '../../src/sim/rng.ts';


class NetError extends Error {}
class Crash extends Error {}
/** A server's refusal for good (4xx): the client sets the event aside (SYNC-14). */
class Refused extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(`HTTP ${status} ${message}`);
    this.status = status;
  }
}

export interface SimOptions {
  /**
   * Deliberate faults. `noTextBoundary` and `idOnlyIdempotency` plant the behaviour the server had before issue 14
   * items 4 and 6: no refusal of text PostgreSQL cannot store (a SQLite replica keeps it, a PostgreSQL one fails with
   * 500 on every push holding it), and a re-used id counted as a duplicate whatever its content.
   */
  bugs?: NonNullable<SyncHooks['bugs']> & {
    ackBeforeDurable?: boolean;
    noTextBoundary?: boolean;
    idOnlyIdempotency?: boolean;
    /** Issue 14 item 5 before the fix: every session that names no device writes as device `web`. */
    sharedWebDevice?: boolean;
    /** Before SYNC-16 / item 7: an implausible time (a clock hours fast) is refused with 400. */
    refuseClock?: boolean;
    /** Before item 7: `goldenhour import` appends the file's events as they are, past the door's validation. */
    importSkipsValidation?: boolean;
  };
  /**
   * Content faults (issue 14 "the fuzzer must have caught these"): replicas of mixed kinds (SQLite, PostgreSQL),
   * writers recording text one kind accepts and the other refuses (NUL), and writers re-using an id with other content.
   */
  contentFaults?: boolean;
  /**
   * Writer faults (issue 14, on top of the content faults): every server takes writes through a model of the
   * casualty log's door (the production validation and clock rule of src/log/validate.ts); web sessions write without
   * a device id, with clocks hours off, straight to a server; files are imported; some clients leave the time fixing
   * to the server. No event of an honest writer may be refused, and no two writers may share a device identity.
   */
  writerFaults?: boolean;
  /** Check that every recorded event is a valid event by the core schema (slower; on in the unit subset). */
  validate?: boolean;
}

export interface SimResult {
  seed: number;
  ok: boolean;
  failures: string[];
  stats: { devices: number; servers: number; steps: number; events: number; acks: number; crashes: number; faults: number; rounds: number };
}

const BASE_MS = Date.parse('2026-11-20T06:00:00.000Z');

interface ServerNode {
  id: string;
  kind: 'sqlite' | 'postgres';
  log: MemoryLog;
  peer: MemoryPeerState;
  busy: boolean;
}
interface DeviceNode {
  id: string;
  disk: DeviceDisk;
  dev: Device;
  skewMs: number;
  facility: string | null;
  busy: boolean;
  life: { dead: boolean };
  /** Wall clock of the device when it first held each event (to know which stamps it could adopt). */
  seenAt: Map<string, number>;
  /** The app has measured its clock against a server (it then records in corrected time, as web/src/store.ts does). */
  measured?: boolean;
}
/** What the door fills in for a writer: its name and device, and the device's clock when it sent (x-device-time). */
interface Writer {
  author: string;
  deviceId: string;
  sentMs?: number;
  /** Events of a file (`goldenhour import`): no device clock to correct by. */
  imported?: boolean;
}
/** A web session that names no device, on one server, with its own clock; it re-sends until it gets an answer. */
interface SessionNode {
  id: string;
  server: ServerNode;
  skewMs: number;
  /** Sends its clock (x-device-time) for the server to correct by; else an implausible time is kept at receipt. */
  sendsTime: boolean;
  pending: CasualtyEvent[][];
  busy: boolean;
}

export async function runCase(seed: number, opts: SimOptions = {}): Promise<SimResult> {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const uuid = (): string => {
    const h = () => Math.floor(rnd() * 16).toString(16);
    const s = (n: number) => Array.from({ length: n }, h).join('');
    return `${s(8)}-${s(4)}-7${s(3)}-${pick(['8', '9', 'a', 'b'])}${s(3)}-${s(12)}`;
  };
  const failures: string[] = [];
  const fail = (m: string) => {
    if (failures.length < 20) failures.push(m);
  };

  let simMs = BASE_MS;
  const rates = {
    dropReq: rnd() * 0.15,
    dropRes: rnd() * 0.15,
    dup: rnd() * 0.1,
    delay: rnd() * 0.1,
    stale: rnd() * 0.1,
    crash: rnd() * 0.05,
    partition: rnd() * 0.3,
  };
  let faultsOn = true;
  let faults = 0;
  let crashes = 0;
  let acks = 0;

  const wf = opts.writerFaults ?? false;
  const cf = (opts.contentFaults ?? false) || wf;
  const servers: ServerNode[] = [{ id: 'rear', kind: cf ? 'postgres' : 'sqlite', log: new MemoryLog(), peer: new MemoryPeerState(), busy: false }];
  const nFields = cf ? int(1, 2) : int(0, 2);
  for (let i = 0; i < nFields; i++) servers.push({ id: `field${i}`, kind: cf && chance(0.3) ? 'postgres' : 'sqlite', log: new MemoryLog(), peer: new MemoryPeerState(), busy: false });
  /** Events some replica refused for good, visibly (a device's rejected list or a server's set-aside list). */
  const setAside = new Set<string>();
  /** Events refused straight to their writer (a session's answer), with the reason. */
  const refused = new Map<string, string>();
  /** Which writer (device, session, import) recorded each event. */
  const writerOf = new Map<string, string>();
  /** Events that may rightly be refused: planted unstorable text, and ids a foreign writer re-used. */
  const planted = new Set<string>();
  const contentOf = (e: CasualtyEvent) => canonical(stripSeq({ ...e, hlc: undefined } as CasualtyEvent));
  /** Text the HTTP layer refuses before the door (src/server/errors.ts installTextGuard). */
  const textBoundary = (s: ServerNode, events: readonly CasualtyEvent[]) => {
    if (!cf) return;
    for (const e of events) {
      const bad = findUnstorableText(e);
      if (bad && !opts.bugs?.noTextBoundary) throw new Refused(400, `${bad.path}: ${bad.message}`);
      if (bad && s.kind === 'postgres') throw new NetError(`HTTP 500 invalid byte sequence for encoding "UTF8": 0x00`);
    }
  };
  /** The store's idempotency by content (src/storage/common.ts): an id names one event forever. */
  const idBoundary = (s: ServerNode, events: readonly CasualtyEvent[]) => {
    if (!cf) return;
    for (const e of events) {
      const had = s.log.byId.get(e.id);
      const same = had && (wf ? sameContent(had, e) : contentOf(had) === contentOf(e));
      if (had && !opts.bugs?.idOnlyIdempotency && !same) throw new Refused(409, `event ${e.id} exists with other content`);
    }
  };
  /**
   * The casualty log's door as a writer meets it (src/log/service.ts): the production validation with its clock rule
   * (parseBatch: nothing refused for a clock, kept at receipt and marked when implausible), the writer's envelope
   * (author, device) for what an event leaves out, and a re-sent event the server corrected counted as itself.
   */
  const door = (s: ServerNode, events: readonly CasualtyEvent[], w: Writer): CasualtyEvent[] => {
    if (!wf || (w.imported && opts.bugs?.importSkipsValidation)) return [...events];
    if (opts.bugs?.refuseClock)
      for (const e of events) {
        const bad = checkInstant(e.at, 'at', now()) ?? checkInstant(e.recordedAt, 'recordedAt', now());
        if (bad) throw new Refused(400, `${bad.path} ${bad.message}`);
      }
    const groups = new Map<string, CasualtyEvent[]>();
    for (const e of events) groups.set(e.casualtyId, [...(groups.get(e.casualtyId) ?? []), e]);
    const out: CasualtyEvent[] = [];
    for (const [cid, g] of groups) {
      try {
        out.push(...parseBatch(cid, g, { author: w.author, deviceId: w.deviceId }, now(), w.sentMs));
      } catch (e) {
        if (e instanceof LogError) throw new Refused(e.status, e.message);
        throw e;
      }
    }
    return adoptStoredCorrections(out, s.log.byId);
  };
  /** A write arriving at a server: the HTTP boundary, the door, the store. */
  const accept = (s: ServerNode, events: readonly CasualtyEvent[], w: Writer) => {
    textBoundary(s, events);
    const ready = door(s, events, w);
    idBoundary(s, ready);
    return servePush(s.log, ready, now());
  };
  /** A server's log as its own upstream loop uses it: what it pulls enters through its door too. */
  const localLog = (s: ServerNode): EventLog => ({
    append: (events) => accept(s, events, { author: 'upstream', deviceId: 'upstream' }),
    eventsAfter: (a, l) => s.log.eventsAfter(a, l),
    head: () => s.log.head(),
  });
  for (const s of servers) s.log.ackBeforeDurable = opts.bugs?.ackBeforeDurable ?? false;
  const rear = servers[0]!;
  const facilities = ['role1-a', 'role2-b'];
  const acked = new Map<string, Set<string>>(servers.map((s) => [s.id, new Set<string>()]));
  const recorded = new Set<string>();
  const down = new Set<string>(); // nodes cut off by a partition

  const hooks = (life: { dead: boolean } = { dead: false }): SyncHooks => ({
    crashPoint: () => {
      if (life.dead) throw new Crash('killed'); // a restarted device's old process runs no further
      if (faultsOn && chance(rates.crash)) throw new Crash('crash');
    },
    onAck: (serverId, ids) => {
      acks += ids.length;
      for (const id of ids) acked.get(serverId)!.add(id);
    },
    ...(opts.bugs ? { bugs: opts.bugs } : {}),
  });

  const nDevices = int(2, 5);
  const devices: DeviceNode[] = [];
  for (let i = 0; i < nDevices; i++) {
    const skewMs = pick([0, 0, int(-6, 6) * 3_600_000, int(-300, 300) * 1000]);
    const disk = newDeviceDisk(`dev${i}`);
    const node: DeviceNode = { id: `dev${i}`, disk, skewMs, facility: i === 0 ? pick(facilities) : null, busy: false, seenAt: new Map(), life: { dead: false } } as DeviceNode;
    node.dev = new Device(disk, () => simMs + node.skewMs, hooks(node.life));
    devices.push(node);
  }
  const restart = (d: DeviceNode) => {
    d.life.dead = true;
    d.life = { dead: false };
    d.dev = new Device(d.disk, () => simMs + d.skewMs, hooks(d.life));
  };

  const delayed: (() => Promise<unknown>)[] = [];
  const foreign: (() => Promise<unknown>)[] = [];
  const pushHistory = new Map<string, PushAck[]>();
  const pullHistory = new Map<string, (PullPage | ScopedPullPage)[]>();
  const now = () => new Date(simMs).toISOString();

  /** The network between a client node and a server, with faults. */
  // Devices are answered as the server answers a scoped caller, with sealed cursors (head-oracle; SYNC-5 with tokens);
  // servers replicating with each other pull as peers, with numbers.
  const remoteTo = (client: string, s: ServerNode, writer: (() => Writer) = () => ({ author: client, deviceId: client }), sealed = false): Remote => {
    const gate = () => {
      if (down.has(client) || down.has(s.id)) throw new NetError('partitioned');
    };
    const maybeServerCrash = () => {
      if (faultsOn && chance(rates.crash)) {
        crashes++;
        s.log.crash();
      }
    };
    return {
      id: s.id,
      push: async (events) => {
        gate();
        const copy = structuredClone(events);
        const w = writer(); // read at send: a device's clock reading travels with the request (x-device-time)
        if (!wf) {
          textBoundary(s, copy);
          idBoundary(s, copy);
        }
        if (faultsOn && chance(rates.dropReq)) { faults++; throw new NetError('request lost'); }
        if (faultsOn && chance(rates.delay)) {
          faults++;
          delayed.push(async () => {
            try {
              await accept(s, copy, w); // checked when it arrives; nobody waits for the answer any more
            } catch {
              return;
            }
          });
          throw new NetError('timeout (request delayed)');
        }
        let ack = await accept(s, copy, w);
        maybeServerCrash();
        if (faultsOn && chance(rates.dup)) { faults++; ack = await accept(s, copy, w); }
        const h = pushHistory.get(s.id) ?? [];
        h.push(ack);
        pushHistory.set(s.id, h);
        if (faultsOn && chance(rates.dropRes)) { faults++; throw new NetError('response lost'); }
        // A stale answer of another push names ids, not contents: with re-used ids it would confirm what was not
        // sent. HTTP pairs each answer with its request, so content-fault cases leave this fault out.
        if (!cf && faultsOn && chance(rates.stale) && h.length > 1) { faults++; return structuredClone(pick(h)); }
        return structuredClone(ack);
      },
      pull: async (after, limit) => {
        gate();
        if (faultsOn && chance(rates.dropReq)) { faults++; throw new NetError('request lost'); }
        const page = sealed ? await sealedPull(s.log, after, limit) : await servePull(s.log, Number(after), limit);
        const key = `${s.id}${sealed ? ' sealed' : ''}`; // an HTTP answer is one the client asked of that form
        const h = pullHistory.get(key) ?? [];
        h.push(page);
        pullHistory.set(key, h);
        if (faultsOn && chance(rates.dropRes)) { faults++; throw new NetError('response lost'); }
        if (faultsOn && chance(rates.stale) && h.length > 1) { faults++; return structuredClone(pick(h)); }
        return structuredClone(page);
      },
    };
  };

  // ---- event generation: valid events of a few casualties, decisions aware of what the device currently sees
  const casualties = Array.from({ length: int(1, 3) }, () => uuid());
  const makeEvent = (d: DeviceNode): CasualtyEvent => {
    const cid = pick(casualties);
    const at = new Date(simMs + d.skewMs).toISOString();
    const base = { id: uuid(), casualtyId: cid, at, recordedAt: at, deviceId: d.id, author: `user-${d.id}` };
    const mine = [...d.disk.events.values()].filter((e) => e.casualtyId === cid);
    const heads = (type: string) => mine.filter((e) => e.type === type).map((e) => e.id).slice(-4);
    const sup = (type: string) => (chance(0.5) ? { supersedes: heads(type) } : {});
    const k = rnd();
    if (d.facility && k < 0.25) {
      return chance(0.6)
        ? { ...base, type: 'arrival', payload: { facilityId: d.facility } }
        : { ...base, type: 'outcome', payload: { outcome: pick(['returned-to-duty', 'evacuated-onward', 'died-of-wounds'] as const), facilityId: d.facility } };
    }
    if (k < 0.3) return { ...base, type: 'registered', payload: { injuredAt: at, sex: 'unknown', status: 'military', age: int(18, 60) } };
    if (k < 0.45) return { ...base, type: 'vitals', payload: { pulse: int(40, 160), spo2: int(80, 100) } };
    if (k < 0.55) return { ...base, type: 'note', payload: { text: `note ${int(0, 999)}` } };
    if (k < 0.68) return { ...base, type: 'triage', payload: { triage: { system: 'NATO', category: pick(['T1', 'T2', 'T3'] as const) }, ...sup('triage') } };
    if (k < 0.78) return { ...base, type: 'precedence', payload: { precedence: pick(['urgent', 'priority', 'routine'] as const), ...sup('precedence') } };
    if (k < 0.86) return { ...base, type: 'destination', payload: { facilityId: pick(facilities), ...sup('destination') } };
    const vitals = mine.filter((e) => e.type === 'vitals');
    if (vitals.length && k < 0.93) return { ...base, type: 'amend', payload: { target: pick(vitals).id, changes: { pulse: int(40, 160) }, reason: 'misread' } };
    if (mine.length && k < 1) return { ...base, type: 'void', payload: { target: pick(mine).id, reason: 'entered in error' } };
    return { ...base, type: 'note', payload: { text: 'fallback' } };
  };

  const record = (d: DeviceNode) => {
    let e = makeEvent(d);
    const fault = cf ? rnd() : 1;
    if (fault < 0.06) e = { ...e, type: 'note', payload: { text: `bad\u0000text ${int(0, 9)}` } } as CasualtyEvent;
    if (fault < 0.06) planted.add(e.id);
    else if (fault < 0.12 && d.disk.events.size) {
      // A foreign writer (a buggy client, an import) re-uses an id this device holds, with other content, straight
      // to a server: the first content must win everywhere, the other be refused visibly.
      const old = pick([...d.disk.events.values()]);
      const clash = { ...e, id: old.id, casualtyId: old.casualtyId, type: 'note', payload: { text: `reused id ${int(0, 999)}` } } as CasualtyEvent;
      planted.add(old.id);
      foreign.push(() => remoteTo('foreign', pick(servers)).push([clash]).then(() => undefined, () => undefined));
      return;
    }
    if (opts.validate && !cf && !parseEvent(e).success) fail(`generated event invalid: ${JSON.stringify(e)}`);
    markSeen(d);
    const seen = [...d.disk.events.values()];
    const stamped = d.dev.record(wf && d.measured ? correctTimes(e, -d.skewMs, 'device') : e);
    recorded.add(stamped.id);
    writerOf.set(stamped.id, d.id);
    // SYNC-3: a new stamp sorts after every plausible stamp the device has seen (causality for display).
    const mineStamp = stamped.hlc!;
    for (const o of seen) {
      const p = o.hlc ? parseHlc(o.hlc) : null;
      if (p && p.l - d.seenAt.get(o.id)! <= MAX_DRIFT_MS && o.hlc! >= mineStamp) fail(`hlc not after a seen stamp: ${o.hlc} >= ${mineStamp}`);
    }
  };

  const markSeen = (d: DeviceNode) => {
    for (const id of d.disk.events.keys()) if (!d.seenAt.has(id)) d.seenAt.set(id, simMs + d.skewMs);
  };
  const guarded = async (busy: { busy: boolean }, f: () => Promise<unknown>, onCrash: () => void) => {
    if (busy.busy) return;
    busy.busy = true;
    try {
      await f();
    } catch (e) {
      if (e instanceof Crash) {
        crashes++;
        onCrash();
      } else if (e instanceof Refused) fail(`replication stuck: refused for good and not set aside: ${e.message}`);
      else if (!(e instanceof NetError)) throw e;
    } finally {
      busy.busy = false;
    }
  };

  const deviceWriter = (d: DeviceNode) => (): Writer => ({ author: `user-${d.id}`, deviceId: d.id, sentMs: simMs + d.skewMs });
  /** The app measures its clock on contact and corrects what it recorded before it knew (web/src/store.ts). */
  const measure = (d: DeviceNode, s: ServerNode) => {
    if (!wf || down.has(d.id) || down.has(s.id)) return;
    d.measured = true;
    for (const id of d.disk.outbox) {
      const e = d.disk.events.get(id);
      if (e && !e.clock) d.disk.events.set(id, correctTimes(e, -d.skewMs, 'device'));
    }
  };
  const deviceSync = (d: DeviceNode, s: ServerNode) =>
    guarded(d, () => (measure(d, s), d.dev.sync(remoteTo(d.id, s, deviceWriter(d), true), int(1, 8))), () => restart(d)).finally(() => markSeen(d));
  const peerSync = (f: ServerNode) =>
    guarded(f, () => syncPeer(wf ? localLog(f) : f.log, remoteTo(f.id, rear), f.peer, now, { batch: int(1, 8), ...hooks(), ...(cf ? { onSetAside: async (_p, x) => void setAside.add(x.event.id) } : {}) }), () => f.log.crash());

  // ---- writer faults: web sessions without a device id, imported files
  const sessions: SessionNode[] = [];
  if (wf)
    for (let i = int(2, 3); i > 0; i--)
      sessions.push({ id: `web${i}`, server: pick(servers), skewMs: pick([0, int(-6, 6) * 3_600_000]), sendsTime: chance(0.5), pending: [], busy: false });
  const sessionWriter = (w: SessionNode) => (): Writer => ({
    author: 'user-web', // one person signed in on several servers (issue 14 item 5)
    deviceId: opts.bugs?.sharedWebDevice ? 'web' : `web-${w.id}`,
    ...(w.sendsTime ? { sentMs: simMs + w.skewMs } : {}),
  });
  const sessionWrite = (w: SessionNode) => {
    const cid = pick(casualties);
    const at = new Date(simMs + w.skewMs).toISOString();
    const base = { casualtyId: cid, at, recordedAt: at, author: 'user-web' };
    const known = w.server.log.rows.some((e) => e.casualtyId === cid && e.type === 'registered');
    const batch = [
      ...(known ? [] : [{ ...base, id: uuid(), type: 'registered', payload: { injuredAt: at, sex: 'unknown', status: 'military' } }]),
      { ...base, id: uuid(), type: 'triage', payload: { triage: { system: 'NATO', category: pick(['T1', 'T2', 'T3'] as const) } } },
    ] as CasualtyEvent[];
    for (const e of batch) {
      recorded.add(e.id);
      writerOf.set(e.id, w.id);
    }
    w.pending.push(batch);
  };
  const sessionSend = (w: SessionNode) =>
    guarded(w, async () => {
      while (w.pending.length) {
        try {
          await remoteTo(w.id, w.server, sessionWriter(w)).push(w.pending[0]!);
        } catch (e) {
          if (!(e instanceof Refused)) throw e;
          for (const x of w.pending[0]!) refused.set(x.id, `${w.id}: ${e.message}`);
        }
        w.pending.shift();
      }
    }, () => undefined);
  /** `goldenhour import` of a file: new events (a clock hours off, or none) and copies of events another server holds. */
  const importFile = async () => {
    const s = pick(servers);
    const skew = pick([0, int(1, 6) * 3_600_000, -int(1, 6) * 3_600_000]);
    const at = new Date(simMs + skew).toISOString();
    const cid = pick(casualties);
    const base = { casualtyId: cid, at, recordedAt: at, author: 'user-import', deviceId: 'import-file' };
    const fresh = [
      { ...base, id: uuid(), type: 'registered', payload: { injuredAt: at, sex: 'unknown', status: 'military' } },
      { ...base, id: uuid(), type: 'note', payload: { text: `imported ${int(0, 999)}` } },
    ] as CasualtyEvent[];
    const other = pick(servers);
    const copies = other.log.rows.slice(-int(0, 3)).map((e) => stripSeq(e));
    const file = [...fresh, ...copies.filter((e) => !findUnstorableText(e))];
    try {
      await accept(s, file, { author: 'import', deviceId: 'import', imported: true });
      for (const e of fresh) {
        recorded.add(e.id);
        writerOf.set(e.id, 'import');
      }
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      // The whole file is refused (a copy clashing with what this server holds): nothing of it was recorded.
    }
  };

  const steps = int(20, 60);
  for (let step = 0; step < steps; step++) {
    simMs += int(1, 120) * 1000;
    const actions: Promise<unknown>[] = [];
    for (let n = int(1, 3); n > 0; n--) {
      if (wf && chance(0.25)) {
        const w = pick(sessions);
        if (chance(0.5)) sessionWrite(w);
        else if (chance(0.8)) actions.push(sessionSend(w));
        else actions.push(importFile());
        continue;
      }
      const k = rnd();
      if (k < 0.4) record(pick(devices));
      else if (foreign.length && k < 0.45) actions.push(foreign.shift()!());
      else if (k < 0.7) actions.push(deviceSync(pick(devices), pick(servers)));
      else if (k < 0.82 && servers.length > 1) actions.push(peerSync(pick(servers.slice(1))));
      else if (k < 0.87) restart(pick(devices));
      else if (k < 0.94) {
        const node = pick([...devices.map((d) => d.id), ...servers.map((s) => s.id)]);
        if (down.has(node)) down.delete(node);
        else if (chance(rates.partition * 3)) down.add(node);
      } else if (delayed.length) {
        const i = Math.floor(rnd() * delayed.length);
        const [f] = delayed.splice(i, 1);
        actions.push(f!());
      }
    }
    await Promise.all(actions);
  }

  // ---- heal: deliver what is in flight, lift partitions, stop faults; sync until quiet
  faultsOn = false;
  down.clear();
  for (const f of delayed.splice(0)) await f();
  let rounds = 0;
  const idsOf = (xs: Iterable<{ id: string }>) => [...xs].map((e) => e.id).sort().join(',');
  for (const w of sessions) await sessionSend(w);
  for (; rounds < 8; rounds++) {
    for (const f of servers.slice(1)) await peerSync(f);
    for (const d of devices) await deviceSync(d, pick(servers));
    for (const f of servers.slice(1)) await peerSync(f);
    const ref = idsOf(rear.log.rows);
    if (servers.every((s) => idsOf(s.log.rows) === ref) && devices.every((d) => idsOf(d.disk.events.values()) === ref && d.disk.outbox.length === 0)) break;
  }

  // ---- checks
  if (cf) {
    contentChecks();
    return { seed, ok: failures.length === 0, failures, stats: { devices: nDevices, servers: servers.length, steps, events: recorded.size, acks, crashes, faults, rounds } };
  }
  const all = [...recorded].sort().join(',');
  for (const s of servers) {
    if (idsOf(s.log.rows) !== all) fail(`${s.id}: holds ${s.log.rows.length} events, ${recorded.size} recorded`);
    s.log.rows.forEach((r, i) => r.seq !== i + 1 && fail(`${s.id}: seq gap at ${i + 1}`));
    if (s.log.byId.size !== s.log.rows.length) fail(`${s.id}: duplicate rows`);
    for (const id of acked.get(s.id)!) if (!s.log.byId.has(id)) fail(`${s.id}: acknowledged event ${id} missing`);
  }
  for (const d of devices) {
    if (d.disk.outbox.length) fail(`${d.id}: outbox not empty (${d.disk.outbox.length})`);
    if (idsOf(d.disk.events.values()) !== all) fail(`${d.id}: holds ${d.disk.events.size} events, ${recorded.size} recorded`);
  }
  const foldAt = new Date(simMs).toISOString();
  for (const cid of casualties) {
    const states = [
      ...servers.map((s) => ({ who: s.id, st: canonical(fold(cid, s.log.rows.map(stripSeq), foldAt)) })),
      ...devices.map((d) => ({ who: d.id, st: canonical(fold(cid, [...d.disk.events.values()], foldAt)) })),
    ];
    for (const x of states) if (x.st !== states[0]!.st) fail(`casualty ${cid}: ${x.who} folds differently from ${states[0]!.who}`);
  }
  return {
    seed,
    ok: failures.length === 0,
    failures,
    stats: { devices: nDevices, servers: servers.length, steps, events: recorded.size, acks, crashes, faults, rounds },
  };

  /**
   * With content faults: what some replica refused for good is visibly set aside (never silently accepted by one
   * and refused by another); everything else is held by every replica with the same content, and folds the same.
   */
  function contentChecks(): void {
    const excluded = new Set([...setAside, ...refused.keys()]);
    for (const d of devices) for (const r of d.disk.rejected) excluded.add(r.id);
    if (wf) writerChecks(excluded);
    const replicas = [
      ...servers.map((s) => ({ who: s.id, events: new Map(s.log.rows.map((e) => [e.id, stripSeq(e)] as const)) })),
      ...devices.map((d) => ({ who: d.id, events: d.disk.events })),
    ];
    for (const id of recorded) {
      if (excluded.has(id)) continue;
      const versions = new Set<string>();
      for (const r of replicas) {
        const e = r.events.get(id);
        if (!e) fail(`${r.who}: lacks event ${id} that no replica set aside`);
        else versions.add(contentOf(e));
      }
      if (versions.size > 1) fail(`event ${id}: ${versions.size} different contents under one id, none set aside${process.env.SIM_DEBUG ? ` ${[...versions].join(' | ')}` : ''}`);
    }
    for (const s of servers) for (const id of acked.get(s.id)!) if (!s.log.byId.has(id)) fail(`${s.id}: acknowledged event ${id} missing`);
    for (const d of devices) if (d.disk.outbox.length) fail(`${d.id}: outbox not empty (${d.disk.outbox.length})`);
    const foldAt = new Date(simMs).toISOString();
    for (const cid of casualties) {
      const states = replicas.map((r) => ({ who: r.who, st: canonical(fold(cid, [...r.events.values()].filter((e) => !excluded.has(e.id)), foldAt)) }));
      for (const x of states) if (x.st !== states[0]!.st) fail(`casualty ${cid}: ${x.who} folds differently from ${states[0]!.who}${process.env.SIM_DEBUG ? `\n${x.st}\n${states[0]!.st}` : ''}`);
    }
  }

  /**
   * Writer faults: nothing an honest writer recorded is refused or set aside — not for its clock, not for being
   * imported, not for being re-sent after the server fixed its time — and no two writers share a device identity
   * (author + device), under which one's decisions would silently supersede the other's (SYNC-7).
   */
  function writerChecks(excluded: ReadonlySet<string>): void {
    for (const id of excluded)
      if (!planted.has(id)) fail(`honest event ${id} (${writerOf.get(id) ?? '?'}) refused or set aside: ${refused.get(id) ?? [...devices.flatMap((d) => d.disk.rejected)].find((r) => r.id === id)?.reason ?? 'set aside by a peer'}`);
    const identities = new Map<string, Set<string>>();
    for (const e of rear.log.rows) {
      const w = writerOf.get(e.id);
      if (w === undefined || planted.has(e.id)) continue; // a re-used id may hold the foreign writer's version
      const key = `${e.author} on ${e.deviceId}`;
      identities.set(key, (identities.get(key) ?? new Set()).add(w));
    }
    for (const [key, ws] of identities) if (ws.size > 1) fail(`writers ${[...ws].join(', ')} share one device identity (${key})`);
  }
}

const stripSeq = (e: CasualtyEvent & { seq?: number; receivedAt?: string }): CasualtyEvent => {
  const { seq: _s, receivedAt: _r, ...rest } = e;
  return rest as CasualtyEvent;
};

/** Run `count` cases from `firstSeed`; returns the failing results. */
export async function runMany(firstSeed: number, count: number, opts: SimOptions = {}): Promise<{ runs: number; failed: SimResult[]; events: number; faults: number; crashes: number }> {
  const failed: SimResult[] = [];
  let events = 0;
  let faults = 0;
  let crashes = 0;
  for (let i = 0; i < count; i++) {
    const r = await runCase(firstSeed + i, opts);
    events += r.stats.events;
    faults += r.stats.faults;
    crashes += r.stats.crashes;
    if (!r.ok) failed.push(r);
  }
  return { runs: count, failed, events, faults, crashes };
}
