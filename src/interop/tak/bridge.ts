// The TAK bridge: applies what TAK sends through the Store (9-lines → casualty events, deletes → cancel,
// vehicle PLI → vehicle positions) and produces what TAK should see (casualty, facility and vehicle markers).
// Transport-agnostic: attach any number of TakStream / TakMesh links.
import type { CoT } from '../cot/node-cot.ts';
import type { Store } from '../../storage/port.ts';
import type { LiveBus } from '../../storage/bus.ts';
import type { CasualtyLog } from '../../log/service.ts';
import { processLog } from '../../log/service.ts';
import type { CasualtyReader } from '../../log/read.ts';
import { processReader } from '../../log/read.ts';
import type { CasualtyState, CasualtySummary } from '../../core/index.ts';
import { fold } from '../../core/index.ts';
import type { IndexBase } from '../cot/medevac.ts';
import type { Creator } from '../cot/out.ts';
import { casualtyMessage, casualtyUid, facilityMarker, vehicleMarker } from '../cot/out.ts';
import { casualtyIdForTakUid, importCot, vehicleUpdateFromPli } from '../cot/in.ts';
import type { ImplausiblePli, PliBaseline, VehiclePositionUpdate } from '../cot/in.ts';

export interface Link {
  onCot(h: (cot: CoT) => void): unknown;
  send(cot: CoT): Promise<void>;
}

export interface Received {
  kind: 'nine-line' | 'delete' | 'pli' | 'ignored';
  casualtyId?: string;
  vehicleId?: string;
  appended?: number;
  /** A PLI ignored as an implausible move: how many so far for its uid (TakBridge.implausible). */
  implausible?: number;
  issues: string[];
}

/**
 * Which casualties the TAK link may show: those of these units (a TAK network reaches far more people than our roles
 * do), or every casualty. A casualty whose request came from TAK is shown back to TAK whatever its unit.
 */
export type TakScope = { units: readonly string[] } | 'all';

export interface BridgeOptions {
  store: Store;
  /** Default 'all' (tests of the bridge alone); the server's link passes its configured scope (TAK_UNITS). */
  scope?: TakScope;
  /** Where what TAK wrote is announced (the server's live bus); none in tests of the bridge alone. */
  bus?: Pick<LiveBus, 'publish'>;
  now?: () => string;
  creator?: Creator;
  /** How senders on these links number lines 6/7: ATAK (0-based) unless the link is a Meshtastic gateway. */
  indexBase?: IndexBase;
}

/**
 * A vehicle's position from a PLI report, applied through the store: the vehicle id when it moved, why not when the
 * report would move it faster than its kind can go since `last` (else its stored position), or null.
 */
export async function applyPli(store: Store, cot: CoT, now?: string, last?: PliBaseline): Promise<VehiclePositionUpdate | ImplausiblePli | null> {
  const vehicles = await store.listEntities('vehicle');
  const u = vehicleUpdateFromPli(cot, vehicles, now, last);
  if (!u || 'implausible' in u) return u;
  const v = vehicles.find((x) => x.id === u.vehicleId)!;
  // Chained as TAK's, naming the uid that moved it (a TAK network is wider than our roles).
  await store.putEntity('vehicle', { ...v, position: u.position, updatedAt: u.updatedAt }, { actor: 'tak', deviceId: null, action: 'tak pli', detail: { uid: u.takUid } });
  return u;
}

export class TakBridge {
  private readonly o: Required<Omit<BridgeOptions, 'creator' | 'bus'>> & { creator?: Creator };
  private readonly scope: TakScope;
  private readonly links: Link[] = [];
  /** What TAK sends enters the casualty log through its door, validated and audited as `tak`. */
  private readonly door: CasualtyLog;
  /** What TAK is shown is read through the door's read side too (then narrowed to the link's scope here). */
  private readonly reader: CasualtyReader;
  /** The last report applied here, by uid: the next is judged from it (a dispatcher's edit moves no TAK track). */
  private readonly lastPli = new Map<string, PliBaseline>();
  /** Reports ignored as implausible moves, by the uid they named: anyone on the TAK network may send one. */
  readonly implausible = new Map<string, number>();

  constructor(o: BridgeOptions) {
    this.o = { now: () => new Date().toISOString(), indexBase: 'atak', scope: 'all', ...o };
    this.scope = this.o.scope;
    this.door = processLog({ store: o.store, bus: o.bus ?? { publish: () => {} }, now: this.o.now }, 'tak');
    this.reader = processReader({ store: o.store });
  }

  /** Receive from a link and (optionally) publish our markers to it. */
  attach(link: Link, onReceived?: (r: Received) => void, onError?: (e: unknown) => void): this {
    this.links.push(link);
    link.onCot((cot) => {
      this.receive(cot).then(
        (r) => onReceived?.(r),
        (e: unknown) => onError?.(e),
      );
    });
    return this;
  }

