// An independent trace checker: replays a simulator trace against its scenario file and confirms that it is feasible
// and that the outcomes follow from it. It deliberately shares no code with src/sim or src/dispatch: its own scenario
// reading, distances, survival table and clock. It follows the simulator's readings of the contract, the SIM-n rules of
// docs/dispatch.md, each cited where it is checked.

type Pt = [number, number];
interface Fac {
  id: string;
  role: string;
  pos: Pt;
  beds: number;
  tables: number;
  open: Pt[] | null;
  occupancy: number;
  surgeriesEnd: number[];
}
interface Veh {
  id: string;
  kind: string;
  base: string;
  litter: number;
  seated: number;
  speed: number;
  medic: boolean;
  flies: boolean;
  range: number | null;
  available: Pt[] | null;
  pos: Pt;
  lastT: number;
  lost: boolean;
  aboard: string[];
  dispatched: Map<string, number>;
  sortieKm: number;
}
interface Cas {
  id: string;
  at: number;
  pos: Pt;
  rpm: number;
  litter: boolean;
  appeared: boolean;
  where: 'poi' | 'vehicle' | 'facility' | 'queue' | 'surgery' | 'done';
  facility: string | null;
  vehicle: string | null;
  tau: number;
  rate: number;
  since: number;
  outcome: number | null;
  outcomeAt: number | null;
  dueOutcome: { t: number; factor: number } | null;
  lastDropAt: number;
}

export interface CheckResult {
  errors: string[];
  outcomes: Map<string, number>;
  untreated: string[];
  totalSurvival: number;
}

const SURV = [0.052, 0.089, 0.15, 0.23, 0.35, 0.49, 0.63, 0.75, 0.84, 0.9, 0.94, 0.97, 0.98];
const TABLE: number[][] = [
  '0 0 0 0 0 0 0 0 0 0 0 0',
  '0 0 0 0 0 0 0 0 0 0 0 0',
  '0 0 0 0 0 0 0 0 0 0 0 0',
  '1 0 0 0 0 0 0 0 0 0 0 0',
  '2 1 0 0 0 0 0 0 0 0 0 0',
  '3 2 1 0 0 0 0 0 0 0 0 0',
  '4 3 2 1 0 0 0 0 0 0 0 0',
  '6 5 4 3 2 1 0 0 0 0 0 0',
  '8 7 6 5 4 3 2 1 0 0 0 0',
  '9 8 8 7 6 5 4 3 2 1 0 0',
  '10 9 9 8 8 7 6 6 5 5 4 4',
  '11 11 10 10 9 8 8 7 7 6 6 5',
  '12 12 11 11 10 10 10 10 9 9 8 8',
].map((r) => r.split(' ').map(Number));

/** Survival after `clock` minutes for a casualty of RPM `r` at injury (own implementation of the spec's model). */
export function survival(r: number, clock: number, surv: number[] = SURV, table: number[][] = TABLE): number {
  let row = r;
  let m = clock;
  while (m >= 360) {
    const nextRow = table[row]![11]!;
    if (nextRow === row) return surv[row]!;
    row = nextRow;
    m -= 360;
  }
  const steps = [row, ...table[row]!];
  const i = Math.floor(m / 30);
  const w = m / 30 - i;
  return surv[steps[i]!]! * (1 - w) + surv[steps[i + 1]!]! * w;
}

function km(a: Pt, b: Pt): number {
  const R = 6371.0088;
  const toRad = Math.PI / 180;
  const s1 = Math.sin(((b[0] - a[0]) * toRad) / 2);
  const s2 = Math.sin(((b[1] - a[1]) * toRad) / 2);
  const h = s1 * s1 + Math.cos(a[0] * toRad) * Math.cos(b[0] * toRad) * s2 * s2;
  return 2 * R * Math.asin(Math.sqrt(Math.min(1, h)));
}

const within = (w: Pt[] | null, t0: number, t1: number, eps: number): boolean =>
  w === null || w.some(([a, b]) => t0 >= a - eps && t1 <= b + eps);

type Raw = Record<string, unknown>;

/** SCN-17, read from the spec on its own: a table runs only with a surgeon, an anaesthesia provider and a scrub. */
function staffed(tables: number, staff: Raw | undefined): number {
  if (!staff) return tables;
  return Math.min(tables, staff['surgeon'] as number, staff['anaesthesia'] as number, staff['scrub'] as number);
}

