// `npm run bench:plan [sizes=100,10000]`: the live planner alone (no database, no HTTP), after one write, as the
// route runs it: incremental (src/dispatch/live-memo.ts, kept between plans on one time base) against a plan from
// scratch of the same input, in the same process and the same run. N casualties as bench:reads makes them (60 %
// closed, 40 % open: a tenth at a facility, a tenth assigned, a fifth waiting); each round writes new vitals to one
// waiting casualty. Printed per size: the median per plan of both (rounds 11–30) and their ratio, then issue 16's
// goal for the plan (N=10000 ≤ 3 × N=100) on the incremental figures, with PASS/FAIL. Both plans are checked equal.
// Then the incremental plan's two largest parts, timed apart as planLive makes them: the view and the optimiser, and
// per plan (counts, the same on a busy machine) the value matrix's columns walked (and how many more the kept matrix
// left as they were), how many were handed out again as they were (nothing they read moved: score-memo.ts), how many
// vehicle–casualty pairs were valued again and how many
// columns the assignments were made on (of the matrix's columns plus a stay per vehicle each: hungarian.ts).
// Last, five more rounds where a casualty at a facility gets worse (new vitals: it now needs surgery, takes a bed and
// joins the queue there): the median plan and how many value parts the memory computed again per plan (a count, not
// a time: the same on a busy machine). Then the process's peak RSS.
import { fold, uuidv7 } from '../src/core/index.ts';
import type { CasualtyEvent, CasualtyState, Facility, Vehicle } from '../src/core/index.ts';
import { planLive } from '../src/dispatch/live.ts';
import { PlanMemo } from '../src/dispatch/live-memo.ts';
import { liveState } from '../src/dispatch/live-state.ts';
import { makeOptimalPolicy } from '../src/dispatch/optimal.ts';

const NOW = new Date().toISOString();
const ago = (min: number): string => new Date(Date.parse(NOW) - min * 60_000).toISOString();
const facilities = Array.from({ length: 4 }, (_, i): Facility => ({ id: `r2-${i}`, name: `R2 ${i}`, role: 'R2', status: 'normal', intake: 'normal', hardened: false, capabilities: [], position: { lat: 48.52 + i / 100, lon: 37.7 }, beds: 40, surgicalTables: 2 }));
const vehicles = Array.from({ length: 8 }, (_, i): Vehicle => ({ id: `amb-${i}`, kind: 'ambulance', status: 'available', litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.58, lon: 37.83 + i / 100 } }));

/** Each casualty's log, to fold it again with one more event. */
const logs = new Map<string, CasualtyEvent[]>();

function casualty(i: number): CasualtyState {
  const cid = uuidv7();
  const k = i % 10;
  const start = k >= 8 ? 20 + (i % 40) : 300 - (i % 240);
  const ev = (type: string, min: number, payload: object): CasualtyEvent => ({ id: uuidv7(), casualtyId: cid, type, at: ago(min), recordedAt: ago(min), deviceId: 'bench', author: 'bench', payload } as never);
  const lat = 48.5 + (i % 50) / 500;
  const lon = 37.8 + (i % 37) / 300;
  const events = [
    ev('registered', start, { injuredAt: ago(start), sex: 'male', status: 'military', unitId: `coy-${i % 20}`, position: { lat, lon } }),
    ev('triage', start - 2, { triage: { system: 'NATO', category: ['T1', 'T2', 'T3'][i % 3] } }),
    ev('evac.requested', start - 5, { nineLine: { location: { lat, lon }, callSign: `S${i % 90}`, patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } }),
    ev('vitals', start - 8, k >= 8 ? { pulse: 145, rr: 8 + (i % 3), avpu: k === 8 ? 'P' : 'V' } : { pulse: 100 + (i % 30), rr: 20, avpu: 'A' }),
  ];
  if (k <= 7) events.push(ev('evac.assigned', start - 10, { vehicleId: `amb-${i % 8}`, facilityId: `r2-${i % 4}` }));
  if (k <= 6) events.push(ev('pickup', start - 20, { vehicleId: `amb-${i % 8}` }), ev('arrival', start - 45, { facilityId: `r2-${i % 4}` }));
  if (k <= 5) events.push(ev('outcome', Math.max(1, start - 60), { outcome: 'returned-to-duty' }));
  logs.set(cid, events);
  return fold(cid, events, NOW);
}