  /** Apply one received CoT. */
  async receive(cot: CoT): Promise<Received> {
    const { store } = this.o;
    const now = this.o.now();
    const type = cot.raw.event._attributes.type;
    if (type.startsWith('a-')) {
      const u = await applyPli(store, cot, now, this.lastPli.get(cot.raw.event._attributes.uid));
      if (!u) return { kind: 'ignored', issues: [] };
      if ('implausible' in u) {
        const n = (this.implausible.get(u.takUid) ?? 0) + 1;
        this.implausible.set(u.takUid, n);
        const { km, seconds, maxKmh } = u.implausible;
        return { kind: 'ignored', vehicleId: u.vehicleId, implausible: n, issues: [`${u.takUid}: ${km.toFixed(1)} km in ${Math.round(seconds)} s is faster than ${maxKmh} km/h (${n} so far)`] };
      }
      this.lastPli.set(u.takUid, { position: u.position, atMs: Date.parse(u.updatedAt) });
      return { kind: 'pli', vehicleId: u.vehicleId, issues: [] };
    }
    if (type !== 'b-r-f-h-c' && type !== 't-x-d-d') return { kind: 'ignored', issues: [] };
    const detail = cot.raw.event.detail as Record<string, { _attributes?: Record<string, string> }> | undefined;
    const uid =
      type === 't-x-d-d'
        ? (detail?.['link']?._attributes?.['uid'] ?? cot.raw.event._attributes.uid)
        : cot.raw.event._attributes.uid;
    const cid = casualtyIdForTakUid(uid);
    // The write path's own view of the casualty (the door's, unscoped: what TAK writes is checked against it).
    const stored = await this.door.current(cid);
    // What the link may not show TAK, TAK may not write to either (a marker's uid names our casualty): ignored.
    if (stored && !(await this.shown(stored))) return { kind: 'ignored', issues: ['outside the link\'s scope'] };
    // The stored projection keeps the latest notes only: when some were left out, the whole log says which are known.
    const existing = stored?.omitted?.notes ? fold(cid, await this.door.currentLog(cid), now) : (stored?.state ?? null);
    const imp = importCot(cot, { now, existing, base: this.o.indexBase });
    if (!imp) return { kind: 'ignored', issues: [] };
    const res = imp.events.length ? await this.door.record(imp.events) : { accepted: 0 };
    return {
      kind: type === 't-x-d-d' ? 'delete' : 'nine-line',
      casualtyId: imp.casualtyId,
      appended: res.accepted,
      issues: imp.issues,
    };
  }

  /** The TAK uid a casualty is shown under: the uid of the TAK marker it came from, else ours. */
  async uidFor(casualtyId: string): Promise<string> {
    const events = (await this.reader.card(casualtyId))?.events ?? [];
    const fromTak = events.find((e) => e.type === 'evac.requested' && e.deviceId.startsWith('tak:'));
    return fromTak ? fromTak.deviceId.slice(4) : casualtyUid(casualtyId);
  }

  /** Whether the link may show this casualty: of its units, or its request came from TAK. */
  private async shown(c: Pick<CasualtySummary, 'unitId'> & { state: { id: string } }): Promise<boolean> {
    if (this.scope === 'all' || (c.unitId !== null && this.scope.units.includes(c.unitId))) return true;
    return (await this.uidFor(c.state.id)) !== casualtyUid(c.state.id);
  }

  /** The message for one casualty now (full marker or delete), or null — null too when outside the link's scope. */
  async messageFor(c: Pick<CasualtySummary, 'unitId'> & { state: CasualtyState }): Promise<CoT | null> {
    const uid = await this.uidFor(c.state.id);
    const fromTak = uid !== casualtyUid(c.state.id);
    if (this.scope !== 'all' && !fromTak && (c.unitId === null || !this.scope.units.includes(c.unitId))) return null;
    return casualtyMessage(c.state, { now: this.o.now(), uid, ...(this.o.creator ? { creator: this.o.creator } : {}) });
  }

  /** Everything TAK should show now: open requests, facilities, vehicles. */
  async snapshot(): Promise<CoT[]> {
    const now = this.o.now();
    const open = await this.reader.casualties({ status: 'open' });
    const out: CoT[] = [];
    for (const c of open) {
      if (!c.state.evac.nineLine || c.state.evac.cancelled) continue;
      const m = await this.messageFor(c);
      if (m) out.push(m);
    }
    for (const f of await this.o.store.listEntities('facility')) out.push(facilityMarker(f, now));
    for (const v of await this.o.store.listEntities('vehicle')) {
      const m = vehicleMarker(v, now);
      if (m) out.push(m);
    }
    return out;
  }

  /**
   * Call after casualties changed (e.g. from the server's live bus): each gets its full marker re-sent, or its
   * delete once closed or cancelled — ATAK replaces the whole 9-line on every message.
   */
  async changed(casualtyIds: readonly string[]): Promise<number> {
    const out: CoT[] = [];
    for (const c of (await this.reader.summaries(casualtyIds)).values()) {
      const m = c ? await this.messageFor(c) : null;
      if (m) out.push(m);
    }
    await this.publish(out);
    return out.length;
  }

  /** Send messages to every attached link. */
  async publish(cots: CoT[]): Promise<void> {
    for (const link of this.links) for (const c of cots) await link.send(c);
  }
}