export function checkTrace(scenarioRaw: unknown, events: Raw[]): CheckResult {
  const errors: string[] = [];
  const err = (i: number, msg: string): void => {
    if (errors.length < 50) errors.push(`event ${i} (${JSON.stringify(events[i])}): ${msg}`);
  };
  const sc = scenarioRaw as Raw;
  const tr = (sc['travel'] ?? {}) as Raw;
  const tort = (tr['tortuosity'] as number | undefined) ?? 1.35;
  const loadMin = (tr['loadMin'] as number | undefined) ?? 5;
  const unloadMin = (tr['unloadMin'] as number | undefined) ?? 5;
  const md = (sc['model'] ?? {}) as Raw;
  const hitFactor = (md['survivalIfVehicleHit'] as number | undefined) ?? 0.3;
  const medicRate = (md['clockWithMedic'] as number | undefined) ?? 0.8;
  const stabRate = (md['clockStabilised'] as number | undefined) ?? 0.5;
  const surgeryMin = (md['surgeryMin'] as number | undefined) ?? 90;
  const survTable = (md['survival'] as number[] | undefined) ?? SURV;
  const detTable = (md['deterioration'] as number[][] | undefined) ?? TABLE;
  const S = (r: number, clock: number): number => survival(r, clock, survTable, detTable);
  const settled = (r: number): number => {
    let row = r;
    while (detTable[row]![11] !== row) row = detTable[row]![11]!;
    return survTable[row]!;
  };

  const facs = new Map<string, Fac>();
  for (const f of sc['facilities'] as Raw[]) {
    facs.set(f['id'] as string, {
      id: f['id'] as string,
      role: f['role'] as string,
      pos: f['pos'] as Pt,
      beds: f['beds'] as number,
      tables: f['role'] === 'R1' ? 0 : staffed(f['surgicalTables'] as number, f['staff'] as Raw | undefined),
      open: (f['open'] as Pt[] | undefined) ?? null,
      occupancy: 0,
      surgeriesEnd: [],
    });
  }
  const vehs = new Map<string, Veh>();
  for (const v of sc['vehicles'] as Raw[]) {
    const kind = v['kind'] as string;
    vehs.set(v['id'] as string, {
      id: v['id'] as string,
      kind,
      base: v['base'] as string,
      litter: v['litter'] as number,
      seated: v['seated'] as number,
      speed: v['speedKmh'] as number,
      medic: v['medic'] as boolean,
      flies: (v['straightLine'] as boolean | undefined) ?? (kind === 'drone' || kind === 'helicopter'),
      range: (v['rangeKm'] as number | undefined) ?? null,
      available: (v['available'] as Pt[] | undefined) ?? null,
      pos: facs.get(v['base'] as string)!.pos,
      lastT: 0,
      lost: false,
      aboard: [],
      dispatched: new Map(),
      sortieKm: 0,
    });
  }
  const cas = new Map<string, Cas>();
  const newCas = (id: string, at: number, pos: Pt, rpm: number, litter: boolean): Cas => ({
    id, at, pos, rpm, litter, appeared: false, where: 'poi', facility: null, vehicle: null,
    tau: 0, rate: 1, since: at, outcome: null, outcomeAt: null, dueOutcome: null, lastDropAt: 0,
  });
  for (const c of (sc['casualties'] as Raw[] | undefined) ?? []) {
    const id = c['id'] as string;
    cas.set(id, newCas(id, c['atMin'] as number, c['pos'] as Pt, c['rpm'] as number, c['litter'] as boolean));
  }
  const roadKm = (v: Veh, a: Pt, b: Pt): number => km(a, b) * (v.flies ? 1 : tort);
  const minutes = (v: Veh, a: Pt, b: Pt): number => (roadKm(v, a, b) / v.speed) * 60;
  const clockAt = (c: Cas, t: number): number => c.tau + c.rate * (t - c.since);
  const setRate = (c: Cas, t: number, rate: number): void => {
    c.tau = clockAt(c, t);
    c.since = t;
    c.rate = rate;
  };
  const EPS = 1e-6;
  const lastT = events.length ? (events[events.length - 1]!['t'] as number) : 0;
  const untreated: string[] = [];
  let prevT = -Infinity;

  const releaseSurgeries = (t: number): void => {
    for (const f of facs.values()) {
      const keep: number[] = [];
      for (const end of f.surgeriesEnd) {
        if (end <= t + EPS) f.occupancy--;
        else keep.push(end);
      }
      f.surgeriesEnd = keep;
    }
  };
  const vehicleAt = (i: number, v: Veh | undefined, t: number): v is Veh => {
    if (!v) return err(i, 'unknown vehicle'), false;
    if (v.lost) return err(i, 'a lost vehicle acts again'), false;
    if (!within(v.available, t, t, EPS)) err(i, 'vehicle outside its availability windows');
    return true;
  };
  // SIM-4: a leg starts no earlier than the vehicle's last event and its dispatch; range out and back (SIM-6).
  const move = (i: number, v: Veh, to: Pt, t: number, handling: number, since: number): void => {
    const need = Math.max(v.lastT, since) + minutes(v, v.pos, to) + handling;
    if (t < need - 1e-6) err(i, `too fast: earliest ${need.toFixed(4)}`);
    v.sortieKm += roadKm(v, v.pos, to);
    v.pos = to;
    v.lastT = t;
    const base = facs.get(v.base)!.pos;
    if (v.range !== null && v.sortieKm + roadKm(v, to, base) > v.range + 1e-6) err(i, 'beyond the vehicle range');
    if (to[0] === base[0] && to[1] === base[1]) v.sortieKm = 0;
  };

  events.forEach((e, i) => {
    const t = e['t'] as number;
    if (typeof t !== 'number' || !(t >= prevT - EPS)) err(i, 'events out of time order');
    prevT = Math.max(prevT, t);
    releaseSurgeries(t);
    const cid = e['casualty'] as string | undefined;
    const c = cid !== undefined ? cas.get(cid) : undefined;
    const v = e['vehicle'] !== undefined ? vehs.get(e['vehicle'] as string) : undefined;
    if (c && c.dueOutcome && e['event'] !== 'outcome') err(i, `casualty ${c.id} owed an outcome first`);
    switch (e['event']) {
      case 'casualty': {
        let k = c;
        if (!k) {
          if (!Array.isArray(e['pos']) || typeof e['rpm'] !== 'number' || typeof e['litter'] !== 'boolean') return err(i, 'unknown casualty without pos/rpm/litter');
          k = newCas(cid!, t, e['pos'] as Pt, e['rpm'] as number, e['litter'] as boolean);
          cas.set(cid!, k);
        }
        if (k.appeared) return err(i, 'casualty appears twice');
        if (Math.abs(k.at - t) > EPS) err(i, `casualty appears at ${t}, listed at ${k.at}`);
        k.appeared = true;
        return;
      }
      case 'dispatch': {
        if (!c || !c.appeared || c.where === 'done') return err(i, 'dispatch for a casualty not waiting');
        if (!vehicleAt(i, v, t)) return;
        if (c.where !== 'poi' && c.where !== 'facility') err(i, 'casualty is not waiting for transport');
        v.dispatched.set(c.id, t);
        return;
      }
      case 'pickup': {
        if (!c || !vehicleAt(i, v, t)) return err(i, 'bad pickup');
        const since = v.dispatched.get(c.id);
        if (since === undefined) return err(i, 'pickup without dispatch');
        v.dispatched.delete(c.id);
        const at = c.where === 'facility' ? facs.get(c.facility!)!.pos : c.pos;
        if (c.where !== 'poi' && c.where !== 'facility') err(i, 'casualty not available for pickup');
        move(i, v, at, t, loadMin, since);
        if (c.where === 'facility') facs.get(c.facility!)!.occupancy--;
        v.aboard.push(c.id);
        const lit = v.aboard.filter((id) => cas.get(id)!.litter).length;
        if (lit > v.litter || v.aboard.length > v.litter + v.seated) err(i, 'vehicle over capacity');
        c.where = 'vehicle';
        c.vehicle = v.id;
        c.facility = null;
        setRate(c, t, v.medic ? medicRate : 1);
        return;
      }
      case 'dropoff': {
        if (!c || !vehicleAt(i, v, t)) return err(i, 'bad dropoff');
        if (c.where !== 'vehicle' || c.vehicle !== v.id) return err(i, 'casualty not aboard this vehicle');
        const fid = e['facility'] as string | undefined;
        const dest: Pt | undefined = fid !== undefined ? facs.get(fid)?.pos : (e['pos'] as Pt | undefined);
        if (!dest) return err(i, 'dropoff without a known facility or pos');
        // SIM-2: unloadMin is per casualty: several casualties left at one stop are unloaded one after the other.
        move(i, v, dest, t, unloadMin, v.lastT);
        v.aboard.splice(v.aboard.indexOf(c.id), 1);
        c.vehicle = null;
        c.lastDropAt = t;
        if (fid === undefined) {
          c.where = 'poi';
          c.pos = dest;
          setRate(c, t, 1);
          return;
        }
        const f = facs.get(fid)!;
        // SIM-3: open from arrival to the end of unloading, and a bed at the dropoff instant (RPM ≥ 10 included).
        if (!within(f.open, t - unloadMin, t, EPS)) err(i, `facility ${fid} closed`);
        f.occupancy++;
        if (f.occupancy > f.beds) err(i, `facility ${fid} over its beds (${f.occupancy} > ${f.beds})`);
        c.facility = fid;
        setRate(c, t, stabRate);
        if (c.rpm >= 10) {
          c.dueOutcome = { t, factor: 1 };
          f.occupancy--;
          c.where = 'done';
        } else c.where = f.tables > 0 ? 'queue' : 'facility';
        return;
      }
      case 'surgery': {
        const fid = e['facility'] as string;
        const f = facs.get(fid);
        if (!c || !f) return err(i, 'bad surgery');
        if (c.where !== 'queue' || c.facility !== fid) return err(i, 'casualty not waiting for surgery there');
        if (f.surgeriesEnd.length >= f.tables) err(i, `no free table at ${fid}`);
        f.surgeriesEnd.push(t + surgeryMin);
        c.where = 'surgery';
        c.dueOutcome = { t, factor: 1 };
        return;
      }
      case 'vehicle-lost': {
        // SIM-5: everyone aboard is lost with the vehicle; its pending dispatches lapse.
        if (!vehicleAt(i, v, t)) return;
        if (t < v.lastT - EPS) err(i, 'lost before its last event');
        v.lost = true;
        for (const id of v.aboard) {
          const k = cas.get(id)!;
          k.dueOutcome = { t, factor: hitFactor };
          k.where = 'done';
        }
        v.aboard = [];
        v.dispatched.clear();
        return;
      }
      case 'outcome': {
        if (!c || !c.appeared) return err(i, 'outcome for an unknown casualty');
        if (c.outcome !== null) return err(i, 'second outcome');
        let factor = 1;
        if (c.dueOutcome) {
          if (Math.abs(c.dueOutcome.t - t) > EPS) err(i, 'outcome at the wrong time');
          factor = c.dueOutcome.factor;
        } else {
          if (Math.abs(t - lastT) > EPS) err(i, 'outcome without definitive care before the end of the run');
          untreated.push(c.id);
          if (c.where === 'facility') facs.get(c.facility!)!.occupancy--;
        }
        // SIM-7: untreated at the end of the run (nothing could reach it): its deterioration has run its course by then.
        const expected = factor * S(c.rpm, clockAt(c, t));
        if (!c.dueOutcome && Math.abs(expected - settled(c.rpm)) > 1e-6 && c.rate > 0) err(i, 'untreated outcome before its deterioration settled');
        const got = e['survival'] as number;
        if (!(Math.abs(expected - got) < 1e-6)) err(i, `survival ${got} ≠ ${expected}`);
        c.outcome = got;
        c.outcomeAt = t;
        c.dueOutcome = null;
        c.where = 'done';
        return;
      }
      default:
        err(i, 'unknown event');
    }
  });
  const outcomes = new Map<string, number>();
  let total = 0;
  for (const c of cas.values()) {
    if (c.outcome === null) errors.push(`casualty ${c.id} has no outcome`);
    else {
      outcomes.set(c.id, c.outcome);
      total += c.outcome;
    }
  }
  return { errors, outcomes, untreated, totalSurvival: total };
}