/** The casualty after one more event (a new object, as the store hands back a changed casualty). */
function withEvent(c: CasualtyState, type: string, payload: object): CasualtyState {
  const events = [...logs.get(c.id)!, { id: uuidv7(), casualtyId: c.id, type, at: ago(1), recordedAt: ago(1), deviceId: 'bench', author: 'bench', payload } as never];
  logs.set(c.id, events);
  return fold(c.id, events, NOW);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Measured {
  incremental: number;
  scratch: number;
  /** The incremental plan's two largest parts, timed apart on a memory of their own: the view and the optimiser. */
  view: number;
  optimiser: number;
  /** The least of the incremental rounds (the least disturbed on a shared machine). */
  least: number;
  /** Rounds where a casualty at a facility gets worse: the median plan, and value parts computed per plan. */
  worse: { ms: number; computed: number; kept: number };
  /** Per incremental plan (rounds 11–30, means): the value matrix's columns, those handed out again as they were
   * (nothing they read moved), and the vehicle–casualty pairs valued again from their parts. Counts, not times. */
  columns: number;
  /** Columns of the kept matrix left as they were, not walked (score-memo.ts `fillAll`). */
  left: number;
  again: number;
  valued: number;
  /** Columns the two assignments (the busy vehicles' and the main one) were made on, of columns + vehicles each. */
  assigned: number;
}

function measure(n: number): Measured {
  const open = Array.from({ length: n }, (_, i) => casualty(i)).filter((c) => c.stage !== 'closed');
  const w = open.findIndex((c) => c.stage === 'requested');
  const memo = new PlanMemo();
  const inc: number[] = [];
  const scratch: number[] = [];
  const parts = new PlanMemo();
  const view: number[] = [];
  const optimiser: number[] = [];
  const counts: [number, number, number, number, number][] = [];
  for (let round = 0; round < 30; round++) {
    const c = open[w]!;
    open[w] = { ...c, vitals: [...c.vitals, { ...c.vitals[0]!, pulse: 120 + round, rr: 9 + (round % 20) }] };
    const input = { casualties: [...open], vehicles, facilities, threats: [], now: NOW };
    let t = performance.now();
    const a = planLive(input, memo);
    inc.push(performance.now() - t);
    counts.push([memo.scores.columns, memo.scores.again, memo.scores.valued, memo.scores.assigned, memo.scores.left]);
    t = performance.now();
    const b = planLive(input);
    scratch.push(performance.now() - t);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`N=${n} round ${round}: the incremental plan differs from the plan from scratch`);
    // As planLive makes them (live.ts), on a memory of their own.
    t = performance.now();
    const { view: shown } = liveState({ ...input, divert: true }, parts.deriver(input), parts.work);
    view.push(performance.now() - t);
    t = performance.now();
    makeOptimalPolicy({ delayMin: 60 }).plan(shown, parts.scores);
    optimiser.push(performance.now() - t);
  }
  const late = <T>(xs: T[]): T[] => xs.slice(10);
  const mean = (k: number): number => late(counts).reduce((a, x) => a + x[k]!, 0) / late(counts).length;
  return { columns: mean(0), left: mean(4), again: mean(1), valued: mean(2), assigned: mean(3), incremental: median(late(inc)), scratch: median(late(scratch)), view: median(late(view)), optimiser: median(late(optimiser)), least: Math.min(...late(inc)), worse: worsening(open, memo) };
}

/** Five rounds, each with one casualty at a facility getting worse; the plan checked equal to one from scratch. */
function worsening(open: CasualtyState[], memo: PlanMemo): { ms: number; computed: number; kept: number } {
  const ms: number[] = [];
  let computed = 0;
  let kept = 0;
  for (let round = 0; round < 5; round++) {
    const at = open.findIndex((c) => c.stage === 'at-facility' && c.vitals.length < 3);
    if (at < 0) break;
    open[at] = withEvent(open[at]!, 'vitals', { pulse: 145, rr: 8, avpu: 'P' });
    const input = { casualties: [...open], vehicles, facilities, threats: [], now: NOW };
    const t = performance.now();
    const a = planLive(input, memo);
    ms.push(performance.now() - t);
    computed += memo.scores.computed;
    kept += memo.scores.reused;
    if (JSON.stringify(a) !== JSON.stringify(planLive(input))) throw new Error(`worsening round ${round}: the incremental plan differs from the plan from scratch`);
  }
  return { ms: median(ms), computed: computed / ms.length, kept: kept / ms.length };
}

const sizes = (process.argv[2] ?? '100,10000').split(',').map(Number);
const got = sizes.map((n) => ({ n, ...measure(n) }));
for (const g of got) {
  console.log(`plan after one write, N=${g.n}: incremental ${g.incremental.toFixed(1)} ms (least ${g.least.toFixed(1)}), from scratch ${g.scratch.toFixed(1)} ms (${(g.scratch / g.incremental).toFixed(1)}× less)`);
  console.log(`  its parts, N=${g.n}: view ${g.view.toFixed(2)} ms, optimiser ${g.optimiser.toFixed(2)} ms (medians, timed apart)`);
  console.log(`  per plan, N=${g.n}: ${g.columns.toFixed(0)} value-matrix columns walked (${g.left.toFixed(0)} more left in the kept matrix as they were), ${g.again.toFixed(0)} handed out again as they were, ${g.valued.toFixed(1)} vehicle–casualty pairs valued again, ${g.assigned.toFixed(0)} columns the assignments were made on (counts)`);
  console.log(`  after a casualty at a facility gets worse, N=${g.n}: incremental ${g.worse.ms.toFixed(1)} ms; value parts computed again ${g.worse.computed.toFixed(0)} per plan (${g.worse.kept.toFixed(0)} kept)`);
}
const ratio = got[got.length - 1]!.incremental / got[0]!.incremental;
console.log(`goal: incremental plan at N=${got[got.length - 1]!.n} ≤ 3× N=${got[0]!.n}: ${ratio.toFixed(2)}× ${ratio <= 3 ? 'PASS' : 'FAIL'}`);
// The process's peak resident memory (all sizes, both plans and the memories): the planner's memory at N=10,000 was
// once most of the server's.
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
